//! Views for people: aligned text tables of a prioritised register and of its summaries.
//!
//! These are the last stage of the one-way flow (matrix → scorer → outcomes → views); they only
//! read scored values and never compute a score.

use std::fmt::Write as _;

use crate::matrix::Grade;
use crate::register::{RegisterSummary, ScoredRegister, Summary};

/// A plain text table with aligned columns; numeric columns are right-aligned.
#[derive(Clone, Debug, Default)]
pub struct TextTable {
    header: Vec<String>,
    right: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl TextTable {
    /// A table with these column headers; `right[i]` right-aligns column `i`.
    #[must_use]
    pub fn new(header: &[&str], right: &[bool]) -> Self {
        TextTable {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            right: right.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (missing cells are blank, extra cells are dropped).
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// How many rows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there are no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Renders with two spaces between columns and a rule under the header.
    #[must_use]
    pub fn render(&self) -> String {
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let line = |out: &mut String, cells: &[String]| {
            let mut text = String::new();
            for i in 0..columns {
                let cell = cells.get(i).map_or("", String::as_str);
                let width = widths.get(i).copied().unwrap_or(0);
                let pad = width.saturating_sub(cell.chars().count());
                if i > 0 {
                    text.push_str("  ");
                }
                if self.right.get(i).copied().unwrap_or(false) {
                    text.push_str(&" ".repeat(pad));
                    text.push_str(cell);
                } else {
                    text.push_str(cell);
                    text.push_str(&" ".repeat(pad));
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        };
        line(&mut out, &self.header);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        line(&mut out, &rule);
        for row in &self.rows {
            line(&mut out, row);
        }
        out
    }
}

/// The prioritised register: rank, id, area, threat, need, need band, grade, due date and a
/// `HIGH NEED` mark.
#[must_use]
pub fn register_table(register: &ScoredRegister) -> TextTable {
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

/// One row per area and one for all: count, entries per need band, per grade, high need, and
/// the sum, maximum and mean of need.
#[must_use]
pub fn summary_table(summary: &RegisterSummary) -> TextTable {
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
        let mut cells = vec![label.to_owned(), s.count().to_string()];
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
    let _ = writeln!(
        out,
        "{} assessments, {} high need\n",
        register.entries().len(),
        register.summary().overall().high_need()
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
                o.id(),
                o.grade().map_or("-", Grade::as_str),
                o.action_due().map_or("-".to_owned(), |d| d.to_string()),
                e.assessment().action().unwrap_or("(no action recorded)"),
                e.assessment()
                    .owner()
                    .map_or(String::new(), |w| format!(" [owner: {w}]")),
            );
        }
    }
    let _ = writeln!(out, "\nSummary by area");
    out.push_str(&summary_table(&register.summary()).render());
    if let Some(top) = register.entries().first() {
        let a = top.assessment();
        let _ = writeln!(
            out,
            "\nWhy {} is first{}",
            a.id(),
            a.description().map_or(String::new(), |d| format!(": {d}"))
        );
        if let Ok(explained) = m.score_explained(a) {
            if let Some(e) = explained.explanation() {
                for step in e.steps() {
                    let _ = writeln!(out, "  {step}");
                }
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
/// let csv = "id,area,impact,probability,capability,capacity\nx,major_crime,huge,rare,none,none\n";
/// let e = Register::from_text(Matrix::reference(), csv, RegisterFormat::Csv).unwrap_err();
/// let text = report::error_report(&e);
/// assert!(text.starts_with("error [unknown_level]: unknown level `huge`"));
/// assert!(text.contains("line 2"));
/// ```
#[must_use]
pub fn error_report(error: &crate::Error) -> String {
    let mut out = String::new();
    if let crate::Error::Faults { total, faults } = error {
        let _ = writeln!(
            out,
            "error: {total} faulty record(s); nothing was scored. The first {}:",
            faults.len()
        );
    }
    for fault in error.faults() {
        let _ = writeln!(out, "error [{}]: {fault}", fault.code());
    }
    out
}
