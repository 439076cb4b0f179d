//! The one-notch test (SPEC §13, `needmatrix-robustness/1`): which grades and high-need calls
//! rest on a single judgement call. Each assessment is scored again with one of its four
//! judgement calls (impact, probability, capability, capacity) moved one notch down or up; an
//! entry whose grade or high need would change is `fragile`, and its changes say which call,
//! to what, and what it would give. Exact, no sampling: at most eight neighbours, each scored by
//! the same compiled scorer ([`crate::bulk::Scorer`]) as every register.
//!
//! ```
//! use needmatrix::{Matrix, Register, RegisterFormat, robustness::Robustness};
//!
//! let m = Matrix::reference();
//! // major × likely = 16, ability min(8, 8) = 8: need 8 (amber). Impact critical gives 20 − 8 =
//! // 12 (red); impact moderate 12 − 8 = 4 (green): the amber rests on the impact call.
//! let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "adequate", "capacity": "adequate"}"#;
//! let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
//! let report = Robustness::of_scored(&scored)?;
//! assert_eq!(report.summary().fragile(), 1);
//! let entry = &report.fragile()[0];
//! assert_eq!(entry.changes()[0].to_string(), "impact to moderate: need 4, green");
//! assert_eq!((entry.need_band_low(), entry.need_band_high()), ("low", "high"));
//! # Ok::<(), needmatrix::Error>(())
//! ```

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::assessment::Assessment;
use crate::bulk::Scorer;
use crate::error::Result;
use crate::matrix::{Grade, Matrix};
use crate::points::Points;
use crate::register::{Register, ScoredRegister};
use crate::score::Outcome;

/// The format name of the report.
pub const FORMAT: &str = "needmatrix-robustness/1";

/// The columns of the report's CSV view and workbook sheet, one row per change (SPEC §13).
pub const CHANGE_COLUMNS: [&str; 9] = [
    "priority",
    "id",
    "grade",
    "high_need",
    "field",
    "to",
    "need",
    "new_grade",
    "new_high_need",
];

crate::closed::closed_set! {
    /// One of the four judgement calls an assessor makes, in SPEC §13's order.
    ///
    /// ```
    /// use needmatrix::robustness::Call;
    ///
    /// assert_eq!("probability".parse::<Call>()?, Call::Probability);
    /// assert_eq!(Call::Capacity.to_string(), "capacity");
    /// # Ok::<(), needmatrix::UnknownName>(())
    /// ```
    #[derive(PartialOrd, Ord)]
    pub enum Call ("a judgement call") {
        /// The impact level.
        Impact => "impact",
        /// The probability level.
        Probability => "probability",
        /// The capability level.
        Capability => "capability",
        /// The capacity level.
        Capacity => "capacity",
    }
}

impl Call {
    fn scale(self, m: &Matrix) -> &[crate::matrix::Level] {
        match self {
            Call::Impact => m.impact(),
            Call::Probability => m.probability(),
            Call::Capability => m.capability(),
            Call::Capacity => m.capacity(),
        }
    }
}

/// A neighbour that changes the call: the judgement call moved, the level it moved to, and what
/// the assessment would then be.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, robustness::Robustness};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "adequate", "capacity": "adequate"}"#;
/// let report = Robustness::of_register(&Register::from_text(m, jsonl, RegisterFormat::JsonLines)?, m)?;
/// let change = &report.fragile()[0].changes()[1]; // impact up, to critical
/// assert_eq!((change.field.as_str(), change.to.as_str()), ("impact", "critical"));
/// assert_eq!((change.need.to_string(), change.high_need), ("12".to_owned(), true));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Change {
    /// The call moved one notch.
    pub field: Call,
    /// The level it moved to (a key of that scale).
    pub to: String,
    /// The need it would give.
    pub need: Points,
    /// The grade it would give.
    pub grade: Option<Grade>,
    /// Whether it would be a high need.
    pub high_need: bool,
}

impl std::fmt::Display for Change {
    /// `probability to possible: need 4, amber` (`no grade` for none; `, high need` when it
    /// would be one).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} to {}: need {}, ", self.field, self.to, self.need)?;
        match self.grade {
            Some(g) => write!(f, "{g}")?,
            None => f.write_str("no grade")?,
        }
        if self.high_need {
            f.write_str(", high need")?;
        }
        Ok(())
    }
}

impl Serialize for Change {
    /// `{"field", "to", "need", "grade", "high_need"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Change", 5)?;
        s.serialize_field("field", self.field.as_str())?;
        s.serialize_field("to", &self.to)?;
        s.serialize_field("need", &self.need)?;
        s.serialize_field("grade", &self.grade.map(Grade::as_str))?;
        s.serialize_field("high_need", &self.high_need)?;
        s.end()
    }
}

/// One assessment under the one-notch test: its own call, the band range over it and its
/// neighbours, and the neighbours that change the call.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, robustness::Robustness};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "adequate", "capacity": "adequate"}"#;
/// let report = Robustness::of_register(&Register::from_text(m, jsonl, RegisterFormat::JsonLines)?, m)?;
/// let entry = &report.entries()[0];
/// assert!(entry.fragile());
/// assert_eq!((entry.id(), entry.need_band(), entry.changes().len()), ("a", "medium", 6));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    id: String,
    grade: Option<Grade>,
    high_need: bool,
    need: Points,
    need_band: String,
    need_band_low: String,
    need_band_high: String,
    changes: Vec<Change>,
}

impl Entry {
    /// The assessment's id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Its grade.
    #[must_use]
    pub fn grade(&self) -> Option<Grade> {
        self.grade
    }

    /// Whether it is a high need.
    #[must_use]
    pub fn high_need(&self) -> bool {
        self.high_need
    }

    /// Its need.
    #[must_use]
    pub fn need(&self) -> Points {
        self.need
    }

    /// Its need band's key.
    #[must_use]
    pub fn need_band(&self) -> &str {
        &self.need_band
    }

    /// The lowest need band over it and its neighbours.
    #[must_use]
    pub fn need_band_low(&self) -> &str {
        &self.need_band_low
    }

    /// The highest need band over it and its neighbours.
    #[must_use]
    pub fn need_band_high(&self) -> &str {
        &self.need_band_high
    }

    /// The neighbours that change the call, in SPEC §13's order.
    #[must_use]
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Whether one notch of one call changes its grade or its high need.
    #[must_use]
    pub fn fragile(&self) -> bool {
        !self.changes.is_empty()
    }
}

impl Serialize for Entry {
    /// `{"id", "grade", "high_need", "need", "need_band", "need_band_low", "need_band_high",
    /// "changes"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Entry", 8)?;
        s.serialize_field("id", &self.id)?;
        s.serialize_field("grade", &self.grade.map(Grade::as_str))?;
        s.serialize_field("high_need", &self.high_need)?;
        s.serialize_field("need", &self.need)?;
        s.serialize_field("need_band", &self.need_band)?;
        s.serialize_field("need_band_low", &self.need_band_low)?;
        s.serialize_field("need_band_high", &self.need_band_high)?;
        s.serialize_field("changes", &self.changes)?;
        s.end()
    }
}

/// How many entries, and how many of them fragile.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, robustness::Robustness};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "adequate", "capacity": "adequate"}"#;
/// let report = Robustness::of_register(&Register::from_text(m, jsonl, RegisterFormat::JsonLines)?, m)?;
/// let amber = report.summary().by_grade(Some(needmatrix::Grade::Amber));
/// assert_eq!((amber.entries(), amber.fragile()), (1, 1));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Count {
    entries: usize,
    fragile: usize,
}

impl Count {
    /// Entries.
    #[must_use]
    pub fn entries(&self) -> usize {
        self.entries
    }

    /// Fragile entries.
    #[must_use]
    pub fn fragile(&self) -> usize {
        self.fragile
    }
}

impl Serialize for Count {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Count", 2)?;
        s.serialize_field("entries", &self.entries)?;
        s.serialize_field("fragile", &self.fragile)?;
        s.end()
    }
}

/// The register's summary: entries and fragile ones, by grade (every grade of the matrix in its
/// order, then entries with none), and the high needs.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, robustness::Robustness};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "adequate", "capacity": "adequate"}"#;
/// let report = Robustness::of_register(&Register::from_text(m, jsonl, RegisterFormat::JsonLines)?, m)?;
/// let s = report.summary();
/// assert_eq!((s.entries(), s.fragile(), s.high_need(), s.high_need_fragile()), (1, 1, 0, 0));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    all: Count,
    by_grade: Vec<(Option<Grade>, Count)>,
    high_need: Count,
}

impl Summary {
    /// Entries.
    #[must_use]
    pub fn entries(&self) -> usize {
        self.all.entries
    }

    /// Fragile entries.
    #[must_use]
    pub fn fragile(&self) -> usize {
        self.all.fragile
    }

    /// Entries and fragile entries of a grade (`None`: entries with no grade).
    #[must_use]
    pub fn by_grade(&self, grade: Option<Grade>) -> Count {
        self.by_grade
            .iter()
            .find(|(g, _)| *g == grade)
            .map_or_else(Count::default, |(_, c)| *c)
    }

    /// High-need entries.
    #[must_use]
    pub fn high_need(&self) -> usize {
        self.high_need.entries
    }

    /// High-need entries that are fragile.
    #[must_use]
    pub fn high_need_fragile(&self) -> usize {
        self.high_need.fragile
    }
}

impl Serialize for Summary {
    /// `{"entries", "fragile", "by_grade": {GRADE: {"entries", "fragile"}, …, "none": …},
    /// "high_need", "high_need_fragile"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        struct ByGrade<'a>(&'a [(Option<Grade>, Count)]);
        impl Serialize for ByGrade<'_> {
            fn serialize<S: Serializer>(
                &self,
                serializer: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (grade, count) in self.0 {
                    map.serialize_entry(grade.map_or("none", Grade::as_str), count)?;
                }
                map.end()
            }
        }
        let mut s = serializer.serialize_struct("Summary", 5)?;
        s.serialize_field("entries", &self.all.entries)?;
        s.serialize_field("fragile", &self.all.fragile)?;
        s.serialize_field("by_grade", &ByGrade(&self.by_grade))?;
        s.serialize_field("high_need", &self.high_need.entries)?;
        s.serialize_field("high_need_fragile", &self.high_need.fragile)?;
        s.end()
    }
}

/// The one-notch test of a register (SPEC §13): its summary, and every entry (in priority
/// order) with its changes; [`Robustness::fragile`] lists the fragile ones.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, robustness::Robustness};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "adequate", "capacity": "adequate"}"#;
/// let report = Robustness::of_register(&Register::from_text(m, jsonl, RegisterFormat::JsonLines)?, m)?;
/// let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
/// assert_eq!(json["format"], "needmatrix-robustness/1");
/// assert_eq!(json["fragile"][0]["need_band_high"], "high");
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Robustness {
    matrix: Matrix,
    summary: Summary,
    /// Every entry, in priority order.
    entries: Vec<Entry>,
}

impl Robustness {
    /// The one-notch test of a scored register.
    ///
    /// # Errors
    /// As [`Scorer::new`] for a matrix the compiled scorer cannot hold (the register was scored
    /// with it, so never in practice).
    pub fn of_scored(register: &ScoredRegister) -> Result<Self> {
        let matrix = register.matrix();
        let scorer = Scorer::new(matrix)?;
        let entries = register
            .entries()
            .iter()
            .map(|e| test_entry(&scorer, e.assessment(), e.outcome()))
            .collect::<Result<Vec<_>>>()?;
        Ok(Robustness {
            matrix: matrix.clone(),
            summary: summarise(matrix, &entries),
            entries,
        })
    }

    /// The one-notch test of a register not yet scored: scored with `matrix`, then tested.
    ///
    /// # Errors
    /// As [`Register::score`].
    pub fn of_register(register: &Register, matrix: &Matrix) -> Result<Self> {
        Self::of_scored(&register.score(matrix)?)
    }

    /// The one-notch test of one assessment.
    ///
    /// ```
    /// use needmatrix::{Assessment, Matrix, robustness::Robustness};
    ///
    /// let m = Matrix::reference();
    /// // critical × almost certain = 25, ability 0: need 25, red; no single notch lowers it
    /// // below 10, and high need stays: not fragile, but its band range is high to high.
    /// let a = Assessment::new("x", "major_crime", "critical", "almost_certain", "none", "none")?;
    /// let entry = Robustness::of_assessment(m, &a)?;
    /// assert!(!entry.fragile());
    /// assert_eq!((entry.need_band_low(), entry.need_band_high()), ("high", "high"));
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Matrix::score`].
    pub fn of_assessment(matrix: &Matrix, assessment: &Assessment) -> Result<Entry> {
        let outcome = matrix.score(assessment)?;
        test_entry(&Scorer::new(matrix)?, assessment, &outcome)
    }

    /// The summary.
    #[must_use]
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Every entry, in priority order.
    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Every change, entry by entry in priority order, each with its entry and the entry's place
    /// in that order (from 1): the rows of the CSV view.
    ///
    /// ```
    /// use needmatrix::{Matrix, Register, RegisterFormat, robustness::Robustness};
    ///
    /// let m = Matrix::reference();
    /// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "adequate", "capacity": "adequate"}"#;
    /// let report = Robustness::of_register(&Register::from_text(m, jsonl, RegisterFormat::JsonLines)?, m)?;
    /// let (priority, entry, change) = report.changes().next().unwrap();
    /// assert_eq!((priority, entry.id(), change.to.as_str()), (1, "a", "moderate"));
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    pub fn changes(&self) -> impl Iterator<Item = (usize, &Entry, &Change)> {
        self.entries
            .iter()
            .enumerate()
            .flat_map(|(n, e)| e.changes.iter().map(move |c| (n + 1, e, c)))
    }

    /// The fragile entries, in priority order.
    #[must_use]
    pub fn fragile(&self) -> Vec<&Entry> {
        self.entries.iter().filter(|e| e.fragile()).collect()
    }

    /// The matrix the register was scored with.
    #[must_use]
    pub fn matrix(&self) -> &Matrix {
        &self.matrix
    }

    /// The report as SPEC §13's JSON (pretty-printed).
    #[must_use]
    pub fn to_json(&self) -> String {
        // Strings, numbers and lists to a String: cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl Serialize for Robustness {
    /// `{"format", "matrix", "fingerprint", "summary", "fragile": [entries in priority order]}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let fragile = self.fragile();
        let mut s = serializer.serialize_struct("Robustness", 5)?;
        s.serialize_field("format", FORMAT)?;
        s.serialize_field("matrix", self.matrix.label())?;
        s.serialize_field("fingerprint", self.matrix.fingerprint())?;
        s.serialize_field("summary", &self.summary)?;
        s.serialize_field("fragile", &fragile)?;
        s.end()
    }
}

/// The changes one notch of one call makes to an assessment's call, scored by `scorer`: what a
/// plan shows beside a fragile high need.
pub(crate) fn changes_of(
    scorer: &Scorer,
    assessment: &Assessment,
    outcome: &Outcome,
) -> Result<Vec<Change>> {
    test_entry(scorer, assessment, outcome).map(|e| e.changes)
}

/// One entry's neighbours, scored through the compiled scorer.
fn test_entry(scorer: &Scorer, assessment: &Assessment, o: &Outcome) -> Result<Entry> {
    let m = scorer.matrix();
    let input = scorer.input(assessment)?;
    let own = scorer.score(&input);
    let bands = m.need_bands();
    let (mut low, mut high) = (own.need_band(), own.need_band());
    let mut changes = Vec::new();
    let calls = input.calls();
    for (c, call) in Call::ALL.iter().copied().enumerate() {
        let scale = call.scale(m);
        let at = usize::from(calls.get(c).copied().unwrap_or(0));
        // One notch down, then one up, where the level exists.
        let neighbours = [at.checked_sub(1), Some(at + 1).filter(|&p| p < scale.len())];
        for position in neighbours.into_iter().flatten() {
            let Ok(level) = u8::try_from(position) else {
                continue;
            };
            let n = scorer.score(&input.with_call(c, level));
            low = low.min(n.need_band());
            high = high.max(n.need_band());
            if n.grade() != o.grade() || n.high_need() != o.high_need() {
                changes.push(Change {
                    field: call,
                    to: scale
                        .get(position)
                        .map_or(String::new(), |l| l.key().to_owned()),
                    need: scorer.points(n.need_fixed()),
                    grade: n.grade(),
                    high_need: n.high_need(),
                });
            }
        }
    }
    let key = |band: usize| {
        bands
            .get(band)
            .map_or(String::new(), |b| b.key().to_owned())
    };
    Ok(Entry {
        id: o.id().to_owned(),
        grade: o.grade(),
        high_need: o.high_need(),
        need: o.need(),
        need_band: o.need_band().to_owned(),
        need_band_low: key(low),
        need_band_high: key(high),
        changes,
    })
}

fn summarise(matrix: &Matrix, entries: &[Entry]) -> Summary {
    // Every grade of the matrix, in its order (first appearance), then none.
    let mut grades: Vec<Option<Grade>> = Vec::new();
    for rule in matrix.grades() {
        if !grades.contains(&Some(rule.grade())) {
            grades.push(Some(rule.grade()));
        }
    }
    grades.push(None);
    let mut by_grade: Vec<(Option<Grade>, Count)> =
        grades.into_iter().map(|g| (g, Count::default())).collect();
    let (mut all, mut high_need) = (Count::default(), Count::default());
    for e in entries {
        let fragile = usize::from(e.fragile());
        all.entries += 1;
        all.fragile += fragile;
        if let Some((_, count)) = by_grade.iter_mut().find(|(g, _)| *g == e.grade) {
            count.entries += 1;
            count.fragile += fragile;
        }
        if e.high_need {
            high_need.entries += 1;
            high_need.fragile += fragile;
        }
    }
    Summary {
        all,
        by_grade,
        high_need,
    }
}
