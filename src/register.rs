//! Registers of many assessments (SPEC §6): scored whole or refused whole, in priority order,
//! with what is due and summaries per area and overall.

use std::path::Path;

use jiff::civil::Date;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::assessment::Assessment;
use crate::assessment::ids::UniqueIds;
use crate::assessment::{self, RegisterFormat};
use crate::crosswalk::Crosswalk;
use crate::error::{Error, FaultList, Location, Result};
use crate::matrix::{Grade, Matrix};
use crate::points::Points;
use crate::score::{Outcome, Recomputed};

/// A list of assessments with unique ids (SPEC §6).
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat};
///
/// let m = Matrix::reference();
/// let jsonl = r#"
/// {"id": "a", "area": "major_crime", "impact": "critical", "probability": "likely", "capability": "limited", "capacity": "limited"}
/// {"id": "b", "area": "public_order", "impact": "minor", "probability": "rare", "capability": "good", "capacity": "good"}
/// "#;
/// let register = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?;
/// let scored = register.score(m)?;
/// assert_eq!(scored.entries()[0].outcome().id(), "a");
/// assert_eq!(scored.summary().overall().count(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Register {
    /// The matrix the assessments were read against, when they were.
    matrix: Option<Matrix>,
    assessments: Vec<Assessment>,
    /// Where they were read from: the file (when there was one) and each record's line (empty
    /// when built in memory), so faults found when scoring name them.
    file: Option<String>,
    lines: Vec<Option<u64>>,
    /// For a workbook, where each field's cells are, so faults found when scoring name the cell.
    cells: Option<std::sync::Arc<assessment::read::CellNames>>,
    /// The derived cells of a scored table read back, compared with their recomputed values
    /// when the register is scored.
    derived: std::sync::Arc<assessment::read::DerivedCells>,
    /// Read from columns in memory (a data frame's), so a refusal names a frame, not a file.
    from_frame: bool,
    /// For a register translated through a crosswalk: the crosswalk and each assessment as
    /// given, so an explanation can say where each key came from.
    origin: Option<std::sync::Arc<Origin>>,
}

/// A translated register's crosswalk and its assessments as written under the first matrix.
#[derive(Debug)]
struct Origin {
    crosswalk: Crosswalk,
    originals: Vec<Assessment>,
    /// Position of each id in `originals`.
    by_id: std::collections::HashMap<String, usize>,
}

impl Origin {
    fn original(&self, id: &str) -> Option<&Assessment> {
        self.by_id.get(id).and_then(|&n| self.originals.get(n))
    }
}

impl PartialEq for Register {
    /// Equal when they hold the same assessments, checked against the same matrix (if any);
    /// where they were read from does not count.
    fn eq(&self, other: &Self) -> bool {
        self.matrix == other.matrix && self.assessments == other.assessments
    }
}

impl Eq for Register {}

impl Register {
    /// A register of these assessments, not yet checked against a matrix (that happens when it
    /// is scored).
    ///
    /// # Errors
    /// `duplicate_id` for every id given twice (the first ones listed).
    pub fn new(assessments: impl IntoIterator<Item = Assessment>) -> Result<Self> {
        let assessments: Vec<Assessment> = assessments.into_iter().collect();
        let mut seen = UniqueIds::with_capacity(assessments.len());
        let mut faults = FaultList::default();
        for (n, a) in assessments.iter().enumerate() {
            if let Err(e) = seen.insert(a.id(), || {
                Location::new().with_record(format!("#{}", n + 1))
            }) {
                faults.push(e);
            }
        }
        faults.into_result()?;
        Ok(Register {
            matrix: None,
            assessments,
            file: None,
            lines: Vec::new(),
            cells: None,
            derived: std::sync::Arc::default(),
            from_frame: false,
            origin: None,
        })
    }

    /// Reads a register file (`.json` array, `.jsonl`, `.csv`, and `.xlsx` with the `xlsx`
    /// feature, as [`Register::from_xlsx`] reads it) and checks every record against `matrix`, in
    /// the order of SPEC §3. A scored table (the CSV or workbook the crate writes) is a register
    /// too: its derived columns are recomputed ([`ScoredRegister::recomputed`]).
    ///
    /// # Errors
    /// `io` when unreadable; otherwise every faulty record (the first
    /// [`MAX_LISTED_FAULTS`](crate::MAX_LISTED_FAULTS) listed in [`Error::faults`](crate::Error::faults)), each
    /// naming the file, line, record and field.
    pub fn from_path(matrix: &Matrix, path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let read = assessment::read::register_path(matrix, path)?;
        Ok(Register {
            matrix: Some(matrix.clone()),
            assessments: read.assessments,
            file: Some(path.display().to_string()),
            lines: read.lines,
            cells: read.cells.map(std::sync::Arc::new),
            derived: std::sync::Arc::new(read.derived),
            from_frame: false,
            origin: None,
        })
    }

    /// Reads a register of a given format from any reader (at most
    /// [`MAX_FILE_BYTES`](crate::MAX_FILE_BYTES)); as [`Register::from_path`].
    ///
    /// ```
    /// use needmatrix::{Matrix, Register, RegisterFormat};
    ///
    /// let json = r#"[{"id": "x", "area": "major_crime", "impact": "major", "probability": "rare",
    ///                 "capability": "none", "capacity": "none"}]"#;
    /// let register = Register::from_reader(Matrix::reference(), json.as_bytes(), RegisterFormat::Json)?;
    /// assert_eq!(register.len(), 1);
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Register::from_path`]; `io` when the reader fails.
    pub fn from_reader(
        matrix: &Matrix,
        reader: impl std::io::Read,
        format: RegisterFormat,
    ) -> Result<Self> {
        let text = crate::text::read_to_text(reader, "(reader)")?;
        Self::from_text(matrix, &text, format)
    }

    /// Reads register text of a given format; as [`Register::from_path`].
    ///
    /// # Errors
    /// As [`Register::from_path`], without the file name.
    pub fn from_text(matrix: &Matrix, text: &str, format: RegisterFormat) -> Result<Self> {
        let read = assessment::read::register_text(matrix, text, format)?;
        Ok(Register {
            matrix: Some(matrix.clone()),
            assessments: read.assessments,
            file: None,
            lines: read.lines,
            cells: read.cells.map(std::sync::Arc::new),
            derived: std::sync::Arc::new(read.derived),
            from_frame: false,
            origin: None,
        })
    }

    /// Reads a register held as named columns (a data frame's columns, handed over whole), and
    /// checks every record against `matrix` as [`Register::from_path`] does. A column is named
    /// as in a CSV header (the fields of SPEC §3, `ameliorative.KIND` for each kind) and its
    /// cells are read as CSV cells: `weighting` as `;`-separated keys, `None` or an empty text
    /// an absent field. All columns have the same length, one cell per record.
    ///
    /// ```
    /// use needmatrix::{Matrix, Register};
    ///
    /// let m = Matrix::reference();
    /// let register = Register::from_columns(m, [
    ///     ("id", vec![Some("po-1")]),
    ///     ("area", vec![Some("public_order")]),
    ///     ("impact", vec![Some("major")]),
    ///     ("probability", vec![Some("likely")]),
    ///     ("weighting", vec![Some("community_impact; cross_border")]),
    ///     ("ameliorative.partnership", vec![None]),
    ///     ("capability", vec![Some("adequate")]),
    ///     ("capacity", vec![Some("limited")]),
    /// ])?;
    /// let scored = register.score(m)?;
    /// // risk 4 × 4 = 16, + 2 + 2 = 20; ability min(8, 4) = 4; need 16.
    /// assert_eq!(scored.entries()[0].outcome().need().to_string(), "16");
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    ///
    /// # Errors
    /// `parse` for an unknown or repeated column, or columns of different lengths, naming the
    /// column; `out_of_range` for columns longer than [`MAX_REGISTER_ROWS`](crate::MAX_REGISTER_ROWS)
    /// (refused before any row is read when their length is known); otherwise every faulty
    /// record (the first
    /// [`MAX_LISTED_FAULTS`](crate::MAX_LISTED_FAULTS) listed), each naming its record (its id,
    /// or `#n` counting from 1) and field.
    pub fn from_columns<N, C, S>(
        matrix: &Matrix,
        columns: impl IntoIterator<Item = (N, C)>,
    ) -> Result<Self>
    where
        N: AsRef<str>,
        C: IntoIterator<Item = Option<S>>,
        S: AsRef<str>,
    {
        let read = assessment::read::register_columns(matrix, columns).map_err(Error::of_frame)?;
        Ok(Register {
            matrix: Some(matrix.clone()),
            assessments: read.assessments,
            file: None,
            lines: read.lines,
            cells: read.cells.map(std::sync::Arc::new),
            derived: std::sync::Arc::new(read.derived),
            from_frame: true,
            origin: None,
        })
    }

    #[cfg(feature = "xlsx")]
    #[cfg_attr(docsrs, doc(cfg(feature = "xlsx")))]
    /// Reads a register from the bytes of an Excel workbook (`.xlsx`): the sheet named
    /// `Register` (any case), else the first sheet with a header row; the header row is the
    /// first of the first 20 whose cells include `id` and `area` (rows above it, such as titles,
    /// are ignored, and so are empty rows); columns by header name, as in CSV. A number cell is
    /// read as the shortest decimal that gives back its value, then held to SPEC §1 (a residue
    /// such as `0.30000000000000004` is refused as too many places, never rounded); a date cell
    /// as a date; a boolean cell as a flag. Every fault names its cell (`Register!F12`).
    ///
    /// # Errors
    /// `parse` for bytes that are not a workbook, a workbook without a header row or a cell
    /// holding a spreadsheet error; otherwise as [`Register::from_path`], each fault naming the
    /// sheet and cell.
    pub fn from_xlsx(matrix: &Matrix, bytes: &[u8]) -> Result<Self> {
        let read = assessment::xlsx::register_xlsx(matrix, bytes)?;
        Ok(Register {
            matrix: Some(matrix.clone()),
            assessments: read.assessments,
            file: None,
            lines: read.lines,
            cells: read.cells.map(std::sync::Arc::new),
            derived: std::sync::Arc::new(read.derived),
            from_frame: false,
            origin: None,
        })
    }

    /// The same register, named as read from `file` (for faults and differences found when it
    /// is scored).
    #[cfg(feature = "csv")]
    pub(crate) fn in_file(mut self, file: &str) -> Self {
        self.file = Some(file.to_owned());
        self
    }

    /// The register translated through `crosswalk` to its second matrix (SPEC §14), which the
    /// new register remembers ([`Register::scored`] scores with it). Every assessment is
    /// translated ([`Crosswalk::translate`]); none is lost, and the register is refused whole if
    /// one is refused. The scored register keeps each assessment as given
    /// ([`ScoredRegister::original`]), so the explanation of an outcome says where its keys came
    /// from ([`ScoredRegister::explained`]). The derived columns of a scored table read back are
    /// not compared after a translation: they were computed under the first matrix.
    ///
    /// ```
    /// use needmatrix::{Matrix, Register, RegisterFormat, crosswalk::Crosswalk};
    ///
    /// let m = Matrix::reference();
    /// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "critical", "probability": "likely", "capability": "limited", "capacity": "limited"}"#;
    /// let register = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?;
    /// let translated = register.translate(&Crosswalk::identity(m))?;
    /// assert_eq!(translated.scored()?.entries(), register.scored()?.entries());
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    ///
    /// # Errors
    /// `matrix_mismatch` when the register was read against another matrix than the
    /// crosswalk's first; otherwise every faulty assessment (the first
    /// [`MAX_LISTED_FAULTS`](crate::MAX_LISTED_FAULTS) listed), each naming its record, line and
    /// field: the codes of SPEC §3 under the first matrix, and `ameliorative_out_of_range` for
    /// merged kinds whose points exceed the second matrix's `max`.
    pub fn translate(&self, crosswalk: &Crosswalk) -> Result<Register> {
        if let Some(own) = &self.matrix {
            crosswalk.from_matrix().ensure_same(own)?;
        }
        let mut faults = FaultList::default();
        let mut translated = Vec::with_capacity(self.assessments.len());
        for (n, a) in self.assessments.iter().enumerate() {
            match crosswalk.translate(a) {
                Ok(t) => translated.push(t),
                Err(e) => faults.push(e.map_location(|at| self.locate(n, a.id(), at))),
            }
        }
        let from_frame = self.from_frame;
        faults
            .into_result()
            .map_err(|e| if from_frame { e.of_frame() } else { e })?;
        let by_id = self
            .assessments
            .iter()
            .enumerate()
            .map(|(n, a)| (a.id().to_owned(), n))
            .collect();
        Ok(Register {
            matrix: Some(crosswalk.to_matrix().clone()),
            assessments: translated,
            file: self.file.clone(),
            lines: self.lines.clone(),
            cells: self.cells.clone(),
            derived: std::sync::Arc::default(),
            from_frame,
            origin: Some(std::sync::Arc::new(Origin {
                crosswalk: crosswalk.clone(),
                originals: self.assessments.clone(),
                by_id,
            })),
        })
    }

    /// The crosswalk the register was translated through ([`Register::translate`]), if it was.
    #[must_use]
    pub fn crosswalk(&self) -> Option<&Crosswalk> {
        self.origin.as_ref().map(|o| &o.crosswalk)
    }

    /// Names record `n` (of id `id`) as a reader's fault does: its file, line and cell.
    fn locate(&self, n: usize, id: &str, at: Location) -> Location {
        locate_in(
            self.file.as_deref(),
            &self.lines,
            self.cells.as_deref(),
            n,
            id,
            at,
        )
    }

    /// The matrix the register was read and checked against, if it was read from text or a file.
    #[must_use]
    pub fn matrix(&self) -> Option<&Matrix> {
        self.matrix.as_ref()
    }

    /// The assessments, in the order given.
    #[must_use]
    pub fn assessments(&self) -> &[Assessment] {
        &self.assessments
    }

    /// How many assessments.
    #[must_use]
    pub fn len(&self) -> usize {
        self.assessments.len()
    }

    /// True when there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.assessments.is_empty()
    }

    /// Scores every assessment; the register is refused whole if any is refused.
    ///
    /// # Errors
    /// `matrix_mismatch` when the register was read against another matrix; every faulty
    /// assessment (the first [`MAX_LISTED_FAULTS`](crate::MAX_LISTED_FAULTS) listed), each
    /// naming its record.
    pub fn score(&self, matrix: &Matrix) -> Result<ScoredRegister> {
        self.clone().into_scored(matrix)
    }

    /// Scores every assessment with the matrix the register was read against: a register read
    /// from a file or text remembers its matrix, so it is named once.
    ///
    /// ```
    /// use needmatrix::{Matrix, Register, RegisterFormat};
    ///
    /// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "critical", "probability": "likely", "capability": "limited", "capacity": "limited"}"#;
    /// let scored = Register::from_text(Matrix::reference(), jsonl, RegisterFormat::JsonLines)?.scored()?;
    /// // critical (5) × likely (4) = 20, less min(limited 4, limited 4) = 16.
    /// assert_eq!(scored.entries()[0].outcome().need().to_string(), "16");
    ///
    /// // Built in memory, a register has no matrix until it is scored with one.
    /// let built = needmatrix::Register::new([])?;
    /// assert_eq!(built.scored().unwrap_err().code(), "no_matrix");
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    ///
    /// # Errors
    /// `no_matrix` for a register built without one ([`Register::new`]); otherwise as
    /// [`Register::score`].
    pub fn scored(&self) -> Result<ScoredRegister> {
        match &self.matrix {
            Some(matrix) => self.score(matrix),
            None => Err(crate::error::Fault::NoMatrix {
                at: Location::new(),
            }
            .into()),
        }
    }

    /// Scores every assessment, keeping them without a copy; as [`Register::score`].
    ///
    /// # Errors
    /// As [`Register::score`].
    pub fn into_scored(self, matrix: &Matrix) -> Result<ScoredRegister> {
        self.into_scored_by(matrix, |assessments| {
            assessments.iter().map(|a| matrix.score(a)).collect()
        })
    }

    /// Scores every assessment through a compiled [`Scorer`](crate::bulk::Scorer), on up to
    /// `threads` threads: the same scored register as [`Register::into_scored`] with the
    /// scorer's matrix, value for value and in the same order, in a fraction of the time for a
    /// large register.
    ///
    /// ```
    /// use needmatrix::{Matrix, Register, bulk::Scorer};
    ///
    /// let m = Matrix::reference();
    /// let register = Register::from_columns(m, [
    ///     ("id", vec![Some("a"), Some("b")]),
    ///     ("area", vec![Some("public_order"), Some("major_crime")]),
    ///     ("impact", vec![Some("minor"), Some("critical")]),
    ///     ("probability", vec![Some("rare"), Some("likely")]),
    ///     ("capability", vec![Some("good"), Some("none")]),
    ///     ("capacity", vec![Some("good"), None]),
    /// ]);
    /// // `b` has no capacity: the register is refused whole, naming the record and field.
    /// let error = register.unwrap_err();
    /// let fault = &error.faults()[0];
    /// assert_eq!(fault.code().as_str(), "missing_field");
    /// assert_eq!(fault.location().and_then(|at| at.field_name()), Some("capacity"));
    ///
    /// let register = Register::from_columns(m, [
    ///     ("id", ["a", "b"].map(Some)),
    ///     ("area", ["public_order", "major_crime"].map(Some)),
    ///     ("impact", ["minor", "critical"].map(Some)),
    ///     ("probability", ["rare", "likely"].map(Some)),
    ///     ("capability", ["good", "none"].map(Some)),
    ///     ("capacity", ["good", "none"].map(Some)),
    /// ])?;
    /// let bulk = register.clone().into_scored_bulk(&Scorer::new(m)?, 2)?;
    /// assert_eq!(bulk.entries(), register.score(m)?.entries());
    /// assert_eq!(bulk.entries()[0].outcome().id(), "b");
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Register::score`], with the scorer's matrix.
    pub fn into_scored_bulk(
        self,
        scorer: &crate::bulk::Scorer,
        threads: usize,
    ) -> Result<ScoredRegister> {
        self.into_scored_by(scorer.matrix(), |assessments| {
            // Each assessment resolved to an input, or the fault that kept it out.
            let mut inputs = Vec::with_capacity(assessments.len());
            let resolved: Vec<Result<()>> = assessments
                .iter()
                .map(|a| scorer.input(a).map(|input| inputs.push(input)))
                .collect();
            let mut outcomes = Vec::new();
            scorer.score_into_threads(&inputs, &mut outcomes, threads);
            let mut scored = inputs.iter().zip(&outcomes);
            assessments
                .iter()
                .zip(resolved)
                .map(|(a, resolved)| {
                    resolved?;
                    match scored.next() {
                        Some((input, o)) => scorer.outcome(a.id(), input, o),
                        // Not reached (one outcome per input); the plain path gives the same.
                        None => scorer.matrix().score(a),
                    }
                })
                .collect()
        })
    }

    /// Scores the assessments with `score` (one result per assessment, in order), names each
    /// fault's record, line and file, and puts the entries in priority order.
    fn into_scored_by(
        self,
        matrix: &Matrix,
        score: impl FnOnce(&[Assessment]) -> Vec<Result<Outcome>>,
    ) -> Result<ScoredRegister> {
        if let Some(own) = &self.matrix {
            own.ensure_same(matrix)?;
        }
        let mut faults = FaultList::default();
        let mut entries = Vec::with_capacity(self.assessments.len());
        let (file, lines, cells) = (self.file, self.lines, self.cells);
        let locate = |n: usize, id: &str, at: Location| {
            locate_in(file.as_deref(), &lines, cells.as_deref(), n, id, at)
        };
        let results = score(&self.assessments);
        for (n, (assessment, result)) in self.assessments.into_iter().zip(results).enumerate() {
            match result {
                Ok(outcome) => entries.push(ScoredEntry {
                    assessment,
                    outcome,
                }),
                // A fault found only now (a deadline past 9999-12-31) names the record's file and
                // line as a reader's fault does.
                Err(e) => faults.push(e.map_location(|at| locate(n, assessment.id(), at))),
            }
        }
        let from_frame = self.from_frame;
        faults
            .into_result()
            .map_err(|e| if from_frame { e.of_frame() } else { e })?;
        // Sort positions rather than the entries themselves (an entry is a few hundred bytes, and
        // moving them about is most of a large sort's time), then put the entries in that order
        // in place, one swap each: no second list of entries is ever held.
        let mut order: Vec<usize> = (0..entries.len()).collect();
        let outcome = |i: usize| entries.get(i).map(|e| &e.outcome);
        order.sort_unstable_by(|&a, &b| match (outcome(a), outcome(b)) {
            (Some(x), Some(y)) => x.priority_cmp(y),
            _ => a.cmp(&b),
        });
        let recomputed = recheck(&self.derived, &entries, &order, locate);
        permute_in_place(&mut entries, &mut order);
        let summary = RegisterSummary::of(matrix, entries.iter().map(ScoredEntry::outcome))?;
        Ok(ScoredRegister {
            matrix: matrix.clone(),
            entries,
            summary,
            recomputed,
            origin: self.origin,
        })
    }
}

/// Names record `n` (of id `id`) as a reader's fault does: its file, line and cell.
fn locate_in(
    file: Option<&str>,
    lines: &[Option<u64>],
    cells: Option<&assessment::read::CellNames>,
    n: usize,
    id: &str,
    at: Location,
) -> Location {
    let at = at.with_record(id);
    let at = match lines.get(n).copied().flatten() {
        Some(l) => at.with_line(l),
        None => at,
    };
    let at = match cells {
        Some(cells) => cells.locate(at),
        None => at,
    };
    match file {
        Some(f) => at.with_file(f),
        None => at,
    }
}

/// Compares the derived cells of a scored table read back (record by record, in reading order)
/// with the entries scored from its inputs (in reading order, `order` their priority order).
fn recheck(
    derived: &assessment::read::DerivedCells,
    entries: &[ScoredEntry],
    order: &[usize],
    locate: impl Fn(usize, &str, Location) -> Location,
) -> Option<Box<Recomputed>> {
    if derived.is_empty() {
        return None;
    }
    let mut recomputed = Recomputed::default();
    let mut rank = vec![0usize; entries.len()];
    for (r, &n) in order.iter().enumerate() {
        if let Some(slot) = rank.get_mut(n) {
            *slot = r + 1;
        }
    }
    for (n, (e, rank)) in entries.iter().zip(rank).enumerate() {
        for (field, given) in derived.of_record(n) {
            let now = if field == "priority" {
                rank.to_string()
            } else {
                crate::score::recheck::derived_text(&e.outcome, field)
            };
            recomputed.compare(field, given, &now, |at| locate(n, e.outcome.id(), at));
        }
    }
    Some(Box::new(recomputed))
}

/// Reorders `items` so that position `i` holds what was at `order[i]`, by following the
/// permutation's cycles with one swap per element (`order` is used up).
fn permute_in_place<T>(items: &mut [T], order: &mut [usize]) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut here = start;
        while let Some(from) = order
            .get_mut(here)
            .map(|slot| std::mem::replace(slot, DONE))
        {
            if from == DONE || from == start {
                break;
            }
            items.swap(here, from);
            here = from;
        }
    }
}

/// One scored assessment: what was assessed and what it scored.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none", "action": "Fund a post"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// let entry = scored.get("a").unwrap();
/// assert_eq!(entry.assessment().action(), Some("Fund a post"));
/// assert_eq!(entry.outcome().need().to_string(), "16");
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoredEntry {
    assessment: Assessment,
    outcome: Outcome,
}

impl ScoredEntry {
    /// The assessment as given.
    #[must_use]
    pub fn assessment(&self) -> &Assessment {
        &self.assessment
    }

    /// Its outcome.
    #[must_use]
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }
}

/// A register scored with one matrix, its entries in priority order (SPEC §3).
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, jiff::civil::date};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none", "assessed_on": "2008-06-20"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// assert_eq!(scored.due_by(date(2008, 12, 31)).count(), 1);
/// assert!(scored.to_json().contains("\"outcomes\""));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ScoredRegister {
    matrix: Matrix,
    entries: Vec<ScoredEntry>,
    summary: RegisterSummary,
    /// The derived cells of the scored table the register was read from, compared (none for
    /// a register read from anything else).
    recomputed: Option<Box<Recomputed>>,
    /// For a register translated through a crosswalk, the crosswalk and the assessments as given.
    origin: Option<std::sync::Arc<Origin>>,
}

impl ScoredRegister {
    /// What scoring found in the derived columns (`priority`, `risk` … `high_need`) of the
    /// scored table the register was read from: they were recomputed, and any that differ from
    /// what the inputs give now (an input edited after the table was written) are counted here.
    /// Nothing is compared for a register read from anything else.
    #[must_use]
    pub fn recomputed(&self) -> &Recomputed {
        self.recomputed
            .as_deref()
            .unwrap_or_else(|| Self::recomputed_none())
    }

    /// Nothing compared.
    pub(crate) fn recomputed_none() -> &'static Recomputed {
        static NONE: Recomputed = Recomputed::NONE;
        &NONE
    }

    /// The matrix every entry was scored with.
    #[must_use]
    pub fn matrix(&self) -> &Matrix {
        &self.matrix
    }

    /// The crosswalk the register was translated through before it was scored
    /// ([`Register::translate`]), if it was.
    #[must_use]
    pub fn crosswalk(&self) -> Option<&Crosswalk> {
        self.origin.as_ref().map(|o| &o.crosswalk)
    }

    /// For a translated register, the assessment of id `id` as given under the first matrix
    /// (the entry's [`assessment`](ScoredEntry::assessment) is the translated one); `None` for
    /// a register scored as given, or an unknown id.
    #[must_use]
    pub fn original(&self, id: &str) -> Option<&Assessment> {
        self.origin.as_ref().and_then(|o| o.original(id))
    }

    /// The entry's outcome with its explanation: for a translated register the explanation
    /// begins with where each key came from (`impact major → high`).
    ///
    /// # Errors
    /// None for an entry of this register (it was scored once already). The entry is found by
    /// its id: an entry of another register is explained as this register's entry of that id,
    /// or, without one, scored as given (and may be refused as [`Matrix::score`] refuses it).
    pub fn explained(&self, entry: &ScoredEntry) -> Result<Outcome> {
        let id = entry.assessment().id();
        match (&self.origin, self.original(id)) {
            (Some(origin), Some(original)) => origin.crosswalk.score_explained(original),
            _ => self.matrix.score_explained(entry.assessment()),
        }
    }

    /// The entries, in priority order.
    #[must_use]
    pub fn entries(&self) -> &[ScoredEntry] {
        &self.entries
    }

    /// The outcomes, in priority order.
    pub fn outcomes(&self) -> impl ExactSizeIterator<Item = &Outcome> + '_ {
        self.entries.iter().map(|e| &e.outcome)
    }

    /// The entry with this id.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&ScoredEntry> {
        self.entries.iter().find(|e| e.outcome.id() == id)
    }

    /// The entries due for action on or before `date`, in priority order.
    pub fn due_by(&self, date: Date) -> impl Iterator<Item = &ScoredEntry> + '_ {
        self.entries
            .iter()
            .filter(move |e| e.outcome.action_due().is_some_and(|due| due <= date))
    }

    /// Summaries overall and per area (every area of the matrix, in matrix order).
    #[must_use]
    pub fn summary(&self) -> &RegisterSummary {
        &self.summary
    }

    /// The scored register as the JSON of SPEC §6, pretty-printed.
    #[must_use]
    pub fn to_json(&self) -> String {
        // Serialising strings, numbers and maps to a String cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Writes the JSON of SPEC §6 ([`ScoredRegister::to_json`]) to `writer`.
    ///
    /// # Errors
    /// The writer's I/O error.
    pub fn write_json<W: std::io::Write>(&self, writer: W) -> std::io::Result<()> {
        serde_json::to_writer_pretty(writer, self).map_err(std::io::Error::from)
    }
}

impl Serialize for ScoredRegister {
    /// `{"matrix", "fingerprint", "outcomes": [...priority order...], "summary": {...}}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        ScoredJson {
            matrix: &self.matrix,
            outcomes: std::cell::RefCell::new(Some(self.entries.iter().map(|e| &e.outcome))),
            summary: &self.summary,
        }
        .serialize(serializer)
    }
}

/// The JSON of SPEC §6 over outcomes given one at a time, in priority order: every writer of a
/// scored register, whole or streamed, goes through it, so they agree byte for byte.
struct ScoredJson<'a, I> {
    matrix: &'a Matrix,
    /// Taken when serialised: the outcomes are written as they come.
    outcomes: std::cell::RefCell<Option<I>>,
    summary: &'a RegisterSummary,
}

impl<O, I> Serialize for ScoredJson<'_, I>
where
    O: std::borrow::Borrow<Outcome>,
    I: Iterator<Item = O>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        struct Outcomes<'r, I>(&'r std::cell::RefCell<Option<I>>);
        impl<O, I> Serialize for Outcomes<'_, I>
        where
            O: std::borrow::Borrow<Outcome>,
            I: Iterator<Item = O>,
        {
            fn serialize<S: Serializer>(
                &self,
                serializer: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(None)?;
                for o in self.0.borrow_mut().take().into_iter().flatten() {
                    seq.serialize_element(&o.borrow().without_matrix())?;
                }
                seq.end()
            }
        }
        let mut s = serializer.serialize_struct("ScoredRegister", 4)?;
        s.serialize_field("matrix", self.matrix.label())?;
        s.serialize_field("fingerprint", self.matrix.fingerprint())?;
        s.serialize_field("outcomes", &Outcomes(&self.outcomes))?;
        s.serialize_field("summary", self.summary)?;
        s.end()
    }
}

/// Writes the JSON of SPEC §6 (pretty, as [`ScoredRegister::write_json`]) from outcomes given
/// one at a time in priority order and their summary.
#[cfg_attr(not(feature = "csv"), allow(dead_code))]
pub(crate) fn write_scored_json<W, O, I>(
    writer: W,
    matrix: &Matrix,
    outcomes: I,
    summary: &RegisterSummary,
) -> std::io::Result<()>
where
    W: std::io::Write,
    O: std::borrow::Borrow<Outcome>,
    I: Iterator<Item = O>,
{
    let json = ScoredJson {
        matrix,
        outcomes: std::cell::RefCell::new(Some(outcomes)),
        summary,
    };
    serde_json::to_writer_pretty(writer, &json).map_err(std::io::Error::from)
}

/// The summary of SPEC §6 over some outcomes of one matrix.
///
/// Summaries add up: [`Summary::add`] takes one outcome, [`Summary::merge`] another summary, so
/// a roll-up from risks to areas, forces, regions and the nation is exact at every level.
///
/// ```
/// use needmatrix::{Grade, Matrix, Register, RegisterFormat, Summary};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "critical", "probability": "likely", "capability": "none", "capacity": "none"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// let mut total = Summary::new(m);
/// total.merge(scored.summary().overall())?;
/// total.merge(scored.summary().overall())?;
/// assert_eq!((total.count(), total.grade_count(Grade::Red)), (2, 2));
/// assert_eq!(total.need_sum().to_string(), "40");
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    matrix: Matrix,
    count: usize,
    need_bands: Vec<usize>,
    grades: [usize; 3],
    high_need: usize,
    need_sum: Decimal,
    need_max: Decimal,
}

/// A sum of need, refused rather than capped when it leaves exact arithmetic.
fn checked_sum(sum: Decimal, more: Decimal) -> Result<Decimal> {
    sum.checked_add(more).ok_or_else(|| {
        crate::Error::from(crate::error::Fault::OutOfRange {
            at: Location::field("need_sum"),
            value: format!("{sum} + {more}"),
            rule: "a sum of need stays within exact decimal arithmetic".to_owned(),
        })
    })
}

fn grade_slot(grade: Grade) -> usize {
    match grade {
        Grade::Red => 0,
        Grade::Amber => 1,
        Grade::Green => 2,
    }
}

impl Summary {
    /// An empty summary for `matrix`.
    #[must_use]
    pub fn new(matrix: &Matrix) -> Self {
        Summary {
            matrix: matrix.clone(),
            count: 0,
            need_bands: vec![0; matrix.need_bands().len()],
            grades: [0; 3],
            high_need: 0,
            need_sum: Decimal::ZERO,
            need_max: Decimal::ZERO,
        }
    }

    /// Counts one outcome in.
    ///
    /// # Errors
    /// `matrix_mismatch` for an outcome of another matrix; `out_of_range` when the sum of need
    /// would overflow exact arithmetic. The summary is unchanged on error.
    pub fn add(&mut self, outcome: &Outcome) -> Result<()> {
        self.matrix.ensure_same(outcome.matrix())?;
        self.add_scored(
            outcome.need().value(),
            outcome.need_band_position(),
            outcome.grade(),
            outcome.high_need(),
        )
    }

    /// Counts in an outcome of this summary's matrix given by its need, need band position,
    /// grade and high need.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn add_scored(
        &mut self,
        need: Decimal,
        need_band: usize,
        grade: Option<Grade>,
        high_need: bool,
    ) -> Result<()> {
        self.need_sum = checked_sum(self.need_sum, need)?;
        self.count += 1;
        if let Some(n) = self.need_bands.get_mut(need_band) {
            *n += 1;
        }
        if let Some(g) = grade
            && let Some(n) = self.grades.get_mut(grade_slot(g))
        {
            *n += 1;
        }
        self.high_need += usize::from(high_need);
        self.need_max = self.need_max.max(need);
        Ok(())
    }

    /// Adds another summary of the same matrix in.
    ///
    /// # Errors
    /// `matrix_mismatch` for a summary of another matrix; `out_of_range` when the sum of need
    /// would overflow exact arithmetic. The summary is unchanged on error.
    pub fn merge(&mut self, other: &Summary) -> Result<()> {
        self.matrix.ensure_same(&other.matrix)?;
        self.need_sum = checked_sum(self.need_sum, other.need_sum)?;
        self.count += other.count;
        for (a, b) in self.need_bands.iter_mut().zip(&other.need_bands) {
            *a += b;
        }
        for (a, b) in self.grades.iter_mut().zip(other.grades) {
            *a += b;
        }
        self.high_need += other.high_need;
        self.need_max = self.need_max.max(other.need_max);
        Ok(())
    }

    /// How many entries.
    #[must_use]
    pub fn count(&self) -> usize {
        self.count
    }

    /// Entries per need band, in band order, with the band keys.
    pub fn need_bands(&self) -> impl Iterator<Item = (&str, usize)> + '_ {
        self.matrix
            .need_bands()
            .iter()
            .zip(&self.need_bands)
            .map(|(b, n)| (b.key(), *n))
    }

    /// Entries with this grade.
    #[must_use]
    pub fn grade_count(&self, grade: Grade) -> usize {
        self.grades.get(grade_slot(grade)).copied().unwrap_or(0)
    }

    /// Entries that are high need.
    #[must_use]
    pub fn high_need(&self) -> usize {
        self.high_need
    }

    /// The sum of `need`.
    #[must_use]
    pub fn need_sum(&self) -> Points {
        Points::new(self.need_sum)
    }

    /// The largest `need` (0 for no entries).
    #[must_use]
    pub fn need_max(&self) -> Points {
        Points::new(self.need_max)
    }

    /// The mean `need`, rounded half away from zero to 2 places (0 for no entries).
    #[must_use]
    pub fn need_mean(&self) -> Points {
        if self.count == 0 {
            return Points::ZERO;
        }
        // The exact quotient is never within 10^-26 of a rounding tie unless it is one, so
        // rounding Decimal's 28-digit quotient to 2 places is exact.
        let mean = self
            .need_sum
            .checked_div(Decimal::from(self.count))
            .unwrap_or_default();
        Points::new(mean.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }
}

impl Serialize for Summary {
    /// The JSON summary of SPEC §6.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        struct Bands<'a>(&'a Summary);
        impl Serialize for Bands<'_> {
            fn serialize<S: Serializer>(
                &self,
                serializer: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                serializer.collect_map(self.0.need_bands())
            }
        }
        struct Grades<'a>(&'a Summary);
        impl Serialize for Grades<'_> {
            fn serialize<S: Serializer>(
                &self,
                serializer: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(3))?;
                for g in [Grade::Red, Grade::Amber, Grade::Green] {
                    map.serialize_entry(g.as_str(), &self.0.grade_count(g))?;
                }
                map.end()
            }
        }
        let mut s = serializer.serialize_struct("Summary", 7)?;
        s.serialize_field("count", &self.count)?;
        s.serialize_field("need_bands", &Bands(self))?;
        s.serialize_field("grades", &Grades(self))?;
        s.serialize_field("high_need", &self.high_need)?;
        s.serialize_field("need_sum", &self.need_sum())?;
        s.serialize_field("need_max", &self.need_max())?;
        s.serialize_field("need_mean", &self.need_mean())?;
        s.end()
    }
}

/// A summary overall and one per area of the matrix.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, RegisterSummary};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// let summary = RegisterSummary::of(m, scored.outcomes())?;
/// assert_eq!(summary.area("major_crime").unwrap().count(), 1);
/// assert_eq!(summary.area("public_order").unwrap().count(), 0);
/// assert_eq!(summary.areas().count(), m.areas().len());
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterSummary {
    overall: Summary,
    areas: Vec<Summary>,
}

impl RegisterSummary {
    /// An empty summary for `matrix`.
    #[must_use]
    pub fn new(matrix: &Matrix) -> Self {
        RegisterSummary {
            overall: Summary::new(matrix),
            areas: vec![Summary::new(matrix); matrix.areas().len()],
        }
    }

    /// Summarises outcomes of `matrix`.
    ///
    /// # Errors
    /// As [`RegisterSummary::add`].
    pub fn of<'a>(
        matrix: &Matrix,
        outcomes: impl IntoIterator<Item = &'a Outcome>,
    ) -> Result<Self> {
        let mut s = Self::new(matrix);
        for o in outcomes {
            s.add(o)?;
        }
        Ok(s)
    }

    /// Counts one outcome in, overall and in its area.
    ///
    /// # Errors
    /// As [`Summary::add`].
    pub fn add(&mut self, outcome: &Outcome) -> Result<()> {
        // The overall sum bounds every area's, so once it is counted in the area's cannot fail.
        self.overall.add(outcome)?;
        if let Some(area) = self.areas.get_mut(outcome.area_position()) {
            area.add(outcome)?;
        }
        Ok(())
    }

    /// Counts in an outcome of this summary's matrix by its parts ([`Summary::add_scored`]),
    /// overall and in its area.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn add_scored(
        &mut self,
        area: usize,
        need: Decimal,
        need_band: usize,
        grade: Option<Grade>,
        high_need: bool,
    ) -> Result<()> {
        self.overall.add_scored(need, need_band, grade, high_need)?;
        if let Some(summary) = self.areas.get_mut(area) {
            summary.add_scored(need, need_band, grade, high_need)?;
        }
        Ok(())
    }

    /// Adds another register summary of the same matrix in.
    ///
    /// # Errors
    /// As [`Summary::merge`].
    pub fn merge(&mut self, other: &RegisterSummary) -> Result<()> {
        self.overall.merge(&other.overall)?;
        for (a, b) in self.areas.iter_mut().zip(&other.areas) {
            a.merge(b)?;
        }
        Ok(())
    }

    /// The summary of every entry.
    #[must_use]
    pub fn overall(&self) -> &Summary {
        &self.overall
    }

    /// The summary of each area, with its key, in matrix order.
    pub fn areas(&self) -> impl Iterator<Item = (&str, &Summary)> + '_ {
        self.overall
            .matrix
            .areas()
            .iter()
            .zip(&self.areas)
            .map(|(a, s)| (a.key(), s))
    }

    /// The summary of one area.
    #[must_use]
    pub fn area(&self, key: &str) -> Option<&Summary> {
        self.areas().find(|(k, _)| *k == key).map(|(_, s)| s)
    }
}

impl Serialize for RegisterSummary {
    /// `{"overall": SUMMARY, "areas": {AREA: SUMMARY, …}}` with every area present.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        struct Areas<'a>(&'a RegisterSummary);
        impl Serialize for Areas<'_> {
            fn serialize<S: Serializer>(
                &self,
                serializer: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                serializer.collect_map(self.0.areas())
            }
        }
        let mut s = serializer.serialize_struct("RegisterSummary", 2)?;
        s.serialize_field("overall", &self.overall)?;
        s.serialize_field("areas", &Areas(self))?;
        s.end()
    }
}

impl<'a> IntoIterator for &'a Register {
    type Item = &'a Assessment;
    type IntoIter = std::slice::Iter<'a, Assessment>;

    fn into_iter(self) -> Self::IntoIter {
        self.assessments.iter()
    }
}

impl IntoIterator for Register {
    type Item = Assessment;
    type IntoIter = std::vec::IntoIter<Assessment>;

    fn into_iter(self) -> Self::IntoIter {
        self.assessments.into_iter()
    }
}

impl<'a> IntoIterator for &'a ScoredRegister {
    type Item = &'a ScoredEntry;
    type IntoIter = std::slice::Iter<'a, ScoredEntry>;

    /// The entries in priority order.
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl IntoIterator for ScoredRegister {
    type Item = ScoredEntry;
    type IntoIter = std::vec::IntoIter<ScoredEntry>;

    /// The entries in priority order.
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::permute_in_place;
    use proptest::prelude::*;

    proptest! {
        /// In place, position `i` ends up holding what was at `order[i]`, for any permutation.
        #[test]
        fn a_permutation_is_applied_in_place(order in Just((0..64usize).collect::<Vec<_>>()).prop_shuffle()) {
            let items: Vec<usize> = (100..164).collect();
            let mut permuted = items.clone();
            let mut scratch = order.clone();
            permute_in_place(&mut permuted, &mut scratch);
            let want: Vec<usize> = order.iter().map(|&i| items[i]).collect();
            prop_assert_eq!(permuted, want);
        }
    }
}
