//! The national picture (the "micro" approach): many forces' registers rolled up, risk by risk,
//! into summaries per force, region and nation, with the forces ranked by need in each area.
//!
//! Every part must have been scored with one matrix: raw registers are scored here with the
//! picture's matrix, and a scored register (SPEC §6 JSON) is taken only when it names the same
//! fingerprint. Mixing dialects is refused with `matrix_mismatch`, naming both forces and both
//! fingerprints.
//!
//! ```
//! use needmatrix::{Matrix, Register, RegisterFormat, national::NationalPicture};
//!
//! let m = Matrix::reference();
//! let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none"}"#;
//! let register = Register::from_text(m, jsonl, RegisterFormat::JsonLines)?;
//! let mut picture = NationalPicture::new(m);
//! picture.add_register("Wealdshire", "South", &register)?;
//! picture.add_register("Fenmarsh", "East", &register)?;
//! assert_eq!(picture.national().overall().count(), 2);
//! assert_eq!(picture.region("East").unwrap().overall().need_sum().to_string(), "16");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
#[cfg(feature = "csv")]
use std::path::Path;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::error::{Error, Location, Result};
#[cfg(feature = "heatmap")]
use crate::heatmap::HeatMap;
use crate::matrix::Matrix;
use crate::points::Points;
use crate::register::{Register, RegisterSummary};
use crate::score::Outcome;
use crate::score::record::OutcomeRecord;

/// One force's part of the picture.
#[derive(Clone, Debug)]
struct Force {
    region: String,
    outcomes: Vec<Outcome>,
    summary: RegisterSummary,
    /// Where its fingerprint came from: `None` when scored here with the picture's matrix.
    declared: Option<String>,
}

/// Summaries at every level of the roll-up, for one matrix.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, national::NationalPicture};
///
/// let m = Matrix::reference();
/// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none"}"#;
/// let mut picture = NationalPicture::new(m);
/// picture.add_register("Wealdshire", "South", &Register::from_text(m, jsonl, RegisterFormat::JsonLines)?)?;
/// assert_eq!(picture.forces().count(), 1);
/// assert_eq!(picture.area_ranking("major_crime")[0].force, "Wealdshire");
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct NationalPicture {
    matrix: Matrix,
    forces: BTreeMap<String, Force>,
    /// The roll-ups, kept current as forces are added (so reading them cannot fail).
    national: RegisterSummary,
    regions: BTreeMap<String, RegisterSummary>,
    #[cfg(feature = "heatmap")]
    heatmap: HeatMap,
    /// Forces given as scored registers, which carry no impact and probability to map.
    unmapped: Vec<String>,
    /// Forces whose registers were written under an earlier matrix and translated through a
    /// crosswalk (SPEC §14), with that matrix's label and fingerprint.
    translated: Option<Translated>,
}

/// The forces of a picture translated through a crosswalk, and the matrix they were on.
#[derive(Clone, Debug, Serialize)]
struct Translated {
    from: String,
    fingerprint: String,
    forces: Vec<String>,
}

/// A scored register file (SPEC §6) as read, before its outcomes are checked.
#[derive(Debug, serde::Deserialize)]
struct ScoredFile {
    matrix: String,
    fingerprint: String,
    outcomes: Vec<OutcomeRecord>,
    #[serde(default, rename = "summary")]
    _summary: Option<serde::de::IgnoredAny>,
}

/// A force's share of national need in one area.
///
/// ```
/// use needmatrix::{Matrix, Register, RegisterFormat, national::NationalPicture};
///
/// let m = Matrix::reference();
/// let row = |id: &str, impact: &str| format!(r#"{{"id": "{id}", "area": "major_crime", "impact": "{impact}", "probability": "likely", "capability": "none", "capacity": "none"}}"#);
/// let mut picture = NationalPicture::new(m);
/// picture.add_register("A", "North", &Register::from_text(m, &row("a", "critical"), RegisterFormat::JsonLines)?)?;
/// picture.add_register("B", "North", &Register::from_text(m, &row("b", "minor"), RegisterFormat::JsonLines)?)?;
/// let ranking = picture.area_ranking("major_crime");
/// assert_eq!((ranking[0].force.as_str(), ranking[0].need.to_string()), ("A", "20".to_owned()));
/// assert_eq!(ranking[1].share_percent.to_string(), "28.57");
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AreaShare {
    /// The force.
    pub force: String,
    /// Its need in the area.
    pub need: Points,
    /// Its share of the nation's need in the area, in per cent, rounded half away from zero to
    /// 2 places (0 when the nation has no need there).
    pub share_percent: Points,
}

impl NationalPicture {
    /// An empty picture for `matrix`.
    #[must_use]
    pub fn new(matrix: &Matrix) -> Self {
        NationalPicture {
            matrix: matrix.clone(),
            forces: BTreeMap::new(),
            national: RegisterSummary::new(matrix),
            regions: BTreeMap::new(),
            #[cfg(feature = "heatmap")]
            heatmap: HeatMap::new(matrix),
            unmapped: Vec::new(),
            translated: None,
        }
    }

    /// The matrix every part was scored with.
    #[must_use]
    pub fn matrix(&self) -> &Matrix {
        &self.matrix
    }

    /// Refuses a force already in the picture.
    fn check_new(&self, name: &str) -> Result<()> {
        if self.forces.contains_key(name) {
            return Err(Error::from(crate::error::Fault::DuplicateKey {
                at: Location::new().with_record(name).with_field_prefix("force"),
                key: name.to_owned(),
            }));
        }
        Ok(())
    }

    /// Scores a force's raw register with the picture's matrix and adds it.
    ///
    /// # Errors
    /// `duplicate_key` for a force added twice; the register's scoring faults.
    pub fn add_register(&mut self, force: &str, region: &str, register: &Register) -> Result<()> {
        self.check_new(force)?;
        let scored = register.score(&self.matrix)?;
        #[cfg(feature = "heatmap")]
        let heatmap = {
            let mut map = self.heatmap.clone();
            map.merge(&HeatMap::of_register(register, &self.matrix)?)?;
            map
        };
        let outcomes: Vec<Outcome> = scored.outcomes().cloned().collect();
        self.insert(force, region, outcomes, None)?;
        #[cfg(feature = "heatmap")]
        {
            self.heatmap = heatmap;
        }
        Ok(())
    }

    /// Adds a force whose outcomes are known good, and rolls it up; nothing changes on error.
    fn insert(
        &mut self,
        force: &str,
        region: &str,
        outcomes: Vec<Outcome>,
        declared: Option<String>,
    ) -> Result<()> {
        let located = |e: crate::Error| e.map_location(|at| at.with_record(force));
        let summary = RegisterSummary::of(&self.matrix, &outcomes).map_err(located)?;
        let mut national = self.national.clone();
        national.merge(&summary).map_err(located)?;
        let mut regional = self
            .regions
            .get(region)
            .cloned()
            .unwrap_or_else(|| RegisterSummary::new(&self.matrix));
        regional.merge(&summary).map_err(located)?;
        self.national = national;
        self.regions.insert(region.to_owned(), regional);
        let force_data = Force {
            region: region.to_owned(),
            outcomes,
            summary,
            declared,
        };
        self.forces.insert(force.to_owned(), force_data);
        Ok(())
    }

    /// Adds a force's scored register (the JSON of SPEC §6). Its fingerprint must be the
    /// picture's matrix's, and that of every scored register added before it.
    ///
    /// # Errors
    /// `matrix_mismatch` naming both forces (or the force and the matrix) and both fingerprints;
    /// `parse`, `unknown_area`, `unknown_band`, `duplicate_id` for a malformed file.
    pub fn add_scored_json(&mut self, force: &str, region: &str, text: &str) -> Result<()> {
        self.check_new(force)?;
        let file: ScoredFile = crate::text::json::from_json(text)?;
        let mismatch = |expected: String, found: String| {
            Error::from(crate::error::Fault::MatrixMismatch {
                at: Location::new()
                    .with_record(force)
                    .with_field_prefix("fingerprint"),
                expected,
                found,
            })
        };
        if let Some((other, theirs)) = self
            .forces
            .iter()
            .find_map(|(name, f)| f.declared.as_ref().map(|d| (name, d)))
            && *theirs != file.fingerprint
        {
            return Err(mismatch(
                format!("force `{other}` scored with fingerprint {theirs}"),
                format!(
                    "force `{force}` scored with fingerprint {}",
                    file.fingerprint
                ),
            ));
        }
        if file.fingerprint != self.matrix.fingerprint() || file.matrix != self.matrix.label() {
            return Err(mismatch(
                format!(
                    "matrix {} with fingerprint {}",
                    self.matrix.label(),
                    self.matrix.fingerprint()
                ),
                format!(
                    "force `{force}` scored with {} fingerprint {}",
                    file.matrix, file.fingerprint
                ),
            ));
        }
        let mut seen = crate::assessment::ids::UniqueIds::with_capacity(file.outcomes.len());
        let mut outcomes = Vec::with_capacity(file.outcomes.len());
        for (n, record) in file.outcomes.into_iter().enumerate() {
            let o = record
                .into_outcome(&self.matrix)
                .map_err(|e| e.under_field(&format!("outcomes[{n}]")))?;
            seen.insert(o.id(), || {
                Location::field(format!("outcomes[{n}]")).with_record(o.id())
            })?;
            outcomes.push(o);
        }
        outcomes.sort_by(Outcome::priority_cmp);
        self.insert(force, region, outcomes, Some(file.fingerprint))?;
        self.unmapped.push(force.to_owned());
        Ok(())
    }

    #[cfg(feature = "csv")]
    #[cfg_attr(docsrs, doc(cfg(feature = "csv")))]
    /// Reads a directory: one register file per force (`.json`, `.jsonl`, `.csv`, `.xlsx`; a
    /// `.json` object is a scored register), the file stem naming the force, and `regions.csv`
    /// (`force,region`).
    ///
    /// # Errors
    /// `io` for an unreadable directory or file; `parse` naming `regions.csv` and its line for a
    /// malformed row or a force missing from it; `duplicate_key` for a force given twice; the
    /// faults of each register, naming its file.
    pub fn from_dir(matrix: &Matrix, dir: &Path) -> Result<Self> {
        Self::read_dir(matrix, dir, None)
    }

    /// Reads a folder as [`NationalPicture::from_dir`] does, for the crosswalk's second matrix
    /// B, translating the forces still on its first matrix A (SPEC §14), so that the roll-up is
    /// one matrix again ([`NationalPicture::translated`] names them). Which matrix a force's
    /// register is written in is read from an optional `matrix` column of `regions.csv`
    /// (`id@version` or the fingerprint of A or B); a force without one is read under B and,
    /// if B refuses it, under A (B's refusal is reported when both refuse). Declare the matrix
    /// when a revision keeps a key with a new meaning: a register of A whose keys all exist in
    /// B would otherwise be read as B's.
    ///
    /// # Errors
    /// As [`NationalPicture::from_dir`]; `matrix_mismatch` for a force declaring a matrix that
    /// is neither A nor B, or a scored register of A (it has no inputs to translate); the
    /// refusals of [`Register::translate`](crate::Register::translate).
    #[cfg(feature = "csv")]
    #[cfg_attr(docsrs, doc(cfg(feature = "csv")))]
    pub fn from_dir_with_crosswalk(
        dir: &Path,
        crosswalk: &crate::crosswalk::Crosswalk,
    ) -> Result<Self> {
        Self::read_dir(crosswalk.to_matrix(), dir, Some(crosswalk))
    }

    #[cfg(feature = "csv")]
    fn read_dir(
        matrix: &Matrix,
        dir: &Path,
        crosswalk: Option<&crate::crosswalk::Crosswalk>,
    ) -> Result<Self> {
        let regions_path = dir.join("regions.csv");
        let regions_name = regions_path.display().to_string();
        let regions_text = crate::text::read_text(&regions_path)?;
        let regions = read_regions(&regions_text).map_err(|e| e.in_file(&regions_name))?;
        let declared =
            read_declared_matrices(&regions_text).map_err(|e| e.in_file(&regions_name))?;
        let io = |e: std::io::Error| Error::io(dir.display().to_string(), e);
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<_>>()
            .map_err(io)?;
        files.sort();
        let mut picture = Self::new(matrix);
        if let Some(c) = crosswalk {
            picture.translated = Some(Translated {
                from: c.from_matrix().label().to_owned(),
                fingerprint: c.from_matrix().fingerprint().to_owned(),
                forces: Vec::new(),
            });
        }
        for path in files {
            if path == regions_path {
                continue;
            }
            let Some(format) = crate::assessment::RegisterFormat::of_path(&path) else {
                continue;
            };
            // A register file that is a folder, a FIFO or a dangling link is refused by
            // `read_text` below rather than skipped: a force would silently go missing.
            let name = path.display().to_string();
            let force = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            let region = regions.get(&force).ok_or_else(|| {
                Error::parse(
                    Location::new()
                        .with_file(regions_path.display().to_string())
                        .with_record(&force),
                    format!("force `{force}` (from `{name}`) has no row in regions.csv"),
                )
            })?;
            let on = ForceMatrix::of(&force, declared.get(&force), matrix, crosswalk)
                .map_err(|e| e.in_file(&regions_name))?;
            // A workbook is read from its bytes, as `Register::from_path` reads it.
            let text = match format {
                crate::assessment::RegisterFormat::Xlsx => None,
                _ => Some(crate::text::read_text(&path)?),
            };
            let read = |m: &Matrix| match &text {
                None => Register::from_path(m, &path),
                Some(text) => Register::from_text(m, text, format),
            };
            let scored = format == crate::assessment::RegisterFormat::Json
                && text
                    .as_deref()
                    .is_some_and(|t| t.trim_start().starts_with('{'));
            let added = match (scored, on, crosswalk) {
                (true, _, _) => {
                    picture.add_scored_json(&force, region, text.as_deref().unwrap_or_default())
                }
                (false, ForceMatrix::From, Some(c)) => {
                    picture.add_translated(&force, region, read(c.from_matrix()), c)
                }
                (false, ForceMatrix::Unknown, Some(c)) => match read(matrix) {
                    Ok(r) => picture.add_register(&force, region, &r),
                    Err(refused) => match read(c.from_matrix()) {
                        Ok(r) => picture.add_translated(&force, region, Ok(r), c),
                        Err(_) => Err(refused),
                    },
                },
                (false, _, _) => {
                    read(matrix).and_then(|r| picture.add_register(&force, region, &r))
                }
            };
            added.map_err(|e| e.in_file(&name))?;
        }
        Ok(picture)
    }

    /// Adds a register of the crosswalk's first matrix, translated to the picture's.
    #[cfg(feature = "csv")]
    fn add_translated(
        &mut self,
        force: &str,
        region: &str,
        read: Result<Register>,
        crosswalk: &crate::crosswalk::Crosswalk,
    ) -> Result<()> {
        let register = read?.translate(crosswalk)?;
        self.add_register(force, region, &register)?;
        if let Some(t) = &mut self.translated {
            t.forces.push(force.to_owned());
        }
        Ok(())
    }

    /// The forces whose registers were translated through a crosswalk
    /// ([`NationalPicture::from_dir_with_crosswalk`]), in name order, and the matrix they were
    /// written in (`id@version`); `None` for a picture read without one.
    #[must_use]
    pub fn translated(&self) -> Option<(&str, &[String])> {
        self.translated
            .as_ref()
            .map(|t| (t.from.as_str(), t.forces.as_slice()))
    }

    /// A force's region, when the force is in the picture.
    #[must_use]
    pub fn force_region(&self, force: &str) -> Option<&str> {
        self.forces.get(force).map(|f| f.region.as_str())
    }

    /// A force's outcomes, in priority order (none for a force not in the picture).
    ///
    /// ```
    /// use needmatrix::{Matrix, Register, RegisterFormat, national::NationalPicture};
    ///
    /// let m = Matrix::reference();
    /// let jsonl = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none"}"#;
    /// let mut picture = NationalPicture::new(m);
    /// picture.add_register("Wealdshire", "South", &Register::from_text(m, jsonl, RegisterFormat::JsonLines)?)?;
    /// assert_eq!(picture.force_outcomes("Wealdshire")[0].id(), "a");
    /// assert!(picture.force_outcomes("Nowhere").is_empty());
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    #[must_use]
    pub fn force_outcomes(&self, force: &str) -> &[Outcome] {
        self.forces
            .get(force)
            .map_or(&[], |f| f.outcomes.as_slice())
    }

    /// The nation's summary.
    #[must_use]
    pub fn national(&self) -> &RegisterSummary {
        &self.national
    }

    /// Each region's summary, by name.
    #[must_use]
    pub fn regions(&self) -> &BTreeMap<String, RegisterSummary> {
        &self.regions
    }

    /// One region's summary.
    #[must_use]
    pub fn region(&self, name: &str) -> Option<&RegisterSummary> {
        self.regions.get(name)
    }

    /// Each force's summary, by name.
    pub fn forces(&self) -> impl Iterator<Item = (&str, &str, &RegisterSummary)> + '_ {
        self.forces
            .iter()
            .map(|(name, f)| (name.as_str(), f.region.as_str(), &f.summary))
    }

    /// In one area, the forces ranked by total need (highest first, then by name), with each
    /// force's share of the nation's need there.
    #[must_use]
    pub fn area_ranking(&self, area: &str) -> Vec<AreaShare> {
        let needs: Vec<(String, Decimal)> = self
            .forces
            .iter()
            .map(|(name, f)| {
                let need = f
                    .summary
                    .area(area)
                    .map_or(Decimal::ZERO, |s| s.need_sum().value());
                (name.clone(), need)
            })
            .collect();
        let total: Decimal = needs.iter().map(|(_, n)| *n).sum();
        let mut out: Vec<AreaShare> = needs
            .into_iter()
            .map(|(force, need)| {
                let share = if total.is_zero() {
                    Decimal::ZERO
                } else {
                    (need * Decimal::ONE_HUNDRED)
                        .checked_div(total)
                        .unwrap_or_default()
                        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
                };
                AreaShare {
                    force,
                    need: Points::new(need),
                    share_percent: Points::new(share),
                }
            })
            .collect();
        out.sort_by(|a, b| b.need.cmp(&a.need).then_with(|| a.force.cmp(&b.force)));
        out
    }

    /// The nation's entries in priority order, each with its force.
    #[must_use]
    pub fn prioritised(&self) -> Vec<(&str, &Outcome)> {
        let mut all: Vec<(&str, &Outcome)> = self
            .forces
            .iter()
            .flat_map(|(name, f)| f.outcomes.iter().map(move |o| (name.as_str(), o)))
            .collect();
        all.sort_by(|a, b| a.1.priority_cmp(b.1).then_with(|| a.0.cmp(b.0)));
        all
    }

    /// The heat map of every raw register added (scored registers carry no impact and
    /// probability; [`NationalPicture::unmapped`] names them).
    #[must_use]
    #[cfg(feature = "heatmap")]
    #[cfg_attr(docsrs, doc(cfg(feature = "heatmap")))]
    pub fn heatmap(&self) -> &HeatMap {
        &self.heatmap
    }

    /// Forces whose registers were given scored, and so are not on the heat map.
    #[must_use]
    pub fn unmapped(&self) -> &[String] {
        &self.unmapped
    }

    /// The roll-up as JSON: `{"matrix", "fingerprint", "national": S, "regions": {name: S},
    /// "forces": {name: S}}`, S being `{"overall", "areas"}`.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Writes the roll-up's JSON ([`NationalPicture::to_json`]) to `writer`.
    ///
    /// # Errors
    /// The writer's I/O error.
    pub fn write_json<W: std::io::Write>(&self, writer: W) -> std::io::Result<()> {
        serde_json::to_writer_pretty(writer, self).map_err(std::io::Error::from)
    }
}

impl Serialize for NationalPicture {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let forces: BTreeMap<&str, &RegisterSummary> = self
            .forces
            .iter()
            .map(|(name, f)| (name.as_str(), &f.summary))
            .collect();
        let mut s = serializer.serialize_struct("NationalPicture", 5)?;
        s.serialize_field("matrix", self.matrix.label())?;
        s.serialize_field("fingerprint", self.matrix.fingerprint())?;
        s.serialize_field("national", &self.national())?;
        s.serialize_field("regions", &self.regions())?;
        s.serialize_field("forces", &forces)?;
        if let Some(t) = &self.translated {
            s.serialize_field("translated", t)?;
        }
        s.end()
    }
}

#[cfg(feature = "csv")]
#[cfg_attr(docsrs, doc(cfg(feature = "csv")))]
/// Reads `regions.csv` (`force,region`, columns by name): force → region.
///
/// # Errors
/// `missing_field` for a missing column or an empty cell; `parse` for a malformed row;
/// `duplicate_key` for a force listed twice; each with its line.
pub fn read_regions(text: &str) -> Result<BTreeMap<String, String>> {
    Ok(read_regions_with_lines(text)?
        .into_iter()
        .map(|(force, (region, _))| (force, region))
        .collect())
}

/// Which matrix a force's register is written in, for a picture read with a crosswalk.
#[cfg(feature = "csv")]
#[derive(Clone, Copy, PartialEq, Eq)]
enum ForceMatrix {
    /// The picture's matrix (B), declared or without a crosswalk.
    Picture,
    /// The crosswalk's first matrix (A), declared.
    From,
    /// Not declared, with a crosswalk: B if it reads, else A.
    Unknown,
}

#[cfg(feature = "csv")]
impl ForceMatrix {
    /// The matrix `declared` names (`id@version` or a fingerprint) for `force`, which must be
    /// the picture's or, with a crosswalk, its first.
    fn of(
        force: &str,
        declared: Option<&(String, u64)>,
        matrix: &Matrix,
        crosswalk: Option<&crate::crosswalk::Crosswalk>,
    ) -> Result<ForceMatrix> {
        let names = |m: &Matrix, d: &str| d == m.label() || d == m.fingerprint();
        let Some((declared, line)) = declared else {
            return Ok(if crosswalk.is_some() {
                ForceMatrix::Unknown
            } else {
                ForceMatrix::Picture
            });
        };
        if names(matrix, declared) {
            return Ok(ForceMatrix::Picture);
        }
        if let Some(c) = crosswalk
            && names(c.from_matrix(), declared)
        {
            return Ok(ForceMatrix::From);
        }
        let expected = match crosswalk {
            Some(c) => format!("{} or {}", matrix.label(), c.from_matrix().label()),
            None => format!("{} fingerprint {}", matrix.label(), matrix.fingerprint()),
        };
        Err(Error::from(crate::error::Fault::MatrixMismatch {
            at: Location::new()
                .with_line(*line)
                .with_record(force)
                .with_field_prefix("matrix"),
            expected,
            found: format!("`{}`", crate::quote::Quoted(declared)),
        }))
    }
}

/// The optional `matrix` column of `regions.csv`: force → the matrix its register is written
/// in, and the line (forces with an empty cell, or all when there is no column, are left out).
#[cfg(feature = "csv")]
fn read_declared_matrices(text: &str) -> Result<BTreeMap<String, (String, u64)>> {
    let (headers, records) = crate::text::csv::rows(text)?;
    let [force_col] = crate::text::csv::columns(&headers, ["force"])?;
    let Some(matrix_col) = headers.iter().position(|h| h.trim() == "matrix") else {
        return Ok(BTreeMap::new());
    };
    let mut out = BTreeMap::new();
    for (line, record) in &records {
        let force = crate::text::csv::cell(record, force_col, "force", *line)?;
        match record.get(matrix_col).map(str::trim) {
            Some(declared) if !declared.is_empty() => {
                out.insert(force.to_owned(), (declared.to_owned(), *line));
            }
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(feature = "csv")]
/// [`read_regions`], keeping the line of each force's row.
pub(crate) fn read_regions_with_lines(text: &str) -> Result<BTreeMap<String, (String, u64)>> {
    let (headers, records) = crate::text::csv::rows(text)?;
    let [force_col, region_col] = crate::text::csv::columns(&headers, ["force", "region"])?;
    let mut out = BTreeMap::new();
    for (line, record) in &records {
        let force = crate::text::csv::cell(record, force_col, "force", *line)?;
        let region = crate::text::csv::cell(record, region_col, "region", *line)?;
        if out
            .insert(force.to_owned(), (region.to_owned(), *line))
            .is_some()
        {
            return Err(Error::from(crate::error::Fault::DuplicateKey {
                at: Location::new().with_line(*line).with_field_prefix("force"),
                key: force.to_owned(),
            }));
        }
    }
    Ok(out)
}
