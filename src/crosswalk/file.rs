//! The crosswalk file (`needmatrix-crosswalk/1`, SPEC §14): what JSON and TOML files hold, the
//! checks that turn one into a [`Crosswalk`], and the canonical JSON written back.

use std::collections::HashSet;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use super::{Crosswalk, MapName, positions};
use crate::error::{Error, Fault, FaultList, Location, Result};
use crate::matrix::Matrix;
use crate::quote::Quoted;

/// The format name a crosswalk file declares.
pub const FORMAT: &str = "needmatrix-crosswalk/1";

/// A crosswalk file as written (SPEC §14).
// Every field is optional in Rust so that a missing one is `missing_field` with its name; the
// schema marks the required ones.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(title = "needmatrix crosswalk")
)]
pub(crate) struct CrosswalkFile {
    /// `needmatrix-crosswalk/1`.
    #[cfg_attr(
        feature = "schema",
        schemars(required, regex(pattern = r"^needmatrix-crosswalk/1$"))
    )]
    format: Option<String>,
    /// Matrix A, which assessments are translated from.
    #[cfg_attr(feature = "schema", schemars(required))]
    from: Option<Side>,
    /// Matrix B, which they are translated to.
    #[cfg_attr(feature = "schema", schemars(required))]
    to: Option<Side>,
    /// Area of A → area of B.
    areas: Option<KeyMap>,
    /// Impact level of A → impact level of B.
    impact: Option<KeyMap>,
    /// Probability level of A → probability level of B.
    probability: Option<KeyMap>,
    /// Capability level of A → capability level of B.
    capability: Option<KeyMap>,
    /// Capacity level of A → capacity level of B.
    capacity: Option<KeyMap>,
    /// Weighting factor of A → weighting factor of B, or `null` (dropped).
    weighting: Option<KeyMap>,
    /// Ameliorative kind of A → ameliorative kind of B, or `null` (dropped).
    ameliorative: Option<KeyMap>,
}

/// One of the two matrices a crosswalk names.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct Side {
    /// `id@version`, for people: informative.
    matrix: Option<String>,
    /// The matrix's fingerprint (SHA-256 of its canonical JSON, lower-case hex): checked.
    #[cfg_attr(
        feature = "schema",
        schemars(required, regex(pattern = r"^[0-9a-f]{64}$"))
    )]
    fingerprint: Option<String>,
}

/// One map as written, in file order, a key given twice kept twice (so that it is refused as
/// `duplicate_key` naming the map, not kept once silently as a map type would).
#[derive(Debug, Default)]
struct KeyMap(Vec<(String, Option<String>)>);

impl<'de> Deserialize<'de> for KeyMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct MapVisitor;
        impl<'de> Visitor<'de> for MapVisitor {
            type Value = KeyMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of keys of the first matrix to keys of the second")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<KeyMap, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    out.push((key, map.next_value::<Option<String>>()?));
                }
                Ok(KeyMap(out))
            }
        }
        deserializer.deserialize_map(MapVisitor)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for KeyMap {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "KeyMap".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "propertyNames": {"pattern": "^[a-z0-9_]{1,32}$"},
            "additionalProperties": {
                "anyOf": [{"type": "string", "pattern": "^[a-z0-9_]{0,32}$"}, {"type": "null"}]
            }
        })
    }
}

pub(crate) fn from_json(text: &str) -> Result<CrosswalkFile> {
    crate::text::json::from_json(text)
}

/// TOML refuses a repeated key itself; that refusal is `duplicate_key`, as in JSON, naming
/// the map and key (read from the line the parser names).
#[cfg(feature = "toml")]
pub(crate) fn from_toml(text: &str) -> Result<CrosswalkFile> {
    crate::text::toml::from_toml(text).map_err(|e| {
        let line = e.location().and_then(crate::Location::line);
        match line {
            Some(line) if e.detail().starts_with("duplicate key") => {
                let (table, key) = toml_key_at(text, line);
                let at = e.location().cloned().unwrap_or_default();
                Error::from(Fault::DuplicateKey {
                    at: at.with_field_prefix(&format!("{table}.{}", Quoted(&key))),
                    key,
                })
            }
            _ => e,
        }
    })
}

/// The table (`[impact]`) and key (`major = …`) of line `line` (from 1) of a TOML text.
#[cfg(feature = "toml")]
fn toml_key_at(text: &str, line: u64) -> (String, String) {
    let mut table = String::new();
    let mut key = String::new();
    for (n, row) in (1..=line).zip(text.lines()) {
        let row = row.trim();
        if let Some(name) = row.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            table = name.trim().to_owned();
        }
        if n == line {
            key = row
                .split('=')
                .next()
                .unwrap_or_default()
                .trim()
                .trim_matches('"')
                .to_owned();
        }
    }
    (table, key)
}

impl CrosswalkFile {
    /// The checks of SPEC §14 in order: the format, the two fingerprints, then every map, each
    /// fault naming the map and key. `empty_is_null`: TOML has no `null`, and writes a dropped
    /// factor or kind as `""`.
    pub(crate) fn validate(
        self,
        from: &Matrix,
        to: &Matrix,
        empty_is_null: bool,
    ) -> Result<Crosswalk> {
        let format = self.format.ok_or_else(|| Error::missing("format"))?;
        if format != FORMAT {
            return Err(Error::parse(
                Location::field("format"),
                format!("format `{}` is not `{FORMAT}`", Quoted(&format)),
            ));
        }
        for (name, side, matrix) in [("from", self.from, from), ("to", self.to, to)] {
            let side = side.ok_or_else(|| Error::missing(name))?;
            let fingerprint = side
                .fingerprint
                .ok_or_else(|| Error::missing(&format!("{name}.fingerprint")))?;
            if fingerprint != matrix.fingerprint() {
                return Err(Error::from(Fault::MatrixMismatch {
                    at: Location::field(format!("{name}.fingerprint")),
                    expected: format!(
                        "{} fingerprint {} (the `{name}` matrix given)",
                        matrix.label(),
                        matrix.fingerprint()
                    ),
                    found: format!(
                        "{} fingerprint {} (the crosswalk's `{name}`)",
                        Quoted(side.matrix.as_deref().unwrap_or("(unnamed)")),
                        Quoted(&fingerprint)
                    ),
                }));
            }
        }
        let maps = [
            self.areas,
            self.impact,
            self.probability,
            self.capability,
            self.capacity,
            self.weighting,
            self.ameliorative,
        ];
        let mut faults = FaultList::default();
        let mut targets: [Vec<Option<usize>>; 7] = Default::default();
        for ((map, given), slot) in MapName::ALL.iter().zip(maps).zip(&mut targets) {
            *slot = check_map(
                *map,
                given.unwrap_or_default(),
                from,
                to,
                empty_is_null,
                &mut faults,
            );
        }
        faults.into_result()?;
        Ok(Crosswalk::checked(from, to, targets))
    }
}

/// Checks one map against A's and B's lists; gives the target of each key of A (faults pushed
/// for every entry that is wrong and every key of A without one).
fn check_map(
    map: MapName,
    given: KeyMap,
    from: &Matrix,
    to: &Matrix,
    empty_is_null: bool,
    faults: &mut FaultList,
) -> Vec<Option<usize>> {
    let (from_keys, to_keys) = (map.keys(from), map.keys(to));
    let (from_at, to_at) = (positions(&from_keys), positions(&to_keys));
    let mut targets = vec![None; from_keys.len()];
    let mut mapped = vec![false; from_keys.len()];
    let mut seen = HashSet::new();
    for (key, value) in given.0 {
        let at = || Location::field(format!("{map}.{}", Quoted(&key)));
        if !seen.insert(key.clone()) {
            faults.push_with(|| {
                Error::from(Fault::DuplicateKey {
                    at: at(),
                    key: key.clone(),
                })
            });
            continue;
        }
        let Some(&position) = from_at.get(key.as_str()) else {
            faults.push_with(|| map.unknown(&key, &from_keys, at()));
            continue;
        };
        let value = value.filter(|v| !(empty_is_null && v.is_empty()));
        let target = match value {
            None if map.drops_allowed() => None,
            None => {
                faults.push_with(|| {
                    Error::parse(
                        at(),
                        format!(
                            "`null` (in TOML `\"\"`) is allowed in `weighting` and `ameliorative` only: every key of `{map}` must reach a key of the second matrix"
                        ),
                    )
                });
                continue;
            }
            Some(value) => match to_at.get(value.as_str()) {
                Some(&b) => Some(b),
                None => {
                    faults.push_with(|| map.unknown(&value, &to_keys, at()));
                    continue;
                }
            },
        };
        if let (Some(slot), Some(done)) = (targets.get_mut(position), mapped.get_mut(position)) {
            *slot = target;
            *done = true;
        }
    }
    for (key, done) in from_keys.iter().zip(&mapped) {
        if !*done && !seen.contains(*key) {
            faults.push_with(|| {
                Error::from(Fault::CrosswalkIncomplete {
                    at: Location::field(format!("{map}.{key}")),
                    map: map.as_str(),
                    key: (*key).to_owned(),
                })
            });
        }
    }
    targets
}

/// The canonical file of a crosswalk: maps in A's order, fingerprints in full.
pub(crate) fn to_json(crosswalk: &Crosswalk) -> String {
    serde_json::to_string_pretty(&Canonical(crosswalk)).unwrap_or_default()
}

struct Canonical<'a>(&'a Crosswalk);

struct Entries<'a>(&'a Crosswalk, MapName);

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_map(None)?;
        for (key, target) in self.0.entries(self.1) {
            out.serialize_entry(key, &target)?;
        }
        out.end()
    }
}

impl Serialize for Canonical<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let side =
            |m: &Matrix| serde_json::json!({"matrix": m.label(), "fingerprint": m.fingerprint()});
        let c = self.0;
        let mut out = serializer.serialize_map(Some(10))?;
        out.serialize_entry("format", FORMAT)?;
        out.serialize_entry("from", &side(c.from_matrix()))?;
        out.serialize_entry("to", &side(c.to_matrix()))?;
        for map in MapName::ALL.iter().copied() {
            out.serialize_entry(map.as_str(), &Entries(c, map))?;
        }
        out.end()
    }
}
