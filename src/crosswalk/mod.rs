//! The matrix crosswalk (SPEC §14): how an assessment written under one matrix reads under a
//! revision of it, key by key, so that registers scored before a revision are not stranded.
//!
//! A [`Crosswalk`] that exists is complete and consistent with its two matrices: it can only be
//! made by reading a crosswalk file against them ([`Crosswalk::from_path`],
//! [`Crosswalk::from_json_str`], [`Crosswalk::from_toml_str`]), which runs every check of SPEC
//! §14, or as the [identity](Crosswalk::identity) of one matrix or the
//! [inverse](Crosswalk::inverse) of another crosswalk. Translation is explicit and exact: levels
//! and areas are renamed, factors reached twice count once, ameliorative points of kinds merged
//! into one are added and refused past the new kind's `max`. Nothing is rescaled.
//!
//! ```
//! use needmatrix::{Assessment, Matrix, crosswalk::Crosswalk};
//!
//! let m = Matrix::reference();
//! let crosswalk = Crosswalk::identity(m);
//! let a = Assessment::new("x", "major_crime", "major", "likely", "limited", "good")?
//!     .with_weighting(["vulnerable_victims"]);
//! assert_eq!(crosswalk.score(&a)?, m.score(&a)?);
//! # Ok::<(), needmatrix::Error>(())
//! ```

pub(crate) mod file;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use crate::assessment::{Assessment, Levels};
use crate::error::{Error, Fault, Location, Result};
use crate::matrix::Matrix;
use crate::points::Points;
use crate::score::{KeyChange, Outcome, Translation};

pub use file::FORMAT;

crate::closed::closed_set! {
    /// The seven maps of a crosswalk, one per list of a matrix that an assessment names a key
    /// of, in the order of the file.
    ///
    /// ```
    /// use needmatrix::crosswalk::MapName;
    ///
    /// assert_eq!(MapName::ALL.len(), 7);
    /// assert_eq!("weighting".parse::<MapName>()?, MapName::Weighting);
    /// assert!(MapName::Ameliorative.drops_allowed() && !MapName::Impact.drops_allowed());
    /// # Ok::<(), needmatrix::UnknownName>(())
    /// ```
    #[derive(PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum MapName ("a crosswalk map") {
        /// Protective service areas.
        Areas => "areas",
        /// The impact scale.
        Impact => "impact",
        /// The probability scale.
        Probability => "probability",
        /// The capability scale.
        Capability => "capability",
        /// The capacity scale.
        Capacity => "capacity",
        /// Weighting factors (a factor may be dropped).
        Weighting => "weighting",
        /// Kinds of ameliorative action (a kind may be dropped).
        Ameliorative => "ameliorative",
    }
}

impl MapName {
    /// True for the maps whose entries may be `null` (the factor or kind is dropped):
    /// `weighting` and `ameliorative`.
    #[must_use]
    pub const fn drops_allowed(self) -> bool {
        matches!(self, MapName::Weighting | MapName::Ameliorative)
    }

    /// True for the four scales, whose order a map should keep (lint `order_reversed`).
    #[must_use]
    pub const fn is_scale(self) -> bool {
        matches!(
            self,
            MapName::Impact | MapName::Probability | MapName::Capability | MapName::Capacity
        )
    }

    /// Position in [`MapName::ALL`].
    const fn index(self) -> usize {
        match self {
            MapName::Areas => 0,
            MapName::Impact => 1,
            MapName::Probability => 2,
            MapName::Capability => 3,
            MapName::Capacity => 4,
            MapName::Weighting => 5,
            MapName::Ameliorative => 6,
        }
    }

    /// The keys of the list of `matrix` this map translates, in matrix order.
    pub(crate) fn keys(self, matrix: &Matrix) -> Vec<&str> {
        match self {
            MapName::Areas => matrix.areas().iter().map(crate::Area::key).collect(),
            MapName::Impact => matrix.impact().iter().map(crate::Level::key).collect(),
            MapName::Probability => matrix.probability().iter().map(crate::Level::key).collect(),
            MapName::Capability => matrix.capability().iter().map(crate::Level::key).collect(),
            MapName::Capacity => matrix.capacity().iter().map(crate::Level::key).collect(),
            MapName::Weighting => matrix.weighting().iter().map(crate::Level::key).collect(),
            MapName::Ameliorative => matrix
                .ameliorative()
                .iter()
                .map(crate::AmeliorativeKind::key)
                .collect(),
        }
    }

    /// The key at `position` of this map's list of `matrix`, without listing them all.
    pub(crate) fn key_at(self, matrix: &Matrix, position: usize) -> Option<&str> {
        match self {
            MapName::Areas => matrix.areas().get(position).map(crate::Area::key),
            MapName::Impact => matrix.impact().get(position).map(crate::Level::key),
            MapName::Probability => matrix.probability().get(position).map(crate::Level::key),
            MapName::Capability => matrix.capability().get(position).map(crate::Level::key),
            MapName::Capacity => matrix.capacity().get(position).map(crate::Level::key),
            MapName::Weighting => matrix.weighting().get(position).map(crate::Level::key),
            MapName::Ameliorative => matrix
                .ameliorative()
                .get(position)
                .map(crate::AmeliorativeKind::key),
        }
    }

    /// The refusal an assessment would get for `key`, a key the list of this map does not
    /// have (SPEC §14: "the code an assessment would get"), with the keys it does have.
    pub(crate) fn unknown(self, key: &str, known: &[&str], at: Location) -> Error {
        let value = key.to_owned();
        let known = crate::error::Known::of(key, known.iter().copied());
        Error::from(match self {
            MapName::Areas => Fault::UnknownArea { at, value, known },
            MapName::Weighting => Fault::UnknownFactor { at, value, known },
            MapName::Ameliorative => Fault::UnknownAmeliorative { at, value, known },
            _ => Fault::UnknownLevel { at, value, known },
        })
    }
}

/// A validated crosswalk from matrix A to matrix B (SPEC §14): for every key of A's areas, four
/// scales, weighting factors and ameliorative kinds, the key of B it becomes (or, for a factor
/// or kind, that it is dropped).
///
/// ```
/// use needmatrix::{Assessment, Matrix, Points, crosswalk::Crosswalk};
///
/// let a = Matrix::reference();
/// // The identity's file, with `partnership` merged into `resources` and a factor dropped.
/// let text = Crosswalk::identity(a)
///     .to_json()
///     .replace(r#""partnership": "partnership""#, r#""partnership": "resources""#)
///     .replace(r#""emerging_trend": "emerging_trend""#, r#""emerging_trend": null"#);
/// let crosswalk = Crosswalk::from_json_str(&text, a, a)?;
/// let x = Assessment::new("x", "major_crime", "major", "likely", "limited", "good")?
///     .with_weighting(["emerging_trend", "vulnerable_victims"])
///     .with_ameliorative("partnership", "1.5".parse::<Points>()?)
///     .with_ameliorative("resources", "1".parse::<Points>()?);
/// let y = crosswalk.translate(&x)?;
/// assert_eq!(y.weighting(), ["vulnerable_victims"]);
/// assert_eq!(y.ameliorative()[0].0, "resources");
/// assert_eq!(y.ameliorative()[0].1.to_string(), "2.5");
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crosswalk {
    from: Matrix,
    to: Matrix,
    /// Per map (in [`MapName::ALL`] order), per position in A's list, the position in B's
    /// list it reaches; `None` (dropped) only in the two maps that allow it.
    targets: [Vec<Option<usize>>; 7],
}

impl Crosswalk {
    /// Reads a crosswalk file (`.json`, or `.toml` with the `toml` feature) and checks it
    /// against the two matrices it names, in the order of SPEC §14.
    ///
    /// # Errors
    /// `io` when unreadable; `parse` for malformed text, a wrong `format`, an unknown field or
    /// a `null` outside `weighting` and `ameliorative`; `missing_field` for a missing `format`,
    /// `from`, `to` or fingerprint; `matrix_mismatch` when a fingerprint is not that of the
    /// matrix given (naming both); otherwise every faulty entry (the first
    /// [`MAX_LISTED_FAULTS`](crate::MAX_LISTED_FAULTS) listed), each naming the map and key:
    /// `crosswalk_incomplete` for a key of A without an entry, `duplicate_key` for a key given
    /// twice, and for a key A lacks or a value B lacks the code an assessment would get
    /// (`unknown_area`, `unknown_level`, `unknown_factor`, `unknown_ameliorative`). TOML, which
    /// has no `null`, writes a dropped factor or kind as `""`.
    pub fn from_path(path: impl AsRef<Path>, from: &Matrix, to: &Matrix) -> Result<Self> {
        use crate::text::Syntax;
        crate::text::read_json_or_toml(
            path.as_ref(),
            "TOML crosswalks",
            |text, syntax| match syntax {
                Syntax::Json => Self::from_json_str(text, from, to),
                #[cfg(feature = "toml")]
                Syntax::Toml => Self::from_toml_str(text, from, to),
            },
        )
    }

    /// Reads a crosswalk from JSON text; as [`Crosswalk::from_path`].
    ///
    /// # Errors
    /// As [`Crosswalk::from_path`], without the file name.
    pub fn from_json_str(text: &str, from: &Matrix, to: &Matrix) -> Result<Self> {
        file::from_json(text)?.validate(from, to, false)
    }

    /// Reads a crosswalk from TOML text; as [`Crosswalk::from_path`].
    ///
    /// # Errors
    /// As [`Crosswalk::from_path`], without the file name.
    #[cfg(feature = "toml")]
    #[cfg_attr(docsrs, doc(cfg(feature = "toml")))]
    pub fn from_toml_str(text: &str, from: &Matrix, to: &Matrix) -> Result<Self> {
        file::from_toml(text)?.validate(from, to, true)
    }

    /// The crosswalk from `matrix` to itself: every key to the same key. Scoring through it
    /// changes no outcome.
    #[must_use]
    pub fn identity(matrix: &Matrix) -> Self {
        let mut targets: [Vec<Option<usize>>; 7] = Default::default();
        for (map, slot) in MapName::ALL.iter().zip(&mut targets) {
            *slot = (0..map.keys(matrix).len()).map(Some).collect();
        }
        Crosswalk {
            from: matrix.clone(),
            to: matrix.clone(),
            targets,
        }
    }

    /// The crosswalk back from B to A, when there is one: every map a one-to-one
    /// correspondence (no key dropped, none reached twice, every key of B reached).
    /// Translating a register and then translating it back gives the register again.
    ///
    /// ```
    /// use needmatrix::{Matrix, crosswalk::Crosswalk};
    ///
    /// let identity = Crosswalk::identity(Matrix::reference());
    /// assert_eq!(identity.inverse().as_ref(), Some(&identity));
    /// ```
    #[must_use]
    pub fn inverse(&self) -> Option<Crosswalk> {
        let mut targets: [Vec<Option<usize>>; 7] = Default::default();
        for map in MapName::ALL.iter().copied() {
            let size = map.keys(&self.to).len();
            let mut back = vec![None; size];
            for (a, b) in self.targets(map).iter().enumerate() {
                let slot = back.get_mut((*b)?)?;
                if slot.is_some() {
                    return None;
                }
                *slot = Some(a);
            }
            if back.iter().any(Option::is_none) {
                return None;
            }
            *targets.get_mut(map.index())? = back;
        }
        Some(Crosswalk {
            from: self.to.clone(),
            to: self.from.clone(),
            targets,
        })
    }

    /// Matrix A, which assessments are translated from.
    #[must_use]
    pub fn from_matrix(&self) -> &Matrix {
        &self.from
    }

    /// Matrix B, which they are translated to and scored with.
    #[must_use]
    pub fn to_matrix(&self) -> &Matrix {
        &self.to
    }

    /// Which key of B each key of A reaches in one map (by positions, in A's order).
    pub(crate) fn targets(&self, map: MapName) -> &[Option<usize>] {
        self.targets.get(map.index()).map_or(&[], Vec::as_slice)
    }

    /// The entries of one map in A's order: each key of A and the key of B it becomes
    /// (`None`: dropped).
    ///
    /// ```
    /// use needmatrix::{Matrix, crosswalk::{Crosswalk, MapName}};
    ///
    /// let identity = Crosswalk::identity(Matrix::reference());
    /// let first = identity.entries(MapName::Impact).next();
    /// assert_eq!(first, Some(("minimal", Some("minimal"))));
    /// ```
    pub fn entries(&self, map: MapName) -> impl Iterator<Item = (&str, Option<&str>)> + '_ {
        map.keys(&self.from)
            .into_iter()
            .zip(self.targets(map))
            .map(move |(key, target)| (key, target.and_then(|b| map.key_at(&self.to, b))))
    }

    /// Translates one assessment of A to B (SPEC §14): areas and levels replaced by their
    /// map's value, weighting the set of mapped factors (dropped ones left out, one reached
    /// twice counted once, in B's order), ameliorative points of kinds mapped to one kind of B
    /// added (in B's order); every other field kept.
    ///
    /// # Errors
    /// The codes an assessment of A gets when scored (its keys are checked against A first);
    /// `ameliorative_out_of_range` naming the record and B's kind when the points added
    /// together exceed that kind's `max`.
    pub fn translate(&self, assessment: &Assessment) -> Result<Assessment> {
        self.translate_traced(assessment, false).map(|(a, _)| a)
    }

    /// Translates and scores one assessment under B; as [`Crosswalk::translate`] then
    /// [`Matrix::score`].
    ///
    /// # Errors
    /// As [`Crosswalk::translate`], then as [`Matrix::score`] with B.
    pub fn score(&self, assessment: &Assessment) -> Result<Outcome> {
        let translated = self.translate(assessment)?;
        self.to.score(&translated)
    }

    /// Translates and scores one assessment under B, keeping the explanation, whose
    /// [`translation`](crate::Explanation::translation) says where each key came from
    /// (`impact major → high`).
    ///
    /// ```
    /// use needmatrix::{Assessment, Matrix, crosswalk::Crosswalk};
    ///
    /// let a = Assessment::new("x", "major_crime", "major", "likely", "limited", "good")?;
    /// let o = Crosswalk::identity(Matrix::reference()).score_explained(&a)?;
    /// let text = o.explanation().unwrap().to_string();
    /// assert!(text.starts_with("translated from reference@1.0.0: area major_crime → major_crime; impact major → major;"));
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Crosswalk::score`].
    pub fn score_explained(&self, assessment: &Assessment) -> Result<Outcome> {
        let (translated, trace) = self.translate_traced(assessment, true)?;
        let outcome = self.to.score_explained(&translated)?;
        Ok(match trace {
            Some(t) => outcome.with_translation(t),
            None => outcome,
        })
    }

    /// The translation, and with `trace` where each key came from.
    fn translate_traced(
        &self,
        a: &Assessment,
        trace: bool,
    ) -> Result<(Assessment, Option<Translation>)> {
        let resolved = a
            .resolve(&self.from)
            .map_err(|e| e.map_location(|at| at.with_record(a.id())))?;
        let mut changes = Vec::new();
        let key = |map: MapName, position: usize| -> Result<(&str, &str)> {
            let from = map.key_at(&self.from, position);
            let to = self
                .targets(map)
                .get(position)
                .copied()
                .flatten()
                .and_then(|b| map.key_at(&self.to, b));
            // Not reached: a crosswalk that exists maps every key of A it resolves.
            from.zip(to).ok_or_else(|| unreachable_fault(map))
        };
        let mut keyed = |map: MapName, position: usize| -> Result<&str> {
            let (from, to) = key(map, position)?;
            if trace {
                changes.push(KeyChange::new(
                    map.field(),
                    from.to_owned(),
                    Some(to.to_owned()),
                ));
            }
            Ok(to)
        };
        let area = keyed(MapName::Areas, resolved.area)?;
        let impact = keyed(MapName::Impact, resolved.impact)?;
        let probability = keyed(MapName::Probability, resolved.probability)?;
        let capability = keyed(MapName::Capability, resolved.capability)?;
        let capacity = keyed(MapName::Capacity, resolved.capacity)?;

        // Factors: the set reached, in B's order.
        let to_factors = self.to.weighting();
        let mut reached = vec![false; to_factors.len()];
        for &f in &resolved.weighting {
            let target = self.targets(MapName::Weighting).get(f).copied().flatten();
            if let Some(slot) = target.and_then(|b| reached.get_mut(b)) {
                *slot = true;
            }
            if trace {
                let from = MapName::Weighting.key_at(&self.from, f);
                changes.push(KeyChange::new(
                    "weighting",
                    from.unwrap_or_default().to_owned(),
                    target
                        .and_then(|b| to_factors.get(b))
                        .map(|k| k.key().to_owned()),
                ));
            }
        }
        let weighting: Vec<String> = to_factors
            .iter()
            .zip(&reached)
            .filter(|(_, r)| **r)
            .map(|(k, _)| k.key().to_owned())
            .collect();

        // Ameliorative: points of kinds merged into one kind of B added, in B's order.
        let kinds = self.to.ameliorative();
        let mut sums: Vec<Option<(Points, Vec<String>)>> = vec![None; kinds.len()];
        for &(k, points) in &resolved.ameliorative {
            let from = MapName::Ameliorative
                .key_at(&self.from, k)
                .unwrap_or_default();
            let target = self
                .targets(MapName::Ameliorative)
                .get(k)
                .copied()
                .flatten();
            match target.and_then(|b| sums.get_mut(b)) {
                Some(slot) => {
                    let (sum, parts) = slot.get_or_insert_with(|| (Points::ZERO, Vec::new()));
                    // Cannot overflow: at most 16 kinds of at most 1 000 000 points each.
                    *sum = sum.checked_add(points).unwrap_or(*sum);
                    parts.push(format!("{from} {points}"));
                }
                None if trace => changes.push(KeyChange::new(
                    "ameliorative",
                    format!("{from} {points}"),
                    None,
                )),
                None => {}
            }
        }
        let mut ameliorative = Vec::new();
        for (kind, slot) in kinds.iter().zip(sums) {
            let Some((sum, parts)) = slot else { continue };
            if sum > kind.max() {
                return Err(Error::from(Fault::AmeliorativeOutOfRange {
                    at: Location::field(format!("ameliorative.{}", kind.key())).with_record(a.id()),
                    value: sum.to_string(),
                    max: kind.max().to_string(),
                }));
            }
            if trace {
                changes.push(KeyChange::new(
                    "ameliorative",
                    parts.join(" + "),
                    Some(format!("{} {sum}", kind.key())),
                ));
            }
            ameliorative.push((kind.key().to_owned(), sum));
        }
        let levels = Levels {
            impact,
            probability,
            capability,
            capacity,
        };
        let translated = a.rekeyed(area, levels, weighting, ameliorative);
        let trace = trace.then(|| {
            Translation::new(
                self.from.label().to_owned(),
                self.from.fingerprint().to_owned(),
                changes,
            )
        });
        Ok((translated, trace))
    }

    /// The canonical crosswalk file (SPEC §14) as pretty JSON: `format`, `from`, `to`, then the
    /// seven maps, each in A's order. Read back against the same matrices, it gives this
    /// crosswalk.
    #[must_use]
    pub fn to_json(&self) -> String {
        file::to_json(self)
    }

    /// A crosswalk checked whole: the matrices and, per map, a target for every key of A.
    pub(crate) fn checked(from: &Matrix, to: &Matrix, targets: [Vec<Option<usize>>; 7]) -> Self {
        Crosswalk {
            from: from.clone(),
            to: to.clone(),
            targets,
        }
    }
}

impl MapName {
    /// The assessment field this map translates (`area` for the areas map).
    const fn field(self) -> &'static str {
        match self {
            MapName::Areas => "area",
            other => other.as_str(),
        }
    }
}

/// The fault of a key a checked crosswalk does not map (not reached).
fn unreachable_fault(map: MapName) -> Error {
    Error::parse(
        Location::field(map.as_str()),
        "the crosswalk maps no key here",
    )
}

impl fmt::Display for Crosswalk {
    /// `crosswalk reference@1.0.0 → national@2.0.0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "crosswalk {} → {}", self.from.label(), self.to.label())
    }
}

/// Positions of keys in a list, for the checks of a crosswalk file.
pub(crate) fn positions<'k>(keys: &[&'k str]) -> HashMap<&'k str, usize> {
    keys.iter().enumerate().map(|(n, k)| (*k, n)).collect()
}
