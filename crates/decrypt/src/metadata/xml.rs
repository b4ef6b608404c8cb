//! One bounded XML walker for every XML the metadata readers touch (XMP
//! packets, OOXML and ODF parts): local names only, entities resolved, a
//! depth limit so a hostile "deeply nested" file is refused, not followed.
use std::io::BufRead;

use quick_xml::events::Event;
use quick_xml::Reader;

/// Deeper nesting than this is refused: real documents stay far below it.
pub const MAX_DEPTH: usize = 256;

/// What the walker reports, in document order.
pub enum Node<'a> {
    /// An element opens; `attrs` are (local name, unescaped value).
    Open {
        name: &'a str,
        attrs: &'a [(String, String)],
    },
    /// A piece of text (several pieces may follow each other).
    Text(&'a str),
    /// The element on top of the stack closes.
    Close,
}

/// Walks `input`, calling `visit` with the stack of open elements' local
/// names (the innermost last) and each node. Stops at the first syntax
/// error, at a DTD (never needed by these formats, a classic entity bomb
/// carrier) or past [`MAX_DEPTH`].
pub fn walk<R: BufRead>(
    input: R,
    mut visit: impl FnMut(&[String], Node<'_>),
) -> Result<(), String> {
    let mut reader = Reader::from_reader(input);
    reader.config_mut().check_end_names = false;
    let mut stack: Vec<String> = Vec::new();
    let mut buf = Vec::new();
    let mut attrs = Vec::new();
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|err| format!("XML error: {err}"))?;
        match event {
            Event::Start(ref start) | Event::Empty(ref start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("XML nested deeper than {MAX_DEPTH} levels"));
                }
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                attrs.clear();
                for attr in start.attributes().with_checks(false).flatten() {
                    let key = attr.key;
                    if key.as_ref().starts_with(b"xmlns") {
                        continue;
                    }
                    let local = String::from_utf8_lossy(key.local_name().as_ref()).into_owned();
                    let value = attr
                        .decode_and_unescape_value(reader.decoder())
                        .map(|v| v.into_owned())
                        .unwrap_or_else(|_| String::from_utf8_lossy(&attr.value).into_owned());
                    attrs.push((local, value));
                }
                stack.push(name);
                let top = stack.last().expect("just pushed").clone();
                visit(
                    &stack,
                    Node::Open {
                        name: &top,
                        attrs: &attrs,
                    },
                );
                if matches!(event, Event::Empty(_)) {
                    visit(&stack, Node::Close);
                    stack.pop();
                }
            }
            Event::End(_) => {
                if !stack.is_empty() {
                    visit(&stack, Node::Close);
                    stack.pop();
                }
            }
            Event::Text(text) => {
                let text = text.decode().map_err(|err| format!("XML error: {err}"))?;
                visit(&stack, Node::Text(&text));
            }
            Event::CData(data) => {
                let text = data.decode().map_err(|err| format!("XML error: {err}"))?;
                visit(&stack, Node::Text(&text));
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = reference.decode().unwrap_or_default();
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .unwrap_or("")
                            .to_owned()
                    }
                };
                visit(&stack, Node::Text(&resolved));
            }
            Event::DocType(_) => return Err("XML with a document type declaration".into()),
            Event::Eof => return Ok(()),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
}
