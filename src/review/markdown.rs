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
        ]
        .into_iter()
        .chain(t.element_provision.as_ref().map(|table| {
            (
                "Provision by planning element (% of forces; total: of all force-elements)",
                table,
                true,
            )
        })) {
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
        self.registers_markdown(&mut out);
        out
    }

    /// What SPEC §11 adds, in plain words: the derived levels, test 3 per force, the forces
    /// that share a high need, and the forces whose own indicators contradict their need.
    fn registers_markdown(&self, out: &mut String) {
        let cell = |text: &str| crate::quote::markdown_cell(text);
        if let Some(table) = &self.derived {
            let areas = self.listing_areas();
            let _ = writeln!(
                out,
                "\n## Threat / need (provision) per force, derived from the forces' own registers\n"
            );
            let _ = writeln!(
                out,
                "| force | {} |\n|---|{}",
                areas
                    .iter()
                    .map(|a| column_label(a))
                    .collect::<Vec<_>>()
                    .join(" | "),
                "---|".repeat(areas.len())
            );
            for force in self.forces.keys() {
                let cells: Vec<String> = areas
                    .iter()
                    .map(|area| {
                        table
                            .iter()
                            .find(|r| r.force == *force && r.area == *area)
                            .map_or(String::new(), |r| {
                                format!(
                                    "{} / {} ({})",
                                    short(r.threat.as_str()),
                                    short(r.need.as_str()),
                                    short(r.provision.as_str())
                                )
                            })
                    })
                    .collect();
                let _ = writeln!(out, "| {} | {} |", cell(force), cells.join(" | "));
            }
            let _ = writeln!(
                out,
                "\n## Test 3: do threat, need and provision line up? (Spearman's ρ across areas)\n"
            );
            let _ = writeln!(
                out,
                "| force | threat and need | threat and provision | need and provision |\n|---|---:|---:|---:|"
            );
            let rho = |r: Option<f64>| r.map_or("n/a".to_owned(), |r| format!("{r:.3}"));
            for a in self.alignment_by_force() {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    cell(&a.force),
                    rho(a.threat_need),
                    rho(a.threat_provision),
                    rho(a.need_provision)
                );
            }
            let together = self.collaboration();
            let _ = writeln!(out, "\n## Partners by shared need ({})\n", together.len());
            if together.is_empty() {
                let _ = writeln!(out, "No two forces of a region share a high need.");
            }
            for c in together {
                let _ = writeln!(
                    out,
                    "- Forces that share high need in {} ({}): {}.",
                    c.area.replace('_', " "),
                    cell(&c.region),
                    c.forces
                        .iter()
                        .map(|f| cell(f))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        if let Some(markers) = &self.markers {
            let _ = writeln!(
                out,
                "\n## Objective markers: need that the force's own indicators contradict ({})\n",
                markers.len()
            );
            if markers.is_empty() {
                let _ = writeln!(out, "No force's indicators contradict its need.");
            }
            for m in markers {
                let (quarter, doubt) = match m.flag {
                    super::MarkerFlag::UnderAssessed => ("highest", "may be under-assessed"),
                    super::MarkerFlag::OverAssessed => ("lowest", "may be over-assessed"),
                };
                let _ = writeln!(
                    out,
                    "- {}, {}: its {} ({}) is among the {quarter} quarter of forces, yet its need is {}: need {doubt}.",
                    cell(&m.force),
                    m.area.replace('_', " "),
                    cell(&m.indicator.replace('_', " ")),
                    m.value.normalize(),
                    m.need.as_str().replace('_', " ")
                );
            }
        }
    }
}

/// A grade or level in a few letters, for a dense table: `no_evidence` → `none`,
/// `meets_standard` → `meets`.
fn short(key: &str) -> &str {
    match key {
        "no_evidence" => "none",
        "insufficient" => "insuff.",
        "meets_standard" => "meets",
        "high_provision" => "high",
        other => other,
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
