//! From gaps to action (SPEC §9 and §10): gap-bridging options per outcome (Cleveland's
//! practice), the resource ask per area, and progress between two assessments of a register
//! (measures of success).
//!
//! ```
//! use needmatrix::{Assessment, Matrix, plan::{GapOption, options}};
//!
//! let m = Matrix::reference();
//! // major × likely = 16, ability min(adequate 8, adequate 8) = 8: need 8, band medium (from 5).
//! let a = Assessment::new("x", "public_order", "major", "likely", "adequate", "adequate")?;
//! let opts = options(m, &a)?;
//! // Capability alone cannot help (ability is the lesser of the two); 3.0001 more points of
//! // partnership brings need to 4.9999, band low.
//! assert_eq!(opts.len(), 2);
//! assert_eq!(opts[0].to_string(), "more than 3 points of partnership (add 3.0001)");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::assessment::{Assessment, Resolved};
use crate::error::{Error, Location, Result};
use crate::matrix::{Level, Matrix};
use crate::points::Points;
use crate::register::ScoredRegister;
use crate::score::compute;

/// The step of extra ameliorative points (SPEC §9): the finest a points value may have.
const STEP: Decimal = Decimal::from_parts(1, 0, 0, false, 4);

/// One gap-bridging option: the least single change to one lever that moves the outcome at
/// least one need band down.
///
/// ```
/// use needmatrix::{Assessment, Matrix, plan::{GapOption, options}};
///
/// let a = Assessment::new("x", "major_crime", "major", "likely", "limited", "limited")?;
/// for option in options(Matrix::reference(), &a)? {
///     match &option {
///         GapOption::Capacity { to } => assert!(!to.is_empty()),
///         _ => {}
///     }
///     println!("{option}"); // raise capacity to adequate, …
/// }
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GapOption {
    /// Raise capability to this level.
    Capability {
        /// The level key.
        to: String,
    },
    /// Raise capacity to this level.
    Capacity {
        /// The level key.
        to: String,
    },
    /// Add this many points of an ameliorative kind.
    Ameliorative {
        /// The kind key.
        kind: String,
        /// The points to add.
        add: Points,
    },
}

impl GapOption {
    /// The lever: `capability`, `capacity` or `ameliorative.KIND`.
    #[must_use]
    pub fn lever(&self) -> String {
        match self {
            Self::Capability { .. } => "capability".to_owned(),
            Self::Capacity { .. } => "capacity".to_owned(),
            Self::Ameliorative { kind, .. } => format!("ameliorative.{kind}"),
        }
    }
}

impl fmt::Display for GapOption {
    /// Plain words: `raise capacity to adequate`, `more than 2.5 points of partnership (add
    /// 2.5001)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Capability { to } => write!(f, "raise capability to {to}"),
            Self::Capacity { to } => write!(f, "raise capacity to {to}"),
            Self::Ameliorative { kind, add } => {
                let more_than = Points::new(add.value() - STEP);
                write!(f, "more than {more_than} points of {kind} (add {add})")
            }
        }
    }
}

impl Serialize for GapOption {
    /// `{"lever": "capability", "to": "good"}` or `{"lever": "ameliorative.K", "add": "2.5001"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("lever", &self.lever())?;
        match self {
            Self::Capability { to } | Self::Capacity { to } => map.serialize_entry("to", to)?,
            Self::Ameliorative { add, .. } => map.serialize_entry("add", add)?,
        }
        map.end()
    }
}

/// The gap-bridging options of an assessment (SPEC §9), in lever order: capability, capacity,
/// then ameliorative kinds in matrix order. None for an outcome in the lowest need band.
///
/// # Errors
/// As [`Matrix::score`].
pub fn options(matrix: &Matrix, assessment: &Assessment) -> Result<Vec<GapOption>> {
    let resolved = assessment.resolve(matrix)?;
    let values = compute(matrix, &resolved, false, None, None)?;
    let band = values.need_band;
    if band == 0 {
        return Ok(Vec::new());
    }
    let rescored_band = |r: &Resolved| compute(matrix, r, false, None, None).map(|v| v.need_band);
    let mut out = Vec::new();

    // Levels: the first level above the current one whose re-scored band is lower.
    let level_option = |scale: &[Level],
                        current: usize,
                        set: &dyn Fn(&mut Resolved, usize)|
     -> Result<Option<String>> {
        for position in current + 1..scale.len() {
            let mut r = resolved.clone();
            set(&mut r, position);
            if rescored_band(&r)? < band {
                return Ok(scale.get(position).map(|l| l.key().to_owned()));
            }
        }
        Ok(None)
    };
    if let Some(to) = level_option(matrix.capability(), resolved.capability, &|r, p| {
        r.capability = p
    })? {
        out.push(GapOption::Capability { to });
    }
    if let Some(to) = level_option(matrix.capacity(), resolved.capacity, &|r, p| r.capacity = p)? {
        out.push(GapOption::Capacity { to });
    }

    // Ameliorative kinds: the least multiple of 0.0001 that takes need below the band's floor,
    // need − floor + 0.0001 when need has at most 4 places (a `mean` ability may give a fifth).
    let floor = matrix
        .need_bands()
        .get(band)
        .map_or(Decimal::ZERO, |b| b.min().value());
    let excess = values.need.value() - floor;
    let add = (excess / STEP).floor() * STEP + STEP;
    for (k, kind) in matrix.ameliorative().iter().enumerate() {
        let current = resolved
            .ameliorative
            .iter()
            .filter(|(i, _)| *i == k)
            .map(|(_, p)| p.value())
            .sum::<Decimal>();
        if current + add <= kind.max().value() {
            out.push(GapOption::Ameliorative {
                kind: kind.key().to_owned(),
                add: Points::new(add),
            });
        }
    }
    Ok(out)
}

/// One entry of an action plan: an outcome above the lowest need band, who acts, and the
/// options.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, plan::action_plan};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "critical", "probability": "likely", "capability": "good", "capacity": "none"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// let plan = action_plan(&scored)?;
/// assert_eq!(plan[0].entry.outcome().id(), "a");
/// assert!(!plan[0].options.is_empty());
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlanEntry<'a> {
    /// The scored entry.
    pub entry: &'a crate::register::ScoredEntry,
    /// Its gap-bridging options.
    pub options: Vec<GapOption>,
}

impl Serialize for PlanEntry<'_> {
    /// `{"id", "area", "need", "need_band", "grade", "action_due", "owner", "manager", "options"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let o = self.entry.outcome();
        let a = self.entry.assessment();
        let mut map = serializer.serialize_map(Some(9))?;
        map.serialize_entry("id", o.id())?;
        map.serialize_entry("area", o.area())?;
        map.serialize_entry("need", &o.need())?;
        map.serialize_entry("need_band", o.need_band())?;
        map.serialize_entry("grade", &o.grade())?;
        map.serialize_entry("action_due", &o.action_due().map(|d| d.to_string()))?;
        map.serialize_entry("owner", &a.owner())?;
        map.serialize_entry("manager", &a.manager())?;
        map.serialize_entry("options", &self.options)?;
        map.end()
    }
}

/// The action plan of a scored register: every entry above the lowest need band, in priority
/// order, with its options.
///
/// # Errors
/// As [`options`] (never for a register scored with the same matrix).
pub fn action_plan(register: &ScoredRegister) -> Result<Vec<PlanEntry<'_>>> {
    register
        .entries()
        .iter()
        .filter(|e| e.outcome().need_band_position() > 0)
        .map(|entry| {
            Ok(PlanEntry {
                entry,
                options: options(register.matrix(), entry.assessment())?,
            })
        })
        .collect()
}

/// Per area, per lever, how many entries the lever would move down a band: what each lever
/// is worth, the "resource ask".
#[must_use]
pub fn resource_ask(
    matrix: &Matrix,
    plan: &[PlanEntry<'_>],
) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut out: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for area in matrix.areas() {
        out.insert(area.key().to_owned(), BTreeMap::new());
    }
    for p in plan {
        let area = out.entry(p.entry.outcome().area().to_owned()).or_default();
        for o in &p.options {
            *area.entry(o.lever()).or_default() += 1;
        }
    }
    out
}

crate::closed::closed_set! {
    /// The status of one id between two assessments (SPEC §10).
    ///
    /// ```
    /// use needmatrix::plan::Status;
    ///
    /// assert_eq!("worsened".parse::<Status>()?, Status::Worsened);
    /// # Ok::<(), needmatrix::UnknownName>(())
    /// ```
    #[derive(PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum Status ("a status") {
        /// Only in the later register.
        New => "new",
        /// Only in the earlier register.
        Removed => "removed",
        /// Need lower after.
        Improved => "improved",
        /// Need higher after.
        Worsened => "worsened",
        /// Need the same.
        Unchanged => "unchanged",
    }
}

/// One id's change.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, plan::{Progress, Status}};
///
/// let m = Matrix::reference();
/// let row = |capacity: &str| format!(r#"{{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "good", "capacity": "{capacity}"}}"#);
/// let before = Register::from_text(m, &row("none"), RegisterFormat::JsonLines)?.score(m)?;
/// let after = Register::from_text(m, &row("good"), RegisterFormat::JsonLines)?.score(m)?;
/// let progress = Progress::between(&before, &after)?;
/// assert_eq!(progress.entries[0].status, Status::Improved);
/// assert_eq!(progress.counts.improved, 1);
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Change {
    /// The id.
    pub id: String,
    /// Its status.
    pub status: Status,
    /// Need before, if it was there.
    pub need_before: Option<Points>,
    /// Need after, if it is there.
    pub need_after: Option<Points>,
}

/// One area's change.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, plan::Progress};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// let progress = Progress::between(&scored, &scored)?;
/// let (area, change) = &progress.areas[0];
/// assert!(!area.is_empty());
/// assert_eq!(change.need_before, change.need_after);
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AreaChange {
    /// Sum of need before.
    pub need_before: Points,
    /// Sum of need after.
    pub need_after: Points,
    /// `need_after − need_before`.
    pub change: Points,
    /// High-need entries before.
    pub high_need_before: usize,
    /// High-need entries after.
    pub high_need_after: usize,
}

/// Counts of the statuses, and of closed gaps (improved from need above 0 to 0).
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, plan::Progress};
///
/// let m = Matrix::reference();
/// let before = Register::from_text(m, r#"{"id": "old", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none"}"#, RegisterFormat::JsonLines)?.score(m)?;
/// let after = Register::from_text(m, r#"{"id": "new", "area": "major_crime", "impact": "minor", "probability": "rare", "capability": "none", "capacity": "none"}"#, RegisterFormat::JsonLines)?.score(m)?;
/// let counts = Progress::between(&before, &after)?.counts;
/// assert_eq!((counts.new, counts.removed), (1, 1));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Counts {
    /// New ids.
    pub new: usize,
    /// Removed ids.
    pub removed: usize,
    /// Improved.
    pub improved: usize,
    /// Worsened.
    pub worsened: usize,
    /// Unchanged.
    pub unchanged: usize,
    /// Improved from need above 0 to 0.
    pub closed: usize,
}

/// Progress between two scored registers of one matrix (SPEC §10).
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, plan::Progress};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// let progress = Progress::between(&scored, &scored)?;
/// assert_eq!(progress.counts.unchanged, 1);
/// assert!(serde_json::to_string(&progress)?.contains("\"unchanged\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Progress {
    /// Counts.
    pub counts: Counts,
    /// Per area, every area of the matrix, in matrix order.
    #[serde(serialize_with = "ordered_areas")]
    pub areas: Vec<(String, AreaChange)>,
    /// Per id, in id order (bytes).
    pub entries: Vec<Change>,
}

fn ordered_areas<S: Serializer>(
    areas: &[(String, AreaChange)],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_map(areas.iter().map(|(k, v)| (k, v)))
}

impl Progress {
    /// Compares `before` with `after`, matched by id.
    ///
    /// # Errors
    /// `matrix_mismatch` naming both fingerprints when the registers were scored with different
    /// matrices.
    pub fn between(before: &ScoredRegister, after: &ScoredRegister) -> Result<Progress> {
        let (mb, ma) = (before.matrix(), after.matrix());
        if mb.fingerprint() != ma.fingerprint() {
            return Err(Error::from(crate::error::Fault::MatrixMismatch {
                at: Location::new().with_field_prefix("fingerprint"),
                expected: format!(
                    "earlier register scored with {} fingerprint {}",
                    mb.label(),
                    mb.fingerprint()
                ),
                found: format!(
                    "later register scored with {} fingerprint {}",
                    ma.label(),
                    ma.fingerprint()
                ),
            }));
        }
        let by_id = |r: &ScoredRegister| -> BTreeMap<String, (Points, bool, usize)> {
            r.outcomes()
                .map(|o| {
                    (
                        o.id().to_owned(),
                        (o.need(), o.high_need(), o.area_position()),
                    )
                })
                .collect()
        };
        let (b, a) = (by_id(before), by_id(after));
        let mut counts = Counts::default();
        let mut ids: Vec<&String> = b.keys().chain(a.keys()).collect();
        ids.sort_by(|x, y| x.as_bytes().cmp(y.as_bytes()));
        ids.dedup();
        let entries: Vec<Change> = ids
            .into_iter()
            .map(|id| {
                let (nb, na) = (b.get(id).map(|v| v.0), a.get(id).map(|v| v.0));
                let status = match (nb, na) {
                    (None, _) => Status::New,
                    (_, None) => Status::Removed,
                    (Some(x), Some(y)) if y < x => Status::Improved,
                    (Some(x), Some(y)) if y > x => Status::Worsened,
                    _ => Status::Unchanged,
                };
                match status {
                    Status::New => counts.new += 1,
                    Status::Removed => counts.removed += 1,
                    Status::Improved => {
                        counts.improved += 1;
                        if na == Some(Points::ZERO) {
                            counts.closed += 1;
                        }
                    }
                    Status::Worsened => counts.worsened += 1,
                    Status::Unchanged => counts.unchanged += 1,
                }
                Change {
                    id: id.clone(),
                    status,
                    need_before: nb,
                    need_after: na,
                }
            })
            .collect();
        let areas = mb
            .areas()
            .iter()
            .enumerate()
            .map(|(position, area)| {
                let sum = |m: &BTreeMap<String, (Points, bool, usize)>| -> (Decimal, usize) {
                    m.values()
                        .filter(|v| v.2 == position)
                        .fold((Decimal::ZERO, 0), |(s, h), v| {
                            (s + v.0.value(), h + usize::from(v.1))
                        })
                };
                let ((need_before, high_before), (need_after, high_after)) = (sum(&b), sum(&a));
                (
                    area.key().to_owned(),
                    AreaChange {
                        need_before: Points::new(need_before),
                        need_after: Points::new(need_after),
                        change: Points::new(need_after - need_before),
                        high_need_before: high_before,
                        high_need_after: high_after,
                    },
                )
            })
            .collect();
        Ok(Progress {
            counts,
            areas,
            entries,
        })
    }
}
