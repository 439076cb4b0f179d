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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::error::{Error, FaultList, Location, Result};

/// The format name of the review's JSON.
pub const FORMAT: &str = "needmatrix-review/1";

/// The reference areas in the order the published tables use.
const REFERENCE_AREAS: [&str; 10] = [
    "serious_organised_crime",
    "major_crime",
    "civil_contingencies",
    "critical_incidents",
    "public_order",
    "roads_policing",
    "domestic_abuse",
    "missing_persons",
    "child_abuse",
    "offender_management",
];

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
                text.parse().map_err(|e: Error| e.map_location(|_| at()))
            }
        }
    };
}

graded!(
    /// A self-assessed threat or need level.
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
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    areas: Vec<String>,
    forces: BTreeMap<String, String>,
    gradings: BTreeMap<(String, String), AreaGrading>,
}

/// The grade of each element of one (force, area), with the line it came from.
type ElementSlots = [Option<(u64, Provision)>; 7];

use crate::text::csv::{cell, columns, rows};

impl Review {
    /// Reads the two CSV texts of SPEC §7 (columns by name, any order) and checks the grid is
    /// complete. Errors name the force, area, element and line; the file is named by
    /// [`Review::from_paths`].
    ///
    /// # Errors
    /// `missing_field` for a missing column or empty cell; `parse` for an unknown value;
    /// `duplicate_key` for a repeated row; `incomplete_review` for a missing row.
    pub fn from_csv(areas_csv: &str, elements_csv: &str) -> Result<Self> {
        Self::read(areas_csv, elements_csv, "areas", "elements")
    }

    /// Reads the two CSV files of SPEC §7; errors name the file.
    ///
    /// # Errors
    /// `io` when unreadable; otherwise as [`Review::from_csv`].
    pub fn from_paths(areas: &std::path::Path, elements: &std::path::Path) -> Result<Self> {
        let a = crate::text::read_text(areas)?;
        let e = crate::text::read_text(elements)?;
        Self::read(
            &a,
            &e,
            &areas.display().to_string(),
            &elements.display().to_string(),
        )
    }

    fn read(
        areas_csv: &str,
        elements_csv: &str,
        areas_name: &str,
        elements_name: &str,
    ) -> Result<Self> {
        let mut faults = FaultList::default();
        let (headers, area_rows) = rows(areas_csv).map_err(|e| e.in_file(areas_name))?;
        let [c_force, c_region, c_area, c_threat, c_need, c_provision] = columns(
            &headers,
            ["force", "region", "area", "threat", "need", "provision"],
        )
        .map_err(|e| e.in_file(areas_name))?;
        let mut forces: BTreeMap<String, String> = BTreeMap::new();
        let mut areas_seen: BTreeSet<String> = BTreeSet::new();
        let mut partial: BTreeMap<(String, String), (u64, Assessed, Assessed, Provision)> =
            BTreeMap::new();
        for (line, record) in &area_rows {
            let line = *line;
            let parsed = (|| -> Result<()> {
                let force = cell(record, c_force, "force", line)?;
                let region = cell(record, c_region, "region", line)?;
                let area = cell(record, c_area, "area", line)?;
                let at = |field: &'static str| {
                    move || {
                        Location::new()
                            .with_line(line)
                            .with_record(format!("{force} / {area}"))
                            .with_field_prefix(field)
                    }
                };
                if !crate::matrix::is_key(area) {
                    return Err(Error::from(crate::error::Fault::InvalidKey {
                        at: at("area")(),
                        value: area.to_owned(),
                        rule: "an area key is 1 to 32 of a-z, 0-9 and `_`",
                    }));
                }
                let threat =
                    Assessed::parse(cell(record, c_threat, "threat", line)?, at("threat"))?;
                let need = Assessed::parse(cell(record, c_need, "need", line)?, at("need"))?;
                let provision = Provision::parse(
                    cell(record, c_provision, "provision", line)?,
                    at("provision"),
                )?;
                match forces.get(force) {
                    Some(r) if r != region => {
                        return Err(Error::parse(
                            at("region")(),
                            format!(
                                "force `{force}` is in region `{r}` on an earlier line, `{region}` here"
                            ),
                        ));
                    }
                    _ => {
                        forces.insert(force.to_owned(), region.to_owned());
                    }
                }
                let key = (force.to_owned(), area.to_owned());
                if let Some((first, ..)) = partial.get(&key) {
                    return Err(Error::from(crate::error::Fault::DuplicateKey {
                        at: at("area")(),
                        key: format!("{force} / {area} (first on line {first})"),
                    }));
                }
                areas_seen.insert(area.to_owned());
                partial.insert(key, (line, threat, need, provision));
                Ok(())
            })();
            if let Err(e) = parsed {
                faults.push(e.in_file(areas_name));
            }
        }

        let (headers, element_rows) = rows(elements_csv).map_err(|e| e.in_file(elements_name))?;
        let [e_force, e_area, e_element, e_grade] =
            columns(&headers, ["force", "area", "element", "grade"])
                .map_err(|e| e.in_file(elements_name))?;
        let mut grades: BTreeMap<(String, String), ElementSlots> = BTreeMap::new();
        for (line, record) in &element_rows {
            let line = *line;
            let parsed = (|| -> Result<()> {
                let force = cell(record, e_force, "force", line)?;
                let area = cell(record, e_area, "area", line)?;
                let at = |field: &'static str| {
                    move || {
                        Location::new()
                            .with_line(line)
                            .with_record(format!("{force} / {area}"))
                            .with_field_prefix(field)
                    }
                };
                let element =
                    Element::parse(cell(record, e_element, "element", line)?, at("element"))?;
                let grade = Provision::parse(cell(record, e_grade, "grade", line)?, at("grade"))?;
                let key = (force.to_owned(), area.to_owned());
                if !partial.contains_key(&key) {
                    return Err(Error::from(crate::error::Fault::IncompleteReview {
                        at: at("area")(),
                        message: format!(
                            "force `{force}` has element grades for area `{area}` but no row for it in the areas file"
                        ),
                    }));
                }
                let slot = grades.entry(key).or_default();
                match slot.get_mut(element.index()) {
                    Some(Some((first, _))) => Err(Error::from(crate::error::Fault::DuplicateKey {
                        at: at("element")(),
                        key: format!("{force} / {area} / {element} (first on line {first})"),
                    })),
                    Some(empty) => {
                        *empty = Some((line, grade));
                        Ok(())
                    }
                    None => Ok(()),
                }
            })();
            if let Err(e) = parsed {
                faults.push(e.in_file(elements_name));
            }
        }

        // Completeness: every force has every area, every (force, area) every element.
        let mut gradings = BTreeMap::new();
        for force in forces.keys() {
            for area in &areas_seen {
                let key = (force.clone(), area.clone());
                let Some((_, threat, need, provision)) = partial.get(&key).copied() else {
                    faults.push(Error::from(crate::error::Fault::IncompleteReview {
                        at: Location::new()
                            .with_file(areas_name)
                            .with_record(format!("{force} / {area}")),
                        message: format!("force `{force}` has no row for area `{area}`"),
                    }));
                    continue;
                };
                let slots = grades.get(&key).copied().unwrap_or_default();
                let mut elements = [Provision::NoEvidence; 7];
                for (element, (slot, out)) in Element::ALL
                    .iter()
                    .zip(slots.iter().zip(elements.iter_mut()))
                {
                    match slot {
                        Some((_, grade)) => *out = *grade,
                        None => faults.push(Error::from(crate::error::Fault::IncompleteReview {
                            at: Location::new()
                                .with_file(elements_name)
                                .with_record(format!("{force} / {area}"))
                                .with_field_prefix(element.as_str()),
                            message: format!(
                                "force `{force}`, area `{area}` has no grade for element `{element}`"
                            ),
                        })),
                    }
                }
                gradings.insert(
                    key,
                    AreaGrading {
                        threat,
                        need,
                        provision,
                        elements,
                    },
                );
            }
        }
        faults.into_result()?;
        let mut areas: Vec<String> = REFERENCE_AREAS
            .iter()
            .filter(|a| areas_seen.contains(**a))
            .map(|a| (*a).to_owned())
            .collect();
        areas.extend(
            areas_seen
                .iter()
                .filter(|a| !REFERENCE_AREAS.contains(&a.as_str()))
                .cloned(),
        );
        Ok(Review {
            areas,
            forces,
            gradings,
        })
    }

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

    fn column<'a>(&'a self, area: &'a str) -> impl Iterator<Item = &'a AreaGrading> + 'a {
        self.forces
            .keys()
            .filter_map(move |f| self.grading(f, area))
    }

    fn all(&self) -> impl Iterator<Item = &AreaGrading> + '_ {
        self.gradings.values()
    }
}

/// `100 × part / whole`, rounded half away from zero to a whole number (0 when `whole` is 0).
#[must_use]
pub fn percent(part: u64, whole: u64) -> u64 {
    if whole == 0 {
        0
    } else {
        (200 * part + whole) / (2 * whole)
    }
}

/// One table of the review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Table {
    /// The column names: area keys, then `total` (and `forces`).
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<Row>,
}

/// One row of a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The row's label (a level, grade, element or index name).
    pub label: String,
    /// One value per column.
    pub values: Vec<u64>,
}

impl Table {
    /// The value in a row and column, by names.
    #[must_use]
    pub fn value(&self, row: &str, column: &str) -> Option<u64> {
        let c = self.columns.iter().position(|c| c == column)?;
        self.rows
            .iter()
            .find(|r| r.label == row)?
            .values
            .get(c)
            .copied()
    }
}

/// The tables of SPEC §7.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tables {
    /// % of forces at each threat level, per area and in total.
    pub threat: Table,
    /// % of forces at each need level.
    pub need: Table,
    /// % of forces at each provision grade, and compliant.
    pub provision: Table,
    /// Forces whose element is inadequate, per area; the row total; forces inadequate in at
    /// least one area.
    pub element_gap_counts: Table,
    /// The counts as % of forces (total: of force-areas).
    pub element_gap_percent: Table,
    /// Threat, need and provision indices per area.
    pub index: Table,
}

/// The summary figures of SPEC §7.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ReviewSummary {
    /// Forces.
    pub forces: u64,
    /// Forces compliant in every area.
    pub credible_all_areas: u64,
    /// Forces with `no_evidence` provision in at least one area.
    pub no_evidence_any: u64,
    /// Forces with `insufficient` provision in at least one area.
    pub insufficient_any: u64,
    /// Forces inadequate in five areas or more.
    pub inadequate_five_or_more: u64,
}

impl Review {
    fn level_table<T: Copy + PartialEq>(
        &self,
        levels: &[T],
        label: impl Fn(T) -> &'static str,
        get: impl Fn(&AreaGrading) -> T,
    ) -> Table {
        let f = self.forces.len() as u64;
        let mut columns = self.areas.clone();
        columns.push("total".to_owned());
        let rows = levels
            .iter()
            .map(|&level| {
                let mut values: Vec<u64> = self
                    .areas
                    .iter()
                    .map(|a| percent(self.column(a).filter(|g| get(g) == level).count() as u64, f))
                    .collect();
                let all = self.all().filter(|g| get(g) == level).count() as u64;
                values.push(percent(all, f * self.areas.len() as u64));
                Row {
                    label: label(level).to_owned(),
                    values,
                }
            })
            .collect();
        Table { columns, rows }
    }

    /// The tables of SPEC §7.
    #[must_use]
    pub fn tables(&self) -> Tables {
        let f = self.forces.len() as u64;
        let fa = f * self.areas.len() as u64;
        let threat = self.level_table(Assessed::ALL, Assessed::as_str, |g| g.threat);
        let need = self.level_table(Assessed::ALL, Assessed::as_str, |g| g.need);
        let mut provision = self.level_table(Provision::ALL, Provision::as_str, |g| g.provision);
        let mut compliant: Vec<u64> = self
            .areas
            .iter()
            .map(|a| {
                percent(
                    self.column(a)
                        .filter(|g| g.provision.is_compliant())
                        .count() as u64,
                    f,
                )
            })
            .collect();
        compliant.push(percent(
            self.all().filter(|g| g.provision.is_compliant()).count() as u64,
            fa,
        ));
        provision.rows.push(Row {
            label: "compliant".to_owned(),
            values: compliant,
        });

        let mut counts_columns = self.areas.clone();
        counts_columns.extend(["total".to_owned(), "forces".to_owned()]);
        let mut percent_columns = self.areas.clone();
        percent_columns.push("total".to_owned());
        let mut count_rows = Vec::new();
        let mut percent_rows = Vec::new();
        for element in Element::ALL {
            let i = element.index();
            let inadequate = |g: &AreaGrading| g.elements.get(i).is_some_and(|p| p.is_inadequate());
            let per_area: Vec<u64> = self
                .areas
                .iter()
                .map(|a| self.column(a).filter(|g| inadequate(g)).count() as u64)
                .collect();
            let total: u64 = per_area.iter().sum();
            let forces = self
                .forces
                .keys()
                .filter(|force| {
                    self.areas
                        .iter()
                        .any(|a| self.grading(force, a).is_some_and(inadequate))
                })
                .count() as u64;
            let mut values = per_area.clone();
            values.extend([total, forces]);
            count_rows.push(Row {
                label: element.as_str().to_owned(),
                values,
            });
            let mut values: Vec<u64> = per_area.iter().map(|c| percent(*c, f)).collect();
            values.push(percent(total, fa));
            percent_rows.push(Row {
                label: element.as_str().to_owned(),
                values,
            });
        }

        let index_row = |label: &str, points: &dyn Fn(&AreaGrading) -> (u64, u64)| Row {
            label: label.to_owned(),
            values: self
                .areas
                .iter()
                .map(|a| {
                    let (got, max) = self
                        .column(a)
                        .map(points)
                        .fold((0, 0), |(g, m), (pg, pm)| (g + pg, m + pm));
                    percent(got, max)
                })
                .collect(),
        };
        let index = Table {
            columns: self.areas.clone(),
            rows: vec![
                index_row("threat", &|g| (g.threat.points(), 3)),
                index_row("need", &|g| (g.need.points(), 3)),
                index_row("provision", &|g| {
                    (g.elements.iter().map(|p| p.points()).sum(), 3 * 7)
                }),
            ],
        };
        Tables {
            threat,
            need,
            provision,
            element_gap_counts: Table {
                columns: counts_columns,
                rows: count_rows,
            },
            element_gap_percent: Table {
                columns: percent_columns,
                rows: percent_rows,
            },
            index,
        }
    }

    /// The summary figures of SPEC §7.
    #[must_use]
    pub fn summary(&self) -> ReviewSummary {
        let count =
            |pred: &dyn Fn(&str) -> bool| self.forces.keys().filter(|f| pred(f)).count() as u64;
        let provisions = |force: &str| -> Vec<Provision> {
            self.areas
                .iter()
                .filter_map(|a| self.grading(force, a).map(|g| g.provision))
                .collect()
        };
        ReviewSummary {
            forces: self.forces.len() as u64,
            credible_all_areas: count(&|f| provisions(f).iter().all(|p| p.is_compliant())),
            no_evidence_any: count(&|f| provisions(f).contains(&Provision::NoEvidence)),
            insufficient_any: count(&|f| provisions(f).contains(&Provision::Insufficient)),
            inadequate_five_or_more: count(&|f| {
                provisions(f).iter().filter(|p| p.is_inadequate()).count() >= 5
            }),
        }
    }

    /// The JSON of SPEC §7: `{"format", "summary", "tables"}`.
    #[must_use]
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            format: &'a str,
            summary: ReviewSummary,
            tables: Tables,
        }
        serde_json::to_string_pretty(&Out {
            format: FORMAT,
            summary: self.summary(),
            tables: self.tables(),
        })
        .unwrap_or_default()
    }
}

/// Where a force's plan runs counter to its own assessment of need in one area.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize)]
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

    /// The tables as Markdown, laid out like the published ones: areas as columns with readable
    /// labels, percent signs on percentages, totals last; then the summary.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let t = self.tables();
        let s = self.summary();
        let mut out = String::new();
        let _ = writeln!(out, "# National planning review ({} forces)\n", s.forces);
        for (title, table, pct) in [
            (
                "Threat as forces assessed it (% of forces)",
                &t.threat,
                true,
            ),
            ("Need as forces assessed it (% of forces)", &t.need, true),
            (
                "Provision: the plans overall (% of forces)",
                &t.provision,
                true,
            ),
            (
                "Inadequate plan elements (number of forces)",
                &t.element_gap_counts,
                false,
            ),
            (
                "Inadequate plan elements (% of forces)",
                &t.element_gap_percent,
                true,
            ),
            (
                "Index of threat, need and provision (% of the maximum)",
                &t.index,
                true,
            ),
        ] {
            let _ = writeln!(out, "## {title}\n");
            let header: Vec<String> = std::iter::once("".to_owned())
                .chain(table.columns.iter().map(|c| column_label(c)))
                .collect();
            let _ = writeln!(out, "| {} |", header.join(" | "));
            let _ = writeln!(
                out,
                "|{}",
                header
                    .iter()
                    .enumerate()
                    .map(|(i, _)| if i == 0 { "---|" } else { "---:|" })
                    .collect::<String>()
            );
            for row in &table.rows {
                let cells: Vec<String> = row
                    .values
                    .iter()
                    .map(|v| if pct { format!("{v}%") } else { v.to_string() })
                    .collect();
                let _ = writeln!(out, "| {} | {} |", label(&row.label), cells.join(" | "));
            }
            out.push('\n');
        }
        let _ = writeln!(out, "## Summary\n");
        let _ = writeln!(out, "| | forces |\n|---|---:|");
        for (name, v) in [
            ("forces", s.forces),
            ("credible plans in every area", s.credible_all_areas),
            (
                "no evidence of a plan in at least one area",
                s.no_evidence_any,
            ),
            (
                "an insufficient plan in at least one area",
                s.insufficient_any,
            ),
            (
                "inadequate in five areas or more",
                s.inadequate_five_or_more,
            ),
        ] {
            let _ = writeln!(out, "| {name} | {v} |");
        }
        out
    }
}

/// A readable column label: short names for the reference areas.
fn column_label(key: &str) -> String {
    match key {
        "serious_organised_crime" => "SOC".to_owned(),
        "major_crime" => "Major crime".to_owned(),
        "civil_contingencies" => "Civil contingencies".to_owned(),
        "critical_incidents" => "Critical incidents".to_owned(),
        "public_order" => "Public order".to_owned(),
        "roads_policing" => "Roads policing".to_owned(),
        "domestic_abuse" => "Domestic abuse".to_owned(),
        "missing_persons" => "Missing persons".to_owned(),
        "child_abuse" => "Child abuse".to_owned(),
        "offender_management" => "Offender management".to_owned(),
        "total" => "Total".to_owned(),
        "forces" => "Forces".to_owned(),
        other => label(other),
    }
}

/// `no_evidence` → `No evidence`.
fn label(key: &str) -> String {
    let text = key.replace('_', " ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}
