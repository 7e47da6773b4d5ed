//! Review notes as legacy cell comments ("notes" in Excel): a comments part
//! with the text, and a VML drawing with one hidden note shape per cell, tied to
//! the sheet by relationships and a `<legacyDrawing>` element. A sheet that
//! already has notes gets ours appended to its own parts. A cell that already
//! has a note keeps it (two notes on one cell would corrupt the file), and a
//! sheet whose drawing qfill cannot safely extend gets no notes (with a
//! warning) rather than a damaged drawing.

use super::edit::Ctx;
use super::layout::SheetLayout;
use super::opc::{add_relationship, append_to_child};
use super::package::{
    Relationship, parse_rels, rel, relative_target, rels_part_for, resolve_target,
};
use super::xml::{Edit, attr, escape, excel_string, local, rel_id_attr};
use crate::cellref::CellRef;
use crate::error::Result;
use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::HashSet;

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const CT_COMMENTS: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
const CT_VML: &str = "application/vnd.openxmlformats-officedocument.vmlDrawing";
const AUTHOR: &str = "qfill";
/// Shape ids per VML id block.
const BLOCK: u32 = 1024;
/// Blocks beyond this are ignored as nonsense (their shape ids would overflow).
pub(crate) const MAX_BLOCK: u32 = 1_000_000;

/// Adds `notes` to the sheet at `sheet_part`; returns the edit that adds a
/// `<legacyDrawing>` to the sheet when it had none.
///
/// # Errors
/// Malformed relationships, comments or VML parts.
pub(crate) fn add_notes(
    ctx: &mut Ctx,
    sheet: &str,
    sheet_part: &str,
    layout: &SheetLayout,
    notes: &[(CellRef, String)],
) -> Result<Option<Edit>> {
    let rels_part = rels_part_for(sheet_part);
    let rels_bytes = ctx.current(&rels_part)?;
    let rels = match &rels_bytes {
        Some(b) => parse_rels(b).map_err(|e| ctx.malformed(&rels_part, e))?,
        None => Vec::new(),
    };
    let find = |pred: &dyn Fn(&Relationship) -> bool| {
        rels.iter()
            .find(|r| !r.external && pred(r))
            .map(|r| resolve_target(sheet_part, &r.target))
    };
    let comments = find(&|r| r.is(rel::COMMENTS));
    let vml = layout
        .legacy_drawing
        .as_ref()
        .and_then(|id| find(&|r| r.id == *id && r.is(rel::VML_DRAWING)));
    if vml.is_none() && (comments.is_some() || layout.legacy_drawing.is_some()) {
        ctx.warn(format!(
            "sheet `{sheet}`: its notes are not where qfill expects them ({sheet_part}); review notes left out"
        ));
        return Ok(None);
    }
    if let Some(part) = &vml
        && let Err(why) = drawing_close(&ctx.required(part)?)
    {
        ctx.warn(format!(
            "sheet `{sheet}`: {part}: {why}; review notes left out"
        ));
        return Ok(None);
    }
    let notes = match &comments {
        Some(part) => skip_noted(ctx, sheet, part, notes)?,
        None => notes.to_vec(),
    };
    if notes.is_empty() {
        return Ok(None);
    }
    let (mut rels_bytes, original_rels) = (rels_bytes.clone(), rels_bytes);
    match comments {
        Some(part) => append_comments(ctx, &part, &notes)?,
        None => {
            let part = ctx.fresh(|n| format!("xl/comments{n}.xml"));
            ctx.stage(&part, new_comments(&notes));
            ctx.types.overrides.push((part.clone(), CT_COMMENTS.into()));
            let target = relative_target(sheet_part, &part);
            let (b, _) =
                add_relationship(rels_bytes.as_deref(), &rel::full(rel::COMMENTS), &target)
                    .map_err(|e| ctx.malformed(&rels_part, e))?;
            rels_bytes = Some(b);
        }
    }
    let edit = match vml {
        Some(part) => {
            append_shapes(ctx, &part, &notes)?;
            None
        }
        None => {
            let part = ctx.fresh(|n| format!("xl/drawings/vmlDrawing{n}.vml"));
            let blocks = ctx.vml_blocks(notes.len())?;
            ctx.stage(&part, new_vml(&blocks, &notes).into_bytes());
            ctx.types.defaults.push(("vml".into(), CT_VML.into()));
            let target = relative_target(sheet_part, &part);
            let (b, id) =
                add_relationship(rels_bytes.as_deref(), &rel::full(rel::VML_DRAWING), &target)
                    .map_err(|e| ctx.malformed(&rels_part, e))?;
            rels_bytes = Some(b);
            let element = format!(
                "<{}legacyDrawing {}/>",
                layout.prefix,
                rel_id_attr(layout.root_declares_r, &id)
            );
            Some(Edit::insert(layout.legacy_drawing_at, element))
        }
    };
    if let Some(b) = rels_bytes.filter(|b| Some(b) != original_rels.as_ref()) {
        ctx.stage(&rels_part, b);
    }
    Ok(edit)
}

/// The notes whose cell has no comment yet in the comments part.
fn skip_noted(
    ctx: &mut Ctx,
    sheet: &str,
    part: &str,
    notes: &[(CellRef, String)],
) -> Result<Vec<(CellRef, String)>> {
    let bytes = ctx.required(part)?;
    let (refs, _) = comment_refs(&bytes).map_err(|e| ctx.malformed(part, e))?;
    let (free, noted): (Vec<_>, Vec<_>) =
        notes.iter().cloned().partition(|(c, _)| !refs.contains(c));
    for (cell, _) in noted {
        ctx.warn(format!(
            "sheet `{sheet}` cell {cell} already has a note; qfill's review note left out"
        ));
    }
    Ok(free)
}

/// The cells that have comments, and the author names.
fn comment_refs(bytes: &[u8]) -> Result<(HashSet<CellRef>, Vec<String>), quick_xml::Error> {
    let mut reader = Reader::from_reader(bytes);
    let (mut refs, mut authors, mut in_author) = (HashSet::new(), Vec::new(), false);
    loop {
        let event = reader.read_event()?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match local(e).as_str() {
                "comment" => refs.extend(attr(e, "ref").and_then(|r| CellRef::parse(&r))),
                "author" => {
                    authors.push(String::new());
                    in_author = matches!(event, Event::Start(_));
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"author" => in_author = false,
            Event::Eof => return Ok((refs, authors)),
            other if in_author => {
                if let Some(a) = authors.last_mut() {
                    super::xml::push_text(other, a);
                }
            }
            _ => {}
        }
    }
}

fn comment_xml(p: &str, author: usize, cell: CellRef, text: &str) -> String {
    format!(
        "<{p}comment ref=\"{cell}\" authorId=\"{author}\"><{p}text><{p}t xml:space=\"preserve\">{}</{p}t></{p}text></{p}comment>",
        escape(&excel_string(text))
    )
}

fn new_comments(notes: &[(CellRef, String)]) -> Vec<u8> {
    let list: String = notes
        .iter()
        .map(|(c, t)| comment_xml("", 0, *c, t))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<comments xmlns=\"{MAIN_NS}\"><authors><author>{AUTHOR}</author></authors><commentList>{list}</commentList></comments>"
    )
    .into_bytes()
}

/// Appends to an existing comments part, adding qfill as an author when needed.
fn append_comments(ctx: &mut Ctx, part: &str, notes: &[(CellRef, String)]) -> Result<()> {
    let bytes = ctx.required(part)?;
    let (_, authors) = comment_refs(&bytes).map_err(|e| ctx.malformed(part, e))?;
    let author = authors.iter().position(|a| a == AUTHOR);
    let id = author.unwrap_or(authors.len());
    let mut out = bytes;
    if author.is_none() {
        out = append_to_child(
            &out,
            "authors",
            &format!("<{{p}}author>{AUTHOR}</{{p}}author>"),
        )
        .map_err(|e| ctx.malformed(part, e))?;
    }
    let list: String = notes
        .iter()
        .map(|(c, t)| comment_xml("{p}", id, *c, t))
        .collect();
    out = append_to_child(&out, "commentList", &list).map_err(|e| ctx.malformed(part, e))?;
    ctx.stage(part, out);
    Ok(())
}

fn shape_xml(id: u32, cell: CellRef, z: usize) -> String {
    let (row, col) = (cell.row, cell.col);
    let top = row.saturating_sub(1);
    format!(
        "<v:shape id=\"_x0000_s{id}\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:108pt;height:59.25pt;z-index:{z};visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\"><v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/><v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox><x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{}, 15, {top}, 10, {}, 15, {}, 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>",
        col + 1,
        col + 3,
        top + 4
    )
}

const SHAPETYPE: &str = "<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>";

/// Shape ids for `count` shapes in the given id blocks (the first id of a block is left free).
fn shape_ids(blocks: &[u32], count: usize) -> Vec<u32> {
    blocks
        .iter()
        .flat_map(|b| (b * BLOCK + 1)..((b + 1) * BLOCK))
        .take(count)
        .collect()
}

fn new_vml(blocks: &[u32], notes: &[(CellRef, String)]) -> String {
    let data: Vec<String> = blocks.iter().map(u32::to_string).collect();
    let ids = shape_ids(blocks, notes.len());
    let shapes: String = ids
        .iter()
        .zip(notes)
        .enumerate()
        .map(|(z, (id, (cell, _)))| shape_xml(*id, *cell, z + 1))
        .collect();
    format!(
        "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\n <o:shapelayout v:ext=\"edit\">\n  <o:idmap v:ext=\"edit\" data=\"{}\"/>\n </o:shapelayout>{SHAPETYPE}{shapes}</xml>",
        data.join(",")
    )
}

/// Appends note shapes to an existing VML drawing. VML from Excel is not always
/// well-formed XML, so this works on the text: new id blocks are added to the
/// `o:idmap` list and the shapes go before the closing `</xml>`.
fn append_shapes(ctx: &mut Ctx, part: &str, notes: &[(CellRef, String)]) -> Result<()> {
    let bytes = ctx.required(part)?;
    let close = drawing_close(&bytes).map_err(|why| ctx.bad(part, why))?;
    let mut text = String::from_utf8_lossy(&bytes).into_owned();
    let blocks = ctx.vml_blocks(notes.len())?;
    let ids = shape_ids(&blocks, notes.len());
    let mut shapes = String::new();
    if !text.contains("_x0000_t202") {
        shapes.push_str(SHAPETYPE);
    }
    for (z, (id, (cell, _))) in ids.iter().zip(notes).enumerate() {
        shapes.push_str(&shape_xml(*id, *cell, 1000 + z));
    }
    text.insert_str(close, &shapes);
    declare_prefixes(&mut text).map_err(|why| ctx.bad(part, why))?;
    add_id_blocks(&mut text, &blocks);
    ctx.stage(part, text.into_bytes());
    Ok(())
}

/// Where shapes can go in an existing drawing (before its closing `</xml>`),
/// or why qfill will not add to it.
fn drawing_close(bytes: &[u8]) -> Result<usize, &'static str> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the drawing is not UTF-8")?;
    text.rfind("</xml>")
        .ok_or("the drawing has no closing </xml>")
}

/// The VML prefixes qfill's shapes use, with their namespaces.
const VML_PREFIXES: [(&str, &str); 3] = [
    ("v", "urn:schemas-microsoft-com:vml"),
    ("o", "urn:schemas-microsoft-com:office:office"),
    ("x", "urn:schemas-microsoft-com:office:excel"),
];

/// Declares on the drawing's root `<xml>` element the prefixes qfill's
/// shapes use and the drawing does not (a drawing written by another tool
/// may name the same namespaces `ns0`, `ns1`); a namespace may have several
/// prefixes.
fn declare_prefixes(text: &mut String) -> Result<(), &'static str> {
    let root = text.find("<xml").ok_or("the drawing has no <xml> root")?;
    let missing: String = VML_PREFIXES
        .iter()
        .filter(|(p, _)| !text[root..].contains(&format!("xmlns:{p}=")))
        .map(|(p, ns)| format!(" xmlns:{p}=\"{ns}\""))
        .collect();
    text.insert_str(root + "<xml".len(), &missing);
    Ok(())
}

/// Adds block numbers to the first `o:idmap data="…"` list.
fn add_id_blocks(text: &mut String, blocks: &[u32]) {
    let Some(at) = text.find("idmap") else { return };
    let Some(data) = text[at..].find("data=\"").map(|d| at + d + 6) else {
        return;
    };
    let Some(end) = text[data..].find('"').map(|e| data + e) else {
        return;
    };
    let mut list = text[data..end].to_string();
    for b in blocks {
        if !list.is_empty() {
            list.push(',');
        }
        list.push_str(&b.to_string());
    }
    text.replace_range(data..end, &list);
}

/// The id blocks that a VML drawing declares (`data="1,2"`).
pub(crate) fn declared_blocks(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("idmap") {
        rest = &rest[at + 5..];
        if let Some(d) = rest.find("data=\"") {
            let list = &rest[d + 6..];
            let list = &list[..list.find('"').unwrap_or(0)];
            let blocks = list.split(',').filter_map(|n| n.trim().parse::<u32>().ok());
            out.extend(blocks.filter(|&b| b < MAX_BLOCK));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_parts_hold_every_note() {
        let notes = vec![
            (CellRef::new(4, 2), "check <this> & that".to_string()),
            (CellRef::new(0, 0), "b".into()),
        ];
        let comments = String::from_utf8(new_comments(&notes)).unwrap();
        assert!(comments.contains(r#"<comment ref="C5" authorId="0"><text><t xml:space="preserve">check &lt;this&gt; &amp; that</t></text></comment>"#));
        assert_eq!(comment_refs(comments.as_bytes()).unwrap().1, ["qfill"]);
        let vml = new_vml(&[3], &notes);
        assert!(vml.contains(r#"data="3""#));
        assert!(vml.contains(r#"id="_x0000_s3073""#) && vml.contains(r#"id="_x0000_s3074""#));
        assert!(vml.contains("<x:Row>4</x:Row><x:Column>2</x:Column>"));
        assert_eq!(declared_blocks(&vml), [3]);
    }

    #[test]
    fn ids_spill_into_the_next_block() {
        let ids = shape_ids(&[1, 2], 1025);
        assert_eq!(ids[0], 1025);
        assert_eq!(ids[1022], 2047);
        assert_eq!(ids[1023], 2049);
        assert_eq!(ids.len(), 1025);
    }

    #[test]
    fn reads_refs_and_authors() {
        let xml = br#"<comments xmlns="m"><authors><author>Ann</author></authors><commentList><comment ref="A1" authorId="0"><text><t>x</t></text></comment></commentList></comments>"#;
        let (refs, authors) = comment_refs(xml).unwrap();
        assert!(refs.contains(&CellRef::new(0, 0)));
        assert_eq!(authors, ["Ann"]);
    }

    #[test]
    fn drawings_are_extended_with_the_prefixes_they_lack() {
        let ok = br#"<xml xmlns:v="v" xmlns:o="o" xmlns:x="x"><v:shape/></xml>"#;
        assert_eq!(drawing_close(ok), Ok(ok.len() - 6));
        assert!(drawing_close(br#"<xml xmlns:v="v" xmlns:o="o" xmlns:x="x">"#).is_err());
        assert!(drawing_close(&[0xff, 0xfe]).is_err());
        let mut other = r#"<xml xmlns:ns0="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><ns0:shape/></xml>"#.to_string();
        declare_prefixes(&mut other).unwrap();
        assert!(
            other.starts_with(r#"<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ns0="#),
            "{other}"
        );
        assert!(declare_prefixes(&mut "<v:shape/>".to_string()).is_err());
    }

    #[test]
    fn adds_id_blocks_to_existing_drawings() {
        let mut text = r#"<xml><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout></xml>"#.to_string();
        add_id_blocks(&mut text, &[4, 5]);
        assert!(text.contains(r#"data="1,4,5""#));
        assert_eq!(declared_blocks(&text), [1, 4, 5]);
        assert_eq!(declared_blocks(r#"idmap data="4294967295,7""#), [7]);
    }
}
