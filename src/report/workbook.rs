//! A scored register as an Excel workbook (feature `xlsx`): the register in priority order, the
//! summary, and the heat map, as an analyst opens them.

use rust_xlsxwriter::{Color, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::error::{Error, FaultList, Location, Result};
use crate::matrix::{Grade, GridCell};
use crate::register::ScoredRegister;
use crate::score::columns::{InputColumn, ScoredColumn, input_text, scored_columns};
use crate::score::{OutcomeField, SCORED_NOTES};

/// The most rows a worksheet holds (Excel's limit), header included.
const MAX_SHEET_ROWS: usize = 1_048_576;

fn rgb((r, g, b): (u8, u8, u8)) -> Color {
    Color::RGB(u32::from(r) << 16 | u32::from(g) << 8 | u32::from(b))
}

/// The fill of a grade's cell.
fn grade_fill(grade: Grade) -> Color {
    use crate::palette::{GRADE_AMBER, GRADE_GREEN, GRADE_RED};
    rgb(match grade {
        Grade::Red => GRADE_RED,
        Grade::Amber => GRADE_AMBER,
        Grade::Green => GRADE_GREEN,
    })
}

/// The writer library's failure, once every value was checked to fit: code `io`, never `parse`.
fn failed(e: XlsxError) -> Error {
    Error::io_write("the scored workbook", std::io::Error::other(e.to_string()))
}

/// The most characters an Excel cell holds.
pub(crate) const MAX_CELL_CHARS: usize = 32_767;

/// Refuses, before anything is written, every text a cell cannot hold (over 32 767 characters,
/// which a register may hold up to its own limit): each named by record and field, the first
/// [`MAX_LISTED_FAULTS`](crate::MAX_LISTED_FAULTS) listed.
fn check_fits(register: &ScoredRegister) -> Result<()> {
    let mut faults = FaultList::default();
    for e in register.entries() {
        let a = e.assessment();
        let texts = [("id", Some(a.id())), ("confidence", a.confidence())]
            .into_iter()
            .chain(SCORED_NOTES.into_iter().zip(a.scored_notes()));
        for (field, text) in texts {
            let Some(text) = text else { continue };
            let chars = text.chars().count();
            if chars > MAX_CELL_CHARS {
                faults.push(Error::from(crate::error::Fault::OutOfRange {
                    at: Location::field(field).with_record(a.id()),
                    value: format!("{chars} characters"),
                    rule: format!(
                        "an Excel cell holds at most {MAX_CELL_CHARS} characters: shorten it, or write the register as CSV"
                    ),
                }));
            }
        }
    }
    faults.into_result()
}

/// A decimal as a spreadsheet number (exact to the 15 significant digits a cell shows).
fn number(text: &str) -> f64 {
    text.parse().unwrap_or(0.0)
}

/// The scored register as an Excel workbook:
/// - `Register`: every column of the scored CSV in priority order, numbers as numbers, dates as
///   dates, the grade cell filled red, amber or green, high need in bold red, the header frozen,
///   filters on, widths that fit;
/// - `Summary`: per area and overall, as SPEC §6;
/// - `Heat map`: the impact × probability grid, each cell filled by its inherent threat band and
///   holding its count, with labelled axes.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, report};
///
/// let m = Matrix::reference();
/// let csv = "id,area,impact,probability,capability,capacity,assessed_on\n\
///            a,major_crime,critical,likely,none,none,2008-01-31\n";
/// let scored = Register::from_text(m, csv, RegisterFormat::Csv)?.score(m)?;
/// let bytes = report::workbook(&scored)?;
/// // A workbook is a zip file.
/// assert_eq!(&bytes[..2], b"PK");
/// # Ok::<(), needmatrix::Error>(())
/// ```
///
/// # Errors
/// `out_of_range` for a register of more rows than a worksheet holds (1 048 575 entries), and
/// for a text longer than a cell holds (32 767 characters), naming record and field; `io` if the
/// writer library fails.
pub fn workbook(register: &ScoredRegister) -> Result<Vec<u8>> {
    build(register, None)
}

/// [`workbook`] with a fourth sheet, `Robustness`: the one-notch test (SPEC §13) as its CSV
/// view has it, one row per change, each row's grade filled.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, report, robustness::Robustness};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "adequate", "capacity": "adequate"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// let bytes = report::workbook_with_robustness(&scored, &Robustness::of_scored(&scored)?)?;
/// assert_eq!(&bytes[..2], b"PK");
/// # Ok::<(), needmatrix::Error>(())
/// ```
///
/// # Errors
/// As [`workbook`]; `matrix_mismatch` when the test was of a register of another matrix.
pub fn workbook_with_robustness(
    register: &ScoredRegister,
    robustness: &crate::robustness::Robustness,
) -> Result<Vec<u8>> {
    register.matrix().ensure_same(robustness.matrix())?;
    build(register, Some(robustness))
}

fn build(
    register: &ScoredRegister,
    robustness: Option<&crate::robustness::Robustness>,
) -> Result<Vec<u8>> {
    if register.entries().len() >= MAX_SHEET_ROWS {
        return Err(Error::from(crate::error::Fault::OutOfRange {
            at: Location::new(),
            value: format!("{} entries", register.entries().len()),
            rule: format!(
                "a worksheet holds at most {} entries; write the register as CSV",
                MAX_SHEET_ROWS - 1
            ),
        }));
    }
    check_fits(register)?;
    let mut book = Workbook::new();
    register_sheet(book.add_worksheet(), register).map_err(failed)?;
    summary_sheet(book.add_worksheet(), register).map_err(failed)?;
    heat_map_sheet(book.add_worksheet(), register).map_err(failed)?;
    if let Some(report) = robustness {
        robustness_sheet(book.add_worksheet(), report).map_err(failed)?;
    }
    book.save_to_buffer().map_err(failed)
}

fn register_sheet(
    sheet: &mut Worksheet,
    register: &ScoredRegister,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name("Register")?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let high_need = Format::new()
        .set_bold()
        .set_font_color(Color::RGB(0xB7_1C1C));
    let m = register.matrix();
    let columns = scored_columns(m);
    for (c, column) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, column.name(m), &bold)?;
    }
    // A date as a date cell; Excel holds none before 1900, so such a date is kept as ISO text.
    let write_date = |sheet: &mut Worksheet, row: u32, col: u16, day: jiff::civil::Date| {
        match ExcelDateTime::from_ymd(
            day.year().unsigned_abs(),
            day.month().unsigned_abs(),
            day.day().unsigned_abs(),
        ) {
            Ok(when) if day.year() >= 1900 => {
                sheet.write_datetime_with_format(row, col, &when, &date)?;
            }
            _ => {
                sheet.write_string(row, col, day.to_string())?;
            }
        }
        Ok::<(), XlsxError>(())
    };
    for (n, e) in register.entries().iter().enumerate() {
        let row = (n + 1) as u32;
        let (o, a) = (e.outcome(), e.assessment());
        let notes = a.scored_notes();
        for (c, column) in columns.iter().enumerate() {
            let col = c as u16;
            match *column {
                ScoredColumn::Priority => {
                    sheet.write_number(row, col, (n + 1) as f64)?;
                }
                ScoredColumn::Input(input) => match input {
                    InputColumn::Ameliorative(_) => {
                        sheet.write_number(row, col, number(&input_text(m, a, input)))?;
                    }
                    InputColumn::MeasureInPlace => {
                        sheet.write_boolean(row, col, a.measure_in_place())?;
                    }
                    InputColumn::LeadHighRisk => {
                        if let Some(high) = a.lead_high_risk() {
                            sheet.write_boolean(row, col, high)?;
                        }
                    }
                    InputColumn::AssessedOn => {
                        if let Some(day) = a.assessed_on() {
                            write_date(sheet, row, col, day)?;
                        }
                    }
                    _ => {
                        let text = input_text(m, a, input);
                        if !text.is_empty() {
                            // A string cell is never run as a formula: free text is kept as it
                            // is, with no guard (the CSV views' leading `'` would show here).
                            sheet.write_string(row, col, text)?;
                        }
                    }
                },
                ScoredColumn::Note(k) => {
                    if let Some(note) = notes.get(k).copied().flatten() {
                        sheet.write_string(row, col, note)?;
                    }
                }
                ScoredColumn::Outcome(field) => {
                    let Some(text) = o.field_text(field) else {
                        continue;
                    };
                    match field {
                        f if f.is_decimal() => {
                            sheet.write_number(row, col, number(&text))?;
                        }
                        OutcomeField::Grade => {
                            match o.grade().map(grade_fill) {
                                Some(fill) => sheet.write_string_with_format(
                                    row,
                                    col,
                                    &text,
                                    &Format::new().set_background_color(fill),
                                )?,
                                None => sheet.write_string(row, col, &text)?,
                            };
                        }
                        OutcomeField::ActionDue => {
                            if let Some(due) = o.action_due() {
                                write_date(sheet, row, col, due)?;
                            }
                        }
                        OutcomeField::HighNeed if o.high_need() => {
                            sheet.write_boolean_with_format(row, col, true, &high_need)?;
                        }
                        OutcomeField::HighRisk | OutcomeField::HighNeed => {
                            sheet.write_boolean(row, col, text == "true")?;
                        }
                        _ => {
                            sheet.write_string(row, col, &text)?;
                        }
                    }
                }
            }
        }
    }
    let last_row = register.entries().len() as u32;
    let last_col = columns.len().saturating_sub(1) as u16;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    sheet.autofit();
    Ok(())
}

fn summary_sheet(
    sheet: &mut Worksheet,
    register: &ScoredRegister,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name("Summary")?;
    let bold = Format::new().set_bold();
    let m = register.matrix();
    let mut header: Vec<String> = vec!["area".into()];
    header.extend(super::register::summary_columns(
        m.need_bands().iter().map(|b| b.key()),
    ));
    for (c, name) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, name, &bold)?;
    }
    let summary = register.summary();
    let rows = std::iter::once(("all", summary.overall())).chain(summary.areas());
    for (r, (area, s)) in rows.enumerate() {
        let row = (r + 1) as u32;
        sheet.write_string(row, 0, area)?;
        let cells: Vec<String> = super::register::summary_cells(s);
        for (k, cell) in cells.iter().enumerate() {
            sheet.write_number(row, (k + 1) as u16, number(cell))?;
        }
    }
    sheet.set_freeze_panes(1, 1)?;
    sheet.autofit();
    Ok(())
}

fn heat_map_sheet(
    sheet: &mut Worksheet,
    register: &ScoredRegister,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name("Heat map")?;
    let m = register.matrix();
    let bold = Format::new().set_bold();
    let (impact, probability) = (m.impact(), m.probability());
    let mut counts = vec![vec![0u64; impact.len()]; probability.len()];
    for e in register.entries() {
        let a = e.assessment();
        let i = impact.iter().position(|l| l.key() == a.impact());
        let p = probability.iter().position(|l| l.key() == a.probability());
        if let (Some(i), Some(p)) = (i, p)
            && let Some(slot) = counts.get_mut(p).and_then(|row| row.get_mut(i))
        {
            *slot += 1;
        }
    }
    sheet.write_string_with_format(1, 0, "probability \\ impact", &bold)?;
    for (i, level) in impact.iter().enumerate() {
        sheet.write_string_with_format(1, (i + 1) as u16, level.display_label(), &bold)?;
    }
    let bands = m.threat_bands().len();
    // The most likely row at the top, as a risk matrix is drawn.
    for (r, p) in (0..probability.len()).rev().enumerate() {
        let row = (r + 2) as u32;
        let label = probability.get(p).map_or("", |l| l.display_label());
        sheet.write_string_with_format(row, 0, label, &bold)?;
        for i in 0..impact.len() {
            let cell = GridCell::new(i, p);
            let risk = m.risk_of(cell).unwrap_or(crate::Points::ZERO);
            let band = m.threat_band_of(risk);
            let fill =
                Format::new().set_background_color(rgb(crate::palette::band_rgb(band, bands)));
            let count = counts
                .get(p)
                .and_then(|row| row.get(i))
                .copied()
                .unwrap_or(0);
            sheet.write_number_with_format(row, (i + 1) as u16, count as f64, &fill)?;
        }
    }
    // The legend: only the bands a cell takes.
    let taken: std::collections::BTreeSet<usize> = (0..probability.len())
        .flat_map(|p| (0..impact.len()).map(move |i| GridCell::new(i, p)))
        .map(|cell| m.threat_band_of(m.risk_of(cell).unwrap_or(crate::Points::ZERO)))
        .collect();
    let legend = (probability.len() + 3) as u32;
    sheet.write_string_with_format(legend, 0, "threat band", &bold)?;
    for (n, b) in taken.into_iter().enumerate() {
        let label = m
            .threat_bands()
            .get(b)
            .map_or("", |band| band.display_label());
        let fill = Format::new().set_background_color(rgb(crate::palette::band_rgb(b, bands)));
        sheet.write_string_with_format(legend, (n + 1) as u16, label, &fill)?;
    }
    sheet.autofit();
    // The title after the widths are fitted, so that it runs across the row instead of
    // widening column A: what the sheet shows, how many entries, and the matrix.
    let total: u64 = counts.iter().flatten().sum();
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "Heat map: {} {}, by impact and probability, each cell filled by its inherent threat band (matrix {}, fingerprint {})",
            total,
            if total == 1 { "entry" } else { "entries" },
            m.label(),
            m.fingerprint().get(..12).unwrap_or_default()
        ),
        &bold,
    )?;
    Ok(())
}

/// The one-notch test: one row per change, as `robustness_csv` has it.
fn robustness_sheet(
    sheet: &mut Worksheet,
    report: &crate::robustness::Robustness,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name("Robustness")?;
    let bold = Format::new().set_bold();
    let header = crate::robustness::CHANGE_COLUMNS;
    for (c, name) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &bold)?;
    }
    let graded = |sheet: &mut Worksheet, row: u32, col: u16, grade: Option<Grade>| match grade {
        Some(g) => sheet
            .write_string_with_format(
                row,
                col,
                g.as_str(),
                &Format::new().set_background_color(grade_fill(g)),
            )
            .map(|_| ()),
        None => Ok(()),
    };
    let mut row = 0u32;
    for (priority, e, c) in report.changes() {
        row += 1;
        sheet.write_number(row, 0, priority as f64)?;
        sheet.write_string(row, 1, e.id())?;
        graded(sheet, row, 2, e.grade())?;
        sheet.write_boolean(row, 3, e.high_need())?;
        sheet.write_string(row, 4, c.field.as_str())?;
        sheet.write_string(row, 5, &c.to)?;
        sheet.write_number(row, 6, number(&c.need.to_string()))?;
        graded(sheet, row, 7, c.grade)?;
        sheet.write_boolean(row, 8, c.high_need)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row, (header.len() - 1) as u16)?;
    sheet.autofit();
    Ok(())
}
