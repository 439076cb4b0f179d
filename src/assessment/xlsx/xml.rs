//! What every part's XML reading shares: a streaming reader over a part, element names without
//! their namespace prefix, attributes by local name, and text with its references resolved.

use std::borrow::Cow;
use std::io::BufRead;

use quick_xml::events::{BytesRef, BytesStart, BytesText, Event};

use crate::error::{Error, Location};

/// A streaming XML reader over a part, with the part's name for messages.
pub(super) struct Xml<R> {
    reader: quick_xml::Reader<R>,
    buf: Vec<u8>,
    part: String,
}

/// An owned event: what the readers of this module act on.
pub(super) enum Node {
    /// An element opens (`empty`: it also closes, `<c r="A1"/>`), by local name, with its
    /// attributes by local name.
    Open {
        name: Vec<u8>,
        attributes: Vec<(Vec<u8>, String)>,
        empty: bool,
    },
    /// An element closes, by local name.
    Close(Vec<u8>),
    /// Text, references resolved.
    Text(String),
    /// The part ends.
    End,
}

impl Node {
    /// The value of an attribute, by local name.
    pub(super) fn attribute(&self, local: &[u8]) -> Option<&str> {
        match self {
            Node::Open { attributes, .. } => attributes
                .iter()
                .find(|(name, _)| name == local)
                .map(|(_, value)| value.as_str()),
            _ => None,
        }
    }
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
        }
    }

    /// The underlying reader (the part, to ask why it stopped).
    pub(super) fn source_mut(&mut self) -> &mut R {
        self.reader.get_mut()
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
            return Ok(match event {
                Event::Start(start) => open(&start, false, self.reader.decoder())?,
                Event::Empty(start) => open(&start, true, self.reader.decoder())?,
                Event::End(end) => Node::Close(local(end.name().as_ref()).to_vec()),
                Event::Text(text) => Node::Text(text_of(&text)?),
                Event::CData(data) => Node::Text(
                    data.decode()
                        .map_err(|e| XmlFault::Message(e.to_string()))?
                        .into_owned(),
                ),
                Event::GeneralRef(reference) => Node::Text(resolve(&reference)?),
                Event::Eof => Node::End,
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => continue,
            });
        }
    }

    /// The text inside the element just opened (as `name`), up to its end: nested elements'
    /// text included, except inside elements named in `skip` (phonetic runs, `rPh`).
    pub(super) fn text_until_close(
        &mut self,
        name: &[u8],
        skip: &[&[u8]],
    ) -> std::result::Result<String, XmlFault> {
        let mut text = String::new();
        let mut depth = 0usize;
        let mut skipping: Option<usize> = None;
        loop {
            match self.next()? {
                Node::Open {
                    name: inner, empty, ..
                } => {
                    if !empty {
                        depth += 1;
                        if skipping.is_none() && skip.contains(&inner.as_slice()) {
                            skipping = Some(depth);
                        }
                    }
                }
                Node::Close(closed) => {
                    if depth == 0 {
                        debug_assert_eq!(closed, name);
                        return Ok(text);
                    }
                    if skipping == Some(depth) {
                        skipping = None;
                    }
                    depth -= 1;
                }
                Node::Text(t) if skipping.is_none() => text.push_str(&t),
                Node::Text(_) => {}
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

fn open(
    start: &BytesStart<'_>,
    empty: bool,
    decoder: quick_xml::encoding::Decoder,
) -> std::result::Result<Node, XmlFault> {
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| XmlFault::Message(e.to_string()))?;
        let value = attribute
            .decode_and_unescape_value(decoder)
            .map_err(XmlFault::Xml)?;
        attributes.push((local(attribute.key.as_ref()).to_vec(), value.into_owned()));
    }
    Ok(Node::Open {
        name: local(start.name().as_ref()).to_vec(),
        attributes,
        empty,
    })
}

fn text_of(text: &BytesText<'_>) -> std::result::Result<String, XmlFault> {
    // XML 1.0's line ends: CR LF and a lone CR read as LF, and nothing else changed.
    text.xml10_content()
        .map(Cow::into_owned)
        .map_err(|e| XmlFault::Message(e.to_string()))
}

/// A character reference or one of XML's five entities; any other entity is refused (a
/// document type's entities are never expanded, so an entity bomb has nothing to expand).
fn resolve(reference: &BytesRef<'_>) -> std::result::Result<String, XmlFault> {
    if let Some(c) = reference
        .resolve_char_ref()
        .map_err(|e| XmlFault::Message(e.to_string()))?
    {
        return Ok(c.to_string());
    }
    let name = reference
        .decode()
        .map_err(|e| XmlFault::Message(e.to_string()))?;
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(ToOwned::to_owned)
        .ok_or_else(|| {
            XmlFault::Message(format!(
                "the entity `&{}` is not one of XML's own (a document type's entities are not expanded)",
                crate::quote::Quoted(&name)
            ))
        })
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
        let xml = "<t>a &amp; b &#x41;&#66;</t>";
        let mut reader = Xml::new(xml.as_bytes(), "test");
        assert!(matches!(reader.next(), Ok(Node::Open { .. })));
        assert_eq!(
            reader.text_until_close(b"t", &[]).ok().as_deref(),
            Some("a & b AB")
        );
        let bomb = "<!DOCTYPE t [<!ENTITY lol \"lol\">]><t>&lol;</t>";
        let mut reader = Xml::new(bomb.as_bytes(), "test");
        assert!(matches!(reader.next(), Ok(Node::Open { .. })));
        assert!(reader.text_until_close(b"t", &[]).is_err());
    }
}
