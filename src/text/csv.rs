//! CSV files read record by record with the true line of every record (right for CRLF, blank
//! lines and quoted line breaks, counted in one pass), refused whole for an unterminated quote or
//! a repeated column; and small named-column files read whole.

use super::Lines;
use crate::error::{Error, Location, Result};

/// The records of a CSV text after its header row, each with the line it starts on.
pub(crate) struct Records<'t> {
    reader: csv::Reader<&'t [u8]>,
    lines: Lines<'t>,
}

impl<'t> Records<'t> {
    /// Reads the header row (a leading byte-order mark dropped).
    ///
    /// # Errors
    /// `parse` at line 1 for an empty file, a malformed or repeated header, and at the line it
    /// opens for a quote that is never closed (which would swallow every later row into one
    /// cell).
    pub(crate) fn new(text: &'t str) -> Result<(Self, csv::StringRecord)> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let delimiter = sniff_delimiter(text);
        if let Some(line) = unterminated_quote(text, delimiter) {
            return Err(Error::parse(
                Location::new().with_line(line),
                "a quoted cell opened on this line is never closed",
            ));
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let headers = reader.headers().map_err(|e| csv_error(&e))?.clone();
        if headers.is_empty() || (headers.len() == 1 && headers.get(0) == Some("")) {
            return Err(Error::parse(
                Location::new().with_line(1),
                "empty file: a CSV file starts with a header row",
            ));
        }
        // A set, not a pairwise comparison: a hostile header may have a million columns.
        let mut seen = std::collections::HashSet::with_capacity(headers.len());
        for name in &headers {
            if !seen.insert(name) {
                return Err(Error::parse(
                    Location::new().with_line(1).with_field_prefix(name),
                    format!("column `{name}` appears twice"),
                ));
            }
        }
        let records = Records {
            reader,
            lines: Lines::new(text),
        };
        Ok((records, headers))
    }

    /// Reads the next record into `record`: `None` at the end, else the line it starts on, or
    /// the located fault that stopped it being read (`Err` with `true` when reading cannot go
    /// on).
    pub(crate) fn next(
        &mut self,
        record: &mut csv::StringRecord,
    ) -> Option<std::result::Result<u64, (Error, bool)>> {
        match self.reader.read_record(record) {
            Ok(false) => None,
            Ok(true) => {
                let start = record.position().map_or(0, |p| p.byte() as usize);
                Some(Ok(self.line_of(start)))
            }
            Err(e) => {
                let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                let line = e.position().map(|p| self.line_of(p.byte() as usize));
                let error = csv_error(&e).map_location(|at| match line {
                    Some(l) => Location::new().with_line(l).merge_rest(at),
                    None => at,
                });
                Some(Err((error, fatal)))
            }
        }
    }

    /// The line a record starts on, given where the CSV reader says it does (the end of the
    /// previous record, before any line breaks).
    fn line_of(&mut self, byte: usize) -> u64 {
        let start = self.lines.skip_breaks(byte);
        self.lines.at(start).0
    }
}

/// The delimiter of a CSV text, from its header line: `,`, `;` (Excel in much of Europe, where
/// the comma is the decimal separator) or a tab, whichever the header holds most of; a comma
/// when it holds none or as many.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let header = text.split('\n').next().unwrap_or_default();
    let count = |d: u8| header.bytes().filter(|b| *b == d).count();
    let (comma, semicolon, tab) = (count(b','), count(b';'), count(b'\t'));
    if semicolon > comma && semicolon >= tab {
        b';'
    } else if tab > comma && tab > semicolon {
        b'\t'
    } else {
        b','
    }
}

/// The line of a quote that opens a cell and is never closed, by the quoting rules the reader
/// uses (RFC 4180: a quote is special only at the start of a cell, `""` inside is one quote).
fn unterminated_quote(text: &str, delimiter: u8) -> Option<u64> {
    let (mut line, mut opened_on) = (1u64, 0u64);
    let (mut in_quotes, mut at_cell_start) = (false, true);
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if in_quotes {
            match b {
                b'"' if bytes.peek() == Some(&b'"') => {
                    bytes.next();
                }
                b'"' => in_quotes = false,
                b'\n' => line += 1,
                b'\r' if bytes.peek() != Some(&b'\n') => line += 1,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' if at_cell_start => {
                in_quotes = true;
                opened_on = line;
                at_cell_start = false;
            }
            b'\r' => {
                // A CR alone ends a line (classic Mac OS); before an LF, the LF does.
                if bytes.peek() != Some(&b'\n') {
                    line += 1;
                }
                at_cell_start = true;
            }
            b if b == delimiter => at_cell_start = true,
            b'\n' => {
                line += 1;
                at_cell_start = true;
            }
            _ => at_cell_start = false,
        }
    }
    in_quotes.then_some(opened_on)
}

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

/// Reads a small CSV text whole: its header row and its records with their lines, every cell
/// at most [`MAX_TEXT_CHARS`](crate::MAX_TEXT_CHARS) characters.
///
/// # Errors
/// As [`Records::new`]; `parse` with the line for a malformed row, `out_of_range` for a cell
/// over the text limit.
pub(crate) fn rows(text: &str) -> Result<(csv::StringRecord, Vec<(u64, csv::StringRecord)>)> {
    let (mut records, headers) = Records::new(text)?;
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    while let Some(next) = records.next(&mut record) {
        let line = next.map_err(|(e, _)| e)?;
        for (n, cell) in record.iter().enumerate() {
            if cell.chars().nth(crate::MAX_TEXT_CHARS).is_some() {
                let column = headers.get(n).unwrap_or_default();
                return Err(Error::from(crate::error::Fault::OutOfRange {
                    at: Location::new().with_line(line).with_field_prefix(column),
                    value: cell.to_owned(),
                    rule: format!("a cell holds at most {} characters", crate::MAX_TEXT_CHARS),
                }));
            }
        }
        out.push((line, record.clone()));
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
