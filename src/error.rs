//! The one error type of the crate, its stable codes, and where a fault was found.
//!
//! Every refusal carries a [`Location`] (file, line, column, record and field, as far as they are
//! known) and quotes the value that was wrong. [`Error::code`] returns the stable code of SPEC
//! (`unknown_level`, `points_not_increasing`, …): vendors and scripts match on the code, people
//! read the message.

use std::fmt;
use std::io;
use std::sync::Arc;

use crate::quote::Quoted;

/// `Result` with this crate's [`Error`].
///
/// ```
/// fn read(text: &str) -> needmatrix::Result<needmatrix::Matrix> {
///     needmatrix::Matrix::from_json_str(text)
/// }
/// assert!(read("{}").is_err());
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where a fault was found. Every part is optional: a matrix built in memory has no file, a CSV
/// row has a line but a JSON value may only have a path.
///
/// ```
/// use needmatrix::{Matrix, RegisterFormat, Register};
///
/// let jsonl = "\n{\"id\": \"x\", \"area\": \"moon\", \"impact\": \"major\", \"probability\": \"rare\", \"capability\": \"none\", \"capacity\": \"none\"}";
/// let e = Register::from_text(Matrix::reference(), jsonl, RegisterFormat::JsonLines).unwrap_err();
/// let at = e.location().unwrap();
/// assert_eq!((at.line(), at.record(), at.field_name()), (Some(2), Some("x"), Some("area")));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location(Box<Place>);

/// The parts of a location, boxed so that errors stay small on the happy path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Place {
    pub(crate) file: Option<String>,
    pub(crate) line: Option<u64>,
    pub(crate) column: Option<u64>,
    pub(crate) record: Option<String>,
    pub(crate) field: Option<String>,
    pub(crate) cell: Option<String>,
}

impl Location {
    /// An empty location, to be filled in as the error travels outwards.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A location that names only a field (a path such as `impact[2].points`).
    #[must_use]
    pub fn field(field: impl Into<String>) -> Self {
        Self(Box::new(Place {
            field: Some(field.into()),
            ..Place::default()
        }))
    }

    /// The file, when the input came from one.
    #[must_use]
    pub fn file(&self) -> Option<&str> {
        self.0.file.as_deref()
    }

    /// The line (1-based) in the file.
    #[must_use]
    pub fn line(&self) -> Option<u64> {
        self.0.line
    }

    /// The column (1-based) in the line.
    #[must_use]
    pub fn column(&self) -> Option<u64> {
        self.0.column
    }

    /// The record: an assessment id, or its position in the file when the id is unknown.
    #[must_use]
    pub fn record(&self) -> Option<&str> {
        self.0.record.as_deref()
    }

    /// The field, or a path to it (`ameliorative.partnership`, `impact[2].points`).
    #[must_use]
    pub fn field_name(&self) -> Option<&str> {
        self.0.field.as_deref()
    }

    /// The cell of a workbook, sheet and reference (`Register!F12`); its row is the line.
    #[must_use]
    pub fn cell(&self) -> Option<&str> {
        self.0.cell.as_deref()
    }

    /// Sets the workbook cell unless one is already known.
    #[must_use]
    pub fn with_cell(mut self, cell: impl Into<String>) -> Self {
        self.0.cell.get_or_insert_with(|| cell.into());
        self
    }

    /// Sets the file unless one is already known.
    #[must_use]
    pub fn with_file(mut self, file: impl Into<String>) -> Self {
        self.0.file.get_or_insert_with(|| file.into());
        self
    }

    /// Sets the line unless one is already known.
    #[must_use]
    pub fn with_line(mut self, line: u64) -> Self {
        self.0.line.get_or_insert(line);
        self
    }

    /// Sets the column unless one is already known.
    #[must_use]
    pub fn with_column(mut self, column: u64) -> Self {
        self.0.column.get_or_insert(column);
        self
    }

    /// Sets the record unless one is already known.
    #[must_use]
    pub fn with_record(mut self, record: impl Into<String>) -> Self {
        self.0.record.get_or_insert_with(|| record.into());
        self
    }

    /// Sets the field, or puts `prefix` in front of the path already known
    /// (`areas` + `[2].key` = `areas[2].key`).
    #[must_use]
    pub fn with_field_prefix(mut self, prefix: &str) -> Self {
        self.0.field = Some(match self.0.field.take() {
            None => prefix.to_owned(),
            Some(inner) if inner.starts_with('[') => format!("{prefix}{inner}"),
            Some(inner) => format!("{prefix}.{inner}"),
        });
        self
    }

    /// Keeps this location's line and column and takes the rest from `other`.
    #[must_use]
    pub(crate) fn merge_rest(self, other: Location) -> Location {
        let mut out = other;
        out.0.line = self.0.line;
        out.0.column = self.0.column;
        out
    }

    /// True when nothing is known.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(file) = &self.0.file {
            parts.push(format!("file `{file}`"));
        }
        match (&self.0.cell, self.0.line, self.0.column) {
            (Some(cell), _, _) => parts.push(format!("cell {cell}")),
            (None, Some(line), Some(column)) => {
                parts.push(format!("line {line}, column {column}"));
            }
            (None, Some(line), None) => parts.push(format!("line {line}")),
            _ => {}
        }
        if let Some(record) = &self.0.record {
            parts.push(format!("record `{}`", Quoted(record)));
        }
        if let Some(field) = &self.0.field {
            parts.push(format!("field `{field}`"));
        }
        f.write_str(&parts.join(", "))
    }
}

/// Renders the location suffix of a message: ` (at file `x`, line 3)` or nothing.
struct At<'a>(&'a Location);

/// The keys that would have been valid where an unknown one was given, shown after the error
/// (at most [`Known::SHOWN`] of them) with the nearest as a suggestion: a newcomer learns the
/// keys from the first refusal instead of reading the matrix file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Known {
    keys: Vec<String>,
    more: usize,
    nearest: Option<String>,
}

impl Known {
    /// Keys listed in a message at most.
    const SHOWN: usize = 24;

    /// The valid keys for `given`, and the nearest of them when one is near: the same once
    /// case, spaces and hyphens are set aside (`Major` → `major`, `almost certain` →
    /// `almost_certain`), or within two edits of a key longer than three characters.
    pub(crate) fn of<'k>(given: &str, keys: impl IntoIterator<Item = &'k str>) -> Known {
        let keys: Vec<&str> = keys.into_iter().collect();
        let folded = |k: &str| -> String {
            k.chars()
                .map(|c| match c {
                    ' ' | '-' => '_',
                    c => c.to_ascii_lowercase(),
                })
                .collect()
        };
        let wanted = folded(given.trim());
        let nearest = keys
            .iter()
            .find(|k| folded(k) == wanted)
            .or_else(|| {
                keys.iter()
                    .filter(|k| k.len() > 3)
                    .map(|k| (edit_distance(&wanted, k), k))
                    .filter(|(d, _)| *d <= 2)
                    .min_by_key(|(d, _)| *d)
                    .map(|(_, k)| k)
            })
            .filter(|k| **k != given)
            .map(|k| (*k).to_owned());
        Known {
            more: keys.len().saturating_sub(Self::SHOWN),
            keys: keys
                .iter()
                .take(Self::SHOWN)
                .map(|k| (*k).to_owned())
                .collect(),
            nearest,
        }
    }

    /// The suggestion, when there is one.
    pub(crate) fn nearest(&self) -> Option<&str> {
        self.nearest.as_deref()
    }
}

/// Levenshtein distance, for suggestions among a handful of short keys (it gives up past 64
/// characters: no key is that long).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let left = row.get(j).copied().unwrap_or(usize::MAX);
            let next = (diagonal + usize::from(ca != cb)).min(up + 1).min(left + 1);
            diagonal = up;
            if let Some(slot) = row.get_mut(j + 1) {
                *slot = next;
            }
        }
    }
    row.last().copied().unwrap_or(usize::MAX)
}

impl fmt::Display for Known {
    /// `; did you mean `major`? (valid: minimal, minor, moderate, major, critical)`, or nothing
    /// when the keys are not known where the error was made.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(n) = &self.nearest {
            write!(f, "; did you mean `{n}`?")?;
        }
        if !self.keys.is_empty() {
            write!(f, " (valid: {}", self.keys.join(", "))?;
            if self.more > 0 {
                write!(f, " and {} more", self.more)?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, " (at {})", self.0)
        }
    }
}

/// A match over an error that binds the location of every variant that has one; the two
/// accessors below share it, so a new variant is listed once.
macro_rules! match_location {
    ($error:expr, $at:ident => $located:expr, $faults:pat => $listed:expr, $io:expr) => {
        match $error {
            Fault::MissingField { $at } => $located,
            Fault::Parse { $at, .. } => $located,
            Fault::InvalidKey { $at, .. } => $located,
            Fault::DuplicateKey { $at, .. } => $located,
            Fault::EmptyScale { $at, .. } => $located,
            Fault::PointsNotIncreasing { $at, .. } => $located,
            Fault::GridShape { $at, .. } => $located,
            Fault::Precision { $at, .. } => $located,
            Fault::OutOfRange { $at, .. } => $located,
            Fault::BandFloorNotZero { $at, .. } => $located,
            Fault::BandsNotIncreasing { $at, .. } => $located,
            Fault::UnknownBand { $at, .. } => $located,
            Fault::InvalidMonths { $at, .. } => $located,
            Fault::InvalidId { $at, .. } => $located,
            Fault::UnknownArea { $at, .. } => $located,
            Fault::UnknownLevel { $at, .. } => $located,
            Fault::UnknownFactor { $at, .. } => $located,
            Fault::DuplicateFactor { $at, .. } => $located,
            Fault::UnknownAmeliorative { $at, .. } => $located,
            Fault::AmeliorativeOutOfRange { $at, .. } => $located,
            Fault::InvalidDate { $at, .. } => $located,
            Fault::DuplicateId { $at, .. } => $located,
            Fault::MatrixMismatch { $at, .. } => $located,
            Fault::IncompleteReview { $at, .. } => $located,
            Fault::FeatureDisabled { $at, .. } => $located,
            Fault::NoMatrix { $at } => $located,
            Fault::CrosswalkIncomplete { $at, .. } => $located,
            Fault::Faults {
                faults: $faults, ..
            } => $listed,
            Fault::Io { .. } => $io,
        }
    };
}

/// Every way the crate refuses input, with what each needs to say where and why. Private: the
/// public [`Error`] wraps it, so variants can change without breaking anyone.
#[derive(Debug, thiserror::Error, Clone)]
pub(crate) enum Fault {
    /// Malformed input: bad syntax, a value of the wrong type, a field or column the format does
    /// not know, or a float literal where points were expected.
    #[error("{message}{}", At(at))]
    Parse {
        /// Where.
        at: Location,
        /// What was wrong, in words.
        message: String,
    },
    /// A required field is absent (in CSV: its cell is empty or its column is missing).
    #[error("missing required field{}", At(at))]
    MissingField {
        /// Where; the field is named in the location.
        at: Location,
    },
    /// A key, matrix id or version that breaks its pattern.
    #[error("invalid key `{}`: {rule}{}", Quoted(value), At(at))]
    InvalidKey {
        /// Where.
        at: Location,
        /// The value given.
        value: String,
        /// The pattern it must match.
        rule: &'static str,
    },
    /// A key given twice in one list (or a band given two grades).
    #[error("duplicate key `{}`{}", Quoted(key), At(at))]
    DuplicateKey {
        /// Where the second one was found.
        at: Location,
        /// The repeated key.
        key: String,
    },
    /// A list with fewer entries than the format asks for.
    #[error("too few entries: {found}, at least {min} required{}", At(at))]
    EmptyScale {
        /// Where.
        at: Location,
        /// Entries required.
        min: usize,
        /// Entries found.
        found: usize,
    },
    /// Scale points that do not strictly increase.
    #[error(
        "points `{value}` do not exceed the previous level's `{previous}`{}",
        At(at)
    )]
    PointsNotIncreasing {
        /// Where.
        at: Location,
        /// Points of the level before.
        previous: String,
        /// Points of this level.
        value: String,
    },
    /// A risk grid whose rows or columns do not match the probability and impact scales.
    #[error("risk grid has the wrong shape: {message}{}", At(at))]
    GridShape {
        /// Where.
        at: Location,
        /// What was expected and found.
        message: String,
    },
    /// A points value with more than 4 decimal places.
    #[error("points `{}` have more than 4 decimal places{}", Quoted(value), At(at))]
    Precision {
        /// Where.
        at: Location,
        /// The value given.
        value: String,
    },
    /// A number outside its allowed range (points outside 0 ..= 1 000 000, too many factors).
    #[error("`{}` is out of range: {rule}{}", Quoted(value), At(at))]
    OutOfRange {
        /// Where.
        at: Location,
        /// The value given.
        value: String,
        /// The range it must lie in.
        rule: String,
    },
    /// A band list whose first floor is not 0.
    #[error("the first band's `min` is `{value}`, it must be 0{}", At(at))]
    BandFloorNotZero {
        /// Where.
        at: Location,
        /// The floor given.
        value: String,
    },
    /// Band floors that do not strictly increase.
    #[error(
        "band floor `{value}` does not exceed the previous band's `{previous}`{}",
        At(at)
    )]
    BandsNotIncreasing {
        /// Where.
        at: Location,
        /// Floor of the band before.
        previous: String,
        /// Floor of this band.
        value: String,
    },
    /// A band key that names no band of the list it refers to.
    #[error("unknown band `{}`{}", Quoted(value), At(at))]
    UnknownBand {
        /// Where.
        at: Location,
        /// The key given.
        value: String,
    },
    /// A grade deadline outside 1 ..= 120 months.
    #[error("`{}` months is not in 1 ..= 120{}", Quoted(value), At(at))]
    InvalidMonths {
        /// Where.
        at: Location,
        /// The value given.
        value: String,
    },
    /// An assessment id that is empty, longer than 64 characters, or holds a control character.
    #[error("invalid id `{}`: {rule}{}", Quoted(value), At(at))]
    InvalidId {
        /// Where.
        at: Location,
        /// The id given.
        value: String,
        /// The rule it broke.
        rule: &'static str,
    },
    /// An area key the matrix does not have.
    #[error("unknown area `{}`{}{}", Quoted(value), known, At(at))]
    UnknownArea {
        /// Where.
        at: Location,
        /// The key given.
        value: String,
        /// The keys that would have been valid.
        known: Known,
    },
    /// A level key the scale does not have.
    #[error("unknown level `{}`{}{}", Quoted(value), known, At(at))]
    UnknownLevel {
        /// Where; the field names the scale.
        at: Location,
        /// The key given.
        value: String,
        /// The keys that would have been valid.
        known: Known,
    },
    /// A weighting factor the matrix does not have.
    #[error("unknown weighting factor `{}`{}{}", Quoted(value), known, At(at))]
    UnknownFactor {
        /// Where.
        at: Location,
        /// The key given.
        value: String,
        /// The keys that would have been valid.
        known: Known,
    },
    /// A weighting factor named twice in one assessment.
    #[error("weighting factor `{}` is named twice{}", Quoted(value), At(at))]
    DuplicateFactor {
        /// Where.
        at: Location,
        /// The repeated key.
        value: String,
    },
    /// An ameliorative kind the matrix does not have.
    #[error("unknown ameliorative kind `{}`{}{}", Quoted(value), known, At(at))]
    UnknownAmeliorative {
        /// Where.
        at: Location,
        /// The key given.
        value: String,
        /// The keys that would have been valid.
        known: Known,
    },
    /// Ameliorative points above the kind's `max`.
    #[error(
        "ameliorative points `{value}` exceed the kind's max `{max}`{}",
        At(at)
    )]
    AmeliorativeOutOfRange {
        /// Where.
        at: Location,
        /// The points given.
        value: String,
        /// The kind's maximum.
        max: String,
    },
    /// A date that is not a real calendar date written `YYYY-MM-DD`, or a deadline past year 9999.
    #[error("invalid date `{}`: {rule}{}", Quoted(value), At(at))]
    InvalidDate {
        /// Where.
        at: Location,
        /// The value given.
        value: String,
        /// What was wrong.
        rule: &'static str,
    },
    /// Two assessments of one register with the same id.
    #[error(
        "duplicate assessment id `{}`, first seen at {first}{}",
        Quoted(value),
        At(at)
    )]
    DuplicateId {
        /// Where the second one was found.
        at: Location,
        /// The repeated id.
        value: String,
        /// Where the first one was.
        first: Location,
    },
    /// Results of different matrices mixed: a fingerprint other than the one expected.
    #[error("matrix mismatch: expected {expected}, found {found}{}", At(at))]
    MatrixMismatch {
        /// Where.
        at: Location,
        /// The matrix expected (`id@version` and fingerprint, or a source and its fingerprint).
        expected: String,
        /// The matrix found.
        found: String,
    },
    /// A review whose grid is incomplete: a force without a row for an area, or a (force, area)
    /// without a grade for an element.
    #[error("incomplete review: {message}{}", At(at))]
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    IncompleteReview {
        /// Where (the file, and the force and area as the record).
        at: Location,
        /// What is missing.
        message: String,
    },
    /// Input the crate was built without the means to read: a CSV register without the `csv`
    /// feature, a TOML matrix without `toml`, a workbook without `xlsx`. Not a fault of the
    /// input: the same file is read by a build with the feature.
    #[error("{what} need the crate feature `{feature}`{}", At(at))]
    #[cfg_attr(
        all(feature = "csv", feature = "toml", feature = "xlsx"),
        allow(dead_code)
    )]
    FeatureDisabled {
        /// Where (the file).
        at: Location,
        /// The feature that reads it.
        feature: &'static str,
        /// What it reads, in the plural ("CSV registers").
        what: &'static str,
    },
    /// A register built in memory without a matrix, asked to score itself with the matrix it
    /// was read against.
    #[error(
        "the register was built without a matrix (Register::new): score it with Register::score(&matrix){}",
        At(at)
    )]
    NoMatrix {
        /// Where.
        at: Location,
    },
    /// A crosswalk (SPEC §14) whose map lacks a key of the matrix it translates from.
    #[error(
        "the crosswalk's `{map}` map has no entry for `{}`: every key of the first matrix must be mapped{}",
        Quoted(key),
        At(at)
    )]
    CrosswalkIncomplete {
        /// Where (the file, and the map and key as the field).
        at: Location,
        /// The map (`impact`, `weighting`, …).
        map: &'static str,
        /// The key of the first matrix without an entry.
        key: String,
    },
    /// A file that could not be read, or written.
    #[error("cannot {} `{path}`: {error}", if *writing { "write" } else { "read" })]
    Io {
        /// The path.
        path: String,
        /// The operating system's error, kept whole.
        error: Arc<io::Error>,
        /// Whether it failed being written (a full disk), not read.
        writing: bool,
    },
    /// Several faulty records of one file: the whole file is refused, and the first faults are
    /// listed so they can all be fixed in one pass.
    #[error("{} faulty record(s), the {whole} is refused; first: {}", total, faults.first().map(ToString::to_string).unwrap_or_default())]
    Faults {
        /// What was refused whole: `file`, or `frame` for columns handed over in memory.
        whole: &'static str,
        /// The first faults (at most [`MAX_LISTED_FAULTS`]), in file order.
        faults: Vec<Error>,
        /// How many records were faulty in all.
        total: usize,
    },
}

/// How many faulty records a refused file lists ([`Error::faults`]).
pub const MAX_LISTED_FAULTS: usize = 20;

crate::closed::closed_set! {
    /// The stable code of every refusal (SPEC): what vendors and scripts match on. It reads and
    /// writes as its SPEC name (`unknown_level`, …).
    ///
    /// ```
    /// use needmatrix::ErrorCode;
    ///
    /// let code: ErrorCode = "unknown_level".parse()?;
    /// assert_eq!(code, ErrorCode::UnknownLevel);
    /// assert_eq!(code.to_string(), "unknown_level");
    /// assert!(code == "unknown_level");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[non_exhaustive]
    pub enum ErrorCode ("an error code") {
        /// Malformed input: bad syntax, a wrong type, an unknown field or column, a float literal.
        Parse => "parse",
        /// A required field is absent.
        MissingField => "missing_field",
        /// A key, matrix id or version that breaks its pattern.
        InvalidKey => "invalid_key",
        /// A key given twice in one list.
        DuplicateKey => "duplicate_key",
        /// A list with fewer entries than the format asks for.
        EmptyScale => "empty_scale",
        /// Scale points that do not strictly increase.
        PointsNotIncreasing => "points_not_increasing",
        /// A risk grid whose shape does not match the scales.
        GridShape => "grid_shape",
        /// Points with more than 4 decimal places.
        Precision => "precision",
        /// A number outside its allowed range.
        OutOfRange => "out_of_range",
        /// A band list whose first floor is not 0.
        BandFloorNotZero => "band_floor_not_zero",
        /// Band floors that do not strictly increase.
        BandsNotIncreasing => "bands_not_increasing",
        /// A band key that names no band.
        UnknownBand => "unknown_band",
        /// A grade deadline outside 1 ..= 120 months.
        InvalidMonths => "invalid_months",
        /// An assessment id that breaks its rule.
        InvalidId => "invalid_id",
        /// An area the matrix does not have.
        UnknownArea => "unknown_area",
        /// A level the scale does not have.
        UnknownLevel => "unknown_level",
        /// A weighting factor the matrix does not have.
        UnknownFactor => "unknown_factor",
        /// A weighting factor named twice.
        DuplicateFactor => "duplicate_factor",
        /// An ameliorative kind the matrix does not have.
        UnknownAmeliorative => "unknown_ameliorative",
        /// Ameliorative points above the kind's max.
        AmeliorativeOutOfRange => "ameliorative_out_of_range",
        /// Not a real calendar date, or a deadline past 9999-12-31.
        InvalidDate => "invalid_date",
        /// Two assessments of one register with the same id.
        DuplicateId => "duplicate_id",
        /// Results of different matrices mixed.
        MatrixMismatch => "matrix_mismatch",
        /// A review whose grid is incomplete.
        IncompleteReview => "incomplete_review",
        /// A file that could not be read.
        Io => "io",
        /// Input of a format the crate was built without (a CSV register without the `csv`
        /// feature, a TOML matrix without `toml`, a workbook without `xlsx`): not a fault of
        /// the input.
        FeatureDisabled => "feature_disabled",
        /// A register built without a matrix, asked to score itself ([`Register::scored`]).
        ///
        /// [`Register::scored`]: crate::Register::scored
        NoMatrix => "no_matrix",
        /// A crosswalk (SPEC §14) whose map lacks a key of the matrix it translates from.
        CrosswalkIncomplete => "crosswalk_incomplete",
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<ErrorCode> for &str {
    fn eq(&self, other: &ErrorCode) -> bool {
        *self == other.as_str()
    }
}

/// Why the crate refused input: a stable [`ErrorCode`], where ([`Location`]: file, line, column,
/// record, field), and what was wrong, in words that quote the bad value.
///
/// A refused file lists its first faulty records ([`Error::faults`], at most
/// [`MAX_LISTED_FAULTS`]) so that they can all be fixed in one pass. An I/O failure keeps the
/// operating system's error whole ([`std::error::Error::source`]).
///
/// ```
/// use needmatrix::{Assessment, ErrorCode, Matrix};
///
/// let a = Assessment::new("x", "major_crime", "huge", "likely", "good", "good")?;
/// let e = Matrix::reference().score(&a).unwrap_err();
/// assert_eq!(e.code(), ErrorCode::UnknownLevel);
/// assert_eq!(e.location().and_then(|at| at.field_name()), Some("impact"));
/// assert!(e.to_string().starts_with("unknown level `huge`"));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone)]
pub struct Error(Box<Fault>);

impl From<crate::closed::UnknownName> for Error {
    /// A name outside its closed set is a `parse` error.
    fn from(e: crate::closed::UnknownName) -> Self {
        Error::parse(Location::new(), e.to_string())
    }
}

impl From<Fault> for Error {
    fn from(fault: Fault) -> Self {
        Error(Box::new(fault))
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("code", &self.code())
            .field("message", &self.to_string())
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.0 {
            Fault::Io { error, .. } => Some(&**error),
            _ => None,
        }
    }
}

impl PartialEq for Error {
    /// Equal when they have the same code, location and message.
    fn eq(&self, other: &Self) -> bool {
        self.code() == other.code()
            && self.location() == other.location()
            && self.to_string() == other.to_string()
    }
}

impl Eq for Error {}

impl Error {
    /// The stable SPEC code of this error. For a refused file of several faults it is the code of
    /// the first fault.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        match &*self.0 {
            Fault::Parse { .. } => ErrorCode::Parse,
            Fault::MissingField { .. } => ErrorCode::MissingField,
            Fault::InvalidKey { .. } => ErrorCode::InvalidKey,
            Fault::DuplicateKey { .. } => ErrorCode::DuplicateKey,
            Fault::EmptyScale { .. } => ErrorCode::EmptyScale,
            Fault::PointsNotIncreasing { .. } => ErrorCode::PointsNotIncreasing,
            Fault::GridShape { .. } => ErrorCode::GridShape,
            Fault::Precision { .. } => ErrorCode::Precision,
            Fault::OutOfRange { .. } => ErrorCode::OutOfRange,
            Fault::BandFloorNotZero { .. } => ErrorCode::BandFloorNotZero,
            Fault::BandsNotIncreasing { .. } => ErrorCode::BandsNotIncreasing,
            Fault::UnknownBand { .. } => ErrorCode::UnknownBand,
            Fault::InvalidMonths { .. } => ErrorCode::InvalidMonths,
            Fault::InvalidId { .. } => ErrorCode::InvalidId,
            Fault::UnknownArea { .. } => ErrorCode::UnknownArea,
            Fault::UnknownLevel { .. } => ErrorCode::UnknownLevel,
            Fault::UnknownFactor { .. } => ErrorCode::UnknownFactor,
            Fault::DuplicateFactor { .. } => ErrorCode::DuplicateFactor,
            Fault::UnknownAmeliorative { .. } => ErrorCode::UnknownAmeliorative,
            Fault::AmeliorativeOutOfRange { .. } => ErrorCode::AmeliorativeOutOfRange,
            Fault::InvalidDate { .. } => ErrorCode::InvalidDate,
            Fault::DuplicateId { .. } => ErrorCode::DuplicateId,
            Fault::MatrixMismatch { .. } => ErrorCode::MatrixMismatch,
            Fault::IncompleteReview { .. } => ErrorCode::IncompleteReview,
            Fault::FeatureDisabled { .. } => ErrorCode::FeatureDisabled,
            Fault::NoMatrix { .. } => ErrorCode::NoMatrix,
            Fault::CrosswalkIncomplete { .. } => ErrorCode::CrosswalkIncomplete,
            Fault::Io { .. } => ErrorCode::Io,
            Fault::Faults { faults, .. } => faults.first().map_or(ErrorCode::Parse, Error::code),
        }
    }

    /// Where the fault was found (for a refused file, the first fault's location; for an I/O
    /// failure, none: see [`Error::path`]).
    #[must_use]
    pub fn location(&self) -> Option<&Location> {
        match_location!(&*self.0, at => Some(at), faults => faults.first().and_then(Error::location), None)
    }

    /// For an unknown area, level, weighting factor or ameliorative kind, the valid key nearest
    /// to the one given, when one is near (the same but for case, spaces or hyphens, or two
    /// edits away); for a refused file, its first fault's. The message lists the valid keys.
    ///
    /// ```
    /// use needmatrix::{Assessment, ErrorCode, Matrix};
    ///
    /// let a = Assessment::new("x", "major_crime", "Major", "almost certain", "none", "none")?;
    /// let e = Matrix::reference().score(&a).unwrap_err();
    /// assert_eq!((e.code(), e.suggestion()), (ErrorCode::UnknownLevel, Some("major")));
    /// assert!(e.detail().contains("valid: minimal, minor, moderate, major, critical"));
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    #[must_use]
    pub fn suggestion(&self) -> Option<&str> {
        match &*self.0 {
            Fault::UnknownArea { known, .. }
            | Fault::UnknownLevel { known, .. }
            | Fault::UnknownFactor { known, .. }
            | Fault::UnknownAmeliorative { known, .. } => known.nearest(),
            Fault::Faults { faults, .. } => faults.first().and_then(Error::suggestion),
            _ => None,
        }
    }

    /// What was wrong, in words, without the location (the [`Display`](fmt::Display) form adds
    /// it).
    #[must_use]
    pub fn detail(&self) -> String {
        match self.location() {
            Some(at) if !at.is_empty() && !matches!(&*self.0, Fault::Faults { .. }) => {
                let mut bare = self.clone();
                if let Some(slot) = bare.location_mut() {
                    *slot = Location::new();
                }
                bare.to_string()
            }
            _ => self.to_string(),
        }
    }

    /// The path of a file that could not be read.
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        match &*self.0 {
            Fault::Io { path, .. } => Some(path),
            _ => None,
        }
    }

    /// The operating system's error, when a file could not be read.
    #[must_use]
    pub fn io_error(&self) -> Option<&io::Error> {
        match &*self.0 {
            Fault::Io { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The individual faults: the listed ones of a refused file, or this error alone.
    #[must_use]
    pub fn faults(&self) -> &[Error] {
        match &*self.0 {
            Fault::Faults { faults, .. } => faults,
            _ => std::slice::from_ref(self),
        }
    }

    /// How many records were faulty in all (more than [`Error::faults`] lists when there were
    /// more than [`MAX_LISTED_FAULTS`]); 1 for a single fault.
    #[must_use]
    pub fn total_faults(&self) -> usize {
        match &*self.0 {
            Fault::Faults { total, .. } => *total,
            _ => 1,
        }
    }

    /// An I/O failure reading `path`.
    #[must_use]
    pub fn io(path: impl Into<String>, error: io::Error) -> Self {
        Fault::Io {
            path: path.into(),
            error: Arc::new(error),
            writing: false,
        }
        .into()
    }

    /// An I/O failure writing `path` (a full disk, a folder that is not there): code `io`, and
    /// a message that says "cannot write".
    ///
    /// ```
    /// let e = needmatrix::Error::io_write("out.csv", std::io::ErrorKind::StorageFull.into());
    /// assert_eq!(e.code().as_str(), "io");
    /// assert!(e.to_string().starts_with("cannot write `out.csv`"));
    /// ```
    #[must_use]
    pub fn io_write(path: impl Into<String>, error: io::Error) -> Self {
        Fault::Io {
            path: path.into(),
            error: Arc::new(error),
            writing: true,
        }
        .into()
    }

    /// A command-line flag's value refused: code `parse`, the flag (`--summary`) as the
    /// location's field. For programs built on the crate, so that a refused flag reads as
    /// every other fault.
    ///
    /// ```
    /// let e = needmatrix::Error::flag("summary", "`reg.csv` is also an input");
    /// assert_eq!(e.code().as_str(), "parse");
    /// assert_eq!(e.location().and_then(|at| at.field_name()), Some("--summary"));
    /// ```
    #[must_use]
    pub fn flag(flag: &str, message: impl Into<String>) -> Self {
        Error::parse(Location::field(format!("--{flag}")), message)
    }

    /// Applies `f` to the location (to every listed fault's location for a refused file).
    #[must_use]
    pub fn map_location(self, f: impl Fn(Location) -> Location + Copy) -> Self {
        self.map_location_ref(&f)
    }

    fn map_location_ref(mut self, f: &dyn Fn(Location) -> Location) -> Self {
        match &mut *self.0 {
            Fault::Faults { faults, .. } => {
                let taken = std::mem::take(faults);
                *faults = taken.into_iter().map(|e| e.map_location_ref(f)).collect();
            }
            Fault::Io { .. } => {}
            _ => {
                if let Some(at) = self.location_mut() {
                    let old = std::mem::take(at);
                    *at = f(old);
                }
            }
        }
        self
    }

    fn location_mut(&mut self) -> Option<&mut Location> {
        match_location!(&mut *self.0, at => Some(at), _ => None, None)
    }

    /// Names the file in the location(s), unless already named.
    #[must_use]
    pub fn in_file(self, file: &str) -> Self {
        self.map_location_ref(&|at: Location| at.with_file(file))
    }

    /// The same error, for columns handed over in memory (a data frame's): a refusal of many
    /// records says the frame is refused, not a file.
    #[must_use]
    pub(crate) fn of_frame(mut self) -> Self {
        if let Fault::Faults { whole, .. } = &mut *self.0 {
            *whole = "frame";
        }
        self
    }

    /// Puts a field prefix in front of the location's path.
    #[must_use]
    pub(crate) fn under_field(self, prefix: &str) -> Self {
        self.map_location_ref(&|at: Location| at.with_field_prefix(prefix))
    }

    /// Input the crate was built without the means to read (`feature_disabled`).
    #[cfg_attr(
        all(feature = "csv", feature = "toml", feature = "xlsx"),
        allow(dead_code)
    )]
    pub(crate) fn feature_disabled(feature: &'static str, what: &'static str) -> Self {
        Fault::FeatureDisabled {
            at: Location::new(),
            feature,
            what,
        }
        .into()
    }

    /// A parse error at a location.
    pub(crate) fn parse(at: Location, message: impl Into<String>) -> Self {
        Fault::Parse {
            at,
            message: message.into(),
        }
        .into()
    }

    /// A missing field.
    pub(crate) fn missing(field: &str) -> Self {
        Fault::MissingField {
            at: Location::field(field),
        }
        .into()
    }

    /// Gathers per-record faults into one error: `None` when there are none, the fault itself when
    /// there is one, a refused file otherwise.
    pub(crate) fn gather(mut faults: Vec<Error>, total: usize) -> Option<Error> {
        match (faults.len(), total) {
            (0, _) => None,
            (1, 1) => faults.pop(),
            _ => Some(
                Fault::Faults {
                    whole: "file",
                    faults,
                    total,
                }
                .into(),
            ),
        }
    }
}

/// Collects per-record faults up to [`MAX_LISTED_FAULTS`] while counting all of them.
#[derive(Debug, Default)]
pub(crate) struct FaultList {
    faults: Vec<Error>,
    total: usize,
}

impl FaultList {
    pub(crate) fn push(&mut self, error: Error) {
        self.total += 1;
        if self.faults.len() < MAX_LISTED_FAULTS {
            self.faults.push(error);
        }
    }

    /// Counts a fault, and makes it with `make` only while the list has room: a file of a
    /// million faults costs a count for each after the first [`MAX_LISTED_FAULTS`], not the
    /// making of a message (with its nearest-key search) it would not show.
    pub(crate) fn push_with(&mut self, make: impl FnOnce() -> Error) {
        if self.faults.len() < MAX_LISTED_FAULTS {
            self.push(make());
        } else {
            self.total += 1;
        }
    }

    /// True when no more faults would be listed (they are still counted).
    #[cfg(feature = "csv")]
    pub(crate) fn is_full(&self) -> bool {
        self.faults.len() >= MAX_LISTED_FAULTS
    }

    /// Counts `n` more faults without listing them (the list is full).
    #[cfg(feature = "csv")]
    pub(crate) fn count_more(&mut self, n: usize) {
        self.total = self.total.saturating_add(n);
    }

    pub(crate) fn into_result(self) -> Result<()> {
        match Error::gather(self.faults, self.total) {
            None => Ok(()),
            Some(e) => Err(e),
        }
    }
}
