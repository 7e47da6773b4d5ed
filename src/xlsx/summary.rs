//! The `qfill summary` sheet added to an edited workbook: a new worksheet
//! part of inline strings, listed last in `workbook.xml` with its
//! relationship and content type, and counted in `docProps/app.xml` when that
//! part's layout is the usual one. Defined names and sheet indexes of the
//! existing sheets do not move, because the new sheet goes at the end. When
//! an earlier fill added the sheet, its part is rewritten instead.

use super::cells::{cell_xml, number_xml};
use super::edit::Ctx;
use super::opc::{add_relationship, append_to_child};
use super::package::{WorkbookInfo, parse_rels, rel, relative_target};
use super::xml::{Edit, REL_NS, apply_edits, attr, declares, escape, local, rebuild_start};
use crate::cellref::{CellRef, column_letters};
use crate::error::Result;
use crate::write::SUMMARY_SHEET;
use quick_xml::Reader;
use quick_xml::events::Event;
use std::ops::Range;

const CT_WORKSHEET: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
/// Column widths of the summary sheet, in characters.
const WIDTHS: [f64; 7] = [18.0, 8.0, 60.0, 40.0, 8.0, 24.0, 14.0];

/// Adds the summary sheet holding `rows`.
///
/// # Errors
/// Malformed workbook, relationships or content-types parts.
pub(crate) fn add_summary(ctx: &mut Ctx, book: &WorkbookInfo, rows: &[Vec<String>]) -> Result<()> {
    // A draft filled again: the earlier run's summary is replaced, not
    // joined by a second one that would list stale counts beside it.
    if let Some(part) = book
        .sheet(SUMMARY_SHEET)
        .filter(|s| s.is_worksheet)
        .and_then(|s| s.part.clone())
    {
        ctx.stage(&part, sheet_xml(rows).into_bytes());
        return Ok(());
    }
    let name = unique_name(book);
    let part = ctx.fresh(|n| format!("xl/worksheets/sheet{n}.xml"));
    ctx.stage(&part, sheet_xml(rows).into_bytes());
    ctx.types
        .overrides
        .push((part.clone(), CT_WORKSHEET.into()));

    let rels_part = super::package::rels_part_for(&book.part);
    let rels = ctx.required(&rels_part)?;
    let target = relative_target(&book.part, &part);
    let (rels, id) = add_relationship(Some(&rels), &rel::full(rel::WORKSHEET), &target)
        .map_err(|e| ctx.malformed(&rels_part, e))?;
    ctx.stage(&rels_part, rels);

    let workbook = ctx.required(&book.part)?;
    let declares_r = root_declares_r(&workbook).map_err(|e| ctx.malformed(&book.part, e))?;
    let sheet_id = book.sheets.iter().map(|s| s.sheet_id).max().unwrap_or(0) + 1;
    let r_id = super::xml::rel_id_attr(declares_r, &id);
    let element = format!(
        "<{{p}}sheet name=\"{}\" sheetId=\"{sheet_id}\" {r_id}/>",
        escape(&name)
    );
    let workbook =
        append_to_child(&workbook, "sheets", &element).map_err(|e| ctx.malformed(&book.part, e))?;
    ctx.stage(&book.part, workbook);
    update_app_properties(ctx, &name)
}

/// `qfill summary`, or `qfill summary (2)` … when the workbook already has one.
fn unique_name(book: &WorkbookInfo) -> String {
    let taken = |n: &str| book.sheets.iter().any(|s| s.name.eq_ignore_ascii_case(n));
    (1..)
        .map(|i| match i {
            1 => SUMMARY_SHEET.to_string(),
            i => format!("{SUMMARY_SHEET} ({i})"),
        })
        .find(|n| !taken(n))
        .unwrap_or_else(|| SUMMARY_SHEET.to_string())
}

fn root_declares_r(bytes: &[u8]) -> Result<bool, quick_xml::Error> {
    let mut reader = Reader::from_reader(bytes);
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) => return Ok(declares(&e, "r", REL_NS)),
            Event::Eof => return Ok(false),
            _ => {}
        }
    }
}

/// The summary worksheet: widths, then one row per summary row.
fn sheet_xml(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(1) as u32;
    let height = rows.len().max(1) as u32;
    let cols: String = WIDTHS
        .iter()
        .enumerate()
        .map(|(i, w)| {
            format!(
                "<col min=\"{0}\" max=\"{0}\" width=\"{w}\" customWidth=\"1\"/>",
                i + 1
            )
        })
        .collect();
    let data: String = rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let cells: String = row
                .iter()
                .enumerate()
                .filter(|(_, t)| !t.is_empty())
                .map(|(c, t)| {
                    let at = CellRef::new(r as u32, c as u32);
                    // Counts, row numbers and scores are numbers, to sort and sum.
                    match t
                        .parse::<f64>()
                        .ok()
                        .filter(|n| n.is_finite() && NUMERIC_COLUMNS.contains(&c))
                    {
                        Some(n) => number_xml("", at, 0, n),
                        None => cell_xml("", at, 0, t),
                    }
                })
                .collect();
            format!("<row r=\"{}\">{cells}</row>", r + 1)
        })
        .collect();
    // The table's header row stays in view (the counts above it scroll).
    let header = rows
        .iter()
        .position(|row| row.first().is_some_and(|c| c == "Sheet"))
        .map_or(1, |i| i + 1);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><dimension ref=\"A1:{}{height}\"/><sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"{header}\" topLeftCell=\"A{}\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><cols>{cols}</cols><sheetData>{data}</sheetData><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>",
        column_letters(width - 1),
        header + 1
    )
}

/// The summary's columns that hold numbers: B (the counts, then the row
/// numbers) and E (the scores).
const NUMERIC_COLUMNS: [usize; 2] = [1, 4];

/// Counts the new sheet in `docProps/app.xml`; a part laid out otherwise is left alone.
fn update_app_properties(ctx: &mut Ctx, title: &str) -> Result<()> {
    let part = match ctx.current("_rels/.rels")? {
        Some(b) => parse_rels(&b)
            .map_err(|e| ctx.malformed("_rels/.rels", e))?
            .into_iter()
            .find(|r| r.is("extended-properties") && !r.external)
            .map(|r| super::package::resolve_target("", &r.target)),
        None => None,
    };
    let part = part.unwrap_or_else(|| "docProps/app.xml".into());
    let Some(bytes) = ctx.current(&part)? else {
        return Ok(());
    };
    match with_title(&bytes, title) {
        Some(edits) => ctx.stage(&part, apply_edits(&bytes, edits)?),
        None => tracing::debug!("{part}: unusual layout; sheet titles left as they were"),
    }
    Ok(())
}

/// What `app.xml` says about sheet titles, with byte positions.
#[derive(Default)]
struct Titles {
    /// (heading, count, where the count's text is) from `HeadingPairs`.
    pairs: Vec<(String, u32, Range<usize>)>,
    /// The `TitlesOfParts` vector's start tag, where each title starts, and where its end tag starts.
    vector: Option<Range<usize>>,
    titles: Vec<usize>,
    vector_end: Option<usize>,
    title_prefix: String,
}

/// The edits that add `title` after the last worksheet title, or `None` when the layout is unusual.
fn with_title(bytes: &[u8], title: &str) -> Option<Vec<Edit>> {
    let t = scan_titles(bytes).ok()?;
    let worksheets = t.pairs.iter().position(|(h, _, _)| h == "Worksheets")?;
    let offset: u64 = t.pairs[..worksheets].iter().map(|p| u64::from(p.1)).sum();
    let (_, count, count_at) = t.pairs[worksheets].clone();
    let vector = t.vector.clone()?;
    let at = match t
        .titles
        .get(usize::try_from(offset + u64::from(count)).ok()?)
    {
        Some(&at) => at,
        None => t.vector_end?,
    };
    let start = start_tag(&bytes[vector.clone()])?;
    let size = attr(&start, "size")?
        .parse::<usize>()
        .ok()?
        .checked_add(1)?;
    let p = &t.title_prefix;
    Some(vec![
        Edit::replace(count_at, count.checked_add(1)?.to_string()),
        Edit::replace(
            vector,
            rebuild_start(&start, &[("size", size.to_string())], false),
        ),
        Edit::insert(at, format!("<{p}lpstr>{}</{p}lpstr>", escape(title))),
    ])
}

fn start_tag(bytes: &[u8]) -> Option<quick_xml::events::BytesStart<'_>> {
    match Reader::from_reader(bytes).read_event().ok()? {
        Event::Start(e) => Some(e),
        _ => None,
    }
}

fn scan_titles(bytes: &[u8]) -> Result<Titles, quick_xml::Error> {
    let mut reader = Reader::from_reader(bytes);
    let (mut t, mut path, mut pos) = (Titles::default(), Vec::<String>::new(), 0usize);
    let mut heading = String::new();
    loop {
        let event = reader.read_event()?;
        let end = reader.buffer_position() as usize;
        let inside = |name: &str| path.iter().any(|p| p == name);
        match &event {
            Event::Start(e) => {
                let name = local(e);
                if name == "vector" && inside("TitlesOfParts") {
                    t.vector = Some(pos..end);
                }
                if name == "lpstr" && inside("TitlesOfParts") {
                    t.titles.push(pos);
                    t.title_prefix = super::xml::prefix(e);
                }
                path.push(name);
            }
            Event::End(e) => {
                if e.local_name().as_ref() == b"vector" && inside("TitlesOfParts") {
                    t.vector_end = Some(pos);
                }
                path.pop();
            }
            Event::Text(x) if inside("HeadingPairs") => {
                let text = x
                    .xml10_content()
                    .map(|c| c.into_owned())
                    .unwrap_or_default();
                match path.last().map(String::as_str) {
                    Some("lpstr") => heading = text,
                    Some("i4") => {
                        let n = text.trim().parse().unwrap_or(0);
                        t.pairs.push((std::mem::take(&mut heading), n, pos..end));
                    }
                    _ => {}
                }
            }
            Event::Eof => return Ok(t),
            _ => {}
        }
        pos = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &str = r#"<Properties xmlns:vt="v"><HeadingPairs><vt:vector size="4" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>2</vt:i4></vt:variant><vt:variant><vt:lpstr>Named Ranges</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="3" baseType="lpstr"><vt:lpstr>Q</vt:lpstr><vt:lpstr>Values</vt:lpstr><vt:lpstr>yes</vt:lpstr></vt:vector></TitlesOfParts></Properties>"#;

    #[test]
    fn counts_the_new_sheet_among_worksheets() {
        let edits = with_title(APP.as_bytes(), "qfill summary").unwrap();
        let out = String::from_utf8(apply_edits(APP.as_bytes(), edits).unwrap()).unwrap();
        assert_eq!(
            out,
            APP.replace("<vt:i4>2</vt:i4>", "<vt:i4>3</vt:i4>")
                .replace(r#"<vt:vector size="3""#, r#"<vt:vector size="4""#)
                .replace(
                    "<vt:lpstr>yes",
                    "<vt:lpstr>qfill summary</vt:lpstr><vt:lpstr>yes"
                )
        );
        let only_sheets = r#"<Properties><HeadingPairs><vector size="2"><variant><lpstr>Worksheets</lpstr></variant><variant><i4>1</i4></variant></vector></HeadingPairs><TitlesOfParts><vector size="1" baseType="lpstr"><lpstr>A</lpstr></vector></TitlesOfParts></Properties>"#;
        let edits = with_title(only_sheets.as_bytes(), "S").unwrap();
        let out = String::from_utf8(apply_edits(only_sheets.as_bytes(), edits).unwrap()).unwrap();
        assert!(out.contains(
            r#"<vector size="2" baseType="lpstr"><lpstr>A</lpstr><lpstr>S</lpstr></vector>"#
        ));
        assert!(with_title(b"<Properties><Company/></Properties>", "S").is_none());
        assert!(
            with_title(
                APP.replace("Worksheets", "Arbeitsbl\u{e4}tter").as_bytes(),
                "S"
            )
            .is_none()
        );
    }

    #[test]
    fn summary_sheet_holds_inline_strings() {
        let xml = sheet_xml(&[
            vec!["id".into(), "status".into()],
            vec!["A&B".into(), String::new(), "x".into()],
        ]);
        assert!(xml.contains(r#"<dimension ref="A1:C2"/>"#));
        assert!(xml.contains(r#"<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve">A&amp;B</t></is></c><c r="C2""#));
        assert_eq!(sheet_xml(&[]).matches("<row").count(), 0);
    }

    #[test]
    fn counts_and_scores_are_numbers_and_the_table_header_stays_in_view() {
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let xml = sheet_xml(&[
            row(&["qfill summary"]),
            row(&["Questions", "12"]),
            row(&[]),
            row(&["Sheet", "Row", "Question", "Suggestion", "Score"]),
            row(&["S", "8", "Q?", "0800", "0.92"]),
        ]);
        assert!(xml.contains(r#"<c r="B2"><v>12</v></c>"#), "{xml}");
        assert!(xml.contains(r#"<c r="B5"><v>8</v></c>"#), "{xml}");
        assert!(xml.contains(r#"<c r="E5"><v>0.92</v></c>"#), "{xml}");
        // A suggestion that reads as a number stays text ("0800").
        assert!(xml.contains(r#"<c r="D5" t="inlineStr">"#), "{xml}");
        assert!(xml.contains(r#"ySplit="4" topLeftCell="A5""#), "{xml}");
    }
}
