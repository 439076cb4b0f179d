//! What each lever costs (SPEC §12, `costs.csv`), and so what each gap-bridging option costs.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::GapOption;
use crate::error::{Error, Location, Result};
use crate::matrix::Matrix;
use crate::points::Amount;
use crate::register::ScoredEntry;

/// The area key that stands for every area: a default cost that an area's own row overrides.
pub const ANY_AREA: &str = "*";

/// The cost of one step on each lever, per area or for every area (SPEC §12): one level step up
/// of `capability` or `capacity`, one point of an ameliorative kind.
///
/// A row for the area itself wins over the `*` default; an option whose lever has no cost is
/// uncosted.
///
/// ```
/// use needmatrix::{Amount, Matrix, plan::Costs};
///
/// let m = Matrix::reference();
/// let mut costs = Costs::new(m);
/// costs.set("*", "capacity", "20000".parse()?)?;
/// costs.set("child_abuse", "capacity", "30000".parse()?)?;
/// assert_eq!(costs.step_cost("major_crime", "capacity"), Some("20000".parse::<Amount>()?));
/// assert_eq!(costs.step_cost("child_abuse", "capacity"), Some("30000".parse::<Amount>()?));
/// assert_eq!(costs.step_cost("child_abuse", "capability"), None);
/// // The same (area, lever) twice is refused.
/// assert_eq!(costs.set("*", "capacity", Amount::ZERO).unwrap_err().code(), "duplicate_key");
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Costs {
    matrix: Matrix,
    /// By (area position, or `None` for `*`; lever position): see [`lever_position`].
    table: HashMap<(Option<usize>, usize), Amount>,
}

/// A lever's position: 0 `capability`, 1 `capacity`, 2 + k the k-th ameliorative kind (SPEC §9's
/// lever order).
fn lever_position(matrix: &Matrix, lever: &str) -> Result<usize> {
    match lever {
        "capability" => Ok(0),
        "capacity" => Ok(1),
        _ => match lever.strip_prefix("ameliorative.") {
            Some(kind) => {
                crate::assessment::find_ameliorative(matrix, kind, Location::field("lever"))
                    .map(|(k, _)| k + 2)
            }
            None => Err(Error::parse(
                Location::field("lever"),
                format!(
                    "`{}` is not a lever: capability, capacity or ameliorative.KIND",
                    crate::quote::Quoted(lever)
                ),
            )),
        },
    }
}

impl Costs {
    /// No costs yet, for `matrix`'s areas and levers.
    #[must_use]
    pub fn new(matrix: &Matrix) -> Costs {
        Costs {
            matrix: matrix.clone(),
            table: HashMap::new(),
        }
    }

    /// The matrix whose areas and levers the costs name.
    #[must_use]
    pub fn matrix(&self) -> &Matrix {
        &self.matrix
    }

    /// Sets the cost of one step on `lever` in `area` (an area key, or `*` for every area).
    ///
    /// # Errors
    /// `unknown_area` (field `area`); `unknown_ameliorative` for `ameliorative.K` with no kind K,
    /// `parse` for any other text that is not a lever (field `lever`); `duplicate_key` when
    /// the (area, lever) already has a cost.
    pub fn set(&mut self, area: &str, lever: &str, cost: Amount) -> Result<()> {
        let area_position = if area == ANY_AREA {
            None
        } else {
            Some(self.matrix.area_position(area).ok_or_else(|| {
                Error::from(crate::error::Fault::UnknownArea {
                    at: Location::field("area"),
                    value: area.to_owned(),
                    known: crate::error::Known::of(
                        area,
                        self.matrix.areas().iter().map(crate::Area::key),
                    ),
                })
            })?)
        };
        let lever_position = lever_position(&self.matrix, lever)?;
        match self.table.entry((area_position, lever_position)) {
            std::collections::hash_map::Entry::Occupied(_) => {
                Err(Error::from(crate::error::Fault::DuplicateKey {
                    at: Location::field("lever"),
                    key: format!("{area},{lever}"),
                }))
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(cost);
                Ok(())
            }
        }
    }

    /// The cost of one step on `lever` in `area`: the area's own row, else the `*` row, else
    /// none (also for an area or lever the matrix does not have).
    #[must_use]
    pub fn step_cost(&self, area: &str, lever: &str) -> Option<Amount> {
        let area = self.matrix.area_position(area)?;
        let lever = lever_position(&self.matrix, lever).ok()?;
        self.step_cost_at(area, lever)
    }

    fn step_cost_at(&self, area: usize, lever: usize) -> Option<Amount> {
        self.table
            .get(&(Some(area), lever))
            .or_else(|| self.table.get(&(None, lever)))
            .copied()
    }

    /// What `option` costs for `entry` (SPEC §12): the level steps from the entry's current
    /// level times the step cost, or the points added times the point cost; none when the lever
    /// has no cost in the entry's area.
    ///
    /// ```
    /// use needmatrix::{Matrix, Register, RegisterFormat, plan::{Costs, options}};
    ///
    /// let m = Matrix::reference();
    /// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "critical", "probability": "likely", "capability": "strong", "capacity": "none"}"#;
    /// let scored = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?.score(m)?;
    /// let entry = &scored.entries()[0];
    /// let mut costs = Costs::new(m);
    /// costs.set("*", "capacity", "10000".parse()?)?;
    /// let option = &options(m, entry.assessment())?[0];
    /// // Need 20 falls below 10 at capacity good (12): three steps up from none.
    /// assert_eq!(option.to_string(), "raise capacity to good");
    /// assert_eq!(costs.option_cost(entry, option).map(|c| c.to_string()), Some("30000".to_owned()));
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    #[must_use]
    pub fn option_cost(&self, entry: &ScoredEntry, option: &GapOption) -> Option<Amount> {
        let m = &self.matrix;
        let area = entry.outcome().area_position();
        let a = entry.assessment();
        let steps = |scale: &[crate::matrix::Level], from: &str, to: &str| {
            let position = |key: &str| scale.iter().position(|l| l.key() == key);
            let (from, to) = (position(from)?, position(to)?);
            to.checked_sub(from).map(Decimal::from)
        };
        let (lever, factor) = match option {
            GapOption::Capability { to } => (0, steps(m.capability(), a.capability(), to)?),
            GapOption::Capacity { to } => (1, steps(m.capacity(), a.capacity(), to)?),
            GapOption::Ameliorative { kind, add } => {
                let k = m.ameliorative().iter().position(|x| x.key() == kind)?;
                (k + 2, add.value())
            }
        };
        self.step_cost_at(area, lever)?.checked_mul(factor)
    }

    #[cfg(feature = "csv")]
    #[cfg_attr(docsrs, doc(cfg(feature = "csv")))]
    /// Reads `costs.csv` text (SPEC §12): columns `area`, `lever` and `cost`, found by header
    /// name in any order; one row per (area, lever).
    ///
    /// ```
    /// use needmatrix::{Matrix, plan::Costs};
    ///
    /// let m = Matrix::reference();
    /// let costs = Costs::from_csv_str(m, "area,lever,cost\n*,capacity,20000\nchild_abuse,ameliorative.partnership,1500.25\n")?;
    /// assert_eq!(costs.step_cost("child_abuse", "ameliorative.partnership").unwrap().to_string(), "1500.25");
    ///
    /// let e = Costs::from_csv_str(m, "area,lever,cost\n*,capacity,20000\n*,capacity,30000\n").unwrap_err();
    /// assert_eq!((e.code().as_str(), e.location().and_then(|l| l.line())), ("duplicate_key", Some(3)));
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    ///
    /// # Errors
    /// `parse` for malformed CSV; `missing_field` for a missing column or an empty cell; the
    /// faults of [`Costs::set`]; `parse`, `precision` or `out_of_range` (0 ..= 10^12, at most 4
    /// places) for a cost. Each names the line and the field.
    pub fn from_csv_str(matrix: &Matrix, text: &str) -> Result<Costs> {
        use crate::text::csv::{cell, columns, rows};
        let (headers, records) = rows(text)?;
        let [area_col, lever_col, cost_col] = columns(&headers, ["area", "lever", "cost"])?;
        let mut costs = Costs::new(matrix);
        for (line, record) in &records {
            let at_line = |e: Error| e.map_location(|at| at.with_line(*line));
            let area = cell(record, area_col, "area", *line)?;
            let lever = cell(record, lever_col, "lever", *line)?;
            let cost_text = cell(record, cost_col, "cost", *line)?;
            let cost: Amount = cost_text
                .parse()
                .map_err(|e: Error| at_line(e.under_field("cost")))?;
            costs.set(area, lever, cost).map_err(at_line)?;
        }
        Ok(costs)
    }

    #[cfg(feature = "csv")]
    #[cfg_attr(docsrs, doc(cfg(feature = "csv")))]
    /// Reads a `costs.csv` file ([`Costs::from_csv_str`]), errors naming the file.
    ///
    /// # Errors
    /// `io` when the file cannot be read (or is not a regular file, or is too large); as
    /// [`Costs::from_csv_str`].
    pub fn from_path(matrix: &Matrix, path: impl AsRef<std::path::Path>) -> Result<Costs> {
        let path = path.as_ref();
        let text = crate::text::read_text(path)?;
        Costs::from_csv_str(matrix, &text).map_err(|e| e.in_file(&path.display().to_string()))
    }
}
