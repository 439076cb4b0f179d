//! Views of the action plan: JSON and Markdown.

use std::fmt::Write as _;

use super::shown;
use super::table::TextTable;
use crate::register::ScoredRegister;

/// The action plan as the JSON of the `action_plan` example: `{"matrix", "fingerprint",
/// "plan": [...priority order...], "progress": §10 JSON or null}`.
#[must_use]
pub fn plan_json(
    register: &ScoredRegister,
    plan: &[crate::plan::PlanEntry<'_>],
    progress: Option<&crate::plan::Progress>,
) -> String {
    /// The file's fields in the order the format gives them.
    #[derive(serde::Serialize)]
    struct PlanFile<'a> {
        matrix: &'a str,
        fingerprint: &'a str,
        plan: &'a [crate::plan::PlanEntry<'a>],
        progress: Option<&'a crate::plan::Progress>,
    }
    let m = register.matrix();
    let file = PlanFile {
        matrix: m.label(),
        fingerprint: m.fingerprint(),
        plan,
        progress,
    };
    // Serialising strings, numbers and lists to a String cannot fail.
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// The action plan, the resource ask and the progress as Markdown.
#[must_use]
pub fn plan_markdown(
    register: &ScoredRegister,
    plan: &[crate::plan::PlanEntry<'_>],
    ask: &std::collections::BTreeMap<String, std::collections::BTreeMap<String, usize>>,
    progress: Option<&crate::plan::Progress>,
    as_of: Option<jiff::civil::Date>,
) -> String {
    let m = register.matrix();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Action plan ({}, fingerprint {})\n\n{} gaps above the lowest need band, in priority order{}.\n",
        m.label(),
        m.fingerprint().get(..16).unwrap_or_default(),
        plan.len(),
        as_of.map_or(String::new(), |d| format!("; overdue marked against {d}"))
    );
    for (n, p) in plan.iter().enumerate() {
        let (o, a) = (p.entry.outcome(), p.entry.assessment());
        let overdue = matches!((as_of, o.action_due()), (Some(d), Some(due)) if due < d);
        let _ = writeln!(
            out,
            "{}. **{}** ({}) need {} ({}{}), due {}{}{}",
            n + 1,
            shown(o.id()),
            o.area(),
            o.need(),
            o.need_band(),
            o.grade().map_or(String::new(), |g| format!(", {g}")),
            o.action_due().map_or("-".to_owned(), |d| d.to_string()),
            if overdue { " **OVERDUE**" } else { "" },
            if o.high_need() { ", HIGH NEED" } else { "" },
        );
        if let Some(d) = a.description() {
            let _ = writeln!(out, "   - risk: {}", shown(d));
        }
        let _ = writeln!(
            out,
            "   - owner: {}; risk manager: {}",
            shown(a.owner().unwrap_or("(none recorded)")),
            shown(a.manager().unwrap_or("(none recorded)"))
        );
        if let Some(action) = a.action() {
            let _ = writeln!(out, "   - action: {}", shown(action));
        }
        let options = if p.options.is_empty() {
            "no single change brings it down a band".to_owned()
        } else {
            p.options
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; or ")
        };
        let _ = writeln!(out, "   - options: {options}");
    }
    let levers: std::collections::BTreeSet<&String> = ask.values().flat_map(|a| a.keys()).collect();
    let _ = writeln!(
        out,
        "\n## Resource ask: entries each lever would move down a band\n"
    );
    let mut header: Vec<&str> = vec!["area"];
    header.extend(levers.iter().map(|l| l.as_str()));
    let right: Vec<bool> = header.iter().enumerate().map(|(i, _)| i > 0).collect();
    let mut table = TextTable::new(&header, &right);
    for (area, counts) in ask {
        let mut row = vec![area.clone()];
        row.extend(
            levers
                .iter()
                .map(|l| counts.get(*l).copied().unwrap_or(0).to_string()),
        );
        table.row(row);
    }
    out.push_str(&table.render());
    if let Some(p) = progress {
        let c = &p.counts;
        let _ = writeln!(
            out,
            "\n## Progress since the earlier assessment\n\n{} improved ({} closed), {} worsened, {} unchanged, {} new, {} removed.\n",
            c.improved, c.closed, c.worsened, c.unchanged, c.new, c.removed
        );
        let mut table = TextTable::new(
            &[
                "area",
                "need before",
                "need after",
                "change",
                "high need before",
                "high need after",
            ],
            &[false, true, true, true, true, true],
        );
        for (area, a) in &p.areas {
            table.row(vec![
                area.clone(),
                a.need_before.to_string(),
                a.need_after.to_string(),
                a.change.to_string(),
                a.high_need_before.to_string(),
                a.high_need_after.to_string(),
            ]);
        }
        out.push_str(&table.render());
        for (title, status) in [
            ("Worsened gaps", crate::plan::Status::Worsened),
            ("New gaps", crate::plan::Status::New),
        ] {
            let list: Vec<String> = p
                .entries
                .iter()
                .filter(|e| e.status == status)
                .map(|e| {
                    format!(
                        "- {}: need {} → {}",
                        e.id,
                        e.need_before.map_or("-".to_owned(), |n| n.to_string()),
                        e.need_after.map_or("-".to_owned(), |n| n.to_string())
                    )
                })
                .collect();
            let _ = writeln!(out, "\n### {title} ({})\n", list.len());
            for l in list {
                let _ = writeln!(out, "{l}");
            }
        }
    }
    out
}
