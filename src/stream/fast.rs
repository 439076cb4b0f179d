//! The fast path of a CSV register: each record checked in place (keys resolved to positions
//! against the matrix, points to fixed point, no owned field), turned into a packed bulk input,
//! on one thread or on two halves split at a record boundary. It accepts a file only when the
//! careful reader would accept it with the same values; on any doubt or fault it answers
//! [`NotPlain`] and the careful reader, which names every fault, reads the file instead.

use std::collections::HashSet;

use super::tokens::{Field, NotPlain, next_record};
use crate::bulk::{BulkInput, Scorer};
use crate::matrix::{Level, Matrix};

/// The free text a scored file carries: `confidence` among the inputs, then the notes after the
/// outcome, in the scored file's order.
pub(super) const CARRIED: [&str; 6] = [
    "confidence",
    "description",
    "standard",
    "action",
    "owner",
    "manager",
];

/// What each column of the register holds, by position.
#[derive(Clone, Debug)]
pub(super) struct Columns {
    /// The delimiter, as the careful reader finds it from the header line.
    pub(super) delimiter: u8,
    pub(super) count: usize,
    id: usize,
    area: usize,
    impact: usize,
    probability: usize,
    capability: usize,
    capacity: usize,
    weighting: Option<usize>,
    /// (column, kind position) for each `ameliorative.KIND` column; `None` for a kind the
    /// matrix does not have (any value in it is a fault).
    ameliorative: Vec<(usize, Option<usize>)>,
    measure_in_place: Option<usize>,
    assessed_on: Option<usize>,
    lead_high_risk: Option<usize>,
    /// Columns of free text, checked for length only.
    text: Vec<usize>,
    /// The columns of [`CARRIED`], for the scored file.
    pub(super) notes: [Option<usize>; 6],
}

impl Columns {
    /// The header's columns, when every one is a field of an assessment, once.
    pub(super) fn of(matrix: &Matrix, header: &[&str], delimiter: u8) -> Result<Columns, NotPlain> {
        let mut seen = HashSet::new();
        let position = |name: &str| header.iter().position(|h| *h == name);
        let mut ameliorative = Vec::new();
        let mut text = Vec::new();
        for (n, name) in header.iter().enumerate() {
            if !seen.insert(*name) {
                return Err(NotPlain);
            }
            if let Some(kind) = name.strip_prefix("ameliorative.") {
                let k = matrix.ameliorative().iter().position(|x| x.key() == kind);
                ameliorative.push((n, k));
                continue;
            }
            match *name {
                "id" | "area" | "impact" | "probability" | "weighting" | "capability"
                | "capacity" | "measure_in_place" | "assessed_on" | "lead_high_risk" => {}
                "confidence" | "standard" | "description" | "action" | "owner" | "manager" => {
                    text.push(n);
                }
                // An unknown column: the careful reader names it.
                _ => return Err(NotPlain),
            }
        }
        let required = |name: &str| position(name).ok_or(NotPlain);
        Ok(Columns {
            delimiter,
            count: header.len(),
            id: required("id")?,
            area: required("area")?,
            impact: required("impact")?,
            probability: required("probability")?,
            capability: required("capability")?,
            capacity: required("capacity")?,
            weighting: position("weighting"),
            ameliorative,
            measure_in_place: position("measure_in_place"),
            assessed_on: position("assessed_on"),
            lead_high_risk: position("lead_high_risk"),
            text,
            notes: CARRIED.map(position),
        })
    }
}

/// Where a field of a record is: its offset from the record's start and its length, the top
/// bit of which says it holds `""` escapes. Records and fields are below 4 GiB (the stream's
/// file limit).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Span {
    offset: u32,
    len: u32,
}

const ESCAPED: u32 = 1 << 31;

impl Span {
    pub(super) fn of(field: &Field, record: usize) -> Result<Span, NotPlain> {
        let offset = u32::try_from(field.start - record).map_err(|_| NotPlain)?;
        let len = u32::try_from(field.end - field.start)
            .ok()
            .filter(|l| *l < ESCAPED)
            .ok_or(NotPlain)?;
        Ok(Span {
            offset,
            len: len | if field.escaped { ESCAPED } else { 0 },
        })
    }

    /// A span of text without escapes, `offset` bytes after its record's start.
    pub(super) fn plain(offset: u32, len: u32) -> Span {
        Span {
            offset,
            len: len & !ESCAPED,
        }
    }

    /// The field's text, unescaped when it holds `""`.
    pub(super) fn text<'t>(&self, text: &'t str, record: usize) -> std::borrow::Cow<'t, str> {
        let start = record + self.offset as usize;
        Field {
            start,
            end: start + (self.len & !ESCAPED) as usize,
            escaped: self.len & ESCAPED != 0,
        }
        .text(text)
    }
}

/// Where a record's free text ([`CARRIED`]: confidence and the notes) is.
#[derive(Clone, Copy, Debug)]
pub(super) enum Notes {
    /// In the text as they are (empty spans for columns the register lacks).
    Spans([Span; 6]),
    /// In a JSON record of this many bytes with escapes in them: read again when written.
    Json(u32),
}

impl Notes {
    /// The free text of the record at `record`, in [`CARRIED`] order.
    pub(super) fn text<'t>(&self, text: &'t str, record: usize) -> [std::borrow::Cow<'t, str>; 6] {
        match *self {
            Notes::Spans(spans) => spans.map(|span| span.text(text, record)),
            Notes::Json(len) => {
                let slice = text.get(record..record + len as usize).unwrap_or_default();
                super::json::notes_of(slice)
            }
        }
    }
}

/// One record read: its packed input, where it starts, and where its id is (its notes, when
/// the register has any, are kept beside it: most registers of many rows have none).
#[derive(Clone, Copy, Debug)]
pub(super) struct Entry {
    pub(super) input: BulkInput,
    pub(super) record: usize,
    pub(super) id: Span,
}

impl Entry {
    /// The id (never escaped: an id with a quote is read the careful way).
    pub(super) fn id<'t>(&self, text: &'t str) -> &'t str {
        let start = self.record + self.id.offset as usize;
        text.get(start..start + (self.id.len & !ESCAPED) as usize)
            .unwrap_or_default()
    }
}

/// The records of one part of the text, in order.
pub(super) struct Part {
    pub(super) entries: Vec<Entry>,
    /// Each entry's notes, or nothing when the register has none.
    pub(super) notes: Vec<Notes>,
    /// Each entry's points per ameliorative kind of the matrix (in its order), or nothing when
    /// the register has no ameliorative column.
    pub(super) amounts: Vec<i64>,
    /// Where reading stopped: the byte after the last record's line end.
    pub(super) end: usize,
}

/// Points per ameliorative kind of one record, in the matrix's order (at most
/// [`MAX_AMELIORATIVE`](crate::MAX_AMELIORATIVE) kinds).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct KindPoints([i64; crate::MAX_AMELIORATIVE]);

impl KindPoints {
    /// Adds `points` of kind `kind` (a position checked by [`amount`]).
    pub(super) fn add(&mut self, kind: Option<usize>, points: i64) -> Result<(), NotPlain> {
        let slot = kind.and_then(|k| self.0.get_mut(k)).ok_or(NotPlain)?;
        *slot = slot.checked_add(points).ok_or(NotPlain)?;
        Ok(())
    }

    /// The sum over the kinds: the mitigation of SPEC §3 step 3.
    pub(super) fn total(&self) -> Result<i64, NotPlain> {
        self.0
            .iter()
            .try_fold(0i64, |sum, p| sum.checked_add(*p))
            .ok_or(NotPlain)
    }

    /// The first `kinds` amounts, appended to `out`.
    pub(super) fn push_to(&self, out: &mut Vec<i64>, kinds: usize) {
        out.extend(self.0.iter().take(kinds));
    }
}

/// Reads the records from `from` until a record would start at or after `until`.
pub(super) fn read_part(
    scorer: &Scorer,
    columns: &Columns,
    text: &str,
    from: usize,
    until: usize,
) -> Result<Part, NotPlain> {
    let bytes = text.as_bytes();
    let mut pos = from;
    let mut fields = Vec::with_capacity(columns.count);
    let mut entries = Vec::with_capacity((until - from) / 128);
    let mut notes = Vec::new();
    let mut amounts = Vec::new();
    let with_notes = columns.notes.iter().any(Option::is_some);
    let kinds = if columns.ameliorative.is_empty() {
        0
    } else {
        scorer.matrix().ameliorative().len()
    };
    while pos < until {
        let Some(record) = next_record(bytes, &mut pos, &mut fields, columns.delimiter)? else {
            break;
        };
        if fields.len() != columns.count || entries.len() >= crate::MAX_REGISTER_ROWS {
            return Err(NotPlain);
        }
        let (entry, spans, points) = check(scorer, columns, text, &fields, record)?;
        entries.push(entry);
        if with_notes {
            notes.push(spans);
        }
        points.push_to(&mut amounts, kinds);
    }
    Ok(Part {
        entries,
        notes,
        amounts,
        end: pos,
    })
}

/// A non-empty cell's text without escapes (a key or number never needs one).
fn cell<'t>(text: &'t str, fields: &[Field], column: usize) -> Result<Option<&'t str>, NotPlain> {
    let field = fields.get(column).ok_or(NotPlain)?;
    if field.start == field.end {
        return Ok(None);
    }
    field.plain(text).map(Some).ok_or(NotPlain)
}

fn required<'t>(text: &'t str, fields: &[Field], column: usize) -> Result<&'t str, NotPlain> {
    cell(text, fields, column)?.ok_or(NotPlain)
}

pub(super) fn level(scale: &[Level], key: &str) -> Result<u8, NotPlain> {
    scale
        .iter()
        .position(|l| l.key() == key)
        .and_then(|p| u8::try_from(p).ok())
        .ok_or(NotPlain)
}

/// `true` or `false` in any case; an empty cell is absent.
fn flag(text: &str, fields: &[Field], column: Option<usize>) -> Result<Option<bool>, NotPlain> {
    let Some(column) = column else {
        return Ok(None);
    };
    cell(text, fields, column)?.map(flag_text).transpose()
}

/// A flag's text: `true` or `false` in any case.
pub(super) fn flag_text(text: &str) -> Result<bool, NotPlain> {
    if text.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if text.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(NotPlain)
    }
}

/// A weighting cell (`;`-separated keys) as a mask of the matrix's factors: an unknown or
/// repeated key is a fault. The careful reader trims each key of Unicode white space; keep to
/// ASCII here.
pub(super) fn weighting_mask(m: &Matrix, list: &str) -> Result<u64, NotPlain> {
    if !list.is_ascii() {
        return Err(NotPlain);
    }
    let mut mask = 0u64;
    for key in list.split(';').map(str::trim).filter(|k| !k.is_empty()) {
        add_factor(m, key, &mut mask)?;
    }
    Ok(mask)
}

/// Points by the rules of SPEC §1 (digits, at most 4 places once trailing zeros go, at most
/// 1 000 000), in fixed point at `scale`.
pub(super) fn points_fixed(text: &str, scale: u32) -> Result<i64, NotPlain> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || (text.contains('.') && frac.is_empty()) {
        return Err(NotPlain);
    }
    let frac = frac.trim_end_matches('0');
    let int = int.trim_start_matches('0');
    if frac.len() > crate::MAX_INPUT_PLACES || int.len() > 7 {
        return Err(NotPlain);
    }
    let places = u32::try_from(frac.len()).map_err(|_| NotPlain)?;
    let whole: i64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| NotPlain)?
    };
    let part: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| NotPlain)?
    };
    if whole > i64::from(crate::MAX_INPUT_POINTS)
        || (whole == i64::from(crate::MAX_INPUT_POINTS) && part > 0)
    {
        return Err(NotPlain);
    }
    let up = scale.checked_sub(places).ok_or(NotPlain)?;
    let unit = 10i64.checked_pow(scale).ok_or(NotPlain)?;
    whole
        .checked_mul(unit)
        .and_then(|w| part.checked_mul(10i64.checked_pow(up)?).map(|p| (w, p)))
        .and_then(|(w, p)| w.checked_add(p))
        .ok_or(NotPlain)
}

/// A free-text cell of at most [`MAX_TEXT_CHARS`](crate::MAX_TEXT_CHARS) characters.
fn text_ok(text: &str, field: &Field) -> bool {
    field.end - field.start <= crate::MAX_TEXT_CHARS || short_enough(&field.text(text))
}

/// Adds a weighting factor by key to `mask`: unknown or repeated is a fault.
pub(super) fn add_factor(m: &Matrix, key: &str, mask: &mut u64) -> Result<(), NotPlain> {
    let bit = m
        .weighting()
        .iter()
        .position(|f| f.key() == key)
        .ok_or(NotPlain)?;
    if *mask >> bit & 1 == 1 {
        return Err(NotPlain);
    }
    *mask |= 1 << bit;
    Ok(())
}

/// Points of ameliorative kind `kind` in fixed point, within the kind's `max`.
pub(super) fn amount(scorer: &Scorer, kind: Option<usize>, points: i64) -> Result<i64, NotPlain> {
    let max = kind
        .and_then(|k| scorer.ameliorative_max_fixed().get(k))
        .ok_or(NotPlain)?;
    if (0..=*max).contains(&points) {
        Ok(points)
    } else {
        Err(NotPlain)
    }
}

/// The keys, flags and date of an assessment, read but not yet checked.
pub(super) struct Fields<'t> {
    pub(super) id: &'t str,
    pub(super) area: &'t str,
    pub(super) impact: &'t str,
    pub(super) probability: &'t str,
    pub(super) weighting: u64,
    pub(super) mitigation: i64,
    pub(super) capability: &'t str,
    pub(super) capacity: &'t str,
    pub(super) measure_in_place: bool,
    pub(super) assessed_on: Option<&'t str>,
    pub(super) lead_high_risk: Option<bool>,
}

/// Whether an id is one the careful reader takes: not empty, at most
/// [`MAX_ID_CHARS`](crate::MAX_ID_CHARS) characters, no control character.
pub(super) fn id_ok(id: &str) -> bool {
    !id.is_empty() && id.chars().count() <= crate::MAX_ID_CHARS && !id.chars().any(char::is_control)
}

/// Checks what every format shares, as the careful reader would, and packs it.
pub(super) fn pack(m: &Matrix, f: &Fields<'_>) -> Result<BulkInput, NotPlain> {
    if !id_ok(f.id) {
        return Err(NotPlain);
    }
    let area = m.area_position(f.area).ok_or(NotPlain)?;
    let assessed_on = match f.assessed_on {
        Some(date) => Some(crate::assessment::parse_date(date).map_err(|_| NotPlain)?),
        None => None,
    };
    Ok(BulkInput::from_checked(
        area,
        level(m.impact(), f.impact)?,
        level(m.probability(), f.probability)?,
        f.weighting,
        f.mitigation,
        level(m.capability(), f.capability)?,
        level(m.capacity(), f.capacity)?,
        f.measure_in_place,
        assessed_on,
        f.lead_high_risk,
    ))
}

/// Whether a free-text field is within [`MAX_TEXT_CHARS`](crate::MAX_TEXT_CHARS) characters.
pub(super) fn short_enough(text: &str) -> bool {
    text.len() <= crate::MAX_TEXT_CHARS || text.chars().nth(crate::MAX_TEXT_CHARS).is_none()
}

/// Checks one record as the careful reader would and packs it.
fn check(
    scorer: &Scorer,
    c: &Columns,
    text: &str,
    fields: &[Field],
    record: usize,
) -> Result<(Entry, Notes, KindPoints), NotPlain> {
    let m = scorer.matrix();
    let id_field = fields.get(c.id).ok_or(NotPlain)?;
    let weighting = match c.weighting {
        Some(column) => cell(text, fields, column)?
            .map(|list| weighting_mask(m, list))
            .transpose()?
            .unwrap_or(0),
        None => 0,
    };
    let mut amounts = KindPoints::default();
    for (column, kind) in &c.ameliorative {
        if let Some(value) = cell(text, fields, *column)? {
            let points = amount(scorer, *kind, points_fixed(value, scorer.scale())?)?;
            amounts.add(*kind, points)?;
        }
    }
    let optional = |column: Option<usize>| match column {
        Some(c) => cell(text, fields, c),
        None => Ok(None),
    };
    let input = pack(
        m,
        &Fields {
            id: required(text, fields, c.id)?,
            area: required(text, fields, c.area)?,
            impact: required(text, fields, c.impact)?,
            probability: required(text, fields, c.probability)?,
            weighting,
            mitigation: amounts.total()?,
            capability: required(text, fields, c.capability)?,
            capacity: required(text, fields, c.capacity)?,
            measure_in_place: flag(text, fields, c.measure_in_place)?.unwrap_or(false),
            assessed_on: optional(c.assessed_on)?,
            lead_high_risk: flag(text, fields, c.lead_high_risk)?,
        },
    )?;
    for column in &c.text {
        if !text_ok(text, fields.get(*column).ok_or(NotPlain)?) {
            return Err(NotPlain);
        }
    }
    let mut notes = [Span::default(); 6];
    for (slot, column) in notes.iter_mut().zip(c.notes) {
        if let Some(field) = column.and_then(|n| fields.get(n)) {
            *slot = Span::of(field, record)?;
        }
    }
    let entry = Entry {
        input,
        record,
        id: Span::of(id_field, record)?,
    };
    Ok((entry, Notes::Spans(notes), amounts))
}

#[cfg(test)]
mod tests {
    use super::points_fixed;

    #[test]
    fn points_follow_section_1_or_are_left_to_the_careful_reader() {
        assert_eq!(points_fixed("2.5", 4), Ok(25_000));
        assert_eq!(points_fixed("1.50000", 4), Ok(15_000));
        assert_eq!(points_fixed("007", 4), Ok(70_000));
        assert_eq!(points_fixed("0.0001", 4), Ok(1));
        assert_eq!(points_fixed("1000000", 4), Ok(10_000_000_000));
        for bad in [
            "",
            ".5",
            "5.",
            "-1",
            "+1",
            "1e3",
            "0.00001",
            "1000000.0001",
            "10000000",
            " 1",
        ] {
            assert!(points_fixed(bad, 4).is_err(), "{bad:?}");
        }
    }
}
