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
//! // Capability alone cannot help (ability is the lesser of the two); 3.5 more points of
//! // partnership, seven steps of 0.5, bring need to 4.5, band low (3 would leave it at 5).
//! assert_eq!(opts.len(), 2);
//! assert_eq!(opts[0].to_string(), "add 3.5 points of partnership");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use jiff::civil::Date;

use crate::assessment::{Assessment, Resolved};
use crate::error::{Error, Location, Result};
use crate::matrix::{Level, Matrix};
use crate::points::{Amount, Points};
use crate::register::ScoredRegister;
use crate::score::compute;

mod budget;
mod costs;
mod json;
mod progress;
mod reviews;

pub use budget::{Budget, Funded, NotFunded, Unfunded};
pub use costs::{ANY_AREA, Costs};
pub use progress::{AreaChange, Change, Counts, Deadline, DeadlineCounts, Progress, Status};
pub use reviews::{DEFAULT_REVIEW_MONTHS, review_overdue, reviews_due};

/// The step S of extra ameliorative points (SPEC §9): an ameliorative option adds a whole number
/// of steps, the least that lowers the need band, so that advice reads as actions a force can
/// take ("add 2.5 points of partnership work"), never "add 0.0001 points for 20p". A §1 number
/// greater than 0 and at most 5; 0.5 by default.
///
/// ```
/// use needmatrix::plan::AmeliorativeStep;
///
/// assert_eq!(AmeliorativeStep::default().to_string(), "0.5");
/// assert_eq!("1".parse::<AmeliorativeStep>()?.to_string(), "1");
/// // The old advice, one place at a time, is still there for who asks for it.
/// assert_eq!("0.0001".parse::<AmeliorativeStep>()?, AmeliorativeStep::FINEST);
/// for bad in ["0", "5.5", "0.00001", "-1"] {
///     assert_eq!(bad.parse::<AmeliorativeStep>().unwrap_err().code().as_str(), "out_of_range");
/// }
/// assert_eq!("half".parse::<AmeliorativeStep>().unwrap_err().code().as_str(), "parse");
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AmeliorativeStep(Points);

impl AmeliorativeStep {
    /// 0.5 points: SPEC §9's default.
    pub const DEFAULT: AmeliorativeStep = AmeliorativeStep(Points::from_canonical(
        Decimal::from_parts(5, 0, 0, false, 1),
    ));
    /// 0.0001 points, the finest a points value has: the options before 2026-12.
    pub const FINEST: AmeliorativeStep = AmeliorativeStep(Points::from_canonical(
        Decimal::from_parts(1, 0, 0, false, 4),
    ));
    /// The largest step, 5 points.
    pub const MAX: AmeliorativeStep = AmeliorativeStep(Points::from_canonical(
        Decimal::from_parts(5, 0, 0, false, 0),
    ));

    /// A step of `points`.
    ///
    /// # Errors
    /// `out_of_range` unless 0 < points ≤ 5 with at most 4 places.
    pub fn new(points: Points) -> Result<Self> {
        let value = points.value();
        let fits = value > Decimal::ZERO
            && value <= Self::MAX.0.value()
            && value.normalize().scale() <= crate::points::MAX_INPUT_PLACES as u32;
        if fits {
            Ok(AmeliorativeStep(Points::new(value.normalize())))
        } else {
            Err(Error::from(crate::error::Fault::OutOfRange {
                at: Location::new(),
                value: points.to_string(),
                rule: "an ameliorative step is greater than 0 and at most 5 points, with at most 4 places".to_owned(),
            }))
        }
    }

    /// The step's points.
    #[must_use]
    pub fn points(self) -> Points {
        self.0
    }
}

impl Default for AmeliorativeStep {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl std::str::FromStr for AmeliorativeStep {
    type Err = Error;

    /// A §1 number: `parse` for anything else; `out_of_range` for 0, more than 5, or more than
    /// 4 places (SPEC §9 names those two codes, so too many places is `out_of_range` here, not
    /// `precision`).
    fn from_str(text: &str) -> Result<Self> {
        let points: Points = match Points::from_input_str(text) {
            Ok(points) => points,
            Err(e) if e.code() == crate::ErrorCode::Parse => return Err(e),
            // A precise or negative number is a number all the same: its fault is its range.
            Err(_) => text
                .parse::<Points>()
                .map_err(|_| Error::parse(Location::new(), format!("`{text}` is not a number")))?,
        };
        Self::new(points)
    }
}

impl fmt::Display for AmeliorativeStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

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
    /// Plain words: `raise capacity to adequate`, `add 2.5 points of partnership`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Capability { to } => write!(f, "raise capability to {to}"),
            Self::Capacity { to } => write!(f, "raise capacity to {to}"),
            Self::Ameliorative { kind, add } => write!(f, "add {add} points of {kind}"),
        }
    }
}

impl GapOption {
    /// Writes `"lever"` and then `"to"` or `"add"` into a JSON object being written.
    pub(crate) fn serialize_fields<M: SerializeMap>(
        &self,
        map: &mut M,
    ) -> std::result::Result<(), M::Error> {
        map.serialize_entry("lever", &self.lever())?;
        match self {
            Self::Capability { to } | Self::Capacity { to } => map.serialize_entry("to", to),
            Self::Ameliorative { add, .. } => map.serialize_entry("add", add),
        }
    }
}

impl Serialize for GapOption {
    /// `{"lever": "capability", "to": "good"}` or `{"lever": "ameliorative.K", "add": "2.5001"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        self.serialize_fields(&mut map)?;
        map.end()
    }
}

/// The gap-bridging options of an assessment (SPEC §9), in lever order: capability, capacity,
/// then ameliorative kinds in matrix order, with the default ameliorative step (0.5 points).
/// None for an outcome in the lowest need band.
///
/// # Errors
/// As [`Matrix::score`].
pub fn options(matrix: &Matrix, assessment: &Assessment) -> Result<Vec<GapOption>> {
    options_with_step(matrix, assessment, AmeliorativeStep::DEFAULT)
}

/// [`options`] with another ameliorative step: an ameliorative option adds the least whole
/// number of steps that lowers the need band, Δ = S × (⌊(need − floor of the band) / S⌋ + 1).
///
/// ```
/// use needmatrix::{Assessment, Matrix, plan::{AmeliorativeStep, options_with_step}};
///
/// let m = Matrix::reference();
/// // need 8 (medium, from 5): 3 points bring it to 5, still medium; a step more is needed.
/// let a = Assessment::new("x", "public_order", "major", "likely", "adequate", "adequate")?;
/// let half = options_with_step(m, &a, AmeliorativeStep::DEFAULT)?;
/// assert_eq!(half[0].to_string(), "add 3.5 points of partnership");
/// let whole = options_with_step(m, &a, "1".parse()?)?;
/// assert_eq!(whole[0].to_string(), "add 4 points of partnership");
/// let finest = options_with_step(m, &a, AmeliorativeStep::FINEST)?;
/// assert_eq!(finest[0].to_string(), "add 3.0001 points of partnership");
/// # Ok::<(), needmatrix::Error>(())
/// ```
///
/// # Errors
/// As [`Matrix::score`].
pub fn options_with_step(
    matrix: &Matrix,
    assessment: &Assessment,
    step: AmeliorativeStep,
) -> Result<Vec<GapOption>> {
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

    // Ameliorative kinds: the least whole number of steps that takes need below the band's
    // floor, S × (⌊(need − floor) / S⌋ + 1). Exact: need and floor have at most 5 places (a
    // `mean` ability may give a fifth) and S at most 4, so the quotient is exact in Decimal.
    let floor = matrix
        .need_bands()
        .get(band)
        .map_or(Decimal::ZERO, |b| b.min().value());
    let excess = values.need.value() - floor;
    let s = step.points().value();
    let add = ((excess / s).floor() + Decimal::ONE) * s;
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

/// The need band position an assessment would be in after `option` is taken: what the option
/// brings it down to.
///
/// ```
/// use needmatrix::{Assessment, Matrix, plan::{band_after, options}};
///
/// let m = Matrix::reference();
/// // need 8, band medium (amber): 3.5 more points of partnership take it to low.
/// let a = Assessment::new("x", "public_order", "major", "likely", "adequate", "adequate")?;
/// let option = &options(m, &a)?[0];
/// assert_eq!(m.need_bands()[band_after(m, &a, option)?].key(), "low");
/// # Ok::<(), needmatrix::Error>(())
/// ```
///
/// # Errors
/// As [`Matrix::score`]; `unknown_level` or `unknown_ameliorative` for an option whose level or
/// kind the matrix does not have.
pub fn band_after(matrix: &Matrix, assessment: &Assessment, option: &GapOption) -> Result<usize> {
    let mut r = assessment.resolve(matrix)?;
    use crate::assessment::level;
    match option {
        GapOption::Capability { to } => {
            r.capability = level(matrix.capability(), to, "capability")?
        }
        GapOption::Capacity { to } => r.capacity = level(matrix.capacity(), to, "capacity")?,
        GapOption::Ameliorative { kind, add } => {
            let (k, _) = crate::assessment::find_ameliorative(
                matrix,
                kind,
                Location::field(format!("ameliorative.{kind}")),
            )?;
            // Added points count towards mitigation whether or not the kind had some before.
            r.ameliorative.push((k, *add));
        }
    }
    Ok(compute(matrix, &r, false, None, None)?.need_band)
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
    /// For a high need, the one-notch changes that would undo its call (SPEC §13): a fragile
    /// high need, to check before it is funded. Empty otherwise. It changes neither the order
    /// nor the budget.
    pub fragile: Vec<crate::robustness::Change>,
}

impl Serialize for PlanEntry<'_> {
    /// `{"id", "area", "need", "need_band", "grade", "action_due", "owner", "manager", "options"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        json::EntryJson {
            entry: self,
            plan: None,
        }
        .serialize(serializer)
    }
}

/// The action plan of a scored register: every entry above the lowest need band, in priority
/// order, with its options (the default ameliorative step).
///
/// # Errors
/// As [`options`] (never for a register scored with the same matrix).
pub fn action_plan(register: &ScoredRegister) -> Result<Vec<PlanEntry<'_>>> {
    action_plan_with_step(register, AmeliorativeStep::DEFAULT)
}

/// [`action_plan`] with another ameliorative step ([`options_with_step`]).
///
/// # Errors
/// As [`action_plan`].
pub fn action_plan_with_step(
    register: &ScoredRegister,
    step: AmeliorativeStep,
) -> Result<Vec<PlanEntry<'_>>> {
    let scorer = crate::bulk::Scorer::new(register.matrix())?;
    register
        .entries()
        .iter()
        .filter(|e| e.outcome().need_band_position() > 0)
        .map(|entry| {
            let fragile = if entry.outcome().high_need() {
                crate::robustness::changes_of(&scorer, entry.assessment(), entry.outcome())?
            } else {
                Vec::new()
            };
            Ok(PlanEntry {
                entry,
                options: options_with_step(register.matrix(), entry.assessment(), step)?,
                fragile,
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

/// Everything an action plan reports (SPEC §9, §10 and §12), built step by step: the entries
/// with their options, then what is asked for: progress since an earlier assessment, overdue
/// marks and reviews due as of a date, option costs, a budget.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, jiff::civil::date, plan::{Costs, Plan}};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "critical", "probability": "likely", "capability": "strong", "capacity": "none", "assessed_on": "2008-01-10"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// let mut costs = Costs::new(m);
/// costs.set("*", "capacity", "10000".parse()?)?;
/// let plan = Plan::new(&scored)?
///     .as_of(date(2009, 2, 1), 12)
///     .with_costs(&costs)?
///     .with_budget("100000".parse()?)?;
/// assert_eq!(plan.review_overdue.as_deref(), Some(&["a"][..]));
/// assert_eq!(plan.overdue(&plan.entries[0]), Some(true)); // due 2008-04-10
/// assert_eq!(plan.budget.as_ref().unwrap().spent.to_string(), "30000");
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Plan<'a> {
    /// The scored register the plan is for.
    pub register: &'a ScoredRegister,
    /// Every entry above the lowest need band, in priority order, with its options.
    pub entries: Vec<PlanEntry<'a>>,
    /// Progress since an earlier assessment ([`Plan::compared_with`]).
    pub progress: Option<Progress>,
    /// The date overdue marks and reviews due are judged on ([`Plan::as_of`]).
    pub as_of: Option<Date>,
    /// The ids overdue for review on `as_of`, in priority order.
    pub review_overdue: Option<Vec<&'a str>>,
    /// The costs of the levers ([`Plan::with_costs`]).
    pub costs: Option<&'a Costs>,
    /// The budget allocated ([`Plan::with_budget`]).
    pub budget: Option<Budget>,
    /// The ameliorative step the options are in ([`Plan::with_ameliorative_step`]).
    pub ameliorative_step: AmeliorativeStep,
    /// The ids assessed after `as_of`, in priority order (SPEC §12): a date typed wrongly, or a
    /// plan run for a past date. `None` without a date.
    pub assessed_after_as_of: Option<Vec<&'a str>>,
    /// The earlier register of [`Plan::compared_with`], so that progress is judged again when
    /// the date changes.
    earlier: Option<&'a ScoredRegister>,
}

impl<'a> Plan<'a> {
    /// The plan of a scored register: its entries above the lowest need band with their
    /// options ([`action_plan`]).
    ///
    /// # Errors
    /// As [`action_plan`].
    pub fn new(register: &'a ScoredRegister) -> Result<Plan<'a>> {
        Ok(Plan {
            register,
            entries: action_plan(register)?,
            progress: None,
            as_of: None,
            review_overdue: None,
            costs: None,
            budget: None,
            ameliorative_step: AmeliorativeStep::DEFAULT,
            assessed_after_as_of: None,
            earlier: None,
        })
    }

    /// Gives the ameliorative options in whole steps of `step` (SPEC §9; 0.5 points unless
    /// set). A budget already allocated is allocated again over the new options.
    ///
    /// # Errors
    /// As [`action_plan`] and [`Budget::allocate`].
    pub fn with_ameliorative_step(mut self, step: AmeliorativeStep) -> Result<Plan<'a>> {
        self.ameliorative_step = step;
        self.entries = action_plan_with_step(self.register, step)?;
        if let Some(budget) = self.budget.as_ref().map(|b| b.budget) {
            self = self.with_budget(budget)?;
        }
        Ok(self)
    }

    /// Adds progress since `earlier` ([`Progress::between`]), deadlines kept included.
    ///
    /// # Errors
    /// As [`Progress::between`].
    pub fn compared_with(mut self, earlier: &'a ScoredRegister) -> Result<Plan<'a>> {
        self.progress = Some(Progress::between_as_of(earlier, self.register, self.as_of)?);
        self.earlier = Some(earlier);
        Ok(self)
    }

    /// Judges overdue deadlines, reviews due ([`reviews_due`]) and the earlier assessment's
    /// deadlines (SPEC §12) on `date`, with a review period of `review_months` calendar months,
    /// and lists the entries assessed after it.
    #[must_use]
    pub fn as_of(mut self, date: Date, review_months: u16) -> Plan<'a> {
        self.as_of = Some(date);
        self.review_overdue = Some(reviews_due(self.register, date, review_months));
        self.assessed_after_as_of = Some(
            self.register
                .entries()
                .iter()
                .filter(|e| e.assessment().assessed_on().is_some_and(|d| d > date))
                .map(|e| e.outcome().id())
                .collect(),
        );
        if let Some(earlier) = self.earlier
            && let Ok(progress) = Progress::between_as_of(earlier, self.register, Some(date))
        {
            // The same registers compared before: only the deadlines can change.
            self.progress = Some(progress);
        }
        self
    }

    /// Prices every option with `costs`.
    ///
    /// # Errors
    /// `matrix_mismatch` when the costs name another matrix than the register was scored with.
    pub fn with_costs(mut self, costs: &'a Costs) -> Result<Plan<'a>> {
        let (ours, theirs) = (self.register.matrix(), costs.matrix());
        if ours.fingerprint() != theirs.fingerprint() {
            return Err(Error::from(crate::error::Fault::MatrixMismatch {
                at: Location::new().with_field_prefix("fingerprint"),
                expected: format!(
                    "costs for {} fingerprint {}",
                    ours.label(),
                    ours.fingerprint()
                ),
                found: format!(
                    "costs for {} fingerprint {}",
                    theirs.label(),
                    theirs.fingerprint()
                ),
            }));
        }
        self.costs = Some(costs);
        Ok(self)
    }

    /// Allocates `budget` in priority order ([`Budget::allocate`]) with the plan's costs; with
    /// none given, every option is uncosted.
    ///
    /// # Errors
    /// As [`Budget::allocate`].
    pub fn with_budget(mut self, budget: Amount) -> Result<Plan<'a>> {
        let none;
        let costs = match self.costs {
            Some(costs) => costs,
            None => {
                none = Costs::new(self.register.matrix());
                &none
            }
        };
        self.budget = Some(Budget::allocate(&self.entries, costs, budget)?);
        Ok(self)
    }

    /// Whether an entry's action deadline has passed on the plan's date: `None` without a date
    /// ([`Plan::as_of`]) or a deadline.
    #[must_use]
    pub fn overdue(&self, entry: &PlanEntry<'_>) -> Option<bool> {
        let due = entry.entry.outcome().action_due()?;
        self.as_of.map(|date| due < date)
    }

    /// What an option of an entry costs, when the plan has costs and its lever has one.
    #[must_use]
    pub fn cost(&self, entry: &PlanEntry<'_>, option: &GapOption) -> Option<Amount> {
        self.costs?.option_cost(entry.entry, option)
    }

    /// Per area, per lever, how many entries the lever would move down a band
    /// ([`resource_ask`]).
    #[must_use]
    pub fn resource_ask(&self) -> BTreeMap<String, BTreeMap<String, usize>> {
        resource_ask(self.register.matrix(), &self.entries)
    }
}
