#![no_main]
//! Fuzz target: register_xlsx_structured. Workbooks built part by part from structured input —
//! sheet XML with rows and cells of every type (shared, inline, number, date, boolean, error,
//! formula with and without a value), shared strings, styles, far and out-of-order references,
//! lying part sizes — so that the reader's deep paths are reached, not only the zip refusal.
//! Never a panic, a hang or memory exhausted; and where the workbook holds plain text cells
//! only, it reads exactly as the same register in CSV (differential).

use std::io::Write;

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use needmatrix::{Matrix, Register, RegisterFormat};

const HEADER: [&str; 6] = ["id", "area", "impact", "probability", "capability", "capacity"];
const WORDS: [&str; 16] = [
    "a", "b", "major_crime", "public_order", "major", "critical", "minor", "likely", "rare",
    "none", "good", "strong", "limited", "x y", "", "2008-06-20",
];
const FAR: [&str; 8] = ["XFD1048576", "A1048576", "XFE1", "A1048577", "A4294967296", "Z0", "a1", "AAAA1"];

/// One cell's XML, its column and row given; `plain` is cleared when the cell is anything but
/// a vocabulary word as inline text.
fn cell(u: &mut Unstructured<'_>, column: u32, row: u32, plain: &mut bool, csv: &mut String) -> Result<String> {
    let reference = format!("{}{row}", letters(column));
    let word = *u.choose(&WORDS)?;
    let kind = u.int_in_range(0..=11u8)?;
    if kind != 0 {
        *plain = false;
    } else {
        csv.push_str(word);
    }
    Ok(match kind {
        0 => format!("<c r=\"{reference}\" t=\"inlineStr\"><is><t>{word}</t></is></c>"),
        1 => format!("<c r=\"{reference}\" t=\"s\"><v>{}</v></c>", u.int_in_range(0..=8u8)?),
        2 => format!("<c r=\"{reference}\" t=\"s\"><v>{}</v></c>", u.choose(&["abc", "-1", "7.5", "", "99"])?),
        3 => format!("<c r=\"{reference}\"><v>{}</v></c>", u.choose(&["1.5", "0.30000000000000004", "3", "1e3", "NaN", "abc"])?),
        4 => format!("<c r=\"{reference}\" s=\"1\"><v>{}</v></c>", u.choose(&["39619", "0", "-1", "60", "2958465", "2958466", "39619.5"])?),
        5 => format!("<c r=\"{reference}\" t=\"b\"><v>{}</v></c>", u.choose(&["0", "1", "2"])?),
        6 => format!("<c r=\"{reference}\" t=\"e\"><v>#N/A</v></c>"),
        7 => format!("<c r=\"{reference}\"><f>1+1</f></c>"),
        8 => format!("<c r=\"{reference}\" t=\"str\"><f>A1</f><v>{word}</v></c>"),
        9 => format!("<c r=\"{}\" t=\"inlineStr\"><is><t>{word}</t></is></c>", u.choose(&FAR)?),
        10 => format!("<c t=\"inlineStr\"><is><r><t>{word}</t></r><rPh><t>ph</t></rPh></is></c>"),
        _ => format!("<c r=\"{reference}\" t=\"{}\"><v>1</v></c>", u.choose(&["d", "zz", "n"])?),
    })
}

fn letters(column: u32) -> String {
    let mut n = column + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

fn zip(parts: &[(&str, String)], lie: Option<u32>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        let _ = zip.start_file(*name, options);
        let _ = zip.write_all(body.as_bytes());
    }
    let mut bytes = zip.finish().map(|c| c.into_inner()).unwrap_or_default();
    if let Some(size) = lie {
        // Every local header's declared unpacked size, as a hostile file would write it.
        let mut i = 0;
        while let Some(at) = bytes.get(i..).and_then(|b| b.windows(4).position(|w| w == b"PK\x03\x04")) {
            let at = i + at;
            if let Some(field) = bytes.get_mut(at + 22..at + 26) {
                field.copy_from_slice(&size.to_le_bytes());
            }
            i = at + 4;
        }
    }
    bytes
}

fn build(u: &mut Unstructured<'_>) -> Result<(Vec<u8>, Option<String>)> {
    let mut plain = true;
    let mut csv = HEADER.join(",") + "\n";
    let header: String = HEADER
        .iter()
        .enumerate()
        .map(|(c, h)| format!("<c r=\"{}1\" t=\"inlineStr\"><is><t>{h}</t></is></c>", letters(c as u32)))
        .collect();
    let mut rows = format!("<row r=\"1\">{header}</row>");
    let count = u.int_in_range(0..=12u32)?;
    for r in 0..count {
        let number = if u.ratio(1, 12)? {
            plain = false;
            *u.choose(&[1u32, 1_048_576, 5, 0])?
        } else {
            r + 2
        };
        rows.push_str(&format!("<row r=\"{number}\">"));
        let mut line = String::new();
        for c in 0..6 {
            if c > 0 {
                line.push(',');
            }
            rows.push_str(&cell(u, c, number, &mut plain, &mut line)?);
        }
        // A row of empty cells is no record in a workbook (and an empty record in CSV).
        if line.chars().any(|c| c != ',') {
            csv.push_str(&line);
            csv.push('\n');
        }
        rows.push_str("</row>");
    }
    let strings: String = WORDS
        .iter()
        .take(u.int_in_range(0..=9usize)?)
        .map(|w| format!("<si><t>{w}</t></si>"))
        .collect();
    let sheet_name = *u.choose(&["Register", "Sheet1", "REGISTER", "x\u{1b}"])?;
    let parts = vec![
        ("_rels/.rels", r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned()),
        ("xl/workbook.xml", format!(r#"<workbook xmlns:r="r"><workbookPr date1904="{}"/><sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>"#, u8::from(u.ratio(1, 8)?))),
        ("xl/_rels/workbook.xml.rels", r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/styles" Target="styles.xml"/><Relationship Id="rId3" Type="x/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>"#.to_owned()),
        ("xl/styles.xml", r#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>"#.to_owned()),
        ("xl/sharedStrings.xml", format!("<sst>{strings}</sst>")),
        ("xl/worksheets/sheet1.xml", format!("<worksheet><dimension ref=\"A1:XFD1048576\"/><sheetData>{rows}</sheetData></worksheet>")),
    ];
    let lie = if u.ratio(1, 10)? {
        plain = false;
        Some(*u.choose(&[0u32, 16, 4096])?)
    } else {
        None
    };
    Ok((zip(&parts, lie), plain.then_some(csv)))
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok((workbook, csv)) = build(&mut u) else {
        return;
    };
    let m = Matrix::reference();
    let read = Register::from_xlsx(m, &workbook);
    if let Ok(register) = &read
        && let Ok(scored) = register.score(m)
    {
        let _ = needmatrix::report::workbook(&scored);
    }
    // Plain text cells only: the workbook and the same register in CSV agree.
    if let Some(csv) = csv {
        let from_csv = Register::from_text(m, &csv, RegisterFormat::Csv);
        match (&read, &from_csv) {
            (Ok(a), Ok(b)) => assert_eq!(a.assessments(), b.assessments(), "{csv}"),
            (Err(a), Err(b)) => {
                let first = |e: &needmatrix::Error| e.faults().first().map_or(e.code(), |f| f.code());
                assert_eq!(first(a), first(b), "workbook: {a}\ncsv: {b}\n{csv}");
            }
            (a, b) => panic!("workbook and CSV disagree:\n{a:?}\n{b:?}\n{csv}"),
        }
    }
});
