//! Scoring one assessment (SPEC §3): the twelve exact steps, the outcome, its explanation, and
//! the priority order.

use std::cmp::Ordering;
use std::fmt;

use jiff::civil::Date;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::assessment::{Assessment, Resolved};
use crate::calendar::add_months;
use crate::error::{Error, Location, Result};
use crate::matrix::{AbilityRule, Grade, Matrix, RiskRule};
use crate::points::Points;

/// Every field an outcome has (SPEC §3), in its JSON order.
pub const OUTCOME_FIELDS: &[&str] = &[
    "id",
    "area",
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
    "matrix",
    "fingerprint",
];

/// The result of scoring one assessment: every value of SPEC §3 steps 1–12, and the matrix it
/// was scored with.
#[derive(Clone)]
pub struct Outcome {
    matrix: Matrix,
    id: String,
    area: usize,
    pub(crate) values: Values,
    explanation: Option<Box<Explanation>>,
}

/// The numbers of SPEC §3 steps 1–12, by position in the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Values {
    pub(crate) risk: Points,
    pub(crate) comparator: Points,
    pub(crate) mitigation: Points,
    pub(crate) threat: Points,
    pub(crate) ability: Points,
    pub(crate) gap: Points,
    pub(crate) need: Points,
    pub(crate) surplus: Points,
    pub(crate) threat_band: usize,
    pub(crate) need_band: usize,
    pub(crate) grade: Option<Grade>,
    pub(crate) action_due: Option<Date>,
    pub(crate) high_risk: bool,
    pub(crate) high_need: bool,
}

impl fmt::Debug for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outcome")
            .field("matrix", &self.matrix.label())
            .field("id", &self.id)
            .field("area", &self.area())
            .field("values", &self.values)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Outcome {
    /// Equal when scored with the same matrix (by fingerprint) to the same values.
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.area == other.area
            && self.values == other.values
            && self.matrix.fingerprint() == other.matrix.fingerprint()
    }
}

impl Eq for Outcome {}

fn overflow(step: &str) -> Error {
    Error::OutOfRange {
        at: Location::field(step),
        value: step.to_owned(),
        rule: "the step overflowed exact arithmetic".to_owned(),
    }
}

/// SPEC §3 steps 1–12 over resolved positions.
pub(crate) fn compute(
    matrix: &Matrix,
    r: &Resolved,
    measure_in_place: bool,
    assessed_on: Option<Date>,
) -> Result<Values> {
    // Step 1. Positions come from `resolve`, so the cell exists.
    let risk = matrix
        .risk_of(r.impact, r.probability)
        .ok_or_else(|| overflow("risk"))?;
    // Step 2.
    let weighting = matrix.weighting();
    let comparator = r.weighting.iter().try_fold(risk, |sum, &f| {
        weighting
            .get(f)
            .and_then(|factor| sum.checked_add(factor.points()))
    });
    let comparator = comparator.ok_or_else(|| overflow("comparator"))?;
    // Step 3.
    let mitigation = r
        .ameliorative
        .iter()
        .try_fold(Points::ZERO, |sum, (_, p)| sum.checked_add(*p))
        .ok_or_else(|| overflow("mitigation"))?;
    // Step 4: threat never goes below zero.
    let threat = comparator
        .checked_sub(mitigation)
        .ok_or_else(|| overflow("threat"))?
        .floor_zero();
    // Step 5.
    let capability = level_points(matrix.capability(), r.capability)?;
    let capacity = level_points(matrix.capacity(), r.capacity)?;
    let ability = combine(matrix.ability_rule(), capability, capacity)?;
    // Steps 6 and 7: the signed gap, split into need and surplus.
    let gap = threat.checked_sub(ability).ok_or_else(|| overflow("gap"))?;
    let need = gap.floor_zero();
    let surplus = Points::ZERO
        .checked_sub(gap)
        .ok_or_else(|| overflow("surplus"))?
        .floor_zero();
    // Step 8.
    let threat_band = Matrix::band_position(matrix.threat_bands(), threat);
    let need_band = Matrix::band_position(matrix.need_bands(), need);
    // Steps 9 and 10.
    let rule = matrix.grade_of_band(need_band);
    let grade = rule.map(crate::matrix::GradeRule::grade);
    let action_due = match (rule, assessed_on) {
        (Some(rule), Some(date)) => {
            Some(
                add_months(date, rule.months()).ok_or_else(|| Error::InvalidDate {
                    at: Location::field("assessed_on"),
                    value: date.to_string(),
                    rule: "the action deadline falls after 9999-12-31",
                })?,
            )
        }
        _ => None,
    };
    // Steps 11 and 12.
    let high_risk = threat_band >= matrix.high_risk_position();
    let high_need = grade == Some(Grade::Red) && high_risk && !measure_in_place;
    Ok(Values {
        risk,
        comparator,
        mitigation,
        threat,
        ability,
        gap,
        need,
        surplus,
        threat_band,
        need_band,
        grade,
        action_due,
        high_risk,
        high_need,
    })
}

fn level_points(scale: &[crate::matrix::Level], position: usize) -> Result<Points> {
    scale
        .get(position)
        .map(crate::matrix::Level::points)
        .ok_or_else(|| overflow("ability"))
}

/// Ability for every capability × capacity pair, row by row (`[capability * n_capacity +
/// capacity]`). Points of a validated matrix are bounded, so no pair overflows.
pub(crate) fn ability_grid(matrix: &Matrix) -> Vec<Points> {
    matrix
        .capability()
        .iter()
        .flat_map(|a| {
            matrix.capacity().iter().map(move |b| {
                combine(matrix.ability_rule(), a.points(), b.points()).unwrap_or(Points::ZERO)
            })
        })
        .collect()
}

pub(crate) fn combine(rule: AbilityRule, capability: Points, capacity: Points) -> Result<Points> {
    match rule {
        AbilityRule::Min => Ok(capability.min(capacity)),
        AbilityRule::Sum => capability
            .checked_add(capacity)
            .ok_or_else(|| overflow("ability")),
        // Halving a value of at most 4 places is exact at 5 places.
        AbilityRule::Mean => capability
            .checked_add(capacity)
            .and_then(|s| s.value().checked_div(rust_decimal::Decimal::TWO))
            .map(Points::new)
            .ok_or_else(|| overflow("ability")),
    }
}

impl Matrix {
    /// Scores one assessment (SPEC §3).
    ///
    /// ```
    /// use needmatrix::{Assessment, Grade, Matrix};
    ///
    /// let a = Assessment::new("dv-7", "domestic_abuse", "critical", "likely", "limited", "adequate")?
    ///     .with_weighting(["vulnerable_victims", "repeat_victimisation"])
    ///     .with_assessed_on(jiff::civil::date(2008, 1, 31));
    /// let o = Matrix::reference().score(&a)?;
    /// // risk 5 × 4 = 20; comparator 20 + 3 + 2 = 25; threat 25; ability min(4, 8) = 4; need 21.
    /// assert_eq!(o.need().to_string(), "21");
    /// assert_eq!(o.grade(), Some(Grade::Red));
    /// assert_eq!(o.action_due(), Some(jiff::civil::date(2008, 4, 30)));
    /// assert!(o.high_need());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// The codes of SPEC §3 for keys the matrix does not have or points out of range, each naming
    /// the field; `invalid_date` when the deadline would fall after 9999-12-31.
    pub fn score(&self, assessment: &Assessment) -> Result<Outcome> {
        let resolved = assessment.resolve(self)?;
        self.outcome(assessment, &resolved, false)
    }

    /// Scores one assessment and keeps its explanation ([`Outcome::explanation`]).
    ///
    /// # Errors
    /// As [`Matrix::score`].
    pub fn score_explained(&self, assessment: &Assessment) -> Result<Outcome> {
        let resolved = assessment.resolve(self)?;
        self.outcome(assessment, &resolved, true)
    }

    fn outcome(&self, a: &Assessment, r: &Resolved, explain: bool) -> Result<Outcome> {
        let values = compute(self, r, a.measure_in_place(), a.assessed_on())
            .map_err(|e| e.map_location(|at| at.with_record(a.id())))?;
        let explanation = explain.then(|| Box::new(Explanation::of(self, a, r, &values)));
        Ok(Outcome {
            matrix: self.clone(),
            id: a.id().to_owned(),
            area: r.area,
            values,
            explanation,
        })
    }
}

impl Outcome {
    /// An outcome from values computed elsewhere (the compiled scorer).
    pub(crate) fn from_parts(matrix: &Matrix, id: &str, area: usize, values: Values) -> Outcome {
        Outcome {
            matrix: matrix.clone(),
            id: id.to_owned(),
            area,
            values,
            explanation: None,
        }
    }

    /// The matrix it was scored with.
    #[must_use]
    pub fn matrix(&self) -> &Matrix {
        &self.matrix
    }

    /// The assessment id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The area key.
    #[must_use]
    pub fn area(&self) -> &str {
        self.matrix
            .areas()
            .get(self.area)
            .map_or("", crate::matrix::Area::key)
    }

    /// Position of the area in the matrix.
    #[must_use]
    pub fn area_position(&self) -> usize {
        self.area
    }

    /// Step 1: impact × probability (or the grid cell).
    #[must_use]
    pub fn risk(&self) -> Points {
        self.values.risk
    }

    /// Step 2: risk + weighting factors.
    #[must_use]
    pub fn comparator(&self) -> Points {
        self.values.comparator
    }

    /// Step 3: the sum of ameliorative points.
    #[must_use]
    pub fn mitigation(&self) -> Points {
        self.values.mitigation
    }

    /// Step 4: `max(0, comparator − mitigation)`.
    #[must_use]
    pub fn threat(&self) -> Points {
        self.values.threat
    }

    /// Step 5: capability and capacity combined.
    #[must_use]
    pub fn ability(&self) -> Points {
        self.values.ability
    }

    /// Step 6: `threat − ability`, signed (negative is spare ability).
    #[must_use]
    pub fn gap(&self) -> Points {
        self.values.gap
    }

    /// Step 7: `max(0, gap)`.
    #[must_use]
    pub fn need(&self) -> Points {
        self.values.need
    }

    /// Step 7: `max(0, −gap)`, possible over-provision.
    #[must_use]
    pub fn surplus(&self) -> Points {
        self.values.surplus
    }

    /// Step 8: the threat band key.
    #[must_use]
    pub fn threat_band(&self) -> &str {
        band_key(self.matrix.threat_bands(), self.values.threat_band)
    }

    /// Step 8: the need band key.
    #[must_use]
    pub fn need_band(&self) -> &str {
        band_key(self.matrix.need_bands(), self.values.need_band)
    }

    /// Position of the threat band (0 is the lowest).
    #[must_use]
    pub fn threat_band_position(&self) -> usize {
        self.values.threat_band
    }

    /// Position of the need band (0 is the lowest).
    #[must_use]
    pub fn need_band_position(&self) -> usize {
        self.values.need_band
    }

    /// Step 9: the grade of the need band, if it has one.
    #[must_use]
    pub fn grade(&self) -> Option<Grade> {
        self.values.grade
    }

    /// Step 10: the action deadline, if graded and dated.
    #[must_use]
    pub fn action_due(&self) -> Option<Date> {
        self.values.action_due
    }

    /// Step 11: threat band at or above the matrix's high-risk band.
    #[must_use]
    pub fn high_risk(&self) -> bool {
        self.values.high_risk
    }

    /// Step 12: red, high risk and no proportionate measure in place.
    #[must_use]
    pub fn high_need(&self) -> bool {
        self.values.high_need
    }

    /// The explanation, when scored with [`Matrix::score_explained`].
    #[must_use]
    pub fn explanation(&self) -> Option<&Explanation> {
        self.explanation.as_deref()
    }

    /// The priority order of SPEC §3: `high_need` first, then `need`, `threat` and `risk`
    /// descending, then `id` ascending by bytes. Total over outcomes with distinct ids.
    #[must_use]
    pub fn priority_cmp(&self, other: &Outcome) -> Ordering {
        other
            .values
            .high_need
            .cmp(&self.values.high_need)
            .then_with(|| other.values.need.cmp(&self.values.need))
            .then_with(|| other.values.threat.cmp(&self.values.threat))
            .then_with(|| other.values.risk.cmp(&self.values.risk))
            .then_with(|| self.id.as_bytes().cmp(other.id.as_bytes()))
    }

    /// Serialises without the matrix fields, as a file of many outcomes writes each one.
    #[must_use]
    pub fn without_matrix(&self) -> impl Serialize + '_ {
        OutcomeJson {
            outcome: self,
            with_matrix: false,
        }
    }
}

/// An outcome as a file holds it (SPEC §3 JSON), before its keys are checked against a matrix.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OutcomeRecord {
    id: String,
    area: String,
    risk: Points,
    comparator: Points,
    mitigation: Points,
    threat: Points,
    ability: Points,
    gap: Points,
    need: Points,
    surplus: Points,
    threat_band: String,
    need_band: String,
    #[serde(default)]
    grade: Option<Grade>,
    #[serde(default)]
    action_due: Option<String>,
    high_risk: bool,
    high_need: bool,
    #[serde(default)]
    matrix: Option<String>,
    #[serde(default)]
    fingerprint: Option<String>,
}

impl OutcomeRecord {
    /// Checks the record against `matrix`: its keys must exist and any matrix it names must be
    /// this one.
    pub(crate) fn into_outcome(self, matrix: &Matrix) -> Result<Outcome> {
        let record = self.id.clone();
        let located = |e: Error| e.map_location(|at| at.with_record(record.as_str()));
        crate::assessment::check_id(&self.id).map_err(located)?;
        for (named, field, ours) in [
            (&self.matrix, "matrix", matrix.label()),
            (&self.fingerprint, "fingerprint", matrix.fingerprint()),
        ] {
            if let Some(named) = named {
                if named != ours {
                    return Err(located(Error::MatrixMismatch {
                        at: Location::field(field),
                        expected: ours.to_owned(),
                        found: named.clone(),
                    }));
                }
            }
        }
        let area = matrix.area_position(&self.area).ok_or_else(|| {
            located(Error::UnknownArea {
                at: Location::field("area"),
                value: self.area.clone(),
            })
        })?;
        let band = |bands: &[crate::matrix::Band], key: &str, field: &str| {
            bands.iter().position(|b| b.key() == key).ok_or_else(|| {
                located(Error::UnknownBand {
                    at: Location::field(field),
                    value: key.to_owned(),
                })
            })
        };
        let threat_band = band(matrix.threat_bands(), &self.threat_band, "threat_band")?;
        let need_band = band(matrix.need_bands(), &self.need_band, "need_band")?;
        let action_due = self
            .action_due
            .as_deref()
            .map(|d| {
                crate::assessment::parse_date(d)
                    .map_err(|e| located(e.map_location(|_| Location::field("action_due"))))
            })
            .transpose()?;
        Ok(Outcome {
            matrix: matrix.clone(),
            id: self.id,
            area,
            values: Values {
                risk: self.risk,
                comparator: self.comparator,
                mitigation: self.mitigation,
                threat: self.threat,
                ability: self.ability,
                gap: self.gap,
                need: self.need,
                surplus: self.surplus,
                threat_band,
                need_band,
                grade: self.grade,
                action_due,
                high_risk: self.high_risk,
                high_need: self.high_need,
            },
            explanation: None,
        })
    }
}

impl Outcome {
    /// Reads an outcome written as SPEC §3's JSON, checking its area and bands against `matrix`
    /// and, when it names its matrix, that it is this one.
    ///
    /// # Errors
    /// `parse` for malformed JSON; `unknown_area`, `unknown_band`, `invalid_date`; and
    /// `matrix_mismatch` when it names another matrix or fingerprint.
    pub fn from_json_str(matrix: &Matrix, text: &str) -> Result<Outcome> {
        crate::read::from_json::<OutcomeRecord>(text)?.into_outcome(matrix)
    }

    /// Reads an outcome written in TOML (the same fields; absent `grade` and `action_due` are
    /// none), as [`Outcome::from_json_str`].
    ///
    /// # Errors
    /// As [`Outcome::from_json_str`].
    pub fn from_toml_str(matrix: &Matrix, text: &str) -> Result<Outcome> {
        crate::read::from_toml::<OutcomeRecord>(text)?.into_outcome(matrix)
    }
}

fn band_key(bands: &[crate::matrix::Band], position: usize) -> &str {
    bands.get(position).map_or("", crate::matrix::Band::key)
}

struct OutcomeJson<'a> {
    outcome: &'a Outcome,
    with_matrix: bool,
}

impl Serialize for OutcomeJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let o = self.outcome;
        let v = &o.values;
        let mut s = serializer.serialize_struct("Outcome", 18)?;
        s.serialize_field("id", &o.id)?;
        s.serialize_field("area", o.area())?;
        s.serialize_field("risk", &v.risk)?;
        s.serialize_field("comparator", &v.comparator)?;
        s.serialize_field("mitigation", &v.mitigation)?;
        s.serialize_field("threat", &v.threat)?;
        s.serialize_field("ability", &v.ability)?;
        s.serialize_field("gap", &v.gap)?;
        s.serialize_field("need", &v.need)?;
        s.serialize_field("surplus", &v.surplus)?;
        s.serialize_field("threat_band", o.threat_band())?;
        s.serialize_field("need_band", o.need_band())?;
        s.serialize_field("grade", &v.grade)?;
        s.serialize_field("action_due", &v.action_due.map(|d| d.to_string()))?;
        s.serialize_field("high_risk", &v.high_risk)?;
        s.serialize_field("high_need", &v.high_need)?;
        if self.with_matrix {
            s.serialize_field("matrix", o.matrix.label())?;
            s.serialize_field("fingerprint", o.matrix.fingerprint())?;
        }
        s.end()
    }
}

impl Serialize for Outcome {
    /// The JSON outcome of SPEC §3, with `matrix` (`id@version`) and `fingerprint`.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        OutcomeJson {
            outcome: self,
            with_matrix: true,
        }
        .serialize(serializer)
    }
}

/// One operand of a step: what it is, the level or factor key it came from, and its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Operand {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    value: String,
}

impl Operand {
    fn new(name: impl Into<String>, key: Option<&str>, value: impl fmt::Display) -> Self {
        Operand {
            name: name.into(),
            key: key.map(ToOwned::to_owned),
            value: value.to_string(),
        }
    }

    /// What the operand is (`impact`, `risk`, `vulnerable_victims`).
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The level, factor or kind key it came from, if any.
    #[must_use]
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// Its value, canonical.
    #[must_use]
    pub fn value(&self) -> &str {
        &self.value
    }
}

/// One step of the explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    name: &'static str,
    rule: &'static str,
    operands: Vec<Operand>,
    result: String,
    text: String,
}

impl Step {
    /// The value the step computes (`risk`, `threat`, `need_band`, …).
    #[must_use]
    pub fn name(&self) -> &str {
        self.name
    }

    /// The rule, as SPEC §3 states it.
    #[must_use]
    pub fn rule(&self) -> &str {
        self.rule
    }

    /// The operands, in the order the rule takes them.
    #[must_use]
    pub fn operands(&self) -> &[Operand] {
        &self.operands
    }

    /// The result, canonical (`none` when the step yields nothing).
    #[must_use]
    pub fn result(&self) -> &str {
        &self.result
    }
}

impl fmt::Display for Step {
    /// One readable line: `risk = impact major (4) × probability likely (4) = 16`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The ordered steps that produced an outcome, each with its rule, operands and result.
///
/// ```
/// use needmatrix::{Assessment, Matrix};
///
/// let a = Assessment::new("x", "public_order", "major", "likely", "good", "adequate")?;
/// let o = Matrix::reference().score_explained(&a)?;
/// let text = o.explanation().unwrap().to_string();
/// assert!(text.starts_with("risk = impact major (4) × probability likely (4) = 16\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    steps: Vec<Step>,
}

impl Explanation {
    /// The steps, in order.
    #[must_use]
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    fn of(m: &Matrix, a: &Assessment, r: &Resolved, v: &Values) -> Explanation {
        let mut steps = Vec::with_capacity(14);
        fn level(scale: &[crate::matrix::Level], position: usize) -> (&str, Points) {
            scale
                .get(position)
                .map_or(("", Points::ZERO), |l| (l.key(), l.points()))
        }
        let (impact_key, impact_points) = level(m.impact(), r.impact);
        let (probability_key, probability_points) = level(m.probability(), r.probability);
        let operands = vec![
            Operand::new("impact", Some(impact_key), impact_points),
            Operand::new("probability", Some(probability_key), probability_points),
        ];
        let (rule, text) = match m.risk_rule() {
            RiskRule::Product => (
                "impact points × probability points",
                format!(
                    "risk = impact {impact_key} ({impact_points}) × probability {probability_key} ({probability_points}) = {}",
                    v.risk
                ),
            ),
            RiskRule::Grid(_) => (
                "grid[probability][impact]",
                format!(
                    "risk = grid[probability {probability_key}][impact {impact_key}] = {}",
                    v.risk
                ),
            ),
        };
        steps.push(step("risk", rule, operands, v.risk, text));

        let factors: Vec<Operand> = r
            .weighting
            .iter()
            .filter_map(|&f| m.weighting().get(f))
            .map(|f| Operand::new(f.key(), Some(f.key()), f.points()))
            .collect();
        let terms = if factors.is_empty() {
            " + no weighting factors".to_owned()
        } else {
            factors
                .iter()
                .map(|o| format!(" + {} ({})", o.name, o.value))
                .collect()
        };
        let mut operands = vec![Operand::new("risk", None, v.risk)];
        operands.extend(factors);
        steps.push(step(
            "comparator",
            "risk + the points of the weighting factors that apply",
            operands,
            v.comparator,
            format!("comparator = risk {}{terms} = {}", v.risk, v.comparator),
        ));

        let kinds: Vec<Operand> = r
            .ameliorative
            .iter()
            .filter_map(|(k, p)| m.ameliorative().get(*k).map(|kind| (kind, p)))
            .map(|(kind, p)| Operand::new(kind.key(), Some(kind.key()), p))
            .collect();
        let terms = if kinds.is_empty() {
            "no ameliorative action".to_owned()
        } else {
            kinds
                .iter()
                .map(|o| format!("{} ({})", o.name, o.value))
                .collect::<Vec<_>>()
                .join(" + ")
        };
        steps.push(step(
            "mitigation",
            "the sum of the ameliorative points given",
            kinds,
            v.mitigation,
            format!("mitigation = {terms} = {}", v.mitigation),
        ));

        steps.push(step(
            "threat",
            "max(0, comparator − mitigation)",
            vec![
                Operand::new("comparator", None, v.comparator),
                Operand::new("mitigation", None, v.mitigation),
            ],
            v.threat,
            format!(
                "threat = max(0, comparator {} − mitigation {}) = {}",
                v.comparator, v.mitigation, v.threat
            ),
        ));

        let (cap_key, cap_points) = level(m.capability(), r.capability);
        let (cty_key, cty_points) = level(m.capacity(), r.capacity);
        let (rule, shape) = match m.ability_rule() {
            AbilityRule::Min => ("min(capability, capacity)", "min({a}, {b})"),
            AbilityRule::Mean => ("(capability + capacity) / 2", "({a} + {b}) / 2"),
            AbilityRule::Sum => ("capability + capacity", "{a} + {b}"),
        };
        let body = shape
            .replace("{a}", &format!("capability {cap_key} ({cap_points})"))
            .replace("{b}", &format!("capacity {cty_key} ({cty_points})"));
        steps.push(step(
            "ability",
            rule,
            vec![
                Operand::new("capability", Some(cap_key), cap_points),
                Operand::new("capacity", Some(cty_key), cty_points),
            ],
            v.ability,
            format!("ability = {body} = {}", v.ability),
        ));

        steps.push(step(
            "gap",
            "threat − ability",
            vec![
                Operand::new("threat", None, v.threat),
                Operand::new("ability", None, v.ability),
            ],
            v.gap,
            format!(
                "gap = threat {} − ability {} = {}",
                v.threat, v.ability, v.gap
            ),
        ));
        steps.push(step(
            "need",
            "max(0, gap)",
            vec![Operand::new("gap", None, v.gap)],
            v.need,
            format!("need = max(0, gap {}) = {}", v.gap, v.need),
        ));
        steps.push(step(
            "surplus",
            "max(0, −gap)",
            vec![Operand::new("gap", None, v.gap)],
            v.surplus,
            format!("surplus = max(0, −gap {}) = {}", v.gap, v.surplus),
        ));

        for (name, value, bands, position) in [
            ("threat_band", v.threat, m.threat_bands(), v.threat_band),
            ("need_band", v.need, m.need_bands(), v.need_band),
        ] {
            let quantity = name.trim_end_matches("_band");
            let (key, floor) = bands
                .get(position)
                .map_or(("", Points::ZERO), |b| (b.key(), b.min()));
            steps.push(step(
                name,
                "the last band whose min ≤ the value",
                vec![
                    Operand::new(quantity, None, value),
                    Operand::new("min", Some(key), floor),
                ],
                key,
                format!("{name} = {key} ({quantity} {value} ≥ {floor})"),
            ));
        }

        let need_band = band_key(m.need_bands(), v.need_band);
        let rule = m.grade_of_band(v.need_band);
        let text = match rule {
            Some(g) => format!(
                "grade = {} (need band {need_band}, act within {} months)",
                g.grade(),
                g.months()
            ),
            None => format!("grade = none (need band {need_band} has no grade)"),
        };
        steps.push(step(
            "grade",
            "the grade mapped to the need band",
            vec![Operand::new("need_band", Some(need_band), need_band)],
            v.grade.map_or("none", Grade::as_str),
            text,
        ));

        let due = v.action_due.map_or("none".to_owned(), |d| d.to_string());
        let text = match (rule, a.assessed_on()) {
            (None, _) => "action_due = none (no grade)".to_owned(),
            (Some(_), None) => "action_due = none (no assessment date)".to_owned(),
            (Some(g), Some(date)) => format!(
                "action_due = assessed on {date} + {} months = {due}",
                g.months()
            ),
        };
        let mut operands = Vec::new();
        if let Some(date) = a.assessed_on() {
            operands.push(Operand::new("assessed_on", None, date));
        }
        if let Some(g) = rule {
            operands.push(Operand::new("months", None, g.months()));
        }
        steps.push(step(
            "action_due",
            "assessed_on + the grade's months, the day clamped to the month end",
            operands,
            &due,
            text,
        ));

        let threat_band = band_key(m.threat_bands(), v.threat_band);
        let high_band = m.high_risk_band().key();
        steps.push(step(
            "high_risk",
            "threat band at or above the high-risk band",
            vec![
                Operand::new("threat_band", Some(threat_band), threat_band),
                Operand::new("high_risk_band", Some(high_band), high_band),
            ],
            v.high_risk,
            format!(
                "high_risk = {} (threat band {threat_band} is {} {high_band})",
                v.high_risk,
                if v.high_risk { "at or above" } else { "below" }
            ),
        ));

        let why = if v.high_need {
            "red, high risk, no measure in place".to_owned()
        } else if v.grade != Some(Grade::Red) {
            format!("grade {} is not red", v.grade.map_or("none", Grade::as_str))
        } else if !v.high_risk {
            "not high risk".to_owned()
        } else {
            "a proportionate measure is in place".to_owned()
        };
        steps.push(step(
            "high_need",
            "grade is red ∧ high_risk ∧ ¬measure_in_place",
            vec![
                Operand::new("grade", None, v.grade.map_or("none", Grade::as_str)),
                Operand::new("high_risk", None, v.high_risk),
                Operand::new("measure_in_place", None, a.measure_in_place()),
            ],
            v.high_need,
            format!("high_need = {} ({why})", v.high_need),
        ));
        Explanation { steps }
    }
}

fn step(
    name: &'static str,
    rule: &'static str,
    operands: Vec<Operand>,
    result: impl fmt::Display,
    text: String,
) -> Step {
    Step {
        name,
        rule,
        operands,
        result: result.to_string(),
        text,
    }
}

impl fmt::Display for Explanation {
    /// One line per step.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in &self.steps {
            writeln!(f, "{s}")?;
        }
        Ok(())
    }
}
