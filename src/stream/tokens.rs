//! A CSV tokenizer for the fast path: fields as byte ranges into the text, no copy. It accepts
//! only the plain shapes of RFC 4180 whose reading is certain (a quote only at the start of a
//! field, `""` inside quotes, `\n` or `\r\n` line ends, blank lines skipped, as the `csv` crate
//! reads them); anything else is [`Plain::No`], and the caller reads the file the careful way.

/// The fast path cannot read this text with certainty: read it the careful way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct NotPlain;

/// One field: `start..end` of its content in the text, and whether it holds `""` escapes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Field {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) escaped: bool,
}

impl Field {
    /// The field's text: borrowed, or unescaped when it holds `""`.
    pub(super) fn text<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        let raw = text.get(self.start..self.end).unwrap_or_default();
        if self.escaped {
            std::borrow::Cow::Owned(raw.replace("\"\"", "\""))
        } else {
            std::borrow::Cow::Borrowed(raw)
        }
    }

    /// The field's text when it holds no escape.
    pub(super) fn plain<'t>(&self, text: &'t str) -> Option<&'t str> {
        if self.escaped {
            None
        } else {
            text.get(self.start..self.end)
        }
    }
}

/// Where an unquoted field ends: at the first delimiter, `\n` or `"` (or the end). Most fields
/// are short keys, for which a plain loop beats setting up a vector search; longer ones get it.
fn field_end(rest: &[u8], delimiter: u8) -> usize {
    const SHORT: usize = 24;
    let head = rest.get(..SHORT).unwrap_or(rest);
    if let Some(k) = head
        .iter()
        .position(|b| *b == delimiter || *b == b'\n' || *b == b'"')
    {
        return k;
    }
    let tail = rest.get(head.len()..).unwrap_or_default();
    head.len() + memchr::memchr3(delimiter, b'\n', b'"', tail).unwrap_or(tail.len())
}

/// Reads the record that starts at or after `*pos` (blank lines skipped) into `fields`, and
/// moves `*pos` past its line end. `Ok(None)` at the end of the text; `Ok(Some(start))` with the
/// byte where the record starts.
pub(super) fn next_record(
    bytes: &[u8],
    pos: &mut usize,
    fields: &mut Vec<Field>,
    delimiter: u8,
) -> Result<Option<usize>, NotPlain> {
    fields.clear();
    let mut i = *pos;
    // Blank lines, as the csv crate skips them.
    loop {
        match bytes.get(i) {
            Some(b'\n') => i += 1,
            Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            Some(b'\r') => return Err(NotPlain),
            Some(_) => break,
            None => {
                *pos = i;
                return Ok(None);
            }
        }
    }
    let start = i;
    loop {
        let field = if bytes.get(i) == Some(&b'"') {
            let open = i + 1;
            let mut j = open;
            let mut escaped = false;
            loop {
                // A quote never closed: the careful reader names its line.
                let quote =
                    j + memchr::memchr(b'"', bytes.get(j..).unwrap_or_default()).ok_or(NotPlain)?;
                if bytes.get(quote + 1) == Some(&b'"') {
                    escaped = true;
                    j = quote + 2;
                } else {
                    j = quote;
                    break;
                }
            }
            i = j + 1;
            Field {
                start: open,
                end: j,
                escaped,
            }
        } else {
            let from = i;
            i += field_end(bytes.get(i..).unwrap_or_default(), delimiter);
            // A quote inside an unquoted field: read the careful way.
            if bytes.get(i) == Some(&b'"') {
                return Err(NotPlain);
            }
            // The `\r` of a `\r\n` line end is not part of the field (a lone `\r` was refused
            // before reading; see `lone_carriage_return`).
            let end =
                if i > from && bytes.get(i) == Some(&b'\n') && bytes.get(i - 1) == Some(&b'\r') {
                    i -= 1;
                    i
                } else {
                    i
                };
            Field {
                start: from,
                end,
                escaped: false,
            }
        };
        fields.push(field);
        match bytes.get(i) {
            Some(b) if *b == delimiter => i += 1,
            Some(b'\n') => {
                *pos = i + 1;
                return Ok(Some(start));
            }
            Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => {
                *pos = i + 2;
                return Ok(Some(start));
            }
            None => {
                *pos = i;
                return Ok(Some(start));
            }
            // Text after a closing quote, or a lone carriage return.
            Some(_) => return Err(NotPlain),
        }
    }
}

/// Whether the text holds a carriage return that does not end a line (`\r` not followed by
/// `\n`): the csv crate reads it as a line end, the fast tokenizer does not, so such a text is
/// read the careful way.
pub(super) fn lone_carriage_return(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str) -> Result<Vec<Vec<String>>, NotPlain> {
        if lone_carriage_return(text.as_bytes()) {
            return Err(NotPlain);
        }
        let mut pos = 0;
        let mut fields = Vec::new();
        let mut out = Vec::new();
        while next_record(text.as_bytes(), &mut pos, &mut fields, b',')?.is_some() {
            out.push(fields.iter().map(|f| f.text(text).into_owned()).collect());
        }
        Ok(out)
    }

    #[test]
    fn plain_shapes_read_as_the_csv_crate_reads_them() {
        let text = "a,b\r\n\r\n\"x,\"\"y\"\"\",\nlast,\"line\nbreak\"";
        assert_eq!(
            records(text).unwrap(),
            [
                vec!["a", "b"],
                vec!["x,\"y\"", ""],
                vec!["last", "line\nbreak"]
            ]
        );
        for text in ["a,b\n", "a,b", "\n\na\n"] {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            let want: Vec<Vec<String>> = reader
                .records()
                .map(|r| r.unwrap().iter().map(str::to_owned).collect())
                .collect();
            assert_eq!(records(text).unwrap(), want, "{text:?}");
        }
    }

    #[test]
    fn uncertain_shapes_are_left_to_the_careful_reader() {
        for text in ["a\"b,c\n", "\"a\"b,c\n", "a\rb\n", "\"open\n", "a,b\r"] {
            assert_eq!(records(text), Err(NotPlain), "{text:?}");
        }
    }
}
