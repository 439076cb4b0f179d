//! Table 4 of the review (SPEC §11): provision by planning element, from one overall grade per
//! force per element (`element_grades.csv`).

use std::collections::BTreeMap;

use super::tables::{Row, Table, percent};
use super::{Element, ElementSlots, Provision, Review, complete_slots, fill_slot};
use crate::error::{Error, FaultList, Location, Result};
use crate::text::csv::{cell, columns, rows};

/// One force's overall grade on each element, in [`Element::ALL`] order.
pub(super) type ElementGrades = BTreeMap<String, [Provision; 7]>;

impl Review {
    /// Adds the overall grade of each force on each plan element (`force,element,grade`: the
    /// grid complete over the review's forces, once each), from which Table 4
    /// (`element_provision`) is computed. Works with either form of the review.
    ///
    /// ```
    /// use needmatrix::review::{Element, Review};
    ///
    /// let areas = "force,region,area,threat,need,provision\nA,North,major_crime,high,high,insufficient\n";
    /// let elements: String = std::iter::once("force,area,element,grade".to_owned())
    ///     .chain(Element::ALL.iter().map(|e| format!("A,major_crime,{e},meets_standard")))
    ///     .collect::<Vec<_>>()
    ///     .join("\n");
    /// let grades: String = std::iter::once("force,element,grade".to_owned())
    ///     .chain(Element::ALL.iter().map(|e| format!("A,{e},high_provision")))
    ///     .collect::<Vec<_>>()
    ///     .join("\n");
    /// let review = Review::from_csv(areas, &elements)?.with_element_grades(&grades)?;
    /// let table = review.tables().element_provision.unwrap();
    /// assert_eq!(table.value("high_provision", "governance"), Some(100));
    /// assert_eq!(table.value("compliant", "total"), Some(100));
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    ///
    /// # Errors
    /// `missing_field` for a missing column or an empty cell; `parse` for an unknown element or
    /// grade; `duplicate_key` for a repeated force and element; `incomplete_review` for a force
    /// the review does not have, or a force and element with no grade: each naming the force,
    /// element and line (the file is named by [`Review::with_element_grades_path`]).
    pub fn with_element_grades(self, csv: &str) -> Result<Review> {
        self.element_grades_named(csv, "element grades")
    }

    /// [`Review::with_element_grades`] from a file, errors naming it.
    ///
    /// # Errors
    /// `io` when unreadable; as [`Review::with_element_grades`].
    pub fn with_element_grades_path(self, path: &std::path::Path) -> Result<Review> {
        let text = crate::text::read_text(path)?;
        self.element_grades_named(&text, &path.display().to_string())
    }

    fn element_grades_named(mut self, csv: &str, name: &str) -> Result<Review> {
        let (headers, records) = rows(csv).map_err(|e| e.in_file(name))?;
        let [c_force, c_element, c_grade] =
            columns(&headers, ["force", "element", "grade"]).map_err(|e| e.in_file(name))?;
        let mut faults = FaultList::default();
        let mut slots: BTreeMap<String, ElementSlots> = BTreeMap::new();
        for (line, record) in &records {
            let line = *line;
            let row = (|| -> Result<()> {
                let force = cell(record, c_force, "force", line)?;
                let element_text = cell(record, c_element, "element", line)?;
                let at = |field: &str| {
                    Location::new()
                        .with_line(line)
                        .with_record(format!("{force} / {element_text}"))
                        .with_field_prefix(field)
                };
                let element = Element::parse(element_text, || at("element"))?;
                let grade =
                    Provision::parse(cell(record, c_grade, "grade", line)?, || at("grade"))?;
                if !self.forces.contains_key(force) {
                    return Err(Error::from(crate::error::Fault::IncompleteReview {
                        at: at("force"),
                        message: format!("force `{force}` is graded here but is not in the review"),
                    }));
                }
                let slot = slots.entry(force.to_owned()).or_default();
                fill_slot(slot, element, line, grade, at("element"), force)
            })();
            if let Err(e) = row {
                faults.push(e.in_file(name));
            }
        }
        let mut grades = ElementGrades::new();
        for force in self.forces.keys() {
            let found = slots.get(force).copied().unwrap_or_default();
            let out = complete_slots(&found, &mut faults, |element| {
                Error::from(crate::error::Fault::IncompleteReview {
                    at: Location::new()
                        .with_file(name)
                        .with_record(format!("{force} / {element}"))
                        .with_field_prefix("grade"),
                    message: format!("force `{force}` has no grade for element `{element}`"),
                })
            });
            grades.insert(force.clone(), out);
        }
        faults.into_result()?;
        self.element_grades = Some(grades);
        Ok(self)
    }

    /// Table 4: rows the four grades then `compliant`; columns the seven elements, then
    /// `total`; each cell the % of forces (`total`: of the forces × 7 gradings).
    pub(super) fn element_provision(&self) -> Option<Table> {
        let grades = self.element_grades.as_ref()?;
        let forces = grades.len() as u64;
        let count = |element: Option<usize>, wanted: &dyn Fn(Provision) -> bool| -> u64 {
            grades
                .values()
                .flat_map(|g| g.iter().enumerate())
                .filter(|(e, g)| element.is_none_or(|want| want == *e) && wanted(**g))
                .count() as u64
        };
        // The four grades, then `compliant`.
        let rows = (0..=Provision::ALL.len())
            .map(|r| {
                let grade = Provision::ALL.get(r).copied();
                let wanted = |g: Provision| grade.map_or(g.is_compliant(), |want| want == g);
                let mut values: Vec<u64> = (0..Element::ALL.len())
                    .map(|e| percent(count(Some(e), &wanted), forces))
                    .collect();
                values.push(percent(count(None, &wanted), forces * 7));
                Row {
                    label: grade.map_or("compliant", Provision::as_str).to_owned(),
                    values,
                }
            })
            .collect();
        let columns = Element::ALL
            .iter()
            .map(|e| e.as_str().to_owned())
            .chain(std::iter::once("total".to_owned()))
            .collect();
        Some(Table { columns, rows })
    }
}
