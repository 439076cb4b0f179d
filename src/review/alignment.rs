//! Test 3 of the review: where a force's plans run counter to its own assessment of need, and
//! Spearman's rank correlation between need and provision.

use serde::Serialize;

use super::{AreaGrading, Assessed, Provision, Review};

/// Where a force's plan runs counter to its own assessment of need in one area.
///
/// ```
/// use needmatrix::review::{Assessed, Element, Provision, Review};
///
/// let areas = "force,region,area,threat,need,provision\nA,North,major_crime,low,low,high_provision\n";
/// let elements: String = std::iter::once("force,area,element,grade".to_owned())
///     .chain(Element::ALL.iter().map(|e| format!("A,major_crime,{e},high_provision")))
///     .collect::<Vec<_>>()
///     .join("\n");
/// let d = &Review::from_csv(areas, &elements)?.alignment()[0].disagreements[0];
/// assert_eq!((d.need, d.provision), (Assessed::Low, Provision::HighProvision));
/// assert_eq!(d.kind, "low need, high provision");
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Disagreement {
    /// The area.
    pub area: String,
    /// The self-assessed need.
    pub need: Assessed,
    /// The plan's grade.
    pub provision: Provision,
    /// `high need, inadequate provision` or `low need, high provision`.
    pub kind: &'static str,
}

/// How well one force's plans follow its own assessment of need.
///
/// ```
/// use needmatrix::review::{Element, Review};
///
/// let areas = "force,region,area,threat,need,provision\nA,North,major_crime,high,high,insufficient\n";
/// let elements: String = std::iter::once("force,area,element,grade".to_owned())
///     .chain(Element::ALL.iter().map(|e| format!("A,major_crime,{e},insufficient")))
///     .collect::<Vec<_>>()
///     .join("\n");
/// let alignment = Review::from_csv(areas, &elements)?.alignment();
/// let a = &alignment[0];
/// assert_eq!((a.force.as_str(), a.spearman), ("A", None)); // one area: no correlation
/// assert_eq!(a.disagreements[0].kind, "high need, inadequate provision");
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Alignment {
    /// The force.
    pub force: String,
    /// Its region.
    pub region: String,
    /// Areas of high need with inadequate provision, and of no or low need with high provision.
    pub disagreements: Vec<Disagreement>,
    /// Spearman's rank correlation (ties take their mean rank) between need and the provision
    /// index across the force's areas, to 3 places; `None` when either is the same in every
    /// area.
    pub spearman: Option<f64>,
}

/// Twice the ranks from 1, ties taking the mean of the ranks they span: integers, so the
/// correlation is computed exactly.
fn doubled_ranks(values: &[u64]) -> Vec<i128> {
    let mut sorted: Vec<(u64, usize)> = values.iter().copied().zip(0..).collect();
    sorted.sort_unstable();
    let mut out = vec![0; values.len()];
    let mut start = 0i128;
    for group in sorted.chunk_by(|a, b| a.0 == b.0) {
        let len = group.len() as i128;
        // The mean of ranks start + 1 ..= start + len, doubled.
        let doubled = 2 * start + len + 1;
        for (_, k) in group {
            if let Some(slot) = out.get_mut(*k) {
                *slot = doubled;
            }
        }
        start += len;
    }
    out
}

/// Spearman's ρ (Pearson's correlation of the ranks, ties by mean rank), rounded half away from
/// zero to 3 places exactly; `None` when either side is the same everywhere (or empty).
pub(crate) fn spearman(x: &[u64], y: &[u64]) -> Option<f64> {
    let (a, b) = (doubled_ranks(x), doubled_ranks(y));
    let n = a.len() as i128;
    let (sa, sb): (i128, i128) = (a.iter().sum(), b.iter().sum());
    let sum = |p: &[i128], q: &[i128]| -> i128 { p.iter().zip(q).map(|(u, v)| u * v).sum() };
    // n² × 4 × (covariance and variances): the factors cancel in ρ.
    let cov = n * sum(&a, &b) - sa * sb;
    let (va, vb) = (n * sum(&a, &a) - sa * sa, n * sum(&b, &b) - sb * sb);
    if va <= 0 || vb <= 0 {
        return None;
    }
    let (c, v) = (cov.unsigned_abs(), va.unsigned_abs() * vb.unsigned_abs());
    // k = round(1000 |ρ|) is the largest k with k − ½ ≤ 1000 c / √v, i.e.
    // (2k − 1)² v ≤ (2000 c)². That holds for every k up to the answer and for none past it
    // (|ρ| ≤ 1, so k ≤ 1000): a binary search over 0 ..= 1000 finds it in integers alone.
    let holds = |k: u128| k == 0 || (2 * k - 1).pow(2) * v <= (2000 * c).pow(2);
    let (mut k, mut past) = (0u128, 1001u128);
    while past - k > 1 {
        let middle = (k + past) / 2;
        if holds(middle) {
            k = middle;
        } else {
            past = middle;
        }
    }
    let rho = k as f64 / 1000.0;
    Some(if cov < 0 { -rho } else { rho })
}

/// Test 3 for one force (SPEC §11): Spearman's ρ across its areas between threat and need,
/// threat and provision, and need and provision, each from index points 0 to 3; `None` (`null`)
/// when a side is the same in every area.
///
/// ```
/// use needmatrix::review::{Element, Review};
///
/// let areas = "force,region,area,threat,need,provision\n\
///              A,North,major_crime,high,high,insufficient\n\
///              A,North,public_order,medium,low,meets_standard\n\
///              A,North,child_abuse,low,low,high_provision\n";
/// let elements: String = std::iter::once("force,area,element,grade".to_owned())
///     .chain(["major_crime", "public_order", "child_abuse"].iter().flat_map(|a| Element::ALL.iter().map(move |e| format!("A,{a},{e},meets_standard"))))
///     .collect::<Vec<_>>()
///     .join("\n");
/// let by_force = Review::from_csv(areas, &elements)?.alignment_by_force();
/// // Need ranks 3, 1.5, 1.5 against threat 3, 2, 1: ρ = 0.866.
/// assert_eq!(by_force[0].threat_need, Some(0.866));
/// assert_eq!(by_force[0].need_provision, Some(-0.866));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ForceAlignment {
    /// The force.
    pub force: String,
    /// ρ between threat and need.
    pub threat_need: Option<f64>,
    /// ρ between threat and provision.
    pub threat_provision: Option<f64>,
    /// ρ between need and provision.
    pub need_provision: Option<f64>,
}

impl Review {
    /// Per force, where planning and self-assessed need disagree, and how closely they are
    /// aligned; listed from least to most aligned (forces without a correlation last, then by
    /// name).
    #[must_use]
    pub fn alignment(&self) -> Vec<Alignment> {
        let mut out: Vec<Alignment> = self
            .forces
            .iter()
            .map(|(force, region)| {
                let gradings: Vec<(&String, &AreaGrading)> = self
                    .areas
                    .iter()
                    .filter_map(|a| self.grading(force, a).map(|g| (a, g)))
                    .collect();
                let disagreements = gradings
                    .iter()
                    .filter_map(|(area, g)| {
                        let kind = if g.need == Assessed::High && g.provision.is_inadequate() {
                            "high need, inadequate provision"
                        } else if g.need <= Assessed::Low && g.provision == Provision::HighProvision
                        {
                            "low need, high provision"
                        } else {
                            return None;
                        };
                        Some(Disagreement {
                            area: (*area).clone(),
                            need: g.need,
                            provision: g.provision,
                            kind,
                        })
                    })
                    .collect();
                let need: Vec<u64> = gradings.iter().map(|(_, g)| g.need.points()).collect();
                let index: Vec<u64> = gradings
                    .iter()
                    .map(|(_, g)| g.elements.iter().map(|p| p.points()).sum::<u64>())
                    .collect();
                Alignment {
                    force: force.clone(),
                    region: region.clone(),
                    disagreements,
                    spearman: spearman(&need, &index),
                }
            })
            .collect();
        out.sort_by(|a, b| match (a.spearman, b.spearman) {
            (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.force.cmp(&b.force)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.force.cmp(&b.force),
        });
        out
    }
}

impl Review {
    /// Test 3 per force (SPEC §11), forces in byte order: see [`ForceAlignment`].
    #[must_use]
    pub fn alignment_by_force(&self) -> Vec<ForceAlignment> {
        self.forces
            .keys()
            .map(|force| {
                let gradings: Vec<&AreaGrading> = self
                    .areas
                    .iter()
                    .filter_map(|a| self.grading(force, a))
                    .collect();
                let points = |get: &dyn Fn(&AreaGrading) -> u64| -> Vec<u64> {
                    gradings.iter().map(|g| get(g)).collect()
                };
                let threat = points(&|g| g.threat.points());
                let need = points(&|g| g.need.points());
                let provision = points(&|g| g.provision.points());
                ForceAlignment {
                    force: force.clone(),
                    threat_need: spearman(&threat, &need),
                    threat_provision: spearman(&threat, &provision),
                    need_provision: spearman(&need, &provision),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::spearman;

    #[test]
    fn spearman_is_exact_with_ties_and_none_when_constant() {
        // Hand-worked: x ranks 1, 2, 3, 4; y 1.5, 1.5, 3, 4 → ρ = 0.9487 → 0.949.
        assert_eq!(spearman(&[1, 2, 3, 4], &[0, 0, 1, 2]), Some(0.949));
        assert_eq!(spearman(&[1, 2, 3], &[3, 2, 1]), Some(-1.0));
        assert_eq!(spearman(&[1, 1, 1], &[1, 2, 3]), None);
        assert_eq!(spearman(&[], &[]), None);
        // No ties: x 1..5 against y 2, 1, 4, 5, 3: Σd² = 8, ρ = 1 − 6 × 8 / (5 × 24) = 0.6.
        assert_eq!(spearman(&[1, 2, 3, 4, 5], &[2, 1, 4, 5, 3]), Some(0.6));
    }

    #[test]
    fn spearman_rounds_a_midpoint_half_away_from_zero() {
        // 31 ranks, y with four disjoint swaps of x: (1, 6), (7, 9), (10, 11), (12, 13), so
        // Σd² = 2 × 25 + 2 × 4 + 2 × 1 + 2 × 1 = 62 and ρ = 1 − 6 × 62 / (31 × 960) = 0.9875
        // exactly: 0.988 (half to even, or truncation, would give 0.987).
        let x: Vec<u64> = (1..=31).collect();
        let mut y = x.clone();
        for (a, b) in [(1, 6), (7, 9), (10, 11), (12, 13)] {
            y.swap(a - 1, b - 1);
        }
        assert_eq!(spearman(&x, &y), Some(0.988));
        // Reversed, −0.9875: −0.988.
        let reversed: Vec<u64> = y.iter().map(|v| 32 - v).collect();
        assert_eq!(spearman(&x, &reversed), Some(-0.988));
        // Every value of |ρ| from 0 to 1 is reached by the search: 1, and a small one.
        assert_eq!(spearman(&x, &x), Some(1.0));
        // x against 1, 3, 2, 4 … pattern-free: y = (7k mod 31) + 1 has ρ near 0.
        let scattered: Vec<u64> = (0..31u64).map(|k| (7 * k) % 31 + 1).collect();
        let rho = spearman(&x, &scattered).unwrap();
        assert!(rho.abs() < 0.5, "{rho}");
    }

    #[test]
    fn a_correlation_of_zero_is_not_negative() {
        // x 1, 2, 3 against y 1, 3, 1 … ranks 1.5, 3, 1.5: covariance 0, ρ = 0, written 0.0.
        let rho = spearman(&[1, 2, 3], &[1, 3, 1]).unwrap();
        assert_eq!(rho, 0.0);
        assert!(rho.is_sign_positive());
    }
}
