//! The matrix file format (SPEC §2): what JSON and TOML files hold, the checks that turn a file
//! into a [`Matrix`], and the canonical JSON that is fingerprinted.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{
    AbilityRule, AmeliorativeKind, Area, Band, Grade, GradeRule, Level, Matrix, MatrixData,
    RiskRule,
};
use crate::error::{Error, Location, Result};
use crate::points::{Points, RawPoints};

/// Most weighting factors a matrix may have (SPEC §2).
pub const MAX_WEIGHTING: usize = 64;
/// Most ameliorative kinds a matrix may have (SPEC §2).
pub const MAX_AMELIORATIVE: usize = 16;
/// Most entries of any other list (areas, levels, bands, grades): a hostile file cannot make the
/// validator or the lint enumerate without bound.
pub const MAX_LIST: usize = 256;

/// A needmatrix threat/risk/need matrix (SPEC §2).
// Every field is optional in Rust so that a missing one is reported as `missing_field` with its
// name, not as serde's generic message; the schema marks the required ones.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(title = "needmatrix matrix")
)]
pub(crate) struct MatrixFile {
    /// The matrix id.
    #[cfg_attr(
        feature = "schema",
        schemars(required, pattern(r"^[a-z0-9_.-]{1,64}$"))
    )]
    id: Option<String>,
    /// The matrix version: 1 to 32 printable characters.
    #[cfg_attr(feature = "schema", schemars(required, length(min = 1, max = 32)))]
    version: Option<String>,
    /// A title for people.
    title: Option<String>,
    /// The protective service areas (at least 1).
    #[cfg_attr(feature = "schema", schemars(required, length(min = 1, max = 256)))]
    areas: Option<Vec<AreaFile>>,
    /// The impact scale, points strictly increasing (at least 2 levels).
    #[cfg_attr(feature = "schema", schemars(required, length(min = 2, max = 256)))]
    impact: Option<Vec<LevelFile>>,
    /// The probability scale, points strictly increasing (at least 2 levels).
    #[cfg_attr(feature = "schema", schemars(required, length(min = 2, max = 256)))]
    probability: Option<Vec<LevelFile>>,
    /// `"product"`, or a grid with one row per probability level and one cell per impact level.
    #[cfg_attr(feature = "schema", schemars(required))]
    risk: Option<RiskFile>,
    /// Weighting factors (at most 64).
    #[cfg_attr(feature = "schema", schemars(length(max = 64)))]
    weighting: Option<Vec<LevelFile>>,
    /// Kinds of ameliorative action (at most 16).
    #[cfg_attr(feature = "schema", schemars(length(max = 16)))]
    ameliorative: Option<Vec<AmeliorativeFile>>,
    /// The capability scale, points strictly increasing (at least 1 level).
    #[cfg_attr(feature = "schema", schemars(required, length(min = 1, max = 256)))]
    capability: Option<Vec<LevelFile>>,
    /// The capacity scale, points strictly increasing (at least 1 level).
    #[cfg_attr(feature = "schema", schemars(required, length(min = 1, max = 256)))]
    capacity: Option<Vec<LevelFile>>,
    /// How capability and capacity combine.
    #[cfg_attr(feature = "schema", schemars(required))]
    ability: Option<AbilityRule>,
    /// Threat bands: the first `min` is 0, then strictly increasing.
    #[cfg_attr(feature = "schema", schemars(required, length(min = 1, max = 256)))]
    threat_bands: Option<Vec<BandFile>>,
    /// Need bands: the first `min` is 0, then strictly increasing.
    #[cfg_attr(feature = "schema", schemars(required, length(min = 1, max = 256)))]
    need_bands: Option<Vec<BandFile>>,
    /// Grades of need bands, each band at most once.
    #[cfg_attr(feature = "schema", schemars(length(max = 256)))]
    grades: Option<Vec<GradeFile>>,
    /// The threat band from which a gap is high risk.
    #[cfg_attr(feature = "schema", schemars(required, pattern(r"^[a-z0-9_]{1,32}$")))]
    high_risk_band: Option<String>,
}

/// A protective service area.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct AreaFile {
    #[cfg_attr(feature = "schema", schemars(required, pattern(r"^[a-z0-9_]{1,32}$")))]
    key: Option<String>,
    label: Option<String>,
}

/// A scale level or weighting factor.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct LevelFile {
    #[cfg_attr(feature = "schema", schemars(required, pattern(r"^[a-z0-9_]{1,32}$")))]
    key: Option<String>,
    label: Option<String>,
    #[cfg_attr(feature = "schema", schemars(required))]
    points: Option<RawPoints>,
}

/// A kind of ameliorative action and the most points it may take.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct AmeliorativeFile {
    #[cfg_attr(feature = "schema", schemars(required, pattern(r"^[a-z0-9_]{1,32}$")))]
    key: Option<String>,
    label: Option<String>,
    #[cfg_attr(feature = "schema", schemars(required))]
    max: Option<RawPoints>,
}

/// A band and its floor.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct BandFile {
    #[cfg_attr(feature = "schema", schemars(required, pattern(r"^[a-z0-9_]{1,32}$")))]
    key: Option<String>,
    label: Option<String>,
    #[cfg_attr(feature = "schema", schemars(required))]
    min: Option<RawPoints>,
}

/// The grade and deadline of a need band.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct GradeFile {
    #[cfg_attr(feature = "schema", schemars(required, pattern(r"^[a-z0-9_]{1,32}$")))]
    band: Option<String>,
    #[cfg_attr(feature = "schema", schemars(required))]
    grade: Option<Grade>,
    #[cfg_attr(feature = "schema", schemars(required, range(min = 1, max = 120)))]
    months: Option<i64>,
}

/// `"product"` or `{"grid": [[points]]}`.
#[derive(Debug)]
pub(crate) enum RiskFile {
    Product,
    Grid(Vec<Vec<RawPoints>>),
}

impl<'de> Deserialize<'de> for RiskFile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct GridFile {
            grid: Vec<Vec<RawPoints>>,
        }
        struct RiskVisitor;
        impl<'de> serde::de::Visitor<'de> for RiskVisitor {
            type Value = RiskFile;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("\"product\" or {\"grid\": [[points]]}")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RiskFile, E> {
                if v == "product" {
                    Ok(RiskFile::Product)
                } else {
                    Err(E::custom(format!(
                        "risk `{v}` is not \"product\" or {{\"grid\": [[points]]}}"
                    )))
                }
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RiskFile, A::Error> {
                let grid =
                    GridFile::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RiskFile::Grid(grid.grid))
            }
        }
        deserializer.deserialize_any(RiskVisitor)
    }
}

pub(crate) fn from_json_str(text: &str) -> Result<Matrix> {
    crate::text::json::from_json::<MatrixFile>(text)?.validate()
}

#[cfg(feature = "toml")]
pub(crate) fn from_toml_str(text: &str) -> Result<Matrix> {
    crate::text::toml::from_toml::<MatrixFile>(text)?.validate()
}

/// The validator: each field in the order of SPEC §2's table, each fault with its path.
impl MatrixFile {
    pub(crate) fn validate(self) -> Result<Matrix> {
        let id = required(self.id, "id")?;
        if !(1..=64).contains(&id.len())
            || !id
                .bytes()
                .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-'))
        {
            return Err(Error::from(crate::error::Fault::InvalidKey {
                at: Location::field("id"),
                value: id,
                rule: "a matrix id is 1 to 64 of a-z, 0-9, `_`, `.`, `-`",
            }));
        }
        let version = required(self.version, "version")?;
        if !(1..=32).contains(&version.chars().count()) || version.chars().any(char::is_control) {
            return Err(Error::from(crate::error::Fault::InvalidKey {
                at: Location::field("version"),
                value: version,
                rule: "a version is 1 to 32 printable characters",
            }));
        }
        let title = self.title;
        let areas = list(self.areas, "areas", 1, MAX_LIST, |a, _| {
            Ok(Area {
                key: key(a.key)?,
                label: a.label,
            })
        })?;
        let impact = scale(self.impact, "impact", 2)?;
        let probability = scale(self.probability, "probability", 2)?;
        let risk = match required(self.risk, "risk")? {
            RiskFile::Product => RiskRule::Product,
            RiskFile::Grid(rows) => RiskRule::Grid(grid(rows, probability.len(), impact.len())?),
        };
        let weighting = levels(
            self.weighting.unwrap_or_default(),
            "weighting",
            MAX_WEIGHTING,
        )?;
        let ameliorative = list(
            Some(self.ameliorative.unwrap_or_default()),
            "ameliorative",
            0,
            MAX_AMELIORATIVE,
            |a, _| {
                let key = key(a.key)?;
                let max = points(a.max, "max")?;
                Ok(AmeliorativeKind {
                    key,
                    label: a.label,
                    max,
                })
            },
        )?;
        let capability = scale(self.capability, "capability", 1)?;
        let capacity = scale(self.capacity, "capacity", 1)?;
        let ability = required(self.ability, "ability")?;
        let threat_bands = bands(self.threat_bands, "threat_bands")?;
        let need_bands = bands(self.need_bands, "need_bands")?;
        let grades = list(
            Some(self.grades.unwrap_or_default()),
            "grades",
            0,
            MAX_LIST,
            |g, _| {
                let band = required(g.band, "band")?;
                if !need_bands.iter().any(|b| b.key == band) {
                    return Err(Error::from(crate::error::Fault::UnknownBand {
                        at: Location::field("band"),
                        value: band,
                    }));
                }
                let grade = required(g.grade, "grade")?;
                let months = required(g.months, "months")?;
                let months = u8::try_from(months)
                    .ok()
                    .filter(|m| (1..=120).contains(m))
                    .ok_or_else(|| {
                        Error::from(crate::error::Fault::InvalidMonths {
                            at: Location::field("months"),
                            value: months.to_string(),
                        })
                    })?;
                Ok(GradeRule {
                    band,
                    grade,
                    months,
                })
            },
        )?;
        let high_risk_key = required(self.high_risk_band, "high_risk_band")?;
        let high_risk_band = threat_bands
            .iter()
            .position(|b| b.key == high_risk_key)
            .ok_or_else(|| {
                Error::from(crate::error::Fault::UnknownBand {
                    at: Location::field("high_risk_band"),
                    value: high_risk_key,
                })
            })?;

        check_text_lengths(
            title.as_deref(),
            [
                (
                    "areas",
                    areas.iter().map(|a| a.label.as_deref()).collect::<Vec<_>>(),
                ),
                (
                    "impact",
                    impact.iter().map(|l| l.label.as_deref()).collect(),
                ),
                (
                    "probability",
                    probability.iter().map(|l| l.label.as_deref()).collect(),
                ),
                (
                    "weighting",
                    weighting.iter().map(|l| l.label.as_deref()).collect(),
                ),
                (
                    "ameliorative",
                    ameliorative.iter().map(|k| k.label.as_deref()).collect(),
                ),
                (
                    "capability",
                    capability.iter().map(|l| l.label.as_deref()).collect(),
                ),
                (
                    "capacity",
                    capacity.iter().map(|l| l.label.as_deref()).collect(),
                ),
                (
                    "threat_bands",
                    threat_bands.iter().map(|b| b.label.as_deref()).collect(),
                ),
                (
                    "need_bands",
                    need_bands.iter().map(|b| b.label.as_deref()).collect(),
                ),
            ],
        )?;
        let mut matrix = MatrixData {
            label: format!("{id}@{version}"),
            id,
            version,
            title,
            areas,
            impact,
            probability,
            risk,
            weighting,
            ameliorative,
            capability,
            capacity,
            ability,
            threat_bands,
            need_bands,
            band_grades: Vec::new(),
            grades,
            high_risk_band,
            fingerprint: String::new(),
        };
        matrix.band_grades = matrix
            .need_bands
            .iter()
            .map(|band| {
                matrix
                    .grades
                    .iter()
                    .find(|g| g.band() == band.key())
                    .map(|g| (g.grade(), g.months()))
            })
            .collect();
        matrix.fingerprint = fingerprint(&canonical_of(&matrix));
        Ok(Matrix::from_data(matrix))
    }
}

/// The title and every label hold at most [`MAX_TEXT_CHARS`](crate::MAX_TEXT_CHARS)
/// characters, as every other free text the crate reads.
fn check_text_lengths<const N: usize>(
    title: Option<&str>,
    lists: [(&str, Vec<Option<&str>>); N],
) -> Result<()> {
    let too_long = |field: String, text: &str| {
        Err(Error::from(crate::error::Fault::OutOfRange {
            at: Location::field(field),
            value: text.to_owned(),
            rule: format!(
                "a title or label holds at most {} characters",
                crate::MAX_TEXT_CHARS
            ),
        }))
    };
    let long = |text: &str| text.chars().nth(crate::MAX_TEXT_CHARS).is_some();
    if let Some(t) = title.filter(|t| long(t)) {
        return too_long("title".to_owned(), t);
    }
    for (list, labels) in lists {
        for (n, label) in labels.into_iter().enumerate() {
            if let Some(l) = label.filter(|l| long(l)) {
                return too_long(format!("{list}[{n}].label"), l);
            }
        }
    }
    Ok(())
}

fn required<T>(value: Option<T>, field: &str) -> Result<T> {
    value.ok_or_else(|| Error::missing(field))
}

fn key(value: Option<String>) -> Result<String> {
    let key = required(value, "key")?;
    if crate::matrix::is_key(&key) {
        Ok(key)
    } else {
        Err(Error::from(crate::error::Fault::InvalidKey {
            at: Location::field("key"),
            value: key,
            rule: "a key is 1 to 32 of a-z, 0-9 and `_`",
        }))
    }
}

fn points(value: Option<RawPoints>, field: &str) -> Result<Points> {
    required(value, field)?
        .to_points()
        .map_err(|e| e.under_field(field))
}

/// Validates a list: each entry (its faults under `name[i]`), then the count, then unique keys.
fn list<F, T>(
    entries: Option<Vec<F>>,
    name: &str,
    min: usize,
    max: usize,
    mut each: impl FnMut(F, usize) -> Result<T>,
) -> Result<Vec<T>>
where
    T: Keyed,
{
    let entries = required(entries, name)?;
    if entries.len() > max {
        return Err(Error::from(crate::error::Fault::OutOfRange {
            at: Location::field(name),
            value: entries.len().to_string(),
            rule: format!("at most {max} entries"),
        }));
    }
    let found = entries.len();
    let out = entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| each(entry, i).map_err(|e| e.under_field(&format!("{name}[{i}]"))))
        .collect::<Result<Vec<T>>>()?;
    no_duplicates(&out, name, T::KEY_FIELD, Keyed::key_str)?;
    if found < min {
        return Err(Error::from(crate::error::Fault::EmptyScale {
            at: Location::field(name),
            min,
            found,
        }));
    }
    Ok(out)
}

fn no_duplicates<T>(
    list: &[T],
    name: &str,
    field: &str,
    key_of: impl Fn(&T) -> &str,
) -> Result<()> {
    for (i, entry) in list.iter().enumerate() {
        let key = key_of(entry);
        if list.iter().take(i).any(|earlier| key_of(earlier) == key) {
            return Err(Error::from(crate::error::Fault::DuplicateKey {
                at: Location::field(format!("{name}[{i}].{field}")),
                key: key.to_owned(),
            }));
        }
    }
    Ok(())
}

/// An entry of a list whose key must be unique.
trait Keyed {
    const KEY_FIELD: &'static str;
    fn key_str(&self) -> &str;
}
macro_rules! keyed {
    ($($ty:ty => $field:ident),*) => {$(
        impl Keyed for $ty {
            const KEY_FIELD: &'static str = stringify!($field);
            fn key_str(&self) -> &str {
                &self.$field
            }
        }
    )*};
}
keyed!(Area => key, Level => key, AmeliorativeKind => key, Band => key, GradeRule => band);

fn levels(entries: Vec<LevelFile>, name: &str, max: usize) -> Result<Vec<Level>> {
    list(Some(entries), name, 0, max, |l, _| {
        let key = key(l.key)?;
        let points = points(l.points, "points")?;
        Ok(Level {
            key,
            label: l.label,
            points,
        })
    })
}

/// A scale: levels with points strictly increasing.
fn scale(entries: Option<Vec<LevelFile>>, name: &str, min: usize) -> Result<Vec<Level>> {
    let entries = required(entries, name)?;
    let levels = levels(entries, name, MAX_LIST)?;
    if levels.len() < min {
        return Err(Error::from(crate::error::Fault::EmptyScale {
            at: Location::field(name),
            min,
            found: levels.len(),
        }));
    }
    strictly_increasing(
        &levels,
        name,
        "points",
        |l| l.points,
        |at, previous, value| {
            Error::from(crate::error::Fault::PointsNotIncreasing {
                at,
                previous,
                value,
            })
        },
    )?;
    Ok(levels)
}

fn bands(entries: Option<Vec<BandFile>>, name: &str) -> Result<Vec<Band>> {
    let bands = list(entries, name, 1, MAX_LIST, |b, _| {
        let key = key(b.key)?;
        let min = points(b.min, "min")?;
        Ok(Band {
            key,
            label: b.label,
            min,
        })
    })?;
    if let Some(first) = bands.first()
        && first.min != Points::ZERO
    {
        return Err(Error::from(crate::error::Fault::BandFloorNotZero {
            at: Location::field(format!("{name}[0].min")),
            value: first.min.to_string(),
        }));
    }
    strictly_increasing(
        &bands,
        name,
        "min",
        |b| b.min,
        |at, previous, value| {
            Error::from(crate::error::Fault::BandsNotIncreasing {
                at,
                previous,
                value,
            })
        },
    )?;
    Ok(bands)
}

fn strictly_increasing<T>(
    list: &[T],
    name: &str,
    field: &str,
    value_of: impl Fn(&T) -> Points,
    fault: impl Fn(Location, String, String) -> Error,
) -> Result<()> {
    for (i, pair) in list.windows(2).enumerate() {
        let [first, second] = pair else { continue };
        let (previous, value) = (value_of(first), value_of(second));
        if value <= previous {
            return Err(fault(
                Location::field(format!("{name}[{}].{field}", i + 1)),
                previous.to_string(),
                value.to_string(),
            ));
        }
    }
    Ok(())
}

fn grid(rows: Vec<Vec<RawPoints>>, n_rows: usize, n_columns: usize) -> Result<Vec<Vec<Points>>> {
    if rows.len() != n_rows {
        return Err(Error::from(crate::error::Fault::GridShape {
            at: Location::field("risk.grid"),
            message: format!(
                "{} rows, one per probability level ({n_rows}) required",
                rows.len()
            ),
        }));
    }
    rows.into_iter()
        .enumerate()
        .map(|(p, row)| {
            if row.len() != n_columns {
                return Err(Error::from(crate::error::Fault::GridShape {
                    at: Location::field(format!("risk.grid[{p}]")),
                    message: format!(
                        "row {p} has {} cells, one per impact level ({n_columns}) required",
                        row.len()
                    ),
                }));
            }
            row.into_iter()
                .enumerate()
                .map(|(i, cell)| {
                    cell.to_points()
                        .map_err(|e| e.under_field(&format!("risk.grid[{p}][{i}]")))
                })
                .collect()
        })
        .collect()
}

/// The canonical JSON form (SPEC §2): fields in table order, optional lists always written,
/// absent labels and title left out, points as canonical strings.
#[derive(Serialize)]
pub(crate) struct Canonical<'a> {
    id: &'a str,
    version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    areas: Vec<CanonicalEntry<'a>>,
    impact: Vec<CanonicalEntry<'a>>,
    probability: Vec<CanonicalEntry<'a>>,
    risk: CanonicalRisk<'a>,
    weighting: Vec<CanonicalEntry<'a>>,
    ameliorative: Vec<CanonicalEntry<'a>>,
    capability: Vec<CanonicalEntry<'a>>,
    capacity: Vec<CanonicalEntry<'a>>,
    ability: AbilityRule,
    threat_bands: Vec<CanonicalEntry<'a>>,
    need_bands: Vec<CanonicalEntry<'a>>,
    grades: Vec<CanonicalGrade<'a>>,
    high_risk_band: &'a str,
}

#[derive(Serialize)]
struct CanonicalEntry<'a> {
    key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    points: Option<Points>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<Points>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<Points>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum CanonicalRisk<'a> {
    Named(&'static str),
    Grid { grid: &'a [Vec<Points>] },
}

#[derive(Serialize)]
struct CanonicalGrade<'a> {
    band: &'a str,
    grade: Grade,
    months: u8,
}

impl<'a> CanonicalEntry<'a> {
    fn new(key: &'a str, label: Option<&'a str>) -> Self {
        CanonicalEntry {
            key,
            label,
            points: None,
            max: None,
            min: None,
        }
    }
}

impl<'a> Canonical<'a> {
    pub(crate) fn of(m: &'a Matrix) -> Self {
        Self::of_data(&m.data)
    }

    fn of_data(m: &'a MatrixData) -> Self {
        let levels = |list: &'a [Level]| -> Vec<CanonicalEntry<'a>> {
            list.iter()
                .map(|l| CanonicalEntry {
                    points: Some(l.points),
                    ..CanonicalEntry::new(&l.key, l.label.as_deref())
                })
                .collect()
        };
        let bands = |list: &'a [Band]| -> Vec<CanonicalEntry<'a>> {
            list.iter()
                .map(|b| CanonicalEntry {
                    min: Some(b.min),
                    ..CanonicalEntry::new(&b.key, b.label.as_deref())
                })
                .collect()
        };
        Canonical {
            id: &m.id,
            version: &m.version,
            title: m.title.as_deref(),
            areas: m
                .areas
                .iter()
                .map(|a| CanonicalEntry::new(&a.key, a.label.as_deref()))
                .collect(),
            impact: levels(&m.impact),
            probability: levels(&m.probability),
            risk: match &m.risk {
                RiskRule::Product => CanonicalRisk::Named("product"),
                RiskRule::Grid(rows) => CanonicalRisk::Grid { grid: rows },
            },
            weighting: levels(&m.weighting),
            ameliorative: m
                .ameliorative
                .iter()
                .map(|a| CanonicalEntry {
                    max: Some(a.max),
                    ..CanonicalEntry::new(&a.key, a.label.as_deref())
                })
                .collect(),
            capability: levels(&m.capability),
            capacity: levels(&m.capacity),
            ability: m.ability,
            threat_bands: bands(&m.threat_bands),
            need_bands: bands(&m.need_bands),
            grades: m
                .grades
                .iter()
                .map(|g| CanonicalGrade {
                    band: &g.band,
                    grade: g.grade,
                    months: g.months,
                })
                .collect(),
            high_risk_band: m.threat_bands.get(m.high_risk_band).map_or("", |b| &b.key),
        }
    }
}

pub(crate) fn canonical_json(m: &Matrix) -> String {
    canonical_of(&m.data)
}

fn canonical_of(m: &MatrixData) -> String {
    // Serialising plain strings and vectors to a String cannot fail.
    serde_json::to_string(&Canonical::of_data(m)).unwrap_or_default()
}

#[cfg(feature = "toml")]
pub(crate) fn to_toml(m: &Matrix) -> String {
    toml::to_string(&Canonical::of(m)).unwrap_or_default()
}

fn fingerprint(canonical: &str) -> String {
    let digest = Sha256::digest(canonical.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for RiskFile {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Risk".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let points = generator.subschema_for::<RawPoints>();
        schemars::json_schema!({
            "description": "\"product\" (impact points × probability points) or a grid: one row per probability level, one cell per impact level, in scale order",
            "oneOf": [
                {"const": "product"},
                {
                    "type": "object",
                    "properties": {"grid": {"type": "array", "items": {"type": "array", "items": points}}},
                    "required": ["grid"],
                    "additionalProperties": false
                }
            ]
        })
    }
}
