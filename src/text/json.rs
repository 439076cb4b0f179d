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
