//! Views of one scored register: the text report of the main job, its tables, errors as the
//! examples print them, and the CSV a spreadsheet reads.

use std::fmt::Write as _;

use super::shown;
use super::table::TextTable;
use crate::matrix::Grade;
use crate::register::{RegisterSummary, ScoredRegister, Summary};

/// The prioritised register: rank, id, area, threat, need, need band, grade, due date and a
/// `HIGH NEED` mark.
#[must_use]
pub(crate) fn register_table(register: &ScoredRegister) -> TextTable {
    let mut table = TextTable::new(
        &[
            "#",
            "id",
            "area",
            "threat",
            "need",
            "need band",
            "grade",
            "due",
            "",
        ],
        &[true, false, false, true, true, false, false, false, false],
    );
    for (rank, entry) in register.entries().iter().enumerate() {
        let o = entry.outcome();
        table.row(vec![
            (rank + 1).to_string(),
            o.id().to_owned(),
            o.area().to_owned(),
            o.threat().to_string(),
            o.need().to_string(),
            o.need_band().to_owned(),
            o.grade().map_or("-", Grade::as_str).to_owned(),
            o.action_due().map_or("-".to_owned(), |d| d.to_string()),
            if o.high_need() { "HIGH NEED" } else { "" }.to_owned(),
        ]);
    }
    table
}

/// The machine-readable column names of [`summary_cells`], in the same order: `count`,
/// `need_band.<key>` for each need band, then the grades, high need and the need figures.
#[cfg_attr(not(feature = "csv"), allow(dead_code))]
pub(super) fn summary_columns<'a>(band_keys: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut columns = vec!["count".to_owned()];
    columns.extend(band_keys.into_iter().map(|k| format!("need_band.{k}")));
    columns.extend(
        [
            "red",
            "amber",
            "green",
            "high_need",
            "need_sum",
            "need_max",
            "need_mean",
        ]
        .map(str::to_owned),
    );
    columns
}

/// A summary's figures as cells: count, each need band, red, amber, green, high need, and the
/// sum, maximum and mean of need.
pub(super) fn summary_cells(s: &Summary) -> Vec<String> {
    let mut cells = vec![s.count().to_string()];
    cells.extend(s.need_bands().map(|(_, n)| n.to_string()));
    cells.extend([
        s.grade_count(Grade::Red).to_string(),
        s.grade_count(Grade::Amber).to_string(),
        s.grade_count(Grade::Green).to_string(),
        s.high_need().to_string(),
        s.need_sum().to_string(),
        s.need_max().to_string(),
        s.need_mean().to_string(),
    ]);
    cells
}

/// One row per area and one for all: count, entries per need band, per grade, high need, and
/// the sum, maximum and mean of need.
#[must_use]
pub(crate) fn summary_table(summary: &RegisterSummary) -> TextTable {
    let bands: Vec<String> = summary
        .overall()
        .need_bands()
        .map(|(k, _)| k.to_owned())
        .collect();
    let mut header: Vec<&str> = vec!["area", "count"];
    header.extend(bands.iter().map(String::as_str));
    header.extend([
        "red",
        "amber",
        "green",
        "high need",
        "need sum",
        "need max",
        "need mean",
    ]);
    let right: Vec<bool> = header.iter().enumerate().map(|(i, _)| i > 0).collect();
    let mut table = TextTable::new(&header, &right);
    let row = |label: &str, s: &Summary| -> Vec<String> {
        let mut cells = vec![label.to_owned()];
        cells.extend(summary_cells(s));
        cells
    };
    for (area, s) in summary.areas() {
        table.row(row(area, s));
    }
    table.row(row("all areas", summary.overall()));
    table
}

/// The register as the text report of the main job: the prioritised table, what is due by
/// `as_of` (when given), the per-area summary, and the explanation of the top entry.
#[must_use]
pub fn register_report(register: &ScoredRegister, as_of: Option<jiff::civil::Date>) -> String {
    let m = register.matrix();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Matrix {} (fingerprint {})",
        m.label(),
        m.fingerprint().get(..16).unwrap_or_default()
    );
    if let Some(c) = register.crosswalk() {
        let from = c.from_matrix();
        let _ = writeln!(
            out,
            "Translated from {} (fingerprint {}) through a crosswalk (SPEC §14)",
            from.label(),
            from.fingerprint().get(..16).unwrap_or_default()
        );
    }
    let summary = register.summary();
    let _ = writeln!(
        out,
        "{} assessments, {} high need\n",
        register.entries().len(),
        summary.overall().high_need()
    );
    let _ = writeln!(out, "Prioritised register");
    out.push_str(&register_table(register).render());
    if let Some(date) = as_of {
        let due: Vec<_> = register.due_by(date).collect();
        let _ = writeln!(out, "\nDue for action on or before {date}: {}", due.len());
        for e in due {
            let o = e.outcome();
            let _ = writeln!(
                out,
                "  {}  {}  due {}  {}{}",
                shown(o.id()),
                o.grade().map_or("-", Grade::as_str),
                o.action_due().map_or("-".to_owned(), |d| d.to_string()),
                shown(e.assessment().action().unwrap_or("(no action recorded)")),
                e.assessment()
                    .owner()
                    .map_or(String::new(), |w| format!(" [owner: {}]", shown(w))),
            );
        }
    }
    let _ = writeln!(out, "\nSummary by area");
    out.push_str(&summary_table(summary).render());
    if let Some(top) = register.entries().first() {
        let a = top.assessment();
        let _ = writeln!(
            out,
            "\nWhy {} is first{}",
            shown(a.id()),
            a.description()
                .map_or(String::new(), |d| format!(": {}", shown(d)))
        );
        if let Ok(explained) = register.explained(top)
            && let Some(e) = explained.explanation()
        {
            if let Some(t) = e.translation() {
                let _ = writeln!(out, "  translated from {}:", t.from_matrix());
                for change in t.changes() {
                    let _ = writeln!(out, "    {change}");
                }
            }
            for step in e.steps() {
                let _ = writeln!(out, "  {step}");
            }
        }
    }
    out
}

/// An error as the examples print it on stderr: one line per fault, each with its code, where
/// and what.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, report};
///
/// let jsonl = "\n{\"id\": \"x\", \"area\": \"major_crime\", \"impact\": \"huge\", \"probability\": \"rare\", \"capability\": \"none\", \"capacity\": \"none\"}\n";
/// let e = Register::from_text(Matrix::reference(), jsonl, RegisterFormat::JsonLines).unwrap_err();
/// let text = report::error_report(&e);
/// assert!(text.starts_with("error [unknown_level]: unknown level `huge`"));
/// assert!(text.contains("line 2"));
/// ```
#[must_use]
pub fn error_report(error: &crate::Error) -> String {
    let mut out = String::new();
    if error.total_faults() > 1 {
        let _ = writeln!(
            out,
            "error: {} faulty record(s); nothing was scored. The first {}:",
            error.total_faults(),
            error.faults().len()
        );
    }
    // A file name or a quoted value may hold a terminal escape: shown escaped.
    for fault in error.faults() {
        let _ = writeln!(
            out,
            "error [{}]: {}",
            fault.code(),
            shown(&fault.to_string())
        );
    }
    out
}
