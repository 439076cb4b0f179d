//! Registers read from Excel workbooks (`.xlsx`, feature `xlsx`): the sheet named `Register`
//! (any case), else the first sheet with a header row; the header row the first of the sheet's
//! first 20 rows whose cells include `id` and `area`; rows above it (titles, notes) and empty
//! rows ignored; columns by header name, as in CSV. Every fault names the sheet and cell.
//!
//! The workbook is read by this module itself, over the `zip` and `quick-xml` crates, so that
//! nothing a hostile file says is trusted: each part is unpacked through a counter (`package`),
//! each sheet is streamed a row at a time with every reference checked against Excel's limits
//! (`sheet`), and every cell that cannot be read as a value (a formula with no stored value, a
//! shared-string index that is not one, a spreadsheet error) refuses its record, naming the cell.

mod book;
mod package;
mod sheet;
mod xml;

use std::borrow::Cow;

use super::read::{Cell, CellNames, Collector, Gathered, named_columns, raw_from_cells};
use crate::error::{Error, Location, Result};
use crate::matrix::Matrix;
use book::Book;
use package::Package;
use sheet::{Row, SheetCells, Value, cell_name, column_letters};

/// Rows searched for the header row.
const HEADER_WITHIN: u32 = 20;

/// Whether a cell holds nothing a reader could see.
fn blank(value: &Value) -> bool {
    matches!(value, Value::Text(s) if s.trim().is_empty())
}

/// The header of a row whose cells include `id` and `area`: each named column's name and column,
/// in column order.
fn header_of(row: &Row) -> Option<Vec<(u32, String)>> {
    let names: Vec<(u32, String)> = row
        .cells
        .iter()
        .filter_map(|(column, value)| match value {
            Value::Text(s) if !s.trim().is_empty() => Some((*column, s.trim().to_owned())),
            Value::Flag(b) => Some((*column, b.to_string().to_uppercase())),
            _ => None,
        })
        .collect();
    (names.iter().any(|(_, n)| n == "id") && names.iter().any(|(_, n)| n == "area"))
        .then_some(names)
}

/// Reads a register from the bytes of an `.xlsx` workbook.
pub(crate) fn register_xlsx(matrix: &Matrix, bytes: &[u8]) -> Result<Gathered> {
    let mut package = Package::open(bytes)?;
    let book = Book::read(&mut package)?;
    let named = book
        .sheets
        .iter()
        .position(|s| s.name.eq_ignore_ascii_case("register"));
    let candidates: Vec<usize> = match named {
        Some(n) => vec![n],
        None => (0..book.sheets.len()).collect(),
    };
    for index in candidates {
        let Some(sheet) = book.sheets.get(index) else {
            continue;
        };
        let Some(source) = package.part(&sheet.part)? else {
            return Err(Error::parse(
                Location::new().with_cell(format!("{}!", sheet.name)),
                format!(
                    "the workbook names part `{}` for this sheet, and has no such part",
                    sheet.part
                ),
            ));
        };
        let mut cells = SheetCells::new(source, &book, &sheet.name, &sheet.part);
        let mut header = None;
        while let Some(row) = cells.next_row()? {
            if row.number > HEADER_WITHIN {
                break;
            }
            // A cell that cannot be read above the header (a formula with no value) could be
            // the header itself: refused, never passed over.
            if let Some(refused) = row.cells.iter().find_map(|(_, v)| match v {
                Value::Refused(e) => Some(e.clone()),
                _ => None,
            }) {
                return Err(refused);
            }
            if let Some(names) = header_of(&row) {
                header = Some((row.number, names));
                break;
            }
        }
        let Some((header_row, names)) = header else {
            if named.is_some() {
                return Err(Error::parse(
                    Location::new().with_cell(format!("{}!A1", sheet.name)),
                    format!(
                        "no row among the first {HEADER_WITHIN} has cells `id` and `area`: a register sheet starts with a header row"
                    ),
                ));
            }
            continue;
        };
        return read_rows(matrix, &sheet.name, cells, header_row, &names);
    }
    Err(Error::parse(
        Location::new(),
        format!(
            "no sheet has a header row (cells `id` and `area` in one of its first {HEADER_WITHIN} rows); name the register sheet `Register`"
        ),
    ))
}

/// Reads the rows under the header row of one sheet.
fn read_rows(
    matrix: &Matrix,
    sheet: &str,
    mut rows: SheetCells<'_, '_>,
    header_row: u32,
    names: &[(u32, String)],
) -> Result<Gathered> {
    // The header's columns: from the first named to the last, each named.
    let first = names.first().map_or(0, |(c, _)| *c);
    let last = names.last().map_or(0, |(c, _)| *c);
    if let Some(gap) = (first..=last).find(|c| names.iter().all(|(n, _)| n != c)) {
        return Err(Error::parse(
            Location::new()
                .with_line(u64::from(header_row))
                .with_cell(cell_name(sheet, gap, header_row)),
            "the header row has an empty cell between named columns: name the column, or delete it",
        ));
    }
    let columns = named_columns(names.iter().map(|(_, n)| n.as_str())).map_err(|e| {
        e.map_location(|at| {
            let column = at
                .field_name()
                .and_then(|f| names.iter().rev().find(|(_, n)| n == f))
                .map_or(first, |(c, _)| *c);
            at.with_line(u64::from(header_row))
                .with_cell(cell_name(sheet, column, header_row))
        })
    })?;
    let cell_names = CellNames {
        sheet: sheet.to_owned(),
        columns: names
            .iter()
            .map(|(c, n)| (n.clone(), column_letters(*c)))
            .collect(),
    };
    let mut collector = Collector::of_columns(matrix, &columns);
    let mut index = 0;
    let mut values: Vec<Value> = Vec::with_capacity(names.len());
    while let Some(row) = rows.next_row()? {
        if row.cells.iter().all(|(_, v)| blank(v)) {
            continue;
        }
        let line = u64::from(row.number);
        // A value beside the table, under no header, is never dropped: its record is refused.
        let outside = row
            .cells
            .iter()
            .find(|(c, v)| (*c < first || *c > last) && !blank(v));
        values.clear();
        values.extend((first..=last).map(|_| Value::Text(String::new())));
        let mut fault = outside.map(|(c, _)| {
            Error::parse(
                Location::new().with_cell(cell_name(sheet, *c, row.number)),
                format!(
                    "a value in column {}, which has no header: name the column, or clear the cell",
                    column_letters(*c)
                ),
            )
        });
        for (column, value) in row.cells {
            if let Some(slot) = column
                .checked_sub(first)
                .and_then(|i| values.get_mut(i as usize))
            {
                if let Value::Refused(e) = &value {
                    let field = names
                        .iter()
                        .find(|(c, _)| *c == column)
                        .map_or("", |(_, n)| n.as_str());
                    fault.get_or_insert_with(|| {
                        e.clone().map_location(|at| at.with_field_prefix(field))
                    });
                }
                *slot = value;
            }
        }
        match fault {
            Some(e) => collector.take(Err(e), index, Some(line)),
            None => {
                let cells = values.iter().map(|v| match v {
                    Value::Text(t) => Cell::Text(Cow::Borrowed(t)),
                    Value::Flag(b) => Cell::Flag(*b),
                    Value::Refused(_) => Cell::Text(Cow::Borrowed("")),
                });
                let raw = raw_from_cells(&columns, cells, collector.derived());
                collector.take(Ok(raw), index, Some(line));
            }
        }
        index += 1;
    }
    let mut gathered = collector
        .finish()
        .map_err(|e| e.map_location(|at| cell_names.locate(at)))?;
    gathered.cells = Some(cell_names);
    Ok(gathered)
}
