//! A budget funded in priority order (SPEC §12): greedy on purpose, so a chief officer can follow
//! every funding decision line by line.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::costs::Costs;
use super::{GapOption, PlanEntry};
use crate::error::{Error, Location, Result};
use crate::points::Amount;

crate::closed::closed_set! {
    /// Why an entry of the plan was not funded (SPEC §12).
    ///
    /// ```
    /// use needmatrix::plan::Unfunded;
    ///
    /// assert_eq!("no_option".parse::<Unfunded>()?, Unfunded::NoOption);
    /// # Ok::<(), needmatrix::UnknownName>(())
    /// ```
    #[derive(PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum Unfunded ("a reason an entry was not funded") {
        /// Its cheapest costed option cost more than what remained at its turn.
        Unaffordable => "unaffordable",
        /// It has options, but no lever of any of them has a cost in its area.
        Uncosted => "uncosted",
        /// It is above the lowest need band, but no single change brings it down a band.
        NoOption => "no_option",
    }
}

/// One funded option: the entry, the change and what it costs.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, plan::{Budget, Costs, action_plan}};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "limited", "capacity": "limited"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// let mut costs = Costs::new(m);
/// costs.set("*", "ameliorative.partnership", "100".parse()?)?;
/// let budget = Budget::allocate(&action_plan(&scored)?, &costs, "1000".parse()?)?;
/// let funded = &budget.funded[0];
/// // need 12, floor 10: 0.5 × (⌊2 / 0.5⌋ + 1) = 2.5 points of partnership at 100 a point.
/// assert_eq!((funded.option.lever(), funded.cost.to_string()), ("ameliorative.partnership".to_owned(), "250".to_owned()));
/// assert_eq!(serde_json::to_string(funded)?, r#"{"id":"a","lever":"ameliorative.partnership","add":"2.5","cost":"250"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Funded {
    /// The entry's id.
    pub id: String,
    /// The option funded: the entry's cheapest costed one.
    pub option: GapOption,
    /// Its cost.
    pub cost: Amount,
}

impl Serialize for Funded {
    /// `{"id", "lever", "to" or "add", "cost"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("id", &self.id)?;
        self.option.serialize_fields(&mut map)?;
        map.serialize_entry("cost", &self.cost)?;
        map.end()
    }
}

/// One entry not funded, and why.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, plan::{Budget, Costs, Unfunded, action_plan}};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "limited", "capacity": "limited"}"#;
/// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// // No costs: the entry's options are all uncosted.
/// let budget = Budget::allocate(&action_plan(&scored)?, &Costs::new(m), "1000".parse()?)?;
/// assert_eq!((budget.unfunded[0].id.as_str(), budget.unfunded[0].reason), ("a", Unfunded::Uncosted));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct NotFunded {
    /// The entry's id.
    pub id: String,
    /// Why.
    pub reason: Unfunded,
}

/// A budget allocated to the plan's entries in priority order (SPEC §12).
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, plan::{Budget, Costs, Unfunded, action_plan}};
///
/// let m = Matrix::reference();
/// let jsonl = [
///     r#"{"id": "first", "area": "major_crime", "impact": "critical", "probability": "likely", "capability": "strong", "capacity": "none"}"#,
///     r#"{"id": "second", "area": "major_crime", "impact": "critical", "probability": "likely", "capability": "strong", "capacity": "none"}"#,
/// ].join("\n");
/// let scored = Register::from_text(m, &jsonl, RegisterFormat::JsonLines)?.score(m)?;
/// let plan = action_plan(&scored)?;
/// let mut costs = Costs::new(m);
/// costs.set("*", "capacity", "10000".parse()?)?;
/// // Each needs capacity raised three steps (none to good): 30,000. 50,000 funds one.
/// let budget = Budget::allocate(&plan, &costs, "50000".parse()?)?;
/// assert_eq!(budget.funded.len(), 1);
/// assert_eq!(budget.funded[0].id, "first");
/// assert_eq!(budget.unfunded[0].reason, Unfunded::Unaffordable);
/// assert_eq!((budget.spent.to_string(), budget.remaining.to_string()), ("30000".into(), "20000".into()));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Budget {
    /// The budget given.
    pub budget: Amount,
    /// The sum of the funded costs.
    pub spent: Amount,
    /// `budget − spent`.
    pub remaining: Amount,
    /// The funded options, in priority order.
    pub funded: Vec<Funded>,
    /// The entries not funded, in priority order.
    pub unfunded: Vec<NotFunded>,
}

impl Budget {
    /// Walks `plan` in its (priority) order: for each entry with options, its cheapest costed
    /// option (ties in the lever order of SPEC §9) is funded when it costs no more than what
    /// remains, and what remains falls by its cost; otherwise the entry is `unaffordable`. An
    /// entry whose options are all uncosted is `uncosted`; one with no option is `no_option`.
    ///
    /// # Errors
    /// `matrix_mismatch` when `costs` name another matrix than the plan's register was scored
    /// with; `out_of_range` if a sum leaves exact arithmetic (it cannot for costs and budgets
    /// read by SPEC §12's rules).
    pub fn allocate(plan: &[PlanEntry<'_>], costs: &Costs, budget: Amount) -> Result<Budget> {
        if let Some(first) = plan.first() {
            let scored_with = first.entry.outcome().matrix().fingerprint();
            if scored_with != costs.matrix().fingerprint() {
                return Err(Error::from(crate::error::Fault::MatrixMismatch {
                    at: Location::new().with_field_prefix("fingerprint"),
                    expected: format!("costs for fingerprint {}", costs.matrix().fingerprint()),
                    found: format!("a plan scored with fingerprint {scored_with}"),
                }));
            }
        }
        let overflow = || {
            Error::from(crate::error::Fault::OutOfRange {
                at: Location::field("budget"),
                value: budget.to_string(),
                rule: "the sums left exact arithmetic".to_owned(),
            })
        };
        let (mut remaining, mut spent) = (budget, Amount::ZERO);
        let (mut funded, mut unfunded) = (Vec::new(), Vec::new());
        for p in plan {
            let id = p.entry.outcome().id().to_owned();
            let cheapest = p
                .options
                .iter()
                .filter_map(|o| costs.option_cost(p.entry, o).map(|c| (c, o)))
                // `min_by_key` keeps the first of equal costs: the earlier lever.
                .min_by_key(|(cost, _)| *cost);
            let reason = match cheapest {
                Some((cost, option)) if cost <= remaining => {
                    remaining = remaining.checked_sub(cost).ok_or_else(overflow)?;
                    spent = spent.checked_add(cost).ok_or_else(overflow)?;
                    funded.push(Funded {
                        id,
                        option: option.clone(),
                        cost,
                    });
                    continue;
                }
                Some(_) => Unfunded::Unaffordable,
                None if p.options.is_empty() => Unfunded::NoOption,
                None => Unfunded::Uncosted,
            };
            unfunded.push(NotFunded { id, reason });
        }
        Ok(Budget {
            budget,
            spent,
            remaining,
            funded,
            unfunded,
        })
    }
}
