//! TOML documents to values, with errors located by line, column and path.

use super::line_column;
use crate::error::{Error, Location, Result};

/// A TOML error as a located `parse` error.
pub(crate) fn toml_error(e: &toml::de::Error, text: &str, path: &str) -> Error {
    let mut at = Location::new();
    if let Some(span) = e.span() {
        let (line, column) = line_column(text, span.start);
        at = at.with_line(line).with_column(column);
    }
    if !path.is_empty() && path != "." {
        at = at.with_field_prefix(path);
    }
    Error::parse(at, e.message().trim().to_owned())
}

/// Deserialises a whole TOML document, errors located by line, column and path.
pub(crate) fn from_toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    let de = toml::Deserializer::parse(text).map_err(|e| toml_error(&e, text, ""))?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        toml_error(e.inner(), text, &path)
    })
}
