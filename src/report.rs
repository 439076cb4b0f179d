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

/// A summary's figures as cells: count, each need band, red, amber, green, high need, and the
/// sum, maximum and mean of need.
fn summary_cells(s: &Summary) -> Vec<String> {
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
    out.push_str(&summary_table(&summary).render());
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
    header.extend(crate::score::OUTCOME_FIELDS.iter().take(16));
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

/// The national picture as text: the national summary by area, a table of regions, need by
/// area and force (with the force carrying the largest share), and the `top` high-need entries
/// nationally with their force.
#[must_use]
pub fn national_report(picture: &crate::national::NationalPicture, top: usize) -> String {
    let m = picture.matrix();
    let mut out = String::new();
    let national = picture.national();
    let _ = writeln!(
        out,
        "National picture: {} forces, {} assessments, {} high need (matrix {}, fingerprint {})\n",
        picture.forces().count(),
        national.overall().count(),
        national.overall().high_need(),
        m.label(),
        m.fingerprint().get(..16).unwrap_or_default()
    );
    let _ = writeln!(out, "National summary by area");
    out.push_str(&summary_table(&national).render());

    let _ = writeln!(out, "\nRegions");
    let mut regions = TextTable::new(
        &[
            "region",
            "forces",
            "count",
            "red",
            "high need",
            "need sum",
            "need mean",
        ],
        &[false, true, true, true, true, true, true],
    );
    for (name, s) in picture.regions() {
        let forces = picture.forces().filter(|(_, r, _)| *r == name).count();
        let o = s.overall();
        regions.row(vec![
            name.clone(),
            forces.to_string(),
            o.count().to_string(),
            o.grade_count(Grade::Red).to_string(),
            o.high_need().to_string(),
            o.need_sum().to_string(),
            o.need_mean().to_string(),
        ]);
    }
    out.push_str(&regions.render());

    let _ = writeln!(out, "\nNeed by area and force");
    let forces: Vec<&str> = picture.forces().map(|(f, _, _)| f).collect();
    let mut header: Vec<&str> = vec!["area"];
    header.extend(forces.iter().copied());
    header.extend(["nation", "largest share"]);
    let right: Vec<bool> = header
        .iter()
        .enumerate()
        .map(|(i, _)| i > 0 && i < header.len() - 1)
        .collect();
    let mut by_area = TextTable::new(&header, &right);
    for area in m.areas() {
        let ranking = picture.area_ranking(area.key());
        let mut row = vec![area.key().to_owned()];
        for f in &forces {
            let need = ranking
                .iter()
                .find(|r| r.force == *f)
                .map_or("0".to_owned(), |r| r.need.to_string());
            row.push(need);
        }
        row.push(
            national
                .area(area.key())
                .map_or("0".to_owned(), |s| s.need_sum().to_string()),
        );
        row.push(match ranking.first() {
            Some(r) if !r.need.is_negative() && r.need != crate::Points::ZERO => {
                format!("{} ({}%)", r.force, r.share_percent)
            }
            _ => "-".to_owned(),
        });
        by_area.row(row);
    }
    out.push_str(&by_area.render());

    let high: Vec<_> = picture
        .prioritised()
        .into_iter()
        .filter(|(_, o)| o.high_need())
        .take(top)
        .collect();
    let _ = writeln!(out, "\nTop {} high-need entries nationally", high.len());
    let mut table = TextTable::new(
        &["#", "force", "id", "area", "threat", "need", "due"],
        &[true, false, false, false, true, true, false],
    );
    for (n, (force, o)) in high.iter().enumerate() {
        table.row(vec![
            (n + 1).to_string(),
            (*force).to_owned(),
            o.id().to_owned(),
            o.area().to_owned(),
            o.threat().to_string(),
            o.need().to_string(),
            o.action_due().map_or("-".to_owned(), |d| d.to_string()),
        ]);
    }
    out.push_str(&table.render());
    if !picture.unmapped().is_empty() {
        let _ = writeln!(
            out,
            "\n(Scored registers carry no impact or probability and are not on the heat map: {}.)",
            picture.unmapped().join(", ")
        );
    }
    out
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
            a.force,
            a.region,
            if notes.is_empty() {
                "none".to_owned()
            } else {
                notes.join("; ")
            }
        );
    }
    out
}

/// Writes `text` to standard output in one go. A closed pipe (`| head`) ends the output quietly
/// instead of panicking as `print!` does; the examples print through this.
pub fn write_stdout(text: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// The action plan as the JSON of the `action_plan` example: `{"matrix", "fingerprint",
/// "plan": [...priority order...], "progress": §10 JSON or null}`.
#[must_use]
pub fn plan_json(
    register: &ScoredRegister,
    plan: &[crate::plan::PlanEntry<'_>],
    progress: Option<&crate::plan::Progress>,
) -> String {
    let m = register.matrix();
    let value = serde_json::json!({
        "matrix": m.label(),
        "fingerprint": m.fingerprint(),
        "plan": plan,
        "progress": progress,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
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
            o.id(),
            o.area(),
            o.need(),
            o.need_band(),
            o.grade().map_or(String::new(), |g| format!(", {g}")),
            o.action_due().map_or("-".to_owned(), |d| d.to_string()),
            if overdue { " **OVERDUE**" } else { "" },
            if o.high_need() { ", HIGH NEED" } else { "" },
        );
        if let Some(d) = a.description() {
            let _ = writeln!(out, "   - risk: {d}");
        }
        let _ = writeln!(
            out,
            "   - owner: {}; risk manager: {}",
            a.owner().unwrap_or("(none recorded)"),
            a.manager().unwrap_or("(none recorded)")
        );
        if let Some(action) = a.action() {
            let _ = writeln!(out, "   - action: {action}");
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

/// Ends an example: the text on standard output and exit status 0, or every fault on standard
/// error and exit status 2 (nothing on standard output).
#[must_use]
pub fn finish(result: crate::Result<String>) -> std::process::ExitCode {
    match result {
        Ok(text) => {
            write_stdout(&text);
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprint!("{}", error_report(&e));
            std::process::ExitCode::from(2)
        }
    }
}
