//! Output that cannot attack its reader: free text shows control characters escaped in text and
//! Markdown views, and a CSV cell of free text never starts a spreadsheet formula.

#![cfg(feature = "csv")]

use needmatrix::{Matrix, Register, RegisterFormat, report};

fn scored() -> needmatrix::ScoredRegister {
    let csv = "id,area,impact,probability,capability,capacity,description,action,owner\n\
               =HYPERLINK(1),major_crime,critical,likely,none,none,\"\u{1b}[2Jwiped\",-2+3,@owner\n\
               b,major_crime,minor,rare,good,good,plain,+sum,\"\tlead\"\n";
    Register::from_text(Matrix::reference(), csv, RegisterFormat::Csv)
        .unwrap()
        .score(Matrix::reference())
        .unwrap()
}

#[test]
fn csv_cells_of_free_text_never_start_a_formula_and_numbers_are_untouched() {
    let s = scored();
    let csv = report::register_csv(&s);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][column("id")], "'=HYPERLINK(1)");
    assert_eq!(&rows[0][column("action")], "'-2+3");
    assert_eq!(&rows[0][column("owner")], "'@owner");
    assert_eq!(&rows[1][column("action")], "'+sum");
    assert_eq!(&rows[1][column("owner")], "'\tlead");
    assert_eq!(&rows[1][column("description")], "plain");
    // A negative gap is a number: never prefixed.
    assert!(
        rows[1][column("gap")].starts_with('-'),
        "{:?}",
        &rows[1][column("gap")]
    );
    let plan = needmatrix::plan::Plan::new(&s).unwrap();
    let plan_csv = report::plan_csv(&plan);
    assert!(plan_csv.contains("'=HYPERLINK(1)") && !plan_csv.contains(",=HYPERLINK"));
}

#[test]
fn text_and_markdown_views_show_control_characters_escaped() {
    let s = scored();
    let text = report::register_report(&s, Some(needmatrix::jiff::civil::date(2099, 1, 1)));
    assert!(
        !text.contains('\u{1b}'),
        "a raw escape reached the text view"
    );
    assert!(text.contains("\\u{1b}[2Jwiped"), "{text}");
    let plan = needmatrix::plan::Plan::new(&s).unwrap();
    let md = report::plan_markdown(&plan);
    assert!(!md.contains('\u{1b}') && md.contains("\\u{1b}[2Jwiped"));
}
