//! Register readers: JSON, JSON Lines and CSV records to checked assessments.
//!
//! Every reader is all or nothing: a file with one faulty record is refused whole, and the error
//! lists the first faulty records ([`Error::Faults`]) so they can all be fixed in one pass.

use std::path::Path;

use serde_json::value::RawValue;

use super::ids::UniqueIds;
use super::{Assessment, RawAssessment};
use super::{FIELDS, RawAmeliorative, RawFlag};
use crate::error::{Error, FaultList, Location, Result};
use crate::matrix::Matrix;
use crate::points::RawPoints;
use crate::text::json::{from_json, json_error, json_error_plain};
use crate::text::{Lines, read_text, shift};

/// Most assessments one register may hold.
pub const MAX_REGISTER_ROWS: usize = 10_000_000;

/// The refusal of a register longer than [`MAX_REGISTER_ROWS`], named at its first record too
/// many (and that record's line, when the format has lines).
fn too_many_records(line: Option<u64>) -> Error {
    let at = Location::new().with_record(record_name(None, MAX_REGISTER_ROWS));
    Error::from(crate::error::Fault::OutOfRange {
        at: match line {
            Some(l) => at.with_line(l),
            None => at,
        },
        value: format!("{} records or more", MAX_REGISTER_ROWS + 1),
        rule: format!("a register holds at most {MAX_REGISTER_ROWS} assessments"),
    })
}

/// The name a record goes by in errors: its id, or `#n` (1-based) when it has none.
fn record_name(id: Option<&str>, index: usize) -> String {
    id.map_or_else(|| format!("#{}", index + 1), ToOwned::to_owned)
}

/// Deserialises one JSON record into a raw assessment, errors relative to where the record
/// starts in its file.
fn raw_from_json(text: &str, base_line: u64, base_column: u64) -> Result<RawAssessment> {
    from_json(text).map_err(|e| e.map_location(|at| shift(at, base_line, base_column)))
}

pub(crate) fn assessment_from_json(matrix: &Matrix, text: &str) -> Result<Assessment> {
    let raw = raw_from_json(text, 1, 1)?;
    let id = raw.id.clone();
    raw.check(Some(matrix))
        .map_err(|e| e.map_location(|at| at.with_record(record_name(id.as_deref(), 0))))
}

#[cfg(feature = "toml")]
pub(crate) fn assessment_from_toml(matrix: &Matrix, text: &str) -> Result<Assessment> {
    let raw: RawAssessment = crate::text::toml::from_toml(text)?;
    let id = raw.id.clone();
    raw.check(Some(matrix))
        .map_err(|e| e.map_location(|at| at.with_record(record_name(id.as_deref(), 0))))
}

/// The assessments of a register file, each with the line its record starts on (when the
/// format has lines), so that faults found later, when it is scored, can name it.
#[derive(Debug, Default)]
pub(crate) struct Gathered {
    pub(crate) assessments: Vec<Assessment>,
    pub(crate) lines: Vec<Option<u64>>,
    /// For a workbook, where each field's cells are, so faults found later name their cell.
    pub(crate) cells: Option<CellNames>,
    /// The derived cells of a scored table read back (none for a plain register).
    pub(crate) derived: DerivedCells,
}

/// The columns a scored table (the scored CSV, the workbook's `Register` sheet) holds that are
/// derived from its inputs: `priority` and the outcome of SPEC §3 but `id` and `area`. Read back
/// as a register, such a table is scored again: these cells are kept only to be compared with
/// what is recomputed, never trusted.
pub const DERIVED_COLUMNS: [&str; 15] = [
    "priority",
    "risk",
    "comparator",
    "mitigation",
    "threat",
    "ability",
    "gap",
    "need",
    "surplus",
    "threat_band",
    "need_band",
    "grade",
    "action_due",
    "high_risk",
    "high_need",
];

/// The derived cells of a scored table read back as a register, record by record, kept to be
/// compared with their recomputed values: all of them in one text, so that a large table costs
/// a few bytes per cell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DerivedCells {
    /// The [`DERIVED_COLUMNS`] position of each derived column, in the header's order.
    columns: Vec<usize>,
    text: String,
    /// Where each cell ends in `text`: `columns.len()` cells per record.
    ends: Vec<usize>,
}

impl DerivedCells {
    /// Whether the table had no derived column.
    pub(crate) fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.ends.push(self.text.len());
    }

    /// The derived cells of record `n` (in reading order): each column's name and its text,
    /// empty cells left out (a row an analyst added to a scored table has none).
    pub(crate) fn of_record(&self, n: usize) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        let stride = self.columns.len();
        let first = n.saturating_mul(stride);
        self.columns
            .iter()
            .enumerate()
            .filter_map(move |(k, column)| {
                let end = *self.ends.get(first + k)?;
                let start = match (first + k).checked_sub(1) {
                    Some(before) => *self.ends.get(before)?,
                    None => 0,
                };
                let cell = self.text.get(start..end)?;
                let name = DERIVED_COLUMNS.get(*column)?;
                (!cell.is_empty()).then_some((*name, cell))
            })
    }
}

/// Where a workbook register's fields are: its sheet and the column letters of each header
/// name. A fault that names a line (the row) and a field is then named by its cell too, whether
/// it was found while the workbook was read or later, when it was scored.
#[derive(Clone, Debug, Default)]
pub(crate) struct CellNames {
    pub(crate) sheet: String,
    /// Header name and its column's letters.
    pub(crate) columns: Vec<(String, String)>,
}

impl CellNames {
    /// `at` with its cell, when it names a row and a field of a column and no cell yet.
    pub(crate) fn locate(&self, at: Location) -> Location {
        let (Some(line), Some(field), None) = (at.line(), at.field_name(), at.cell()) else {
            return at;
        };
        // `weighting[2]` is in column `weighting`; `ameliorative.partnership` in its own.
        let name = if field.starts_with("ameliorative.") {
            field
        } else {
            field.split(['[', '.']).next().unwrap_or(field)
        };
        match self.columns.iter().find(|(header, _)| header == name) {
            Some((_, letters)) => {
                let cell = format!("{}!{letters}{line}", self.sheet);
                at.with_cell(cell)
            }
            None => at,
        }
    }
}

/// Checks raw records in order, collecting every fault (the first [`crate::MAX_LISTED_FAULTS`]
/// listed) and refusing duplicate ids.
pub(super) struct Collector<'m> {
    matrix: &'m Matrix,
    faults: FaultList,
    out: Gathered,
    /// Ids seen so far, with the position and line of their record.
    seen: UniqueIds,
}

impl<'m> Collector<'m> {
    pub(super) fn new(matrix: &'m Matrix) -> Self {
        Collector {
            matrix,
            faults: FaultList::default(),
            out: Gathered::default(),
            seen: UniqueIds::default(),
        }
    }

    /// Takes one record: its raw form (or the fault that stopped it being read), where it was.
    pub(super) fn take(&mut self, raw: Result<RawAssessment>, index: usize, line: Option<u64>) {
        if index == MAX_REGISTER_ROWS {
            return self.faults.push(too_many_records(line));
        }
        if index > MAX_REGISTER_ROWS {
            return;
        }
        let locate = |at: Location, id: Option<&str>| {
            let at = at.with_record(record_name(id, index));
            match line {
                Some(l) => at.with_line(l),
                None => at,
            }
        };
        let raw = match raw {
            Ok(raw) => raw,
            Err(e) => return self.faults.push(e.map_location(|at| locate(at, None))),
        };
        let id = raw.id.clone();
        match raw.check(Some(self.matrix)) {
            Ok(a) => match self
                .seen
                .insert(a.id(), || locate(Location::new(), Some(a.id())))
            {
                Ok(()) => {
                    self.out.assessments.push(a);
                    self.out.lines.push(line);
                }
                Err(e) => self.faults.push(e),
            },
            Err(e) => self
                .faults
                .push(e.map_location(|at| locate(at, id.as_deref()))),
        }
    }

    /// A collector of records of named columns: the cells of derived columns kept aside.
    pub(super) fn of_columns(matrix: &'m Matrix, columns: &[Column]) -> Self {
        let mut collector = Self::new(matrix);
        collector.out.derived.columns = columns
            .iter()
            .filter_map(|c| match c {
                Column::Derived(d) => Some(*d),
                _ => None,
            })
            .collect();
        collector
    }

    /// Where the derived cells of each record go.
    pub(super) fn derived(&mut self) -> &mut DerivedCells {
        &mut self.out.derived
    }

    pub(super) fn finish(self) -> Result<Gathered> {
        self.faults.into_result()?;
        Ok(self.out)
    }
}

/// Reads a JSON array of assessment objects.
pub(crate) fn register_json(matrix: &Matrix, text: &str) -> Result<Gathered> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let records: Vec<&RawValue> = serde_path_to_error::deserialize(&mut de).map_err(json_error)?;
    de.end()
        .map_err(|e| json_error_plain(&e, "trailing characters"))?;
    let mut collector = Collector::new(matrix);
    // Gathered come in file order, so one cursor counts lines and columns for all of them.
    let mut lines = Lines::new(text);
    for (index, record) in records.iter().enumerate() {
        let slice = record.get();
        // Where the record starts: its offset within the file text, found by address because
        // RawValue borrows from `text`.
        let offset = (slice.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let (line, column) = lines.at(offset);
        let raw = raw_from_json(slice, line, column);
        collector.take(raw, index, Some(line));
    }
    collector.finish()
}

/// Reads JSON Lines: one assessment object per line; blank lines are skipped.
pub(crate) fn register_jsonl(matrix: &Matrix, text: &str) -> Result<Gathered> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut collector = Collector::new(matrix);
    let mut index = 0;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let line_no = n as u64 + 1;
        collector.take(raw_from_json(line, line_no, 1), index, Some(line_no));
        index += 1;
    }
    collector.finish()
}

/// What a named column (of a CSV file, a workbook or a data frame) holds.
#[derive(Clone, Debug)]
pub(super) enum Column {
    Field(&'static str),
    Ameliorative(String),
    /// A column of [`DERIVED_COLUMNS`] (by position): recomputed, never read as an input.
    Derived(usize),
}

/// The columns of a header, by name: the fields of SPEC §3 and `ameliorative.KIND`. Faults
/// name the column (its field), not yet its line or cell.
///
/// # Errors
/// `parse` for an unknown or repeated column.
pub(super) fn named_columns<'n>(names: impl IntoIterator<Item = &'n str>) -> Result<Vec<Column>> {
    let mut columns: Vec<Column> = Vec::new();
    // A set, not a pairwise comparison: a hostile header may have a million columns.
    let mut seen = std::collections::HashSet::new();
    for (n, name) in names.into_iter().enumerate() {
        let at = || Location::new().with_field_prefix(name);
        if !seen.insert(name) {
            return Err(Error::parse(at(), format!("column `{name}` appears twice")));
        }
        let column = if let Some(kind) = name.strip_prefix("ameliorative.") {
            Column::Ameliorative(kind.to_owned())
        } else if let Some(field) = FIELDS.iter().find(|f| **f == name && **f != "ameliorative") {
            Column::Field(field)
        } else if let Some(derived) = DERIVED_COLUMNS.iter().position(|d| *d == name) {
            Column::Derived(derived)
        } else {
            let known = crate::error::Known::of(
                name,
                FIELDS
                    .iter()
                    .filter(|f| **f != "ameliorative")
                    .copied()
                    .chain(["ameliorative.KIND"])
                    .chain(DERIVED_COLUMNS),
            );
            return Err(Error::parse(
                at(),
                format!("unknown column `{name}` (column {}){known}", n + 1),
            ));
        };
        columns.push(column);
    }
    Ok(columns)
}

/// One cell of a row of named columns: text (a CSV cell, a frame's cell, or a workbook cell as
/// text), or a workbook's boolean.
pub(crate) enum Cell<'c> {
    Text(std::borrow::Cow<'c, str>),
    #[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
    Flag(bool),
}

/// One record of named columns as a raw assessment; the cells of derived columns go to
/// `derived`.
pub(super) fn raw_from_cells<'c>(
    columns: &[Column],
    cells: impl Iterator<Item = Cell<'c>>,
    derived: &mut DerivedCells,
) -> RawAssessment {
    let mut raw = RawAssessment::default();
    let mut ameliorative = RawAmeliorative::default();
    for (column, cell) in columns.iter().zip(cells) {
        if let Column::Derived(_) = column {
            match cell {
                Cell::Text(text) => derived.push(&text),
                Cell::Flag(b) => derived.push(if b { "true" } else { "false" }),
            }
            continue;
        }
        let cell = match cell {
            // A boolean is a flag in a flag's column, its text anywhere else.
            Cell::Flag(b) => match column {
                Column::Field("measure_in_place") => {
                    raw.measure_in_place = Some(RawFlag::Bool(b));
                    continue;
                }
                Column::Field("lead_high_risk") => {
                    raw.lead_high_risk = Some(RawFlag::Bool(b));
                    continue;
                }
                _ => std::borrow::Cow::Borrowed(if b { "true" } else { "false" }),
            },
            Cell::Text(text) => text,
        };
        let cell: &str = &cell;
        // SPEC §3: in CSV an empty cell is an absent field.
        if cell.is_empty() {
            continue;
        }
        let text = Some(cell.to_owned());
        match column {
            Column::Ameliorative(kind) => ameliorative
                .0
                .push((kind.clone(), RawPoints::Text(cell.to_owned()))),
            Column::Field("id") => raw.id = text,
            Column::Field("area") => raw.area = text,
            Column::Field("impact") => raw.impact = text,
            Column::Field("probability") => raw.probability = text,
            Column::Field("weighting") => {
                raw.weighting = Some(
                    cell.split(';')
                        .map(str::trim)
                        .filter(|k| !k.is_empty())
                        .map(ToOwned::to_owned)
                        .collect(),
                );
            }
            Column::Field("capability") => raw.capability = text,
            Column::Field("capacity") => raw.capacity = text,
            Column::Field("measure_in_place") => {
                raw.measure_in_place = Some(RawFlag::Text(cell.to_owned()));
            }
            Column::Field("assessed_on") => raw.assessed_on = text,
            Column::Field("lead_high_risk") => {
                raw.lead_high_risk = Some(RawFlag::Text(cell.to_owned()));
            }
            Column::Field("confidence") => raw.confidence = text,
            Column::Field("standard") => raw.standard = text,
            Column::Field("description") => raw.description = text,
            Column::Field("action") => raw.action = text,
            Column::Field("owner") => raw.owner = text,
            Column::Field("manager") => raw.manager = text,
            Column::Field(_) | Column::Derived(_) => {}
        }
    }
    if !ameliorative.0.is_empty() {
        raw.ameliorative = Some(ameliorative);
    }
    raw
}

#[cfg(feature = "csv")]
/// Reads a CSV register: columns by header name, in any order.
pub(crate) fn register_csv(matrix: &Matrix, text: &str) -> Result<Gathered> {
    let (mut records, headers) = crate::text::csv::Records::new(text)?;
    let columns = named_columns(&headers).map_err(|e| e.map_location(|at| at.with_line(1)))?;
    let mut collector = Collector::of_columns(matrix, &columns);
    let mut record = csv::StringRecord::new();
    let mut index = 0;
    while let Some(next) = records.next(&mut record) {
        match next {
            Ok(line) => {
                let cells = record
                    .iter()
                    .map(|c| Cell::Text(std::borrow::Cow::Borrowed(c)));
                let raw = raw_from_cells(&columns, cells, collector.derived());
                collector.take(Ok(raw), index, Some(line));
            }
            Err((e, true)) => return Err(e),
            Err((e, false)) => collector.take(Err(e), index, None),
        }
        index += 1;
    }
    collector.finish()
}

/// Reads a register held as named columns of cells (a data frame's columns), row by row: the
/// names as a CSV header's, a cell as a CSV cell, `None` or an empty text an absent field.
///
/// # Errors
/// `parse` for an unknown or repeated column, or columns of different lengths; `out_of_range`
/// for a column longer than [`MAX_REGISTER_ROWS`] (when its length is known, before any row is
/// read); otherwise every faulty record, as the other readers.
pub(crate) fn register_columns<N, C, S>(
    matrix: &Matrix,
    columns: impl IntoIterator<Item = (N, C)>,
) -> Result<Gathered>
where
    N: AsRef<str>,
    C: IntoIterator<Item = Option<S>>,
    S: AsRef<str>,
{
    let (names, mut cells): (Vec<N>, Vec<C::IntoIter>) = columns
        .into_iter()
        .map(|(name, cells)| (name, cells.into_iter()))
        .unzip();
    let columns = named_columns(names.iter().map(AsRef::as_ref))?;
    // A column known to be longer than a register may be is refused before any row is read.
    if cells.iter().any(|c| c.size_hint().0 > MAX_REGISTER_ROWS) {
        return Err(too_many_records(None));
    }
    let mut collector = Collector::of_columns(matrix, &columns);
    let mut row: Vec<Option<S>> = Vec::with_capacity(cells.len());
    for index in 0.. {
        row.clear();
        row.extend(cells.iter_mut().map_while(Iterator::next));
        if row.is_empty() {
            break;
        }
        if row.len() < cells.len() {
            let (short, _) = names.iter().zip(&cells).nth(row.len()).unzip();
            let name = short.map_or("", AsRef::as_ref);
            return Err(Error::parse(
                Location::new().with_field_prefix(name),
                format!(
                    "column `{name}` ends after {index} cells, where the columns before it go on"
                ),
            ));
        }
        let text = row.iter().map(|c| {
            Cell::Text(std::borrow::Cow::Borrowed(
                c.as_ref().map_or("", AsRef::as_ref),
            ))
        });
        let raw = raw_from_cells(&columns, text, collector.derived());
        collector.take(Ok(raw), index, None);
        // One record past the limit is refused by name; the rest are not read at all.
        if index >= MAX_REGISTER_ROWS {
            return collector.finish();
        }
    }
    // A column that goes on after the first ends.
    let longer = names
        .iter()
        .zip(cells.iter_mut())
        .find_map(|(name, c)| c.next().map(|_| name));
    if let Some(name) = longer {
        let name = name.as_ref();
        return Err(Error::parse(
            Location::new().with_field_prefix(name),
            format!("column `{name}` goes on after the columns before it end"),
        ));
    }
    collector.finish()
}

crate::closed::closed_set! {
    /// The register formats, chosen by file extension ([`RegisterFormat::of_path`]) or by name
    /// (`json`, `jsonl`, `csv`).
    ///
    /// ```
    /// use std::path::Path;
    /// use needmatrix::RegisterFormat;
    ///
    /// assert_eq!(RegisterFormat::of_path(Path::new("2008/register.CSV")), Some(RegisterFormat::Csv));
    /// assert_eq!("jsonl".parse::<RegisterFormat>()?, RegisterFormat::JsonLines);
    /// # Ok::<(), needmatrix::UnknownName>(())
    /// ```
    #[non_exhaustive]
    pub enum RegisterFormat ("a register format") {
        /// A JSON array of assessment objects (`.json`).
        Json => "json",
        /// One assessment object per line (`.jsonl`).
        JsonLines => "jsonl",
        /// CSV with a header row (`.csv`).
        Csv => "csv",
        /// An Excel workbook (`.xlsx`, feature `xlsx`): read from its bytes, not as text.
        Xlsx => "xlsx",
    }
}

impl RegisterFormat {
    /// The format of a path, by its extension (any case).
    #[must_use]
    pub fn of_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Self::Json),
            "jsonl" | "ndjson" => Some(Self::JsonLines),
            "csv" => Some(Self::Csv),
            "xlsx" => Some(Self::Xlsx),
            _ => None,
        }
    }
}

impl RegisterFormat {
    /// The format of a register file by its extension, or the refusal that names the file.
    pub(crate) fn of_register_path(path: &Path) -> Result<Self> {
        Self::of_path(path).ok_or_else(|| {
            Error::parse(
                Location::new().with_file(path.display().to_string()),
                "a register file ends in .json, .jsonl, .csv or .xlsx",
            )
        })
    }
}

/// Reads a register file of any format, errors naming the file.
pub(crate) fn register_path(matrix: &Matrix, path: &Path) -> Result<Gathered> {
    let name = path.display().to_string();
    let format = RegisterFormat::of_register_path(path)?;
    if format == RegisterFormat::Xlsx {
        return register_workbook(matrix, path).map_err(|e| e.in_file(&name));
    }
    let text = read_text(path)?;
    register_text(matrix, &text, format).map_err(|e| e.in_file(&name))
}

/// Reads a workbook register file.
#[cfg(feature = "xlsx")]
fn register_workbook(matrix: &Matrix, path: &Path) -> Result<Gathered> {
    let bytes = crate::text::read_bytes_up_to(path, crate::text::MAX_FILE_BYTES)?;
    super::xlsx::register_xlsx(matrix, &bytes)
}

#[cfg(not(feature = "xlsx"))]
fn register_workbook(_: &Matrix, _: &Path) -> Result<Gathered> {
    Err(Error::feature_disabled("xlsx", "Excel workbooks"))
}

/// Reads register text of a given format.
pub(crate) fn register_text(
    matrix: &Matrix,
    text: &str,
    format: RegisterFormat,
) -> Result<Gathered> {
    match format {
        RegisterFormat::Json => register_json(matrix, text),
        RegisterFormat::JsonLines => register_jsonl(matrix, text),
        #[cfg(feature = "csv")]
        RegisterFormat::Csv => register_csv(matrix, text),
        #[cfg(not(feature = "csv"))]
        RegisterFormat::Csv => Err(Error::feature_disabled("csv", "CSV registers")),
        RegisterFormat::Xlsx => Err(Error::parse(
            Location::new(),
            "a workbook is read from its bytes (Register::from_xlsx or Register::from_path), not as text",
        )),
    }
}
