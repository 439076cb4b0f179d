//! The explanation of an outcome: every step with its rule, operands and result, in words.

use std::fmt;

use serde::Serialize;

use super::compute::Values;
use super::outcome::band_key;
use crate::assessment::{Assessment, Resolved};
use crate::matrix::{AbilityRule, Grade, Matrix, RiskRule};
use crate::points::Points;

/// One operand of a step: what it is, the level or factor key it came from, and its value.
///
/// ```
/// use needmatrix::{Assessment, Matrix};
///
/// let a = Assessment::new("x", "major_crime", "major", "likely", "limited", "good")?;
/// let o = Matrix::reference().score_explained(&a)?;
/// let risk = &o.explanation().unwrap().steps()[0];
/// let impact = &risk.operands()[0];
/// assert_eq!((impact.name(), impact.key(), impact.value()), ("impact", Some("major"), "4"));
/// # Ok::<(), needmatrix::Error>(())
/// ```
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
///
/// ```
/// use needmatrix::{Assessment, Matrix};
///
/// let a = Assessment::new("x", "major_crime", "major", "likely", "limited", "good")?;
/// let o = Matrix::reference().score_explained(&a)?;
/// let risk = &o.explanation().unwrap().steps()[0];
/// assert_eq!((risk.name(), risk.result()), ("risk", "16"));
/// assert_eq!(risk.to_string(), "risk = impact major (4) × probability likely (4) = 16");
/// # Ok::<(), needmatrix::Error>(())
/// ```
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
    /// For an outcome scored through a crosswalk, where each key came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    translation: Option<super::translation::Translation>,
    steps: Vec<Step>,
}

impl Explanation {
    /// The steps, in order.
    #[must_use]
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// For an outcome scored through a [crosswalk](crate::crosswalk) (SPEC §14), where each key
    /// came from (`impact major → high`); `None` for an assessment scored as given.
    #[must_use]
    pub fn translation(&self) -> Option<&super::translation::Translation> {
        self.translation.as_ref()
    }

    /// The same explanation, saying where each key came from.
    pub(crate) fn with_translation(mut self, t: super::translation::Translation) -> Self {
        self.translation = Some(t);
        self
    }

    pub(super) fn of(m: &Matrix, a: &Assessment, r: &Resolved, v: &Values) -> Explanation {
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
        let band_operands = vec![
            Operand::new("threat_band", Some(threat_band), threat_band),
            Operand::new("high_risk_band", Some(high_band), high_band),
        ];
        steps.push(match a.lead_high_risk() {
            Some(lead) => {
                let band_says = v.threat_band >= m.high_risk_position();
                let mut operands = vec![Operand::new("lead_high_risk", None, lead)];
                operands.extend(band_operands);
                step(
                    "high_risk",
                    "the national lead's judgement, when recorded",
                    operands,
                    v.high_risk,
                    format!(
                        "high_risk = {} (the lead's judgement{})",
                        v.high_risk,
                        if band_says == lead {
                            ", as the threat band would give".to_owned()
                        } else {
                            format!("; threat band {threat_band} alone would give {band_says}")
                        }
                    ),
                )
            }
            None => step(
                "high_risk",
                "threat band at or above the high-risk band",
                band_operands,
                v.high_risk,
                format!(
                    "high_risk = {} (threat band {threat_band} is {} {high_band})",
                    v.high_risk,
                    if v.high_risk { "at or above" } else { "below" }
                ),
            ),
        });

        let why = if v.high_need {
            "red, high risk, no measure in place".to_owned()
        } else if v.grade != Some(Grade::Red) {
            format!("grade {} is not red", v.grade.map_or("none", Grade::as_str))
        } else if !v.high_risk {
            match a.lead_high_risk() {
                Some(false) => "not high risk, in the lead's judgement".to_owned(),
                _ => "not high risk".to_owned(),
            }
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
        Explanation {
            translation: None,
            steps,
        }
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
    /// One line per step, after a line saying where the keys came from when the assessment
    /// was translated.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(t) = &self.translation {
            writeln!(f, "{t}")?;
        }
        for s in &self.steps {
            writeln!(f, "{s}")?;
        }
        Ok(())
    }
}
