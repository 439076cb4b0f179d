//! The lowest reading layer: files to text (checked for size and kind before they are read),
//! byte offsets to lines and columns, and parser errors to located [`Error`]s. It knows nothing
//! of matrices or assessments.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Location, Result};

#[cfg(feature = "csv")]
pub(crate) mod csv;
pub(crate) mod json;
#[cfg(feature = "toml")]
pub(crate) mod toml;

/// Largest file any reader accepts, in bytes (256 MiB): a hostile file cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a whole file as UTF-8 text (a leading byte-order mark is dropped). The file is checked
/// for what it is before it is opened: a directory, FIFO or device is refused (a FIFO would
/// block), and so is a file over [`MAX_FILE_BYTES`].
pub(crate) fn read_text(path: &Path) -> Result<String> {
    read_text_up_to(path, MAX_FILE_BYTES)
}

/// Opens a file to read whole, after checking what it is: a regular file (a directory, FIFO or
/// device is refused: a FIFO would block) of at most `limit` bytes. Gives the file and its
/// length.
fn open_checked(path: &Path, limit: u64) -> Result<(std::fs::File, u64)> {
    let name = path.display().to_string();
    let io = |e: std::io::Error| Error::io(name.clone(), e);
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(Error::parse(
            Location::new().with_file(&name),
            "not a regular file (a directory, pipe or device is not read)",
        ));
    }
    if meta.len() > limit {
        return Err(too_large(limit).in_file(&name));
    }
    Ok((std::fs::File::open(path).map_err(io)?, meta.len()))
}

/// The syntax of a document whose format a file names by its extension.
pub(crate) enum Syntax {
    Json,
    #[cfg(feature = "toml")]
    Toml,
}

/// Reads a document file (a matrix, a crosswalk) with `read`: TOML when its name ends in
/// `.toml`, JSON otherwise; a TOML file read by a build without the `toml` feature is
/// `feature_disabled` (`what`: "TOML matrices"). Every fault names the file.
pub(crate) fn read_json_or_toml<T>(
    path: &Path,
    what: &'static str,
    read: impl FnOnce(&str, Syntax) -> Result<T>,
) -> Result<T> {
    let name = path.display().to_string();
    let text = read_text(path)?;
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let result = if is_toml {
        #[cfg(feature = "toml")]
        let read = read(&text, Syntax::Toml);
        #[cfg(not(feature = "toml"))]
        let read = Err(Error::feature_disabled("toml", what));
        read
    } else {
        #[cfg(feature = "toml")]
        let _ = what;
        read(&text, Syntax::Json)
    };
    result.map_err(|e| e.in_file(&name))
}

/// A whole file as bytes (a workbook), checked as [`read_text`] checks it.
#[cfg(feature = "xlsx")]
pub(crate) fn read_bytes_up_to(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let name = path.display().to_string();
    let (file, len) = open_checked(path, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(name.clone(), e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit).in_file(&name));
    }
    Ok(bytes)
}

/// [`read_text`] with another limit (the streaming register path reads larger files).
pub(crate) fn read_text_up_to(path: &Path, limit: u64) -> Result<String> {
    let name = path.display().to_string();
    let (file, len) = open_checked(path, limit)?;
    #[cfg(unix)]
    if let Some(bytes) = read_in_halves(&file, len) {
        return text_of(bytes).map_err(|e| e.in_file(&name));
    }
    // Sized from the file's length, so a large file is not copied as the buffer grows.
    let capacity = usize::try_from(len).unwrap_or(0).saturating_add(1);
    read_limited(file, &name, limit, capacity).map_err(|e| e.in_file(&name))
}

/// A large file read as two halves at once, on two threads (copying a file from the page cache
/// is most of the time a large register takes to read). `None` when the file is small, one core
/// is all there is, or the file changed while it was read: it is then read from the start.
#[cfg(unix)]
fn read_in_halves(file: &std::fs::File, len: u64) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    const HALVES_FROM: u64 = 32 * 1024 * 1024;
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if len < HALVES_FROM || cores < 2 {
        return None;
    }
    let mut bytes = vec![0u8; usize::try_from(len).ok()?];
    let middle = bytes.len() / 2;
    let (first, second) = bytes.split_at_mut(middle);
    let read = std::thread::scope(|scope| {
        let later = scope.spawn(|| file.read_exact_at(second, middle as u64));
        let early = file.read_exact_at(first, 0);
        early.is_ok() && later.join().is_ok_and(|r| r.is_ok())
    });
    // Nothing may follow: a file that grew is read again, with its limit.
    let mut probe = [0u8; 1];
    (read && file.read_at(&mut probe, len).ok()? == 0).then_some(bytes)
}

/// Reads UTF-8 text from any reader, at most [`MAX_FILE_BYTES`] of it (a leading byte-order mark
/// is dropped); `name` names it in an I/O error.
///
/// # Errors
/// `io` when the reader fails; `out_of_range` past the limit; `parse` with the line and column
/// of invalid UTF-8.
pub(crate) fn read_to_text(reader: impl Read, name: &str) -> Result<String> {
    read_limited(reader, name, MAX_FILE_BYTES, 0)
}

fn read_limited(reader: impl Read, name: &str, limit: u64, capacity: usize) -> Result<String> {
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(name, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    text_of(bytes)
}

/// Bytes as UTF-8 text, a leading byte-order mark dropped; `parse` with the line and column of
/// the first invalid byte.
fn text_of(bytes: Vec<u8>) -> Result<String> {
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let (line, column) = line_column(
            &String::from_utf8_lossy(e.as_bytes().get(..offset).unwrap_or_default()),
            offset,
        );
        Error::parse(
            Location::new().with_line(line).with_column(column),
            "invalid UTF-8: the file is in another encoding (a spreadsheet's plain \"CSV\" is often Windows-1252); save it as UTF-8 (in Excel: \"CSV UTF-8\") and read it again",
        )
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

fn too_large(limit: u64) -> Error {
    Error::from(crate::error::Fault::OutOfRange {
        at: Location::new(),
        value: format!("{} bytes or more", limit.saturating_add(1)),
        rule: format!("a file holds at most {limit} bytes"),
    })
}

/// A cursor that turns increasing byte offsets of one text into 1-based lines and columns,
/// counting as it goes: a whole file's records cost one pass over it, however many there are.
#[derive(Debug)]
pub(crate) struct Lines<'t> {
    bytes: &'t [u8],
    offset: usize,
    line: u64,
    column: u64,
}

impl<'t> Lines<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Self::new_bytes(text.as_bytes())
    }

    /// Line and column (in characters) of `offset`. Offsets are expected in increasing order; an
    /// earlier one is counted again from the start.
    pub(crate) fn at(&mut self, offset: usize) -> (u64, u64) {
        if offset < self.offset {
            *self = Lines::new_bytes(self.bytes);
        }
        let end = offset.min(self.bytes.len());
        for i in self.offset..end {
            let b = self.bytes.get(i).copied().unwrap_or_default();
            // A line ends in LF, CR LF, or a CR alone (classic Mac OS files).
            let bare_cr = b == b'\r' && self.bytes.get(i + 1) != Some(&b'\n');
            if b == b'\n' || bare_cr {
                self.line += 1;
                self.column = 1;
            } else if b & 0xC0 != 0x80 {
                // Not a UTF-8 continuation byte: a character starts here.
                self.column += 1;
            }
        }
        self.offset = end;
        (self.line, self.column)
    }

    /// The first offset at or after `offset` that is not a line break: where a record that the
    /// CSV reader places at the end of the previous one really starts.
    #[cfg(feature = "csv")]
    pub(crate) fn skip_breaks(&self, offset: usize) -> usize {
        let rest = self.bytes.get(offset..).unwrap_or_default();
        offset
            + rest
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count()
    }

    fn new_bytes(bytes: &'t [u8]) -> Self {
        Lines {
            bytes,
            offset: 0,
            line: 1,
            column: 1,
        }
    }
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (u64, u64) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.bytes().filter(|b| *b == b'\n').count() as u64 + 1;
    let column = before.rfind('\n').map_or(before.chars().count(), |n| {
        before.get(n + 1..).unwrap_or_default().chars().count()
    }) as u64
        + 1;
    (line, column)
}

/// Moves a location found inside a record to where the record sits in its file.
pub(crate) fn shift(at: Location, base_line: u64, base_column: u64) -> Location {
    match (at.line(), at.column()) {
        (Some(1), Some(column)) => Location::new()
            .with_line(base_line)
            .with_column(base_column + column - 1),
        (Some(line), column) => {
            let moved = Location::new().with_line(base_line + line - 1);
            match column {
                Some(c) => moved.with_column(c),
                None => moved,
            }
        }
        _ => Location::new().with_line(base_line),
    }
    .merge_rest(at)
}

#[cfg(all(test, unix))]
mod halves_tests {
    /// A file large enough to be read in halves reads as it does whole, a character of several
    /// bytes across the middle included.
    #[test]
    fn a_large_file_read_in_halves_is_the_file() {
        let dir = std::env::temp_dir().join(format!("needmatrix-halves-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("large.csv");
        let line = "id,area,é€😀,text\n";
        let text: String = line.repeat(40 * 1024 * 1024 / line.len() + 1);
        std::fs::write(&path, &text).unwrap();
        let read = super::read_text_up_to(&path, u64::MAX).unwrap();
        assert!(read == text, "the halves are the file");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
