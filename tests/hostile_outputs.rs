//! Hostile input where text leaves the crate, and a careless analyst's command lines: no output
//! over an input, every refused flag with its code, every fault named, no terminal escape or
//! formula anywhere, every SVG well-formed XML.

#![cfg(all(
    feature = "csv",
    feature = "heatmap",
    feature = "vectors",
    feature = "xlsx"
))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use needmatrix::{ErrorCode, Matrix, Register, RegisterFormat, report};

fn example(name: &str) -> Command {
    let mut dir = std::env::current_exe().unwrap();
    dir.pop();
    if dir.ends_with("deps") {
        dir.pop();
    }
    Command::new(dir.join("examples").join(name))
}

fn run(name: &str, args: &[&std::ffi::OsStr]) -> Output {
    example(name).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh folder under the target directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const REGISTER: &str = "id,area,impact,probability,capability,capacity\n\
    a,major_crime,critical,likely,none,none\n\
    b,public_order,minor,rare,good,good\n";

fn os(p: &Path) -> &std::ffi::OsStr {
    p.as_os_str()
}

#[test]
fn an_output_that_is_also_an_input_is_refused_before_anything_is_written() {
    let dir = scratch("output_is_input");
    let register = dir.join("reg.csv");
    std::fs::write(&register, REGISTER).unwrap();
    for flag in ["--summary", "--xlsx", "--heatmap"] {
        for format in ["csv", "text"] {
            let out = run(
                "microanalysis",
                &[
                    os(&register),
                    flag.as_ref(),
                    os(&register),
                    "--format".as_ref(),
                    format.as_ref(),
                ],
            );
            assert_eq!(out.status.code(), Some(2), "{flag} {format}");
            assert!(out.stdout.is_empty());
            let err = text(&out.stderr);
            assert!(
                err.contains("error [parse]") && err.contains("also an input"),
                "{err}"
            );
            assert_eq!(
                std::fs::read_to_string(&register).unwrap(),
                REGISTER,
                "{flag}: the register is untouched"
            );
        }
    }
    // The same file by another name.
    let other_name = dir.join(".").join("reg.csv");
    let out = run(
        "microanalysis",
        &[os(&register), "--summary".as_ref(), os(&other_name)],
    );
    assert_eq!(out.status.code(), Some(2));
    // Two outputs to one file.
    let twice = dir.join("out.xlsx");
    let out = run(
        "microanalysis",
        &[
            os(&register),
            "--summary".as_ref(),
            os(&twice),
            "--xlsx".as_ref(),
            os(&twice),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(!twice.exists());
}

#[test]
fn areas_out_over_an_input_is_refused() {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let dir = scratch("areas_out_input");
    let provision = dir.join("provision.csv");
    std::fs::copy(data.join("review/registers/provision.csv"), &provision).unwrap();
    let before = std::fs::read(&provision).unwrap();
    let out = run(
        "national_review",
        &[
            "--registers".as_ref(),
            os(&data.join("national")),
            "--provision".as_ref(),
            os(&provision),
            "--elements".as_ref(),
            os(&data.join("review/registers/elements.csv")),
            "--areas-out".as_ref(),
            os(&provision),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("error [parse]"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&provision).unwrap(), before);
}

#[test]
fn classic_mac_line_ends_name_their_real_lines() {
    let csv = "id,area,impact,probability,capability,capacity\r\
        a,major_crime,major,likely,none,none\r\
        b,major_crime,huge,likely,none,none\r\
        c,nowhere,major,likely,none,none\r";
    let e = Register::from_text(Matrix::reference(), csv, RegisterFormat::Csv).unwrap_err();
    let lines: Vec<u64> = e
        .faults()
        .iter()
        .filter_map(|f| f.location()?.line())
        .collect();
    assert_eq!(lines, [3, 4], "{e}");
    // The streaming path says the same.
    let e = needmatrix::stream::ScoredStream::from_text(
        Matrix::reference(),
        csv.to_owned(),
        RegisterFormat::Csv,
    )
    .unwrap_err();
    let lines: Vec<u64> = e
        .faults()
        .iter()
        .filter_map(|f| f.location()?.line())
        .collect();
    assert_eq!(lines, [3, 4], "{e}");
}

#[test]
fn a_failed_write_says_cannot_write() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let dir = scratch("failed_write");
    let register = dir.join("reg.csv");
    std::fs::write(&register, REGISTER).unwrap();
    let out = run(
        "microanalysis",
        &[os(&register), "--summary".as_ref(), "/dev/full".as_ref()],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("error [io]: cannot write `/dev/full`"),
        "{err}"
    );
}

#[test]
fn a_workbook_in_the_national_folder_is_read_as_a_register() {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data/national");
    let dir = scratch("national_xlsx");
    let mut csv_force = None;
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        if path.extension().is_some_and(|e| e == "csv") && !path.ends_with("regions.csv") {
            csv_force.get_or_insert(path);
        }
    }
    let json = |dir: &Path| {
        let out = run(
            "national_picture",
            &[os(dir), "--format".as_ref(), "json".as_ref()],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let from_csv = json(&dir);
    // One force's register as a workbook instead: the same picture.
    let force = csv_force.expect("a force register in CSV");
    let stem = force.file_stem().unwrap().to_str().unwrap().to_owned();
    let workbook = workbook_of(&std::fs::read_to_string(&force).unwrap());
    std::fs::remove_file(dir.join(format!("{stem}.csv"))).unwrap();
    std::fs::write(dir.join(format!("{stem}.xlsx")), workbook).unwrap();
    assert_eq!(json(&dir), from_csv);
}

/// A CSV register as a workbook of inline strings, one sheet named `Register`.
fn workbook_of(csv: &str) -> Vec<u8> {
    use std::io::Write;
    let mut rows = String::new();
    for (r, line) in csv.lines().enumerate() {
        rows.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in line.split(',').enumerate() {
            let cell = cell.replace('&', "&amp;").replace('<', "&lt;");
            rows.push_str(&format!(
                "<c r=\"{}{}\" t=\"inlineStr\"><is><t>{cell}</t></is></c>",
                (b'A' + c as u8) as char,
                r + 1
            ));
        }
        rows.push_str("</row>");
    }
    let parts = [
        ("_rels/.rels", r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned()),
        ("xl/workbook.xml", r#"<workbook xmlns:r="r"><sheets><sheet name="Register" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned()),
        ("xl/_rels/workbook.xml.rels", r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_owned()),
        ("xl/worksheets/sheet1.xml", format!("<worksheet><sheetData>{rows}</sheetData></worksheet>")),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn refused_flag_values_carry_an_error_code_and_as_of_is_strict() {
    for bad in ["2009-06-30T10:00", "20090630", "2009-02-29", "30/06/2009"] {
        for name in ["microanalysis", "action_plan"] {
            let out = run(name, &["--as-of".as_ref(), bad.as_ref()]);
            assert_eq!(out.status.code(), Some(2), "{name} {bad}");
            assert!(out.stdout.is_empty());
            let err = text(&out.stderr);
            assert!(
                err.contains("error [invalid_date]") && err.contains("--as-of"),
                "{name} {bad}: {err}"
            );
        }
    }
    let out = run("action_plan", &["--budget".as_ref(), "-5".as_ref()]);
    assert!(
        text(&out.stderr).contains("error [out_of_range]"),
        "{}",
        text(&out.stderr)
    );
    let out = run("microanalysis", &["--format".as_ref(), "yaml".as_ref()]);
    assert!(
        text(&out.stderr).contains("error [parse]"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn no_terminal_escape_reaches_stderr_from_a_file_name() {
    let dir = scratch("escape_name");
    let hostile = dir.join("x\u{1b}[2J.csv");
    let out = run("microanalysis", &[os(&hostile)]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.contains("\\u{1b}"), "{err}");
}

#[test]
fn no_terminal_escape_reaches_the_national_picture_or_the_runner() {
    // A force named with an escape: the "need by area and force" header is escaped too.
    let m = Matrix::reference();
    let mut picture = needmatrix::national::NationalPicture::new(m);
    let register = Register::from_text(m, REGISTER, RegisterFormat::Csv).unwrap();
    picture
        .add_register("evil\u{1b}[31m", "north\u{7}", &register)
        .unwrap();
    let shown = report::national_report(&picture, 20);
    assert!(
        !shown.chars().any(|c| c.is_control() && c != '\n'),
        "{shown:?}"
    );
    // A third party's vector file whose case name holds an escape.
    let file = r#"{"format": "needmatrix-vectors/1", "matrix": "reference", "cases": [
        {"name": "x\u001b[2J", "input": {"id": "a", "area": "major_crime", "impact": "major",
         "probability": "likely", "capability": "none", "capacity": "none"}, "expect": {"need": "1"}}]}"#;
    let report = needmatrix::vectors::run_str(file, "v\u{1b}.json");
    let shown = report.failures()[0].to_string();
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
    let dir = scratch("escape_runner");
    let path = dir.join("v.json");
    std::fs::write(&path, file).unwrap();
    let out = run("conformance", &[os(&path)]);
    assert!(!text(&out.stdout).contains('\u{1b}') && !text(&out.stderr).contains('\u{1b}'));
}

#[test]
fn a_heat_map_is_well_formed_xml_whatever_the_matrix_labels_hold() {
    let m = needmatrix::Matrix::from_json_str(
        &Matrix::reference()
            .to_canonical_json()
            .replace(
                "\"title\":\"Reference protective services need matrix\"",
                "\"title\":\"Evil \\u001b[31m \\u0007 <&> \\uffff\"",
            )
            .replace("\"label\":\"Major\"", "\"label\":\"Ma\\u001bjor\\u0000\""),
    )
    .unwrap();
    assert!(m.title().unwrap_or_default().contains('\u{1b}'));
    let register = Register::from_text(&m, REGISTER, RegisterFormat::Csv).unwrap();
    let svg = needmatrix::heatmap::HeatMap::of_register(&register, &m)
        .unwrap()
        .to_svg();
    roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
}

#[test]
fn areas_out_guards_formulas_and_the_scored_workbook_keeps_text_as_it_is() {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let dir = scratch("areas_out_guard");
    let national = dir.join("national");
    std::fs::create_dir_all(&national).unwrap();
    for entry in std::fs::read_dir(data.join("national")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, national.join(path.file_name().unwrap())).unwrap();
    }
    let regions = national.join("regions.csv");
    let text_regions = std::fs::read_to_string(&regions).unwrap();
    let first_region = text_regions
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(1)
        .unwrap()
        .to_owned();
    std::fs::write(&regions, text_regions.replace(&first_region, "=1+1")).unwrap();
    let out_csv = dir.join("areas.csv");
    let out = run(
        "national_review",
        &[
            "--registers".as_ref(),
            os(&national),
            "--provision".as_ref(),
            os(&data.join("review/registers/provision.csv")),
            "--elements".as_ref(),
            os(&data.join("review/registers/elements.csv")),
            "--areas-out".as_ref(),
            os(&out_csv),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let areas = std::fs::read_to_string(&out_csv).unwrap();
    assert!(
        areas.contains(",'=1+1,") && !areas.contains(",=1+1,"),
        "{areas}"
    );
    // The guard is for the file a spreadsheet opens; the review itself knows the region as it
    // is named.
    let review = text(&out.stdout);
    assert!(
        review.contains("| =1+1 |") && !review.contains("'=1+1"),
        "{review}"
    );

    // In the scored workbook a string cell holds the text itself, no guard.
    let csv = "id,area,impact,probability,capability,capacity,description\n\
               =a,major_crime,major,likely,none,none,=HYPERLINK(\"x\")\n";
    let m = Matrix::reference();
    let scored = Register::from_text(m, csv, RegisterFormat::Csv)
        .unwrap()
        .score(m)
        .unwrap();
    let bytes = report::workbook(&scored).unwrap();
    let cells = first_register_row(&bytes);
    assert!(cells.contains(&"=a".to_owned()), "{cells:?}");
    assert!(cells.contains(&"=HYPERLINK(\"x\")".to_owned()), "{cells:?}");
}

#[test]
fn the_workbook_writer_names_what_excel_cannot_hold() {
    let m = Matrix::reference();
    // Text over Excel's 32 767 characters: refused naming record and field.
    let long = "x".repeat(40_000);
    let csv = format!(
        "id,area,impact,probability,capability,capacity,description\nlong,major_crime,major,likely,none,none,{long}\n"
    );
    let scored = Register::from_text(m, &csv, RegisterFormat::Csv)
        .unwrap()
        .score(m)
        .unwrap();
    let e = report::workbook(&scored).unwrap_err();
    let first = e.faults().first().cloned().unwrap_or(e);
    assert_eq!(first.code(), ErrorCode::OutOfRange, "{first}");
    let at = first.location().unwrap();
    assert_eq!(
        (at.record(), at.field_name()),
        (Some("long"), Some("description"))
    );
    // A deadline before 1900 is kept, as ISO text.
    let csv = "id,area,impact,probability,capability,capacity,assessed_on\nold,major_crime,critical,likely,none,none,1850-01-31\n";
    let scored = Register::from_text(m, csv, RegisterFormat::Csv)
        .unwrap()
        .score(m)
        .unwrap();
    let bytes = report::workbook(&scored).unwrap();
    let cells = first_register_row(&bytes);
    assert!(cells.contains(&"1850-04-30".to_owned()), "{cells:?}");
}

#[test]
fn emit_refuses_a_repeated_key_as_the_register_reader_does() {
    let dir = scratch("emit_duplicate");
    let path = dir.join("inputs.json");
    let input = r#"[{"id": "a", "area": "major_crime", "impact": "major", "impact": "minor",
        "probability": "likely", "capability": "none", "capacity": "none"}]"#;
    std::fs::write(&path, input).unwrap();
    let e = needmatrix::vectors::read_inputs(&path).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse, "{e}");
    let register =
        Register::from_text(Matrix::reference(), input, RegisterFormat::Json).unwrap_err();
    assert_eq!(register.code(), ErrorCode::Parse);
    let out = run("conformance", &["--emit".as_ref(), os(&path)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

/// The first entry's row of a scored workbook's `Register` sheet, as calamine (an independent
/// reader) shows each cell.
fn first_register_row(bytes: &[u8]) -> Vec<String> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range("Register").unwrap();
    range
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect()
}
