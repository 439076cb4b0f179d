//! Small named-column CSV files read whole, with the line of every record.

use crate::error::{Error, Location, Result};

pub(crate) fn csv_error(e: &csv::Error) -> Error {
    let mut at = Location::new();
    if let Some(position) = e.position() {
        at = at.with_line(position.line());
    }
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("row has {len} cells, the header has {expected_len}"),
        csv::ErrorKind::Utf8 { err, .. } => {
            format!("invalid UTF-8 in cell {}", err.field() + 1)
        }
        _ => e.to_string(),
    };
    Error::parse(at, message)
}

/// Finds columns by name in a CSV header row, in any order.
///
/// # Errors
/// `missing_field` at line 1 naming the first column that is not there.
pub(crate) fn columns<const N: usize>(
    headers: &csv::StringRecord,
    names: [&str; N],
) -> Result<[usize; N]> {
    let mut out = [0; N];
    for (slot, name) in out.iter_mut().zip(names) {
        *slot = headers.iter().position(|h| h == name).ok_or_else(|| {
            Error::from(crate::error::Fault::MissingField {
                at: Location::new().with_line(1).with_field_prefix(name),
            })
        })?;
    }
    Ok(out)
}

/// Reads a small CSV text whole: its header row and its records with their lines (a leading
/// byte-order mark dropped).
///
/// # Errors
/// `parse` with the line for malformed CSV.
pub(crate) fn rows(text: &str) -> Result<(csv::StringRecord, Vec<(u64, csv::StringRecord)>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::parse(Location::new().with_line(1), e.to_string()))?
        .clone();
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            Error::parse(
                Location::new().with_line(e.position().map_or(0, csv::Position::line)),
                e.to_string(),
            )
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        out.push((line, record));
    }
    Ok((headers, out))
}

/// A required cell: `missing_field` with its line and column name when empty or absent.
pub(crate) fn cell<'r>(
    record: &'r csv::StringRecord,
    col: usize,
    name: &str,
    line: u64,
) -> Result<&'r str> {
    match record.get(col) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(Error::from(crate::error::Fault::MissingField {
            at: Location::new().with_line(line).with_field_prefix(name),
        })),
    }
}
