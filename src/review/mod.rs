//! The national planning review (`needmatrix-review/1`, SPEC §7): force-level gradings of threat,
//! need and plans, read from two CSV files, checked complete, and turned into the
//! inspectorate's national tables exactly.
//!
//! ```
//! use needmatrix::review::Review;
//!
//! let areas = "force,region,area,threat,need,provision\nA,North,public_order,high,medium,insufficient\n";
//! let mut elements = String::from("force,area,element,grade\n");
//! for e in ["need_assessment", "existing_work", "collaboration", "prioritisation",
//!           "resource_allocation", "governance", "measures_of_success"] {
//!     elements.push_str(&format!("A,public_order,{e},meets_standard\n"));
//! }
//! let review = Review::from_csv(areas, &elements)?;
//! let tables = review.tables();
//! assert_eq!(tables.threat.value("high", "public_order"), Some(100));
//! assert_eq!(review.summary().forces, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod alignment;
mod elements;
mod markdown;
mod markers;
mod read;
mod registers;
mod tables;

use std::collections::BTreeMap;

use crate::error::{Error, Location, Result};

pub use alignment::{Alignment, Disagreement, ForceAlignment};
pub use markers::{Collaboration, Marker, MarkerFlag};
pub use registers::{DerivedArea, derived_level};
pub use tables::{ReviewSummary, Row, Table, Tables};

/// The format name of the review's JSON.
pub const FORMAT: &str = "needmatrix-review/1";

/// A closed set whose values also carry index points (0 to 3, or a position).
macro_rules! graded {
    ($(#[$doc:meta])* $ty:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal = $points:literal),* $(,)? } $what:literal) => {
        crate::closed::closed_set! {
            $(#[$doc])*
            #[derive(PartialOrd, Ord)]
            pub enum $ty ($what) {
                $($(#[$vdoc])* $variant => $text,)*
            }
        }

        impl $ty {
            /// Points for an index: 0 to 3.
            #[must_use]
            pub fn points(self) -> u64 {
                match self { $($ty::$variant => $points),* }
            }

            fn parse(text: &str, at: impl Fn() -> Location) -> Result<Self> {
                text.parse()
                    .map_err(|e: crate::closed::UnknownName| Error::from(e).map_location(|_| at()))
            }
        }
    };
}

graded!(
    /// A self-assessed threat or need level.
    ///
    /// ```
    /// use needmatrix::review::Assessed;
    ///
    /// assert_eq!("high".parse::<Assessed>()?.points(), 3);
    /// assert!(Assessed::Low < Assessed::High);
    /// # Ok::<(), needmatrix::UnknownName>(())
    /// ```
    Assessed {
        /// No evidence of assessment.
        NoEvidence => "no_evidence" = 0,
        /// Low.
        Low => "low" = 1,
        /// Medium.
        Medium => "medium" = 2,
        /// High.
        High => "high" = 3,
    } "a level"
);

graded!(
    /// A grading of a plan or of one of its elements.
    ///
    /// ```
    /// use needmatrix::review::Provision;
    ///
    /// assert!(Provision::Insufficient.is_inadequate());
    /// assert!("meets_standard".parse::<Provision>()?.is_compliant());
    /// # Ok::<(), needmatrix::UnknownName>(())
    /// ```
    Provision {
        /// No evidence of a plan.
        NoEvidence => "no_evidence" = 0,
        /// Insufficient.
        Insufficient => "insufficient" = 1,
        /// Meets the standard.
        MeetsStandard => "meets_standard" = 2,
        /// High provision.
        HighProvision => "high_provision" = 3,
    } "a provision grade"
);

graded!(
    /// The seven elements a plan is graded on.
    ///
    /// ```
    /// use needmatrix::review::Element;
    ///
    /// assert_eq!(Element::ALL.len(), 7);
    /// assert_eq!(Element::MeasuresOfSuccess.as_str(), "measures_of_success");
    /// ```
    Element {
        /// Need assessment (identified gaps).
        NeedAssessment => "need_assessment" = 0,
        /// Existing work.
        ExistingWork => "existing_work" = 1,
        /// Collaboration.
        Collaboration => "collaboration" = 2,
        /// Prioritisation.
        Prioritisation => "prioritisation" = 3,
        /// Resource allocation.
        ResourceAllocation => "resource_allocation" = 4,
        /// Governance and compliance.
        Governance => "governance" = 5,
        /// Measures of success.
        MeasuresOfSuccess => "measures_of_success" = 6,
    } "a plan element"
);

impl Provision {
    /// `no_evidence` or `insufficient`.
    #[must_use]
    pub fn is_inadequate(self) -> bool {
        matches!(self, Provision::NoEvidence | Provision::Insufficient)
    }

    /// `meets_standard` or `high_provision`.
    #[must_use]
    pub fn is_compliant(self) -> bool {
        !self.is_inadequate()
    }
}

impl Element {
    fn index(self) -> usize {
        self.points() as usize
    }
}

/// One force's grading of one area.
///
/// ```
/// use needmatrix::review::{Assessed, Element, Provision, Review};
///
/// let areas = "force,region,area,threat,need,provision\nA,North,major_crime,medium,low,high_provision\n";
/// let elements: String = std::iter::once("force,area,element,grade".to_owned())
///     .chain(Element::ALL.iter().map(|e| format!("A,major_crime,{e},insufficient")))
///     .collect::<Vec<_>>()
///     .join("\n");
/// let g = Review::from_csv(areas, &elements)?.grading("A", "major_crime").cloned().unwrap();
/// assert_eq!((g.threat, g.need, g.provision), (Assessed::Medium, Assessed::Low, Provision::HighProvision));
/// assert!(g.elements.iter().all(|p| p.is_inadequate()));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AreaGrading {
    /// Self-assessed threat.
    pub threat: Assessed,
    /// Self-assessed need.
    pub need: Assessed,
    /// The plan overall.
    pub provision: Provision,
    /// The seven elements, in [`Element::ALL`] order.
    pub elements: [Provision; 7],
}

/// The force-level gradings of a review, complete: every force has every area, and every
/// (force, area) all seven elements.
///
/// ```
/// use needmatrix::review::{Assessed, Review};
///
/// let areas = "force,region,area,threat,need,provision\nAshdale,North,major_crime,high,high,insufficient\n";
/// let elements: String = std::iter::once("force,area,element,grade".to_owned())
///     .chain(needmatrix::review::Element::ALL.iter().map(|e| format!("Ashdale,major_crime,{e},meets_standard")))
///     .collect::<Vec<_>>()
///     .join("\n");
/// let review = Review::from_csv(areas, &elements)?;
/// assert_eq!(review.areas(), ["major_crime"]);
/// assert_eq!(review.grading("Ashdale", "major_crime").unwrap().need, Assessed::High);
/// assert_eq!(review.summary().forces, 1);
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    areas: Vec<String>,
    forces: BTreeMap<String, String>,
    gradings: BTreeMap<(String, String), AreaGrading>,
    /// The derived areas table, for a review made from registers (SPEC §11).
    derived: Option<Vec<DerivedArea>>,
    /// Each force's overall grade per element, when given (Table 4).
    element_grades: Option<elements::ElementGrades>,
    /// The objective markers, when indicators were given.
    markers: Option<Vec<Marker>>,
}

/// The grade of each element of one (force, area), with the line it came from.
type ElementSlots = [Option<(u64, Provision)>; 7];

/// Records `grade` for `element` from `line`; a second grade for the same element is refused
/// as a `duplicate_key` at `at`, naming `record` and the line of the first.
fn fill_slot(
    slots: &mut ElementSlots,
    element: Element,
    line: u64,
    grade: Provision,
    at: Location,
    record: &str,
) -> Result<()> {
    match slots.get_mut(element.index()) {
        Some(Some((first, _))) => Err(Error::from(crate::error::Fault::DuplicateKey {
            at,
            key: format!("{record} / {element} (first on line {first})"),
        })),
        Some(empty) => {
            *empty = Some((line, grade));
            Ok(())
        }
        None => Ok(()),
    }
}

/// The grades of `slots` in [`Element::ALL`] order; each element without one gets the error
/// `missing` makes for it, pushed onto `faults` (its grade left at `no_evidence`, unused as the
/// faults refuse the file).
fn complete_slots(
    slots: &ElementSlots,
    faults: &mut crate::error::FaultList,
    missing: impl Fn(Element) -> Error,
) -> [Provision; 7] {
    let mut grades = [Provision::NoEvidence; 7];
    for (element, (slot, grade)) in Element::ALL.iter().zip(slots.iter().zip(&mut grades)) {
        match slot {
            Some((_, g)) => *grade = *g,
            None => faults.push(missing(*element)),
        }
    }
    grades
}

impl Review {
    /// The areas, in the published order (reference areas first, then others by key).
    #[must_use]
    pub fn areas(&self) -> &[String] {
        &self.areas
    }

    /// The forces and their regions, by force name.
    #[must_use]
    pub fn forces(&self) -> &BTreeMap<String, String> {
        &self.forces
    }

    /// One force's grading of one area.
    #[must_use]
    pub fn grading(&self, force: &str, area: &str) -> Option<&AreaGrading> {
        self.gradings.get(&(force.to_owned(), area.to_owned()))
    }

    pub(super) fn column<'a>(
        &'a self,
        area: &'a str,
    ) -> impl Iterator<Item = &'a AreaGrading> + 'a {
        self.forces
            .keys()
            .filter_map(move |f| self.grading(f, area))
    }

    pub(super) fn all(&self) -> impl Iterator<Item = &AreaGrading> + '_ {
        self.gradings.values()
    }
}
