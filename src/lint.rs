//! Matrix lint (SPEC §5): warnings about the known flaws of risk matrices, beyond the refusals
//! of SPEC §2.
//!
//! - `grid_not_monotone`: a grid cell lower than the cell to its left or below it.
//! - `band_unreachable`: a threat or need band that no input of the matrix reaches. Exact:
//!   weighting is any subset of the factors, mitigation anything from 0 to the sum of the kinds'
//!   maxima.
//! - `deadline_order`: a higher need band with a later deadline than a lower one.
//! - `weak_consistency`, `betweenness`, `too_few_colours`: Cox's axioms ("What's wrong with risk
//!   matrices?", Risk Analysis, 2008) on the inherent colouring, where each impact × probability
//!   cell takes the threat band of its risk and, of the bands some cell takes, the highest is red,
//!   the lowest green and any between amber.
//!
//! ```
//! use needmatrix::{lint, Matrix};
//!
//! assert!(lint::lint(Matrix::reference()).is_empty());
//! ```

use std::fmt;

use serde::Serialize;

use crate::crosswalk::{Crosswalk, MapName};
use crate::matrix::{Band, GridCell, Matrix, RiskRule};
use crate::points::Points;

/// Most disjoint intervals the reachability analysis keeps before it gives up (a matrix with
/// dozens of factors of unrelated decimal points could otherwise need 2^64).
pub const MAX_REACH_INTERVALS: usize = 1 << 20;

crate::closed::closed_set! {
    /// The kinds of warning, each with a stable code.
    ///
    /// ```
    /// use needmatrix::lint::LintCode;
    ///
    /// assert_eq!(LintCode::BandUnreachable.as_str(), "band_unreachable");
    /// assert_eq!("betweenness".parse::<LintCode>()?, LintCode::Betweenness);
    /// # Ok::<(), needmatrix::UnknownName>(())
    /// ```
    #[derive(PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum LintCode ("a lint code") {
        /// A grid cell lower than its left or lower neighbour.
        GridNotMonotone => "grid_not_monotone",
        /// A band no input reaches.
        BandUnreachable => "band_unreachable",
        /// A higher need band with a later deadline.
        DeadlineOrder => "deadline_order",
        /// A red cell whose quantitative risk does not exceed a green cell's.
        WeakConsistency => "weak_consistency",
        /// A red cell sharing an edge with a green cell.
        Betweenness => "betweenness",
        /// Fewer than three colours in the inherent colouring.
        TooFewColours => "too_few_colours",
        /// A crosswalk (SPEC §14) whose map of a scale is not monotone: a higher level of the
        /// first matrix reaches a lower level of the second than a lower level does.
        OrderReversed => "order_reversed",
    }
}

/// An impact × probability cell, by level keys.
///
/// ```
/// use needmatrix::lint::Cell;
///
/// fn describe(cell: &Cell) -> String {
///     format!("impact {} × probability {}", cell.impact, cell.probability)
/// }
/// # let _ = describe;
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Cell {
    /// The impact level key (the column).
    pub impact: String,
    /// The probability level key (the row).
    pub probability: String,
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} × {}", self.impact, self.probability)
    }
}

/// One warning: its code, a plain-words message, and the cells or bands concerned.
///
/// ```
/// use needmatrix::{Matrix, lint};
///
/// // The reference matrix is clean; a vendor's matrix may not be.
/// for warning in lint::lint(Matrix::reference()) {
///     println!("[{}] {}", warning.code(), warning.message());
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    code: LintCode,
    message: String,
    cells: Vec<Cell>,
    bands: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    levels: Vec<String>,
}

impl Warning {
    /// The code.
    #[must_use]
    pub fn code(&self) -> LintCode {
        self.code
    }

    /// What is wrong, in plain words.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The impact × probability cells concerned.
    #[must_use]
    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }

    /// The bands concerned (`threat_bands.high`, `need_bands.low`).
    #[must_use]
    pub fn bands(&self) -> &[String] {
        &self.bands
    }

    /// The scale levels concerned, for a crosswalk's warning (`impact.major`).
    #[must_use]
    pub fn levels(&self) -> &[String] {
        &self.levels
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "warning [{}]: {}", self.code, self.message)
    }
}

crate::closed::closed_set! {
    /// The colour of a cell in the inherent colouring.
    ///
    /// ```
    /// use needmatrix::lint::Colour;
    ///
    /// assert!(Colour::Red > Colour::Green);
    /// assert_eq!(Colour::Amber.as_str(), "amber");
    /// ```
    #[derive(PartialOrd, Ord)]
    pub enum Colour ("a colour") {
        /// The lowest band any cell takes.
        Green => "green",
        /// Bands between the lowest and the highest.
        Amber => "amber",
        /// The highest band any cell takes.
        Red => "red",
    }
}

/// The inherent colouring: `[probability][impact]` → colour, with the threat band each cell
/// takes (its risk, no weighting, no mitigation).
///
/// ```
/// use needmatrix::{GridCell, Matrix, lint::{Colour, Colouring}};
///
/// let m = Matrix::reference();
/// let colouring = Colouring::of(m);
/// let corner = GridCell::new(m.impact().len() - 1, m.probability().len() - 1);
/// assert_eq!(colouring.colour(corner), Some(Colour::Red));
/// assert_eq!(colouring.colour(GridCell::new(0, 0)), Some(Colour::Green));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Colouring {
    bands: Vec<Vec<usize>>,
    colours: Vec<Vec<Colour>>,
}

impl Colouring {
    /// Colours the cells of `matrix`.
    #[must_use]
    pub fn of(matrix: &Matrix) -> Self {
        let bands: Vec<Vec<usize>> = (0..matrix.probability().len())
            .map(|p| {
                (0..matrix.impact().len())
                    .map(|i| {
                        let risk = matrix.risk_of(GridCell::new(i, p)).unwrap_or(Points::ZERO);
                        matrix.threat_band_of(risk)
                    })
                    .collect()
            })
            .collect();
        let taken = bands.iter().flatten();
        let low = taken.clone().min().copied().unwrap_or(0);
        let high = taken.max().copied().unwrap_or(0);
        let colours = bands
            .iter()
            .map(|row| {
                row.iter()
                    .map(|&b| {
                        if b == low {
                            Colour::Green
                        } else if b == high {
                            Colour::Red
                        } else {
                            Colour::Amber
                        }
                    })
                    .collect()
            })
            .collect();
        Colouring { bands, colours }
    }

    /// The colour of a cell.
    #[must_use]
    pub fn colour(&self, cell: GridCell) -> Option<Colour> {
        self.colours
            .get(cell.probability())?
            .get(cell.impact())
            .copied()
    }

    /// The threat band position of a cell.
    #[must_use]
    pub fn band(&self, cell: GridCell) -> Option<usize> {
        self.bands
            .get(cell.probability())?
            .get(cell.impact())
            .copied()
    }
}

/// Every warning for `matrix`, in the order of SPEC §5's list.
#[must_use]
pub fn lint(matrix: &Matrix) -> Vec<Warning> {
    let mut out = Vec::new();
    grid_not_monotone(matrix, &mut out);
    band_unreachable(matrix, &mut out);
    deadline_order(matrix, &mut out);
    cox_axioms(matrix, &mut out);
    out
}

/// The warnings of a crosswalk (SPEC §14): `order_reversed` for each level of a scale of the
/// first matrix that reaches a lower level of the second than some lower level does, naming the
/// scale and the two keys (the lower level of the first matrix that reaches highest).
///
/// ```
/// use needmatrix::{Matrix, crosswalk::Crosswalk, lint};
///
/// let m = Matrix::reference();
/// assert!(lint::lint_crosswalk(&Crosswalk::identity(m)).is_empty());
/// let reversed = Crosswalk::identity(m)
///     .to_json()
///     .replace(r#""minor": "minor""#, r#""minor": "major""#);
/// let warnings = lint::lint_crosswalk(&Crosswalk::from_json_str(&reversed, m, m)?);
/// assert_eq!(warnings.len(), 1); // moderate reaches lower than the lower minor does
/// assert_eq!(warnings[0].code(), lint::LintCode::OrderReversed);
/// assert_eq!(warnings[0].levels(), ["impact.minor", "impact.moderate"]);
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[must_use]
pub fn lint_crosswalk(crosswalk: &Crosswalk) -> Vec<Warning> {
    let mut out = Vec::new();
    for map in MapName::ALL.iter().copied().filter(|m| m.is_scale()) {
        let (from, to) = (crosswalk.from_matrix(), crosswalk.to_matrix());
        // The lower level of A reaching highest so far: (its position in A, its target in B).
        let mut highest: Option<(usize, usize)> = None;
        for (position, target) in crosswalk.targets(map).iter().enumerate() {
            let Some(target) = *target else { continue };
            match highest {
                Some((lower, reached)) if reached > target => {
                    let key = |m: &Matrix, p: usize| map.key_at(m, p).unwrap_or("?").to_owned();
                    let (low, high) = (key(from, lower), key(from, position));
                    out.push(Warning {
                        code: LintCode::OrderReversed,
                        message: format!(
                            "the crosswalk's `{map}` map reverses the order: `{high}` reaches `{}`, below `{}`, which the lower `{low}` reaches",
                            key(to, target),
                            key(to, reached),
                        ),
                        cells: Vec::new(),
                        bands: Vec::new(),
                        levels: vec![format!("{map}.{low}"), format!("{map}.{high}")],
                    });
                }
                Some((_, reached)) if reached >= target => {}
                _ => highest = Some((position, target)),
            }
        }
    }
    out
}

fn cell(matrix: &Matrix, impact: usize, probability: usize) -> Cell {
    Cell {
        impact: matrix
            .impact()
            .get(impact)
            .map_or("?", |l| l.key())
            .to_owned(),
        probability: matrix
            .probability()
            .get(probability)
            .map_or("?", |l| l.key())
            .to_owned(),
    }
}

fn grid_not_monotone(matrix: &Matrix, out: &mut Vec<Warning>) {
    let RiskRule::Grid(rows) = matrix.risk_rule() else {
        return;
    };
    for (p, row) in rows.iter().enumerate() {
        for (i, value) in row.iter().enumerate() {
            let left = i
                .checked_sub(1)
                .and_then(|l| row.get(l))
                .filter(|l| value < *l);
            let below = p
                .checked_sub(1)
                .and_then(|b| rows.get(b))
                .and_then(|r| r.get(i))
                .filter(|b| value < *b);
            let here = cell(matrix, i, p);
            let mut reasons = Vec::new();
            if let Some(l) = left {
                reasons.push(format!("lower than the cell to its left ({l})"));
            }
            if let Some(b) = below {
                reasons.push(format!("lower than the cell below it ({b})"));
            }
            if !reasons.is_empty() {
                out.push(Warning {
                    code: LintCode::GridNotMonotone,
                    message: format!(
                        "grid cell {here} holds {value}, {}: a higher impact or probability must never lower risk",
                        reasons.join(" and ")
                    ),
                    cells: vec![here],
                    bands: vec![],
                    levels: Vec::new(),
                });
            }
        }
    }
}

/// A closed interval of points.
type Interval = (Points, Points);

/// Sorts and merges overlapping or touching closed intervals.
fn merge(mut list: Vec<Interval>) -> Vec<Interval> {
    list.sort();
    let mut out: Vec<Interval> = Vec::with_capacity(list.len());
    for (lo, hi) in list {
        match out.last_mut() {
            Some(last) if lo <= last.1 => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

/// The most band queries (one binary search each) the reachability analysis of need bands may
/// make: a matrix past it (tens of thousands of distinct risks and abilities) is not analysed
/// for `band_unreachable`, and lint still answers at once.
pub const MAX_REACH_WORK: usize = 1 << 24;

/// True when some point of the merged, sorted, disjoint intervals lies in `[lo, hi)` (no top when
/// `hi` is `None`): one binary search.
fn hits(intervals: &[Interval], lo: Points, hi: Option<Points>) -> bool {
    let first = intervals.partition_point(|&(_, end)| end < lo);
    intervals
        .get(first)
        .is_some_and(|&(start, _)| hi.is_none_or(|h| start < h))
}

/// The band `[min, next min)` at `position`, its top `None` for the last band.
fn band_range(bands: &[Band], position: usize) -> Option<(Points, Option<Points>)> {
    let band = bands.get(position)?;
    Some((band.min(), bands.get(position + 1).map(Band::min)))
}

/// `[lo, hi)` moved down by `by`; `None` when that leaves exact arithmetic.
fn shifted(lo: Points, hi: Option<Points>, by: Points) -> Option<(Points, Option<Points>)> {
    let lo = lo.checked_sub(by)?;
    let hi = match hi {
        Some(h) => Some(h.checked_sub(by)?),
        None => None,
    };
    Some((lo, hi))
}

/// What threat is, less risk: `(subset sum of weighting factors) − m` for `m` from 0 to the sum
/// of the kinds' maxima, as merged closed intervals; `None` past [`MAX_REACH_INTERVALS`].
fn reachable_offsets(matrix: &Matrix) -> Option<Vec<Interval>> {
    let sum_max = matrix
        .ameliorative()
        .iter()
        .try_fold(Points::ZERO, |s, k| s.checked_add(k.max()))?;
    let mut offsets: Vec<Interval> = vec![(Points::ZERO.checked_sub(sum_max)?, Points::ZERO)];
    for factor in matrix.weighting() {
        let f = factor.points();
        let shifted: Option<Vec<Interval>> = offsets
            .iter()
            .map(|&(lo, hi)| Some((lo.checked_add(f)?, hi.checked_add(f)?)))
            .collect();
        offsets.extend(shifted?);
        offsets = merge(offsets);
        if offsets.len() > MAX_REACH_INTERVALS {
            return None;
        }
    }
    Some(offsets)
}

/// The distinct abilities the matrix's capability and capacity levels give.
pub(crate) fn abilities(matrix: &Matrix) -> Vec<Points> {
    let mut out = crate::score::ability_grid(matrix);
    out.sort();
    out.dedup();
    out
}

/// Threat is `max(0, risk + offset)` and need `max(0, threat − ability)`; each band is decided
/// by binary searches of the offsets (never by listing every risk + offset), so the analysis
/// costs bands × risks (× abilities for need) searches and no more memory than the offsets.
fn band_unreachable(matrix: &Matrix, out: &mut Vec<Warning>) {
    let Some(offsets) = reachable_offsets(matrix) else {
        return;
    };
    let mut risks: Vec<Points> = matrix
        .cells()
        .filter_map(|cell| matrix.risk_of(cell))
        .collect();
    risks.sort();
    risks.dedup();
    let abilities = abilities(matrix);
    let need_bands = matrix.need_bands();
    let (Some(&least_risk), Some(&(least_offset, _))) = (risks.first(), offsets.first()) else {
        return;
    };
    let Some(least_threat) = least_risk.checked_add(least_offset).map(Points::floor_zero) else {
        return;
    };
    let need_work = need_bands
        .len()
        .saturating_mul(risks.len())
        .saturating_mul(abilities.len());
    if need_work > MAX_REACH_WORK {
        return;
    }
    // Some risk + offset in [lo, hi), with lo > 0 (below 0 threat is clamped to 0).
    let threat_in = |lo: Points, hi: Option<Points>| {
        risks
            .iter()
            .any(|&r| shifted(lo, hi, r).is_some_and(|(from, to)| hits(&offsets, from, to)))
    };
    let mut unreachable =
        |list: &str, bands: &[Band], reach: &dyn Fn(Points, Option<Points>) -> bool| {
            for (position, band) in bands.iter().enumerate() {
                let Some((lo, hi)) = band_range(bands, position) else {
                    continue;
                };
                if !reach(lo, hi) {
                    out.push(Warning {
                        code: LintCode::BandUnreachable,
                        message: format!(
                            "{} band `{}` (from {}) is reached by no input of this matrix",
                            list.trim_end_matches("_bands"),
                            band.key(),
                            band.min()
                        ),
                        cells: vec![],
                        bands: vec![format!("{list}.{}", band.key())],
                        levels: Vec::new(),
                    });
                }
            }
        };
    unreachable("threat_bands", matrix.threat_bands(), &|lo, hi| {
        if lo == Points::ZERO {
            // The least threat (clamped) is below the band's top.
            hi.is_none_or(|h| least_threat < h)
        } else {
            threat_in(lo, hi)
        }
    });
    unreachable("need_bands", need_bands, &|lo, hi| {
        if lo == Points::ZERO {
            // The least threat less the greatest ability, clamped, is below the band's top.
            let greatest = abilities.last().copied().unwrap_or(Points::ZERO);
            return hi.is_none_or(|h| {
                least_threat
                    .checked_sub(greatest)
                    .is_some_and(|d| d.floor_zero() < h)
            });
        }
        // need in [lo, hi) with lo > 0: threat − ability in it, for some ability.
        abilities.iter().any(|&a| {
            let (Some(from), Some(to)) = (
                lo.checked_add(a),
                hi.map_or(Some(None), |h| h.checked_add(a).map(Some)),
            ) else {
                return false;
            };
            threat_in(from, to)
        })
    });
}

fn deadline_order(matrix: &Matrix, out: &mut Vec<Warning>) {
    let bands = matrix.need_bands();
    for (low, low_band) in bands.iter().enumerate() {
        let Some(low_rule) = matrix.grade_of_band(low) else {
            continue;
        };
        for (high, high_band) in bands.iter().enumerate().skip(low + 1) {
            let Some(high_rule) = matrix.grade_of_band(high) else {
                continue;
            };
            if high_rule.months() > low_rule.months() {
                out.push(Warning {
                    code: LintCode::DeadlineOrder,
                    message: format!(
                        "need band `{}` ({}) must be acted on within {} months, later than the lower band `{}` ({}, {} months)",
                        high_band.key(),
                        high_rule.grade(),
                        high_rule.months(),
                        low_band.key(),
                        low_rule.grade(),
                        low_rule.months()
                    ),
                    cells: vec![],
                    bands: vec![
                        format!("need_bands.{}", high_band.key()),
                        format!("need_bands.{}", low_band.key()),
                    ],
                    levels: Vec::new(),
                });
            }
        }
    }
}

fn cox_axioms(matrix: &Matrix, out: &mut Vec<Warning>) {
    let colouring = Colouring::of(matrix);
    let n_impact = matrix.impact().len();
    let n_probability = matrix.probability().len();
    let positions: Vec<(usize, usize)> = (0..n_probability)
        .flat_map(|p| (0..n_impact).map(move |i| (i, p)))
        .collect();
    let quantitative = |i: usize, p: usize| -> Points {
        let ip = matrix.impact().get(i).map_or(Points::ZERO, |l| l.points());
        let pp = matrix
            .probability()
            .get(p)
            .map_or(Points::ZERO, |l| l.points());
        ip.checked_mul(pp).unwrap_or(Points::ZERO)
    };
    let of = |c: Colour| -> Vec<(usize, usize)> {
        positions
            .iter()
            .copied()
            .filter(|&(i, p)| colouring.colour(GridCell::new(i, p)) == Some(c))
            .collect()
    };
    let (red, green) = (of(Colour::Red), of(Colour::Green));

    // Weak consistency: every red cell's quantitative risk exceeds every green cell's.
    let max_green = green.iter().map(|&(i, p)| quantitative(i, p)).max();
    let min_red = red.iter().map(|&(i, p)| quantitative(i, p)).min();
    if let (Some(max_green), Some(min_red)) = (max_green, min_red)
        && min_red <= max_green
    {
        let low_red: Vec<(usize, usize)> = red
            .iter()
            .copied()
            .filter(|&(i, p)| quantitative(i, p) <= max_green)
            .collect();
        let high_green: Vec<(usize, usize)> = green
            .iter()
            .copied()
            .filter(|&(i, p)| quantitative(i, p) >= min_red)
            .collect();
        let names = |list: &[(usize, usize)]| {
            list.iter()
                .map(|&(i, p)| format!("{} ({})", cell(matrix, i, p), quantitative(i, p)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(Warning {
                code: LintCode::WeakConsistency,
                message: format!(
                    "red cells {} have a quantitative risk (impact × probability points) no higher than green cells {}",
                    names(&low_red),
                    names(&high_green)
                ),
                cells: low_red
                    .iter()
                    .chain(&high_green)
                    .map(|&(i, p)| cell(matrix, i, p))
                    .collect(),
                bands: vec![],
                levels: Vec::new(),
            });
    }

    // Betweenness: no red cell shares an edge with a green cell.
    let mut pairs: Vec<((usize, usize), (usize, usize))> = Vec::new();
    for &(i, p) in &red {
        let neighbours = [
            i.checked_sub(1).map(|l| (l, p)),
            Some((i + 1, p)),
            p.checked_sub(1).map(|b| (i, b)),
            Some((i, p + 1)),
        ];
        for (ni, np) in neighbours.into_iter().flatten() {
            if colouring.colour(GridCell::new(ni, np)) == Some(Colour::Green) {
                pairs.push(((i, p), (ni, np)));
            }
        }
    }
    if !pairs.is_empty() {
        out.push(Warning {
            code: LintCode::Betweenness,
            message: format!(
                "red cells share an edge with green cells, with no amber between: {}",
                pairs
                    .iter()
                    .map(|&((i, p), (gi, gp))| format!(
                        "red {} next to green {}",
                        cell(matrix, i, p),
                        cell(matrix, gi, gp)
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            cells: pairs
                .iter()
                .flat_map(|&((i, p), (gi, gp))| [cell(matrix, i, p), cell(matrix, gi, gp)])
                .collect(),
            bands: vec![],
            levels: Vec::new(),
        });
    }

    // At least three colours.
    let mut used: Vec<Colour> = positions
        .iter()
        .filter_map(|&(i, p)| colouring.colour(GridCell::new(i, p)))
        .collect();
    used.sort();
    used.dedup();
    if used.len() < 3 {
        let mut band_keys: Vec<usize> = positions
            .iter()
            .filter_map(|&(i, p)| colouring.band(GridCell::new(i, p)))
            .collect();
        band_keys.sort_unstable();
        band_keys.dedup();
        let names: Vec<String> = band_keys
            .iter()
            .filter_map(|&b| matrix.threat_bands().get(b))
            .map(|b| format!("threat_bands.{}", b.key()))
            .collect();
        out.push(Warning {
            code: LintCode::TooFewColours,
            message: format!(
                "the impact × probability cells take only {} colour(s) ({}): at least three are needed to tell risks apart",
                used.len(),
                used.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
            ),
            cells: vec![],
            bands: names,
            levels: Vec::new(),
        });
    }
}
