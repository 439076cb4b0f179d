//! The streaming register path: a register file scored and put in priority order without
//! holding it as objects.
//!
//! A register is read record by record in place. A CSV record is tokenized into byte ranges and
//! each field checked where it lies; a JSON or JSON Lines record is deserialized borrowing from
//! the text. Keys are resolved to positions in the compiled matrix, points read to fixed point,
//! and the record packed into a 32-byte bulk input, scored by the bulk kernel, and kept as that
//! input, its 16-byte outcome and the spans of its id and notes. The priority order is a sort of
//! compact keys; the scored file is written from the packed form. On two cores the text is read
//! in two halves split at a record boundary; the result is the same, byte for byte, as on one.
//!
//! The fast path takes only files whose reading is certain; any fault, or any shape it does not
//! take (quoted or escaped keys, an unknown column, a float for points, a duplicate id), sends
//! the file to the careful reader of [`Register`], which gives the same
//! outcomes and names every fault: the same codes, lines and fields, nothing scored when one
//! record is bad.
//!
//! ```
//! use needmatrix::{Matrix, RegisterFormat, stream::ScoredStream};
//!
//! let m = Matrix::reference();
//! let csv = "id,area,impact,probability,capability,capacity\n\
//!            low,public_order,minor,rare,good,good\n\
//!            top,major_crime,critical,likely,none,none\n";
//! let scored = ScoredStream::from_text(m, csv.to_owned(), RegisterFormat::Csv)?;
//! let ids: Vec<String> = scored.outcomes().map(|o| o.id().to_owned()).collect();
//! assert_eq!(ids, ["top", "low"]);
//! assert_eq!(scored.summary().overall().high_need(), 1);
//! # Ok::<(), needmatrix::Error>(())
//! ```

mod columns;
mod fast;
mod json;
mod tokens;
mod write;

use std::borrow::Cow;
use std::cmp::Ordering;
use std::path::Path;

use crate::assessment::RegisterFormat;
use crate::bulk::{BulkOutcome, Scorer};
use crate::error::{Error, Location, Result};
use crate::matrix::Matrix;
use crate::register::{Register, RegisterSummary, ScoredRegister};
use crate::score::Outcome;
pub use columns::EncodedColumn;
use fast::{Columns, Entry, Notes};
use tokens::{NotPlain, next_record};

/// Largest register file the streaming path reads: 4 GiB. Memory holds the text, 64 bytes per
/// record (the packed entry and outcome; 48 more when the register has free text, and 8 per
/// ameliorative kind of the matrix when it has ameliorative columns) and, while
/// reading, 48 more per record to sort.
pub const MAX_STREAM_FILE_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// Below this size a file is read on one thread: a second would cost more than it saves.
const SPLIT_AT_BYTES: usize = 4 * 1024 * 1024;

/// Where to split a text into two halves to read on two threads: after the first line end at or
/// past the middle, when two threads are asked for and the text is large enough.
fn line_split(text: &str, threads: usize) -> Option<usize> {
    let end = text.len();
    if threads < 2 || end < SPLIT_AT_BYTES {
        return None;
    }
    let middle = end / 2;
    let n = memchr::memchr(b'\n', text.as_bytes().get(middle..)?)?;
    Some(middle + n + 1).filter(|s| *s < end)
}

/// Where to split a JSON array of `records` records, `text_len` bytes in all, into two halves to
/// read on two threads: after half the records, when two threads are asked for and the text is
/// large enough (as for [`line_split`]).
fn records_split(records: usize, text_len: usize, threads: usize) -> Option<usize> {
    (threads >= 2 && text_len >= SPLIT_AT_BYTES).then_some(records / 2)
}

/// Whether two halves read apart hold more rows than a register may (each half alone is held
/// to the limit as it is read): the careful reader then refuses the register, naming it.
fn too_many_rows(total: usize) -> bool {
    total > crate::MAX_REGISTER_ROWS
}

/// A scored register in priority order, read by the streaming path (or, when the fast path
/// cannot take the file, by the careful reader).
///
/// ```
/// use needmatrix::{Matrix, RegisterFormat, report, stream::ScoredStream};
///
/// let m = Matrix::reference();
/// let csv = "id,area,impact,probability,capability,capacity,description\n\
///            po-1,public_order,major,likely,adequate,limited,Disorder at the festival\n";
/// let scored = ScoredStream::from_text(m, csv.to_owned(), RegisterFormat::Csv)?;
/// assert!(scored.read_fast());
/// let mut out = Vec::new();
/// report::write_stream_csv(&scored, &mut out)?;
/// let text = String::from_utf8(out)?;
/// // Priority, id, area, the inputs, then the outcome: risk 16.
/// assert!(text.lines().nth(1).unwrap().starts_with("1,po-1,public_order,major,likely,,0,0,adequate,limited,false,,,,16,"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct ScoredStream {
    inner: Inner,
}

#[derive(Debug)]
enum Inner {
    Fast(Box<Fast>),
    /// The careful reader's result, and each entry's position in the input, in priority order.
    Careful(ScoredRegister, Vec<u32>),
}

impl Inner {
    /// A register scored the careful way, each entry's input position kept.
    fn careful(
        register: Register,
        score: impl FnOnce(Register) -> Result<ScoredRegister>,
    ) -> Result<Inner> {
        let places: std::collections::HashMap<String, u32> = register
            .assessments()
            .iter()
            .zip(0u32..)
            .map(|(a, n)| (a.id().to_owned(), n))
            .collect();
        let scored = score(register)?;
        let positions = scored
            .entries()
            .iter()
            .map(|e| places.get(e.assessment().id()).copied().unwrap_or_default())
            .collect();
        Ok(Inner::Careful(scored, positions))
    }
}

/// What the fast path keeps.
#[derive(Debug)]
struct Fast {
    text: String,
    scorer: Scorer,
    entries: Vec<Entry>,
    /// Each entry's notes, or nothing when the register has none.
    notes: Vec<Notes>,
    /// Each entry's points per ameliorative kind, or nothing when the register has none.
    amounts: Vec<i64>,
    outcomes: Vec<BulkOutcome>,
    /// Entry indices in priority order.
    order: Vec<u32>,
    summary: RegisterSummary,
    /// The threads it was read on, and is written on.
    threads: usize,
}

impl ScoredStream {
    /// Reads and scores register text of `format`, in priority order, on up to two threads.
    ///
    /// # Errors
    /// As [`Register::from_text`] and [`Register::score`]: every faulty record, the first
    /// [`MAX_LISTED_FAULTS`](crate::MAX_LISTED_FAULTS) listed, and nothing scored; `out_of_range`
    /// for a text over [`MAX_FILE_BYTES`](crate::MAX_FILE_BYTES) that the fast path cannot take
    /// (the careful reader, which names every fault, reads up to that size).
    pub fn from_text(matrix: &Matrix, text: String, format: RegisterFormat) -> Result<Self> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
        Self::with_threads(matrix, text, format, threads)
    }

    /// [`ScoredStream::from_text`] on at most `threads` threads (1 or 2 are used): the result is
    /// the same whatever the number.
    ///
    /// # Errors
    /// As [`ScoredStream::from_text`].
    pub fn with_threads(
        matrix: &Matrix,
        text: String,
        format: RegisterFormat,
        threads: usize,
    ) -> Result<Self> {
        Self::read(matrix, text, format, threads, crate::MAX_FILE_BYTES, None)
    }

    /// Reads on the fast path, or on the careful one for a text of at most `careful_limit`
    /// bytes.
    fn read(
        matrix: &Matrix,
        text: String,
        format: RegisterFormat,
        threads: usize,
        careful_limit: u64,
        file: Option<&str>,
    ) -> Result<Self> {
        let fast = match Scorer::new(matrix) {
            Ok(scorer) => Fast::read(scorer, text, format, threads),
            Err(_) => Err(text),
        };
        let inner = match fast {
            Ok(fast) => Inner::Fast(Box::new(fast)),
            // The careful reader holds every field as its own string: past its file limit it
            // would need many times the file in memory.
            Err(text) if text.len() as u64 > careful_limit => {
                return Err(Error::from(crate::error::Fault::OutOfRange {
                    at: Location::new(),
                    value: format!("{} bytes", text.len()),
                    rule: format!(
                        "a register over {careful_limit} bytes is read only on the fast path, which takes a CSV register whose every record is valid and plainly written; this one has a fault or a shape it does not take (quoted keys, an unknown column, a JSON register): split it to find which"
                    ),
                }));
            }
            Err(text) => {
                let register = Register::from_text(matrix, &text, format)?;
                let register = match file {
                    Some(name) => register.in_file(name),
                    None => register,
                };
                Inner::careful(register, |r| r.into_scored(matrix))?
            }
        };
        Ok(ScoredStream { inner })
    }

    /// Scores a register held as dictionary-encoded columns (a data frame's), in priority order:
    /// the same result as [`Register::from_columns`] scored by
    /// [`Register::into_scored_bulk`], for the cells the codes give. Each distinct cell of a
    /// column is checked once and each row packed from positions; on any fault or doubt the
    /// careful reader reads the columns, names every fault and scores on up to `threads`
    /// threads.
    ///
    /// ```
    /// use needmatrix::Matrix;
    /// use needmatrix::stream::{EncodedColumn, ScoredStream};
    ///
    /// let m = Matrix::reference();
    /// let (ids, areas, impacts) = ([Some("a"), Some("b")], [Some("major_crime")], [Some("major"), Some("minimal")]);
    /// let (probability, ability) = ([Some("likely")], [Some("none"), Some("strong")]);
    /// let columns = [
    ///     EncodedColumn::new("id", &ids, &[0, 1]),
    ///     EncodedColumn::new("area", &areas, &[0, 0]),
    ///     EncodedColumn::new("impact", &impacts, &[1, 0]),
    ///     EncodedColumn::new("probability", &probability, &[0, 0]),
    ///     EncodedColumn::new("capability", &ability, &[1, 0]),
    ///     EncodedColumn::new("capacity", &ability, &[1, 0]),
    /// ];
    /// let scored = ScoredStream::from_columns(m, &columns, 1)?;
    /// assert!(scored.read_fast());
    /// // `b` (major × likely, no ability: need 16) comes first; it was the second row.
    /// assert_eq!(scored.positions().collect::<Vec<_>>(), [1, 0]);
    /// assert_eq!(scored.outcomes().next().unwrap().need().to_string(), "16");
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Register::from_columns`] and [`Register::score`]; `parse` for a code past its
    /// column's dictionary, naming the column and row.
    pub fn from_columns(
        matrix: &Matrix,
        columns: &[EncodedColumn<'_>],
        threads: usize,
    ) -> Result<Self> {
        let scorer = Scorer::new(matrix)?;
        if let Ok((text, part)) = columns::read(&scorer, columns)
            && let Ok(done) = Half::of(&scorer, &text, part)
                .and_then(|half| Fast::finish(&scorer, &text, vec![half]))
        {
            return Ok(ScoredStream {
                inner: Inner::Fast(Box::new(Fast::of(scorer, text, done, 1))),
            });
        }
        let cells = columns
            .iter()
            .map(|c| Ok((c.name(), c.cells()?)))
            .collect::<Result<Vec<_>>>()?;
        let register = Register::from_columns(matrix, cells)?;
        Ok(ScoredStream {
            inner: Inner::careful(register, |r| r.into_scored_bulk(&scorer, threads))?,
        })
    }

    /// Reads a register file (`.json`, `.jsonl` or `.csv`, by its extension) of up to
    /// [`MAX_STREAM_FILE_BYTES`] and scores it, errors naming the file.
    ///
    /// # Errors
    /// `io` when it cannot be read (or is not a regular file, or is too large); as
    /// [`ScoredStream::from_text`].
    pub fn from_path(matrix: &Matrix, path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let format = RegisterFormat::of_register_path(path)?;
        if format == RegisterFormat::Xlsx {
            // A workbook is read whole by its reader (cells are not text to read in place).
            let register = Register::from_path(matrix, path)?;
            return Ok(ScoredStream {
                inner: Inner::careful(register, |r| r.into_scored(matrix))?,
            });
        }
        let text = crate::text::read_text_up_to(path, MAX_STREAM_FILE_BYTES)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
        Self::read(
            matrix,
            text,
            format,
            threads,
            crate::MAX_FILE_BYTES,
            Some(&name),
        )
        .map_err(|e| e.in_file(&name))
    }

    /// Whether the fast path read the file (otherwise the careful reader did, with the same
    /// result).
    #[must_use]
    pub fn read_fast(&self) -> bool {
        matches!(self.inner, Inner::Fast(_))
    }

    /// The number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        match &self.inner {
            Inner::Fast(f) => f.entries.len(),
            Inner::Careful(r, _) => r.entries().len(),
        }
    }

    /// Whether there are no entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The matrix the register was scored with.
    #[must_use]
    pub fn matrix(&self) -> &Matrix {
        match &self.inner {
            Inner::Fast(f) => f.scorer.matrix(),
            Inner::Careful(r, _) => r.matrix(),
        }
    }

    /// The summary per area and overall (SPEC §6).
    #[must_use]
    pub fn summary(&self) -> &RegisterSummary {
        match &self.inner {
            Inner::Fast(f) => &f.summary,
            Inner::Careful(r, _) => r.summary(),
        }
    }

    /// Each entry's position in the input (its record's place among the register's records,
    /// from 0, in reading order), in priority order: what sorts the input's own rows, or
    /// anything kept beside them, into the scored order.
    pub fn positions(&self) -> impl ExactSizeIterator<Item = usize> + '_ {
        let positions: &[u32] = match &self.inner {
            Inner::Fast(f) => &f.order,
            Inner::Careful(_, positions) => positions,
        };
        positions.iter().map(|&p| p as usize)
    }

    /// The outcomes in priority order, each built as it is reached.
    pub fn outcomes(&self) -> impl Iterator<Item = Outcome> + '_ {
        let (fast, careful) = match &self.inner {
            Inner::Fast(f) => (Some(f), None),
            Inner::Careful(r, _) => (None, Some(r)),
        };
        let fast = fast
            .into_iter()
            .flat_map(|f| f.order.iter().filter_map(move |&i| f.outcome(i as usize)));
        fast.chain(careful.into_iter().flat_map(|r| r.outcomes().cloned()))
    }

    /// What scoring found in the derived columns of the scored table the register was read
    /// from ([`ScoredRegister::recomputed`]); nothing compared when it had none.
    #[must_use]
    pub fn recomputed(&self) -> &crate::Recomputed {
        match &self.inner {
            // The fast path takes no table with derived columns.
            Inner::Fast(_) => ScoredRegister::recomputed_none(),
            Inner::Careful(r, _) => r.recomputed(),
        }
    }

    /// The register scored by the careful reader, when the fast path did not take it.
    pub(crate) fn careful(&self) -> Option<&ScoredRegister> {
        match &self.inner {
            Inner::Fast(_) => None,
            Inner::Careful(r, _) => Some(r),
        }
    }

    /// The scored CSV written straight from the packed form (fast path only), on the threads
    /// the stream was read with.
    pub(crate) fn write_fast_csv<W: std::io::Write>(&self, writer: W) -> std::io::Result<()> {
        match &self.inner {
            Inner::Fast(f) => f.write_csv(writer, f.threads),
            Inner::Careful(..) => Ok(()),
        }
    }

    /// Writes the JSON of SPEC §6, as [`ScoredRegister::write_json`] writes it for the same
    /// register: `{"matrix", "fingerprint", "outcomes", "summary"}`.
    ///
    /// # Errors
    /// The writer's I/O error.
    pub fn write_json<W: std::io::Write>(&self, writer: W) -> std::io::Result<()> {
        crate::register::write_scored_json(writer, self.matrix(), self.outcomes(), self.summary())
    }
}

impl Fast {
    /// Reads `text` on the fast path, or gives it back when the fast path cannot take it.
    fn read(
        scorer: Scorer,
        text: String,
        format: RegisterFormat,
        threads: usize,
    ) -> std::result::Result<Fast, String> {
        match Self::read_checked(&scorer, &text, format, threads) {
            Ok(done) => Ok(Fast::of(scorer, text, done, threads)),
            Err(NotPlain) => Err(text),
        }
    }

    /// What the fast path keeps of what it read.
    fn of(scorer: Scorer, text: String, done: Done, threads: usize) -> Fast {
        Fast {
            scorer,
            entries: done.entries,
            notes: done.notes,
            amounts: done.amounts,
            outcomes: done.outcomes,
            order: done.order,
            summary: done.summary,
            threads,
            text,
        }
    }

    /// Reads, checks, scores, sums and orders the register. On two threads each half of the
    /// text does all of that on its own thread; the halves' orders and ids are then merged.
    fn read_checked(
        scorer: &Scorer,
        text: &str,
        format: RegisterFormat,
        threads: usize,
    ) -> std::result::Result<Done, NotPlain> {
        // A byte-order mark is the careful reader's to drop.
        if text.starts_with('\u{feff}') {
            return Err(NotPlain);
        }
        let halves = match format {
            // A workbook is not text: `ScoredStream::from_path` reads it the careful way.
            RegisterFormat::Xlsx => return Err(NotPlain),
            RegisterFormat::Csv => Self::csv_halves(scorer, text, threads)?,
            RegisterFormat::JsonLines => {
                let read = |from, until| {
                    json::read_lines(scorer, text, from, until)
                        .and_then(|part| Half::of(scorer, text, part))
                };
                // A line end is always a record boundary in JSON Lines.
                match line_split(text, threads) {
                    Some(split) => {
                        let (first, second) = std::thread::scope(|scope| {
                            let second = scope.spawn(|| read(split, text.len()));
                            (read(0, split), second.join())
                        });
                        vec![first?, second.map_err(|_| NotPlain)??]
                    }
                    None => vec![read(0, text.len())?],
                }
            }
            RegisterFormat::Json => {
                let records = json::array_records(text)?;
                let read = |records: &[&serde_json::value::RawValue]| {
                    json::read_records(scorer, text, records)
                        .and_then(|part| Half::of(scorer, text, part))
                };
                match records_split(records.len(), text.len(), threads) {
                    Some(split) => {
                        let (first, second) = records.split_at(split);
                        let (first, second) = std::thread::scope(|scope| {
                            let later = scope.spawn(|| read(second));
                            (read(first), later.join())
                        });
                        vec![first?, second.map_err(|_| NotPlain)??]
                    }
                    None => vec![read(&records)?],
                }
            }
        };
        Self::finish(scorer, text, halves)
    }

    /// The halves read, each scored and ordered, checked and merged: one order, one summary.
    fn finish(
        scorer: &Scorer,
        text: &str,
        halves: Vec<Half>,
    ) -> std::result::Result<Done, NotPlain> {
        let total: usize = halves.iter().map(|h| h.entries.len()).sum();
        // A repeated id, or too many rows: the careful reader names them.
        if too_many_rows(total) || Half::any_shared_id(&halves, scorer, text) {
            return Err(NotPlain);
        }
        let order = Half::merged_order(&halves, scorer, text);
        let mut summary = RegisterSummary::new(scorer.matrix());
        let (mut entries, mut notes, mut outcomes) = (Vec::new(), Vec::new(), Vec::new());
        let mut amounts = Vec::new();
        for h in halves {
            // Sums of at most 10 000 000 needs of at most 10^12 each stay exact.
            summary.merge(&h.summary).map_err(|_| NotPlain)?;
            // The first half's vectors grow to hold the second's (a large one is moved by the
            // allocator, not copied beside itself).
            let (keys, ids) = (h.keys, h.ids);
            drop((keys, ids));
            if entries.is_empty() {
                (entries, notes, outcomes, amounts) = (h.entries, h.notes, h.outcomes, h.amounts);
            } else {
                entries.extend(h.entries);
                notes.extend(h.notes);
                amounts.extend(h.amounts);
                outcomes.extend(h.outcomes);
            }
        }
        Ok(Done {
            entries,
            notes,
            amounts,
            outcomes,
            order,
            summary,
        })
    }

    /// A CSV register read in one part or two.
    fn csv_halves(
        scorer: &Scorer,
        text: &str,
        threads: usize,
    ) -> std::result::Result<Vec<Half>, NotPlain> {
        let bytes = text.as_bytes();
        if tokens::lone_carriage_return(bytes) {
            return Err(NotPlain);
        }
        let mut pos = 0;
        let mut fields = Vec::new();
        let delimiter = crate::text::csv::sniff_delimiter(text);
        if next_record(bytes, &mut pos, &mut fields, delimiter)?.is_none() {
            return Err(NotPlain);
        }
        let header: Vec<&str> = fields
            .iter()
            .map(|f| f.plain(text).ok_or(NotPlain))
            .collect::<std::result::Result<_, _>>()?;
        let columns = Columns::of(scorer.matrix(), &header, delimiter)?;
        let end = bytes.len();
        let read = |from, until| {
            fast::read_part(scorer, &columns, text, from, until)
                .and_then(|part| Half::of(scorer, text, part))
        };
        // Two halves, the second starting after a line end near the middle. The first half is
        // read up to that point; only if its last record ends exactly there was the split at a
        // record boundary (not inside a quoted cell), and the second half's reading stands.
        Ok(match line_split(text, threads).filter(|s| *s > pos) {
            Some(split) => {
                let (first, second) = std::thread::scope(|scope| {
                    let second = scope.spawn(|| read(split, end));
                    (read(pos, split), second.join())
                });
                let first = first?;
                if first.end == split {
                    vec![first, second.map_err(|_| NotPlain)??]
                } else {
                    vec![read(pos, end)?]
                }
            }
            None => vec![read(pos, end)?],
        })
    }

    /// Entry `i`'s outcome.
    fn outcome(&self, i: usize) -> Option<Outcome> {
        let (e, o) = (self.entries.get(i)?, self.outcomes.get(i)?);
        self.scorer.outcome(e.id(&self.text), &e.input, o).ok()
    }

    /// Entry `i`'s free text, confidence then the notes (empty when the register has none).
    fn notes_of(&self, i: usize) -> [Cow<'_, str>; 6] {
        match (self.entries.get(i), self.notes.get(i)) {
            (Some(e), Some(notes)) => notes.text(&self.text, e.record),
            _ => std::array::from_fn(|_| Cow::Borrowed("")),
        }
    }

    /// Entry `i`'s points per ameliorative kind of the matrix, or `None` when the register has
    /// no ameliorative column (every kind then counts 0).
    fn amounts_of(&self, i: usize) -> Option<&[i64]> {
        let kinds = self.scorer.matrix().ameliorative().len();
        let start = i.checked_mul(kinds)?;
        self.amounts.get(start..start.checked_add(kinds)?)
    }
}

/// What the fast path has read, before it is kept with its text.
struct Done {
    entries: Vec<Entry>,
    notes: Vec<Notes>,
    amounts: Vec<i64>,
    outcomes: Vec<BulkOutcome>,
    order: Vec<u32>,
    summary: RegisterSummary,
}

/// One half of the text (or the whole), read, scored, summed and sorted on its own thread.
struct Half {
    entries: Vec<Entry>,
    /// Each entry's notes, or nothing when the register has none.
    notes: Vec<Notes>,
    /// Each entry's points per ameliorative kind, or nothing when the register has none.
    amounts: Vec<i64>,
    outcomes: Vec<BulkOutcome>,
    /// The entries' sort keys, in priority order (indices within the half).
    keys: Vec<Key>,
    /// The entries' ids, sorted: (first eight bytes, index within the half).
    ids: Vec<(u64, u32)>,
    summary: RegisterSummary,
    /// Where reading stopped: the byte after the last record's line end.
    end: usize,
}

/// The sort key of one entry, 32 bytes: high need, need, threat and risk packed into one
/// integer, the first eight bytes of the id, and the entry. Ties on both (rare: ids that share
/// their first eight bytes) are broken by the whole id, looked up.
#[derive(Clone, Copy)]
struct Key {
    packed: u128,
    prefix: u64,
    index: u32,
}

/// Bits for each of need, threat and risk in a packed key.
const PACKED_BITS: u32 = 40;

/// Whether need, threat and risk fit the packed keys: every value the scorer computes is at most
/// its comparator bound, so a bound under 2^40 fits each in [`PACKED_BITS`] bits.
fn packs(scorer: &Scorer) -> bool {
    scorer.comparator_bound() < 1 << PACKED_BITS
}

/// The first eight bytes of an id, zero-padded, as a number that orders as the bytes do (an id
/// holds no NUL, a control character).
fn id_prefix(id: &[u8]) -> u64 {
    let mut prefix = [0u8; 8];
    for (slot, b) in prefix.iter_mut().zip(id) {
        *slot = *b;
    }
    u64::from_be_bytes(prefix)
}

/// How one half's entries compare in priority order (SPEC §3): high need, need, threat and risk
/// descending, then id ascending by bytes. Ids are unique, so the order is total and every
/// correct sort agrees.
struct Order<'a> {
    scorer: &'a Scorer,
    text: &'a str,
    entries: &'a [Entry],
    outcomes: &'a [BulkOutcome],
    /// Whether need, threat and risk are in the packed keys; if not (a matrix of values past
    /// 2^40 in fixed point), they are compared one by one.
    packs: bool,
}

impl Order<'_> {
    fn id(&self, index: u32) -> &[u8] {
        self.entries
            .get(index as usize)
            .map_or(&[][..], |e| e.id(self.text).as_bytes())
    }

    /// Need, threat and risk of an entry, for a matrix whose values do not pack.
    fn wide(&self, index: u32) -> (i64, i64, i64) {
        let i = index as usize;
        match (self.entries.get(i), self.outcomes.get(i)) {
            (Some(e), Some(o)) => {
                let (risk, threat) = self.scorer.risk_and_threat(&e.input);
                (o.need_fixed(), threat, risk)
            }
            _ => (0, 0, 0),
        }
    }

    fn key(&self, index: u32) -> Key {
        let i = index as usize;
        let (Some(e), Some(o)) = (self.entries.get(i), self.outcomes.get(i)) else {
            return Key {
                packed: 0,
                prefix: 0,
                index,
            };
        };
        let bits = |v: i64| u128::from(v.unsigned_abs());
        let packed = if self.packs {
            let (risk, threat) = self.scorer.risk_and_threat(&e.input);
            (u128::from(o.high_need()) << (3 * PACKED_BITS))
                | (bits(o.need_fixed()) << (2 * PACKED_BITS))
                | (bits(threat) << PACKED_BITS)
                | bits(risk)
        } else {
            u128::from(o.high_need())
        };
        Key {
            packed,
            prefix: id_prefix(e.id(self.text).as_bytes()),
            index,
        }
    }

    /// `a` before `b` in priority order (keys of two orders compared: each looks up its own).
    fn cmp(&self, a: &Key, other: &Order<'_>, b: &Key) -> Ordering {
        b.packed
            .cmp(&a.packed)
            .then_with(|| {
                if self.packs {
                    Ordering::Equal
                } else {
                    other.wide(b.index).cmp(&self.wide(a.index))
                }
            })
            .then_with(|| a.prefix.cmp(&b.prefix))
            .then_with(|| self.id(a.index).cmp(other.id(b.index)))
    }
}

impl Half {
    /// A part read: scored, summed, its keys and ids sorted.
    fn of(scorer: &Scorer, text: &str, part: fast::Part) -> std::result::Result<Half, NotPlain> {
        let inputs: Vec<_> = part.entries.iter().map(|e| e.input).collect();
        let mut outcomes = Vec::new();
        scorer.score_into(&inputs, &mut outcomes);
        drop(inputs);
        // A deadline past 9999-12-31: the careful reader refuses it by name.
        if outcomes.iter().any(BulkOutcome::deadline_overflowed) {
            return Err(NotPlain);
        }
        let mut summary = RegisterSummary::new(scorer.matrix());
        for (e, o) in part.entries.iter().zip(&outcomes) {
            let need = rust_decimal::Decimal::new(o.need_fixed(), scorer.scale());
            summary
                .add_scored(
                    e.input.area(),
                    need,
                    o.need_band(),
                    o.grade(),
                    o.high_need(),
                )
                .map_err(|_| NotPlain)?;
        }
        let n = u32::try_from(part.entries.len()).map_err(|_| NotPlain)?;
        let order = Order {
            scorer,
            text,
            entries: &part.entries,
            outcomes: &outcomes,
            packs: packs(scorer),
        };
        let mut keys: Vec<Key> = (0..n).map(|i| order.key(i)).collect();
        keys.sort_unstable_by(|a, b| order.cmp(a, &order, b));
        let mut ids: Vec<(u64, u32)> = keys.iter().map(|k| (k.prefix, k.index)).collect();
        ids.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| order.id(a.1).cmp(order.id(b.1))));
        if ids
            .windows(2)
            .any(|w| matches!(w, [a, b] if a.0 == b.0 && order.id(a.1) == order.id(b.1)))
        {
            return Err(NotPlain);
        }
        Ok(Half {
            entries: part.entries,
            notes: part.notes,
            amounts: part.amounts,
            outcomes,
            keys,
            ids,
            summary,
            end: part.end,
        })
    }

    fn order<'a>(&'a self, scorer: &'a Scorer, text: &'a str) -> Order<'a> {
        Order {
            scorer,
            text,
            entries: &self.entries,
            outcomes: &self.outcomes,
            packs: packs(scorer),
        }
    }

    /// Whether an id is in two halves: a merge of their sorted ids. Linear after the sorts,
    /// whatever the ids are (a hash set could be driven quadratic by chosen ids).
    fn any_shared_id(halves: &[Half], scorer: &Scorer, text: &str) -> bool {
        let [a, b] = halves else {
            return false;
        };
        let (oa, ob) = (a.order(scorer, text), b.order(scorer, text));
        let (mut x, mut y) = (a.ids.iter().peekable(), b.ids.iter().peekable());
        while let (Some(p), Some(q)) = (x.peek(), y.peek()) {
            match p.0.cmp(&q.0).then_with(|| oa.id(p.1).cmp(ob.id(q.1))) {
                Ordering::Less => {
                    x.next();
                }
                Ordering::Greater => {
                    y.next();
                }
                Ordering::Equal => return true,
            }
        }
        false
    }

    /// Entry indices (across the halves, in reading order) in priority order: the halves'
    /// sorted keys merged.
    fn merged_order(halves: &[Half], scorer: &Scorer, text: &str) -> Vec<u32> {
        match halves {
            [only] => only.keys.iter().map(|k| k.index).collect(),
            [a, b] => {
                let (oa, ob) = (a.order(scorer, text), b.order(scorer, text));
                let offset = u32::try_from(a.entries.len()).unwrap_or(u32::MAX);
                let mut order = Vec::with_capacity(a.keys.len() + b.keys.len());
                let (mut x, mut y) = (a.keys.iter().peekable(), b.keys.iter().peekable());
                loop {
                    match (x.peek(), y.peek()) {
                        (Some(p), Some(q)) if oa.cmp(p, &ob, q).is_le() => {
                            order.push(p.index);
                            x.next();
                        }
                        (_, Some(q)) => {
                            order.push(q.index + offset);
                            y.next();
                        }
                        (Some(p), None) => {
                            order.push(p.index);
                            x.next();
                        }
                        (None, None) => break,
                    }
                }
                order
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::{
        MAX_STREAM_FILE_BYTES, PACKED_BITS, SPLIT_AT_BYTES, ScoredStream, id_prefix, line_split,
        packs, records_split, too_many_rows,
    };
    use crate::bulk::Scorer;
    use crate::{ErrorCode, Matrix, RegisterFormat};

    /// The reference matrix's keys pack; so do those of a matrix of whole points with a million
    /// at the top of impact and probability (risk 10^12 < 2^40); with one value in tenths (fixed
    /// point ×10: 10^13), they do not.
    #[test]
    fn keys_pack_while_the_comparator_bound_is_under_two_to_the_forty() {
        let reference = Matrix::reference();
        assert!(packs(&Scorer::new(reference).unwrap()));
        let mut json: serde_json::Value =
            serde_json::from_str(&reference.to_canonical_json()).unwrap();
        // No ameliorative kinds: no input points in ten-thousandths, so whole points.
        json["ameliorative"] = serde_json::json!([]);
        json["impact"][4]["points"] = "1000000".into();
        json["probability"][4]["points"] = "1000000".into();
        let million = Matrix::from_json_str(&json.to_string()).unwrap();
        assert!(packs(&Scorer::new(&million).unwrap()));
        json["weighting"][0]["points"] = "0.5".into();
        let tenths = Matrix::from_json_str(&json.to_string()).unwrap();
        assert!(!packs(&Scorer::new(&tenths).unwrap()));
        // Exactly 2^40 in tenths: 524 288 × 209 715.2 = 2^40 / 10, with no weighting points.
        let mut json: serde_json::Value =
            serde_json::from_str(&reference.to_canonical_json()).unwrap();
        json["ameliorative"] = serde_json::json!([]);
        json["impact"][4]["points"] = "524288".into();
        json["probability"][4]["points"] = "209715.2".into();
        for factor in json["weighting"].as_array_mut().unwrap() {
            factor["points"] = "0".into();
        }
        let edge = Scorer::new(&Matrix::from_json_str(&json.to_string()).unwrap()).unwrap();
        assert_eq!(edge.comparator_bound(), 1 << PACKED_BITS);
        assert!(!packs(&edge));
    }

    /// An id's first eight bytes as a number that orders as the bytes do, shorter ids padded
    /// with zeros (so a prefix comes first).
    #[test]
    fn an_id_prefix_orders_as_its_first_eight_bytes() {
        assert_eq!(id_prefix(b"SOC-01"), 0x534F_432D_3031_0000);
        assert_eq!(
            id_prefix(b"assessment-10"),
            u64::from_be_bytes(*b"assessme")
        );
        assert_eq!(id_prefix(b""), 0);
        let ids: [&[u8]; 5] = [b"", b"a", b"a\x01", b"ab", b"b"];
        for pair in ids.windows(2) {
            assert!(id_prefix(pair[0]) < id_prefix(pair[1]), "{pair:?}");
        }
    }

    /// The split is invisible in the output (one thread or two give the same bytes, tested in
    /// tests/stream.rs), so it is tested here: two threads, a text of at least 4 MiB, and then
    /// just after the first line end at or past the middle.
    #[test]
    fn a_large_text_is_split_after_the_first_line_end_past_its_middle() {
        assert_eq!(SPLIT_AT_BYTES, 4 * 1024 * 1024);
        assert_eq!(MAX_STREAM_FILE_BYTES, 4 * 1024 * 1024 * 1024);
        let line = "x".repeat(99) + "\n";
        let text = line.repeat(SPLIT_AT_BYTES / 100 + 11);
        let middle = text.len() / 2;
        let split = line_split(&text, 2).unwrap();
        assert_eq!(split % 100, 0, "just after a line end");
        assert!(
            split > middle && split <= middle + 100,
            "{split} against {middle}"
        );
        assert_eq!(line_split(&text, 1), None, "one thread");
        assert_eq!(
            line_split(&text, 3),
            Some(split),
            "more threads split the same way"
        );
        // At the threshold a text is split; one byte under, it is not.
        let at = "y".repeat(SPLIT_AT_BYTES / 2) + "\n" + &"z".repeat(SPLIT_AT_BYTES / 2 - 1);
        assert_eq!(at.len(), SPLIT_AT_BYTES);
        assert_eq!(line_split(&at, 2), Some(SPLIT_AT_BYTES / 2 + 1));
        assert_eq!(line_split(&at[1..], 2), None);
        // No line end past the middle, or only the last byte: no split.
        let last = "w".repeat(SPLIT_AT_BYTES) + "\n";
        assert_eq!(line_split(&last, 2), None);
    }

    /// A register may hold exactly `MAX_REGISTER_ROWS` rows (the careful reader takes them):
    /// only past that are two halves handed to the careful reader, to be refused.
    #[test]
    fn two_halves_are_too_many_only_past_the_register_limit() {
        assert!(!too_many_rows(crate::MAX_REGISTER_ROWS));
        assert!(too_many_rows(crate::MAX_REGISTER_ROWS + 1));
        assert!(too_many_rows(2 * crate::MAX_REGISTER_ROWS));
        assert!(!too_many_rows(0));
    }

    /// A JSON array is split after half its records, from 4 MiB on two threads or more.
    #[test]
    fn a_large_json_array_is_split_after_half_its_records() {
        assert_eq!(records_split(7, SPLIT_AT_BYTES, 2), Some(3));
        assert_eq!(records_split(10, SPLIT_AT_BYTES + 1, 3), Some(5));
        assert_eq!(
            records_split(10, SPLIT_AT_BYTES - 1, 2),
            None,
            "one byte under"
        );
        assert_eq!(records_split(10, SPLIT_AT_BYTES, 1), None, "one thread");
    }

    /// A register the fast path hands back goes to the careful reader only up to its limit
    /// (256 MiB for files; a small one here, so the test stays small): at it, the careful
    /// reader names the fault; past it, the register is refused by its size.
    #[test]
    fn past_the_careful_limit_a_register_the_fast_path_refuses_is_refused_by_size() {
        let matrix = Matrix::reference();
        let text = "id,area,impact,probability,capability,capacity\n\
                    CA-01,no_such_area,critical,likely,limited,limited\n"
            .to_owned();
        let len = text.len() as u64;
        let read = |limit| {
            ScoredStream::read(matrix, text.clone(), RegisterFormat::Csv, 1, limit, None)
                .unwrap_err()
        };
        assert_eq!(read(len).code(), ErrorCode::UnknownArea);
        let past = read(len - 1);
        assert_eq!(past.code(), ErrorCode::OutOfRange);
        assert!(past.to_string().contains(&format!("{len} bytes")), "{past}");
    }
}
