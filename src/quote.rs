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
