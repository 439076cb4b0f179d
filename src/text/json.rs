//! JSON documents to values, with errors located by line, column and path.

use crate::error::{Error, Location, Result};

/// A serde_json error with its path, as a located `parse` error.
pub(crate) fn json_error(e: serde_path_to_error::Error<serde_json::Error>) -> Error {
    let path = e.path().to_string();
    let inner = e.into_inner();
    let mut at = Location::new();
    if inner.line() > 0 {
        at = at
            .with_line(inner.line() as u64)
            .with_column(inner.column() as u64);
    }
    if path != "." && !path.is_empty() {
        at = at.with_field_prefix(&path);
    }
    Error::parse(at, strip_json_position(&inner.to_string()))
}

/// A serde_json error without a path.
pub(crate) fn json_error_plain(e: &serde_json::Error, context: &str) -> Error {
    let at = Location::new()
        .with_line(e.line() as u64)
        .with_column(e.column() as u64);
    Error::parse(
        at,
        format!("{context}: {}", strip_json_position(&e.to_string())),
    )
}

/// serde_json ends its messages with " at line L column C"; the location says that already.
fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(n) => message.get(..n).unwrap_or(message).to_owned(),
        None => message.to_owned(),
    }
}

/// Deserialises a whole JSON document, errors located by line, column and path.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(json_error)?;
    de.end()
        .map_err(|e| json_error_plain(&e, "trailing characters"))?;
    Ok(value)
}

/// A JSON value read only to check that no object names a key twice (`{"impact": "major",
/// "impact": "minor"}`): a map would keep one of the two silently, where a typed record refuses
/// it. Its error names the key, and through `from_json` the line, column and path.
#[cfg(feature = "vectors")]
pub(crate) struct UniqueKeys;

#[cfg(feature = "vectors")]
impl<'de> serde::Deserialize<'de> for UniqueKeys {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(UniqueKeysVisitor)
    }
}

#[cfg(feature = "vectors")]
struct UniqueKeysVisitor;

#[cfg(feature = "vectors")]
impl<'de> serde::de::Visitor<'de> for UniqueKeysVisitor {
    type Value = UniqueKeys;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> std::result::Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_i64<E>(self, _: i64) -> std::result::Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_u64<E>(self, _: u64) -> std::result::Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_f64<E>(self, _: f64) -> std::result::Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_str<E>(self, _: &str) -> std::result::Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_unit<E>(self) -> std::result::Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<UniqueKeys, A::Error> {
        while seq.next_element::<UniqueKeys>()?.is_some() {}
        Ok(UniqueKeys)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<UniqueKeys, A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(serde::de::Error::custom(format!(
                    "duplicate key `{}` in one object",
                    crate::quote::Quoted(&key)
                )));
            }
            map.next_value::<UniqueKeys>()?;
        }
        Ok(UniqueKeys)
    }
}
