//! The scored CSV written straight from packed inputs and outcomes: numbers formatted from fixed
//! point, keys and notes copied from the matrix and the text, one reused buffer for every row.
//! Byte for byte what the outcome-by-outcome writer gives (tests compare the two).

use std::io::Write;

use super::Fast;
use super::tokens::next_record;

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

/// Rows formatted per block on each thread: large enough that a thread's start is noise,
/// small enough that the blocks waiting to be written stay a few megabytes.
const BLOCK_ROWS: usize = 16_384;

impl Fast {
    /// Writes the scored register as CSV in priority order, formatting blocks of rows on up to
    /// `threads` threads and writing them in order.
    pub(super) fn write_csv<W: Write>(&self, mut writer: W, threads: usize) -> std::io::Result<()> {
        let mut header = csv::Writer::from_writer(Vec::new());
        header.write_record(crate::score::scored_csv_header())?;
        writer.write_all(&header.into_inner().map_err(|e| e.into_error())?)?;
        let threads = threads.clamp(1, 2);
        let mut buffers: Vec<Vec<u8>> = vec![Vec::new(); threads];
        let mut first_rank = 0;
        for round in self.order.chunks(BLOCK_ROWS * threads) {
            let blocks: Vec<(usize, &[u32])> = round
                .chunks(BLOCK_ROWS)
                .scan(first_rank, |rank, block| {
                    let start = *rank;
                    *rank += block.len();
                    Some((start, block))
                })
                .collect();
            first_rank += round.len();
            std::thread::scope(|scope| {
                let mut work = blocks.iter().zip(buffers.iter_mut());
                let first = work.next();
                for (&(rank, block), buf) in work {
                    scope.spawn(move || self.format_rows(block, rank, buf));
                }
                if let Some((&(rank, block), buf)) = first {
                    self.format_rows(block, rank, buf);
                }
            });
            for buf in buffers.iter().take(blocks.len()) {
                writer.write_all(buf)?;
            }
        }
        writer.flush()
    }

    /// Formats the rows of `block` (entry indices in priority order, the first at `first_rank`)
    /// into `out`, replacing what it held.
    fn format_rows(&self, block: &[u32], first_rank: usize, out: &mut Vec<u8>) {
        out.clear();
        let m = self.scorer.matrix();
        let scale = self.scorer.scale();
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(std::mem::take(out));
        let bytes = self.text.as_bytes();
        let mut buf: Vec<u8> = Vec::with_capacity(1024);
        let mut ends: Vec<usize> = Vec::with_capacity(32);
        let mut fields = Vec::with_capacity(self.columns.count);
        let text_cell = |buf: &mut Vec<u8>, text: &str| {
            if crate::quote::runs_as_formula(text) {
                buf.push(b'\'');
            }
            buf.extend_from_slice(text.as_bytes());
        };
        for (n, &i) in block.iter().enumerate() {
            let i = i as usize;
            let (Some(e), Some(o)) = (self.entries.get(i), self.outcomes.get(i)) else {
                continue;
            };
            buf.clear();
            ends.clear();
            let end = |buf: &Vec<u8>, ends: &mut Vec<usize>| ends.push(buf.len());
            push_int(&mut buf, (first_rank + n + 1) as u64);
            end(&buf, &mut ends);
            text_cell(
                &mut buf,
                self.text.get(e.id_start..e.id_end).unwrap_or_default(),
            );
            end(&buf, &mut ends);
            let area = m.areas().get(e.input.area()).map_or("", |a| a.key());
            buf.extend_from_slice(area.as_bytes());
            end(&buf, &mut ends);
            for value in self.scorer.values_fixed(&e.input, o) {
                push_fixed(&mut buf, value, scale);
                end(&buf, &mut ends);
            }
            for (bands, p) in [
                (m.threat_bands(), o.threat_band()),
                (m.need_bands(), o.need_band()),
            ] {
                buf.extend_from_slice(bands.get(p).map_or("", |b| b.key()).as_bytes());
                end(&buf, &mut ends);
            }
            buf.extend_from_slice(o.grade().map_or("", |g| g.as_str()).as_bytes());
            end(&buf, &mut ends);
            if let Some(due) = o.action_due() {
                push_date(&mut buf, due);
            }
            end(&buf, &mut ends);
            for flag in [o.high_risk(), o.high_need()] {
                buf.extend_from_slice(if flag { b"true" } else { b"false" });
                end(&buf, &mut ends);
            }
            let mut pos = e.record;
            if next_record(bytes, &mut pos, &mut fields).is_err() {
                fields.clear();
            }
            for column in self.columns.notes {
                if let Some(f) = column.and_then(|c| fields.get(c)) {
                    text_cell(&mut buf, &f.text(&self.text));
                }
                end(&buf, &mut ends);
            }
            let mut start = 0;
            // Writing to memory cannot fail.
            let _ = w.write_record(ends.iter().map(|&stop| {
                let cell = buf.get(start..stop).unwrap_or_default();
                start = stop;
                cell
            }));
        }
        *out = w.into_inner().unwrap_or_default();
    }
}

#[cfg(test)]
mod tests {
    use super::push_fixed;

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
