//! Edits to the package's bookkeeping parts: relationships (`.rels`) and
//! `[Content_Types].xml`. New entries are appended before the root's end tag
//! and removed ones are cut out; everything else in these parts is kept.

use super::package::parse_rels;
use super::xml::{attr, escape, local, prefix, rebuild_start, truncated};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::ops::Range;

type XmlResult<T> = Result<T, quick_xml::Error>;

const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// Appends the XML that `content` builds (given the root's prefix) inside the root element.
pub(crate) fn append_to_root(
    bytes: &[u8],
    content: impl FnOnce(&str) -> String,
) -> XmlResult<Vec<u8>> {
    let mut reader = Reader::from_reader(bytes);
    let (mut pos, mut depth, mut root_prefix) = (0usize, 0usize, String::new());
    loop {
        let event = reader.read_event()?;
        let end = reader.buffer_position() as usize;
        match &event {
            Event::Start(e) => {
                if depth == 0 {
                    root_prefix = prefix(e);
                }
                depth += 1;
            }
            Event::Empty(e) if depth == 0 => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let xml =
                    rebuild_start(e, &[], false) + &content(&prefix(e)) + &format!("</{name}>");
                return Ok(splice(bytes, pos..end, xml.as_bytes()));
            }
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return Ok(splice(bytes, pos..pos, content(&root_prefix).as_bytes()));
                }
            }
            Event::Eof => return Err(truncated("root element")),
            _ => {}
        }
        pos = end;
    }
}

/// Appends `content` (where `{p}` stands for the element prefix) inside the
/// root's child element `name`, creating the child at the end if absent.
pub(crate) fn append_to_child(
    bytes: &[u8],
    name: &str,
    content: &str,
) -> Result<Vec<u8>, quick_xml::Error> {
    let mut reader = Reader::from_reader(bytes);
    let (mut pos, mut depth) = (0usize, 0usize);
    loop {
        let event = reader.read_event()?;
        let end = reader.buffer_position() as usize;
        match &event {
            Event::Start(_) => depth += 1,
            Event::Empty(e) if depth == 1 && local(e) == name => {
                let p = prefix(e);
                let open = rebuild_start(e, &[], false);
                let xml = format!("{open}{}</{p}{name}>", content.replace("{p}", &p));
                return Ok([&bytes[..pos], xml.as_bytes(), &bytes[end..]].concat());
            }
            Event::End(e) => {
                depth -= 1;
                if depth == 1 && e.local_name().as_ref() == name.as_bytes() {
                    let qname = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    let p = qname
                        .rsplit_once(':')
                        .map_or(String::new(), |(p, _)| format!("{p}:"));
                    let xml = content.replace("{p}", &p);
                    return Ok([&bytes[..pos], xml.as_bytes(), &bytes[pos..]].concat());
                }
            }
            Event::Eof => break,
            _ => {}
        }
        pos = end;
    }
    append_to_root(bytes, |p| {
        format!("<{p}{name}>{}</{p}{name}>", content.replace("{p}", p))
    })
}

fn splice(bytes: &[u8], range: Range<usize>, with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + with.len());
    out.extend_from_slice(&bytes[..range.start]);
    out.extend_from_slice(with);
    out.extend_from_slice(&bytes[range.end..]);
    out
}

/// Adds a relationship (creating the part when `rels` is `None`); returns the part and the new id.
pub(crate) fn add_relationship(
    rels: Option<&[u8]>,
    kind: &str,
    target: &str,
) -> XmlResult<(Vec<u8>, String)> {
    let existing = rels.map(parse_rels).transpose()?.unwrap_or_default();
    let ids: Vec<&str> = existing.iter().map(|r| r.id.as_str()).collect();
    let mut n = ids
        .iter()
        .filter_map(|id| id.strip_prefix("rId")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    while ids.contains(&format!("rId{n}").as_str()) {
        n += 1;
    }
    let id = format!("rId{n}");
    let element = |p: &str| {
        format!(
            "<{p}Relationship Id=\"{id}\" Type=\"{}\" Target=\"{}\"/>",
            escape(kind),
            escape(target)
        )
    };
    let bytes = match rels {
        Some(bytes) => append_to_root(bytes, element)?,
        None => format!(
            "{DECLARATION}\n<Relationships xmlns=\"{RELS_NS}\">{}</Relationships>",
            element("")
        )
        .into_bytes(),
    };
    Ok((bytes, id))
}

/// Removes the relationships for which `drop(type, target)` holds.
pub(crate) fn remove_relationships(
    rels: &[u8],
    drop: impl Fn(&str, &str) -> bool,
) -> XmlResult<Vec<u8>> {
    remove_elements(rels, |e| {
        local(e) == "Relationship"
            && drop(
                &attr(e, "Type").unwrap_or_default(),
                &attr(e, "Target").unwrap_or_default(),
            )
    })
}

/// Cuts out every element (with its content) for which `matches` holds.
fn remove_elements(
    bytes: &[u8],
    matches: impl Fn(&quick_xml::events::BytesStart) -> bool,
) -> XmlResult<Vec<u8>> {
    let mut reader = Reader::from_reader(bytes);
    let (mut pos, mut depth) = (0usize, 0usize);
    let mut cut: Vec<Range<usize>> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    loop {
        let event = reader.read_event()?;
        let end = reader.buffer_position() as usize;
        match &event {
            Event::Empty(e) if open.is_none() && matches(e) => cut.push(pos..end),
            Event::Start(e) => {
                if open.is_none() && matches(e) {
                    open = Some((pos, depth));
                }
                depth += 1;
            }
            Event::End(_) => {
                depth -= 1;
                if let Some((start, d)) = open.filter(|&(_, d)| d == depth) {
                    cut.push(start..end);
                    let _ = d;
                    open = None;
                }
            }
            Event::Eof if depth > 0 => return Err(truncated("root element")),
            Event::Eof => break,
            _ => {}
        }
        pos = end;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for r in cut {
        out.extend_from_slice(&bytes[at..r.start]);
        at = r.end;
    }
    out.extend_from_slice(&bytes[at..]);
    Ok(out)
}

/// Changes to `[Content_Types].xml`: extension defaults and part overrides to add, overrides to drop.
#[derive(Debug, Default, Clone)]
pub(crate) struct ContentTypeChanges {
    pub defaults: Vec<(String, String)>,
    /// Entry names (without the leading `/`) and their content types.
    pub overrides: Vec<(String, String)>,
    pub removed: Vec<String>,
}

impl ContentTypeChanges {
    pub(crate) fn is_empty(&self) -> bool {
        self.defaults.is_empty() && self.overrides.is_empty() && self.removed.is_empty()
    }

    /// Applies the changes; defaults and overrides already present are not repeated.
    pub(crate) fn apply(&self, bytes: &[u8]) -> XmlResult<Vec<u8>> {
        let is_removed = |part: &str| {
            let part = part.trim_start_matches('/');
            self.removed.iter().any(|r| r.eq_ignore_ascii_case(part))
        };
        let bytes = remove_elements(bytes, |e| {
            local(e) == "Override" && attr(e, "PartName").is_some_and(|p| is_removed(&p))
        })?;
        let (exts, parts) = declared(&bytes)?;
        append_to_root(&bytes, |p| {
            let mut xml = String::new();
            for (ext, kind) in &self.defaults {
                if !exts.iter().any(|e| e.eq_ignore_ascii_case(ext)) {
                    xml.push_str(&format!(
                        "<{p}Default Extension=\"{}\" ContentType=\"{}\"/>",
                        escape(ext),
                        escape(kind)
                    ));
                }
            }
            for (part, kind) in &self.overrides {
                if !parts
                    .iter()
                    .any(|e| e.trim_start_matches('/').eq_ignore_ascii_case(part))
                {
                    xml.push_str(&format!(
                        "<{p}Override PartName=\"/{}\" ContentType=\"{}\"/>",
                        escape(part),
                        escape(kind)
                    ));
                }
            }
            xml
        })
    }
}

/// The extensions with a `Default` and the part names with an `Override`.
fn declared(bytes: &[u8]) -> XmlResult<(Vec<String>, Vec<String>)> {
    let mut reader = Reader::from_reader(bytes);
    let (mut exts, mut parts) = (Vec::new(), Vec::new());
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) => match local(&e).as_str() {
                "Default" => exts.extend(attr(&e, "Extension")),
                "Override" => parts.extend(attr(&e, "PartName")),
                _ => {}
            },
            Event::Eof => return Ok((exts, parts)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_relationships_with_fresh_ids() {
        let rels = br#"<?xml version="1.0"?>
<Relationships xmlns="x"><Relationship Id="rId1" Type="t" Target="a.xml"/><Relationship Id="rId3" Type="t" Target="b.xml"/></Relationships>"#;
        let (out, id) = add_relationship(Some(rels), "k", "../c&d.xml").unwrap();
        assert_eq!(id, "rId4");
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with(
            r#"<Relationship Id="rId4" Type="k" Target="../c&amp;d.xml"/></Relationships>"#
        ));
        assert!(text.starts_with(r#"<?xml version="1.0"?>"#));
        let (fresh, id) = add_relationship(None, "k", "t").unwrap();
        assert_eq!(id, "rId1");
        assert_eq!(parse_rels(&fresh).unwrap().len(), 1);
        let (empty, _) = add_relationship(Some(b"<Relationships xmlns=\"x\"/>"), "k", "t").unwrap();
        assert_eq!(
            String::from_utf8(empty).unwrap(),
            r#"<Relationships xmlns="x"><Relationship Id="rId1" Type="k" Target="t"/></Relationships>"#
        );
        assert!(add_relationship(Some(b"<Relationships>"), "k", "t").is_err());
    }

    #[test]
    fn appends_inside_child_elements() {
        let xml = br#"<comments xmlns="m"><authors><author>Ann</author></authors><commentList><comment ref="A1" authorId="0"><text><t>x</t></text></comment></commentList></comments>"#;
        let out = append_to_child(xml, "authors", "<{p}author>qfill</{p}author>").unwrap();
        let out = append_to_child(&out, "commentList", "<{p}comment/>").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<comments xmlns="m"><authors><author>Ann</author><author>qfill</author></authors><commentList><comment ref="A1" authorId="0"><text><t>x</t></text></comment><comment/></commentList></comments>"#
        );
        let out = append_to_child(
            br#"<c:comments xmlns:c="m"><c:commentList/></c:comments>"#,
            "commentList",
            "<{p}comment/>",
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<c:comments xmlns:c="m"><c:commentList><c:comment/></c:commentList></c:comments>"#
        );
        let out =
            append_to_child(b"<workbook><other/></workbook>", "sheets", "<{p}sheet/>").unwrap();
        assert_eq!(
            out,
            b"<workbook><other/><sheets><sheet/></sheets></workbook>"
        );
    }

    #[test]
    fn removes_relationships() {
        let rels = br#"<Relationships><Relationship Id="rId1" Type="a/calcChain" Target="calcChain.xml"/><Relationship Id="rId2" Type="a/styles" Target="styles.xml"/></Relationships>"#;
        let out = remove_relationships(rels, |t, _| t.ends_with("/calcChain")).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<Relationships><Relationship Id="rId2" Type="a/styles" Target="styles.xml"/></Relationships>"#
        );
    }

    #[test]
    fn edits_content_types() {
        let ct = br#"<Types xmlns="t"><Default Extension="xml" ContentType="x"/><Default Extension="VML" ContentType="v"/><Override PartName="/xl/calcChain.xml" ContentType="c"/><Override PartName="/xl/workbook.xml" ContentType="w"/></Types>"#;
        let changes = ContentTypeChanges {
            defaults: vec![
                ("vml".into(), "v".into()),
                ("png".into(), "image/png".into()),
            ],
            overrides: vec![
                ("xl/comments1.xml".into(), "cm".into()),
                ("xl/workbook.xml".into(), "w".into()),
            ],
            removed: vec!["xl/calcChain.xml".into()],
        };
        assert!(!changes.is_empty());
        let out = String::from_utf8(changes.apply(ct).unwrap()).unwrap();
        assert_eq!(
            out,
            r#"<Types xmlns="t"><Default Extension="xml" ContentType="x"/><Default Extension="VML" ContentType="v"/><Override PartName="/xl/workbook.xml" ContentType="w"/><Default Extension="png" ContentType="image/png"/><Override PartName="/xl/comments1.xml" ContentType="cm"/></Types>"#
        );
    }
}
