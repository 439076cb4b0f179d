//! From force registers to the national review (SPEC §11): each force × area threat and need
//! derived from the force's own register, joined with the inspectors' provision grades, written
//! as the areas table of §7 and reviewed as §7 reviews it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::{Assessed, Provision, Review};
use crate::error::{Error, FaultList, Location, Result};
use crate::matrix::Matrix;
use crate::national::NationalPicture;
use crate::text::csv::{cell, columns, rows};

/// The level SPEC §11 derives from the highest band position among a force's entries in an
/// area (0 = the lowest band), with `bands` the number of bands: `no_evidence` without entries,
/// `high` in the top band, `medium` in the one below, `low` otherwise.
///
/// ```
/// use needmatrix::review::{Assessed, derived_level};
///
/// // The reference matrix's four threat bands: none, low, medium, high.
/// assert_eq!(derived_level(None, 4), Assessed::NoEvidence);
/// assert_eq!(derived_level(Some(3), 4), Assessed::High);
/// assert_eq!(derived_level(Some(2), 4), Assessed::Medium);
/// assert_eq!(derived_level(Some(1), 4), Assessed::Low);
/// assert_eq!(derived_level(Some(0), 4), Assessed::Low);
/// // Two bands: the lower is medium.
/// assert_eq!(derived_level(Some(0), 2), Assessed::Medium);
/// ```
#[must_use]
pub fn derived_level(highest: Option<usize>, bands: usize) -> Assessed {
    match highest {
        None => Assessed::NoEvidence,
        Some(p) if p + 1 >= bands => Assessed::High,
        Some(p) if p + 2 == bands => Assessed::Medium,
        Some(_) => Assessed::Low,
    }
}

/// One row of the derived areas table (SPEC §11): the columns of §7's areas file.
///
/// ```
/// use needmatrix::review::{Assessed, DerivedArea, Provision};
///
/// let row = DerivedArea::new("Wealdshire", "South", "public_order", Assessed::High, Assessed::Medium, Provision::MeetsStandard);
/// assert_eq!(serde_json::to_string(&row)?, r#"{"force":"Wealdshire","region":"South","area":"public_order","threat":"high","need":"medium","provision":"meets_standard"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DerivedArea {
    /// The force.
    pub force: String,
    /// Its region.
    pub region: String,
    /// The area key.
    pub area: String,
    /// Threat derived from the register.
    pub threat: Assessed,
    /// Need derived from the register.
    pub need: Assessed,
    /// The inspectors' grade of the force's plan for the area.
    pub provision: Provision,
}

impl DerivedArea {
    /// A row of the table.
    #[must_use]
    pub fn new(
        force: impl Into<String>,
        region: impl Into<String>,
        area: impl Into<String>,
        threat: Assessed,
        need: Assessed,
        provision: Provision,
    ) -> DerivedArea {
        DerivedArea {
            force: force.into(),
            region: region.into(),
            area: area.into(),
            threat,
            need,
            provision,
        }
    }
}

/// The provision grades read, by (force, area position), with their lines.
type ProvisionGrades = BTreeMap<(String, usize), (u64, Provision)>;

/// Reads `provision.csv` (`force,area,provision`) against the picture's forces and areas.
fn read_provision(picture: &NationalPicture, text: &str, name: &str) -> Result<ProvisionGrades> {
    let matrix = picture.matrix();
    let (headers, records) = rows(text).map_err(|e| e.in_file(name))?;
    let [c_force, c_area, c_provision] =
        columns(&headers, ["force", "area", "provision"]).map_err(|e| e.in_file(name))?;
    let mut faults = FaultList::default();
    let mut out = ProvisionGrades::new();
    for (line, record) in &records {
        let line = *line;
        let row = (|| -> Result<()> {
            let force = cell(record, c_force, "force", line)?;
            let area = cell(record, c_area, "area", line)?;
            let at = |field: &str| {
                Location::new()
                    .with_line(line)
                    .with_record(format!("{force} / {area}"))
                    .with_field_prefix(field)
            };
            let position = matrix.area_position(area).ok_or_else(|| {
                Error::from(crate::error::Fault::UnknownArea {
                    at: at("area"),
                    value: area.to_owned(),
                    known: crate::error::Known::of(
                        area,
                        matrix.areas().iter().map(crate::Area::key),
                    ),
                })
            })?;
            if picture.force_region(force).is_none() {
                return Err(Error::from(crate::error::Fault::IncompleteReview {
                    at: at("force"),
                    message: format!("force `{force}` has a provision grade but no register"),
                }));
            }
            let provision =
                Provision::parse(cell(record, c_provision, "provision", line)?, || {
                    at("provision")
                })?;
            if let Some((first, _)) = out.get(&(force.to_owned(), position)) {
                return Err(Error::from(crate::error::Fault::DuplicateKey {
                    at: at("area"),
                    key: format!("{force} / {area} (first on line {first})"),
                }));
            }
            out.insert((force.to_owned(), position), (line, provision));
            Ok(())
        })();
        if let Err(e) = row {
            faults.push(e.in_file(name));
        }
    }
    faults.into_result()?;
    Ok(out)
}

/// The derived table: every force (byte order) × every area of the matrix (matrix order).
fn derive(
    picture: &NationalPicture,
    provision: &ProvisionGrades,
    provision_name: &str,
) -> Result<Vec<DerivedArea>> {
    let matrix = picture.matrix();
    let (n_threat, n_need) = (matrix.threat_bands().len(), matrix.need_bands().len());
    let mut faults = FaultList::default();
    let mut out = Vec::with_capacity(picture.forces().count() * matrix.areas().len());
    for (force, region, _) in picture.forces() {
        // The highest threat and need band positions per area.
        let mut highest: Vec<Option<(usize, usize)>> = vec![None; matrix.areas().len()];
        for o in picture.force_outcomes(force) {
            if let Some(slot) = highest.get_mut(o.area_position()) {
                let (t, n) = slot.unwrap_or((0, 0));
                *slot = Some((
                    t.max(o.threat_band_position()),
                    n.max(o.need_band_position()),
                ));
            }
        }
        for (position, area) in matrix.areas().iter().enumerate() {
            let band = highest.get(position).copied().flatten();
            let Some((_, grade)) = provision.get(&(force.to_owned(), position)) else {
                faults.push(Error::from(crate::error::Fault::IncompleteReview {
                    at: Location::new()
                        .with_file(provision_name)
                        .with_record(format!("{force} / {}", area.key())),
                    message: format!(
                        "force `{force}` has no provision grade for area `{}`",
                        area.key()
                    ),
                }));
                continue;
            };
            out.push(DerivedArea {
                force: force.to_owned(),
                region: region.to_owned(),
                area: area.key().to_owned(),
                threat: derived_level(band.map(|b| b.0), n_threat),
                need: derived_level(band.map(|b| b.1), n_need),
                provision: *grade,
            });
        }
    }
    faults.into_result()?;
    Ok(out)
}

/// The derived table as the areas CSV of SPEC §7 (`force,region,area,threat,need,provision`),
/// for a file a person opens: forces and regions that a spreadsheet would run as formulas are
/// guarded with `'`.
pub(crate) fn areas_csv(table: &[DerivedArea]) -> String {
    areas_csv_with(table, crate::quote::spreadsheet_safe)
}

/// The same table for the review to read back: every name as it is.
fn areas_csv_exact(table: &[DerivedArea]) -> String {
    areas_csv_with(table, str::to_owned)
}

fn areas_csv_with(table: &[DerivedArea], name: fn(&str) -> String) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = ["force", "region", "area", "threat", "need", "provision"];
    // Writing to memory cannot fail.
    let _ = w.write_record(header);
    for row in table {
        // Forces and regions are free text from file names and regions.csv: guarded as every
        // CSV view guards free text (a region `=1+1` would run as a formula).
        let _ = w.write_record([
            name(&row.force).as_str(),
            name(&row.region).as_str(),
            row.area.as_str(),
            row.threat.as_str(),
            row.need.as_str(),
            row.provision.as_str(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

impl Review {
    /// The review of SPEC §11 from a national picture of force registers (one matrix), the
    /// provision grades (`force,area,provision`: every force × every area of the matrix, once)
    /// and the elements CSV of §7. The derived areas table ([`Review::derived_areas`]) is read
    /// back as §7's areas file, so the tables are those §7 gives for it.
    ///
    /// ```
    /// use needmatrix::{Matrix, Register, RegisterFormat, national::NationalPicture};
    /// use needmatrix::review::{Assessed, Element, Review};
    ///
    /// let m = Matrix::reference();
    /// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "critical", "probability": "likely", "capability": "none", "capacity": "none"}"#;
    /// let mut picture = NationalPicture::new(m);
    /// picture.add_register("Ashdale", "North", &Register::from_text(m, jsonl, RegisterFormat::JsonLines)?)?;
    /// let (mut provision, mut elements) = ("force,area,provision\n".to_owned(), "force,area,element,grade\n".to_owned());
    /// for area in m.areas() {
    ///     provision.push_str(&format!("Ashdale,{},meets_standard\n", area.key()));
    ///     for e in Element::ALL {
    ///         elements.push_str(&format!("Ashdale,{},{e},meets_standard\n", area.key()));
    ///     }
    /// }
    /// let review = Review::from_picture(&picture, &provision, &elements)?;
    /// let g = review.grading("Ashdale", "major_crime").unwrap();
    /// // Threat 20 is in the top band, need 20 too: both high.
    /// assert_eq!((g.threat, g.need), (Assessed::High, Assessed::High));
    /// // No entries in public order: no evidence.
    /// assert_eq!(review.grading("Ashdale", "public_order").unwrap().need, Assessed::NoEvidence);
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    ///
    /// # Errors
    /// For `provision.csv`: `missing_field`, `parse`, `unknown_area`, `duplicate_key` (a
    /// repeated force and area), `incomplete_review` (a missing force and area, or a force with
    /// no register), naming the force, area, file and line; as [`Review::from_csv`] for the
    /// elements file.
    pub fn from_picture(
        picture: &NationalPicture,
        provision_csv: &str,
        elements_csv: &str,
    ) -> Result<Review> {
        Self::from_picture_named(
            picture,
            provision_csv,
            "provision",
            elements_csv,
            "elements",
        )
    }

    fn from_picture_named(
        picture: &NationalPicture,
        provision_csv: &str,
        provision_name: &str,
        elements_csv: &str,
        elements_name: &str,
    ) -> Result<Review> {
        let provision = read_provision(picture, provision_csv, provision_name)?;
        let table = derive(picture, &provision, provision_name)?;
        let mut review = Self::read(
            &areas_csv_exact(&table),
            elements_csv,
            "derived areas",
            elements_name,
        )?;
        review.derived = Some(table);
        Ok(review)
    }

    /// The review of SPEC §11 from files: a folder of force registers with its `regions.csv`
    /// (as [`NationalPicture::from_dir`] reads it), `provision.csv` and the elements CSV of §7.
    /// Every force of `regions.csv` must have a register.
    ///
    /// # Errors
    /// As [`NationalPicture::from_dir`] (`matrix_mismatch` for a register of another matrix);
    /// `incomplete_review` naming `regions.csv`, its line and the force, for a force without a
    /// register; as [`Review::from_picture`], naming the files.
    pub fn from_registers(
        matrix: &Matrix,
        dir: &Path,
        provision: &Path,
        elements: &Path,
    ) -> Result<Review> {
        let picture = NationalPicture::from_dir(matrix, dir)?;
        let regions_path = dir.join("regions.csv");
        let regions_name = regions_path.display().to_string();
        let regions =
            crate::national::read_regions_with_lines(&crate::text::read_text(&regions_path)?)
                .map_err(|e| e.in_file(&regions_name))?;
        let mut faults = FaultList::default();
        for (force, (_, line)) in &regions {
            if picture.force_region(force).is_none() {
                faults.push(Error::from(crate::error::Fault::IncompleteReview {
                    at: Location::new()
                        .with_file(&regions_name)
                        .with_line(*line)
                        .with_record(force.as_str())
                        .with_field_prefix("force"),
                    message: format!("force `{force}` has no register in the folder"),
                }));
            }
        }
        faults.into_result()?;
        let provision_text = crate::text::read_text(provision)?;
        let elements_text = crate::text::read_text(elements)?;
        Self::from_picture_named(
            &picture,
            &provision_text,
            &provision.display().to_string(),
            &elements_text,
            &elements.display().to_string(),
        )
    }

    /// The derived areas table of SPEC §11 (forces in byte order, areas in matrix order), for a
    /// review made from registers; `None` for one read from an areas file.
    #[must_use]
    pub fn derived_areas(&self) -> Option<&[DerivedArea]> {
        self.derived.as_deref()
    }

    /// The areas table as §7's areas CSV: the derived table for a review made from registers,
    /// which [`Review::from_csv`] reads back to the same tables; otherwise the gradings as read
    /// (forces in byte order, areas in the review's order).
    ///
    /// ```
    /// use needmatrix::review::{Element, Review};
    ///
    /// let areas = "force,region,area,threat,need,provision\nA,North,major_crime,high,high,insufficient\n";
    /// let elements: String = std::iter::once("force,area,element,grade".to_owned())
    ///     .chain(Element::ALL.iter().map(|e| format!("A,major_crime,{e},meets_standard")))
    ///     .collect::<Vec<_>>()
    ///     .join("\n");
    /// let review = Review::from_csv(areas, &elements)?;
    /// assert_eq!(review.areas_csv(), areas);
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    #[must_use]
    pub fn areas_csv(&self) -> String {
        match &self.derived {
            Some(table) => areas_csv(table),
            None => {
                let table: Vec<DerivedArea> = self
                    .forces
                    .iter()
                    .flat_map(|(force, region)| {
                        self.areas.iter().filter_map(move |area| {
                            self.grading(force, area).map(|g| {
                                DerivedArea::new(
                                    force.as_str(),
                                    region.as_str(),
                                    area.as_str(),
                                    g.threat,
                                    g.need,
                                    g.provision,
                                )
                            })
                        })
                    })
                    .collect();
                areas_csv(&table)
            }
        }
    }
}
