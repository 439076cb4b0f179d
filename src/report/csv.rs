//! The CSV views: a scored register and its summaries, the national picture, the action plan.
//! Each is one table with a header row, as a spreadsheet imports it.

use super::register::summary_cells;
use crate::register::{RegisterSummary, ScoredRegister, Summary};

fn csv_text(rows: Vec<Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        // Writing strings to memory cannot fail.
        let _ = w.write_record(&row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The prioritised register as CSV, for a spreadsheet: `priority`, the outcome fields of SPEC §3
/// (empty cells for none), then the assessment's `description`, `standard`, `action`, `owner`
/// and `manager`. Rows are written one at a time into the text.
#[must_use]
pub fn register_csv(register: &ScoredRegister) -> String {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(register.entries().len() * 160));
    let mut header: Vec<&str> = vec!["priority"];
    // The outcome's fields but `matrix` and `fingerprint`, named once for the whole file.
    header.extend(
        crate::score::OutcomeField::ALL
            .iter()
            .filter(|f| !f.names_matrix())
            .map(|f| f.as_str()),
    );
    header.extend(["description", "standard", "action", "owner", "manager"]);
    // Writing to memory cannot fail.
    let _ = w.write_record(&header);
    let mut row: Vec<String> = Vec::with_capacity(header.len());
    for (rank, e) in register.entries().iter().enumerate() {
        let o = e.outcome();
        let a = e.assessment();
        let text = |v: Option<&str>| v.unwrap_or_default().to_owned();
        row.clear();
        row.extend([
            (rank + 1).to_string(),
            o.id().to_owned(),
            o.area().to_owned(),
            o.risk().to_string(),
            o.comparator().to_string(),
            o.mitigation().to_string(),
            o.threat().to_string(),
            o.ability().to_string(),
            o.gap().to_string(),
            o.need().to_string(),
            o.surplus().to_string(),
            o.threat_band().to_owned(),
            o.need_band().to_owned(),
            o.grade().map_or(String::new(), |g| g.as_str().to_owned()),
            o.action_due().map_or(String::new(), |d| d.to_string()),
            o.high_risk().to_string(),
            o.high_need().to_string(),
            text(a.description()),
            text(a.standard()),
            text(a.action()),
            text(a.owner()),
            text(a.manager()),
        ]);
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Summaries as CSV rows, one per `(scope, area)` pair given: `scope`, `area` (`all` for the
/// overall row), `count`, one `need_band.KEY` column per band, `red`, `amber`, `green`,
/// `high_need`, `need_sum`, `need_max`, `need_mean`.
#[must_use]
pub fn summaries_csv<'a>(
    rows: impl IntoIterator<Item = (&'a str, &'a str, &'a Summary)>,
) -> String {
    let mut out: Vec<Vec<String>> = Vec::new();
    for (scope, area, s) in rows {
        if out.is_empty() {
            let mut header: Vec<String> = vec!["scope".into(), "area".into(), "count".into()];
            header.extend(s.need_bands().map(|(k, _)| format!("need_band.{k}")));
            header.extend(
                [
                    "red",
                    "amber",
                    "green",
                    "high_need",
                    "need_sum",
                    "need_max",
                    "need_mean",
                ]
                .iter()
                .map(|c| (*c).to_owned()),
            );
            out.push(header);
        }
        let mut row = vec![scope.to_owned(), area.to_owned()];
        row.extend(summary_cells(s));
        out.push(row);
    }
    csv_text(out)
}

/// A register's summaries as CSV: the overall row, then one per area.
#[must_use]
pub fn register_summary_csv(summary: &RegisterSummary) -> String {
    let rows = std::iter::once(("register", "all", summary.overall()))
        .chain(summary.areas().map(|(a, s)| ("register", a, s)));
    summaries_csv(rows)
}

/// The national picture's summaries as CSV: one row per scope (`national`, `region:NAME`,
/// `force:NAME`) and area (`all`, then each area), with the columns of [`summaries_csv`].
#[must_use]
pub fn national_csv(picture: &crate::national::NationalPicture) -> String {
    let national = picture.national();
    let regions = picture.regions();
    let mut scopes: Vec<(String, &RegisterSummary)> = vec![("national".to_owned(), &national)];
    scopes.extend(regions.iter().map(|(n, s)| (format!("region:{n}"), s)));
    scopes.extend(picture.forces().map(|(n, _, s)| (format!("force:{n}"), s)));
    let rows: Vec<(&str, &str, &Summary)> = scopes
        .iter()
        .flat_map(|(scope, s)| {
            std::iter::once((scope.as_str(), "all", s.overall()))
                .chain(s.areas().map(move |(a, sum)| (scope.as_str(), a, sum)))
        })
        .collect();
    summaries_csv(rows)
}

/// The action plan as CSV: one row per entry above the lowest need band, in priority order,
/// with its options in plain words separated by `; `, and whether it is overdue at `as_of`.
#[must_use]
pub fn plan_csv(plan: &[crate::plan::PlanEntry<'_>], as_of: Option<jiff::civil::Date>) -> String {
    let mut rows = vec![
        [
            "priority",
            "id",
            "area",
            "need",
            "need_band",
            "grade",
            "action_due",
            "overdue",
            "owner",
            "manager",
            "action",
            "options",
        ]
        .iter()
        .map(|c| (*c).to_owned())
        .collect::<Vec<_>>(),
    ];
    for (n, p) in plan.iter().enumerate() {
        let (o, a) = (p.entry.outcome(), p.entry.assessment());
        let overdue = match (as_of, o.action_due()) {
            (Some(date), Some(due)) => (due < date).to_string(),
            _ => String::new(),
        };
        rows.push(vec![
            (n + 1).to_string(),
            o.id().to_owned(),
            o.area().to_owned(),
            o.need().to_string(),
            o.need_band().to_owned(),
            o.grade().map_or(String::new(), |g| g.as_str().to_owned()),
            o.action_due().map_or(String::new(), |d| d.to_string()),
            overdue,
            a.owner().unwrap_or_default().to_owned(),
            a.manager().unwrap_or_default().to_owned(),
            a.action().unwrap_or_default().to_owned(),
            p.options
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        ]);
    }
    csv_text(rows)
}
