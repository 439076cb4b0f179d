//! A workbook's structure: its sheets (names and parts, in order), its date system, which cell
//! styles show dates, and its shared strings. The sheets themselves are read by `sheet`.

use super::package::{Package, unpack_error};
use super::xml::{Name, Node, Xml, XmlFault, unescape_ooxml};
use crate::error::{Error, Location, Result};

/// One sheet: its name as the workbook shows it and the part that holds its cells.
pub(super) struct SheetPart {
    pub(super) name: String,
    pub(super) part: String,
}

/// What reading any sheet's cells needs.
pub(super) struct Book {
    pub(super) sheets: Vec<SheetPart>,
    /// Dates count from 1904-01-01 (a workbook made on an old Mac), not 1899-12-30.
    pub(super) date1904: bool,
    /// For each cell style (`s="3"`), whether its number format shows a date or time.
    pub(super) date_styles: Vec<bool>,
    pub(super) strings: SharedStrings,
}

/// The shared strings, held in one buffer with their offsets (a string costs its text and
/// four bytes, however short: `<si><t>a</t></si>` unpacks to 17), so their memory is at most a
/// third of their part's unpacked size, itself at most 1 GiB.
#[derive(Default)]
pub(super) struct SharedStrings {
    text: String,
    /// Where each string ends in `text` (the text is under 4 GiB: the unpacking budget is 1 GiB).
    ends: Vec<u32>,
}

impl SharedStrings {
    /// The string at `index`, or `None` past the end.
    pub(super) fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)? as usize;
        let start = match index.checked_sub(1) {
            Some(before) => *self.ends.get(before)? as usize,
            None => 0,
        };
        self.text.get(start..end)
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    fn push(&mut self, text: &str) {
        self.text.push_str(text);
        // Under the 1 GiB unpacking budget the length fits; were it not to, the string would
        // read as past the end and its cells be refused, never misread.
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }
}

/// Reads a small part's XML with `each` for every node, mapping faults to located refusals.
fn walk(
    package: &mut Package<'_>,
    name: &str,
    mut each: impl FnMut(&mut Xml<&[u8]>, Node) -> std::result::Result<bool, XmlFault>,
) -> Result<bool> {
    let Some(text) = package.text(name)? else {
        return Ok(false);
    };
    let mut xml = Xml::new(text.as_bytes(), name);
    loop {
        let node = xml.next().map_err(|e| xml.malformed(e))?;
        if matches!(node, Node::End) {
            return Ok(true);
        }
        if !each(&mut xml, node).map_err(|e| xml.malformed(e))? {
            return Ok(true);
        }
    }
}

/// Resolves a relationship's target against the folder of the part that names it.
fn resolve_target(base_folder: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if let Some(absolute) = target.strip_prefix('/') {
        return normalise(absolute.split('/').collect());
    } else {
        base_folder.split('/').filter(|p| !p.is_empty()).collect()
    };
    parts.extend(target.split('/'));
    normalise(parts)
}

fn normalise(parts: Vec<&str>) -> String {
    let mut out: Vec<&str> = Vec::new();
    for part in parts {
        match part {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.join("/")
}

/// The relationships of a part: id, type (its last path segment) and resolved target.
fn relationships(
    package: &mut Package<'_>,
    rels_part: &str,
    base_folder: &str,
) -> Result<Vec<(String, String, String)>> {
    let mut found = Vec::new();
    walk(package, rels_part, |xml, node| {
        if let Node::Open {
            name: Name::Relationship,
            ..
        } = node
        {
            let id = xml.attribute("Id").unwrap_or_default().to_owned();
            let kind = xml
                .attribute("Type")
                .unwrap_or_default()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned();
            let external = xml.attribute("TargetMode") == Some("External");
            if let (Some(target), false) = (xml.attribute("Target"), external) {
                found.push((id, kind, resolve_target(base_folder, target)));
            }
        }
        Ok(true)
    })?;
    Ok(found)
}

impl Book {
    /// Reads the workbook part, its relationships, styles and shared strings.
    pub(super) fn read(package: &mut Package<'_>) -> Result<Self> {
        // The workbook part: where the package's relationships say, else where Excel puts it.
        let workbook_part = relationships(package, "_rels/.rels", "")?
            .into_iter()
            .find(|(_, kind, _)| kind == "officeDocument")
            .map_or_else(|| "xl/workbook.xml".to_owned(), |(_, _, target)| target);
        let folder = workbook_part
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder)
            .to_owned();
        let rels_part = format!(
            "{folder}{}_rels/{}.rels",
            if folder.is_empty() { "" } else { "/" },
            workbook_part.rsplit('/').next().unwrap_or_default()
        );
        let rels = relationships(package, &rels_part, &folder)?;
        let target_of = |kind: &str| {
            rels.iter()
                .find(|(_, k, _)| k == kind)
                .map(|(_, _, t)| t.clone())
        };

        let mut sheets = Vec::new();
        let mut date1904 = false;
        let found = walk(package, &workbook_part, |xml, node| {
            match node {
                Node::Open {
                    name: Name::WorkbookPr,
                    ..
                } => {
                    date1904 = matches!(xml.attribute("date1904"), Some("1" | "true"));
                }
                Node::Open {
                    name: Name::Sheet, ..
                } => {
                    let sheet = xml.attribute("name").unwrap_or_default().to_owned();
                    let part = xml
                        .attribute("id")
                        .and_then(|id| rels.iter().find(|(rid, _, _)| rid == id))
                        .filter(|(_, kind, _)| kind == "worksheet")
                        .map(|(_, _, target)| target.clone());
                    // A chart sheet or a dialog sheet holds no cells: not a register.
                    if let Some(part) = part {
                        sheets.push(SheetPart { name: sheet, part });
                    }
                }
                _ => {}
            }
            Ok(true)
        })?;
        if !found {
            return Err(Error::parse(
                Location::new(),
                "not an Excel workbook (.xlsx) that can be read: the archive has no workbook part (xl/workbook.xml)",
            ));
        }
        let date_styles = match target_of("styles").or_else(|| package.find("xl/styles.xml")) {
            Some(part) => date_styles(package, &part)?,
            None => Vec::new(),
        };
        let strings =
            match target_of("sharedStrings").or_else(|| package.find("xl/sharedStrings.xml")) {
                Some(part) => shared_strings(package, &part)?,
                None => SharedStrings::default(),
            };
        Ok(Book {
            sheets,
            date1904,
            date_styles,
            strings,
        })
    }
}

/// Whether each cell style (`cellXfs`, in order) shows its number as a date or time.
fn date_styles(package: &mut Package<'_>, part: &str) -> Result<Vec<bool>> {
    let mut custom: Vec<(u32, bool)> = Vec::new();
    let mut formats: Vec<u32> = Vec::new();
    let mut in_cell_xfs = false;
    walk(package, part, |xml, node| {
        match node {
            Node::Open {
                name: Name::NumFmt, ..
            } => {
                if let Some(id) = xml.attribute("numFmtId").and_then(|i| i.parse().ok()) {
                    let code = xml.attribute("formatCode").unwrap_or_default();
                    custom.push((id, shows_date(code)));
                }
            }
            Node::Open {
                name: Name::CellXfs,
                empty,
            } => in_cell_xfs = !empty,
            Node::Close(Name::CellXfs) => in_cell_xfs = false,
            Node::Open { name: Name::Xf, .. } if in_cell_xfs => {
                formats.push(
                    xml.attribute("numFmtId")
                        .and_then(|i| i.parse().ok())
                        .unwrap_or(0),
                );
            }
            _ => {}
        }
        Ok(true)
    })?;
    Ok(formats
        .into_iter()
        .map(|id| match custom.iter().rev().find(|(c, _)| *c == id) {
            Some((_, date)) => *date,
            None => builtin_date(id),
        })
        .collect())
}

/// The built-in number formats that show dates or times (ECMA-376 §18.8.30, with the East Asian
/// ones Excel adds).
fn builtin_date(id: u32) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58 | 71..=81)
}

/// Whether a custom number format code shows a date or time: a day, month, year, hour or second
/// token outside quoted text, escapes and bracketed sections (colours, conditions, locales).
fn shows_date(code: &str) -> bool {
    // A format's first section decides (positive numbers).
    let mut chars = code.chars();
    let mut in_quotes = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => in_quotes = !in_quotes,
            _ if in_quotes => {}
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                // `[h]`, `[mm]`, `[ss]`: elapsed time, a time all the same.
                let inside: String = chars.by_ref().take_while(|&c| c != ']').collect();
                if !inside.is_empty()
                    && inside
                        .chars()
                        .all(|c| matches!(c.to_ascii_lowercase(), 'h' | 'm' | 's'))
                {
                    return true;
                }
            }
            ';' => return false,
            _ if matches!(c.to_ascii_lowercase(), 'd' | 'm' | 'y' | 'h' | 's') => return true,
            _ => {}
        }
    }
    false
}

/// The shared strings part: each `<si>`'s text (rich runs joined, phonetic runs left out).
fn shared_strings(package: &mut Package<'_>, part: &str) -> Result<SharedStrings> {
    let Some(source) = package.part(part)? else {
        return Ok(SharedStrings::default());
    };
    let mut xml = Xml::new(source, part);
    let mut strings = SharedStrings::default();
    let mut text = String::new();
    let fault = loop {
        match xml.next() {
            Ok(Node::End) => return Ok(strings),
            Ok(Node::Open {
                name: Name::Si,
                empty: false,
            }) => {
                text.clear();
                match xml.text_until_close(&mut text, Name::RPh) {
                    Ok(()) => strings.push(&unescape_ooxml(std::mem::take(&mut text))),
                    Err(e) => break e,
                }
            }
            Ok(Node::Open {
                name: Name::Si,
                empty: true,
            }) => strings.push(""),
            Ok(_) => {}
            Err(e) => break e,
        }
    };
    Err(refusal(&mut xml, part, &fault))
}

/// The refusal for a fault met while streaming a part: the unpacking limit's, when that is what
/// stopped the reader, else the part's malformed XML or its corrupt stream.
pub(super) fn refusal(
    xml: &mut Xml<super::package::Part<'_>>,
    part: &str,
    fault: &XmlFault,
) -> Error {
    if let Some(limit) = xml.source_mut().get_mut().refusal() {
        return limit;
    }
    if let XmlFault::Xml(quick_xml::Error::Io(e)) = fault {
        return unpack_error(part, e);
    }
    xml.malformed(fault)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_formats_are_told_from_number_formats() {
        for date in [
            "dd/mm/yyyy",
            "yyyy-mm-dd",
            "d-mmm-yy",
            "[$-809]dd mmmm yyyy",
            "h:mm",
            "[h]:mm:ss",
            "mm:ss",
        ] {
            assert!(shows_date(date), "{date}");
        }
        for number in [
            "0.00",
            "#,##0",
            "General",
            "0.0\"days\"",
            "[Red]0.00",
            "0.00E+00",
            "\\d0",
            "0;[Red]-0",
        ] {
            assert!(!shows_date(number), "{number}");
        }
        assert!(builtin_date(14) && builtin_date(22) && !builtin_date(0) && !builtin_date(2));
    }

    #[test]
    fn targets_resolve_against_their_folder() {
        assert_eq!(
            resolve_target("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve_target("xl", "/xl/worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(
            resolve_target("xl/sub", "../worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(resolve_target("", "xl/workbook.xml"), "xl/workbook.xml");
    }

    #[test]
    fn shared_strings_are_found_by_index() {
        let mut s = SharedStrings::default();
        s.push("id");
        s.push("");
        s.push("área");
        assert_eq!(
            (s.get(0), s.get(1), s.get(2), s.get(3)),
            (Some("id"), Some(""), Some("área"), None)
        );
        assert_eq!(s.len(), 3);
    }
}
