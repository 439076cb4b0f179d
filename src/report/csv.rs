//! The CSV views: a scored register and its summaries, the national picture, the action plan.
//! Each is one table with a header row, as a spreadsheet imports it.

use super::register::{summary_cells, summary_columns};

pub(crate) use crate::quote::spreadsheet_safe;
use crate::register::{RegisterSummary, ScoredRegister, Summary};

fn csv_text(rows: Vec<Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        // Writing strings to memory cannot fail.
        let _ = w.write_record(&row);
    }
    written_text(w)
}

/// The text a writer into memory holds (its records are strings, so it is UTF-8, and flushing
/// to memory cannot fail).
fn written_text(w: csv::Writer<Vec<u8>>) -> String {
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The prioritised register as CSV, for a spreadsheet, and a register too: `priority`, `id`,
/// `area`, the assessment's other inputs in SPEC §3's order (one `ameliorative.KIND` column per
/// kind of the matrix), the outcome of SPEC §3 (empty cells for none), then the assessment's
/// `description`, `standard`, `action`, `owner` and `manager`. Read back as a register, it is
/// scored again to the same bytes: its `priority` and outcome columns
/// ([`DERIVED_COLUMNS`](crate::DERIVED_COLUMNS)) are recomputed, never trusted
/// ([`ScoredRegister::recomputed`]). Rows are written one at a time into the text.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, report};
///
/// let m = Matrix::reference();
/// let csv = "id,area,impact,probability,weighting,capability,capacity\n\
///            a,major_crime,critical,likely,cross_border; vulnerable_victims,limited,none\n";
/// let scored = report::register_csv(&Register::from_text(m, csv, RegisterFormat::Csv)?.score(m)?);
/// assert!(scored.starts_with("priority,id,area,impact,probability,weighting,"));
/// // Scored again, the scored file gives itself.
/// let again = Register::from_text(m, &scored, RegisterFormat::Csv)?.score(m)?;
/// assert!(again.recomputed().is_consistent());
/// assert_eq!(report::register_csv(&again), scored);
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[must_use]
pub fn register_csv(register: &ScoredRegister) -> String {
    let mut out = Vec::with_capacity(register.entries().len() * 240);
    // Writing to memory cannot fail, and every cell is UTF-8.
    let _ = write_register_csv(register, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The header of a scored register of `matrix` as [`register_csv`] and the workbook's
/// `Register` sheet write it: `priority`, `id`, `area`, the other inputs of SPEC §3 (one
/// `ameliorative.KIND` per kind of the matrix), the outcome, the notes.
///
/// ```
/// let header = needmatrix::report::scored_header(needmatrix::Matrix::reference());
/// assert_eq!(header[..4], ["priority", "id", "area", "impact"]);
/// assert!(header.iter().any(|c| c == "ameliorative.partnership"));
/// assert_eq!(header.last().map(String::as_str), Some("manager"));
/// ```
#[must_use]
pub fn scored_header(matrix: &crate::Matrix) -> Vec<String> {
    crate::score::columns::scored_header(matrix)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

/// Writes the prioritised register as CSV ([`register_csv`]) to `writer`, row by row.
///
/// # Errors
/// The writer's I/O error.
pub fn write_register_csv<W: std::io::Write>(
    register: &ScoredRegister,
    writer: W,
) -> std::io::Result<()> {
    use crate::score::columns::{ScoredColumn, input_text, scored_columns};
    use std::borrow::Cow;
    let m = register.matrix();
    let columns = scored_columns(m);
    let mut w = csv::Writer::from_writer(writer);
    w.write_record(columns.iter().map(|c| c.name(m).into_owned()))?;
    let mut row: Vec<String> = Vec::with_capacity(columns.len());
    for (rank, e) in register.entries().iter().enumerate() {
        let (a, o) = (e.assessment(), e.outcome());
        let notes = a.scored_notes();
        row.clear();
        row.extend(columns.iter().map(|c| {
            let text = match *c {
                ScoredColumn::Priority => Cow::Owned((rank + 1).to_string()),
                ScoredColumn::Outcome(f) => Cow::Owned(o.field_text(f).unwrap_or_default()),
                ScoredColumn::Input(input) => input_text(m, a, input),
                ScoredColumn::Note(k) => {
                    Cow::Borrowed(notes.get(k).copied().flatten().unwrap_or_default())
                }
            };
            if c.is_free_text() {
                spreadsheet_safe(&text)
            } else {
                text.into_owned()
            }
        }));
        w.write_record(&row)?;
    }
    w.flush()
}

/// Writes a register scored on the streaming path as CSV, byte for byte what
/// [`write_register_csv`] writes for the same register.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, report, stream::ScoredStream};
///
/// let m = Matrix::reference();
/// let csv = "id,area,impact,probability,capability,capacity,description\n\
///            a,major_crime,critical,likely,none,none,\"Drugs, and guns\"\n";
/// let mut streamed = Vec::new();
/// report::write_stream_csv(&ScoredStream::from_text(m, csv.to_owned(), RegisterFormat::Csv)?, &mut streamed)?;
/// let scored = Register::from_text(m, csv, RegisterFormat::Csv)?.score(m)?;
/// assert_eq!(String::from_utf8(streamed)?, report::register_csv(&scored));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// The writer's I/O error.
pub fn write_stream_csv<W: std::io::Write>(
    register: &crate::stream::ScoredStream,
    writer: W,
) -> std::io::Result<()> {
    match register.careful() {
        Some(scored) => write_register_csv(scored, writer),
        None => register.write_fast_csv(writer),
    }
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
            let mut header: Vec<String> = vec!["scope".into(), "area".into()];
            header.extend(summary_columns(s.need_bands().map(|(k, _)| k)));
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
    let mut scopes: Vec<(String, &RegisterSummary)> = vec![("national".to_owned(), national)];
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
/// with its options in plain words separated by `; ` (each with its cost when the plan has
/// costs), whether its deadline has passed and whether its review is overdue on the plan's date
/// (empty without one), and what the budget decided (empty without one).
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, plan::Plan, report};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "critical", "probability": "likely", "capability": "none", "capacity": "none"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// let csv = report::plan_csv(&Plan::new(&scored)?);
/// assert!(csv.starts_with("priority,id,area,need,"));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[must_use]
pub fn plan_csv(plan: &crate::plan::Plan<'_>) -> String {
    // Each row is written as soon as it is made: holding every row's cells until the end made
    // hundreds of thousands of small allocations live at once, and the allocator's work on them
    // grew faster than the rows.
    let mut w = csv::Writer::from_writer(Vec::with_capacity(plan.entries.len() * 128));
    let _ = w.write_record([
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
        "review_overdue",
        "budget",
    ]);
    let flag = |v: Option<bool>| v.map_or(String::new(), |b| b.to_string());
    let reviews_due: Option<std::collections::HashSet<&str>> = plan
        .review_overdue
        .as_ref()
        .map(|due| due.iter().copied().collect());
    // What the budget decided, by id, looked up once per entry: a scan of the funded list per
    // entry made the view quadratic (344 ms at 20 000 entries).
    enum Decision<'b> {
        Funded(&'b crate::plan::Funded),
        NotFunded(&'b crate::plan::NotFunded),
    }
    let decisions: Option<std::collections::HashMap<&str, Decision<'_>>> =
        plan.budget.as_ref().map(|b| {
            let unfunded = b
                .unfunded
                .iter()
                .map(|u| (u.id.as_str(), Decision::NotFunded(u)));
            let funded = b
                .funded
                .iter()
                .map(|f| (f.id.as_str(), Decision::Funded(f)));
            // An id is funded or not, never both; were it both, funded wins, as it did.
            unfunded.chain(funded).collect()
        });
    for (n, p) in plan.entries.iter().enumerate() {
        let (o, a) = (p.entry.outcome(), p.entry.assessment());
        let options = p
            .options
            .iter()
            .map(|option| match (plan.costs, plan.cost(p, option)) {
                (Some(_), Some(cost)) => format!("{option} (cost {cost})"),
                (Some(_), None) => format!("{option} (no cost given)"),
                (None, _) => option.to_string(),
            })
            .collect::<Vec<_>>()
            .join("; ");
        let review = reviews_due.as_ref().map(|due| due.contains(o.id()));
        let budget = match decisions.as_ref().and_then(|d| d.get(o.id())) {
            Some(Decision::Funded(f)) => format!("funded: {} (cost {})", f.option, f.cost),
            Some(Decision::NotFunded(u)) => u.reason.to_string(),
            None => String::new(),
        };
        // Writing to memory cannot fail.
        let _ = w.write_record([
            (n + 1).to_string(),
            spreadsheet_safe(o.id()),
            o.area().to_owned(),
            o.need().to_string(),
            o.need_band().to_owned(),
            o.grade().map_or(String::new(), |g| g.as_str().to_owned()),
            o.action_due().map_or(String::new(), |d| d.to_string()),
            flag(plan.overdue(p)),
            spreadsheet_safe(a.owner().unwrap_or_default()),
            spreadsheet_safe(a.manager().unwrap_or_default()),
            spreadsheet_safe(a.action().unwrap_or_default()),
            options,
            flag(review),
            budget,
        ]);
    }
    written_text(w)
}
