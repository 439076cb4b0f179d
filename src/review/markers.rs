//! What the review could not see (SPEC §11): partners chosen by shared need (collaboration
//! candidates), and self-assessed need tested against the force's own proxy indicators
//! (objective markers).

use std::collections::{BTreeMap, HashSet};

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Assessed, Review};
use crate::error::{Error, FaultList, Location, Result};
use crate::text::csv::{cell, columns, rows};

/// Forces of one region that share a high need in one area: partners chosen by identified need
/// (chapter 8 of the report).
///
/// ```
/// use needmatrix::review::{Element, Review};
///
/// let areas = "force,region,area,threat,need,provision\n\
///              A,North,major_crime,high,high,insufficient\n\
///              B,North,major_crime,high,high,meets_standard\n\
///              C,South,major_crime,high,high,meets_standard\n";
/// let elements: String = std::iter::once("force,area,element,grade".to_owned())
///     .chain(["A", "B", "C"].iter().flat_map(|f| Element::ALL.iter().map(move |e| format!("{f},major_crime,{e},meets_standard"))))
///     .collect::<Vec<_>>()
///     .join("\n");
/// let together = Review::from_csv(areas, &elements)?.collaboration();
/// assert_eq!(together.len(), 1);
/// assert_eq!((together[0].region.as_str(), together[0].forces.as_slice()), ("North", &["A".to_owned(), "B".to_owned()][..]));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Collaboration {
    /// The region.
    pub region: String,
    /// The area.
    pub area: String,
    /// The forces of the region whose need there is high, in byte order (two or more).
    pub forces: Vec<String>,
}

crate::closed::closed_set! {
    /// What a force's own indicator says of its self-assessed need (SPEC §11).
    ///
    /// ```
    /// use needmatrix::review::MarkerFlag;
    ///
    /// assert_eq!("under_assessed".parse::<MarkerFlag>()?, MarkerFlag::UnderAssessed);
    /// # Ok::<(), needmatrix::UnknownName>(())
    /// ```
    #[derive(PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum MarkerFlag ("a marker flag") {
        /// Need no evidence or low, yet the indicator is among the highest quarter of forces.
        UnderAssessed => "under_assessed",
        /// Need high, yet the indicator is among the lowest quarter of forces.
        OverAssessed => "over_assessed",
    }
}

/// A force whose self-assessed need its own proxy indicator contradicts (SPEC §11): what HMIC
/// could not see without objective markers (§4.19 of the report).
///
/// ```
/// use needmatrix::review::{Element, MarkerFlag, Review};
///
/// let areas = "force,region,area,threat,need,provision\n\
///              A,North,child_abuse,low,low,meets_standard\n\
///              B,North,child_abuse,high,high,meets_standard\n";
/// let elements: String = std::iter::once("force,area,element,grade".to_owned())
///     .chain(["A", "B"].iter().flat_map(|f| Element::ALL.iter().map(move |e| format!("{f},child_abuse,{e},meets_standard"))))
///     .collect::<Vec<_>>()
///     .join("\n");
/// // A's referrals are the highest of the two, yet its need is low; B's the lowest, yet high.
/// let indicators = "force,area,indicator,value\nA,child_abuse,referrals,412\nB,child_abuse,referrals,35\n";
/// let review = Review::from_csv(areas, &elements)?.with_indicators(indicators)?;
/// let markers = review.markers().unwrap();
/// assert_eq!((markers[0].force.as_str(), markers[0].flag), ("A", MarkerFlag::UnderAssessed));
/// assert_eq!((markers[1].force.as_str(), markers[1].flag), ("B", MarkerFlag::OverAssessed));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Marker {
    /// The force.
    pub force: String,
    /// The area.
    pub area: String,
    /// The indicator.
    pub indicator: String,
    /// The force's value of it, exact (a canonical string in JSON).
    #[serde(serialize_with = "canonical")]
    pub value: Decimal,
    /// The force's need in the area.
    pub need: Assessed,
    /// What the indicator says of it.
    pub flag: MarkerFlag,
}

fn canonical<S: serde::Serializer>(value: &Decimal, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(&value.normalize())
}

/// One indicator value as read: (area, indicator) → force → value.
type IndicatorValues = BTreeMap<(String, String), BTreeMap<String, Decimal>>;

impl Review {
    /// For each region (byte order) and area (the review's order) where two or more of the
    /// region's forces have need `high`, those forces (SPEC §11). In a review made from
    /// registers, need is the derived need.
    #[must_use]
    pub fn collaboration(&self) -> Vec<Collaboration> {
        let mut by_region: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (force, region) in &self.forces {
            by_region.entry(region).or_default().push(force);
        }
        let mut out = Vec::new();
        for (region, forces) in by_region {
            for area in self.listing_areas() {
                let high: Vec<String> = forces
                    .iter()
                    .filter(|f| {
                        self.grading(f, area)
                            .is_some_and(|g| g.need == Assessed::High)
                    })
                    .map(|f| (*f).to_owned())
                    .collect();
                if high.len() >= 2 {
                    out.push(Collaboration {
                        region: region.to_owned(),
                        area: area.to_owned(),
                        forces: high,
                    });
                }
            }
        }
        out
    }

    /// The areas in the order §11's lists use: the matrix's for a review made from registers,
    /// the review's otherwise.
    pub(super) fn listing_areas(&self) -> Vec<&str> {
        match &self.derived {
            Some(table) => {
                let mut seen = HashSet::new();
                table
                    .iter()
                    .map(|row| row.area.as_str())
                    .filter(|a| seen.insert(*a))
                    .collect()
            }
            None => self.areas.iter().map(String::as_str).collect(),
        }
    }

    /// Adds proxy indicators (`force,area,indicator,value`: value a §1 number without the upper
    /// bound; one row per force, area and indicator at most) and computes the objective markers
    /// of SPEC §11 ([`Review::markers`]).
    ///
    /// # Errors
    /// `missing_field` for a missing column or an empty cell; `parse`, `precision` or
    /// `out_of_range` (below 0) for a value; `unknown_area` for an area the review does not
    /// have; `incomplete_review` for a force it does not have; `duplicate_key` for a repeated
    /// force, area and indicator: each naming the line and field (the file is named by
    /// [`Review::with_indicators_path`]).
    pub fn with_indicators(self, csv: &str) -> Result<Review> {
        self.indicators_named(csv, "indicators")
    }

    /// [`Review::with_indicators`] from a file, errors naming it.
    ///
    /// # Errors
    /// `io` when unreadable; as [`Review::with_indicators`].
    pub fn with_indicators_path(self, path: &std::path::Path) -> Result<Review> {
        let text = crate::text::read_text(path)?;
        self.indicators_named(&text, &path.display().to_string())
    }

    fn indicators_named(mut self, csv: &str, name: &str) -> Result<Review> {
        let (headers, records) = rows(csv).map_err(|e| e.in_file(name))?;
        let [c_force, c_area, c_indicator, c_value] =
            columns(&headers, ["force", "area", "indicator", "value"])
                .map_err(|e| e.in_file(name))?;
        let mut faults = FaultList::default();
        let mut values = IndicatorValues::new();
        let mut lines: BTreeMap<(String, String, String), u64> = BTreeMap::new();
        for (line, record) in &records {
            let line = *line;
            let row = (|| -> Result<()> {
                let force = cell(record, c_force, "force", line)?;
                let area = cell(record, c_area, "area", line)?;
                let indicator = cell(record, c_indicator, "indicator", line)?;
                let at = |field: &str| {
                    Location::new()
                        .with_line(line)
                        .with_record(format!("{force} / {area} / {indicator}"))
                        .with_field_prefix(field)
                };
                if !self.areas.iter().any(|a| a == area) {
                    return Err(Error::from(crate::error::Fault::UnknownArea {
                        at: at("area"),
                        value: area.to_owned(),
                        known: crate::error::Known::of(area, self.areas.iter().map(String::as_str)),
                    }));
                }
                if !self.forces.contains_key(force) {
                    return Err(Error::from(crate::error::Fault::IncompleteReview {
                        at: at("force"),
                        message: format!(
                            "force `{force}` has an indicator but is not in the review"
                        ),
                    }));
                }
                let value = crate::points::unbounded_input(cell(record, c_value, "value", line)?)
                    .map_err(|e| e.map_location(|_| at("value")))?;
                let key = (force.to_owned(), area.to_owned(), indicator.to_owned());
                if let Some(first) = lines.get(&key) {
                    return Err(Error::from(crate::error::Fault::DuplicateKey {
                        at: at("indicator"),
                        key: format!("{force} / {area} / {indicator} (first on line {first})"),
                    }));
                }
                lines.insert(key, line);
                values
                    .entry((area.to_owned(), indicator.to_owned()))
                    .or_default()
                    .insert(force.to_owned(), value);
                Ok(())
            })();
            if let Err(e) = row {
                faults.push(e.in_file(name));
            }
        }
        faults.into_result()?;
        self.markers = Some(self.markers_of(&values));
        Ok(self)
    }

    /// The quartile rule of SPEC §11 over every area and indicator.
    fn markers_of(&self, values: &IndicatorValues) -> Vec<Marker> {
        let mut out = Vec::new();
        for area in self.listing_areas() {
            let indicators = values.range((area.to_owned(), String::new())..);
            for ((a, indicator), by_force) in indicators {
                if a != area {
                    break;
                }
                let mut sorted: Vec<Decimal> = by_force.values().copied().collect();
                sorted.sort();
                let n = sorted.len();
                let q = n.div_ceil(4);
                let (Some(lo), Some(hi)) = (
                    q.checked_sub(1).and_then(|i| sorted.get(i)),
                    n.checked_sub(q).and_then(|i| sorted.get(i)),
                ) else {
                    continue;
                };
                for (force, value) in by_force {
                    let Some(need) = self.grading(force, area).map(|g| g.need) else {
                        continue;
                    };
                    let flag = if need <= Assessed::Low && value >= hi {
                        MarkerFlag::UnderAssessed
                    } else if need == Assessed::High && value <= lo {
                        MarkerFlag::OverAssessed
                    } else {
                        continue;
                    };
                    out.push(Marker {
                        force: force.clone(),
                        area: area.to_owned(),
                        indicator: indicator.clone(),
                        value: *value,
                        need,
                        flag,
                    });
                }
            }
        }
        out
    }

    /// The objective markers, when indicators were given ([`Review::with_indicators`]): sorted
    /// by area (the matrix's order for a review made from registers), indicator and force (byte
    /// order).
    #[must_use]
    pub fn markers(&self) -> Option<&[Marker]> {
        self.markers.as_deref()
    }
}
