//! The scored CSV written straight from packed inputs and outcomes: numbers formatted from fixed
//! point, keys and notes copied from the matrix and the text, one reused buffer for every row.
//! Byte for byte what the outcome-by-outcome writer gives (tests compare the two).

use std::io::Write;

use super::Fast;

/// Appends a fixed-point value in canonical form (SPEC §1): no trailing zeros, no `-0`.
fn push_fixed(buf: &mut Vec<u8>, value: i64, scale: u32) {
    if value < 0 {
        buf.push(b'-');
    }
    let abs = value.unsigned_abs();
    let unit = 10u64.pow(scale);
    let (whole, mut fraction) = (abs / unit, abs % unit);
    push_int(buf, whole);
    if fraction != 0 {
        let mut places = scale as usize;
        while fraction % 10 == 0 {
            fraction /= 10;
            places -= 1;
        }
        let _ = write!(buf, ".{fraction:0places$}");
    }
}

/// Appends a whole number.
fn push_int(buf: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (value % 10) as u8;
        }
        value /= 10;
        if value == 0 || at == 0 {
            break;
        }
    }
    buf.extend_from_slice(digits.get(at..).unwrap_or_default());
}

/// Appends a date as `YYYY-MM-DD` (years 0 to 9999, as every date of a register is).
fn push_date(buf: &mut Vec<u8>, date: jiff::civil::Date) {
    let two = |buf: &mut Vec<u8>, v: i8| {
        let v = v.unsigned_abs();
        buf.extend_from_slice(&[b'0' + v / 10, b'0' + v % 10]);
    };
    let year = date.year().unsigned_abs();
    buf.extend_from_slice(&[
        b'0' + (year / 1000 % 10) as u8,
        b'0' + (year / 100 % 10) as u8,
        b'0' + (year / 10 % 10) as u8,
        b'0' + (year % 10) as u8,
        b'-',
    ]);
    two(buf, date.month());
    buf.push(b'-');
    two(buf, date.day());
}

/// Rows per output chunk. Rows are formatted in input order, so the text is read front to
/// back, and each row is appended to the buffer of the chunk its rank falls in; a chunk (a few
/// megabytes) is then written in rank order. Reading the text in priority order instead would
/// miss the cache on every row.
const CHUNK_ROWS: usize = 8192;

/// Ranks formatted per pass over the entries: what is held of the output at once (about a
/// quarter of a gigabyte for rows like an analyst's), and few enough chunks to append to that
/// the caches keep up.
const WINDOW_ROWS: usize = 128 * CHUNK_ROWS;

/// One thread's formatted rows of one window: per chunk, the rows' bytes and, per row, its rank
/// within the chunk and where its bytes are. Kept from window to window for its allocations.
#[derive(Default)]
struct Scattered {
    bytes: Vec<Vec<u8>>,
    rows: Vec<Vec<(u32, u32, u32)>>,
}

impl Fast {
    /// Writes the scored register as CSV in priority order, formatting on up to `threads`
    /// threads, one window of ranks at a time.
    pub(super) fn write_csv<W: Write>(&self, writer: W, threads: usize) -> std::io::Result<()> {
        self.write_csv_in(writer, threads, WINDOW_ROWS, CHUNK_ROWS)
    }

    /// [`Fast::write_csv`] with the window and chunk sizes given (tests use small ones).
    fn write_csv_in<W: Write>(
        &self,
        mut writer: W,
        threads: usize,
        window_rows: usize,
        chunk_rows: usize,
    ) -> std::io::Result<()> {
        let mut header = csv::Writer::from_writer(Vec::new());
        header.write_record(
            crate::score::columns::scored_header(self.scorer.matrix())
                .iter()
                .map(|c| c.as_ref()),
        )?;
        writer.write_all(&header.into_inner().map_err(|e| e.into_error())?)?;
        let n = self.order.len();
        let mut rank = vec![0u32; n];
        for (r, &i) in self.order.iter().enumerate() {
            if let Some(slot) = rank.get_mut(i as usize) {
                *slot = u32::try_from(r).unwrap_or(u32::MAX);
            }
        }
        let threads = threads.clamp(1, 2);
        let per_thread = n.div_ceil(threads).max(1);
        let ranges: Vec<std::ops::Range<usize>> = (0..n)
            .step_by(per_thread)
            .map(|start| start..(start + per_thread).min(n))
            .collect();
        let mut parts: Vec<Scattered> = ranges.iter().map(|_| Scattered::default()).collect();
        let mut slots: Vec<(usize, u32, u32)> = Vec::with_capacity(chunk_rows);
        for window in (0..n).step_by(window_rows) {
            let ranks = window..(window + window_rows).min(n);
            std::thread::scope(|scope| {
                let mut work = ranges.iter().zip(parts.iter_mut());
                let first = work.next();
                for (range, part) in work {
                    let (rank, range, ranks) = (&rank, range.clone(), ranks.clone());
                    scope.spawn(move || self.scatter(range, rank, ranks, chunk_rows, part));
                }
                if let Some((range, part)) = first {
                    self.scatter(range.clone(), &rank, ranks.clone(), chunk_rows, part);
                }
            });
            for (chunk, first_rank) in ranks.clone().step_by(chunk_rows).enumerate() {
                slots.clear();
                slots.resize(chunk_rows, (0, 0, 0));
                for (p, part) in parts.iter().enumerate() {
                    for &(local, start, end) in part.rows.get(chunk).into_iter().flatten() {
                        if let Some(slot) = slots.get_mut(local as usize) {
                            *slot = (p, start, end);
                        }
                    }
                }
                let rows_here = (ranks.end - first_rank).min(chunk_rows);
                for &(p, start, end) in slots.iter().take(rows_here) {
                    let bytes = parts
                        .get(p)
                        .and_then(|part| part.bytes.get(chunk))
                        .and_then(|b| b.get(start as usize..end as usize))
                        .unwrap_or_default();
                    writer.write_all(bytes)?;
                }
            }
        }
        writer.flush()
    }

    /// Formats the entries of `range` whose ranks are in `ranks`, in input order, into the
    /// chunk buffers of their ranks.
    fn scatter(
        &self,
        range: std::ops::Range<usize>,
        rank: &[u32],
        ranks: std::ops::Range<usize>,
        chunk_rows: usize,
        out: &mut Scattered,
    ) {
        let chunks = ranks.len().div_ceil(chunk_rows);
        if out.bytes.len() < chunks {
            // Ranks fall evenly over the chunks, so each gets about its share of this range's
            // rows; room for a quarter more, at about the input's bytes per row (room not
            // written to costs no memory).
            let n = self.entries.len().max(1);
            let rows = (chunk_rows * range.len()).div_ceil(n) * 5 / 4 + 16;
            let row_bytes = self.text.len() / n + 16;
            out.bytes
                .resize_with(chunks, || Vec::with_capacity(rows * row_bytes));
            out.rows.resize_with(chunks, || Vec::with_capacity(rows));
        }
        out.bytes.iter_mut().for_each(Vec::clear);
        out.rows.iter_mut().for_each(Vec::clear);
        let mut row = RowFormatter::new(self);
        let narrow = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        for i in range {
            let Some(&r) = rank.get(i) else {
                continue;
            };
            let r = r as usize;
            if !ranks.contains(&r) {
                continue;
            }
            let (chunk, local) = (
                (r - ranks.start) / chunk_rows,
                (r - ranks.start) % chunk_rows,
            );
            let (Some(bytes), Some(rows)) = (out.bytes.get_mut(chunk), out.rows.get_mut(chunk))
            else {
                continue;
            };
            let start = bytes.len();
            row.format(i, r + 1, bytes);
            rows.push((narrow(local), narrow(start), narrow(bytes.len())));
        }
    }
}

/// Appends a cell of free text as the csv crate writes it with its default settings: in quotes,
/// with quotes doubled, when it holds a `,`, `"`, `\r` or `\n`; as it is otherwise.
fn push_text_cell(out: &mut Vec<u8>, prefix: Option<u8>, text: &[u8]) {
    if text
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        out.push(b'"');
        out.extend(prefix);
        for part in text.split_inclusive(|b| *b == b'"') {
            out.extend_from_slice(part);
            if part.last() == Some(&b'"') {
                out.push(b'"');
            }
        }
        out.push(b'"');
    } else {
        out.extend(prefix);
        out.extend_from_slice(text);
    }
}

/// The key of the level at position `p` of a scale.
fn level_key(levels: &[crate::matrix::Level], p: u8) -> &[u8] {
    levels
        .get(usize::from(p))
        .map_or("", |l| l.key())
        .as_bytes()
}

/// Formats rows of the scored CSV straight into an output buffer. Every cell but the id and the
/// notes is a number, date, flag or key (`[a-z0-9_]`), which never needs quotes.
struct RowFormatter<'f> {
    fast: &'f Fast,
}

impl<'f> RowFormatter<'f> {
    fn new(fast: &'f Fast) -> Self {
        RowFormatter { fast }
    }

    /// Free text, after a `'` when a spreadsheet would run it as a formula, then a comma.
    fn text(out: &mut Vec<u8>, text: &str) {
        let prefix = crate::quote::runs_as_formula(text).then_some(b'\'');
        push_text_cell(out, prefix, text.as_bytes());
    }

    /// Appends entry `i` as the row at `priority`, line end included: the columns of
    /// `score::columns::scored_columns`, in its order.
    fn format(&mut self, i: usize, priority: usize, out: &mut Vec<u8>) {
        let fast = self.fast;
        let (Some(e), Some(o)) = (fast.entries.get(i), fast.outcomes.get(i)) else {
            return;
        };
        let m = fast.scorer.matrix();
        let carried = fast.notes_of(i);
        let [confidence, notes @ ..] = &carried;
        push_int(out, priority as u64);
        out.push(b',');
        Self::text(out, e.id(&fast.text));
        out.push(b',');
        out.extend_from_slice(
            m.areas()
                .get(e.input.area())
                .map_or("", |a| a.key())
                .as_bytes(),
        );
        let [impact, probability, capability, capacity] = e.input.calls();
        for (levels, p) in [(m.impact(), impact), (m.probability(), probability)] {
            out.push(b',');
            out.extend_from_slice(level_key(levels, p));
        }
        out.push(b',');
        let mask = e.input.weighting_mask();
        let mut first = true;
        for (bit, factor) in m.weighting().iter().enumerate() {
            if mask >> bit & 1 == 1 {
                if !first {
                    out.push(b';');
                }
                first = false;
                out.extend_from_slice(factor.key().as_bytes());
            }
        }
        let amounts = fast.amounts_of(i);
        for k in 0..m.ameliorative().len() {
            out.push(b',');
            let points = amounts.and_then(|a| a.get(k)).copied().unwrap_or(0);
            push_fixed(out, points, fast.scorer.scale());
        }
        for (levels, p) in [(m.capability(), capability), (m.capacity(), capacity)] {
            out.push(b',');
            out.extend_from_slice(level_key(levels, p));
        }
        out.extend_from_slice(if e.input.measure_in_place() {
            b",true,"
        } else {
            b",false,"
        });
        if let Some(date) = e.input.assessed_on() {
            push_date(out, date);
        }
        out.push(b',');
        if let Some(high) = e.input.lead_high_risk() {
            out.extend_from_slice(crate::score::columns::flag_text(high).as_bytes());
        }
        out.push(b',');
        Self::text(out, confidence);
        for value in fast.scorer.values_fixed(&e.input, o) {
            out.push(b',');
            push_fixed(out, value, fast.scorer.scale());
        }
        for (bands, p) in [
            (m.threat_bands(), o.threat_band()),
            (m.need_bands(), o.need_band()),
        ] {
            out.push(b',');
            out.extend_from_slice(bands.get(p).map_or("", |b| b.key()).as_bytes());
        }
        out.push(b',');
        out.extend_from_slice(o.grade().map_or("", |g| g.as_str()).as_bytes());
        out.push(b',');
        if let Some(due) = o.action_due() {
            push_date(out, due);
        }
        for flag in [o.high_risk(), o.high_need()] {
            out.extend_from_slice(if flag { b",true" } else { b",false" });
        }
        for note in notes {
            out.push(b',');
            Self::text(out, note);
        }
        out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::{CHUNK_ROWS, WINDOW_ROWS, push_fixed};

    /// The sizes the writer is tuned for (docs/PERFORMANCE.md): chunks of 8 192 rows, windows of
    /// 128 chunks. Any sizes write the same bytes (below), so only here are they seen.
    #[test]
    fn the_writer_formats_windows_of_128_chunks_of_8192_rows() {
        assert_eq!(CHUNK_ROWS, 8192);
        assert_eq!(WINDOW_ROWS, 1_048_576);
    }

    /// Many windows of few chunks each, a window and a chunk that end part-way, on one thread
    /// and on two: the bytes of one window of one chunk (which `tests/stream.rs` compares with
    /// the outcome-by-outcome writer).
    #[test]
    fn windows_and_chunks_of_any_size_write_the_same_bytes() {
        let m = crate::Matrix::reference();
        let mut text = String::from("id,area,impact,probability,capability,capacity,description\n");
        let levels = ["none", "limited", "adequate", "good", "strong"];
        let impacts = ["minimal", "minor", "moderate", "major", "critical"];
        for k in 0..1000usize {
            text.push_str(&format!(
                "r{k},{},{},likely,{},{},\"note {k}, with a comma\"\n",
                m.areas()[k % 10].key(),
                impacts[k * 7 % 5],
                levels[k * 3 % 5],
                levels[k % 5],
            ));
        }
        let mut want = None;
        for threads in [1, 2] {
            let stream = super::super::ScoredStream::with_threads(
                m,
                text.clone(),
                crate::RegisterFormat::Csv,
                threads,
            )
            .unwrap();
            let super::super::Inner::Fast(fast) = &stream.inner else {
                panic!("read on the fast path");
            };
            for (window, chunk) in [(1000, 1000), (21, 7), (100, 9), (3, 1)] {
                let mut out = Vec::new();
                fast.write_csv_in(&mut out, threads, window, chunk).unwrap();
                let want = want.get_or_insert_with(|| out.clone());
                assert!(out == *want, "window {window}, chunk {chunk}");
            }
        }
        assert_eq!(want.unwrap().iter().filter(|b| **b == b'\n').count(), 1001);
    }

    #[test]
    fn integers_and_dates_are_written_as_display_writes_them() {
        for v in [0u64, 7, 10, 99, 1_000_000, u64::MAX] {
            let mut buf = Vec::new();
            super::push_int(&mut buf, v);
            assert_eq!(String::from_utf8(buf).unwrap(), v.to_string());
        }
        for d in [
            jiff::civil::date(2008, 2, 29),
            jiff::civil::date(9999, 12, 31),
            jiff::civil::date(1, 1, 1),
        ] {
            let mut buf = Vec::new();
            super::push_date(&mut buf, d);
            assert_eq!(String::from_utf8(buf).unwrap(), d.to_string());
        }
    }

    #[test]
    fn fixed_point_is_written_as_points_display_it() {
        for (value, scale) in [
            (175_000, 4),
            (0, 4),
            (-50_000, 4),
            (1, 4),
            (123_450, 4),
            (7, 0),
        ] {
            let mut buf = Vec::new();
            push_fixed(&mut buf, value, scale);
            let want = crate::Points::new(rust_decimal::Decimal::new(value, scale)).to_string();
            assert_eq!(String::from_utf8(buf).unwrap(), want, "{value} at {scale}");
        }
    }
}
