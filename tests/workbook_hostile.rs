//! Hostile and careless workbooks (feature `xlsx`), each built part by part: a workbook never
//! loses a row or a cell, never sizes a sheet by what it claims, and every fault names its cell.

#![cfg(feature = "xlsx")]

use std::io::Write;

use needmatrix::{Error, ErrorCode, Matrix, Register};

/// The header row every case starts from, as shared strings 0..=5.
const HEADER: [&str; 6] = [
    "id",
    "area",
    "impact",
    "probability",
    "capability",
    "capacity",
];

/// A workbook of one sheet named `Register` holding `rows` (the `<row>` elements), the header
/// in shared strings, and a styles part whose style 1 shows dates.
fn workbook(rows: &str) -> Vec<u8> {
    workbook_of(rows, "")
}

/// [`workbook`] with `header_cell` after the header's `F1`.
fn workbook_of(rows: &str, header_cell: &str) -> Vec<u8> {
    let sst: String = HEADER
        .iter()
        .map(|s| format!("<si><t xml:space=\"preserve\">{s}</t></si>"))
        .collect();
    let header: String = (0..HEADER.len())
        .map(|i| {
            format!(
                "<c r=\"{}1\" t=\"s\"><v>{i}</v></c>",
                (b'A' + i as u8) as char
            )
        })
        .collect();
    let sheet = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension ref=\"A1:XFD1048576\"/><sheetData><row r=\"1\">{header}{header_cell}</row>{rows}</sheetData></worksheet>"
    );
    zip_of(&[
        ("_rels/.rels", RELS.to_owned()),
        ("xl/workbook.xml", WORKBOOK.to_owned()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.to_owned()),
        ("xl/styles.xml", STYLES.to_owned()),
        (
            "xl/sharedStrings.xml",
            format!("<sst count=\"{}\">{sst}</sst>", HEADER.len()),
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ])
}

/// A workbook of one sheet named `Register` whose part is `sheet` (no shared strings).
fn workbook_of_sheet(sheet: String) -> Vec<u8> {
    zip_of(&[
        ("_rels/.rels", RELS.to_owned()),
        ("xl/workbook.xml", WORKBOOK.to_owned()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.to_owned()),
        ("xl/styles.xml", STYLES.to_owned()),
        ("xl/sharedStrings.xml", "<sst count=\"0\"></sst>".to_owned()),
        ("xl/worksheets/sheet1.xml", sheet),
    ])
}

const RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Register" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const STYLES: &str = r#"<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>"#;

fn zip_of(parts: &[(&str, String)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// An inline-string cell.
fn s(reference: &str, text: &str) -> String {
    format!("<c r=\"{reference}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

/// A data row `n` of a complete, valid assessment with id `id`, plus `extra` cells.
fn row(n: u32, id: &str, extra: &str) -> String {
    format!(
        "<row r=\"{n}\">{}{}{}{}{}{}{extra}</row>",
        s(&format!("A{n}"), id),
        s(&format!("B{n}"), "major_crime"),
        s(&format!("C{n}"), "major"),
        s(&format!("D{n}"), "likely"),
        s(&format!("E{n}"), "limited"),
        s(&format!("F{n}"), "good"),
    )
}

fn read(bytes: &[u8]) -> Result<Register, Error> {
    Register::from_xlsx(Matrix::reference(), bytes)
}

/// The first fault of a refusal: its code and the cell it names.
fn refused(bytes: &[u8]) -> (ErrorCode, String, String) {
    let e = read(bytes).expect_err("refused");
    let first = e.faults().first().cloned().unwrap_or(e);
    let cell = first
        .location()
        .and_then(|at| at.cell())
        .unwrap_or_default()
        .to_owned();
    (first.code(), cell, first.to_string())
}

#[test]
fn a_valid_workbook_built_here_reads() {
    let book = workbook(&(row(2, "a", "") + &row(3, "b", "")));
    assert_eq!(read(&book).unwrap().len(), 2);
}

#[test]
fn a_stray_cell_far_from_the_table_is_refused_by_its_cell_without_sizing_the_sheet() {
    for far in ["XFD1", "XFD1048576", "Z1048576"] {
        let n: u32 = far.trim_start_matches(char::is_alphabetic).parse().unwrap();
        let rows = if n == 1 {
            // A stray cell on the header row itself is a column without a name.
            continue;
        } else if n == 2 {
            row(2, "a", &s(far, "note"))
        } else {
            row(2, "a", "") + &format!("<row r=\"{n}\">{}</row>", s(far, "stray"))
        };
        let (code, cell, message) = refused(&workbook(&rows));
        assert_eq!(code, ErrorCode::Parse, "{far}: {message}");
        assert_eq!(cell, format!("Register!{far}"), "{message}");
        assert!(message.contains("no header"), "{message}");
    }
}

#[test]
fn a_cell_past_excels_limits_is_refused_naming_it() {
    for past in ["A4294967295", "XFE2", "A1048577", "AAAAA2"] {
        let rows = format!("<row r=\"2\">{}</row>", s(past, "x"));
        let (code, cell, message) = refused(&workbook(&rows));
        assert_eq!(code, ErrorCode::Parse, "{past}: {message}");
        assert_eq!(cell, format!("Register!{past}"), "{message}");
    }
    let rows = format!("<row r=\"4294967295\">{}</row>", s("A4294967295", "x"));
    let (code, _, message) = refused(&workbook(&rows));
    assert_eq!(code, ErrorCode::Parse, "{message}");
    assert!(message.contains("4294967295"), "{message}");
}

#[test]
fn a_record_on_excels_last_row_is_read() {
    let book = workbook(&row(1_048_576, "last", ""));
    let register = read(&book).unwrap();
    assert_eq!(register.assessments()[0].id(), "last");
}

#[test]
fn a_formula_with_no_stored_value_is_refused_naming_its_cell() {
    // A whole row of such cells: refused, not dropped.
    let cells: String = ["A", "B", "C", "D", "E", "F"]
        .iter()
        .map(|c| format!("<c r=\"{c}3\"><f>CONCAT(\"x\")</f></c>"))
        .collect();
    let rows = row(2, "a", "") + &format!("<row r=\"3\">{cells}</row>");
    let (code, cell, message) = refused(&workbook(&rows));
    assert_eq!(
        (code, cell.as_str()),
        (ErrorCode::Parse, "Register!A3"),
        "{message}"
    );
    assert!(
        message.contains("formula") && message.contains("paste"),
        "{message}"
    );
    // One such cell in a flag's column would read as absent and change the score.
    let header = "<c r=\"G1\" t=\"inlineStr\"><is><t>measure_in_place</t></is></c>";
    let rows = row(2, "a", "<c r=\"G2\" t=\"b\"><f>TRUE()</f></c>");
    let (code, cell, _) = refused(&workbook_of(&rows, header));
    assert_eq!((code, cell.as_str()), (ErrorCode::Parse, "Register!G2"));
}

#[test]
fn a_formula_with_a_stored_value_is_read_as_that_value() {
    let rows = format!(
        "<row r=\"2\">{}<c r=\"B2\" t=\"str\"><f>LOWER(\"MAJOR_CRIME\")</f><v>major_crime</v></c>{}{}{}{}</row>",
        s("A2", "a"),
        s("C2", "major"),
        s("D2", "likely"),
        s("E2", "limited"),
        s("F2", "good"),
    );
    let register = read(&workbook(&rows)).unwrap();
    assert_eq!(register.assessments()[0].area(), "major_crime");
}

#[test]
fn a_shared_string_index_that_is_not_one_is_refused_naming_its_cell() {
    for bad in ["abc", "-1", "7.5", "", "99", " ", "+1", "1e1"] {
        let rows = row(2, "a", "")
            + &format!(
                "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>{bad}</v></c>{}</row>",
                s("B3", "major_crime")
            );
        let (code, cell, message) = refused(&workbook(&rows));
        assert_eq!(
            (code, cell.as_str()),
            (ErrorCode::Parse, "Register!A3"),
            "`{bad}`: {message}"
        );
        assert!(message.contains("shared string"), "{message}");
    }
}

#[test]
fn a_part_that_inflates_past_its_declared_size_is_refused() {
    // The sheet part declares 4 KiB and inflates to 8 MiB of spaces inside the sheet data.
    let padding = " ".repeat(8 << 20);
    let mut book = workbook(&(row(2, "a", "") + &padding));
    let name = b"xl/worksheets/sheet1.xml";
    let declared = 4096u32.to_le_bytes();
    // Rewrite the unpacked size in the part's local header (offset 22) and its central
    // directory entry (offset 24): both precede the name.
    let positions: Vec<usize> = book
        .windows(name.len())
        .enumerate()
        .filter(|(_, w)| *w == name)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(positions.len(), 2);
    let (local, central) = (positions[0] - 30, positions[1] - 46);
    book[local + 22..local + 26].copy_from_slice(&declared);
    book[central + 24..central + 28].copy_from_slice(&declared);
    let e = read(&book).unwrap_err();
    assert_eq!(e.code(), ErrorCode::OutOfRange, "{e}");
    assert!(e.to_string().contains("declares 4096"), "{e}");
}

#[test]
fn a_date_serial_of_zero_or_less_is_refused_as_a_date() {
    let header = "<c r=\"G1\" t=\"inlineStr\"><is><t>assessed_on</t></is></c>";
    for serial in ["0", "-1", "-40000", "0.5"] {
        let rows = row(2, "a", &format!("<c r=\"G2\" s=\"1\"><v>{serial}</v></c>"));
        let (code, cell, message) = refused(&workbook_of(&rows, header));
        assert_eq!(
            (code, cell.as_str()),
            (ErrorCode::InvalidDate, "Register!G2"),
            "{serial}: {message}"
        );
    }
}

#[test]
fn a_fault_found_when_scoring_names_its_cell() {
    // Assessed on 9999-11-01, red (3 months): the deadline falls past 9999-12-31. Serial
    // 2958435 is 9999-12-01 - 30 days = 9999-11-01.
    let rows = row(2, "a", "<c r=\"G2\" s=\"1\"><v>2958435</v></c>")
        .replace(&s("C2", "major"), &s("C2", "critical"))
        .replace(&s("E2", "limited"), &s("E2", "none"))
        .replace(&s("F2", "good"), &s("F2", "none"));
    let header = "<c r=\"G1\" t=\"inlineStr\"><is><t>assessed_on</t></is></c>";
    let register = Register::from_xlsx(Matrix::reference(), &workbook_of(&rows, header)).unwrap();
    let e = register.score(Matrix::reference()).unwrap_err();
    let first = e.faults().first().cloned().unwrap_or(e);
    assert_eq!(first.code(), ErrorCode::InvalidDate, "{first}");
    assert_eq!(
        first.location().and_then(|at| at.cell()),
        Some("Register!G2"),
        "{first}"
    );
}

#[test]
fn sheet_level_faults_name_their_own_cell() {
    // A number cell that holds no number, in column D of row 3.
    let rows = row(2, "a", "")
        + &row(3, "b", "").replace(&s("D3", "likely"), "<c r=\"D3\"><v>abc</v></c>");
    let (code, cell, message) = refused(&workbook(&rows));
    assert_eq!(
        (code, cell.as_str()),
        (ErrorCode::Parse, "Register!D3"),
        "{message}"
    );
    // A cell of a type that does not exist, in column E of row 2.
    let rows = row(2, "a", "").replace(&s("E2", "limited"), "<c r=\"E2\" t=\"zz\"><v>1</v></c>");
    let (code, cell, _) = refused(&workbook(&rows));
    assert_eq!((code, cell.as_str()), (ErrorCode::Parse, "Register!E2"));
    // A spreadsheet error in column F of row 2.
    let rows = row(2, "a", "").replace(&s("F2", "good"), "<c r=\"F2\" t=\"e\"><v>#N/A</v></c>");
    let (code, cell, _) = refused(&workbook(&rows));
    assert_eq!((code, cell.as_str()), (ErrorCode::Parse, "Register!F2"));
}

#[test]
fn an_unnamed_column_beside_the_table_is_named_by_its_own_cell() {
    // Header A..F, a value in H2 (G is empty): H2 is named, not another cell.
    let rows = row(2, "a", &s("H2", "checked"));
    let (code, cell, message) = refused(&workbook(&rows));
    assert_eq!(
        (code, cell.as_str()),
        (ErrorCode::Parse, "Register!H2"),
        "{message}"
    );
    // An empty header cell between named ones: named by that header cell.
    let header = "<c r=\"H1\" t=\"inlineStr\"><is><t>description</t></is></c>";
    let (code, cell, message) = refused(&workbook_of(&row(2, "a", ""), header));
    assert_eq!(
        (code, cell.as_str()),
        (ErrorCode::Parse, "Register!G1"),
        "{message}"
    );
}

#[test]
fn rows_and_cells_out_of_order_or_twice_are_refused() {
    let rows = row(3, "a", "") + &row(2, "b", "");
    assert_eq!(refused(&workbook(&rows)).0, ErrorCode::Parse);
    let rows = row(2, "a", "") + &row(2, "b", "");
    assert_eq!(refused(&workbook(&rows)).0, ErrorCode::Parse);
    let rows = row(2, "a", &s("A2", "again"));
    assert_eq!(refused(&workbook(&rows)).1, "Register!A2");
    let rows = format!("<row r=\"2\">{}</row>", s("A3", "elsewhere"));
    assert_eq!(refused(&workbook(&rows)).1, "Register!A3");
}

#[test]
fn malformed_xml_and_declared_entities_are_refused() {
    let rows = row(2, "a", "<c r=\"G2\"><v>1</c>");
    assert_eq!(refused(&workbook(&rows)).0, ErrorCode::Parse);
    let rows = row(2, "&lol;", "");
    assert_eq!(refused(&workbook(&rows)).0, ErrorCode::Parse);
}

#[test]
fn escapes_and_references_in_text_are_read_as_excel_shows_them() {
    let rows = row(2, "a&amp;b_x005F_c&#x41;", "");
    let register = read(&workbook(&rows)).unwrap();
    assert_eq!(register.assessments()[0].id(), "a&b_cA");
}

#[test]
fn rows_and_cells_without_references_are_read_in_place() {
    // Some generators write no `r` on rows or cells: each takes the place after the last.
    let plain = |text: &str| format!("<c t=\"inlineStr\"><is><t>{text}</t></is></c>");
    let cells: String = ["b", "major_crime", "major", "likely", "limited", "good"]
        .iter()
        .map(|t| plain(t))
        .collect();
    let rows = row(2, "a", "") + &format!("<row>{cells}</row>");
    let register = read(&workbook(&rows)).unwrap();
    let ids: Vec<&str> = register.assessments().iter().map(|a| a.id()).collect();
    assert_eq!(ids, ["a", "b"]);
    // A fault in such a row is named by the place it took: row 3, column B.
    let bad = rows.replace(&plain("major_crime"), &plain("nowhere"));
    let (code, cell, _) = refused(&workbook(&bad));
    assert_eq!(
        (code, cell.as_str()),
        (ErrorCode::UnknownArea, "Register!B3")
    );
}

#[test]
fn a_sheet_cut_off_inside_a_row_or_a_cell_is_refused_not_waited_on() {
    for cut in [
        "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>a</t></is></c>",
        "<row r=\"2\"><c r=\"A2\"><v>1",
        "<row r=\"2\"><c r=\"A2\">",
    ] {
        let sheet = format!(
            "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>id</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>area</t></is></c></row>{cut}"
        );
        let book = zip_of(&[
            ("_rels/.rels", RELS.to_owned()),
            ("xl/workbook.xml", WORKBOOK.to_owned()),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.to_owned()),
            ("xl/worksheets/sheet1.xml", sheet),
        ]);
        let e = read(&book).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Parse, "{cut}: {e}");
    }
}

#[test]
fn shared_formulas_and_foreign_elements_are_read_around() {
    // An empty shared formula with its stored value (Excel writes them for filled-down cells),
    // a foreign element inside a cell and inside a row, empty and not: the values are read.
    let rows = format!(
        "<row r=\"2\">{}<c r=\"B2\" t=\"str\"><f t=\"shared\" si=\"0\"/><x:note>n</x:note><x:flag/><v>major_crime</v></c>{}<ext/><ext><inner>x</inner></ext>{}{}{}</row>",
        s("A2", "a"),
        s("C2", "major"),
        s("D2", "likely"),
        s("E2", "limited"),
        s("F2", "good"),
    );
    let register = read(&workbook(&rows)).unwrap();
    assert_eq!(register.assessments()[0].area(), "major_crime");
    assert_eq!(register.assessments()[0].probability(), "likely");
}

#[test]
fn a_row_of_more_cells_than_excels_columns_is_refused_at_xfd() {
    let cells = "<c/>".repeat(16_385);
    let rows = format!("<row r=\"2\">{cells}</row>");
    let (code, cell, message) = refused(&workbook(&rows));
    assert_eq!(
        (code, cell.as_str()),
        (ErrorCode::Parse, "Register!XFD2"),
        "{message}"
    );
    // 16 384 cells fit: the last is XFD, empty, so the row holds nothing and is passed over.
    let rows = row(2, "a", "") + &format!("<row r=\"3\">{}</row>", "<c/>".repeat(16_384));
    assert_eq!(read(&workbook(&rows)).unwrap().len(), 1);
}

/// A spreadsheet error in a record is refused naming its field as well as its cell; the record
/// without an id is named by its place among the records, counting from 1.
#[test]
fn a_refused_cell_names_its_field_and_a_record_its_place() {
    let rows = row(2, "a", "").replace(&s("F2", "good"), "<c r=\"F2\" t=\"e\"><v>#N/A</v></c>");
    let e = read(&workbook(&rows)).unwrap_err();
    let at = e.location().unwrap();
    assert_eq!(
        (at.cell(), at.field_name()),
        (Some("Register!F2"), Some("capacity")),
        "{e}"
    );
    // Row 4 is the second record (row 3 is blank): without an id it is `#2`.
    let rows = row(2, "a", "") + &row(4, "", "");
    let e = read(&workbook(&rows)).unwrap_err();
    let first = e.faults().first().cloned().unwrap_or(e);
    assert_eq!(first.code(), ErrorCode::MissingField, "{first}");
    assert_eq!(first.location().unwrap().record(), Some("#2"), "{first}");
}

/// Rows whose cells hold only spaces are empty rows, passed over; a header cell holding a flag
/// is a column named by it (and so refused as unknown, never dropped with its values); a row
/// with `id` but no `area` above the header is not the header.
#[test]
fn blank_rows_flag_headers_and_title_rows_are_read_as_a_reader_sees_them() {
    let rows = row(2, "a", "")
        + &format!("<row r=\"3\">{}{}</row>", s("A3", "   "), s("B3", " "))
        + &row(4, "b", "");
    let register = read(&workbook(&rows)).unwrap();
    assert_eq!(register.len(), 2);

    let (code, cell, message) = refused(&workbook_of(
        &row(2, "a", ""),
        "<c r=\"G1\" t=\"b\"><v>1</v></c>",
    ));
    assert_eq!(
        (code, cell.as_str()),
        (ErrorCode::Parse, "Register!G1"),
        "{message}"
    );
    assert!(message.contains("TRUE"), "{message}");

    // A formula with no stored value in the header row could be the header: refused.
    let (code, cell, message) =
        refused(&workbook_of(&row(2, "a", ""), "<c r=\"G1\"><f>A1</f></c>"));
    assert_eq!(
        (code, cell.as_str()),
        (ErrorCode::Parse, "Register!G1"),
        "{message}"
    );

    // Row 1 names `id` alone (a title such as "id of the risk" would not; this is the case a
    // careless header check takes for the header); the header is row 2.
    let header: String = HEADER
        .iter()
        .enumerate()
        .map(|(i, h)| s(&format!("{}2", (b'A' + i as u8) as char), h))
        .collect();
    let sheet = format!(
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\">{}</row><row r=\"2\">{header}</row>{}</sheetData></worksheet>",
        s("A1", "id"),
        row(3, "a", "")
    );
    let bytes = workbook_of_sheet(sheet);
    let register = read(&bytes).unwrap();
    assert_eq!(register.assessments()[0].id(), "a");
    // The same with a title row naming `area` and a note but no `id`.
    let sheet = format!(
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\">{}{}</row><row r=\"2\">{header}</row>{}</sheetData></worksheet>",
        s("A1", "area"),
        s("B1", "notes"),
        row(3, "a", "")
    );
    let bytes = workbook_of_sheet(sheet);
    assert_eq!(read(&bytes).unwrap().assessments()[0].id(), "a");
    // A header cell of spaces after the last column names nothing.
    let spaces = "<c r=\"G1\" t=\"inlineStr\"><is><t>   </t></is></c>";
    assert_eq!(
        read(&workbook_of(&row(2, "a", ""), spaces)).unwrap().len(),
        1
    );
}

/// Dates as the workbook's date system and number formats say: the 1904 system counts from
/// 1904-01-01; a format shows a date by its first section only, and `[]` is no elapsed time.
#[test]
fn the_1904_date_system_and_number_formats_are_read_as_excel_reads_them() {
    let header = "<c r=\"G1\" t=\"inlineStr\"><is><t>assessed_on</t></is></c>";
    let date_row = row(2, "a", "<c r=\"G2\" s=\"1\"><v>38000</v></c>");
    // 1900 system: 1899-12-30 + 38000 days = 2004-01-14; 1904: 1904-01-01 + 38000 = 2008-01-15.
    let in_1900 = read(&workbook_of(&date_row, header)).unwrap();
    assert_eq!(
        in_1900.assessments()[0]
            .assessed_on()
            .map(|d| d.to_string()),
        Some("2004-01-14".to_owned())
    );
    let bytes = workbook_of(&date_row, header);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts: Vec<(String, String)> = Vec::new();
    for i in 0..zip.len() {
        use std::io::Read as _;
        let mut f = zip.by_index(i).unwrap();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        parts.push((f.name().to_owned(), text));
    }
    let with = |parts: &[(String, String)], name: &str, text: String| -> Vec<u8> {
        let replaced: Vec<(&str, String)> = parts
            .iter()
            .map(|(n, t)| (n.as_str(), if n == name { text.clone() } else { t.clone() }))
            .collect();
        zip_of(&replaced)
    };
    let book1904 = WORKBOOK.replace("<sheets>", "<workbookPr date1904=\"1\"/><sheets>");
    let in_1904 = read(&with(&parts, "xl/workbook.xml", book1904)).unwrap();
    assert_eq!(
        in_1904.assessments()[0]
            .assessed_on()
            .map(|d| d.to_string()),
        Some("2008-01-15".to_owned())
    );
    // Style 1 with a format whose date is in its second section, or `[]`: a number, so the
    // date cell is refused as not a date (it holds 38000, a number).
    for code in ["0;dd", "[]0"] {
        let styles = STYLES.replace("dd/mm/yyyy", code);
        let e = read(&with(&parts, "xl/styles.xml", styles)).unwrap_err();
        let first = e.faults().first().cloned().unwrap_or(e);
        assert_eq!(
            first.location().and_then(|at| at.cell()),
            Some("Register!G2"),
            "{code}: {first}"
        );
        assert_eq!(first.code(), ErrorCode::InvalidDate, "{code}: {first}");
    }
}

/// Text in rich runs is joined, a phonetic guide left out, and an element the reader does not
/// know (an extension list, nested) is passed over whole, the value after it read.
#[test]
fn rich_runs_phonetic_guides_and_unknown_elements_are_read_as_excel_shows_them() {
    let id = "<c r=\"A2\" t=\"inlineStr\"><is><r><t>so</t></r><r><rPr><b/></rPr><t>c-1</t></r><rPh sb=\"0\" eb=\"1\"><t>ソ</t></rPh></is></c>";
    let area = "<c r=\"B2\" t=\"inlineStr\"><extLst><ext uri=\"x\"><y><z/></y><w>text</w></ext></extLst><is><t>major_crime</t></is></c>";
    let rows = row(2, "x", "")
        .replace(&s("A2", "x"), id)
        .replace(&s("B2", "major_crime"), area);
    let register = read(&workbook(&rows)).unwrap();
    assert_eq!(register.assessments()[0].id(), "soc-1");
    assert_eq!(register.assessments()[0].area(), "major_crime");
    // An unknown element left open inside a cell: refused, naming the part.
    let open = workbook(&row(2, "x", "").replace(
        &s("B2", "major_crime"),
        "<c r=\"B2\" t=\"inlineStr\"><extLst><ext uri=\"x\"><y>",
    ));
    let e = read(&open).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse, "{e}");
    assert!(e.to_string().contains("xl/worksheets/sheet1.xml"), "{e}");
}

/// A workbook of 20 000 rows (its sheet unpacks to several megabytes, far under the 1 GiB a
/// workbook may unpack to) reads whole: the unpacking limits stop a bomb, not a register.
#[test]
fn a_register_of_megabytes_unpacked_reads_whole() {
    let rows: String = (0..20_000u32)
        .map(|n| row(n + 2, &format!("r{n}"), ""))
        .collect();
    let bytes = workbook(&rows);
    let register = read(&bytes).unwrap();
    assert_eq!(register.len(), 20_000);
}
