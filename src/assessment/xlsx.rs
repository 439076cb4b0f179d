//! Registers read from Excel workbooks (`.xlsx`, feature `xlsx`): the sheet named `Register`
//! (any case), else the first sheet with a header row; the header row the first of the sheet's
//! first 20 rows whose cells include `id` and `area`; rows above it (titles, notes) and empty
//! rows ignored; columns by header name, as in CSV. Every fault names the sheet and cell.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::read::{Cell, Collector, Gathered, named_columns, raw_from_cells};
use crate::error::{Error, Location, Result};
use crate::matrix::Matrix;

/// Rows searched for the header row.
const HEADER_WITHIN: usize = 20;

/// A column's letters (`0` → `A`, `27` → `AB`).
fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// A cell's value as text or flag, by the rules of the workbook reading: a number as the
/// shortest decimal that gives back the same `f64` (held to SPEC §1 afterwards, so a residue
/// such as `0.30000000000000004` is refused as too many places, never rounded); a date as
/// `YYYY-MM-DD` (a date with a time of day is refused as a date); a boolean as a flag.
fn cell_of(data: &Data) -> std::result::Result<Cell<'_>, String> {
    Ok(match data {
        Data::Empty => Cell::Text(Cow::Borrowed("")),
        Data::String(s) => Cell::Text(Cow::Borrowed(s)),
        Data::Bool(b) => Cell::Flag(*b),
        Data::Int(i) => Cell::Text(Cow::Owned(i.to_string())),
        // Rust writes an f64 as the shortest decimal that reads back as the same f64, and
        // never with an exponent.
        Data::Float(f) => Cell::Text(Cow::Owned(format!("{f}"))),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (year, month, day, hour, minute, second, milli) = dt.to_ymd_hms_milli();
            let date = format!("{year:04}-{month:02}-{day:02}");
            if (hour, minute, second, milli) == (0, 0, 0, 0) {
                Cell::Text(Cow::Owned(date))
            } else {
                Cell::Text(Cow::Owned(format!(
                    "{date}T{hour:02}:{minute:02}:{second:02}"
                )))
            }
        }
        Data::DateTime(dt) => Cell::Text(Cow::Owned(format!("{}", dt.as_f64()))),
        Data::DateTimeIso(s) => Cell::Text(Cow::Borrowed(s.strip_suffix("T00:00:00").unwrap_or(s))),
        Data::DurationIso(s) => Cell::Text(Cow::Borrowed(s)),
        Data::Error(e) => return Err(format!("the cell holds the spreadsheet error {e}")),
    })
}

/// Whether a row holds nothing.
fn blank(row: &[Data]) -> bool {
    row.iter()
        .all(|d| matches!(d, Data::Empty) || matches!(d, Data::String(s) if s.trim().is_empty()))
}

/// The header cells of a row, when they include `id` and `area`.
fn header_of(row: &[Data]) -> Option<Vec<String>> {
    let names: Vec<String> = row
        .iter()
        .map(|d| match d {
            Data::String(s) => s.trim().to_owned(),
            Data::Empty => String::new(),
            other => other.to_string(),
        })
        .collect();
    (names.iter().any(|n| n == "id") && names.iter().any(|n| n == "area")).then_some(names)
}

/// The most a workbook may unpack to, all its parts together: a small file that unpacks to
/// gigabytes (a "zip bomb") is refused before it is unpacked.
pub(crate) const MAX_UNPACKED_BYTES: u64 = 1024 * 1024 * 1024;

/// Refuses a workbook whose parts say they unpack to more than [`MAX_UNPACKED_BYTES`], or more
/// than a thousand times what they take packed (the most deflate gives, near enough).
fn check_unpacked_size(bytes: &[u8]) -> Result<()> {
    check_unpacked_within(bytes, MAX_UNPACKED_BYTES, 1000)
}

fn check_unpacked_within(bytes: &[u8], max_total: u64, max_ratio: u64) -> Result<()> {
    let refuse = |what: String| {
        Error::from(crate::error::Fault::OutOfRange {
            at: Location::new(),
            value: what,
            rule: format!(
                "a workbook unpacks to at most {max_total} bytes, and at most {max_ratio} times its packed size"
            ),
        })
    };
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Not a zip: calamine says what it is not.
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index_raw(i) else {
            continue;
        };
        let (packed, unpacked) = (part.compressed_size(), part.size());
        if unpacked > packed.saturating_mul(max_ratio).max(1 << 20) {
            return Err(refuse(format!(
                "a part of {packed} bytes that unpacks to {unpacked}"
            )));
        }
        total = total.saturating_add(unpacked);
    }
    if total > max_total {
        return Err(refuse(format!("{total} bytes unpacked")));
    }
    Ok(())
}

/// Reads a register from the bytes of an `.xlsx` workbook.
pub(crate) fn register_xlsx(matrix: &Matrix, bytes: &[u8]) -> Result<Gathered> {
    check_unpacked_size(bytes)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        Error::parse(
            Location::new(),
            format!("not an Excel workbook (.xlsx) that can be read: {e}"),
        )
    })?;
    let names = book.sheet_names();
    let named = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case("register"))
        .cloned();
    let candidates: Vec<String> = match &named {
        Some(n) => vec![n.clone()],
        None => names.clone(),
    };
    for sheet in candidates {
        let range = book.worksheet_range(&sheet).map_err(|e| {
            Error::parse(
                Location::new().with_cell(format!("{sheet}!A1")),
                format!("the sheet cannot be read: {e}"),
            )
        })?;
        let (first_row, first_column) = range
            .start()
            .map_or((0, 0), |(r, c)| (r as usize, c as usize));
        let rows: Vec<&[Data]> = range.rows().collect();
        let header = rows
            .iter()
            .enumerate()
            .take(HEADER_WITHIN.saturating_sub(first_row))
            .find_map(|(i, row)| header_of(row).map(|h| (i, h)));
        let Some((header_at, header)) = header else {
            if named.is_some() {
                return Err(Error::parse(
                    Location::new().with_cell(format!("{sheet}!A1")),
                    format!(
                        "no row among the first {HEADER_WITHIN} has cells `id` and `area`: a register sheet starts with a header row"
                    ),
                ));
            }
            continue;
        };
        return read_sheet(
            matrix,
            &sheet,
            &rows,
            header_at,
            &header,
            (first_row, first_column),
        );
    }
    Err(Error::parse(
        Location::new(),
        format!(
            "no sheet has a header row (cells `id` and `area` in one of its first {HEADER_WITHIN} rows); name the register sheet `Register`"
        ),
    ))
}

/// Reads the rows under the header row of one sheet.
fn read_sheet(
    matrix: &Matrix,
    sheet: &str,
    rows: &[&[Data]],
    header_at: usize,
    header: &[String],
    (first_row, first_column): (usize, usize),
) -> Result<Gathered> {
    let cell_ref = |row: usize, column: usize| {
        format!(
            "{sheet}!{}{}",
            column_letters(first_column + column),
            first_row + row + 1
        )
    };
    let columns = named_columns(header.iter().map(String::as_str)).map_err(|e| {
        e.map_location(|at| {
            let column = at
                .field_name()
                .and_then(|f| header.iter().rposition(|h| h == f))
                .unwrap_or(0);
            at.with_cell(cell_ref(header_at, column))
        })
    })?;
    let mut collector = Collector::new(matrix);
    let mut index = 0;
    for (r, row) in rows.iter().enumerate().skip(header_at + 1) {
        if blank(row) {
            continue;
        }
        let excel_row = (first_row + r + 1) as u64;
        let mut cells = Vec::with_capacity(header.len());
        let mut fault = None;
        for (c, data) in row.iter().enumerate().take(header.len()) {
            match cell_of(data) {
                Ok(cell) => cells.push(cell),
                Err(message) => {
                    fault.get_or_insert_with(|| {
                        Error::parse(
                            Location::new()
                                .with_line(excel_row)
                                .with_cell(cell_ref(r, c))
                                .with_field_prefix(header.get(c).map_or("", String::as_str)),
                            message,
                        )
                    });
                    cells.push(Cell::Text(Cow::Borrowed("")));
                }
            }
        }
        match fault {
            Some(e) => collector.take(Err(e), index, Some(excel_row)),
            None => collector.take(
                Ok(raw_from_cells(&columns, cells.into_iter())),
                index,
                Some(excel_row),
            ),
        }
        index += 1;
    }
    collector.finish().map_err(|e| {
        // Name the cell of each fault: its row is the line, its column the field's.
        e.map_location(|at| match (at.line(), at.field_name(), at.cell()) {
            (Some(line), Some(field), None) => {
                let name = field.split(['[', '.']).next().unwrap_or(field);
                let name = if name == "ameliorative" { field } else { name };
                match header.iter().position(|h| h == name) {
                    Some(column) => at.with_cell(format!(
                        "{sheet}!{}{line}",
                        column_letters(first_column + column)
                    )),
                    None => at,
                }
            }
            _ => at,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::{check_unpacked_within, column_letters};
    use std::io::Write;

    /// A zip of one part: `size` zero bytes, deflated.
    fn zeros(size: usize) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        zip.write_all(&vec![0u8; size]).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_workbook_that_unpacks_too_far_is_refused_before_it_is_unpacked() {
        let bomb = zeros(8 << 20);
        // 8 MiB of zeros pack to a few kilobytes: past a ratio of 100, and past 4 MiB in all.
        assert!(check_unpacked_within(&bomb, u64::MAX, 100).is_err());
        assert!(check_unpacked_within(&bomb, 4 << 20, u64::MAX).is_err());
        assert!(check_unpacked_within(&bomb, u64::MAX, u64::MAX).is_ok());
        let e = check_unpacked_within(&bomb, 4 << 20, u64::MAX).unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::OutOfRange);
    }

    #[test]
    fn columns_are_lettered_as_spreadsheets_letter_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(5), "F");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
