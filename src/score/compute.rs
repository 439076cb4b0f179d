//! SPEC §3 steps 1–12 over an assessment resolved to positions: exact, checked arithmetic.

use jiff::civil::Date;

use crate::assessment::Resolved;
use crate::calendar::add_months;
use crate::error::{Error, Location, Result};
use crate::matrix::{AbilityRule, Grade, GridCell, Matrix};
use crate::points::Points;

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

fn overflow(step: &str) -> Error {
    Error::from(crate::error::Fault::OutOfRange {
        at: Location::field(step),
        value: step.to_owned(),
        rule: "the step overflowed exact arithmetic".to_owned(),
    })
}

/// SPEC §3 steps 1–12 over resolved positions.
pub(crate) fn compute(
    matrix: &Matrix,
    r: &Resolved,
    measure_in_place: bool,
    assessed_on: Option<Date>,
    lead_high_risk: Option<bool>,
) -> Result<Values> {
    // Step 1. Positions come from `resolve`, so the cell exists.
    let risk = matrix
        .risk_of(GridCell::new(r.impact, r.probability))
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
    // Step 5.
    let capability = level_points(matrix.capability(), r.capability)?;
    let capacity = level_points(matrix.capacity(), r.capacity)?;
    let ability = combine(matrix.ability_rule(), capability, capacity)?;
    // Steps 4, 6 and 7.
    let Gap {
        threat,
        gap,
        need,
        surplus,
    } = gap(comparator, mitigation, ability)?;
    // Step 8.
    let threat_band = matrix.threat_band_of(threat);
    let need_band = matrix.need_band_of(need);
    // Steps 9 to 12, by the one rule every scoring path shares.
    let judged = judge(
        matrix.band_grade(need_band),
        threat_band,
        matrix.high_risk_position(),
        lead_high_risk,
        measure_in_place,
    );
    let action_due = match (judged.grade, assessed_on) {
        (Some(_), Some(date)) => Some(deadline(date, judged.months)?),
        _ => None,
    };
    let (grade, high_risk, high_need) = (judged.grade, judged.high_risk, judged.high_need);
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

/// The values of SPEC §3 steps 4, 6 and 7.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Gap {
    pub(crate) threat: Points,
    pub(crate) gap: Points,
    pub(crate) need: Points,
    pub(crate) surplus: Points,
}

/// Steps 4, 6 and 7: threat = max(0, comparator − mitigation), gap = threat − ability, split into
/// need = max(0, gap) and surplus = max(0, −gap). Scoring and the check of an outcome read back
/// both go through it.
///
/// # Errors
/// `out_of_range` naming the step that overflowed exact arithmetic.
pub(crate) fn gap(comparator: Points, mitigation: Points, ability: Points) -> Result<Gap> {
    let threat = comparator
        .checked_sub(mitigation)
        .ok_or_else(|| overflow("threat"))?
        .floor_zero();
    let gap = threat.checked_sub(ability).ok_or_else(|| overflow("gap"))?;
    let surplus = Points::ZERO
        .checked_sub(gap)
        .ok_or_else(|| overflow("surplus"))?
        .floor_zero();
    Ok(Gap {
        threat,
        gap,
        need: gap.floor_zero(),
        surplus,
    })
}

/// SPEC §3 steps 9, 11 and 12 from band positions: the need band's grade (with its months for
/// step 10), whether the gap is high risk, and whether it is high need. Every scoring path, one
/// at a time or in bulk, goes through this one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Judgement {
    pub(crate) grade: Option<Grade>,
    pub(crate) months: u8,
    pub(crate) high_risk: bool,
    pub(crate) high_need: bool,
}

/// Steps 9, 11 and 12 (see [`Judgement`]): the lead's judgement of high risk, when recorded,
/// replaces the threat band's. Branch-free: the bulk kernel calls it per entry.
#[inline(always)]
pub(crate) fn judge(
    band_grade: Option<(Grade, u8)>,
    threat_band: usize,
    high_risk_band: usize,
    lead_high_risk: Option<bool>,
    measure_in_place: bool,
) -> Judgement {
    let high_risk = lead_high_risk.unwrap_or(threat_band >= high_risk_band);
    let red = matches!(band_grade, Some((Grade::Red, _)));
    Judgement {
        grade: band_grade.map(|(grade, _)| grade),
        months: band_grade.map_or(0, |(_, months)| months),
        high_risk,
        high_need: high_risk & red & !measure_in_place,
    }
}

/// Step 10: the action deadline, calendar months after the assessment (clamped to the month's
/// end).
///
/// # Errors
/// `invalid_date` when it would fall after 9999-12-31.
pub(crate) fn deadline(assessed_on: Date, months: u8) -> Result<Date> {
    add_months(assessed_on, months).ok_or_else(|| deadline_overflow(assessed_on))
}

/// The refusal of an assessment whose deadline would fall after 9999-12-31.
pub(crate) fn deadline_overflow(assessed_on: Date) -> Error {
    Error::from(crate::error::Fault::InvalidDate {
        at: Location::field("assessed_on"),
        value: assessed_on.to_string(),
        rule: "the action deadline falls after 9999-12-31",
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
