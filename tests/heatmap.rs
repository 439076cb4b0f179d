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

/// The picture is laid out as a risk matrix is drawn, whatever it shows: one square cell per
/// (impact, probability), impact left to right and probability bottom to top in scale order,
/// the cells tiling the grid without gaps or overlaps; each cell's count centred in it, its mark
/// in its corner; each probability label level with its row and each impact label under its
/// column; the legend below the grid, one swatch a row; everything inside the canvas; and the
/// colours: cells of one band (or grade) one colour, different ones different, the legend's
/// swatches exactly the colours the cells take.
#[test]
fn the_svg_is_laid_out_as_a_risk_matrix_with_one_colour_per_band_or_grade() {
    let m = Matrix::reference();
    let scored = Register::from_text(m, CSV, RegisterFormat::Csv)
        .unwrap()
        .scored()
        .unwrap();
    for by in [ColourBy::Band, ColourBy::Grade] {
        // Coloured by grade, under a title long enough that the headline is the widest line.
        let map = HeatMap::of_scored(&scored).colour_by(by);
        let map = match by {
            ColourBy::Band => map,
            _ => map.with_title("Wealdshire Constabulary protective services register, reviewed by the force risk manager"),
        };
        let svg = map.to_svg();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let root = doc.root_element();
        let num = |n: roxmltree::Node<'_, '_>, a: &str| -> i64 {
            n.attribute(a)
                .unwrap_or_else(|| panic!("{a} of {n:?}"))
                .parse()
                .unwrap()
        };
        let (width, height) = (num(root, "width"), num(root, "height"));
        assert_eq!(
            root.attribute("viewBox"),
            Some(format!("0 0 {width} {height}").as_str())
        );
        let cells: Vec<roxmltree::Node<'_, '_>> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("cell"))
            .collect();
        assert_eq!(cells.len(), 25);
        let impact: Vec<&str> = m.impact().iter().map(|l| l.key()).collect();
        let probability: Vec<&str> = m.probability().iter().map(|l| l.key()).collect();
        let mut fills: std::collections::BTreeMap<String, String> = Default::default();
        let mut origin = None;
        let mut size = None;
        for cell in &cells {
            let i = impact
                .iter()
                .position(|k| Some(*k) == cell.attribute("data-impact"))
                .unwrap() as i64;
            let p = probability
                .iter()
                .position(|k| Some(*k) == cell.attribute("data-probability"))
                .unwrap() as i64;
            let rect = cell.children().find(|c| c.has_tag_name("rect")).unwrap();
            let (x, y, w, h) = (
                num(rect, "x"),
                num(rect, "y"),
                num(rect, "width"),
                num(rect, "height"),
            );
            assert_eq!(w, h, "square cells");
            let s = *size.get_or_insert(w);
            assert_eq!(w, s, "one size");
            // The grid's top-left corner is the cell of the first impact and the last probability.
            let (left, top) = *origin.get_or_insert((x - i * s, y - (4 - p) * s));
            assert_eq!((x, y), (left + i * s, top + (4 - p) * s), "{i} {p}");
            assert!(left > 0 && top > 0 && left + 5 * s <= width && top + 5 * s <= height);
            let texts: Vec<roxmltree::Node<'_, '_>> =
                cell.children().filter(|c| c.has_tag_name("text")).collect();
            assert_eq!(texts.len(), 2);
            let (mark, count) = (texts[0], texts[1]);
            assert!(num(mark, "x") > x && num(mark, "x") < x + s / 2);
            assert!(num(mark, "y") > y && num(mark, "y") < y + s / 2);
            assert_eq!(num(count, "x"), x + s / 2, "the count is centred");
            // The count's baseline a little below the centre, so the digits sit on it.
            assert!(num(count, "y") > y + s / 2 && num(count, "y") < y + s / 2 + s / 4);
            assert_eq!(count.text().map(str::trim), cell.attribute("data-count"));
            let key = match by {
                ColourBy::Band => cell.attribute("data-band").unwrap().to_owned(),
                _ if cell.attribute("data-count") == Some("0") => "empty".to_owned(),
                _ => format!("grade {}", cell.attribute("data-grade").unwrap()),
            };
            let fill = rect.attribute("fill").unwrap().to_owned();
            assert!(fill.starts_with('#') && fill.len() == 7, "{fill}");
            let known = fills.entry(key.clone()).or_insert_with(|| fill.clone());
            assert_eq!(*known, fill, "one colour for {key}");
        }
        let distinct: std::collections::BTreeSet<&String> = fills.values().collect();
        assert_eq!(distinct.len(), fills.len(), "a colour for each: {fills:?}");
        let (left, top) = origin.unwrap();
        let s = size.unwrap();
        // Probability labels level with their rows, right of nothing but left of the grid;
        // impact labels under their columns.
        let texts: Vec<(String, i64, i64)> = doc
            .descendants()
            .filter(|n| {
                n.has_tag_name("text")
                    && n.parent()
                        .is_some_and(|p| p.attribute("class") != Some("cell"))
            })
            .filter_map(|n| {
                Some((
                    n.text()?.trim().to_owned(),
                    n.attribute("x")?.parse().ok()?,
                    n.attribute("y")?.parse().ok()?,
                ))
            })
            .collect();
        for (p, level) in m.probability().iter().enumerate() {
            let (_, x, y) = texts
                .iter()
                .find(|t| t.0 == level.display_label())
                .unwrap_or_else(|| panic!("{} in {texts:?}", level.display_label()));
            let row_top = top + (4 - p as i64) * s;
            assert!(
                *y > row_top + s / 2 && *y < row_top + s / 2 + s / 4,
                "level with the row"
            );
            assert!(
                *x < left && *x > left - s / 2 && *y > row_top && *y < row_top + s,
                "{}",
                level.display_label()
            );
        }
        for (i, level) in m.impact().iter().enumerate() {
            let (_, x, y) = texts.iter().find(|t| t.0 == level.display_label()).unwrap();
            assert_eq!(*x, left + i as i64 * s + s / 2, "{}", level.display_label());
            assert!(
                *y > top + 5 * s && *y < top + 5 * s + s,
                "{}",
                level.display_label()
            );
        }
        // The legend: below the grid, one swatch a row, the swatches the cells' colours.
        let legend = doc
            .descendants()
            .find(|n| n.attribute("id") == Some("legend"))
            .unwrap();
        let swatches: Vec<roxmltree::Node<'_, '_>> = legend
            .children()
            .filter(|c| c.has_tag_name("rect"))
            .collect();
        let swatch_colours: std::collections::BTreeSet<&str> = swatches
            .iter()
            .map(|r| r.attribute("fill").unwrap())
            .collect();
        let cell_colours: std::collections::BTreeSet<&str> =
            fills.values().map(String::as_str).collect();
        assert_eq!(swatch_colours, cell_colours, "{by:?}");
        assert_eq!(swatches.len(), fills.len());
        let mut last = top + 5 * s;
        for swatch in &swatches {
            let y = num(*swatch, "y");
            assert!(y > last && y + num(*swatch, "height") <= height, "{by:?}");
            last = y;
        }
        // The legend's heading just above its first swatch.
        let heading = legend.children().find(|c| c.has_tag_name("text")).unwrap();
        let first_swatch = num(swatches[0], "y");
        assert!(
            num(heading, "y") <= first_swatch && num(heading, "y") > first_swatch - s / 2,
            "{by:?}"
        );
        // Each swatch's words beside it, on its line.
        let words: Vec<roxmltree::Node<'_, '_>> = legend
            .children()
            .filter(|c| c.has_tag_name("text"))
            .skip(1)
            .collect();
        assert_eq!(words.len(), swatches.len());
        for (swatch, word) in swatches.iter().zip(&words) {
            let (y, h) = (num(*swatch, "y"), num(*swatch, "height"));
            assert!(num(*word, "y") > y && num(*word, "y") <= y + h, "{by:?}");
            assert!(num(*word, "x") > num(*swatch, "x") + num(*swatch, "width"));
        }
        // Directly below the grid (its caption and the axis title between), and the canvas
        // ends soon after the last swatch: no empty band of picture.
        let first = num(swatches[0], "y");
        assert!(first - (top + 5 * s) < 2 * s, "{by:?}: legend at {first}");
        assert!(height - last < s, "{by:?}: canvas {height} after {last}");
        // The canvas is as wide as its widest part and not much wider: the grid, or a title
        // line (at most about 10 pixels a character for the headline, 7 for the subtitle).
        let line = |n: usize| texts[n].0.chars().count() as i64;
        let widest = (left + 5 * s).max(line(0) * 10).max(line(1) * 7);
        assert!(
            width >= left + 5 * s && width <= widest + 80,
            "{width} for {widest}"
        );
        // And the title lines fit: a 16-pixel headline takes at least 9 pixels a character, a
        // 12-pixel subtitle 6, from x = 20.
        assert!(
            width >= 20 + line(0) * 9 && width >= 20 + line(1) * 6,
            "{width}"
        );
        // The axis titles centred on the grid.
        let (_, x, y) = texts.iter().find(|t| t.0 == "Impact →").unwrap();
        assert_eq!((*x, *y > top + 5 * s), (left + 5 * s / 2, true));
        assert!(*y < top + 5 * s + s, "the axis title just under the grid");
        let (_, _, y) = texts.iter().find(|t| t.0 == "Probability ↑").unwrap();
        assert_eq!(*y, top + 5 * s / 2);
    }
}

/// Two maps merged count every entry once and keep each cell's worst grade; the SVG written to
/// a writer is `to_svg`'s; a title's control characters are written escaped, so the SVG stays
/// XML 1.0.
#[test]
fn merged_maps_add_counts_and_keep_the_worst_grade() {
    let m = Matrix::reference();
    let map = |csv: &str| {
        HeatMap::of_scored(
            &Register::from_text(m, csv, RegisterFormat::Csv)
                .unwrap()
                .scored()
                .unwrap(),
        )
    };
    let head = "id,area,impact,probability,capability,capacity\n";
    // major × likely = 16: with no ability red (need 16); with adequate (8) need 8, amber.
    let mut red = map(&format!("{head}r,major_crime,major,likely,none,none\n"));
    let amber = map(&format!(
        "{head}a,major_crime,major,likely,adequate,adequate\nb,major_crime,minor,rare,none,none\n"
    ));
    let cell = GridCell::new(3, 3);
    assert_eq!(amber.worst_grade(cell), Some(Grade::Amber));
    red.merge(&amber).unwrap();
    assert_eq!(red.count(cell), 2);
    assert_eq!(red.worst_grade(cell), Some(Grade::Red));
    assert_eq!(red.count(GridCell::new(1, 0)), 1);
    assert_eq!(red.total(), 3);
    // Merged the other way, the same.
    let mut other = map(&format!(
        "{head}a,major_crime,major,likely,adequate,adequate\nb,major_crime,minor,rare,none,none\n"
    ));
    other
        .merge(&map(&format!(
            "{head}r,major_crime,major,likely,none,none\n"
        )))
        .unwrap();
    assert_eq!(other.worst_grade(cell), Some(Grade::Red));
    let mut written = Vec::new();
    red.write_svg(&mut written).unwrap();
    assert_eq!(String::from_utf8(written).unwrap(), red.to_svg());
    let titled = red.with_title("Weald\u{1b}[31mshire");
    let svg = titled.to_svg();
    assert!(roxmltree::Document::parse(&svg).is_ok());
    assert!(svg.contains("Weald\\u{1b}[31mshire"), "escaped");
    assert!(!svg.contains('\u{1b}'));
}

/// Coloured by grade, the legend says "no entry graded" only when some cell has entries none of
/// which is graded, and "no entries" only when some cell is empty.
#[test]
fn the_grade_legend_names_ungraded_and_empty_cells_only_when_there_are_some() {
    let m = Matrix::reference();
    let legend = |csv: &str| -> Vec<String> {
        let scored = Register::from_text(m, csv, RegisterFormat::Csv)
            .unwrap()
            .scored()
            .unwrap();
        let svg = HeatMap::of_scored(&scored)
            .colour_by(ColourBy::Grade)
            .to_svg();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let group = doc
            .descendants()
            .find(|n| n.attribute("id") == Some("legend"))
            .unwrap();
        group
            .children()
            .filter(|n| n.has_tag_name("text"))
            .skip(1)
            .map(|n| n.text().unwrap_or_default().trim().to_owned())
            .collect()
    };
    let head = "id,area,impact,probability,capability,capacity\n";
    // Only `a` (red): one graded cell, 24 empty ones.
    let only_red = legend(&format!("{head}a,major_crime,major,likely,none,none\n"));
    assert_eq!(only_red, ["R: red, act within 3 months", "no entries"]);
    // `a` and `d` (need 0, ungraded, in another cell).
    let with_ungraded = legend(&format!(
        "{head}a,major_crime,major,likely,none,none\nd,public_order,moderate,possible,good,good\n"
    ));
    assert_eq!(
        with_ungraded,
        [
            "R: red, act within 3 months",
            "no entry graded",
            "no entries"
        ]
    );
    // Every cell filled, each with no ability: no empty cell, so no "no entries"; the least
    // risks (1 × 1 = 1, 1 × 2 = 2) are green, the greatest red, and a 2 × 3 = 6 amber.
    let mut every = String::from(head);
    for (i, impact) in ["minimal", "minor", "moderate", "major", "critical"]
        .iter()
        .enumerate()
    {
        for (p, probability) in ["rare", "unlikely", "possible", "likely", "almost_certain"]
            .iter()
            .enumerate()
        {
            every.push_str(&format!(
                "e{i}{p},major_crime,{impact},{probability},none,none\n"
            ));
        }
    }
    assert_eq!(
        legend(&every),
        [
            "R: red, act within 3 months",
            "A: amber, act within 6 months",
            "G: green, act within 12 months"
        ]
    );
}
