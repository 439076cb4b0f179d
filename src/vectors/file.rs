//! The vector file format (`needmatrix-vectors/1`): what a file holds, kept as written.
//!
//! Inputs, expectations and the matrix are held as the JSON text the file gave, in the file's
//! order, so that a file read and written again keeps its cases as their publisher wrote them, and
//! so that faulty inputs (which error cases exist to hold) survive untouched.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::error::Result;

/// The format name a vector file carries.
pub const FORMAT: &str = "needmatrix-vectors/1";

/// A vector file. Unknown fields are ignored so that publishers may annotate their files; a case
/// must still hold exactly one of `expect` and `expect_error`.
///
/// Read one with [`serde_json`] (or run it directly with [`run_str`](super::run_str)); make one
/// with [`emit`](super::emit).
///
/// ```
/// use needmatrix::{Matrix, vectors::{self, VectorInput}};
///
/// let input = VectorInput::from_json_str(
///     r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none"}"#,
/// )?;
/// let file = vectors::emit(Matrix::reference(), &[input], Some("mine"));
/// assert_eq!((file.format(), file.description()), (vectors::FORMAT, Some("mine")));
/// assert_eq!(file.cases()[0].expected_field("need"), Some("\"16\""));
/// assert_eq!(vectors::run_str(&file.to_json(), "mine.json").passed(), 1);
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(
        title = "needmatrix conformance vectors",
        description = "A vector file. Unknown fields are ignored so that publishers may annotate their files; a case must still hold exactly one of `expect` and `expect_error`.",
        transform = super::schema::vector_file_rules
    )
)]
pub struct VectorFile {
    /// Must be `needmatrix-vectors/1`.
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "super::schema::format_name")
    )]
    pub(super) format: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) description: Option<String>,
    /// `"reference"` or a whole matrix object.
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "super::schema::matrix_or_reference")
    )]
    #[serde(serialize_with = "as_written")]
    pub(super) matrix: Box<RawValue>,
    /// The cases; absent in a file that expects its matrix to be refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) cases: Option<Vec<Case>>,
    /// The code the matrix must be refused with (a file with no cases).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) expect_matrix_error: Option<String>,
    /// A crosswalk (SPEC §14) from `matrix` to `to_matrix`: each case's input is an assessment
    /// of `matrix`, translated and scored under `to_matrix`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "as_written_opt"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "super::schema::any_object")
    )]
    pub(super) crosswalk: Option<Box<RawValue>>,
    /// The matrix a crosswalk translates to: `"reference"` or a whole matrix object.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "as_written_opt"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "super::schema::matrix_or_reference")
    )]
    pub(super) to_matrix: Option<Box<RawValue>>,
    /// The code the crosswalk must be refused with (a file with no cases).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) expect_crosswalk_error: Option<String>,
}

impl VectorFile {
    /// The format name the file gives (a runnable file gives [`FORMAT`]).
    #[must_use]
    pub fn format(&self) -> &str {
        &self.format
    }

    /// The file's description, if any.
    #[must_use]
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The matrix as the file writes it: `"reference"` or a whole matrix object, as JSON text.
    #[must_use]
    pub fn matrix_json(&self) -> &str {
        self.matrix.get()
    }

    /// The cases (none in a file that expects its matrix to be refused).
    #[must_use]
    pub fn cases(&self) -> &[Case] {
        self.cases.as_deref().unwrap_or_default()
    }

    /// The code the matrix must be refused with, in a file that has no cases.
    #[must_use]
    pub fn expect_matrix_error(&self) -> Option<&str> {
        self.expect_matrix_error.as_deref()
    }

    /// The crosswalk as the file writes it (JSON text), for a file of crosswalk cases.
    #[must_use]
    pub fn crosswalk_json(&self) -> Option<&str> {
        self.crosswalk.as_deref().map(RawValue::get)
    }

    /// The matrix a crosswalk translates to, as the file writes it.
    #[must_use]
    pub fn to_matrix_json(&self) -> Option<&str> {
        self.to_matrix.as_deref().map(RawValue::get)
    }

    /// The code the crosswalk must be refused with, in a file that has no cases.
    #[must_use]
    pub fn expect_crosswalk_error(&self) -> Option<&str> {
        self.expect_crosswalk_error.as_deref()
    }

    /// The file as pretty-printed JSON, as it is published.
    #[must_use]
    pub fn to_json(&self) -> String {
        // Serialising owned strings and raw JSON cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Writes the file as pretty-printed JSON.
    ///
    /// # Errors
    /// The writer's I/O error.
    pub fn write_json<W: std::io::Write>(&self, writer: W) -> std::io::Result<()> {
        serde_json::to_writer_pretty(writer, self).map_err(std::io::Error::from)
    }
}

/// One case: an assessment and what scoring it must give.
///
/// ```
/// use needmatrix::{Matrix, vectors::{self, VectorInput}};
///
/// let input = VectorInput::from_json_str(r#"{"id": "b", "area": "moon"}"#)?;
/// let file = vectors::emit(Matrix::reference(), &[input], None);
/// let case = &file.cases()[0];
/// // Checked in SPEC order: the area is wrong before anything is missing.
/// assert_eq!((case.name(), case.expect_error()), ("b", Some("unknown_area")));
/// assert_eq!(case.expected().count(), 0);
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(
        description = "One case: an assessment and what scoring it must give.",
        transform = super::schema::case_rules
    )
)]
pub struct Case {
    /// The case's name, reported when it fails.
    pub(super) name: String,
    /// The assessment, as a JSON object (SPEC §3). Error cases hold faulty ones, so the schema
    /// asks only for an object.
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "super::schema::any_object")
    )]
    pub(super) input: VectorInput,
    /// Outcome fields that must match (any subset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "super::schema::any_object")
    )]
    pub(super) expect: Option<Expectations>,
    /// The error code scoring must be refused with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) expect_error: Option<String>,
}

impl Case {
    /// The case's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The input assessment, as the file writes it.
    #[must_use]
    pub fn input(&self) -> &VectorInput {
        &self.input
    }

    /// The expected outcome fields, in file order: each field's name and its expected value as
    /// JSON text (`"\"17.5\""`, `"true"`, `"null"`). Empty for an error case.
    pub fn expected(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.expect
            .iter()
            .flat_map(|e| e.0.iter().map(|(k, v)| (k.as_str(), v.get())))
    }

    /// The expected value of one outcome field as JSON text, if the case names it.
    #[must_use]
    pub fn expected_field(&self, field: &str) -> Option<&str> {
        self.expected().find(|(k, _)| *k == field).map(|(_, v)| v)
    }

    /// The error code scoring must be refused with, for an error case.
    #[must_use]
    pub fn expect_error(&self) -> Option<&str> {
        self.expect_error.as_deref()
    }
}

/// One input of a vector case: a JSON value, kept exactly as written (error cases hold faulty
/// assessments on purpose, so it is not checked until it is scored).
///
/// ```
/// use needmatrix::vectors::VectorInput;
///
/// let input = VectorInput::from_json_str(r#"{"id": "a",  "area": "x"}"#)?;
/// assert_eq!(input.as_json_str(), r#"{"id": "a",  "area": "x"}"#); // kept as written
/// assert!(VectorInput::from_json_str("{").is_err());
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, Deserialize)]
#[serde(transparent)]
pub struct VectorInput(Box<RawValue>);

impl Serialize for VectorInput {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        as_written(&self.0, serializer)
    }
}

/// JSON kept as written, serialised again token by token: the same keys in the same order, laid
/// out as the rest of the file is (indented in a pretty file, compact in a compact one).
fn as_written<S: Serializer>(raw: &RawValue, serializer: S) -> Result<S::Ok, S::Error> {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    serde_transcode::transcode(&mut de, serializer)
}

/// [`as_written`] for an optional value (only called when present).
fn as_written_opt<S: Serializer>(
    raw: &Option<Box<RawValue>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match raw {
        Some(raw) => as_written(raw, serializer),
        None => serializer.serialize_none(),
    }
}

impl VectorInput {
    /// An input from JSON text (any JSON value; only its syntax is checked here).
    ///
    /// # Errors
    /// `parse` for malformed JSON, with the line and column.
    pub fn from_json_str(text: &str) -> Result<Self> {
        crate::text::json::from_json::<Box<RawValue>>(text).map(VectorInput)
    }

    /// The input as JSON text.
    #[must_use]
    pub fn as_json_str(&self) -> &str {
        self.0.get()
    }

    /// The input's `id`, when it is an object with a string id.
    pub(super) fn id(&self) -> Option<String> {
        #[derive(Deserialize)]
        struct WithId {
            id: Option<String>,
        }
        serde_json::from_str::<WithId>(self.0.get()).ok()?.id
    }
}

impl fmt::Display for VectorInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.get())
    }
}

/// Raw JSON as a serialisable value ([`as_written`]).
struct Written<'a>(&'a RawValue);

impl Serialize for Written<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        as_written(self.0, serializer)
    }
}

/// Expected outcome fields in file order, each value kept as its JSON text.
#[derive(Clone, Debug, Default)]
pub(super) struct Expectations(pub(super) Vec<(String, Box<RawValue>)>);

impl Serialize for Expectations {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, &Written(v))?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Expectations {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = Expectations;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of outcome field to expected value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Expectations, A::Error> {
                let mut out = Vec::new();
                // A set, not a scan of what came before: a hostile map may have a million keys.
                let mut seen = std::collections::HashSet::new();
                while let Some(key) = map.next_key::<String>()? {
                    // As every other reader of the crate: a key given twice is refused, never
                    // decided by which one comes last.
                    if !seen.insert(key.clone()) {
                        return Err(serde::de::Error::custom(format!(
                            "duplicate outcome field `{key}`"
                        )));
                    }
                    out.push((key, map.next_value::<Box<RawValue>>()?));
                }
                Ok(Expectations(out))
            }
        }
        deserializer.deserialize_map(Fields)
    }
}
