//! Views of the action plan: JSON (SPEC §9, §10, §12) and Markdown in plain words for a chief
//! officer.

use std::fmt::Write as _;

use super::shown;
use super::table::TextTable;
use crate::plan::{Deadline, GapOption, Plan, PlanEntry, Status, Unfunded};
use crate::points::Amount;

/// The action plan as the JSON of the `action_plan` example: `{"matrix", "fingerprint",
/// "as_of", "plan": [...priority order...], "review_overdue", "budget", "progress"}` (see
/// [`Plan`]'s serialisation).
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, plan::Plan, report};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "critical", "probability": "likely", "capability": "none", "capacity": "none"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// let json: serde_json::Value = serde_json::from_str(&report::plan_json(&Plan::new(&scored)?))?;
/// assert_eq!(json["plan"][0]["id"], "a");
/// assert!(json["budget"].is_null());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn plan_json(plan: &Plan<'_>) -> String {
    // Serialising strings, numbers and lists to a String cannot fail.
    serde_json::to_string_pretty(plan).unwrap_or_default()
}

/// An amount of money as a person reads it: `£30,000`, `£1,500.25`.
pub(crate) fn money(amount: Amount) -> String {
    let text = amount.to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (n, digit) in whole.chars().enumerate() {
        if n > 0 && (whole.len() - n) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if fraction.is_empty() {
        format!("£{grouped}")
    } else {
        // Pence: a fraction of one digit is tens of pence.
        format!("£{grouped}.{fraction:0<2}")
    }
}

/// What a need band is called once an option is taken: its grade, or the band's key when it has
/// none.
fn band_name(plan: &Plan<'_>, band: usize) -> String {
    let m = plan.register.matrix();
    match m.band_grade(band) {
        Some((grade, _)) => grade.as_str().to_owned(),
        None => format!("band {}", m.need_bands().get(band).map_or("?", |b| b.key())),
    }
}

/// One option in a sentence: `raise capacity to adequate, which brings it down to amber
/// (£30,000)`, `add 2.5 points of partnership work, which brings it down to green`.
fn option_sentence(plan: &Plan<'_>, p: &PlanEntry<'_>, option: &GapOption) -> String {
    let m = plan.register.matrix();
    let down_to = crate::plan::band_after(m, p.entry.assessment(), option)
        .map_or_else(|_| "a lower band".to_owned(), |b| band_name(plan, b));
    let mut text = match option {
        GapOption::Capability { to } => {
            format!("raise capability to {to}, which brings it down to {down_to}")
        }
        GapOption::Capacity { to } => {
            format!("raise capacity to {to}, which brings it down to {down_to}")
        }
        GapOption::Ameliorative { kind, add } => {
            let unit = if add.value() == rust_decimal::Decimal::ONE {
                "point"
            } else {
                "points"
            };
            format!("add {add} {unit} of {kind} work, which brings it down to {down_to}")
        }
    };
    if plan.costs.is_some() {
        match plan.cost(p, option) {
            Some(cost) => {
                let _ = write!(text, " ({})", money(cost));
            }
            None => text.push_str(" (no cost given)"),
        }
    }
    text
}

/// The action plan, the resource ask, reviews due, the budget and the progress as Markdown, in
/// plain words.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, plan::Plan, report};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "adequate", "capacity": "adequate"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// let text = report::plan_markdown(&Plan::new(&scored)?);
/// // need 8 (amber, from 5): 3.5 points, seven steps of the default 0.5, bring it to 4.5.
/// assert!(text.contains("add 3.5 points of partnership work, which brings it down to green"));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[must_use]
pub fn plan_markdown(plan: &Plan<'_>) -> String {
    let m = plan.register.matrix();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Action plan ({}, fingerprint {})\n\n{} gaps above the lowest need band, in priority order{}. Ameliorative work is offered in steps of {} {}.\n",
        m.label(),
        m.fingerprint().get(..16).unwrap_or_default(),
        plan.entries.len(),
        plan.as_of
            .map_or(String::new(), |d| format!("; overdue marked against {d}")),
        plan.ameliorative_step,
        if plan.ameliorative_step.points().value() == rust_decimal::Decimal::ONE {
            "point"
        } else {
            "points"
        }
    );
    if let (Some(after), Some(as_of)) = (&plan.assessed_after_as_of, plan.as_of)
        && !after.is_empty()
    {
        let ids: Vec<String> = after.iter().map(|id| shown(id).into_owned()).collect();
        let _ = writeln!(
            out,
            "Assessed after {as_of}, the date this plan is judged on (a date typed wrongly, or a plan run for a past date): {}. They are scored as given.\n",
            ids.join(", ")
        );
    }
    for (n, p) in plan.entries.iter().enumerate() {
        let (o, a) = (p.entry.outcome(), p.entry.assessment());
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
            if plan.overdue(p) == Some(true) {
                " **OVERDUE**"
            } else {
                ""
            },
            if o.high_need() { ", HIGH NEED" } else { "" },
        );
        if let Some(d) = a.description() {
            let _ = writeln!(out, "   - risk: {}", shown(d));
        }
        if let Some(lead) = a.lead_high_risk() {
            let _ = writeln!(
                out,
                "   - the national lead judged the risk {}",
                if lead { "high" } else { "not high" }
            );
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
                .map(|option| option_sentence(plan, p, option))
                .collect::<Vec<_>>()
                .join("; or ")
        };
        let _ = writeln!(out, "   - options: {options}");
        if !p.fragile.is_empty() {
            let calls: Vec<String> = p
                .fragile
                .iter()
                .map(|c| format!("{} to {}", c.field, c.to))
                .collect();
            let _ = writeln!(
                out,
                "   - **check this call before funding**: its high need rests on one notch ({} would undo it)",
                calls.join(", or ")
            );
        }
    }
    resource_ask_markdown(plan, &mut out);
    reviews_markdown(plan, &mut out);
    budget_markdown(plan, &mut out);
    progress_markdown(plan, &mut out);
    out
}

fn resource_ask_markdown(plan: &Plan<'_>, out: &mut String) {
    let ask = plan.resource_ask();
    let levers: std::collections::BTreeSet<&String> = ask.values().flat_map(|a| a.keys()).collect();
    let _ = writeln!(
        out,
        "\n## Resource ask: entries each lever would move down a band\n"
    );
    let mut header: Vec<&str> = vec!["area"];
    header.extend(levers.iter().map(|l| l.as_str()));
    let right: Vec<bool> = header.iter().enumerate().map(|(i, _)| i > 0).collect();
    let mut table = TextTable::new(&header, &right);
    for (area, counts) in &ask {
        let mut row = vec![area.clone()];
        row.extend(
            levers
                .iter()
                .map(|l| counts.get(*l).copied().unwrap_or(0).to_string()),
        );
        table.row(row);
    }
    out.push_str(&table.render());
}

fn reviews_markdown(plan: &Plan<'_>, out: &mut String) {
    let (Some(due), Some(as_of)) = (&plan.review_overdue, plan.as_of) else {
        return;
    };
    if due.is_empty() {
        let _ = writeln!(
            out,
            "\n## Reviews due on {as_of}\n\nNone: every entry has been assessed within its review period."
        );
        return;
    }
    let _ = writeln!(out, "\n## Reviews due on {as_of} ({})\n", due.len());
    let _ = writeln!(
        out,
        "Not re-assessed within the review period, in priority order; they may no longer be current:\n"
    );
    for id in due {
        let last = plan
            .register
            .get(id)
            .and_then(|e| e.assessment().assessed_on())
            .map_or("never dated".to_owned(), |d| format!("last assessed {d}"));
        let _ = writeln!(out, "- Review due: {} ({last})", shown(id));
    }
}

fn budget_markdown(plan: &Plan<'_>, out: &mut String) {
    let Some(b) = &plan.budget else {
        return;
    };
    let m = plan.register.matrix();
    let _ = writeln!(
        out,
        "\n## Budget: {} spent of {}, {} remaining\n\nFunded in priority order, each gap's cheapest costed option while the money lasts.\n",
        money(b.spent),
        money(b.budget),
        money(b.remaining)
    );
    for f in &b.funded {
        let area = plan
            .register
            .get(&f.id)
            .and_then(|e| m.areas().get(e.outcome().area_position()))
            .map_or(String::new(), |a| a.display_label().to_lowercase());
        let change = match &f.option {
            GapOption::Capability { to } => format!("raise capability in {area} to {to}"),
            GapOption::Capacity { to } => format!("raise capacity in {area} to {to}"),
            GapOption::Ameliorative { kind, add } => {
                let unit = if add.value() == rust_decimal::Decimal::ONE {
                    "point"
                } else {
                    "points"
                };
                format!("add {add} {unit} of {kind} work in {area}")
            }
        };
        let _ = writeln!(
            out,
            "- Fund: {change} for {} ({})",
            shown(&f.id),
            money(f.cost)
        );
    }
    for u in &b.unfunded {
        let why = match u.reason {
            Unfunded::Unaffordable => "its cheapest option costs more than was left",
            Unfunded::Uncosted => "none of its options has a cost",
            Unfunded::NoOption => "no single change brings it down a band",
        };
        let _ = writeln!(out, "- Not funded: {} ({why})", shown(&u.id));
    }
}

fn progress_markdown(plan: &Plan<'_>, out: &mut String) {
    let Some(p) = &plan.progress else {
        return;
    };
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
        ("Worsened gaps", Status::Worsened),
        ("New gaps", Status::New),
    ] {
        let list: Vec<String> = p
            .entries
            .iter()
            .filter(|e| e.status == status)
            .map(|e| {
                format!(
                    "- {}: need {} → {}",
                    shown(&e.id),
                    e.need_before.map_or("-".to_owned(), |n| n.to_string()),
                    e.need_after.map_or("-".to_owned(), |n| n.to_string())
                )
            })
            .collect();
        if list.is_empty() {
            let _ = writeln!(out, "\n{title}: none.");
            continue;
        }
        let _ = writeln!(out, "\n### {title} ({})\n", list.len());
        for l in list {
            let _ = writeln!(out, "{l}");
        }
    }
    let d = &p.deadlines;
    let _ = writeln!(
        out,
        "\n### Deadlines set by the earlier assessment\n\n{} met, {} met late, {} missed, {} pending, {} unknown.\n",
        d.met, d.late, d.missed, d.pending, d.unknown
    );
    for e in &p.entries {
        let Some(deadline) = e.deadline else {
            continue;
        };
        let words = match deadline {
            Deadline::Met => "Deadline met",
            Deadline::Late => "Deadline met late",
            Deadline::Missed => "Deadline missed",
            Deadline::Pending => "Deadline pending",
            Deadline::Unknown => "Deadline unknown (the later assessment has no date)",
        };
        let due = e.due.map_or(String::new(), |d| format!("due {d}"));
        let seen = e
            .reassessed_on
            .map_or(String::new(), |d| format!("; re-assessed {d}"));
        let needs = match (e.need_before, e.need_after) {
            (Some(b), Some(a)) => format!("; need {b} → {a}"),
            _ => String::new(),
        };
        let _ = writeln!(out, "- {words}: {} ({due}{seen}{needs})", shown(&e.id));
    }
}

#[cfg(test)]
mod tests {
    use super::money;

    #[test]
    fn money_groups_thousands_and_shows_pence() {
        let m = |text: &str| money(text.parse().unwrap());
        assert_eq!(m("0"), "£0");
        assert_eq!(m("100"), "£100");
        assert_eq!(m("1000"), "£1,000");
        assert_eq!(m("30000"), "£30,000");
        assert_eq!(m("300000"), "£300,000");
        assert_eq!(m("1000000"), "£1,000,000");
        assert_eq!(m("1500.25"), "£1,500.25");
        assert_eq!(m("5.5"), "£5.50");
    }
}
