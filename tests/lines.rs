//! Every reader names the right line: LF and CRLF, blank lines, quoted line breaks, minified JSON
//! and JSON spread over many lines; an unterminated quote or a repeated column refuses the file
//! instead of swallowing rows.

#![cfg(feature = "csv")]

use needmatrix::{ErrorCode, Matrix, Register, RegisterFormat};

const HEADER: &str = "id,area,impact,probability,capability,capacity,description";

/// The (code, line, record, field) of the first fault of a CSV register.
fn csv_fault(text: &str) -> (ErrorCode, Option<u64>, Option<String>, Option<String>) {
    let e = Register::from_text(Matrix::reference(), text, RegisterFormat::Csv)
        .and_then(|r| r.score(Matrix::reference()))
        .unwrap_err();
    let at = e.location().cloned().unwrap_or_default();
    (
        e.code(),
        at.line(),
        at.record().map(str::to_owned),
        at.field_name().map(str::to_owned),
    )
}

fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

#[test]
fn csv_lines_are_right_for_lf_crlf_blank_lines_and_quoted_breaks() {
    let body = format!(
        "{HEADER}\n\
         a,major_crime,major,likely,none,none,fine\n\
         \n\
         \n\
         b,major_crime,minor,likely,none,none,\"two\nlines\"\n\
         c,major_crime,huge,likely,none,none,x\n"
    );
    // Line 1 header, 2 a, 3–4 blank, 5–6 b (a quoted line break), 7 c.
    let want = (
        ErrorCode::UnknownLevel,
        Some(7),
        Some("c".to_owned()),
        Some("impact".to_owned()),
    );
    assert_eq!(csv_fault(&body), want);
    assert_eq!(csv_fault(&crlf(&body)), want);
    // The first record, straight after the header.
    let first = format!("{HEADER}\r\nz,major_crime,huge,likely,none,none,x\r\n");
    assert_eq!(csv_fault(&first).1, Some(2));
}

#[test]
fn a_row_of_the_wrong_length_names_its_own_line() {
    let body =
        format!("{HEADER}\r\n\r\na,major_crime,major,likely,none,none,x\r\n\r\nb,major_crime\r\n");
    let (code, line, _, _) = csv_fault(&body);
    assert_eq!((code, line), (ErrorCode::Parse, Some(5)));
}

#[test]
fn an_unterminated_quote_refuses_the_file_at_the_line_it_opens() {
    let body = format!(
        "{HEADER}\n\
         a,major_crime,major,likely,none,none,fine\n\
         b,major_crime,major,likely,none,none,\"never closed\n\
         c,major_crime,minor,likely,none,none,x\n\
         d,major_crime,minor,likely,none,none,y\n"
    );
    let (code, line, _, _) = csv_fault(&body);
    assert_eq!((code, line), (ErrorCode::Parse, Some(3)));
    // Quotes that are closed, doubled or inside a cell are not mistaken for one.
    let fine = format!(
        "{HEADER}\n\
         a,major_crime,major,likely,none,none,\"say \"\"hello\"\"\"\n\
         b,major_crime,major,likely,none,none,5\" nails\n"
    );
    let register = Register::from_text(Matrix::reference(), &fine, RegisterFormat::Csv).unwrap();
    assert_eq!(register.len(), 2);
    assert_eq!(register.assessments()[1].description(), Some("5\" nails"));
}

#[test]
fn a_repeated_column_is_refused_in_every_csv_reader() {
    let e = needmatrix::national::read_regions("force,region,region\nA,North,South\n").unwrap_err();
    assert_eq!(
        (e.code(), e.location().unwrap().line()),
        (ErrorCode::Parse, Some(1))
    );
    let areas = "force,region,area,threat,need,provision,need\n";
    let e = needmatrix::review::Review::from_csv(areas, "force,area,element,grade\n").unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    assert!(e.to_string().contains("appears twice"), "{e}");
}

#[test]
fn regions_and_review_lines_are_right_for_crlf_and_blank_lines() {
    let regions = "force,region\r\n\r\nA,North\r\n\r\nA,South\r\n";
    let e = needmatrix::national::read_regions(regions).unwrap_err();
    assert_eq!(
        (e.code(), e.location().unwrap().line()),
        (ErrorCode::DuplicateKey, Some(5))
    );

    let areas = "force,region,area,threat,need,provision\r\n\r\nA,North,major_crime,high,purple,insufficient\r\n";
    let e =
        needmatrix::review::Review::from_csv(areas, "force,area,element,grade\r\n").unwrap_err();
    let first = &e.faults()[0];
    assert_eq!(first.location().unwrap().line(), Some(3), "{e}");
    assert_eq!(first.location().unwrap().field_name(), Some("need"));
}

#[test]
fn a_cell_over_the_text_limit_is_refused_in_regions() {
    let long = "x".repeat(needmatrix::MAX_TEXT_CHARS + 1);
    let e = needmatrix::national::read_regions(&format!("force,region\nA,{long}\n")).unwrap_err();
    assert_eq!(
        (e.code(), e.location().unwrap().line()),
        (ErrorCode::OutOfRange, Some(2))
    );
    assert!(e.to_string().len() < 1000, "the message quotes an excerpt");
}

#[test]
fn json_array_records_are_located_in_one_pass() {
    // Minified: every record on line 1, columns counted in characters (é is one).
    let record = |id: &str, impact: &str| {
        format!(
            r#"{{"id":"{id}","area":"major_crime","impact":"{impact}","probability":"likely","capability":"none","capacity":"none","description":"é"}}"#
        )
    };
    let text = format!("[{},{}]", record("a", "major"), record("b", "huge"));
    let e = Register::from_text(Matrix::reference(), &text, RegisterFormat::Json).unwrap_err();
    let at = e.location().unwrap();
    assert_eq!((at.line(), at.record()), (Some(1), Some("b")));
    // Spread over lines, with CRLF.
    let text = format!(
        "[\r\n{},\r\n\r\n{}\r\n]\r\n",
        record("a", "major"),
        record("b", "huge")
    );
    let e = Register::from_text(Matrix::reference(), &text, RegisterFormat::Json).unwrap_err();
    assert_eq!(e.location().unwrap().line(), Some(4));
}

#[test]
fn a_large_json_array_with_many_faults_is_read_in_linear_time() {
    // 200 000 records, a fault every 1 000: quadratic line counting would take minutes.
    let mut text = String::from("[");
    for n in 0..200_000 {
        if n > 0 {
            text.push(',');
        }
        let impact = if n % 1000 == 999 { "huge" } else { "major" };
        text.push_str(&format!(
            r#"{{"id":"r{n}","area":"major_crime","impact":"{impact}","probability":"likely","capability":"none","capacity":"none"}}"#
        ));
        text.push('\n');
    }
    text.push(']');
    let e = Register::from_text(Matrix::reference(), &text, RegisterFormat::Json).unwrap_err();
    assert_eq!(e.total_faults(), 200);
    assert_eq!(e.faults()[0].location().unwrap().line(), Some(1000));
    assert_eq!(e.faults()[1].location().unwrap().line(), Some(2000));
}

#[test]
fn a_fault_found_when_scoring_names_the_file_and_line_of_its_record() {
    let dir = std::env::temp_dir().join(format!("needmatrix-lines-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("late.csv");
    // A red deadline three months after 9999-11-30 falls past 9999-12-31.
    std::fs::write(
        &path,
        "id,area,impact,probability,capability,capacity,assessed_on\r\n\r\n\
         a,major_crime,minor,rare,good,good,2008-01-01\r\n\
         b,major_crime,critical,likely,none,none,9999-11-30\r\n",
    )
    .unwrap();
    let register = Register::from_path(Matrix::reference(), &path).unwrap();
    let e = register.score(Matrix::reference()).unwrap_err();
    let at = e.location().unwrap();
    assert_eq!(e.code(), ErrorCode::InvalidDate);
    assert_eq!(
        (at.file(), at.line(), at.record(), at.field_name()),
        (
            Some(path.display().to_string().as_str()),
            Some(4),
            Some("b"),
            Some("assessed_on")
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_header_of_very_many_columns_is_checked_in_linear_time() {
    // 200 000 distinct column names, then one repeated: pairwise comparison would take minutes.
    let mut header: Vec<String> = (0..200_000).map(|n| format!("c{n}")).collect();
    header.push("c7".to_owned());
    let e = needmatrix::national::read_regions(&(header.join(",") + "\n")).unwrap_err();
    assert!(e.to_string().contains("column `c7` appears twice"), "{e}");
}

#[test]
fn an_ameliorative_map_of_very_many_keys_is_read_in_linear_time() {
    let keys: Vec<String> = (0..200_000).map(|n| format!("\"k{n}\": \"1\"")).collect();
    let text = format!(
        r#"{{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none", "ameliorative": {{{}}}}}"#,
        keys.join(", ")
    );
    let e = needmatrix::Assessment::from_json_str(Matrix::reference(), &text).unwrap_err();
    assert_eq!(e.code(), ErrorCode::UnknownAmeliorative);
}
