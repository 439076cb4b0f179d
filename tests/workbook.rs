//! Excel workbooks (feature `xlsx`): registers read from a workbook as an analyst keeps it,
//! equal to the same register in CSV; faults named by cell; the scored workbook read back.

#![cfg(feature = "xlsx")]

use calamine::{Data, Reader, Xlsx};
use needmatrix::{ErrorCode, Matrix, Register, RegisterFormat, report};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const CSV: &str = "id,area,impact,probability,weighting,ameliorative.partnership,capability,capacity,measure_in_place,assessed_on,lead_high_risk,description\n\
    soc-1,serious_organised_crime,major,likely,vulnerable_victims; cross_border,1.5,limited,good,false,2008-06-20,,Drugs through the port\n\
    po-2,public_order,moderate,likely,,3,none,none,true,2008-01-31,true,Festival disorder\n";

/// The register of [`CSV`] as an analyst keeps it: a notes sheet first, then a `Register` sheet
/// with a title row and a blank row above the header, numbers as numbers, dates as dates,
/// flags as booleans, and an empty row inside.
fn analysts_workbook(partnership: f64) -> Vec<u8> {
    let mut book = Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("Notes").unwrap();
    notes
        .write_string(0, 0, "Reviewed by the force risk manager")
        .unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("REGISTER").unwrap();
    sheet
        .write_string(0, 0, "Wealdshire protective services register, 2008")
        .unwrap();
    let header = [
        "id",
        "area",
        "impact",
        "probability",
        "weighting",
        "ameliorative.partnership",
        "capability",
        "capacity",
        "measure_in_place",
        "assessed_on",
        "lead_high_risk",
        "description",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    type Row<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        f64,
        &'a str,
        &'a str,
        bool,
        (u16, u8, u8),
        Option<bool>,
        &'a str,
    );
    let rows: [Row<'_>; 2] = [
        (
            "soc-1",
            "serious_organised_crime",
            "major",
            "likely",
            "vulnerable_victims; cross_border",
            partnership,
            "limited",
            "good",
            false,
            (2008, 6, 20),
            None,
            "Drugs through the port",
        ),
        (
            "po-2",
            "public_order",
            "moderate",
            "likely",
            "",
            3.0,
            "none",
            "none",
            true,
            (2008, 1, 31),
            Some(true),
            "Festival disorder",
        ),
    ];
    for (n, r) in rows.iter().enumerate() {
        // An empty row between the two entries.
        let row = (3 + n * 2) as u32;
        sheet.write_string(row, 0, r.0).unwrap();
        sheet.write_string(row, 1, r.1).unwrap();
        sheet.write_string(row, 2, r.2).unwrap();
        sheet.write_string(row, 3, r.3).unwrap();
        if !r.4.is_empty() {
            sheet.write_string(row, 4, r.4).unwrap();
        }
        sheet.write_number(row, 5, r.5).unwrap();
        sheet.write_string(row, 6, r.6).unwrap();
        sheet.write_string(row, 7, r.7).unwrap();
        sheet.write_boolean(row, 8, r.8).unwrap();
        let when = ExcelDateTime::from_ymd(r.9.0, r.9.1, r.9.2).unwrap();
        sheet
            .write_datetime_with_format(row, 9, &when, &date)
            .unwrap();
        if let Some(lead) = r.10 {
            sheet.write_boolean(row, 10, lead).unwrap();
        }
        sheet.write_string(row, 11, r.11).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn an_analysts_workbook_scores_as_the_same_register_in_csv() {
    let m = Matrix::reference();
    let from_book = Register::from_xlsx(m, &analysts_workbook(1.5)).unwrap();
    let from_csv = Register::from_text(m, CSV, RegisterFormat::Csv).unwrap();
    assert_eq!(from_book.assessments(), from_csv.assessments());
    let (a, b) = (from_book.score(m).unwrap(), from_csv.score(m).unwrap());
    assert_eq!(report::register_csv(&a), report::register_csv(&b));
}

#[test]
fn a_number_residue_is_refused_naming_its_cell() {
    let m = Matrix::reference();
    let e = Register::from_xlsx(m, &analysts_workbook(0.1 + 0.2)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Precision);
    let at = e.location().unwrap();
    assert_eq!(at.cell(), Some("REGISTER!F4"));
    assert_eq!(at.record(), Some("soc-1"));
    assert_eq!(at.field_name(), Some("ameliorative.partnership"));
    assert!(e.to_string().contains("0.30000000000000004"), "{e}");
}

#[test]
fn a_workbook_without_a_header_row_or_not_a_workbook_is_refused() {
    let m = Matrix::reference();
    let mut book = Workbook::new();
    book.add_worksheet()
        .write_string(0, 0, "nothing here")
        .unwrap();
    let e = Register::from_xlsx(m, &book.save_to_buffer().unwrap()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    assert!(e.to_string().contains("header row"), "{e}");
    let e = Register::from_xlsx(m, b"id,area\n").unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
}

/// The embedded sample register, scored with the reference matrix.
fn scored_sample() -> needmatrix::ScoredRegister {
    let m = Matrix::reference();
    Register::from_text(
        m,
        include_str!("../examples/data/wealdshire_register.csv"),
        RegisterFormat::Csv,
    )
    .unwrap()
    .score(m)
    .unwrap()
}

/// A cell as the scored CSV writes it: numbers shortest, dates ISO, flags `true`/`false`.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            let (y, mo, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{mo:02}-{d:02}")
        }
        other => other.to_string(),
    }
}

#[test]
fn the_scored_workbook_reads_back_cell_for_cell() {
    let m = Matrix::reference();
    let scored = scored_sample();
    let bytes = report::workbook(&scored).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["Register", "Summary", "Heat map"]);
    // The Register sheet holds the scored CSV, cell for cell (numbers as numbers, dates as
    // dates, flags as booleans).
    let sheet = book.worksheet_range("Register").unwrap();
    let csv = report::register_csv(&scored);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let got: Vec<Vec<String>> = sheet
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect();
    assert_eq!(got.first().unwrap(), &header);
    assert_eq!(got.len(), rows.len() + 1);
    for (want, have) in rows.iter().zip(got.iter().skip(1)) {
        assert_eq!(have, want);
    }
    // The summary's overall row, and the heat map's counts add up to the register.
    let summary = book.worksheet_range("Summary").unwrap();
    assert_eq!(summary.get((1, 0)), Some(&Data::String("all".into())));
    assert_eq!(summary.get((1, 1)), Some(&Data::Float(50.0)));
    let heat = book.worksheet_range("Heat map").unwrap();
    let total: f64 = heat
        .rows()
        .skip(2)
        .take(m.probability().len())
        .flat_map(|row| row.iter().skip(1))
        .filter_map(|d| match d {
            Data::Float(f) => Some(*f),
            _ => None,
        })
        .sum();
    assert_eq!(total, 50.0);
}

#[test]
fn a_workbook_is_read_from_its_path_by_its_extension() {
    let dir = std::env::temp_dir().join(format!("needmatrix-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("register.xlsx");
    std::fs::write(&path, analysts_workbook(1.5)).unwrap();
    let m = Matrix::reference();
    let register = Register::from_path(m, &path).unwrap();
    assert_eq!(register.len(), 2);
    let streamed = needmatrix::stream::ScoredStream::from_path(m, &path).unwrap();
    assert_eq!(streamed.len(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `examples/data/register-template.xlsx`: the CSV template as a workbook (a title row, then the
/// header; dates, numbers and flags as such), read as the CSV template is. Regenerate with
/// `NEEDMATRIX_BLESS=1 cargo test --test workbook`.
#[test]
fn the_workbook_template_reads_as_the_csv_template() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let csv_text = std::fs::read_to_string(root.join("register-template.csv")).unwrap();
    let path = root.join("register-template.xlsx");
    if std::env::var_os("NEEDMATRIX_BLESS").is_some() {
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Register").unwrap();
        let bold = Format::new().set_bold();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        sheet
            .write_string_with_format(0, 0, "Protective services register (template)", &bold)
            .unwrap();
        for (c, h) in header.iter().enumerate() {
            sheet
                .write_string_with_format(1, c as u16, h, &bold)
                .unwrap();
        }
        for (r, record) in reader.records().enumerate() {
            let row = (r + 2) as u32;
            for (c, (name, value)) in header.iter().zip(record.unwrap().iter()).enumerate() {
                let col = c as u16;
                if value.is_empty() {
                    continue;
                }
                match name.as_str() {
                    "measure_in_place" | "lead_high_risk" => {
                        sheet.write_boolean(row, col, value == "true").unwrap();
                    }
                    "assessed_on" => {
                        let d: Vec<u16> = value.split('-').map(|p| p.parse().unwrap()).collect();
                        let when = ExcelDateTime::from_ymd(d[0], d[1] as u8, d[2] as u8).unwrap();
                        sheet
                            .write_datetime_with_format(row, col, &when, &date)
                            .unwrap();
                    }
                    n if n.starts_with("ameliorative.") => {
                        sheet
                            .write_number(row, col, value.parse::<f64>().unwrap())
                            .unwrap();
                    }
                    _ => {
                        sheet.write_string(row, col, value).unwrap();
                    }
                }
            }
        }
        sheet.set_freeze_panes(2, 0).unwrap();
        sheet.autofit();
        std::fs::write(&path, book.save_to_buffer().unwrap()).unwrap();
    }
    let m = Matrix::reference();
    let from_book = Register::from_path(m, &path).unwrap();
    let from_csv = Register::from_text(m, &csv_text, RegisterFormat::Csv).unwrap();
    assert_eq!(from_book.assessments(), from_csv.assessments());
}

#[test]
fn a_repeated_column_in_a_workbook_is_refused_naming_its_cell() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "id",
        "area",
        "impact",
        "probability",
        "capability",
        "capacity",
        "impact",
    ];
    let row = [
        "a",
        "major_crime",
        "major",
        "likely",
        "none",
        "none",
        "minor",
    ];
    for (c, (h, v)) in header.iter().zip(row).enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
        sheet.write_string(1, c as u16, v).unwrap();
    }
    let e = Register::from_xlsx(Matrix::reference(), &book.save_to_buffer().unwrap()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    assert!(
        e.to_string().contains("column `impact` appears twice"),
        "{e}"
    );
    assert_eq!(e.location().unwrap().field_name(), Some("impact"));
    // The repeat, not the first.
    assert_eq!(e.location().unwrap().cell(), Some("Sheet1!G1"));
}

/// The scored workbook's Register sheet holds each value as what it is (SPEC "Workbooks",
/// writing): numbers as number cells (priority, ameliorative points, every decimal outcome),
/// flags as boolean cells, dates as date cells, and a deadline before 1900, which Excel cannot
/// hold, as ISO text; keys and text as strings.
#[test]
fn the_register_sheet_holds_numbers_flags_and_dates_as_such() {
    let m = Matrix::reference();
    // SOC-01 as in the template; old-1 assessed in 1899: due 1899-04-30, before Excel's dates.
    let csv = "id,area,impact,probability,weighting,ameliorative.partnership,capability,capacity,measure_in_place,assessed_on,lead_high_risk\n\
        SOC-01,serious_organised_crime,major,likely,vulnerable_victims;cross_border,1.5,limited,good,false,2008-06-20,true\n\
        old-1,major_crime,critical,likely,,0,none,none,true,1899-01-31,\n";
    let scored = Register::from_text(m, csv, RegisterFormat::Csv)
        .unwrap()
        .scored()
        .unwrap();
    let bytes = report::workbook(&scored).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Register").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|d| d.to_string())
        .collect();
    let at = |row: usize, name: &str| -> Data {
        let c = header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"));
        sheet.get((row, c)).cloned().unwrap_or(Data::Empty)
    };
    // Priority (SPEC §3): high needs first. SOC-01 (need 15.5) is one; old-1 (need 20) has a
    // measure in place, so it is not, and comes second.
    assert_eq!(at(2, "id"), Data::String("old-1".into()));
    assert_eq!(at(1, "priority"), Data::Float(1.0));
    assert_eq!(at(2, "priority"), Data::Float(2.0));
    assert_eq!(at(1, "ameliorative.partnership"), Data::Float(1.5));
    assert_eq!(at(1, "ameliorative.resources"), Data::Float(0.0));
    assert_eq!(at(1, "measure_in_place"), Data::Bool(false));
    assert_eq!(at(2, "measure_in_place"), Data::Bool(true));
    assert_eq!(at(1, "lead_high_risk"), Data::Bool(true));
    assert_eq!(at(2, "lead_high_risk"), Data::Empty);
    assert_eq!(
        at(1, "weighting"),
        Data::String("vulnerable_victims;cross_border".into())
    );
    assert_eq!(at(1, "need"), Data::Float(15.5));
    assert_eq!(at(1, "threat"), Data::Float(19.5));
    assert_eq!(at(1, "grade"), Data::String("red".into()));
    assert_eq!(at(1, "high_risk"), Data::Bool(true));
    assert_eq!(at(1, "high_need"), Data::Bool(true));
    // old-1 has a measure in place: red and high risk, but no high need.
    assert_eq!(at(2, "high_need"), Data::Bool(false));
    match at(1, "assessed_on") {
        Data::DateTime(d) => assert_eq!(d.to_ymd_hms_milli().0, 2008),
        other => panic!("assessed_on as {other:?}"),
    }
    match at(1, "action_due") {
        Data::DateTime(d) => {
            let (y, mo, day, ..) = d.to_ymd_hms_milli();
            assert_eq!((y, mo, day), (2008, 9, 20));
        }
        other => panic!("action_due as {other:?}"),
    }
    assert_eq!(at(2, "assessed_on"), Data::String("1899-01-31".into()));
    assert_eq!(at(2, "action_due"), Data::String("1899-04-30".into()));
}

/// A text longer than a worksheet cell holds (32 767 characters) is refused before anything
/// is written, naming the record and the field; at the limit it is written whole.
#[test]
fn a_text_past_a_cells_limit_is_refused_naming_record_and_field() {
    let m = Matrix::reference();
    let with = |n: usize| {
        let csv = format!(
            "id,area,impact,probability,capability,capacity,description\nlong,major_crime,major,likely,none,none,{}\n",
            "x".repeat(n)
        );
        Register::from_text(m, &csv, RegisterFormat::Csv)
            .unwrap()
            .scored()
            .unwrap()
    };
    assert!(report::workbook(&with(32_767)).is_ok());
    let e = report::workbook(&with(32_768)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::OutOfRange, "{e}");
    let at = e.location().unwrap();
    assert_eq!(
        (at.record(), at.field_name()),
        (Some("long"), Some("description"))
    );
}

/// The workbook's one-notch sheet holds the one-notch CSV's rows (tested line by line in
/// tests/robustness.rs), cell for cell: numbers as numbers, flags as booleans, a grade as text
/// (empty when none).
#[test]
fn the_robustness_sheet_holds_the_one_notch_rows_cell_for_cell() {
    let scored = scored_sample();
    let robustness = needmatrix::robustness::Robustness::of_scored(&scored).unwrap();
    let bytes = report::workbook_with_robustness(&scored, &robustness).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Register", "Summary", "Heat map", "Robustness"]
    );
    let sheet = book.worksheet_range("Robustness").unwrap();
    let got: Vec<Vec<String>> = sheet
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect();
    let csv = report::robustness_csv(&robustness);
    let want: Vec<Vec<String>> = csv
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    assert!(want.len() > 10, "the sample has fragile entries");
    assert_eq!(got.len(), want.len());
    for (n, (have, want)) in got.iter().zip(&want).enumerate() {
        assert_eq!(have, want, "row {n}");
    }
    // Types: priority and need numbers, the flags booleans.
    assert!(matches!(sheet.get((1, 0)), Some(Data::Float(_))));
    assert!(matches!(sheet.get((1, 3)), Some(Data::Bool(_))));
    assert!(matches!(sheet.get((1, 6)), Some(Data::Float(_))));
    assert!(matches!(sheet.get((1, 8)), Some(Data::Bool(_))));
}

/// The parts of a workbook the writer made, read with the zip and XML readers: a sheet's cells
/// by reference, and what each style index fills a cell with and whether it is bold.
struct Styled {
    /// Per sheet (1-based, in order), each cell reference and its style index.
    sheets: Vec<std::collections::HashMap<String, usize>>,
    /// Per style index: the fill's RGB (`FFE53935`), if solid, and whether the font is bold.
    styles: Vec<(Option<String>, bool)>,
    /// Per sheet, its autofilter range, if any.
    filters: Vec<Option<String>>,
}

fn styled(bytes: &[u8]) -> Styled {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut part = |name: &str| -> Option<String> {
        let mut text = String::new();
        zip.by_name(name).ok()?.read_to_string(&mut text).unwrap();
        Some(text)
    };
    let styles_xml = part("xl/styles.xml").unwrap();
    let doc = roxmltree::Document::parse(&styles_xml).unwrap();
    let named = |parent: &str, child: &str| -> Vec<roxmltree::Node<'_, '_>> {
        doc.descendants()
            .find(|n| n.has_tag_name(parent))
            .map(|p| p.children().filter(|c| c.has_tag_name(child)).collect())
            .unwrap_or_default()
    };
    let fills: Vec<Option<String>> = named("fills", "fill")
        .iter()
        .map(|f| {
            f.descendants()
                .find(|n| n.has_tag_name("fgColor"))
                .and_then(|c| c.attribute("rgb"))
                .map(str::to_owned)
        })
        .collect();
    let bold: Vec<bool> = named("fonts", "font")
        .iter()
        .map(|f| f.children().any(|c| c.has_tag_name("b")))
        .collect();
    let index = |n: &roxmltree::Node<'_, '_>, attr: &str| -> usize {
        n.attribute(attr).map_or(0, |v| v.parse().unwrap())
    };
    let styles = named("cellXfs", "xf")
        .iter()
        .map(|xf| {
            (
                fills.get(index(xf, "fillId")).cloned().flatten(),
                bold.get(index(xf, "fontId")).copied().unwrap_or(false),
            )
        })
        .collect();
    let (mut sheets, mut filters) = (Vec::new(), Vec::new());
    for n in 1.. {
        let Some(xml) = part(&format!("xl/worksheets/sheet{n}.xml")) else {
            break;
        };
        let doc = roxmltree::Document::parse(&xml).unwrap();
        sheets.push(
            doc.descendants()
                .filter(|c| c.has_tag_name("c"))
                .map(|c| (c.attribute("r").unwrap().to_owned(), index(&c, "s")))
                .collect(),
        );
        filters.push(
            doc.descendants()
                .find(|c| c.has_tag_name("autoFilter"))
                .and_then(|f| f.attribute("ref"))
                .map(str::to_owned),
        );
    }
    Styled {
        sheets,
        styles,
        filters,
    }
}

impl Styled {
    /// The fill and boldness of cell `r` of sheet `sheet` (1-based).
    fn of(&self, sheet: usize, r: &str) -> (Option<&str>, bool) {
        let s = self.sheets[sheet - 1].get(r).copied().unwrap_or(0);
        let (fill, bold) = &self.styles[s];
        (fill.as_deref(), *bold)
    }
}

/// The fills a reader sees: each grade's cell in its colour (the heat map by grade's colours:
/// red E53935, amber FFC107, green 4CAF50), a high need in bold, the header bold; the heat map's
/// cells and legend in the threat band's colour (green to red over the reference matrix's four
/// bands: low D5C724, medium FFA602, high E53935, worked from the palette by hand), the legend
/// in the row below the grid; and every sheet's filter over its columns.
#[test]
fn the_workbook_fills_grades_and_bands_in_their_colours() {
    let scored = scored_sample();
    let robustness = needmatrix::robustness::Robustness::of_scored(&scored).unwrap();
    let bytes = report::workbook_with_robustness(&scored, &robustness).unwrap();
    let book = styled(&bytes);
    let header = needmatrix::report::scored_header(scored.matrix());
    let column = |name: &str| -> String {
        let i = header.iter().position(|h| h == name).unwrap();
        // Columns A..Z then AA..: the scored table has fewer than 52.
        match i {
            0..=25 => ((b'A' + i as u8) as char).to_string(),
            _ => format!("A{}", (b'A' + (i - 26) as u8) as char),
        }
    };
    let (grade, high_need) = (column("grade"), column("high_need"));
    for (n, e) in scored.entries().iter().enumerate() {
        let row = n + 2;
        let want = match e.outcome().grade() {
            Some(needmatrix::Grade::Red) => Some("FFE53935"),
            Some(needmatrix::Grade::Amber) => Some("FFFFC107"),
            Some(needmatrix::Grade::Green) => Some("FF4CAF50"),
            None => None,
        };
        assert_eq!(book.of(1, &format!("{grade}{row}")).0, want, "row {row}");
        assert_eq!(
            book.of(1, &format!("{high_need}{row}")).1,
            e.outcome().high_need(),
            "row {row}"
        );
    }
    assert!(book.of(1, "A1").1, "the header is bold");
    let rows = scored.entries().len() + 1;
    let last = column(header.last().unwrap());
    assert_eq!(
        book.filters[0].as_deref(),
        Some(format!("A1:{last}{rows}").as_str())
    );

    // The heat map: the most likely row first (row 3), the least likely last (row 7); impact
    // from column B (minimal) to F (critical).
    assert_eq!(
        book.of(3, "F3").0,
        Some("FFE53935"),
        "critical × almost certain: 25, high"
    );
    assert_eq!(
        book.of(3, "B7").0,
        Some("FFD5C724"),
        "minimal × rare: 1, low"
    );
    assert_eq!(
        book.of(3, "D5").0,
        Some("FFFFA602"),
        "moderate × possible: 9, medium"
    );
    // The legend, in the row below the grid and a blank one (row 9), only the bands taken.
    let heat = {
        let mut b: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
        b.worksheet_range("Heat map").unwrap()
    };
    let text = |r: u32, c: u32| heat.get_value((r, c)).map(cell_text).unwrap_or_default();
    let legend: Vec<String> = (0..5).map(|c| text(8, c)).collect();
    assert_eq!(legend, ["threat band", "Low", "Medium", "High", ""]);
    assert_eq!(book.of(3, "B9").0, Some("FFD5C724"));
    assert_eq!(book.of(3, "C9").0, Some("FFFFA602"));
    assert_eq!(book.of(3, "D9").0, Some("FFE53935"));

    // The one-notch sheet: grades filled, the filter over its nine columns.
    let changes = robustness.changes().count() + 1;
    assert_eq!(
        book.filters[3].as_deref(),
        Some(format!("A1:I{changes}").as_str())
    );
    let (priority, e, c) = robustness.changes().next().unwrap();
    let _ = priority;
    let fill = |g: Option<needmatrix::Grade>| match g {
        Some(needmatrix::Grade::Red) => Some("FFE53935"),
        Some(needmatrix::Grade::Amber) => Some("FFFFC107"),
        Some(needmatrix::Grade::Green) => Some("FF4CAF50"),
        None => None,
    };
    assert_eq!(book.of(4, "C2").0, fill(e.grade()));
    assert_eq!(book.of(4, "H2").0, fill(c.grade));
}
