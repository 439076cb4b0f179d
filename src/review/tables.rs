//! The published tables of the review: counts and percentages of forces by grade, per area
//! and per element, the index rows, and the summary.

use serde::Serialize;

use super::{AreaGrading, Assessed, Element, FORMAT, Provision, Review};

/// `100 × part / whole`, rounded half away from zero to a whole number (0 when `whole` is 0).
#[must_use]
pub(crate) fn percent(part: u64, whole: u64) -> u64 {
    if whole == 0 {
        0
    } else {
        (200 * part + whole) / (2 * whole)
    }
}

/// One table of the review.
///
/// ```
/// use needmatrix::review::{Element, Review};
///
/// let areas = "force,region,area,threat,need,provision\nA,North,major_crime,high,high,insufficient\n";
/// let elements: String = std::iter::once("force,area,element,grade".to_owned())
///     .chain(Element::ALL.iter().map(|e| format!("A,major_crime,{e},meets_standard")))
///     .collect::<Vec<_>>()
///     .join("\n");
/// let tables = Review::from_csv(areas, &elements)?.tables();
/// // Threat as forces assessed it, in % of forces, by level and area.
/// assert_eq!(tables.threat.value("high", "major_crime"), Some(100));
/// assert_eq!(tables.threat.rows.len(), 4);
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Table {
    /// The column names: area keys, then `total` (and `forces`).
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<Row>,
}

/// One row of a table.
///
/// ```
/// use needmatrix::review::{Element, Review};
///
/// let areas = "force,region,area,threat,need,provision\nA,North,major_crime,high,high,insufficient\n";
/// let elements: String = std::iter::once("force,area,element,grade".to_owned())
///     .chain(Element::ALL.iter().map(|e| format!("A,major_crime,{e},meets_standard")))
///     .collect::<Vec<_>>()
///     .join("\n");
/// let tables = Review::from_csv(areas, &elements)?.tables();
/// let high = tables.threat.rows.iter().find(|r| r.label == "high").unwrap();
/// assert_eq!(high.values.len(), tables.threat.columns.len());
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
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
///
/// ```
/// use needmatrix::review::{Element, Review};
///
/// let areas = "force,region,area,threat,need,provision\nA,North,major_crime,high,high,insufficient\n";
/// let elements: String = std::iter::once("force,area,element,grade".to_owned())
///     .chain(Element::ALL.iter().map(|e| format!("A,major_crime,{e},no_evidence")))
///     .collect::<Vec<_>>()
///     .join("\n");
/// let tables = Review::from_csv(areas, &elements)?.tables();
/// // Every element is a gap for the one force: 1 of 1 forces, 100 %.
/// assert_eq!(tables.element_gap_counts.value("collaboration", "major_crime"), Some(1));
/// assert_eq!(tables.element_gap_percent.value("collaboration", "major_crime"), Some(100));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
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
    /// Table 4, provision by planning element (SPEC §11): % of forces at each overall grade of
    /// each element, and compliant; only when element grades were given
    /// ([`Review::with_element_grades`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element_provision: Option<Table>,
}

/// The summary figures of SPEC §7.
///
/// ```
/// use needmatrix::review::{Element, Review};
///
/// let areas = "force,region,area,threat,need,provision\nA,North,major_crime,high,high,no_evidence\n";
/// let elements: String = std::iter::once("force,area,element,grade".to_owned())
///     .chain(Element::ALL.iter().map(|e| format!("A,major_crime,{e},insufficient")))
///     .collect::<Vec<_>>()
///     .join("\n");
/// let s = Review::from_csv(areas, &elements)?.summary();
/// // One area only: inadequate there, but not in five areas or more.
/// assert_eq!((s.forces, s.no_evidence_any, s.inadequate_five_or_more), (1, 1, 0));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
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
            element_provision: self.element_provision(),
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

    /// The JSON of SPEC §7: `{"format", "summary", "tables"}`; for a review made from registers
    /// (SPEC §11) also `"areas"` (the derived table), `"alignment_by_force"` and
    /// `"collaboration"`; with indicators, `"markers"`; with element grades,
    /// `tables.element_provision`.
    #[must_use]
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            format: &'a str,
            summary: ReviewSummary,
            tables: Tables,
            #[serde(skip_serializing_if = "Option::is_none")]
            areas: Option<&'a [super::DerivedArea]>,
            #[serde(skip_serializing_if = "Option::is_none")]
            alignment_by_force: Option<Vec<super::ForceAlignment>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            collaboration: Option<Vec<super::Collaboration>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            markers: Option<&'a [super::Marker]>,
        }
        let from_registers = self.derived.is_some();
        serde_json::to_string_pretty(&Out {
            format: FORMAT,
            summary: self.summary(),
            tables: self.tables(),
            areas: self.derived_areas(),
            alignment_by_force: from_registers.then(|| self.alignment_by_force()),
            collaboration: from_registers.then(|| self.collaboration()),
            markers: self.markers(),
        })
        .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::percent;

    /// Each cell rounds on its own, halves away from zero (SPEC §7).
    #[test]
    fn rounding_is_half_away_from_zero_per_cell() {
        assert_eq!(percent(1, 8), 13); // 12.5
        assert_eq!(percent(4, 43), 9); // 9.3
        assert_eq!(percent(69, 430), 16); // 16.05
        assert_eq!(percent(3, 8), 38); // 37.5
        assert_eq!(percent(0, 0), 0);
    }
}
