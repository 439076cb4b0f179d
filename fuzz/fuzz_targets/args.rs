//! What the argument-parser targets share: a fuzz input as a command line.
//!
//! Each `args_EXAMPLE` target includes its example's own source as a module (the parser is the
//! example's, not a copy) and reads the input as the example reads its command line
//! (`common::read_args`: `--help`, every flag and value, the nearest flag to a mistyped one).
//! A refusal is an answer; a panic, hang or allocation past the limits is a finding.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

/// The input as arguments separated by NUL bytes, any bytes (so non-UTF-8 arguments are tried,
/// as a shell passes them).
pub fn command_line(data: &[u8]) -> Vec<OsString> {
    if data.is_empty() {
        return Vec::new();
    }
    data.split(|b| *b == 0)
        .map(|a| OsString::from_vec(a.to_vec()))
        .collect()
}
