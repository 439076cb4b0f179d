//! A workbook's package: the zip archive and its parts, each unpacked through a counter that
//! stops at the size the part declares and at what is left of the workbook's unpacking budget.
//! A zip header is never trusted: a part that says 4 KiB and inflates to gigabytes is stopped
//! at 4 KiB and one byte.

use std::io::{BufReader, Cursor, Read};

use crate::error::{Error, Fault, Location, Result};

/// The most a workbook may unpack to, all the parts read together: a small file that unpacks to
/// gigabytes (a "zip bomb") is refused, by the sizes its parts declare before any is unpacked,
/// and by the bytes actually inflated while they are.
pub(crate) const MAX_UNPACKED_BYTES: u64 = 1024 * 1024 * 1024;

/// The most one part may unpack to, as a multiple of its packed size (deflate gives about 1 000
/// at best; parts under 1 MiB unpacked are not held to it).
const MAX_RATIO: u64 = 1000;

/// The refusal of a workbook that unpacks too far.
fn too_far(value: String, rule: String) -> Error {
    Error::from(Fault::OutOfRange {
        at: Location::new(),
        value,
        rule,
    })
}

/// Refuses a workbook whose parts declare more than `max_total` bytes unpacked, or one part
/// more than `max_ratio` times its packed size: refused before anything is unpacked.
pub(super) fn check_declared_sizes(bytes: &[u8], max_total: u64, max_ratio: u64) -> Result<()> {
    let rule = || {
        format!(
            "a workbook unpacks to at most {max_total} bytes, and each part to at most {max_ratio} times its packed size"
        )
    };
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Not a zip: `Package::open` says so.
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index_raw(i) else {
            continue;
        };
        let (packed, unpacked) = (part.compressed_size(), part.size());
        if unpacked > packed.saturating_mul(max_ratio).max(1 << 20) {
            return Err(too_far(
                format!("a part of {packed} bytes that unpacks to {unpacked}"),
                rule(),
            ));
        }
        total = total.saturating_add(unpacked);
    }
    if total > max_total {
        return Err(too_far(format!("{total} bytes unpacked"), rule()));
    }
    Ok(())
}

/// A workbook's zip archive, with what is left of its unpacking budget.
pub(super) struct Package<'b> {
    archive: zip::ZipArchive<Cursor<&'b [u8]>>,
    /// Bytes that may still be unpacked, over every part read.
    budget: u64,
}

/// One part being unpacked: reads stop with an error one byte past `limit`, the smaller of the
/// part's declared size and the budget left.
pub(super) struct PartReader<'a> {
    inner: Box<dyn Read + 'a>,
    /// Bytes inflated so far.
    read: u64,
    limit: u64,
    /// Why reading stopped early, when it did: the refusal to give instead of the reader's error.
    stopped: Option<Error>,
    /// The part's name, for messages.
    name: String,
    declared: u64,
    budget: u64,
}

impl Read for PartReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // Room for one byte past the limit, so that going over is seen.
        let room = self.limit.saturating_sub(self.read).saturating_add(1);
        let take = usize::try_from(room).map_or(buf.len(), |room| room.min(buf.len()));
        let n = self.inner.read(buf.get_mut(..take).unwrap_or_default())?;
        self.read = self.read.saturating_add(n as u64);
        if self.read > self.limit {
            let refusal = if self.read > self.declared {
                too_far(
                    self.name.clone(),
                    format!(
                        "the part declares {} bytes unpacked and inflates to more; a workbook's part unpacks to the size its zip header declares",
                        self.declared
                    ),
                )
            } else {
                too_far(
                    format!("more than {} bytes unpacked", self.budget),
                    format!("a workbook unpacks to at most {MAX_UNPACKED_BYTES} bytes"),
                )
            };
            self.stopped = Some(refusal);
            return Err(std::io::Error::other("unpacked past its limit"));
        }
        Ok(n)
    }
}

impl PartReader<'_> {
    /// The refusal to report for a read error: the limit's, when the limit stopped it.
    pub(super) fn refusal(&mut self) -> Option<Error> {
        self.stopped.take()
    }
}

impl<'b> Package<'b> {
    /// Opens the bytes of an `.xlsx` file, refusing ones whose parts declare too much.
    pub(super) fn open(bytes: &'b [u8]) -> Result<Self> {
        check_declared_sizes(bytes, MAX_UNPACKED_BYTES, MAX_RATIO)?;
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            Error::parse(
                Location::new(),
                format!("not an Excel workbook (.xlsx) that can be read: not a zip archive ({e})"),
            )
        })?;
        Ok(Package {
            archive,
            budget: MAX_UNPACKED_BYTES,
        })
    }

    /// The name of a part as the archive spells it: exact first, then ignoring ASCII case
    /// (part names compare so in the packaging standard).
    pub(super) fn find(&self, name: &str) -> Option<String> {
        if self.archive.index_for_name(name).is_some() {
            return Some(name.to_owned());
        }
        self.archive
            .file_names()
            .find(|n| n.eq_ignore_ascii_case(name))
            .map(ToOwned::to_owned)
    }

    /// A part, unpacked as it is read, within its declared size and the budget left; `None`
    /// when the archive has no part of that name.
    pub(super) fn part(&mut self, name: &str) -> Result<Option<BufReader<PartReader<'_>>>> {
        let Some(name) = self.find(name) else {
            return Ok(None);
        };
        let budget = self.budget;
        let inner = self.archive.by_name(&name).map_err(|e| {
            Error::parse(
                Location::new(),
                format!("part `{name}` of the workbook cannot be unpacked: {e}"),
            )
        })?;
        let declared = inner.size();
        if declared > budget {
            return Err(too_far(
                format!("{declared} bytes more, with {budget} left"),
                format!("a workbook unpacks to at most {MAX_UNPACKED_BYTES} bytes"),
            ));
        }
        // What this part may take is charged now: a part read in part still counts whole.
        self.budget = budget - declared;
        Ok(Some(BufReader::with_capacity(
            1 << 16,
            PartReader {
                inner: Box::new(inner),
                read: 0,
                limit: declared,
                stopped: None,
                name,
                declared,
                budget,
            },
        )))
    }

    /// A small part read whole as text (the workbook, its relationships, its styles), or `None`
    /// when absent.
    pub(super) fn text(&mut self, name: &str) -> Result<Option<String>> {
        let Some(mut part) = self.part(name)? else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        if let Err(e) = part.read_to_end(&mut bytes) {
            return Err(part
                .get_mut()
                .refusal()
                .unwrap_or_else(|| unpack_error(name, &e)));
        }
        String::from_utf8(bytes).map(Some).map_err(|_| {
            Error::parse(
                Location::new(),
                format!("part `{name}` of the workbook is not UTF-8 text"),
            )
        })
    }
}

/// A part that failed to unpack (a corrupt stream, a checksum that does not match).
pub(super) fn unpack_error(name: &str, e: &std::io::Error) -> Error {
    Error::parse(
        Location::new(),
        format!("part `{name}` of the workbook cannot be unpacked: {e}"),
    )
}

/// What a part reader gives quick-xml.
pub(super) type Part<'a> = BufReader<PartReader<'a>>;

/// The bytes left to read in a buffered part, for tests.
#[cfg(test)]
pub(super) fn drain(part: &mut impl std::io::BufRead) -> std::io::Result<u64> {
    std::io::copy(part, &mut std::io::sink())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A zip of one part: `size` zero bytes, deflated.
    fn zeros(size: usize) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        zip.write_all(&vec![0u8; size]).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_workbook_that_declares_too_much_is_refused_before_it_is_unpacked() {
        let bomb = zeros(8 << 20);
        // 8 MiB of zeros pack to a few kilobytes: past a ratio of 100, and past 4 MiB in all.
        assert!(check_declared_sizes(&bomb, u64::MAX, 100).is_err());
        assert!(check_declared_sizes(&bomb, 4 << 20, u64::MAX).is_err());
        assert!(check_declared_sizes(&bomb, u64::MAX, u64::MAX).is_ok());
        let e = check_declared_sizes(&bomb, 4 << 20, u64::MAX).unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::OutOfRange);
    }

    /// Rewrites the declared unpacked size of the only part (local header and central
    /// directory), as a hostile file would.
    fn declare(mut zip: Vec<u8>, size: u32) -> Vec<u8> {
        let le = size.to_le_bytes();
        // Local file header: signature PK\x03\x04, unpacked size at offset 22.
        zip[22..26].copy_from_slice(&le);
        // Central directory header: signature PK\x01\x02, unpacked size at offset 24.
        let central = zip
            .windows(4)
            .position(|w| w == b"PK\x01\x02")
            .expect("a central directory");
        zip[central + 24..central + 28].copy_from_slice(&le);
        zip
    }

    #[test]
    fn a_part_that_inflates_past_its_declared_size_is_stopped_there() {
        let lying = declare(zeros(4 << 20), 4096);
        let mut package = Package::open(&lying).unwrap();
        let mut part = package.part("xl/worksheets/sheet1.xml").unwrap().unwrap();
        assert!(drain(&mut part).is_err());
        let e = part.get_mut().refusal().expect("the limit's refusal");
        assert_eq!(e.code(), crate::ErrorCode::OutOfRange);
        assert!(e.to_string().contains("declares 4096"), "{e}");
        // Read whole as text: the same refusal.
        let mut package = Package::open(&lying).unwrap();
        let e = package.text("xl/worksheets/sheet1.xml").unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::OutOfRange);
    }

    #[test]
    fn an_honest_part_reads_whole_and_names_compare_without_case() {
        let honest = zeros(1000);
        let mut package = Package::open(&honest).unwrap();
        assert_eq!(
            package.find("XL/Worksheets/Sheet1.xml").as_deref(),
            Some("xl/worksheets/sheet1.xml")
        );
        let mut part = package.part("xl/worksheets/sheet1.xml").unwrap().unwrap();
        assert_eq!(drain(&mut part).unwrap(), 1000);
        drop(part);
        assert!(package.part("xl/missing.xml").unwrap().is_none());
    }
}
