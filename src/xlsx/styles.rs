//! The formats of written cells in `xl/styles.xml`: for the review highlight
//! one new solid fill, and for each cell format a written cell had, one new
//! cell format cloned from it with only the fill changed or text wrapping
//! turned on. Borders, fonts, number formats and protection of the written
//! cells therefore stay as they were.

use super::xml::{Edit, apply_edits, local, prefix, rebuild_start, truncated};
use crate::error::{Error, Result};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

/// Elements that follow `<fills>` in a style sheet, in schema order.
const AFTER_FILLS: [&str; 8] = [
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
];
/// Elements that follow `<cellXfs>`.
const AFTER_CELL_XFS: [&str; 5] = ["cellStyles", "dxfs", "tableStyles", "colors", "extLst"];

/// A top-level list element (`<fills>`, `<cellXfs>`) and its children.
#[derive(Debug, Default, Clone)]
struct Block {
    start: Range<usize>,
    empty: bool,
    /// Where the end tag starts.
    end: usize,
    children: Vec<Range<usize>>,
}

#[derive(Debug, Default)]
struct Layout {
    prefix: String,
    fills: Option<Block>,
    cell_xfs: Option<Block>,
    /// Top-level element names with their start positions.
    top: Vec<(String, usize)>,
    root_end: usize,
}

/// How a written cell's format changes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Look {
    /// The review fill.
    pub highlight: bool,
    /// Wrap the text, for an answer too long for one line.
    pub wrap: bool,
}

/// The new style sheet and, for each original cell format and look, the
/// format a written cell gets.
pub(crate) struct Restyled {
    pub bytes: Vec<u8>,
    pub formats: HashMap<(u32, Look), u32>,
}

/// Adds a solid `rgb` fill (when a look highlights) and the twins of the
/// `wanted` cell formats with their looks. A format that already wraps needs
/// no twin to wrap.
///
/// # Errors
/// Malformed XML (through `malformed`), or a fault applying the edits.
pub(crate) fn restyle(
    styles: &[u8],
    wanted: &BTreeSet<(u32, Look)>,
    rgb: u32,
    malformed: &dyn Fn(quick_xml::Error) -> Error,
) -> Result<Restyled> {
    let layout = scan(styles).map_err(malformed)?;
    let p = &layout.prefix;
    let mut edits = Vec::new();
    let fill_id = wanted
        .iter()
        .any(|(_, look)| look.highlight)
        .then(|| fill_edits(styles, &layout, rgb, &mut edits));
    let mut formats = HashMap::new();
    let (first_new, mut xfs) = match &layout.cell_xfs {
        Some(b) => (b.children.len() as u32, String::new()),
        None => (
            1,
            format!("<{p}xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"),
        ),
    };
    let mut added = 0;
    let mut made: HashMap<String, u32> = HashMap::new();
    for &(orig, look) in wanted {
        let source = source_xf(styles, &layout, orig);
        let wrap = look.wrap && !source.is_some_and(wraps);
        if !look.highlight && !wrap {
            formats.insert((orig, look), orig);
            continue;
        }
        let xf = twin(&layout, source, fill_id.filter(|_| look.highlight), wrap);
        // Formats alike before (an absent cell's and format 0) share one twin.
        let index = *made.entry(xf).or_insert_with_key(|xf| {
            xfs.push_str(xf);
            added += 1;
            first_new + added - 1
        });
        formats.insert((orig, look), index);
    }
    if added > 0 {
        let total = first_new as usize + added as usize;
        edits.push(list_edit(
            styles,
            &layout,
            "cellXfs",
            &AFTER_CELL_XFS,
            total,
            xfs,
        ));
    }
    let bytes = apply_edits(styles, edits)?;
    Ok(Restyled { bytes, formats })
}

/// Adds the fill (after the two reserved ones, if the sheet lacks them) and returns its id.
fn fill_edits(styles: &[u8], layout: &Layout, rgb: u32, edits: &mut Vec<Edit>) -> u32 {
    let p = &layout.prefix;
    let have = layout.fills.as_ref().map_or(0, |b| b.children.len());
    let reserved = [
        format!("<{p}fill><{p}patternFill patternType=\"none\"/></{p}fill>"),
        format!("<{p}fill><{p}patternFill patternType=\"gray125\"/></{p}fill>"),
    ];
    let mut xml: String = reserved.iter().skip(have).map(String::as_str).collect();
    xml.push_str(&format!(
        "<{p}fill><{p}patternFill patternType=\"solid\"><{p}fgColor rgb=\"FF{rgb:06X}\"/><{p}bgColor indexed=\"64\"/></{p}patternFill></{p}fill>"
    ));
    let id = have.max(2);
    edits.push(list_edit(
        styles,
        layout,
        "fills",
        &AFTER_FILLS,
        id + 1,
        xml,
    ));
    id as u32
}

/// Appends `content` to the list element `name` (creating it if absent) and sets its count.
fn list_edit(
    styles: &[u8],
    layout: &Layout,
    name: &str,
    successors: &[&str],
    count: usize,
    content: String,
) -> Edit {
    let p = &layout.prefix;
    let block = if name == "fills" {
        &layout.fills
    } else {
        &layout.cell_xfs
    };
    let Some(block) = block else {
        let at = layout
            .top
            .iter()
            .find(|(n, _)| successors.contains(&n.as_str()))
            .map_or(layout.root_end, |(_, at)| *at);
        return Edit::insert(
            at,
            format!("<{p}{name} count=\"{count}\">{content}</{p}{name}>"),
        );
    };
    let start = start_tag(&styles[block.start.clone()])
        .map(|e| rebuild_start(&e, &[("count", count.to_string())], false))
        .unwrap_or_else(|| format!("<{p}{name} count=\"{count}\">"));
    if block.empty {
        return Edit::replace(block.start.clone(), format!("{start}{content}</{p}{name}>"));
    }
    let mut xml = start.into_bytes();
    xml.extend_from_slice(&styles[block.start.end..block.end]);
    xml.extend_from_slice(content.as_bytes());
    Edit::replace(block.start.start..block.end, xml)
}

/// The bytes of cell format `orig`, or of format 0 when `orig` is out of range.
fn source_xf<'a>(styles: &'a [u8], layout: &Layout, orig: u32) -> Option<&'a [u8]> {
    let block = layout.cell_xfs.as_ref()?;
    let range = block
        .children
        .get(orig as usize)
        .or(block.children.first())?;
    Some(&styles[range.clone()])
}

/// Whether a cell format wraps its text already.
fn wraps(xf: &[u8]) -> bool {
    let mut reader = Reader::from_reader(xf);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if local(&e) == "alignment" => {
                return super::xml::attr_true(&e, "wrapText");
            }
            Ok(Event::Eof) | Err(_) => return false,
            _ => {}
        }
    }
}

/// A copy of cell format `source` (or a plain one) with fill `fill_id` and
/// text wrapping when asked.
fn twin(layout: &Layout, source: Option<&[u8]>, fill_id: Option<u32>, wrap: bool) -> String {
    let p = &layout.prefix;
    let mut changes = Vec::new();
    if let Some(id) = fill_id {
        changes.push(("fillId", id.to_string()));
        changes.push(("applyFill", "1".to_string()));
    }
    if wrap {
        changes.push(("applyAlignment", "1".to_string()));
    }
    let alignment = format!("<{p}alignment wrapText=\"1\"/>");
    let Some(bytes) = source else {
        let fill = fill_id.unwrap_or(0);
        let apply = if fill_id.is_some() {
            " applyFill=\"1\""
        } else {
            ""
        };
        let start = format!(
            "<{p}xf numFmtId=\"0\" fontId=\"0\" fillId=\"{fill}\" borderId=\"0\" xfId=\"0\"{apply}"
        );
        return if wrap {
            format!("{start} applyAlignment=\"1\">{alignment}</{p}xf>")
        } else {
            format!("{start}/>")
        };
    };
    let mut reader = Reader::from_reader(bytes);
    match reader.read_event() {
        Ok(Event::Empty(e)) if wrap => {
            let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
            rebuild_start(&e, &changes, false) + &alignment + &format!("</{name}>")
        }
        Ok(Event::Empty(e)) => rebuild_start(&e, &changes, true),
        Ok(Event::Start(e)) => {
            let rest = &bytes[reader.buffer_position() as usize..];
            let rest = if wrap {
                wrap_children(rest, &alignment)
            } else {
                String::from_utf8_lossy(rest).into_owned()
            };
            rebuild_start(&e, &changes, false) + &rest
        }
        _ => String::new(),
    }
}

/// The children of a cell format with `wrapText` set on its `<alignment>`,
/// or with `alignment` (which comes first in the schema) added.
fn wrap_children(rest: &[u8], alignment: &str) -> String {
    let mut reader = Reader::from_reader(rest);
    let mut pos = 0;
    loop {
        let event = reader.read_event();
        let end = reader.buffer_position() as usize;
        let (e, empty) = match event {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::Text(_) | Event::Comment(_)) => {
                pos = end;
                continue;
            }
            _ => break,
        };
        let text = |r: std::ops::Range<usize>| String::from_utf8_lossy(&rest[r]).into_owned();
        if local(&e) == "alignment" {
            let changed = rebuild_start(&e, &[("wrapText", "1".to_string())], empty);
            return text(0..pos) + &changed + &text(end..rest.len());
        }
        break;
    }
    String::from_utf8_lossy(&rest[..pos]).into_owned()
        + alignment
        + &String::from_utf8_lossy(&rest[pos..])
}

fn start_tag(bytes: &[u8]) -> Option<BytesStart<'_>> {
    match Reader::from_reader(bytes).read_event().ok()? {
        Event::Start(e) | Event::Empty(e) => Some(e),
        _ => None,
    }
}

fn scan(styles: &[u8]) -> std::result::Result<Layout, quick_xml::Error> {
    let mut reader = Reader::from_reader(styles);
    let mut layout = Layout::default();
    let (mut pos, mut depth) = (0usize, 0usize);
    let mut open: Option<(String, Block)> = None;
    let mut child_start = 0;
    loop {
        let event = reader.read_event()?;
        let end = reader.buffer_position() as usize;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                match depth {
                    0 => layout.prefix = prefix(e),
                    1 => {
                        let name = local(e);
                        layout.top.push((name.clone(), pos));
                        if name == "fills" || name == "cellXfs" {
                            let block = Block {
                                start: pos..end,
                                empty,
                                end,
                                children: Vec::new(),
                            };
                            if empty {
                                store(&mut layout, &name, block);
                            } else {
                                open = Some((name, block));
                            }
                        }
                    }
                    2 if empty => {
                        if let Some((_, b)) = open.as_mut() {
                            b.children.push(pos..end);
                        }
                    }
                    2 => child_start = pos,
                    _ => {}
                }
                if !empty {
                    depth += 1;
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                match depth {
                    0 => layout.root_end = pos,
                    1 => {
                        if let Some((name, mut b)) = open.take() {
                            b.end = pos;
                            store(&mut layout, &name, b);
                        }
                    }
                    2 => {
                        if let Some((_, b)) = open.as_mut() {
                            b.children.push(child_start..end);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof if depth > 0 => return Err(truncated("styleSheet")),
            Event::Eof => return Ok(layout),
            _ => {}
        }
        pos = end;
    }
}

fn store(layout: &mut Layout, name: &str, block: Block) {
    if name == "fills" {
        layout.fills = Some(block);
    } else {
        layout.cell_xfs = Some(block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HIGHLIGHT: Look = Look {
        highlight: true,
        wrap: false,
    };
    const WRAP: Look = Look {
        highlight: false,
        wrap: true,
    };

    fn run(xml: &str, originals: &[u32]) -> (String, Vec<(u32, u32)>) {
        let wanted: Vec<_> = originals.iter().map(|&f| (f, HIGHLIGHT)).collect();
        run_looks(xml, &wanted)
    }

    fn run_looks(xml: &str, wanted: &[(u32, Look)]) -> (String, Vec<(u32, u32)>) {
        let set = wanted.iter().copied().collect();
        let h = restyle(xml.as_bytes(), &set, 0xFFEB9C, &bad).unwrap();
        let mut map: Vec<_> = h.formats.into_iter().map(|((f, _), to)| (f, to)).collect();
        map.sort();
        (String::from_utf8(h.bytes).unwrap(), map)
    }

    fn bad(e: quick_xml::Error) -> Error {
        Error::Internal(e.to_string())
    }

    const FILL: &str = r#"<fill><patternFill patternType="solid"><fgColor rgb="FFFFEB9C"/><bgColor indexed="64"/></patternFill></fill>"#;

    #[test]
    fn clones_formats_with_the_new_fill() {
        let xml = r#"<styleSheet><fonts count="1"><font/></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyProtection="1"><alignment wrapText="1"/><protection locked="0"/></xf></cellXfs><cellStyles count="1"/></styleSheet>"#;
        let (out, map) = run(xml, &[1, 0]);
        assert_eq!(map, [(0, 2), (1, 3)]);
        let want = xml
            .replace(r#"<fills count="2">"#, r#"<fills count="3">"#)
            .replace("</fills>", &format!("{FILL}</fills>"))
            .replace(r#"<cellXfs count="2">"#, r#"<cellXfs count="4">"#)
            .replace(
                "</cellXfs>",
                r#"<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/><xf numFmtId="0" fontId="0" fillId="2" borderId="1" xfId="0" applyBorder="1" applyProtection="1" applyFill="1"><alignment wrapText="1"/><protection locked="0"/></xf></cellXfs>"#,
            );
        assert_eq!(out, want);
    }

    #[test]
    fn creates_missing_lists_and_reserved_fills() {
        let (out, map) = run(r#"<styleSheet><fonts/><borders/></styleSheet>"#, &[5]);
        assert_eq!(map, [(5, 1)]);
        assert!(out.starts_with(r#"<styleSheet><fonts/><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>"#));
        assert!(out.ends_with(r#"<borders/><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/></cellXfs></styleSheet>"#));
        let (out, _) = run(
            r#"<x:styleSheet xmlns:x="m"><x:fills count="0"/></x:styleSheet>"#,
            &[0],
        );
        assert!(out.contains(
            r#"<x:fills count="3"><x:fill><x:patternFill patternType="none"/></x:fill>"#
        ));
    }

    #[test]
    fn out_of_range_formats_clone_format_zero() {
        let xml = r#"<styleSheet><fills count="2"><fill/><fill/></fills><cellXfs count="1"><xf numFmtId="3" fontId="1"/></cellXfs></styleSheet>"#;
        let (out, map) = run(xml, &[9]);
        assert_eq!(map, [(9, 1)]);
        assert!(
            out.contains(r#"<xf numFmtId="3" fontId="1" fillId="2" applyFill="1"/></cellXfs>"#)
        );
        assert!(restyle(b"<styleSheet><fills>", &BTreeSet::new(), 0, &bad).is_err());
    }

    #[test]
    fn long_answers_get_a_wrapping_twin_unless_their_format_wraps() {
        let xml = r#"<styleSheet><fills count="2"><fill/><fill/></fills><cellXfs count="4"><xf numFmtId="0" fontId="0"/><xf fontId="1"><alignment wrapText="1"/></xf><xf fontId="2"><alignment vertical="top"/><protection locked="0"/></xf><xf fontId="3"><protection locked="0"/></xf></cellXfs></styleSheet>"#;
        let (out, map) = run_looks(xml, &[(0, WRAP), (1, WRAP), (2, WRAP), (3, WRAP)]);
        assert_eq!(map, [(0, 4), (1, 1), (2, 5), (3, 6)]);
        assert!(
            out.contains(r#"<fills count="2"><fill/><fill/></fills>"#),
            "{out}"
        );
        assert!(out.ends_with(concat!(
            r#"<cellXfs count="7">"#,
            r#"<xf numFmtId="0" fontId="0"/><xf fontId="1"><alignment wrapText="1"/></xf>"#,
            r#"<xf fontId="2"><alignment vertical="top"/><protection locked="0"/></xf><xf fontId="3"><protection locked="0"/></xf>"#,
            r#"<xf numFmtId="0" fontId="0" applyAlignment="1"><alignment wrapText="1"/></xf>"#,
            r#"<xf fontId="2" applyAlignment="1"><alignment vertical="top" wrapText="1"/><protection locked="0"/></xf>"#,
            r#"<xf fontId="3" applyAlignment="1"><alignment wrapText="1"/><protection locked="0"/></xf>"#,
            r#"</cellXfs></styleSheet>"#
        )), "{out}");
        let (out, map) = run_looks(xml, &[(1, WRAP)]);
        assert_eq!((out.as_str(), map), (xml, vec![(1, 1)]));
        let both = Look {
            highlight: true,
            wrap: true,
        };
        let (out, map) = run_looks(xml, &[(0, both), (0, HIGHLIGHT)]);
        assert_eq!(map, [(0, 4), (0, 5)]);
        assert!(out.contains(concat!(
            r#"<xf numFmtId="0" fontId="0" fillId="2" applyFill="1"/>"#,
            r#"<xf numFmtId="0" fontId="0" fillId="2" applyFill="1" applyAlignment="1"><alignment wrapText="1"/></xf>"#,
        )), "{out}");
    }
}
