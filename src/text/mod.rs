//! The lowest reading layer: files to text (checked for size and kind before they are read),
//! byte offsets to lines and columns, and parser errors to located [`Error`]s. It knows nothing
//! of matrices or assessments.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Location, Result};

#[cfg(feature = "csv")]
pub(crate) mod csv;
#[cfg(feature = "toml")]
pub(crate) mod toml;
pub(crate) mod json;

/// Largest file any reader accepts, in bytes (256 MiB): a hostile file cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a whole file as UTF-8 text (a leading byte-order mark is dropped).
pub(crate) fn read_text(path: &Path) -> Result<String> {
    let name = path.display().to_string();
    let io = |e: std::io::Error| Error::io(name.clone(), e);
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::from(crate::error::Fault::OutOfRange {
            at: Location::new().with_file(&name),
            value: format!("{} bytes or more", MAX_FILE_BYTES + 1),
            rule: format!("a file holds at most {MAX_FILE_BYTES} bytes"),
        }));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let (line, column) = line_column(
            &String::from_utf8_lossy(e.as_bytes().get(..offset).unwrap_or_default()),
            offset,
        );
        Error::parse(
            Location::new()
                .with_file(&name)
                .with_line(line)
                .with_column(column),
            "invalid UTF-8",
        )
    })?;
    Ok(strip_bom(text))
}

fn strip_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (u64, u64) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.bytes().filter(|b| *b == b'\n').count() as u64 + 1;
    let column = before.rfind('\n').map_or(before.chars().count(), |n| {
        before.get(n + 1..).unwrap_or_default().chars().count()
    }) as u64
        + 1;
    (line, column)
}


/// Moves a location found inside a record to where the record sits in its file.
pub(crate) fn shift(at: Location, base_line: u64, base_column: u64) -> Location {
    match (at.line(), at.column()) {
        (Some(1), Some(column)) => Location::new()
            .with_line(base_line)
            .with_column(base_column + column - 1),
        (Some(line), column) => {
            let moved = Location::new().with_line(base_line + line - 1);
            match column {
                Some(c) => moved.with_column(c),
                None => moved,
            }
        }
        _ => Location::new().with_line(base_line),
    }
    .merge_rest(at)
}

