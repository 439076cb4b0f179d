//! Views of the national planning review.

use std::fmt::Write as _;

/// Per force, where plans run counter to the force's own assessment of need, from least to
/// most aligned, as Markdown.
#[must_use]
pub fn alignment_markdown(review: &crate::review::Review) -> String {
    let mut out = String::from(
        "\n## Plans against need, by force (least aligned first)\n\n| force | region | Spearman ρ (need, provision index) | disagreements |\n|---|---|---:|---|\n",
    );
    for a in review.alignment() {
        let rho = a.spearman.map_or("n/a".to_owned(), |r| format!("{r:.3}"));
        let notes: Vec<String> = a
            .disagreements
            .iter()
            .map(|d| format!("{}: {} ({} need, {})", d.area, d.kind, d.need, d.provision))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {rho} | {} |",
            super::markdown_cell(&a.force),
            super::markdown_cell(&a.region),
            if notes.is_empty() {
                "none".to_owned()
            } else {
                notes.join("; ")
            }
        );
    }
    out
}
