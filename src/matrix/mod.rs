//! The matrix: scales, factors, bands and grades as data (SPEC §2), validated on load and
//! fingerprinted.
//!
//! A [`Matrix`] that exists is valid: it can only be made by [`Matrix::from_json_str`],
//! [`Matrix::from_toml_str`], [`Matrix::from_path`] or [`Matrix::reference`], each of which runs
//! every check of SPEC §2. Its [`fingerprint`](Matrix::fingerprint) is the SHA-256 of its
//! canonical JSON, so two matrices with the same content have the same fingerprint whatever
//! format, key order or spelling of points they were written in.

pub(crate) mod file;
mod reference;

pub use file::{MAX_AMELIORATIVE, MAX_LIST, MAX_WEIGHTING};

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Result;
use crate::points::Points;

/// True when `text` is a key: `[a-z0-9_]{1,32}` (SPEC §2).
#[must_use]
pub fn is_key(text: &str) -> bool {
    (1..=32).contains(&text.len())
        && text
            .bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
}

/// A protective service area (`serious_organised_crime`, `roads_policing`, …).
///
/// ```
/// use needmatrix::Matrix;
///
/// let area = &Matrix::reference().areas()[0];
/// assert_eq!(area.key(), "serious_organised_crime");
/// assert_eq!(area.display_label(), area.label().unwrap_or(area.key()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Area {
    key: String,
    pub(crate) label: Option<String>,
}

/// A named points value: a level of a scale (impact, probability, capability, capacity) or a
/// weighting factor.
///
/// ```
/// use needmatrix::Matrix;
///
/// let major = &Matrix::reference().impact()[3];
/// assert_eq!((major.key(), major.points().to_string().as_str()), ("major", "4"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    key: String,
    label: Option<String>,
    points: Points,
}

/// A kind of ameliorative action (`partnership`, `resources`) and the most points it may take.
///
/// ```
/// use needmatrix::Matrix;
///
/// let kinds = Matrix::reference().ameliorative();
/// assert!(kinds.iter().any(|k| k.key() == "partnership"));
/// assert!(kinds.iter().all(|k| !k.max().is_negative()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AmeliorativeKind {
    key: String,
    label: Option<String>,
    max: Points,
}

/// A threat or need band, from its floor `min` up to the next band's floor.
///
/// ```
/// use needmatrix::Matrix;
///
/// let bands = Matrix::reference().need_bands();
/// assert_eq!(bands[0].min().to_string(), "0"); // every band list starts at 0
/// assert!(bands.windows(2).all(|w| w[0].min() < w[1].min()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Band {
    key: String,
    label: Option<String>,
    min: Points,
}

macro_rules! keyed_accessors {
    ($($ty:ty),*) => {$(
        impl $ty {
            /// The key (`[a-z0-9_]{1,32}`).
            #[must_use]
            pub fn key(&self) -> &str {
                &self.key
            }

            /// The label, when the matrix gives one.
            #[must_use]
            pub fn label(&self) -> Option<&str> {
                self.label.as_deref()
            }

            /// The label, or the key when there is none: what to show a person.
            #[must_use]
            pub fn display_label(&self) -> &str {
                self.label.as_deref().unwrap_or(&self.key)
            }
        }
    )*};
}
keyed_accessors!(Area, Level, AmeliorativeKind, Band);

impl Level {
    /// The points of this level or factor.
    #[must_use]
    pub fn points(&self) -> Points {
        self.points
    }
}

impl AmeliorativeKind {
    /// The most points an assessment may give this kind.
    #[must_use]
    pub fn max(&self) -> Points {
        self.max
    }
}

impl Band {
    /// The band's floor: the least value in the band.
    #[must_use]
    pub fn min(&self) -> Points {
        self.min
    }
}

/// One cell of the impact × probability grid, by level positions (scale order, from 0).
///
/// Naming both positions keeps them from being swapped: the grid of a matrix file is written
/// one row per probability level, but a cell is always named impact first.
///
/// ```
/// use needmatrix::{GridCell, Matrix};
///
/// let m = Matrix::reference();
/// let cell = GridCell::new(3, 3); // impact major, probability likely
/// assert_eq!(m.risk_of(cell).unwrap().to_string(), "16");
/// assert_eq!(m.cells().count(), 25);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GridCell {
    impact: usize,
    probability: usize,
}

impl GridCell {
    /// The cell at these level positions.
    #[must_use]
    pub const fn new(impact: usize, probability: usize) -> Self {
        GridCell {
            impact,
            probability,
        }
    }

    /// Position of the impact level.
    #[must_use]
    pub const fn impact(self) -> usize {
        self.impact
    }

    /// Position of the probability level.
    #[must_use]
    pub const fn probability(self) -> usize {
        self.probability
    }
}

/// How risk is read from impact and probability (SPEC §3 step 1).
///
/// ```
/// use needmatrix::{Matrix, RiskRule};
///
/// assert_eq!(Matrix::reference().risk_rule(), &RiskRule::Product);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RiskRule {
    /// `risk = impact points × probability points`.
    Product,
    /// `risk = grid[probability][impact]`: one row per probability level, one column per impact
    /// level, both in scale order.
    Grid(Vec<Vec<Points>>),
}

crate::closed::closed_set! {
    /// How capability and capacity combine into ability (SPEC §3 step 5).
    ///
    /// ```
    /// use needmatrix::{AbilityRule, Matrix};
    ///
    /// assert_eq!(Matrix::reference().ability_rule(), AbilityRule::Min);
    /// assert_eq!("mean".parse::<AbilityRule>()?, AbilityRule::Mean);
    /// # Ok::<(), needmatrix::UnknownName>(())
    /// ```
    #[non_exhaustive]
    pub enum AbilityRule ("an ability rule") {
        /// The lesser of the two: a force is only as able as its weaker side.
        Min => "min",
        /// Their mean, `(capability + capacity) / 2`, exact.
        Mean => "mean",
        /// Their sum.
        Sum => "sum",
    }
}

crate::closed::closed_set! {
    /// The red/amber/green grade of a need band (West Midlands practice). Ordered by severity:
    /// `Green < Amber < Red`.
    ///
    /// ```
    /// use needmatrix::Grade;
    ///
    /// assert!(Grade::Red > Grade::Amber && Grade::Amber > Grade::Green);
    /// assert_eq!("amber".parse::<Grade>()?, Grade::Amber);
    /// assert_eq!(Grade::Red.to_string(), "red");
    /// # Ok::<(), needmatrix::UnknownName>(())
    /// ```
    #[derive(PartialOrd, Ord)]
    pub enum Grade ("a grade") {
        /// Act within the grade's months (12 in the reference matrix).
        Green => "green",
        /// Act within the grade's months (6 in the reference matrix).
        Amber => "amber",
        /// Act within the grade's months (3 in the reference matrix); a red, high-risk gap with
        /// no measure in place is high need.
        Red => "red",
    }
}

/// A need band's grade and action deadline.
///
/// ```
/// use needmatrix::{Grade, Matrix};
///
/// let red = Matrix::reference().grades().iter().find(|g| g.grade() == Grade::Red).unwrap();
/// assert_eq!((red.band(), red.months()), ("high", 3));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GradeRule {
    band: String,
    grade: Grade,
    months: u8,
}

impl GradeRule {
    /// The need band key this grade applies to.
    #[must_use]
    pub fn band(&self) -> &str {
        &self.band
    }

    /// The grade.
    #[must_use]
    pub fn grade(&self) -> Grade {
        self.grade
    }

    /// Calendar months from the assessment date to the action deadline (1 ..= 120).
    #[must_use]
    pub fn months(&self) -> u8 {
        self.months
    }
}

/// A validated threat/risk/need matrix.
///
/// ```
/// use needmatrix::Matrix;
///
/// let m = Matrix::reference();
/// assert_eq!(m.label(), "reference@1.0.0");
/// assert_eq!(m.areas().len(), 10);
/// assert_eq!(m.impact()[3].key(), "major");
/// assert_eq!(m.fingerprint().len(), 64);
///
/// // The same matrix written again has the same fingerprint.
/// let again = Matrix::from_json_str(&m.to_canonical_json())?;
/// assert_eq!(again.fingerprint(), m.fingerprint());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Matrix {
    data: Arc<MatrixData>,
}

/// The content of a matrix, shared by every outcome scored with it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct MatrixData {
    pub(crate) id: String,
    pub(crate) version: String,
    pub(crate) title: Option<String>,
    pub(crate) areas: Vec<Area>,
    pub(crate) impact: Vec<Level>,
    pub(crate) probability: Vec<Level>,
    pub(crate) risk: RiskRule,
    pub(crate) weighting: Vec<Level>,
    pub(crate) ameliorative: Vec<AmeliorativeKind>,
    pub(crate) capability: Vec<Level>,
    pub(crate) capacity: Vec<Level>,
    pub(crate) ability: AbilityRule,
    pub(crate) threat_bands: Vec<Band>,
    pub(crate) need_bands: Vec<Band>,
    pub(crate) grades: Vec<GradeRule>,
    pub(crate) high_risk_band: usize,
    /// Per need band, in band order: its grade and months, when it has a grade (step 9's
    /// table, computed once).
    pub(crate) band_grades: Vec<Option<(Grade, u8)>>,
    /// `id@version`, kept so outcomes can share it.
    label: String,
    pub(crate) fingerprint: String,
}

impl Matrix {
    /// Reads and validates a matrix written in JSON.
    ///
    /// # Errors
    /// `parse` for malformed JSON, a wrong type, an unknown field or a float literal (with the
    /// line, column and path); the codes of SPEC §2 for content faults (with the path).
    pub fn from_json_str(text: &str) -> Result<Self> {
        file::from_json_str(text)
    }

    #[cfg(feature = "toml")]
    #[cfg_attr(docsrs, doc(cfg(feature = "toml")))]
    /// Reads and validates a matrix written in TOML (the same structure as JSON).
    ///
    /// # Errors
    /// As [`Matrix::from_json_str`], with TOML's line and column.
    pub fn from_toml_str(text: &str) -> Result<Self> {
        file::from_toml_str(text)
    }

    /// Reads and validates a matrix written in JSON from any reader (at most
    /// [`MAX_FILE_BYTES`](crate::MAX_FILE_BYTES)).
    ///
    /// ```
    /// use needmatrix::Matrix;
    ///
    /// let json = Matrix::reference().to_canonical_json();
    /// let m = Matrix::from_json_reader(json.as_bytes())?;
    /// assert_eq!(m.fingerprint(), Matrix::reference().fingerprint());
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    ///
    /// # Errors
    /// `io` when the reader fails; otherwise as [`Matrix::from_json_str`].
    pub fn from_json_reader(reader: impl std::io::Read) -> Result<Self> {
        Self::from_json_str(&crate::text::read_to_text(reader, "(reader)")?)
    }

    /// Reads a matrix file: TOML when its name ends in `.toml`, JSON otherwise. Errors name the
    /// file.
    ///
    /// # Errors
    /// `io` when it cannot be read; otherwise as [`Matrix::from_json_str`].
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self> {
        use crate::text::Syntax;
        crate::text::read_json_or_toml(
            path.as_ref(),
            "TOML matrices",
            |text, syntax| match syntax {
                Syntax::Json => Self::from_json_str(text),
                #[cfg(feature = "toml")]
                Syntax::Toml => Self::from_toml_str(text),
            },
        )
    }

    /// The built-in reference matrix of SPEC §2 (`reference@1.0.0`).
    #[must_use]
    pub fn reference() -> &'static Matrix {
        reference::matrix()
    }

    /// The matrix id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.data.id
    }

    /// The matrix version.
    #[must_use]
    pub fn version(&self) -> &str {
        &self.data.version
    }

    /// `id@version`, as every result names its matrix.
    #[must_use]
    pub fn label(&self) -> &str {
        &self.data.label
    }

    /// The title, when given.
    #[must_use]
    pub fn title(&self) -> Option<&str> {
        self.data.title.as_deref()
    }

    /// SHA-256 of the canonical JSON, lower-case hex.
    #[must_use]
    pub fn fingerprint(&self) -> &str {
        &self.data.fingerprint
    }

    /// The protective service areas, in matrix order.
    #[must_use]
    pub fn areas(&self) -> &[Area] {
        &self.data.areas
    }

    /// The impact scale, lowest first.
    #[must_use]
    pub fn impact(&self) -> &[Level] {
        &self.data.impact
    }

    /// The probability scale, lowest first.
    #[must_use]
    pub fn probability(&self) -> &[Level] {
        &self.data.probability
    }

    /// How risk is read from impact and probability.
    #[must_use]
    pub fn risk_rule(&self) -> &RiskRule {
        &self.data.risk
    }

    /// The weighting factors.
    #[must_use]
    pub fn weighting(&self) -> &[Level] {
        &self.data.weighting
    }

    /// The kinds of ameliorative action.
    #[must_use]
    pub fn ameliorative(&self) -> &[AmeliorativeKind] {
        &self.data.ameliorative
    }

    /// The capability scale, lowest first.
    #[must_use]
    pub fn capability(&self) -> &[Level] {
        &self.data.capability
    }

    /// The capacity scale, lowest first.
    #[must_use]
    pub fn capacity(&self) -> &[Level] {
        &self.data.capacity
    }

    /// How capability and capacity combine.
    #[must_use]
    pub fn ability_rule(&self) -> AbilityRule {
        self.data.ability
    }

    /// The threat bands, lowest first.
    #[must_use]
    pub fn threat_bands(&self) -> &[Band] {
        &self.data.threat_bands
    }

    /// The need bands, lowest first.
    #[must_use]
    pub fn need_bands(&self) -> &[Band] {
        &self.data.need_bands
    }

    /// The grades of need bands.
    #[must_use]
    pub fn grades(&self) -> &[GradeRule] {
        &self.data.grades
    }

    /// The threat band from which a gap is high risk.
    #[must_use]
    pub fn high_risk_band(&self) -> &Band {
        // The validator guarantees the position names a band; the first band is a safe fallback.
        let bands = &self.data.threat_bands;
        bands
            .get(self.data.high_risk_band)
            .or(bands.first())
            .unwrap_or_else(|| unreachable!("a validated matrix has at least one threat band"))
    }

    /// Position of the high-risk band among the threat bands.
    #[must_use]
    pub fn high_risk_position(&self) -> usize {
        self.data.high_risk_band
    }

    /// The grade rule of the need band at `position`, if it has one.
    #[must_use]
    pub fn grade_of_band(&self, position: usize) -> Option<&GradeRule> {
        let key = self.data.need_bands.get(position)?.key();
        self.data.grades.iter().find(|g| g.band == key)
    }

    /// The grade and months of the need band at `position` (SPEC §3 steps 9 and 10), if it
    /// has one.
    pub(crate) fn band_grade(&self, position: usize) -> Option<(Grade, u8)> {
        self.data.band_grades.get(position).copied().flatten()
    }

    /// Every cell of the grid, probability by probability, impact by impact (lowest first).
    pub fn cells(&self) -> impl Iterator<Item = GridCell> + '_ {
        let columns = self.data.impact.len();
        (0..self.data.probability.len())
            .flat_map(move |p| (0..columns).map(move |i| GridCell::new(i, p)))
    }

    /// Risk of a cell (SPEC §3 step 1). `None` when a position is outside its scale.
    #[must_use]
    pub fn risk_of(&self, cell: GridCell) -> Option<Points> {
        let (impact, probability) = (cell.impact, cell.probability);
        match &self.data.risk {
            RiskRule::Product => self
                .data
                .impact
                .get(impact)?
                .points
                .checked_mul(self.data.probability.get(probability)?.points),
            RiskRule::Grid(rows) => rows.get(probability)?.get(impact).copied(),
        }
    }

    /// Position of the band of `value` in `bands`: the last band whose floor is at or below it
    /// (SPEC §3 step 8). Bands start at 0, so any value ≥ 0 has one.
    pub(crate) fn band_position(bands: &[Band], value: Points) -> usize {
        bands
            .iter()
            .rposition(|b| b.min <= value)
            .unwrap_or_default()
    }

    /// Position of the threat band of a threat value (SPEC §3 step 8).
    ///
    /// ```
    /// use needmatrix::Matrix;
    ///
    /// let m = Matrix::reference();
    /// let position = m.threat_band_of("17.5".parse()?);
    /// assert_eq!(m.threat_bands()[position].key(), "high");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn threat_band_of(&self, threat: Points) -> usize {
        Self::band_position(&self.data.threat_bands, threat)
    }

    /// Position of the need band of a need value (SPEC §3 step 8).
    #[must_use]
    pub fn need_band_of(&self, need: Points) -> usize {
        Self::band_position(&self.data.need_bands, need)
    }

    /// The canonical JSON of SPEC §2 (fields in table order, points as canonical strings, no
    /// white space): the bytes the fingerprint is taken of.
    #[must_use]
    pub fn to_canonical_json(&self) -> String {
        file::canonical_json(self)
    }

    #[cfg(feature = "toml")]
    #[cfg_attr(docsrs, doc(cfg(feature = "toml")))]
    /// The matrix written in TOML, in the same structure; it reads back to an equal matrix.
    #[must_use]
    pub fn to_toml(&self) -> String {
        file::to_toml(self)
    }

    /// `matrix_mismatch` unless `found` is this matrix (the same fingerprint): results of two
    /// matrices never add up.
    pub(crate) fn ensure_same(&self, found: &Matrix) -> Result<()> {
        if self.fingerprint() == found.fingerprint() {
            return Ok(());
        }
        Err(crate::Error::from(crate::error::Fault::MatrixMismatch {
            at: crate::Location::field("fingerprint"),
            expected: format!("{} fingerprint {}", self.label(), self.fingerprint()),
            found: format!("{} fingerprint {}", found.label(), found.fingerprint()),
        }))
    }

    pub(crate) fn area_position(&self, key: &str) -> Option<usize> {
        self.data.areas.iter().position(|a| a.key == key)
    }
}

impl fmt::Debug for Matrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Matrix")
            .field("label", &self.label())
            .field("fingerprint", &self.fingerprint())
            .finish_non_exhaustive()
    }
}

impl Matrix {
    pub(crate) fn from_data(data: MatrixData) -> Self {
        Matrix {
            data: Arc::new(data),
        }
    }
}

impl Serialize for Matrix {
    /// Serialises the canonical form.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        file::Canonical::of(self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Matrix {
    /// Deserialises and validates.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        file::MatrixFile::deserialize(deserializer)?
            .validate()
            .map_err(serde::de::Error::custom)
    }
}
