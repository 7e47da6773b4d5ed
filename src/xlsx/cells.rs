//! Writing answers into a sheet part without disturbing anything else in it.
//! One pass over the part records where the rows, the target cells and the
//! top-level elements are (byte ranges, not a parsed tree); the edits then
//! replace exactly the target `<c>` elements, or insert new ones (and new
//! `<row>`s) in sorted position, so every other byte of the part stays as the
//! prospect's spreadsheet program wrote it.

use super::xml::{Edit, REL_NS, attr, attr_true, attr_u32, declares, escape, excel_string};
use super::xml::{local, prefix, rebuild_start, truncated};
use crate::cellref::{CellRange, CellRef};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

/// Excel's limit on the characters in one cell.
const MAX_CELL_CHARS: usize = 32_767;

/// Top-level worksheet elements that must come after `<legacyDrawing>`.
const AFTER_LEGACY_DRAWING: [&str; 9] = [
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
    "AlternateContent",
];

/// One cell to write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Target {
    pub text: String,
    pub highlight: bool,
}

/// How a target cell's existing formula, if any, is shared.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Formula {
    None,
    Own,
    /// The anchor of a shared formula over this range (other cells depend on it).
    SharedAnchor(String),
}

#[derive(Debug, Clone)]
struct RowPos {
    index: u32,
    start: Range<usize>,
    /// Where `</row>` starts; `None` for `<row …/>`.
    end: Option<usize>,
    format: Option<u32>,
}

#[derive(Debug, Clone)]
struct CellPos {
    col: u32,
    range: Range<usize>,
    format: u32,
    formula: Formula,
}

#[derive(Debug, Clone, Default)]
enum SheetData {
    #[default]
    Missing,
    Empty(Range<usize>),
    Open {
        content_end: Option<usize>,
    },
}

/// Where things are in a sheet part.
#[derive(Debug, Clone, Default)]
pub(crate) struct SheetLayout {
    /// The namespace prefix of the worksheet's elements, with colon (usually empty).
    pub prefix: String,
    /// Whether the root declares `r:` as the relationships namespace.
    pub root_declares_r: bool,
    /// The relationship id of an existing `<legacyDrawing>`.
    pub legacy_drawing: Option<String>,
    /// Where a new `<legacyDrawing>` belongs.
    pub legacy_drawing_at: usize,
    dimension: Option<(Range<usize>, String)>,
    sheet_data: SheetData,
    rows: Vec<RowPos>,
    cells: HashMap<u32, Vec<CellPos>>,
    col_formats: Vec<(u32, u32, u32)>,
}

/// Scanner state.
#[derive(Default)]
struct Scanner<'t> {
    layout: SheetLayout,
    targets: Option<&'t BTreeSet<u32>>,
    after_sheet_data: bool,
    legacy_at: Option<usize>,
    in_target_row: bool,
    next_col: u32,
    open_cell: Option<CellPos>,
}

/// Scans a sheet part, recording cells only in `target_rows`.
///
/// # Errors
/// Malformed XML.
pub(crate) fn scan(
    bytes: &[u8],
    target_rows: &BTreeSet<u32>,
) -> Result<SheetLayout, quick_xml::Error> {
    let mut reader = Reader::from_reader(bytes);
    let mut s = Scanner {
        targets: Some(target_rows),
        ..Scanner::default()
    };
    let (mut pos, mut depth) = (0usize, 0usize);
    loop {
        let event = reader.read_event()?;
        let end = reader.buffer_position() as usize;
        match &event {
            Event::Start(e) => {
                s.start(e, pos..end, depth, false);
                depth += 1;
            }
            Event::Empty(e) => s.start(e, pos..end, depth, true),
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                s.end(e.local_name().as_ref(), pos..end, depth);
            }
            Event::Eof if depth > 0 => return Err(truncated("worksheet")),
            Event::Eof => break,
            _ => {}
        }
        pos = end;
    }
    let mut layout = s.layout;
    layout.legacy_drawing_at = s.legacy_at.unwrap_or(layout.legacy_drawing_at);
    Ok(layout)
}

impl Scanner<'_> {
    fn start(&mut self, e: &BytesStart, span: Range<usize>, depth: usize, empty: bool) {
        match depth {
            0 => {
                self.layout.prefix = prefix(e);
                self.layout.root_declares_r = declares(e, "r", REL_NS);
            }
            1 => self.top_level(e, span, empty),
            2 => self.second_level(e, span, empty),
            3 if e.local_name().as_ref() == b"c" && self.in_target_row => self.cell(e, span, empty),
            4 if e.local_name().as_ref() == b"f" => {
                if let Some(cell) = self.open_cell.as_mut() {
                    cell.formula = match (attr(e, "t").as_deref(), attr(e, "ref")) {
                        (Some("shared"), Some(r)) if r.contains(':') => Formula::SharedAnchor(r),
                        _ => Formula::Own,
                    };
                }
            }
            3 if e.local_name().as_ref() == b"c" => {
                let col = attr(e, "r").and_then(|r| CellRef::parse(&r)).map(|c| c.col);
                self.next_col = col.unwrap_or(self.next_col).saturating_add(1);
            }
            _ => {}
        }
    }

    fn top_level(&mut self, e: &BytesStart, span: Range<usize>, empty: bool) {
        let name = local(e);
        match name.as_str() {
            "dimension" => {
                self.layout.dimension = attr(e, "ref").map(|r| (span, r));
            }
            "sheetData" if empty => {
                self.layout.sheet_data = SheetData::Empty(span);
                self.after_sheet_data = true;
            }
            "sheetData" => {
                self.layout.sheet_data = SheetData::Open { content_end: None };
                self.after_sheet_data = true;
            }
            "legacyDrawing" => self.layout.legacy_drawing = attr(e, "id"),
            n if self.after_sheet_data
                && self.legacy_at.is_none()
                && AFTER_LEGACY_DRAWING.contains(&n) =>
            {
                self.legacy_at = Some(span.start);
            }
            _ => {}
        }
    }

    fn second_level(&mut self, e: &BytesStart, span: Range<usize>, empty: bool) {
        match e.local_name().as_ref() {
            b"col" => {
                if let (Some(a), Some(b), Some(s)) =
                    (attr_u32(e, "min"), attr_u32(e, "max"), attr_u32(e, "style"))
                    && a >= 1
                    && b >= a
                {
                    self.layout.col_formats.push((a - 1, b - 1, s));
                }
            }
            b"row" => {
                let prev = self
                    .layout
                    .rows
                    .last()
                    .map_or(0, |r| r.index.saturating_add(1));
                let index = attr_u32(e, "r").map_or(prev, |r| r.saturating_sub(1));
                let format = attr_true(e, "customFormat").then(|| attr_u32(e, "s").unwrap_or(0));
                self.in_target_row = self.targets.is_some_and(|t| t.contains(&index));
                self.next_col = 0;
                self.layout.rows.push(RowPos {
                    index,
                    start: span,
                    end: if empty { None } else { Some(usize::MAX) },
                    format,
                });
            }
            _ => {}
        }
    }

    fn cell(&mut self, e: &BytesStart, span: Range<usize>, empty: bool) {
        let col = attr(e, "r")
            .and_then(|r| CellRef::parse(&r))
            .map_or(self.next_col, |c| c.col);
        self.next_col = col.saturating_add(1);
        let cell = CellPos {
            col,
            range: span,
            format: attr_u32(e, "s").unwrap_or(0),
            formula: Formula::None,
        };
        if empty {
            self.push_cell(cell);
        } else {
            self.open_cell = Some(cell);
        }
    }

    fn push_cell(&mut self, cell: CellPos) {
        if let Some(row) = self.layout.rows.last() {
            self.layout.cells.entry(row.index).or_default().push(cell);
        }
    }

    fn end(&mut self, name: &[u8], span: Range<usize>, depth: usize) {
        match (depth, name) {
            (0, _) => {
                self.layout.legacy_drawing_at = span.start;
            }
            (1, b"sheetData") => {
                self.layout.sheet_data = SheetData::Open {
                    content_end: Some(span.start),
                };
            }
            (2, b"row") => {
                if let Some(row) = self.layout.rows.last_mut() {
                    row.end = Some(span.start);
                }
                self.in_target_row = false;
            }
            (3, b"c") => {
                if let Some(mut cell) = self.open_cell.take() {
                    cell.range.end = span.end;
                    self.push_cell(cell);
                }
            }
            _ => {}
        }
    }
}

impl SheetLayout {
    /// Whether the part has a `<sheetData>` to write into.
    pub(crate) fn has_sheet_data(&self) -> bool {
        !matches!(self.sheet_data, SheetData::Missing)
    }

    fn row(&self, index: u32) -> Option<&RowPos> {
        self.rows.iter().find(|r| r.index == index)
    }

    fn existing(&self, cell: CellRef) -> Option<&CellPos> {
        self.cells
            .get(&cell.row)?
            .iter()
            .find(|c| c.col == cell.col)
    }

    /// The cell format a cell shows now: its own, else its row's, else its column's, else 0.
    pub(crate) fn current_format(&self, cell: CellRef) -> u32 {
        if let Some(c) = self.existing(cell) {
            return c.format;
        }
        if let Some(f) = self.row(cell.row).and_then(|r| r.format) {
            return f;
        }
        self.col_formats
            .iter()
            .rev()
            .find(|&&(a, b, _)| (a..=b).contains(&cell.col))
            .map_or(0, |&(_, _, f)| f)
    }

    /// The formula a target cell holds now.
    pub(crate) fn formula(&self, cell: CellRef) -> Formula {
        self.existing(cell)
            .map_or(Formula::None, |c| c.formula.clone())
    }

    /// The edits that write `targets`; `formats` maps a cell's current format to
    /// the one it gets (highlighted cells get a new one).
    pub(crate) fn cell_edits(
        &self,
        bytes: &[u8],
        targets: &BTreeMap<CellRef, Target>,
        formats: &dyn Fn(CellRef, &Target) -> u32,
    ) -> Vec<Edit> {
        let mut edits = Vec::new();
        let mut new_rows = Vec::new();
        let mut by_row: BTreeMap<u32, Vec<(CellRef, String)>> = BTreeMap::new();
        for (&cell, target) in targets {
            let xml = cell_xml(&self.prefix, cell, formats(cell, target), &target.text);
            match self.existing(cell) {
                Some(pos) => edits.push(Edit::replace(pos.range.clone(), xml)),
                None => by_row.entry(cell.row).or_default().push((cell, xml)),
            }
        }
        for (row, cells) in by_row {
            match self.row(row) {
                Some(pos) => edits.extend(self.insert_into_row(bytes, pos, &cells)),
                None => new_rows.push((row, cells)),
            }
        }
        edits.extend(self.insert_rows(&new_rows));
        edits.extend(self.dimension_edit(bytes, targets.keys()));
        edits
    }

    fn insert_into_row(
        &self,
        bytes: &[u8],
        row: &RowPos,
        cells: &[(CellRef, String)],
    ) -> Vec<Edit> {
        let existing = self.cells.get(&row.index).map_or(&[][..], Vec::as_slice);
        let cols: Vec<u32> = cells.iter().map(|(c, _)| c.col).collect();
        let start_tag = start_tag(&bytes[row.start.clone()]);
        let spans = start_tag.as_ref().and_then(|e| widened_spans(e, &cols));
        let Some(end) = row.end else {
            // `<row …/>`: reopen it with the new cells inside.
            let Some(e) = start_tag else {
                return Vec::new();
            };
            let mut changes = Vec::new();
            if let Some(s) = spans {
                changes.push(("spans", s));
            }
            let mut xml = rebuild_start(&e, &changes, false);
            cells.iter().for_each(|(_, c)| xml.push_str(c));
            xml.push_str(&format!("</{}row>", self.prefix));
            return vec![Edit::replace(row.start.clone(), xml)];
        };
        let mut edits = Vec::new();
        if let (Some(e), Some(s)) = (start_tag, spans) {
            edits.push(Edit::replace(
                row.start.clone(),
                rebuild_start(&e, &[("spans", s)], false),
            ));
        }
        for (cell, xml) in cells {
            let at = existing
                .iter()
                .find(|c| c.col > cell.col)
                .map_or(end, |c| c.range.start);
            edits.push(Edit::insert(at, xml.as_str()));
        }
        edits
    }

    fn insert_rows(&self, rows: &[(u32, Vec<(CellRef, String)>)]) -> Vec<Edit> {
        let p = &self.prefix;
        let row_xml = |index: u32, cells: &[(CellRef, String)]| {
            let inner: String = cells.iter().map(|(_, c)| c.as_str()).collect();
            format!("<{p}row r=\"{}\">{inner}</{p}row>", index + 1)
        };
        match &self.sheet_data {
            SheetData::Empty(span) => {
                let inner: String = rows.iter().map(|(i, c)| row_xml(*i, c)).collect();
                let xml = format!("<{p}sheetData>{inner}</{p}sheetData>");
                (!rows.is_empty())
                    .then(|| Edit::replace(span.clone(), xml))
                    .into_iter()
                    .collect()
            }
            SheetData::Open {
                content_end: Some(end),
            } => rows
                .iter()
                .map(|(index, cells)| {
                    let at = self
                        .rows
                        .iter()
                        .find(|r| r.index > *index)
                        .map_or(*end, |r| r.start.start);
                    Edit::insert(at, row_xml(*index, cells))
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    fn dimension_edit<'a>(
        &self,
        bytes: &[u8],
        cells: impl Iterator<Item = &'a CellRef>,
    ) -> Option<Edit> {
        let (span, text) = self.dimension.as_ref()?;
        let old = CellRange::parse(text)?;
        let mut new = old;
        for c in cells {
            new.first = CellRef::new(new.first.row.min(c.row), new.first.col.min(c.col));
            new.last = CellRef::new(new.last.row.max(c.row), new.last.col.max(c.col));
        }
        if new == old {
            return None;
        }
        let e = start_tag(&bytes[span.clone()])?;
        let text = if new.first == new.last {
            new.first.to_string()
        } else {
            format!("{}:{}", new.first, new.last)
        };
        Some(Edit::replace(
            span.clone(),
            rebuild_start(&e, &[("ref", text)], true),
        ))
    }
}

/// A `<c>` holding `text` as an inline string (never a formula).
pub(crate) fn cell_xml(p: &str, cell: CellRef, format: u32, text: &str) -> String {
    let text: String = text.chars().take(MAX_CELL_CHARS).collect();
    let s = if format == 0 {
        String::new()
    } else {
        format!(" s=\"{format}\"")
    };
    format!(
        "<{p}c r=\"{cell}\"{s} t=\"inlineStr\"><{p}is><{p}t xml:space=\"preserve\">{}</{p}t></{p}is></{p}c>",
        escape(&excel_string(&text))
    )
}

/// The start tag at the beginning of `bytes`, parsed.
fn start_tag(bytes: &[u8]) -> Option<BytesStart<'_>> {
    let mut reader = Reader::from_reader(bytes);
    match reader.read_event().ok()? {
        Event::Start(e) | Event::Empty(e) => Some(e),
        _ => None,
    }
}

/// The row's `spans` widened to hold `cols`, when it has one that does not.
fn widened_spans(row: &BytesStart, cols: &[u32]) -> Option<String> {
    let spans = attr(row, "spans")?;
    let (a, b) = spans.split_once(':')?;
    let (a, b): (u32, u32) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    let lo = cols.iter().map(|c| c + 1).min()?.min(a);
    let hi = cols.iter().map(|c| c + 1).max()?.max(b);
    (lo != a || hi != b).then(|| format!("{lo}:{hi}"))
}

#[cfg(test)]
mod tests {
    use super::super::xml::apply_edits;
    use super::*;

    fn write(xml: &str, cells: &[(&str, &str)]) -> String {
        let targets: BTreeMap<CellRef, Target> = cells
            .iter()
            .map(|(c, t)| {
                let target = Target {
                    text: t.to_string(),
                    highlight: false,
                };
                (CellRef::parse(c).unwrap(), target)
            })
            .collect();
        let rows = targets.keys().map(|c| c.row).collect();
        let layout = scan(xml.as_bytes(), &rows).unwrap();
        let edits = layout.cell_edits(xml.as_bytes(), &targets, &|c, _| layout.current_format(c));
        String::from_utf8(apply_edits(xml.as_bytes(), edits).unwrap()).unwrap()
    }

    fn inline(cell: &str, s: &str, text: &str) -> String {
        format!(r#"<c r="{cell}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>"#)
    }

    #[test]
    fn replaces_existing_cells_keeping_their_format() {
        let xml = r#"<worksheet><dimension ref="A1:C2"/><sheetData><row r="1" spans="1:3"><c r="A1" s="2" t="s"><v>0</v></c><c r="B1" s="5"><f>A1</f><v>1</v></c><c r="C1"/></row></sheetData></worksheet>"#;
        let out = write(xml, &[("B1", "=1+1 & <x>")]);
        let want = xml.replace(
            r#"<c r="B1" s="5"><f>A1</f><v>1</v></c>"#,
            &inline("B1", r#" s="5""#, "=1+1 &amp; &lt;x&gt;"),
        );
        assert_eq!(out, want);
    }

    #[test]
    fn inserts_cells_and_rows_in_order() {
        let xml = r#"<worksheet><dimension ref="A1:D3"/><cols><col min="3" max="3" style="4"/></cols><sheetData><row r="1" spans="2:4"><c r="B1" t="s"><v>0</v></c><c r="D1"/></row><row r="3" s="7" customFormat="1"/></sheetData><extLst/></worksheet>"#;
        let out = write(
            xml,
            &[
                ("A1", "a"),
                ("C1", "c"),
                ("E1", "e"),
                ("C2", "x"),
                ("B3", "y"),
                ("A5", "z"),
            ],
        );
        let want = format!(
            r#"<worksheet><dimension ref="A1:E5"/><cols><col min="3" max="3" style="4"/></cols><sheetData><row r="1" spans="1:5">{}<c r="B1" t="s"><v>0</v></c>{}<c r="D1"/>{}</row><row r="2">{}</row><row r="3" s="7" customFormat="1">{}</row><row r="5">{}</row></sheetData><extLst/></worksheet>"#,
            inline("A1", "", "a"),
            inline("C1", r#" s="4""#, "c"),
            inline("E1", "", "e"),
            inline("C2", r#" s="4""#, "x"),
            inline("B3", r#" s="7""#, "y"),
            inline("A5", "", "z"),
        );
        assert_eq!(out, want);
    }

    #[test]
    fn fills_empty_sheet_data_and_prefixed_sheets() {
        let out = write("<worksheet><sheetData/></worksheet>", &[("B2", "b")]);
        assert_eq!(
            out,
            format!(
                r#"<worksheet><sheetData><row r="2">{}</row></sheetData></worksheet>"#,
                inline("B2", "", "b")
            )
        );
        let xml = r#"<x:worksheet xmlns:x="m"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>"#;
        let out = write(xml, &[("A1", "n")]);
        assert!(out.contains(
            r#"<x:c r="A1" t="inlineStr"><x:is><x:t xml:space="preserve">n</x:t></x:is></x:c>"#
        ));
    }

    #[test]
    fn cells_without_references_count_from_the_left() {
        let xml = r#"<worksheet><sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row></sheetData></worksheet>"#;
        let out = write(xml, &[("B1", "two"), ("B2", "new")]);
        assert!(out.starts_with(&format!(
            r#"<worksheet><sheetData><row><c><v>1</v></c>{}</row><row><c><v>3</v></c>{}</row>"#,
            inline("B1", "", "two"),
            inline("B2", "", "new")
        )));
    }

    #[test]
    fn records_shared_formula_anchors_and_legacy_drawing_place() {
        let xml = r#"<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData><row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">B1</f><v>1</v></c></row><row r="2"><c r="A2"><f t="shared" si="0"/><v>2</v></c></row></sheetData><pageMargins/><drawing r:id="rId1"/><tableParts count="0"/></worksheet>"#;
        let rows = BTreeSet::from([0, 1]);
        let layout = scan(xml.as_bytes(), &rows).unwrap();
        assert_eq!(
            layout.formula(CellRef::new(0, 0)),
            Formula::SharedAnchor("A1:A3".into())
        );
        assert_eq!(layout.formula(CellRef::new(1, 0)), Formula::Own);
        assert_eq!(layout.formula(CellRef::new(1, 1)), Formula::None);
        assert!(layout.root_declares_r);
        assert_eq!(
            &xml[layout.legacy_drawing_at..],
            r#"<tableParts count="0"/></worksheet>"#
        );
        let plain = scan(b"<worksheet><sheetData/></worksheet>", &rows).unwrap();
        assert_eq!(plain.legacy_drawing_at, 23);
        assert!(scan(b"<worksheet><sheetData><row></sheetData>", &rows).is_err());
    }

    #[test]
    fn no_panic_on_truncated_or_odd_parts() {
        let xml = r#"<worksheet><dimension ref="B2:C3"/><cols><col min="0" max="4294967295" style="9"/></cols><sheetData><row r="4294967295"><c r="XFD1048576" s="99"><f t="shared" ref="A1:B2">1</f></c></row><row/><row r="0"><c/></row></sheetData><legacyDrawing r:id="x"/></worksheet>"#;
        let targets: BTreeMap<CellRef, Target> =
            [CellRef::new(0, 0), CellRef::new(1_048_575, 16_383)]
                .into_iter()
                .map(|c| {
                    (
                        c,
                        Target {
                            text: "t".into(),
                            highlight: true,
                        },
                    )
                })
                .collect();
        let rows = targets.keys().map(|c| c.row).collect();
        for end in 0..=xml.len() {
            let Ok(layout) = scan(&xml.as_bytes()[..end], &rows) else {
                continue;
            };
            let edits = layout.cell_edits(&xml.as_bytes()[..end], &targets, &|c, _| {
                layout.current_format(c)
            });
            let _ = apply_edits(&xml.as_bytes()[..end], edits);
        }
    }

    #[test]
    fn long_text_is_cut_to_excels_limit() {
        let xml = cell_xml("", CellRef::new(0, 0), 0, &"Z".repeat(40_000));
        assert_eq!(xml.matches('Z').count(), MAX_CELL_CHARS);
    }
}
