//! Views of the one-notch test (SPEC §13): in words, and as CSV with one row per change.

use std::fmt::Write as _;

use super::shown;
use crate::matrix::Grade;
use crate::robustness::{Call, Entry, Robustness};

/// The one-notch test in words: what was found, by grade and for the high needs, then the
/// fragile entries in priority order with what would change them.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, report, robustness::Robustness};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "adequate", "capacity": "adequate"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// let text = report::robustness_text(&Robustness::of_scored(&scored)?);
/// assert!(text.contains("1 of 1 amber entries would change grade or high need if one call moved one notch"));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[must_use]
pub fn robustness_text(report: &Robustness) -> String {
    let m = report.matrix();
    let s = report.summary();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# One-notch test ({}, fingerprint {})\n\nEach assessment scored again with one of its four judgement calls (impact, probability, capability, capacity) moved one notch down or up. {} of {} {} would change grade or high need if one call moved one notch.\n",
        m.label(),
        m.fingerprint().get(..16).unwrap_or_default(),
        s.fragile(),
        s.entries(),
        if s.entries() == 1 { "entry" } else { "entries" },
    );
    let mut grades: Vec<Option<Grade>> = Vec::new();
    for rule in m.grades() {
        if !grades.contains(&Some(rule.grade())) {
            grades.push(Some(rule.grade()));
        }
    }
    grades.push(None);
    for grade in grades {
        let count = s.by_grade(grade);
        if count.entries() == 0 {
            continue;
        }
        let _ = writeln!(
            out,
            "- {} of {} {} would change grade or high need if one call moved one notch.",
            count.fragile(),
            count.entries(),
            match grade {
                Some(g) => format!("{g} entries"),
                None => "entries with no grade".to_owned(),
            }
        );
    }
    if s.high_need() > 0 {
        // Per call, the high needs that one notch of it would undo.
        let by_call: Vec<String> = Call::ALL
            .iter()
            .filter_map(|call| {
                let n = report
                    .entries()
                    .iter()
                    .filter(|e| e.high_need())
                    .filter(|e| e.changes().iter().any(|c| c.field == *call && !c.high_need))
                    .count();
                (n > 0).then(|| format!("of {call} for {n}"))
            })
            .collect();
        let _ = writeln!(
            out,
            "- {} of {} high-need calls rest on a single notch{}.",
            s.high_need_fragile(),
            s.high_need(),
            if by_call.is_empty() {
                String::new()
            } else {
                format!(": {}", by_call.join(", "))
            }
        );
    }
    let fragile = report.fragile();
    if fragile.is_empty() {
        let _ = writeln!(
            out,
            "\nNo grade or high need rests on a single judgement call."
        );
        return out;
    }
    let _ = writeln!(
        out,
        "\n## Fragile entries, in priority order: check these calls before committing money\n"
    );
    for (n, e) in fragile.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", n + 1, entry_line(e));
        for c in e.changes() {
            let _ = writeln!(out, "   - {}", change_words(e, c));
        }
    }
    out
}

/// A change said against the entry: `probability to possible: need 8, amber (was red)`, `impact
/// to moderate: need 15, red, no longer a high need`.
fn change_words(e: &Entry, c: &crate::robustness::Change) -> String {
    let name = |g: Option<Grade>| g.map_or("no grade", Grade::as_str);
    let mut words = format!(
        "{} to {}: need {}, {}",
        c.field,
        c.to,
        c.need,
        name(c.grade)
    );
    if c.grade != e.grade() {
        let _ = write!(words, " (was {})", name(e.grade()));
    }
    match (e.high_need(), c.high_need) {
        (true, false) => words.push_str(", no longer a high need"),
        (false, true) => words.push_str(", becomes a high need"),
        _ => {}
    }
    words
}

/// `**SOC-01**: red, high need, need 16.5 (band high; one notch gives medium to high)`.
fn entry_line(e: &Entry) -> String {
    format!(
        "**{}**: {}{}, need {} (band {}; one notch gives {} to {})",
        shown(e.id()),
        e.grade().map_or("no grade", Grade::as_str),
        if e.high_need() { ", high need" } else { "" },
        e.need(),
        e.need_band(),
        e.need_band_low(),
        e.need_band_high()
    )
}

/// The one-notch test as CSV, one row per change (SPEC §13):
/// `priority,id,grade,high_need,field,to,need,new_grade,new_high_need`, `priority` the entry's
/// place in the register's priority order (from 1), an empty cell for no grade. Ids are
/// guarded as every CSV view guards free text.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, report, robustness::Robustness};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "adequate", "capacity": "adequate"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// let rows = report::robustness_csv(&Robustness::of_scored(&scored)?);
/// let mut lines = rows.lines();
/// assert_eq!(lines.next(), Some("priority,id,grade,high_need,field,to,need,new_grade,new_high_need"));
/// assert_eq!(lines.next(), Some("1,a,amber,false,impact,moderate,4,green,false"));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[cfg(feature = "csv")]
#[must_use]
pub fn robustness_csv(report: &Robustness) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing strings to memory cannot fail.
    let _ = w.write_record(crate::robustness::CHANGE_COLUMNS);
    for (priority, e, c) in report.changes() {
        let _ = w.write_record([
            priority.to_string(),
            crate::quote::spreadsheet_safe(e.id()),
            e.grade().map_or("", Grade::as_str).to_owned(),
            e.high_need().to_string(),
            c.field.to_string(),
            c.to.clone(),
            c.need.to_string(),
            c.grade.map_or("", Grade::as_str).to_owned(),
            c.high_need.to_string(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
