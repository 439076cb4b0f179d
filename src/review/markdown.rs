//! The review's tables as Markdown, laid out like the published ones.

use std::fmt::Write as _;

use super::Review;

impl Review {
    /// The tables as Markdown, laid out like the published ones: areas as columns with readable
    /// labels, percent signs on percentages, totals last; then the summary.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let t = self.tables();
        let s = self.summary();
        let mut out = String::new();
        let _ = writeln!(out, "# National planning review ({} forces)\n", s.forces);
        for (title, table, pct) in [
            (
                "Threat as forces assessed it (% of forces)",
                &t.threat,
                true,
            ),
            ("Need as forces assessed it (% of forces)", &t.need, true),
            (
                "Provision: the plans overall (% of forces)",
                &t.provision,
                true,
            ),
            (
                "Inadequate plan elements (number of forces)",
                &t.element_gap_counts,
                false,
            ),
            (
                "Inadequate plan elements (% of forces)",
                &t.element_gap_percent,
                true,
            ),
            (
                "Index of threat, need and provision (% of the maximum)",
                &t.index,
                true,
            ),
        ] {
            let _ = writeln!(out, "## {title}\n");
            let header: Vec<String> = std::iter::once("".to_owned())
                .chain(table.columns.iter().map(|c| column_label(c)))
                .collect();
            let _ = writeln!(out, "| {} |", header.join(" | "));
            let _ = writeln!(
                out,
                "|{}",
                header
                    .iter()
                    .enumerate()
                    .map(|(i, _)| if i == 0 { "---|" } else { "---:|" })
                    .collect::<String>()
            );
            for row in &table.rows {
                let cells: Vec<String> = row
                    .values
                    .iter()
                    .map(|v| if pct { format!("{v}%") } else { v.to_string() })
                    .collect();
                let _ = writeln!(out, "| {} | {} |", label(&row.label), cells.join(" | "));
            }
            out.push('\n');
        }
        let _ = writeln!(out, "## Summary\n");
        let _ = writeln!(out, "| | forces |\n|---|---:|");
        for (name, v) in [
            ("forces", s.forces),
            ("credible plans in every area", s.credible_all_areas),
            (
                "no evidence of a plan in at least one area",
                s.no_evidence_any,
            ),
            (
                "an insufficient plan in at least one area",
                s.insufficient_any,
            ),
            (
                "inadequate in five areas or more",
                s.inadequate_five_or_more,
            ),
        ] {
            let _ = writeln!(out, "| {name} | {v} |");
        }
        out
    }
}

/// A readable column label: short names for the reference areas.
fn column_label(key: &str) -> String {
    match key {
        "serious_organised_crime" => "SOC".to_owned(),
        "major_crime" => "Major crime".to_owned(),
        "civil_contingencies" => "Civil contingencies".to_owned(),
        "critical_incidents" => "Critical incidents".to_owned(),
        "public_order" => "Public order".to_owned(),
        "roads_policing" => "Roads policing".to_owned(),
        "domestic_abuse" => "Domestic abuse".to_owned(),
        "missing_persons" => "Missing persons".to_owned(),
        "child_abuse" => "Child abuse".to_owned(),
        "offender_management" => "Offender management".to_owned(),
        "total" => "Total".to_owned(),
        "forces" => "Forces".to_owned(),
        other => label(other),
    }
}

/// `no_evidence` → `No evidence`.
fn label(key: &str) -> String {
    let text = key.replace('_', " ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}
