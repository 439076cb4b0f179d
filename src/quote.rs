//! Bad values quoted in messages: control characters escaped, long values cut, so a hostile
//! 10 MB cell or a terminal escape is never echoed whole.

use std::fmt;

/// Longest excerpt of a bad value quoted in a message.
const QUOTE_LIMIT: usize = 80;

/// A value quoted in a message: control characters escaped, long values cut.
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, c) in self.0.chars().enumerate() {
            if n == QUOTE_LIMIT {
                return write!(f, "…({} characters)", self.0.chars().count());
            }
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

/// Free text as a text or Markdown view shows it: control characters (terminal escapes, carriage
/// returns, …) written out escaped (`\u{1b}`), so a description cannot act on the reader's
/// terminal.
///
/// ```
/// assert_eq!(needmatrix::report::shown("a\u{1b}[31mb"), "a\\u{1b}[31mb");
/// assert_eq!(needmatrix::report::shown("plain"), "plain");
/// ```
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Free text in a Markdown table cell: [`shown`], with `|` escaped so it cannot split the cell.
#[cfg(feature = "csv")]
pub(crate) fn markdown_cell(text: &str) -> String {
    shown(text).replace('|', "\\|")
}

/// Whether a spreadsheet would run this text as a formula (OWASP "CSV injection"): it begins
/// with `=`, `+`, `-`, `@`, a tab or a carriage return. CSV views write such text after a `'`.
#[cfg_attr(not(feature = "csv"), allow(dead_code))]
pub(crate) fn runs_as_formula(text: &str) -> bool {
    matches!(
        text.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// A free-text cell as a spreadsheet may safely open it: text that begins with `=`, `+`, `-`,
/// `@`, a tab or a carriage return would be run as a formula (OWASP "CSV injection"), so it is
/// written with a leading `'`. Numbers are never passed through here.
#[cfg(feature = "csv")]
pub(crate) fn spreadsheet_safe(text: &str) -> String {
    if runs_as_formula(text) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}
