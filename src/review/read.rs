//! The review read from its two CSV files, every fault named with its file, line, force and area.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    AreaGrading, Assessed, Element, ElementSlots, Provision, Review, complete_slots, fill_slot,
};
use crate::error::{Error, FaultList, Location, Result};
use crate::matrix::Matrix;
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

    pub(super) fn read(
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
                let at = |field: &'static str| move || place(line, force, area, field);
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
                let at = |field: &'static str| move || place(line, force, area, field);
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
                fill_slot(
                    slot,
                    element,
                    line,
                    grade,
                    at("element")(),
                    &format!("{force} / {area}"),
                )
            })();
            if let Err(e) = parsed {
                faults.push(e.in_file(elements_name));
            }
        }

        // Completeness: every force has every area, every (force, area) every element. The
        // grid is walked through the rows that exist, in grid order: the missing (force, area)
        // pairs between two rows are listed while the fault list has room and only counted
        // after, so a file of many forces and many areas costs its rows, not forces × areas.
        let force_list: Vec<&String> = forces.keys().collect();
        let area_list: Vec<&String> = areas_seen.iter().collect();
        let n_areas = area_list.len();
        let grid_size = force_list.len().saturating_mul(n_areas);
        let missing_row = |index: usize| {
            let force = force_list
                .get(index / n_areas.max(1))
                .map_or("", |f| f.as_str());
            let area = area_list
                .get(index % n_areas.max(1))
                .map_or("", |a| a.as_str());
            Error::from(crate::error::Fault::IncompleteReview {
                at: Location::new()
                    .with_file(areas_name)
                    .with_record(format!("{force} / {area}")),
                message: format!("force `{force}` has no row for area `{area}`"),
            })
        };
        let list_missing = |from: usize, to: usize, faults: &mut FaultList| {
            for index in from..to {
                if faults.is_full() {
                    faults.count_more(to - index);
                    return;
                }
                faults.push(missing_row(index));
            }
        };
        let mut gradings = BTreeMap::new();
        let mut next = 0usize;
        for (key, &(_, threat, need, provision)) in &partial {
            let (force, area) = (&key.0, &key.1);
            let (Ok(f), Ok(a)) = (
                force_list.binary_search(&force),
                area_list.binary_search(&area),
            ) else {
                continue;
            };
            let index = f * n_areas + a;
            list_missing(next, index, &mut faults);
            next = index + 1;
            let slots = grades.get(key).copied().unwrap_or_default();
            let elements = complete_slots(&slots, &mut faults, |element| {
                Error::from(crate::error::Fault::IncompleteReview {
                    at: Location::new()
                        .with_file(elements_name)
                        .with_record(format!("{force} / {area}"))
                        .with_field_prefix(element.as_str()),
                    message: format!(
                        "force `{force}`, area `{area}` has no grade for element `{element}`"
                    ),
                })
            });
            gradings.insert(
                key.clone(),
                AreaGrading {
                    threat,
                    need,
                    provision,
                    elements,
                },
            );
        }
        list_missing(next, grid_size, &mut faults);
        faults.into_result()?;
        let mut areas: Vec<String> = Matrix::reference()
            .areas()
            .iter()
            .map(crate::Area::key)
            .filter(|a| areas_seen.contains(*a))
            .map(|a| (*a).to_owned())
            .collect();
        areas.extend(
            areas_seen
                .iter()
                .filter(|a| Matrix::reference().area_position(a).is_none())
                .cloned(),
        );
        Ok(Review {
            areas,
            forces,
            gradings,
            derived: None,
            element_grades: None,
            markers: None,
        })
    }
}

/// Where a field of a review row is: its line, and the force and area as the record.
fn place(line: u64, force: &str, area: &str, field: &str) -> Location {
    Location::new()
        .with_line(line)
        .with_record(format!("{force} / {area}"))
        .with_field_prefix(field)
}
