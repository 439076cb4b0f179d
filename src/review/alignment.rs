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

/// Ranks from 1, ties taking the mean of the ranks they span.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut sorted: Vec<(f64, usize)> = values.iter().copied().zip(0..).collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = vec![0.0; values.len()];
    let mut start = 0;
    for group in sorted.chunk_by(|a, b| a.0 == b.0) {
        let mean = start as f64 + (group.len() as f64 + 1.0) / 2.0;
        for (_, k) in group {
            if let Some(slot) = out.get_mut(*k) {
                *slot = mean;
            }
        }
        start += group.len();
    }
    out
}

/// Spearman's ρ: Pearson's correlation of the ranks.
fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    let (rx, ry) = (ranks(x), ranks(y));
    let n = rx.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let cov: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = rx.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = ry.iter().map(|b| (b - my).powi(2)).sum();
    (vx > 0.0 && vy > 0.0).then(|| (cov / (vx * vy).sqrt() * 1000.0).round() / 1000.0)
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
                let need: Vec<f64> = gradings
                    .iter()
                    .map(|(_, g)| g.need.points() as f64)
                    .collect();
                let index: Vec<f64> = gradings
                    .iter()
                    .map(|(_, g)| g.elements.iter().map(|p| p.points()).sum::<u64>() as f64)
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
