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
    let _ = write!(buf, "{whole}");
    if fraction != 0 {
        let mut places = scale as usize;
        while fraction % 10 == 0 {
            fraction /= 10;
            places -= 1;
        }
        let _ = write!(buf, ".{fraction:0places$}");
    }
}

impl Fast {
    /// Writes the scored register as CSV in priority order.
    pub(super) fn write_csv<W: Write>(&self, writer: W) -> std::io::Result<()> {
        let m = self.scorer.matrix();
        let scale = self.scorer.scale();
        let mut w = csv::Writer::from_writer(writer);
        w.write_record(crate::score::scored_csv_header())?;
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
        for (rank, &i) in self.order.iter().enumerate() {
            let i = i as usize;
            let (Some(e), Some(o)) = (self.entries.get(i), self.outcomes.get(i)) else {
                continue;
            };
            buf.clear();
            ends.clear();
            let end = |buf: &Vec<u8>, ends: &mut Vec<usize>| ends.push(buf.len());
            let _ = write!(buf, "{}", rank + 1);
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
                let _ = write!(buf, "{due}");
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
            w.write_record(ends.iter().map(|&stop| {
                let cell = buf.get(start..stop).unwrap_or_default();
                start = stop;
                cell
            }))?;
        }
        w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::push_fixed;

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
