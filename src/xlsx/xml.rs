//! Small helpers over quick-xml shared by the package reader and the in-place
//! editor: attribute and text access that copes with namespace prefixes and
//! entity references, escaping for what we write, and byte-range edits so a
//! part can be changed without reformatting the rest of it.

use crate::error::{Error, Result};
use quick_xml::events::{BytesStart, Event};
use std::ops::Range;

/// The value of the attribute whose local name is `local` (`id` matches `r:id`), unescaped.
pub(crate) fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local.as_bytes())
        .and_then(|a| {
            a.decode_and_unescape_value(e.decoder())
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The attribute `local` parsed as a number.
pub(crate) fn attr_u32(e: &BytesStart, local: &str) -> Option<u32> {
    attr(e, local)?.trim().parse().ok()
}

/// Whether the attribute `local` holds an XML true (`1` or `true`).
pub(crate) fn attr_true(e: &BytesStart, local: &str) -> bool {
    attr(e, local).is_some_and(|v| matches!(v.trim(), "1" | "true"))
}

/// The element's local name as text (`worksheet` for `x:worksheet`).
pub(crate) fn local(e: &BytesStart) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).into_owned()
}

/// The element's namespace prefix with its colon (`x:`), or empty.
pub(crate) fn prefix(e: &BytesStart) -> String {
    e.name()
        .prefix()
        .map(|p| format!("{}:", String::from_utf8_lossy(p.as_ref())))
        .unwrap_or_default()
}

/// Appends the text an event carries (text, CDATA or an entity reference) to `out`.
pub(crate) fn push_text(event: &Event, out: &mut String) {
    match event {
        Event::Text(t) => {
            if let Ok(s) = t.xml10_content() {
                out.push_str(&s);
            }
        }
        Event::CData(t) => out.push_str(&String::from_utf8_lossy(t)),
        Event::GeneralRef(r) => {
            if let Ok(Some(c)) = r.resolve_char_ref() {
                out.push(c);
            } else if let Ok(name) = r.decode() {
                let resolved = quick_xml::escape::resolve_xml_entity(&name);
                out.push_str(resolved.unwrap_or_default());
            }
        }
        _ => {}
    }
}

/// Escapes text for element content or a double-quoted attribute value.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Makes text safe for a spreadsheet string: characters XML 1.0 forbids become
/// Excel's `_xHHHH_` escapes, and a literal `_xHHHH_` is protected so Excel does
/// not decode it. The result still needs [`escape`].
pub(crate) fn excel_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '_' && looks_like_escape(rest) {
            out.push_str("_x005F_");
        } else if is_forbidden(c) {
            out.push_str(&format!("_x{:04X}_", c as u32));
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn looks_like_escape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

/// Characters XML 1.0 forbids, and carriage returns, which an XML reader
/// would turn into line feeds (Excel writes them as `_x000D_` too).
fn is_forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// One change to a part: replace `range` with `bytes` (an insertion when the range is empty).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Edit {
    pub range: Range<usize>,
    pub bytes: Vec<u8>,
}

impl Edit {
    pub(crate) fn insert(at: usize, bytes: impl Into<Vec<u8>>) -> Edit {
        Edit {
            range: at..at,
            bytes: bytes.into(),
        }
    }

    pub(crate) fn replace(range: Range<usize>, bytes: impl Into<Vec<u8>>) -> Edit {
        Edit {
            range,
            bytes: bytes.into(),
        }
    }
}

/// Applies edits to `src`; every byte outside the edited ranges is kept as it was.
/// Insertions at one position keep the order they were given in.
///
/// # Errors
/// Overlapping or out-of-range edits (a fault in qfill).
pub(crate) fn apply_edits(src: &[u8], mut edits: Vec<Edit>) -> Result<Vec<u8>> {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let extra: usize = edits.iter().map(|e| e.bytes.len()).sum();
    let mut out = Vec::with_capacity(src.len() + extra);
    let mut pos = 0;
    for e in edits {
        if e.range.start < pos || e.range.end > src.len() || e.range.start > e.range.end {
            return Err(Error::Internal(format!(
                "overlapping edits at byte {}",
                e.range.start
            )));
        }
        out.extend_from_slice(&src[pos..e.range.start]);
        out.extend_from_slice(&e.bytes);
        pos = e.range.end;
    }
    out.extend_from_slice(&src[pos..]);
    Ok(out)
}

/// Rebuilds a start tag with some attributes replaced or added, keeping the
/// others' raw (still escaped) values and their order. `changes` pairs a
/// qualified attribute name with its new (unescaped) value.
pub(crate) fn rebuild_start(e: &BytesStart, changes: &[(&str, String)], empty: bool) -> String {
    let mut out = format!("<{}", String::from_utf8_lossy(e.name().as_ref()));
    let mut done = vec![false; changes.len()];
    for a in e.attributes().with_checks(false).flatten() {
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        match changes.iter().position(|(k, _)| *k == key) {
            Some(i) => {
                done[i] = true;
                out.push_str(&format!(" {key}=\"{}\"", escape(&changes[i].1)));
            }
            None => out.push_str(&format!(
                " {key}=\"{}\"",
                String::from_utf8_lossy(&a.value).replace('"', "&quot;")
            )),
        }
    }
    for ((k, v), done) in changes.iter().zip(done) {
        if !done {
            out.push_str(&format!(" {k}=\"{}\"", escape(v)));
        }
    }
    out.push_str(if empty { "/>" } else { ">" });
    out
}

/// Whether `prefix` (without colon, `r`) is declared on the element with namespace `uri`.
pub(crate) fn declares(e: &BytesStart, prefix: &str, uri: &str) -> bool {
    let key = format!("xmlns:{prefix}");
    e.attributes()
        .with_checks(false)
        .flatten()
        .any(|a| a.key.as_ref() == key.as_bytes() && a.value.as_ref() == uri.as_bytes())
}

/// The error for a document that ends inside an element (quick-xml reports only `Eof`).
pub(crate) fn truncated(open: &str) -> quick_xml::Error {
    quick_xml::Error::IllFormed(quick_xml::errors::IllFormedError::MissingEndTag(
        open.to_string(),
    ))
}

/// The relationships namespace that `r:id` attributes use.
pub(crate) const REL_NS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// An `r:id="…"` attribute for an element inside `root`, declaring the namespace when the root does not.
pub(crate) fn rel_id_attr(root_declares_r: bool, id: &str) -> String {
    if root_declares_r {
        format!("r:id=\"{}\"", escape(id))
    } else {
        format!("xmlns:r=\"{REL_NS}\" r:id=\"{}\"", escape(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::Reader;

    fn first_start(xml: &str) -> BytesStart<'_> {
        let mut r = Reader::from_str(xml);
        loop {
            match r.read_event().unwrap() {
                Event::Start(e) | Event::Empty(e) => return e,
                Event::Eof => panic!("no element"),
                _ => {}
            }
        }
    }

    #[test]
    fn attributes_by_local_name() {
        let e = first_start(r#"<x:sheet name="A &amp; B" r:id="rId3" sheetId="7"/>"#);
        assert_eq!(attr(&e, "name").as_deref(), Some("A & B"));
        assert_eq!(attr(&e, "id").as_deref(), Some("rId3"));
        assert_eq!(attr_u32(&e, "sheetId"), Some(7));
        assert_eq!(attr(&e, "state"), None);
        assert_eq!(local(&e), "sheet");
        assert_eq!(prefix(&e), "x:");
    }

    #[test]
    fn escapes_text_and_excel_specials() {
        assert_eq!(escape(r#"a<b & "c">"#), "a&lt;b &amp; &quot;c&quot;&gt;");
        for (input, want) in [
            ("plain", "plain"),
            ("tab\tnew\nline", "tab\tnew\nline"),
            ("bell\u{7}", "bell_x0007_"),
            ("cr\rlf\n", "cr_x000D_lf\n"),
            ("_x0041_", "_x005F_x0041_"),
            ("_x00", "_x00"),
            ("snake_case_x", "snake_case_x"),
            ("=SUM(A1)", "=SUM(A1)"),
        ] {
            assert_eq!(excel_string(input), want, "{input:?}");
        }
    }

    #[test]
    fn edits_keep_everything_else() {
        let src = b"<a><b/><c/></a>";
        let out = apply_edits(
            src,
            vec![
                Edit::insert(7, "<x/>"),
                Edit::replace(3..7, "<B/>"),
                Edit::insert(7, "<y/>"),
            ],
        )
        .unwrap();
        assert_eq!(out, b"<a><B/><x/><y/><c/></a>");
        assert!(apply_edits(src, vec![Edit::replace(1..5, ""), Edit::replace(3..6, "")]).is_err());
        assert!(apply_edits(src, vec![Edit::insert(99, "x")]).is_err());
    }

    #[test]
    fn rebuilds_start_tags() {
        let e = first_start(r#"<xf numFmtId="0" fillId="0" xfId="0" applyAlignment="1">"#);
        assert_eq!(
            rebuild_start(
                &e,
                &[("fillId", "5".into()), ("applyFill", "1".into())],
                false
            ),
            r#"<xf numFmtId="0" fillId="5" xfId="0" applyAlignment="1" applyFill="1">"#
        );
        let e = first_start(r#"<row r="3" x14ac:dyDescent="0.2"/>"#);
        assert_eq!(
            rebuild_start(&e, &[("spans", "1:4".into())], true),
            r#"<row r="3" x14ac:dyDescent="0.2" spans="1:4"/>"#
        );
    }

    #[test]
    fn text_from_entities() {
        let mut r = Reader::from_str("<t>a &amp; b&#10;c</t>");
        let mut text = String::new();
        loop {
            let ev = r.read_event().unwrap();
            if matches!(ev, Event::Eof) {
                break;
            }
            push_text(&ev, &mut text);
        }
        assert_eq!(text, "a & b\nc");
    }
}
