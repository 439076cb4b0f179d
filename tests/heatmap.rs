//! The heat map says what it shows (SPEC §6, and the reader's view of issue 24): the register's
//! name, its entries, the as-of date and the matrix; "1 entry"; a legend of only the colours a
//! cell can take; and, coloured by grade, each cell the worst grade of its entries.

#![cfg(all(feature = "heatmap", feature = "csv"))]

use needmatrix::heatmap::{ColourBy, HeatMap};
use needmatrix::{Grade, GridCell, Matrix, Register, RegisterFormat};

/// Hand-worked: `a` major × likely, need 16 (red); `b` the same cell, need 0 (no grade); `c`
/// minor × rare, need 2 − 0 = 2 (low, green); `d` moderate × possible with good ability: 9 − 12,
/// need 0.
const CSV: &str = "id,area,impact,probability,capability,capacity\n\
    a,major_crime,major,likely,none,none\n\
    b,major_crime,major,likely,strong,strong\n\
    c,public_order,minor,rare,none,none\n\
    d,public_order,moderate,possible,good,good\n";

fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text") || n.has_tag_name("title"))
        .map(|n| n.text().unwrap_or_default().trim().to_owned())
        .collect()
}

#[test]
fn the_title_names_the_register_its_entries_its_date_and_the_matrix() {
    let m = Matrix::reference();
    let scored = Register::from_text(m, CSV, RegisterFormat::Csv)
        .unwrap()
        .score(m)
        .unwrap();
    let date = needmatrix::parse_date("2009-06-30").unwrap();
    let svg = HeatMap::of_scored(&scored)
        .with_title("Wealdshire")
        .with_as_of(date)
        .to_svg();
    let texts = svg_texts(&svg);
    assert!(
        texts.contains(&"Wealdshire: 4 entries as of 2009-06-30".to_owned()),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Matrix reference@1.0.0 (fingerprint 3a2688ba6762")),
        "{texts:?}"
    );
    // Tooltips count in words: one cell with 1 entry, one with 2, the rest 0.
    assert!(
        texts
            .iter()
            .any(|t| t == "impact minor × probability rare: Low band, 1 entry"),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t == "impact major × probability likely: High band, 2 entries"),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.contains("1 entries")));
}

#[test]
fn the_legend_shows_only_the_bands_a_cell_can_take() {
    // The reference matrix's smallest risk is 1 (minimal × rare): band `none` (threat 0) is
    // never a cell's, so the legend has low, medium and high only.
    let m = Matrix::reference();
    let svg = HeatMap::new(m).to_svg();
    let texts = svg_texts(&svg);
    let legend: Vec<&String> = texts
        .iter()
        .filter(|t| t.contains("(threat from"))
        .collect();
    assert_eq!(
        legend,
        [
            "L: Low (threat from 1)",
            "M: Medium (threat from 8)",
            "H: High (threat from 16)"
        ]
    );
}

#[test]
fn coloured_by_grade_each_cell_shows_the_worst_grade_of_its_entries() {
    let m = Matrix::reference();
    let scored = Register::from_text(m, CSV, RegisterFormat::Csv)
        .unwrap()
        .score(m)
        .unwrap();
    let map = HeatMap::of_scored(&scored).colour_by(ColourBy::Grade);
    // a (red) and b (no grade) share major × likely: red.
    assert_eq!(map.worst_grade(GridCell::new(3, 3)), Some(Grade::Red));
    assert_eq!(map.worst_grade(GridCell::new(1, 0)), Some(Grade::Green));
    assert_eq!(map.worst_grade(GridCell::new(2, 2)), None); // d: need 0, no grade
    assert_eq!(map.worst_grade(GridCell::new(0, 0)), None); // empty
    let svg = map.to_svg();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let fill_of = |impact: &str, probability: &str| {
        let cell = doc
            .descendants()
            .find(|n| {
                n.attribute("data-impact") == Some(impact)
                    && n.attribute("data-probability") == Some(probability)
            })
            .unwrap();
        let rect = cell.children().find(|n| n.has_tag_name("rect")).unwrap();
        (
            cell.attribute("data-grade").unwrap().to_owned(),
            rect.attribute("fill").unwrap().to_owned(),
        )
    };
    // The workbook's grade fills: red #e53935, green #4caf50; grey for entries with no grade.
    assert_eq!(
        fill_of("major", "likely"),
        ("red".to_owned(), "#e53935".to_owned())
    );
    assert_eq!(
        fill_of("minor", "rare"),
        ("green".to_owned(), "#4caf50".to_owned())
    );
    assert_eq!(
        fill_of("moderate", "possible"),
        (String::new(), "#9e9e9e".to_owned())
    );
    let texts = svg_texts(&svg);
    assert!(
        texts.contains(&"R: red, act within 3 months".to_owned()),
        "{texts:?}"
    );
    assert!(
        !texts.iter().any(|t| t.starts_with("A: amber")),
        "no cell is amber: {texts:?}"
    );
    // Coloured by band, the same cell is the High band's colour, whatever its grades.
    let by_band = HeatMap::of_scored(&scored).to_svg();
    assert!(!by_band.contains("data-grade"));
}
