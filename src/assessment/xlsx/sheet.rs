//! A worksheet's cells, streamed row by row: only the cells the sheet holds are kept, one row at
//! a time, so a sheet's memory follows its cells, never the extent its `<dimension>` or a stray
//! far cell claims. Every cell reference is checked against Excel's limits before it is used.

use super::book::{Book, refusal};
use super::package::Part;
use super::xml::{Name, Node, Xml, XmlFault, unescape_ooxml};
use crate::error::{Error, Fault, Location, Result};

/// Excel's last row (1 048 576) and last column (XFD, 16 384).
pub(super) const MAX_ROWS: u32 = 1 << 20;
pub(super) const MAX_COLUMNS: u32 = 1 << 14;

/// A cell's value as the register reading takes it.
pub(super) enum Value {
    /// Text: a string cell, or a number written as the shortest decimal that reads back as the
    /// same double, or a date as `YYYY-MM-DD` (`YYYY-MM-DDTHH:MM:SS` with a time of day).
    Text(String),
    /// A boolean cell.
    Flag(bool),
    /// A cell that cannot be read as any value: the refusal, to be located at the cell.
    Refused(Error),
}

/// One row of a sheet: its number (from 1) and its cells that hold something, by column (from
/// 0), in column order.
pub(super) struct Row {
    pub(super) number: u32,
    pub(super) cells: Vec<(u32, Value)>,
}

/// A cell's name: sheet, column letters, row (`Register!F12`).
pub(super) fn cell_name(sheet: &str, column: u32, row: u32) -> String {
    format!("{sheet}!{}{row}", column_letters(column))
}

/// A column's letters (`0` → `A`, `27` → `AB`).
pub(super) fn column_letters(column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(column) + 1;
    while n > 0 {
        let digit = (n - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A cell reference (`AB12`) as (column from 0, row from 1), or why it is not one within
/// Excel's limits.
fn parse_reference(reference: &str) -> std::result::Result<(u32, u32), String> {
    let letters = reference.bytes().take_while(u8::is_ascii_uppercase).count();
    let (column_part, row_part) = reference.split_at(letters);
    let column = column_part
        .bytes()
        .try_fold(0u64, |n, b| {
            n.checked_mul(26)?.checked_add(u64::from(b - b'A') + 1)
        })
        .filter(|&n| n >= 1 && column_part.len() <= 3);
    let row = (!row_part.is_empty() && row_part.bytes().all(|b| b.is_ascii_digit()))
        .then(|| row_part.parse::<u64>().ok())
        .flatten();
    match (column, row) {
        (Some(c), Some(r))
            if c <= u64::from(MAX_COLUMNS) && (1..=u64::from(MAX_ROWS)).contains(&r) =>
        {
            Ok(((c - 1) as u32, r as u32))
        }
        (Some(_), Some(_)) => Err(format!(
            "cell `{}` lies past Excel's last row ({MAX_ROWS}) or last column (XFD)",
            crate::quote::Quoted(reference)
        )),
        _ => Err(format!(
            "`{}` is not a cell reference (column letters, then a row number)",
            crate::quote::Quoted(reference)
        )),
    }
}

/// A row number attribute, within Excel's limits.
fn parse_row(number: &str) -> std::result::Result<u32, String> {
    number
        .parse::<u64>()
        .ok()
        .filter(|n| (1..=u64::from(MAX_ROWS)).contains(n))
        .filter(|_| number.bytes().all(|b| b.is_ascii_digit()))
        .map(|n| n as u32)
        .ok_or_else(|| {
            format!(
                "row `{}` is not a row number from 1 to Excel's last row ({MAX_ROWS})",
                crate::quote::Quoted(number)
            )
        })
}

/// The refusal of a formula cell that holds no value.
const FORMULA_WITHOUT_VALUE: &str = "a formula with no stored value (the workbook was written by a program that does not compute formulas): open and save it in Excel, or paste the values";

/// A worksheet's cells, read as they are unpacked.
pub(super) struct SheetCells<'p, 'b> {
    xml: Xml<Part<'p>>,
    book: &'b Book,
    sheet: String,
    part: String,
    /// The last row read, 0 before the first.
    last_row: u32,
    /// Whether `<sheetData>` has ended (or the part has).
    done: bool,
    /// The cell being read, its buffers reused from cell to cell.
    raw: RawCell,
}

/// What a cell element held, before it is made a value.
#[derive(Default)]
struct RawCell {
    kind: CellKind,
    style: Option<usize>,
    value: String,
    has_value: bool,
    inline: String,
    has_inline: bool,
    formula: bool,
}

/// A cell's `t` attribute.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum CellKind {
    #[default]
    Number,
    Shared,
    FormulaText,
    Inline,
    Boolean,
    Error,
    Date,
    /// A type SpreadsheetML does not have.
    Unknown,
}

impl CellKind {
    fn of(t: Option<&str>) -> Self {
        match t {
            None | Some("n") => CellKind::Number,
            Some("s") => CellKind::Shared,
            Some("str") => CellKind::FormulaText,
            Some("inlineStr") => CellKind::Inline,
            Some("b") => CellKind::Boolean,
            Some("e") => CellKind::Error,
            Some("d") => CellKind::Date,
            Some(_) => CellKind::Unknown,
        }
    }
}

impl<'p, 'b> SheetCells<'p, 'b> {
    pub(super) fn new(source: Part<'p>, book: &'b Book, sheet: &str, part: &str) -> Self {
        SheetCells {
            xml: Xml::new(source, part),
            book,
            sheet: sheet.to_owned(),
            part: part.to_owned(),
            last_row: 0,
            done: false,
            raw: RawCell::default(),
        }
    }

    /// A refusal of the sheet's structure, naming the cell (or the sheet) where it was found.
    fn refuse(&self, cell: Option<String>, message: String) -> Error {
        let at = Location::new().with_cell(cell.unwrap_or_else(|| format!("{}!", self.sheet)));
        Error::parse(at, message)
    }

    fn fault(&mut self, fault: &XmlFault) -> Error {
        let part = self.part.clone();
        refusal(&mut self.xml, &part, fault)
    }

    fn next_node(&mut self) -> Result<Node> {
        self.xml.next().map_err(|e| self.fault(&e))
    }

    /// The next row that has a cell holding something (rows with none are passed over), or
    /// `None` at the end of the sheet's data.
    ///
    /// # Errors
    /// `parse` for malformed XML, a reference past Excel's limits or out of order, a cell named
    /// twice; `out_of_range` when the part unpacks past its limits.
    pub(super) fn next_row(&mut self) -> Result<Option<Row>> {
        while !self.done {
            match self.next_node()? {
                Node::End | Node::Close(Name::SheetData) => self.done = true,
                Node::Open {
                    name: Name::Row,
                    empty,
                } => {
                    let number = match self.xml.attribute("r") {
                        Some(r) => parse_row(r).map_err(|m| self.refuse(None, m))?,
                        None => self
                            .last_row
                            .checked_add(1)
                            .filter(|&n| n <= MAX_ROWS)
                            .ok_or_else(|| {
                                self.refuse(
                                    None,
                                    format!("more rows than Excel's last row ({MAX_ROWS})"),
                                )
                            })?,
                    };
                    if number <= self.last_row {
                        return Err(self.refuse(
                            Some(cell_name(&self.sheet, 0, number)),
                            format!(
                                "row {number} comes after row {}: a sheet's rows are in order, each once",
                                self.last_row
                            ),
                        ));
                    }
                    self.last_row = number;
                    if empty {
                        continue;
                    }
                    let cells = self.cells_of_row(number)?;
                    if !cells.is_empty() {
                        return Ok(Some(Row { number, cells }));
                    }
                }
                _ => {}
            }
        }
        Ok(None)
    }

    /// The cells of the row just opened, up to its end.
    fn cells_of_row(&mut self, number: u32) -> Result<Vec<(u32, Value)>> {
        let mut cells = Vec::new();
        // The column of the last cell element, whether or not it held a value.
        let mut last_column: Option<u32> = None;
        loop {
            let (name, empty) = match self.next_node()? {
                Node::Close(Name::Row) => return Ok(cells),
                Node::End => return Err(self.refuse(None, "the sheet ends inside a row".into())),
                Node::Open { name, empty } => (name, empty),
                _ => continue,
            };
            if name != Name::C {
                if !empty {
                    self.xml.skip_until_close().map_err(|e| self.fault(&e))?;
                }
                continue;
            }
            let column = match self.xml.attribute("r") {
                Some(reference) => {
                    let (column, row) = parse_reference(reference)
                        .map_err(|m| self.refuse(Some(format!("{}!{reference}", self.sheet)), m))?;
                    if row != number {
                        return Err(self.refuse(
                            Some(cell_name(&self.sheet, column, row)),
                            format!("cell {reference} is written inside row {number}"),
                        ));
                    }
                    column
                }
                None => last_column
                    .map_or(Some(0), |c| c.checked_add(1))
                    .filter(|&c| c < MAX_COLUMNS)
                    .ok_or_else(|| {
                        self.refuse(
                            Some(cell_name(&self.sheet, MAX_COLUMNS - 1, number)),
                            "more cells in a row than Excel's last column (XFD)".into(),
                        )
                    })?,
            };
            if last_column.is_some_and(|last| column <= last) {
                return Err(self.refuse(
                    Some(cell_name(&self.sheet, column, number)),
                    "the cell comes after a cell to its right: a row's cells are in order, each once"
                        .into(),
                ));
            }
            last_column = Some(column);
            let mut raw = std::mem::take(&mut self.raw);
            raw.kind = CellKind::of(self.xml.attribute("t"));
            raw.style = self.xml.attribute("s").and_then(|s| s.parse().ok());
            raw.value.clear();
            raw.inline.clear();
            (raw.has_value, raw.has_inline, raw.formula) = (false, false, false);
            let read = if empty {
                Ok(())
            } else {
                self.read_cell(&mut raw)
            };
            let value = read.map(|()| self.value_of(&raw));
            self.raw = raw;
            if let Some(value) = value? {
                let value = match value {
                    Value::Refused(e) => {
                        let name = cell_name(&self.sheet, column, number);
                        Value::Refused(e.map_location(|at| at.with_cell(name.clone())))
                    }
                    other => other,
                };
                cells.push((column, value));
            }
        }
    }

    /// The children of a cell element: its value, formula and inline string.
    fn read_cell(&mut self, raw: &mut RawCell) -> Result<()> {
        loop {
            match self.next_node()? {
                Node::Close(Name::C) => return Ok(()),
                Node::End => return Err(self.refuse(None, "the sheet ends inside a cell".into())),
                Node::Open { name, empty } => match name {
                    Name::F => {
                        raw.formula = true;
                        if !empty {
                            self.xml.skip_until_close().map_err(|e| self.fault(&e))?;
                        }
                    }
                    Name::V => {
                        raw.has_value = true;
                        if !empty {
                            self.xml
                                .text_until_close(&mut raw.value, Name::RPh)
                                .map_err(|e| self.fault(&e))?;
                        }
                    }
                    Name::Is => {
                        raw.has_inline = true;
                        if !empty {
                            self.xml
                                .text_until_close(&mut raw.inline, Name::RPh)
                                .map_err(|e| self.fault(&e))?;
                        }
                    }
                    _ => {
                        if !empty {
                            self.xml.skip_until_close().map_err(|e| self.fault(&e))?;
                        }
                    }
                },
                _ => {}
            }
        }
    }

    /// A cell's value by its type, or `None` when it holds nothing.
    fn value_of(&self, raw: &RawCell) -> Option<Value> {
        let refused =
            |message: String| Some(Value::Refused(Error::parse(Location::new(), message)));
        let text = |t: &str| Some(Value::Text(unescape_ooxml(t.to_owned())));
        if raw.kind == CellKind::Inline {
            return if raw.has_inline {
                text(&raw.inline)
            } else if raw.has_value {
                text(&raw.value)
            } else if raw.formula {
                refused(FORMULA_WITHOUT_VALUE.into())
            } else {
                None
            };
        }
        if !raw.has_value {
            if raw.formula {
                return refused(FORMULA_WITHOUT_VALUE.into());
            }
            return raw
                .has_inline
                .then(|| Value::Text(unescape_ooxml(raw.inline.clone())));
        }
        let value = raw.value.as_str();
        match raw.kind {
            CellKind::Shared => {
                let digits = value.trim();
                let index = digits
                    .parse::<usize>()
                    .ok()
                    .filter(|_| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
                match index.and_then(|i| self.book.strings.get(i)) {
                    Some(text) => Some(Value::Text(text.to_owned())),
                    None => refused(format!(
                        "a shared-string cell whose index `{}` is not one of the workbook's {} shared strings",
                        crate::quote::Quoted(value),
                        self.book.strings.len()
                    )),
                }
            }
            CellKind::FormulaText | CellKind::Inline => text(value),
            CellKind::Boolean => match value.trim() {
                "1" => Some(Value::Flag(true)),
                "0" => Some(Value::Flag(false)),
                other => refused(format!(
                    "a boolean cell holding `{}`, not 0 or 1",
                    crate::quote::Quoted(other)
                )),
            },
            CellKind::Error => refused(format!(
                "the cell holds the spreadsheet error {}",
                crate::quote::Quoted(value)
            )),
            CellKind::Date => Some(Value::Text(iso_date_cell(value))),
            CellKind::Number => Some(self.number(value, raw.style)),
            CellKind::Unknown => refused("a cell of a type SpreadsheetML does not have".into()),
        }
    }

    /// A number cell: a date when its style shows a date, else the number as text.
    fn number(&self, value: &str, style: Option<usize>) -> Value {
        let text = value.trim();
        let number = text
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            // Rust reads `inf`, `NaN` and `+1`: a cell's number is digits, a point, an exponent.
            .filter(|_| {
                text.bytes()
                    .all(|b| b.is_ascii_digit() || b"-.eE+".contains(&b))
            });
        let Some(number) = number else {
            return Value::Refused(Error::parse(
                Location::new(),
                format!(
                    "a number cell holding `{}`, which is not a number",
                    crate::quote::Quoted(text)
                ),
            ));
        };
        let is_date = style
            .and_then(|s| self.book.date_styles.get(s))
            .copied()
            .unwrap_or(false);
        if is_date {
            return date_of_serial(number, self.book.date1904);
        }
        // Rust writes an f64 as the shortest decimal that reads back as the same f64, and never
        // with an exponent; -0 is 0.
        let number = if number == 0.0 { 0.0 } else { number };
        Value::Text(format!("{number}"))
    }
}

/// An ISO 8601 date cell (`t="d"`): a date with no time of day read as its date.
fn iso_date_cell(value: &str) -> String {
    let value = value.trim();
    for midnight in [
        "T00:00:00Z",
        "T00:00:00.000Z",
        "T00:00:00.000",
        "T00:00:00",
        "T00:00Z",
        "T00:00",
    ] {
        if let Some(date) = value.strip_suffix(midnight) {
            return date.to_owned();
        }
    }
    value.to_owned()
}

/// A date cell's serial number as `YYYY-MM-DD` (with `THH:MM:SS` when it has a time of day, which
/// a date field then refuses). Serials count days from 1899-12-30 (1900 system; 1 is 1900-01-01,
/// and Excel's phantom 1900-02-29, serial 60, is refused) or from 1904-01-01; a serial of 0 or
/// less, or past 9999-12-31, is no date (`invalid_date`).
fn date_of_serial(serial: f64, date1904: bool) -> Value {
    let refuse = |rule: &'static str| {
        Value::Refused(Error::from(Fault::InvalidDate {
            at: Location::new(),
            value: format!("{serial}"),
            rule,
        }))
    };
    let days = serial.floor();
    if serial < 0.0 || (!date1904 && days < 1.0) {
        return refuse("a date cell holds a day number of 0 or less, which is no date");
    }
    if !date1904 && days == 60.0 {
        return refuse(
            "serial 60 is 1900-02-29, a day that never was (a spreadsheet's old leap-year fault)",
        );
    }
    let (origin, offset) = if date1904 {
        (jiff::civil::date(1904, 1, 1), days)
    } else if days < 60.0 {
        // Before Excel's phantom 29 February 1900, serial 1 is 1900-01-01.
        (jiff::civil::date(1899, 12, 31), days)
    } else {
        (jiff::civil::date(1899, 12, 30), days)
    };
    // 2 958 465 is 9999-12-31 in the 1900 system: anything larger is past the calendar.
    if offset > 3_000_000.0 {
        return refuse("a date cell holds a day past 9999-12-31");
    }
    let Ok(date) = jiff::Span::new()
        .try_days(offset as i64)
        .and_then(|span| origin.checked_add(span))
    else {
        return refuse("a date cell holds a day past 9999-12-31");
    };
    let seconds = ((serial - days) * 86_400.0).round() as i64;
    let date_text = date.to_string();
    if seconds == 0 {
        Value::Text(date_text)
    } else {
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        Value::Text(format!("{date_text}T{h:02}:{m:02}:{s:02}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: Value) -> String {
        match v {
            Value::Text(t) => t,
            Value::Flag(b) => b.to_string(),
            Value::Refused(e) => format!("refused {}", e.code()),
        }
    }

    #[test]
    fn references_are_read_within_excels_limits() {
        assert_eq!(parse_reference("A1"), Ok((0, 1)));
        assert_eq!(parse_reference("AB12"), Ok((27, 12)));
        assert_eq!(parse_reference("XFD1048576"), Ok((16383, 1_048_576)));
        for past in ["XFE1", "A1048577", "A4294967296", "AAAA1", "A0"] {
            assert!(parse_reference(past).is_err(), "{past}");
        }
        // A reference past the limits is told apart from one that is no reference at all.
        for past in ["XFE1", "A1048577", "A4294967296"] {
            let message = parse_reference(past).unwrap_err();
            assert!(
                message.contains("past Excel's last row"),
                "{past}: {message}"
            );
        }
        assert!(
            parse_reference("A1B")
                .unwrap_err()
                .contains("not a cell reference")
        );
        for bad in ["", "1", "A", "a1", "A1B", "A-1", "A+1"] {
            assert!(parse_reference(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_row("1048576"), Ok(1_048_576));
        assert!(
            parse_row("1048577").is_err() && parse_row("0").is_err() && parse_row("+5").is_err()
        );
    }

    #[test]
    fn columns_are_lettered_as_spreadsheets_letter_them() {
        for (n, letters) in [
            (0, "A"),
            (5, "F"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
            (16383, "XFD"),
        ] {
            assert_eq!(column_letters(n), letters);
            assert_eq!(parse_reference(&format!("{letters}1")), Ok((n, 1)));
        }
    }

    #[test]
    fn serials_are_dates_as_excel_shows_them() {
        // Hand-checked against Excel: 1 is 1900-01-01, 59 is 1900-02-28, 61 is 1900-03-01,
        // 39619 is 2008-06-20, 2958465 is 9999-12-31; the 1904 system's 0 is 1904-01-01.
        assert_eq!(text(date_of_serial(1.0, false)), "1900-01-01");
        assert_eq!(text(date_of_serial(59.0, false)), "1900-02-28");
        assert_eq!(text(date_of_serial(61.0, false)), "1900-03-01");
        assert_eq!(text(date_of_serial(39619.0, false)), "2008-06-20");
        assert_eq!(text(date_of_serial(2_958_465.0, false)), "9999-12-31");
        assert_eq!(text(date_of_serial(39619.5, false)), "2008-06-20T12:00:00");
        // 3 h 25 min 7 s into the day: every part of the time said.
        let time = 39619.0 + 12_307.0 / 86_400.0;
        assert_eq!(text(date_of_serial(time, false)), "2008-06-20T03:25:07");
        assert_eq!(text(date_of_serial(38157.0, true)), "2008-06-20");
        for bad in [0.0, -1.0, 0.5, 60.0, 2_958_466.0, 1e300] {
            assert_eq!(
                text(date_of_serial(bad, false)),
                "refused invalid_date",
                "{bad}"
            );
        }
        assert_eq!(text(date_of_serial(-1.0, true)), "refused invalid_date");
        // Day 0 of the 1904 system is a date; of the 1900 system, none.
        assert_eq!(text(date_of_serial(0.0, true)), "1904-01-01");
        assert_eq!(text(date_of_serial(0.0, false)), "refused invalid_date");
    }

    #[test]
    fn iso_date_cells_lose_only_a_midnight() {
        assert_eq!(iso_date_cell("2008-06-20T00:00:00Z"), "2008-06-20");
        assert_eq!(iso_date_cell("2008-06-20"), "2008-06-20");
        assert_eq!(iso_date_cell("2008-06-20T10:00:00"), "2008-06-20T10:00:00");
    }
}
