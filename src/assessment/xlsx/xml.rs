//! What every part's XML reading shares: a streaming reader over a part, element names without
//! their namespace prefix, attributes by local name, and text with its references resolved.

use std::borrow::Cow;
use std::io::BufRead;

use quick_xml::events::{BytesRef, BytesStart, BytesText, Event};

use crate::error::{Error, Location};

/// The elements the workbook reader acts on, by local name; every other is `Other`. Held as a
/// value so that reading an element allocates nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Name {
    Row,
    C,
    V,
    F,
    Is,
    Si,
    RPh,
    SheetData,
    Sheet,
    WorkbookPr,
    Relationship,
    NumFmt,
    CellXfs,
    Xf,
    Other,
}

impl Name {
    fn of(local: &[u8]) -> Name {
        match local {
            b"row" => Name::Row,
            b"c" => Name::C,
            b"v" => Name::V,
            b"f" => Name::F,
            b"is" => Name::Is,
            b"si" => Name::Si,
            b"rPh" => Name::RPh,
            b"sheetData" => Name::SheetData,
            b"sheet" => Name::Sheet,
            b"workbookPr" => Name::WorkbookPr,
            b"Relationship" => Name::Relationship,
            b"numFmt" => Name::NumFmt,
            b"cellXfs" => Name::CellXfs,
            b"xf" => Name::Xf,
            _ => Name::Other,
        }
    }
}

/// A streaming XML reader over a part, with the part's name for messages. The attributes of
/// the element last opened and the text last read are held in buffers it reuses, so a sheet of
/// millions of cells is read without an allocation per element.
pub(super) struct Xml<R> {
    reader: quick_xml::Reader<R>,
    buf: Vec<u8>,
    part: String,
    /// The attributes of the element last opened: local name and value, as ranges of
    /// `attribute_bytes`.
    attributes: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>,
    attribute_bytes: String,
    /// The text last read (a `Node::Text`), references resolved.
    text: String,
}

/// What the readers of this module act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Node {
    /// An element opens (`empty`: it also closes, `<c r="A1"/>`); its attributes are
    /// [`Xml::attribute`]'s until the next node.
    Open { name: Name, empty: bool },
    /// An element closes.
    Close(Name),
    /// Text, references resolved (gathered by [`Xml::text_until_close`]).
    Text,
    /// The part ends.
    End,
}

/// The local part of a qualified name (`x:row` → `row`).
fn local(name: &[u8]) -> &[u8] {
    name.iter()
        .rposition(|&b| b == b':')
        .map_or(name, |colon| name.get(colon + 1..).unwrap_or_default())
}

impl<R: BufRead> Xml<R> {
    pub(super) fn new(source: R, part: &str) -> Self {
        let mut reader = quick_xml::Reader::from_reader(source);
        // End tags must match their start tags: malformed XML is refused, not guessed at.
        reader.config_mut().check_end_names = true;
        Xml {
            reader,
            buf: Vec::with_capacity(1024),
            part: part.to_owned(),
            attributes: Vec::new(),
            attribute_bytes: String::new(),
            text: String::new(),
        }
    }

    /// The underlying reader (the part, to ask why it stopped).
    pub(super) fn source_mut(&mut self) -> &mut R {
        self.reader.get_mut()
    }

    /// The value of an attribute of the element last opened, by local name.
    pub(super) fn attribute(&self, local: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(name, _)| self.attribute_bytes.get(name.clone()) == Some(local))
            .and_then(|(_, value)| self.attribute_bytes.get(value.clone()))
    }

    /// The refusal of malformed XML in this part.
    pub(super) fn malformed(&self, what: impl std::fmt::Display) -> Error {
        Error::parse(
            Location::new(),
            format!(
                "part `{}` of the workbook is not well-formed XML near byte {}: {what}",
                self.part,
                self.reader.buffer_position()
            ),
        )
    }

    /// The next node that matters (declarations, comments, processing instructions and the
    /// document type are passed over; an entity the document type declares is never expanded).
    pub(super) fn next(&mut self) -> std::result::Result<Node, XmlFault> {
        loop {
            self.buf.clear();
            let event = self
                .reader
                .read_event_into(&mut self.buf)
                .map_err(XmlFault::Xml)?;
            let empty = matches!(event, Event::Empty(_));
            return Ok(match event {
                Event::Start(start) | Event::Empty(start) => {
                    let decoder = self.reader.decoder();
                    open(
                        &start,
                        &mut self.attributes,
                        &mut self.attribute_bytes,
                        decoder,
                    )?;
                    Node::Open {
                        name: Name::of(local(start.name().as_ref())),
                        empty,
                    }
                }
                Event::End(end) => Node::Close(Name::of(local(end.name().as_ref()))),
                Event::Text(text) => {
                    self.text.clear();
                    text_into(&text, &mut self.text)?;
                    Node::Text
                }
                Event::CData(data) => {
                    self.text.clear();
                    self.text.push_str(
                        &data
                            .decode()
                            .map_err(|e| XmlFault::Message(e.to_string()))?,
                    );
                    Node::Text
                }
                Event::GeneralRef(reference) => {
                    self.text.clear();
                    resolve_into(&reference, &mut self.text)?;
                    Node::Text
                }
                Event::Eof => Node::End,
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => continue,
            });
        }
    }

    /// The text inside the element just opened, up to its end, appended to `out`: nested
    /// elements' text included, except inside elements named `skip` (phonetic runs).
    pub(super) fn text_until_close(
        &mut self,
        out: &mut String,
        skip: Name,
    ) -> std::result::Result<(), XmlFault> {
        let mut depth = 0usize;
        let mut skipping: Option<usize> = None;
        loop {
            match self.next()? {
                Node::Open { name, empty } => {
                    if !empty {
                        depth += 1;
                        if skipping.is_none() && name == skip {
                            skipping = Some(depth);
                        }
                    }
                }
                Node::Close(_) => {
                    if depth == 0 {
                        return Ok(());
                    }
                    if skipping == Some(depth) {
                        skipping = None;
                    }
                    depth -= 1;
                }
                Node::Text if skipping.is_none() => out.push_str(&self.text),
                Node::Text => {}
                Node::End => {
                    return Err(XmlFault::Message("the part ends inside an element".into()));
                }
            }
        }
    }

    /// Reads to the end of the element just opened, ignoring what it holds.
    pub(super) fn skip_until_close(&mut self) -> std::result::Result<(), XmlFault> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Node::Open { empty: false, .. } => depth += 1,
                Node::Close(_) if depth == 0 => return Ok(()),
                Node::Close(_) => depth -= 1,
                Node::End => {
                    return Err(XmlFault::Message("the part ends inside an element".into()));
                }
                _ => {}
            }
        }
    }
}

/// Why a part's XML could not be read.
pub(super) enum XmlFault {
    /// The XML reader's error (which may hide the part reader's: see `Xml::source_mut`).
    Xml(quick_xml::Error),
    /// Anything else, in words.
    Message(String),
}

impl std::fmt::Display for XmlFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            XmlFault::Xml(e) => write!(f, "{e}"),
            XmlFault::Message(m) => f.write_str(m),
        }
    }
}

/// The attributes of an element into the reader's buffers.
fn open(
    start: &BytesStart<'_>,
    attributes: &mut Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>,
    bytes: &mut String,
    decoder: quick_xml::encoding::Decoder,
) -> std::result::Result<(), XmlFault> {
    attributes.clear();
    bytes.clear();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| XmlFault::Message(e.to_string()))?;
        let key = std::str::from_utf8(local(attribute.key.as_ref()))
            .map_err(|e| XmlFault::Message(e.to_string()))?;
        let key_at = bytes.len();
        bytes.push_str(key);
        let value_at = bytes.len();
        bytes.push_str(
            &attribute
                .decode_and_unescape_value(decoder)
                .map_err(XmlFault::Xml)?,
        );
        attributes.push((key_at..value_at, value_at..bytes.len()));
    }
    Ok(())
}

fn text_into(text: &BytesText<'_>, out: &mut String) -> std::result::Result<(), XmlFault> {
    // XML 1.0's line ends: CR LF and a lone CR read as LF, and nothing else changed.
    let content: Cow<'_, str> = text
        .xml10_content()
        .map_err(|e| XmlFault::Message(e.to_string()))?;
    out.push_str(&content);
    Ok(())
}

/// A character reference or one of XML's five entities; any other entity is refused (a
/// document type's entities are never expanded, so an entity bomb has nothing to expand).
fn resolve_into(reference: &BytesRef<'_>, out: &mut String) -> std::result::Result<(), XmlFault> {
    if let Some(c) = reference
        .resolve_char_ref()
        .map_err(|e| XmlFault::Message(e.to_string()))?
    {
        out.push(c);
        return Ok(());
    }
    let name = reference
        .decode()
        .map_err(|e| XmlFault::Message(e.to_string()))?;
    match quick_xml::escape::resolve_predefined_entity(&name) {
        Some(text) => {
            out.push_str(text);
            Ok(())
        }
        None => Err(XmlFault::Message(format!(
            "the entity `&{}` is not one of XML's own (a document type's entities are not expanded)",
            crate::quote::Quoted(&name)
        ))),
    }
}

/// Decodes the escapes SpreadsheetML writes for characters XML cannot hold (`_x000D_` for a
/// carriage return, `_x005F_` for an underscore that would read as an escape).
pub(super) fn unescape_ooxml(text: String) -> String {
    if !text.contains("_x") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("_x") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let escaped = from
            .get(2..6)
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .filter(|_| from.as_bytes().get(6) == Some(&b'_'))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32);
        match escaped {
            Some(c) => {
                out.push(c);
                rest = from.get(7..).unwrap_or_default();
            }
            None => {
                out.push_str("_x");
                rest = from.get(2..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_escapes_are_decoded_and_lookalikes_kept() {
        assert_eq!(unescape_ooxml("a_x000D_b".into()), "a\rb");
        assert_eq!(unescape_ooxml("a_x005F_x000D_".into()), "a_x000D_");
        assert_eq!(
            unescape_ooxml("_x12_ and _xZZZZ_ and _x".into()),
            "_x12_ and _xZZZZ_ and _x"
        );
        assert_eq!(unescape_ooxml("plain".into()), "plain");
    }

    #[test]
    fn references_resolve_and_declared_entities_are_refused() {
        let xml = "<t a='1 &amp; 2'>a &amp; b &#x41;&#66;<rPh>x</rPh></t>";
        let mut reader = Xml::new(xml.as_bytes(), "test");
        assert!(matches!(reader.next(), Ok(Node::Open { .. })));
        assert_eq!(reader.attribute("a"), Some("1 & 2"));
        let mut text = String::new();
        assert!(reader.text_until_close(&mut text, Name::RPh).is_ok());
        assert_eq!(text, "a & b AB");
        let bomb = "<!DOCTYPE t [<!ENTITY lol \"lol\">]><t>&lol;</t>";
        let mut reader = Xml::new(bomb.as_bytes(), "test");
        assert!(matches!(reader.next(), Ok(Node::Open { .. })));
        assert!(
            reader
                .text_until_close(&mut String::new(), Name::RPh)
                .is_err()
        );
    }
}
