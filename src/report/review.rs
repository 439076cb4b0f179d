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
            .map(|d| {
                // In words: keys are for files, not for a reader (`high_provision` → high
                // provision), and the grades are said once.
                let words = |key: &str| key.replace('_', " ");
                format!(
                    "{}: {} (need assessed {}, provision graded {})",
                    words(&d.area),
                    d.kind,
                    words(&d.need.to_string()),
                    words(&d.provision.to_string())
                )
            })
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
