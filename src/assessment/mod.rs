//! One assessment of one risk (SPEC §3): what is scored, and the checks that run, in the order of
//! SPEC §3's table, before it is.

use std::fmt;

use jiff::civil::Date;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Deserialize, Serialize, Serializer};

use crate::error::{Error, Location, Result};
use crate::matrix::{Level, Matrix};
use crate::points::{Points, RawPoints};

pub(crate) mod ids;
pub(crate) mod read;
#[cfg(feature = "xlsx")]
pub(crate) mod xlsx;

pub use read::{DERIVED_COLUMNS, MAX_REGISTER_ROWS, RegisterFormat};

/// Longest assessment id, in characters (SPEC §3).
pub const MAX_ID_CHARS: usize = 64;

/// Longest free-text field (`description`, `action`, …) of an assessment, in characters: a
/// hostile 10 MB cell is refused, not carried through.
pub const MAX_TEXT_CHARS: usize = 65_536;

/// One assessment: a risk described, placed in an area and scored on the matrix's scales.
///
/// An `Assessment` names its levels, factors and kinds by key; whether they exist is a question
/// for a matrix, answered when it is scored ([`Matrix::score`]) or read
/// ([`Assessment::from_json_str`]). The id is checked on construction.
///
/// ```
/// use needmatrix::{Assessment, Matrix, Points};
///
/// let a = Assessment::new("soc-1", "serious_organised_crime", "major", "likely", "adequate", "good")?
///     .with_weighting(["vulnerable_victims"])
///     .with_ameliorative("partnership", "1.5".parse::<Points>()?);
/// let outcome = Matrix::reference().score(&a)?;
/// assert_eq!(outcome.threat().to_string(), "17.5");
/// assert_eq!(outcome.need().to_string(), "9.5");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    id: String,
    area: String,
    impact: String,
    probability: String,
    weighting: Vec<String>,
    ameliorative: Vec<(String, Points)>,
    capability: String,
    capacity: String,
    measure_in_place: bool,
    assessed_on: Option<Date>,
    lead_high_risk: Option<bool>,
    notes: Notes,
}

/// The four judgement calls of an assessment, each named where it is given: the level keys of
/// impact and probability (the risk) and of capability and capacity (the ability).
/// [`Assessment::new`] takes them by position, where capability and capacity can swap unseen;
/// [`Assessment::from_levels`] takes them by name.
///
/// ```
/// use needmatrix::{Assessment, Levels, Matrix};
///
/// let a = Assessment::from_levels("soc-1", "serious_organised_crime", Levels {
///     impact: "major",
///     probability: "likely",
///     capability: "adequate",
///     capacity: "good",
/// })?;
/// assert_eq!(a, Assessment::new("soc-1", "serious_organised_crime", "major", "likely", "adequate", "good")?);
/// assert_eq!(Matrix::reference().score(&a)?.threat().to_string(), "16");
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Levels<S> {
    /// The impact level key.
    pub impact: S,
    /// The probability level key.
    pub probability: S,
    /// The capability level key.
    pub capability: S,
    /// The capacity level key.
    pub capacity: S,
}

/// The free-text fields of an assessment, carried through unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Notes {
    confidence: Option<String>,
    standard: Option<String>,
    description: Option<String>,
    action: Option<String>,
    owner: Option<String>,
    manager: Option<String>,
}

/// Checks an assessment id (SPEC §3: 1–64 characters, no control characters).
pub(crate) fn check_id(id: &str) -> Result<()> {
    let rule = if id.is_empty() {
        "an id must not be empty"
    } else if id.chars().count() > MAX_ID_CHARS {
        "an id has at most 64 characters"
    } else if id.chars().any(char::is_control) {
        "an id must not hold control characters"
    } else {
        return Ok(());
    };
    Err(Error::from(crate::error::Fault::InvalidId {
        at: Location::field("id"),
        value: id.to_owned(),
        rule,
    }))
}

macro_rules! notes {
    ($($field:ident, $with:ident, $doc:literal;)*) => {
        impl Assessment {
            $(
                #[doc = concat!("The ", $doc, ", if given.")]
                #[must_use]
                pub fn $field(&self) -> Option<&str> {
                    self.notes.$field.as_deref()
                }

                #[doc = concat!("Sets the ", $doc, ".")]
                #[must_use]
                pub fn $with(mut self, text: impl Into<String>) -> Self {
                    self.notes.$field = Some(text.into());
                    self
                }
            )*
        }
    };
}
notes! {
    confidence, with_confidence, "confidence in the assessment (free text)";
    standard, with_standard, "national minimum standard the risk is cross-referenced to";
    description, with_description, "description of the risk";
    action, with_action, "management measure (action plan)";
    owner, with_owner, "action owner";
    manager, with_manager, "risk manager";
}

impl Assessment {
    /// An assessment with its required fields; no weighting, no ameliorative action, no measure
    /// in place, no date. The four levels come by position (impact, probability, capability,
    /// capacity); [`Assessment::from_levels`] names each.
    ///
    /// # Errors
    /// `invalid_id` when the id is empty, longer than 64 characters or holds a control character.
    pub fn new(
        id: impl Into<String>,
        area: impl Into<String>,
        impact: impl Into<String>,
        probability: impl Into<String>,
        capability: impl Into<String>,
        capacity: impl Into<String>,
    ) -> Result<Self> {
        let id = id.into();
        check_id(&id)?;
        Ok(Assessment {
            id,
            area: area.into(),
            impact: impact.into(),
            probability: probability.into(),
            weighting: Vec::new(),
            ameliorative: Vec::new(),
            capability: capability.into(),
            capacity: capacity.into(),
            measure_in_place: false,
            assessed_on: None,
            lead_high_risk: None,
            notes: Notes::default(),
        })
    }

    /// An assessment with its four judgement calls named ([`Levels`]); otherwise as
    /// [`Assessment::new`].
    ///
    /// # Errors
    /// As [`Assessment::new`].
    pub fn from_levels<S: Into<String>>(
        id: impl Into<String>,
        area: impl Into<String>,
        levels: Levels<S>,
    ) -> Result<Self> {
        let Levels {
            impact,
            probability,
            capability,
            capacity,
        } = levels;
        Self::new(id, area, impact, probability, capability, capacity)
    }

    /// Sets the weighting factors that apply (keys).
    #[must_use]
    pub fn with_weighting<I, S>(mut self, factors: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.weighting = factors.into_iter().map(Into::into).collect();
        self
    }

    /// Gives points to an ameliorative kind (replacing any points it had).
    #[must_use]
    pub fn with_ameliorative(mut self, kind: impl Into<String>, points: Points) -> Self {
        let kind = kind.into();
        match self.ameliorative.iter_mut().find(|(k, _)| *k == kind) {
            Some(entry) => entry.1 = points,
            None => self.ameliorative.push((kind, points)),
        }
        self
    }

    /// Records whether a proportionate measure is already in place for this gap.
    #[must_use]
    pub fn with_measure_in_place(mut self, in_place: bool) -> Self {
        self.measure_in_place = in_place;
        self
    }

    /// Sets the date of the assessment, from which the action deadline runs.
    #[must_use]
    pub fn with_assessed_on(mut self, date: Date) -> Self {
        self.assessed_on = Some(date);
        self
    }

    /// Records the national (ACPO) lead's own judgement of whether the risk is high: critical to
    /// the force's effectiveness or reputation (SPEC §3 step 11). It replaces the computed
    /// `high_risk` (threat band at or above the matrix's `high_risk_band`), and so decides,
    /// with a red grade, whether the gap is a high need.
    ///
    /// ```
    /// use needmatrix::{Assessment, Matrix};
    ///
    /// // Red and high risk by its threat band, so a high need …
    /// let a = Assessment::new("po-3", "public_order", "critical", "likely", "none", "none")?;
    /// assert!(Matrix::reference().score(&a)?.high_need());
    /// // … until the lead judges the risk not critical to effectiveness or reputation.
    /// let judged = a.with_lead_high_risk(false);
    /// let o = Matrix::reference().score(&judged)?;
    /// assert!(!o.high_risk() && !o.high_need());
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    #[must_use]
    pub fn with_lead_high_risk(mut self, high: bool) -> Self {
        self.lead_high_risk = Some(high);
        self
    }

    /// Reads one assessment from a JSON object and checks it against `matrix`, in the order of
    /// SPEC §3.
    ///
    /// # Errors
    /// `parse` for malformed JSON, a wrong type or an unknown field; `missing_field`; the codes of
    /// SPEC §3 for content, each naming the field.
    pub fn from_json_str(matrix: &Matrix, text: &str) -> Result<Self> {
        read::assessment_from_json(matrix, text)
    }

    #[cfg(feature = "toml")]
    #[cfg_attr(docsrs, doc(cfg(feature = "toml")))]
    /// Reads one assessment from a TOML table (the same fields as JSON) and checks it against
    /// `matrix`, as [`Assessment::from_json_str`].
    ///
    /// # Errors
    /// As [`Assessment::from_json_str`], with TOML's line.
    pub fn from_toml_str(matrix: &Matrix, text: &str) -> Result<Self> {
        read::assessment_from_toml(matrix, text)
    }

    /// The id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The area key.
    #[must_use]
    pub fn area(&self) -> &str {
        &self.area
    }

    /// The impact level key.
    #[must_use]
    pub fn impact(&self) -> &str {
        &self.impact
    }

    /// The probability level key.
    #[must_use]
    pub fn probability(&self) -> &str {
        &self.probability
    }

    /// The weighting factor keys that apply.
    #[must_use]
    pub fn weighting(&self) -> &[String] {
        &self.weighting
    }

    /// The ameliorative points given, by kind key, in the order given.
    #[must_use]
    pub fn ameliorative(&self) -> &[(String, Points)] {
        &self.ameliorative
    }

    /// The capability level key.
    #[must_use]
    pub fn capability(&self) -> &str {
        &self.capability
    }

    /// The capacity level key.
    #[must_use]
    pub fn capacity(&self) -> &str {
        &self.capacity
    }

    /// Whether a proportionate measure is already in place.
    #[must_use]
    pub fn measure_in_place(&self) -> bool {
        self.measure_in_place
    }

    /// The date of the assessment.
    #[must_use]
    pub fn assessed_on(&self) -> Option<Date> {
        self.assessed_on
    }

    /// The lead's judgement of whether the risk is high, when recorded
    /// ([`Assessment::with_lead_high_risk`]).
    #[must_use]
    pub fn lead_high_risk(&self) -> Option<bool> {
        self.lead_high_risk
    }
}

/// An assessment's keys resolved to positions in a matrix: what the arithmetic needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub(crate) area: usize,
    pub(crate) impact: usize,
    pub(crate) probability: usize,
    pub(crate) weighting: Vec<usize>,
    pub(crate) ameliorative: Vec<(usize, Points)>,
    pub(crate) capability: usize,
    pub(crate) capacity: usize,
}

/// The position of level `key` on `scale`, or `UnknownLevel` under `field`.
pub(crate) fn level(scale: &[Level], key: &str, field: &str) -> Result<usize> {
    scale.iter().position(|l| l.key() == key).ok_or_else(|| {
        Error::from(crate::error::Fault::UnknownLevel {
            at: Location::field(field),
            value: key.to_owned(),
            known: crate::error::Known::of(key, scale.iter().map(Level::key)),
        })
    })
}

fn area(matrix: &Matrix, key: &str) -> Result<usize> {
    matrix.area_position(key).ok_or_else(|| {
        Error::from(crate::error::Fault::UnknownArea {
            at: Location::field("area"),
            value: key.to_owned(),
            known: crate::error::Known::of(key, matrix.areas().iter().map(crate::Area::key)),
        })
    })
}

/// Resolves the weighting factors: unknown ones and repeats refused, in list order.
fn factors(matrix: &Matrix, keys: &[String]) -> Result<Vec<usize>> {
    let mut out: Vec<usize> = Vec::with_capacity(keys.len());
    for (i, key) in keys.iter().enumerate() {
        let at = || Location::field(format!("weighting[{i}]"));
        let position = matrix
            .weighting()
            .iter()
            .position(|f| f.key() == key)
            .ok_or_else(|| {
                Error::from(crate::error::Fault::UnknownFactor {
                    at: at(),
                    value: key.clone(),
                    known: crate::error::Known::of(key, matrix.weighting().iter().map(Level::key)),
                })
            })?;
        if out.contains(&position) {
            return Err(Error::from(crate::error::Fault::DuplicateFactor {
                at: at(),
                value: key.clone(),
            }));
        }
        out.push(position);
    }
    Ok(out)
}

/// Ameliorative kind `key` of `matrix` with its position, or `UnknownAmeliorative` at `at` with
/// the kinds the matrix knows.
pub(crate) fn find_ameliorative<'m>(
    matrix: &'m Matrix,
    key: &str,
    at: Location,
) -> Result<(usize, &'m crate::matrix::AmeliorativeKind)> {
    let kinds = matrix.ameliorative();
    kinds
        .iter()
        .enumerate()
        .find(|(_, k)| k.key() == key)
        .ok_or_else(|| {
            Error::from(crate::error::Fault::UnknownAmeliorative {
                at,
                value: key.to_owned(),
                known: crate::error::Known::of(
                    key,
                    kinds.iter().map(crate::matrix::AmeliorativeKind::key),
                ),
            })
        })
}

/// Resolves an ameliorative kind and checks its points against the kind's `max`.
fn ameliorative_kind(matrix: &Matrix, key: &str, points: Points) -> Result<usize> {
    let at = || Location::field(format!("ameliorative.{key}"));
    let (position, kind) = find_ameliorative(matrix, key, at())?;
    if points > kind.max() || points.is_negative() {
        return Err(Error::from(crate::error::Fault::AmeliorativeOutOfRange {
            at: at(),
            value: points.to_string(),
            max: kind.max().to_string(),
        }));
    }
    Ok(position)
}

impl Assessment {
    /// The notes a scored file carries after the outcome, in the order of its `SCORED_NOTES`
    /// columns: description, standard, action, owner, manager.
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    pub(crate) fn scored_notes(&self) -> [Option<&str>; 5] {
        [
            self.description(),
            self.standard(),
            self.action(),
            self.owner(),
            self.manager(),
        ]
    }

    /// The same assessment with its keys replaced (a crosswalk's translation, SPEC §14): every
    /// other field (id, flags, date, notes) is kept.
    pub(crate) fn rekeyed(
        &self,
        area: &str,
        levels: Levels<&str>,
        weighting: Vec<String>,
        ameliorative: Vec<(String, Points)>,
    ) -> Assessment {
        Assessment {
            id: self.id.clone(),
            area: area.to_owned(),
            impact: levels.impact.to_owned(),
            probability: levels.probability.to_owned(),
            weighting,
            ameliorative,
            capability: levels.capability.to_owned(),
            capacity: levels.capacity.to_owned(),
            measure_in_place: self.measure_in_place,
            assessed_on: self.assessed_on,
            lead_high_risk: self.lead_high_risk,
            notes: self.notes.clone(),
        }
    }

    /// Resolves every key against `matrix`, in the order of SPEC §3.
    pub(crate) fn resolve(&self, matrix: &Matrix) -> Result<Resolved> {
        let area = area(matrix, &self.area)?;
        let impact = level(matrix.impact(), &self.impact, "impact")?;
        let probability = level(matrix.probability(), &self.probability, "probability")?;
        let weighting = factors(matrix, &self.weighting)?;
        let ameliorative = self
            .ameliorative
            .iter()
            .map(|(k, p)| ameliorative_kind(matrix, k, *p).map(|i| (i, *p)))
            .collect::<Result<Vec<_>>>()?;
        let capability = level(matrix.capability(), &self.capability, "capability")?;
        let capacity = level(matrix.capacity(), &self.capacity, "capacity")?;
        Ok(Resolved {
            area,
            impact,
            probability,
            weighting,
            ameliorative,
            capability,
            capacity,
        })
    }
}

/// A flag as a file writes it: a JSON boolean or CSV text (`true`/`false`, any case).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RawFlag {
    Bool(bool),
    #[cfg_attr(not(feature = "csv"), allow(dead_code))]
    Text(String),
}

impl<'de> Deserialize<'de> for RawFlag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        bool::deserialize(deserializer).map(RawFlag::Bool)
    }
}

/// An ameliorative map as a file writes it, in file order; a key given twice is refused.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RawAmeliorative(pub(crate) Vec<(String, RawPoints)>);

impl<'de> Deserialize<'de> for RawAmeliorative {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor;
        impl<'de> Visitor<'de> for MapVisitor {
            type Value = RawAmeliorative;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of ameliorative kind to points")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawAmeliorative, A::Error> {
                let mut out: Vec<(String, RawPoints)> = Vec::new();
                // A set, not a scan of what came before: a hostile map may have a million keys.
                let mut seen = std::collections::HashSet::new();
                while let Some(key) = map.next_key::<String>()? {
                    if !seen.insert(key.clone()) {
                        return Err(de::Error::custom(format!(
                            "duplicate ameliorative kind `{key}`"
                        )));
                    }
                    let value = map.next_value::<RawPoints>()?;
                    out.push((key, value));
                }
                Ok(RawAmeliorative(out))
            }
        }
        deserializer.deserialize_map(MapVisitor)
    }
}

/// One assessment of one risk (SPEC §3).
// Every field is optional in Rust so that a missing one is `missing_field`, and every value is
// kept as written so the checks run in SPEC order; the schema marks the required ones.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "Assessment")
)]
pub(crate) struct RawAssessment {
    /// 1 to 64 characters, no control characters.
    #[cfg_attr(feature = "schema", schemars(required, length(min = 1, max = 64)))]
    pub(crate) id: Option<String>,
    /// An area key of the matrix.
    #[cfg_attr(feature = "schema", schemars(required))]
    pub(crate) area: Option<String>,
    /// An impact level key.
    #[cfg_attr(feature = "schema", schemars(required))]
    pub(crate) impact: Option<String>,
    /// A probability level key.
    #[cfg_attr(feature = "schema", schemars(required))]
    pub(crate) probability: Option<String>,
    /// The weighting factor keys that apply, each at most once.
    pub(crate) weighting: Option<Vec<String>>,
    /// Ameliorative points by kind key, 0 to the kind's max.
    pub(crate) ameliorative: Option<RawAmeliorative>,
    /// A capability level key.
    #[cfg_attr(feature = "schema", schemars(required))]
    pub(crate) capability: Option<String>,
    /// A capacity level key.
    #[cfg_attr(feature = "schema", schemars(required))]
    pub(crate) capacity: Option<String>,
    /// A proportionate measure is already in place for this gap.
    pub(crate) measure_in_place: Option<RawFlag>,
    /// The date of the assessment, `YYYY-MM-DD`.
    #[cfg_attr(feature = "schema", schemars(pattern(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))]
    pub(crate) assessed_on: Option<String>,
    /// The national lead's own judgement that the risk is high (or not); replaces the computed
    /// high risk when given.
    pub(crate) lead_high_risk: Option<RawFlag>,
    pub(crate) confidence: Option<String>,
    pub(crate) standard: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) action: Option<String>,
    pub(crate) owner: Option<String>,
    pub(crate) manager: Option<String>,
}

/// The field names of an assessment, in the order of SPEC §3 (the CSV reader checks columns
/// against these).
#[cfg_attr(not(feature = "csv"), allow(dead_code))]
pub(crate) const FIELDS: &[&str] = &[
    "id",
    "area",
    "impact",
    "probability",
    "weighting",
    "ameliorative",
    "capability",
    "capacity",
    "measure_in_place",
    "assessed_on",
    "lead_high_risk",
    "confidence",
    "standard",
    "description",
    "action",
    "owner",
    "manager",
];

fn required(value: Option<String>, field: &str) -> Result<String> {
    value.ok_or_else(|| Error::missing(field))
}

/// Reads a date as SPEC §3 writes it: strictly `YYYY-MM-DD`, a real calendar date (no time of
/// day, no week or ordinal form, no `20090630`).
///
/// ```
/// use needmatrix::parse_date;
///
/// assert_eq!(parse_date("2008-02-29")?.to_string(), "2008-02-29");
/// for bad in ["2009-02-29", "2009-06-30T10:00", "20090630", "2009-6-30", " 2009-06-30"] {
///     assert_eq!(parse_date(bad).unwrap_err().code().as_str(), "invalid_date");
/// }
/// # Ok::<(), needmatrix::Error>(())
/// ```
///
/// # Errors
/// `invalid_date` (its location's field `assessed_on`) for anything else.
pub fn parse_date(text: &str) -> Result<Date> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    let fault = |rule| {
        Error::from(crate::error::Fault::InvalidDate {
            at: Location::field("assessed_on"),
            value: text.to_owned(),
            rule,
        })
    };
    if !shaped {
        return Err(fault("a date is written YYYY-MM-DD"));
    }
    let number = |range: std::ops::Range<usize>| {
        text.get(range)
            .and_then(|s| s.parse::<i16>().ok())
            .unwrap_or(-1)
    };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let month = i8::try_from(month).unwrap_or(-1);
    let day = i8::try_from(day).unwrap_or(-1);
    Date::new(year, month, day).map_err(|_| fault("no such calendar date"))
}

impl RawAssessment {
    /// Checks every field in the order of SPEC §3 and builds the assessment; without a matrix,
    /// every check but those of keys against a matrix (which run when it is scored).
    pub(crate) fn check(self, matrix: Option<&Matrix>) -> Result<Assessment> {
        let id = required(self.id, "id")?;
        check_id(&id)?;
        // A key check against the matrix, when there is one (without, keys wait for scoring).
        let against = |check: &dyn Fn(&Matrix) -> Result<usize>| -> Result<()> {
            matrix.map_or(Ok(()), |m| check(m).map(drop))
        };
        let area_key = required(self.area, "area")?;
        against(&|m| area(m, &area_key))?;
        let impact = required(self.impact, "impact")?;
        against(&|m| level(m.impact(), &impact, "impact"))?;
        let probability = required(self.probability, "probability")?;
        against(&|m| level(m.probability(), &probability, "probability"))?;
        let weighting = self.weighting.unwrap_or_default();
        against(&|m| factors(m, &weighting).map(|f| f.len()))?;
        let ameliorative = self
            .ameliorative
            .unwrap_or_default()
            .0
            .into_iter()
            .map(|(key, raw)| {
                let field = format!("ameliorative.{key}");
                if let Some(m) = matrix {
                    find_ameliorative(m, &key, Location::field(field.clone()))?;
                }
                let points = raw.to_points().map_err(|e| e.under_field(&field))?;
                against(&|m| ameliorative_kind(m, &key, points))?;
                Ok((key, points))
            })
            .collect::<Result<Vec<_>>>()?;
        let capability = required(self.capability, "capability")?;
        against(&|m| level(m.capability(), &capability, "capability"))?;
        let capacity = required(self.capacity, "capacity")?;
        against(&|m| level(m.capacity(), &capacity, "capacity"))?;
        let measure_in_place = self
            .measure_in_place
            .map(|f| f.into_bool("measure_in_place"))
            .transpose()?
            .unwrap_or(false);
        let assessed_on = self.assessed_on.as_deref().map(parse_date).transpose()?;
        let lead_high_risk = self
            .lead_high_risk
            .map(|f| f.into_bool("lead_high_risk"))
            .transpose()?;
        for (field, text) in [
            ("confidence", &self.confidence),
            ("standard", &self.standard),
            ("description", &self.description),
            ("action", &self.action),
            ("owner", &self.owner),
            ("manager", &self.manager),
        ] {
            if let Some(text) = text
                && text.chars().nth(MAX_TEXT_CHARS).is_some()
            {
                return Err(Error::from(crate::error::Fault::OutOfRange {
                    at: Location::field(field),
                    value: text.clone(),
                    rule: format!("a text field holds at most {MAX_TEXT_CHARS} characters"),
                }));
            }
        }
        Ok(Assessment {
            id,
            area: area_key,
            impact,
            probability,
            weighting,
            ameliorative,
            capability,
            capacity,
            measure_in_place,
            assessed_on,
            lead_high_risk,
            notes: Notes {
                confidence: self.confidence,
                standard: self.standard,
                description: self.description,
                action: self.action,
                owner: self.owner,
                manager: self.manager,
            },
        })
    }
}

impl RawFlag {
    /// The flag's value: a boolean, or CSV text `true` / `false` in any case (spreadsheets write
    /// `TRUE`; empty cells never get here); `parse` naming `field` otherwise.
    fn into_bool(self, field: &str) -> Result<bool> {
        match self {
            RawFlag::Bool(b) => Ok(b),
            RawFlag::Text(text) if text.eq_ignore_ascii_case("true") => Ok(true),
            RawFlag::Text(text) if text.eq_ignore_ascii_case("false") => Ok(false),
            RawFlag::Text(text) => Err(Error::parse(
                Location::field(field),
                format!("`{text}` is not `true` or `false`"),
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Assessment {
    /// Reads an assessment in the form of SPEC §3 (as JSON or TOML write it). Every check that
    /// needs no matrix runs now (the id, required fields, points of SPEC §1, dates, text
    /// lengths); keys are checked against a matrix when the assessment is scored, so an
    /// assessment in a web request body can be read before it is known which matrix scores it.
    ///
    /// ```
    /// use needmatrix::{Assessment, ErrorCode, Matrix};
    ///
    /// let a: Assessment = serde_json::from_str(
    ///     r#"{"id": "x", "area": "major_crime", "impact": "huge", "probability": "rare",
    ///         "capability": "none", "capacity": "none"}"#,
    /// )?;
    /// // Read, but `huge` is no impact level of the reference matrix.
    /// let e = Matrix::reference().score(&a).unwrap_err();
    /// assert_eq!(e.code(), ErrorCode::UnknownLevel);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RawAssessment::deserialize(deserializer)?
            .check(None)
            .map_err(de::Error::custom)
    }
}

impl Serialize for Assessment {
    /// The JSON form of SPEC §3: optional fields left out when absent, `ameliorative` as a map in
    /// the order given, points as canonical strings.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Ameliorative<'a>(&'a [(String, Points)]);
        impl Serialize for Ameliorative<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (k, p) in self.0 {
                    map.serialize_entry(k, p)?;
                }
                map.end()
            }
        }
        let n = &self.notes;
        let mut s = serializer.serialize_struct("Assessment", 17)?;
        s.serialize_field("id", &self.id)?;
        s.serialize_field("area", &self.area)?;
        s.serialize_field("impact", &self.impact)?;
        s.serialize_field("probability", &self.probability)?;
        s.serialize_field("weighting", &self.weighting)?;
        s.serialize_field("ameliorative", &Ameliorative(&self.ameliorative))?;
        s.serialize_field("capability", &self.capability)?;
        s.serialize_field("capacity", &self.capacity)?;
        s.serialize_field("measure_in_place", &self.measure_in_place)?;
        match self.assessed_on {
            Some(date) => s.serialize_field("assessed_on", &date.to_string())?,
            None => s.skip_field("assessed_on")?,
        }
        match self.lead_high_risk {
            Some(high) => s.serialize_field("lead_high_risk", &high)?,
            None => s.skip_field("lead_high_risk")?,
        }
        for (name, value) in [
            ("confidence", &n.confidence),
            ("standard", &n.standard),
            ("description", &n.description),
            ("action", &n.action),
            ("owner", &n.owner),
            ("manager", &n.manager),
        ] {
            match value {
                Some(v) => s.serialize_field(name, v)?,
                None => s.skip_field(name)?,
            }
        }
        s.end()
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for RawFlag {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Flag".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "boolean"})
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for RawAmeliorative {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AmeliorativePoints".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let points = generator.subschema_for::<RawPoints>();
        schemars::json_schema!({"type": "object", "additionalProperties": points})
    }
}
