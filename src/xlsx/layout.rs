//! Where things are in a sheet part, found in one quick-xml pass without
//! building a tree: the byte ranges of the rows and of the cells in the rows
//! qfill will write, the formats that absent cells would show, and where a
//! `<legacyDrawing>` belongs. The cell writer turns these ranges into edits.

use super::xml::{REL_NS, attr, attr_true, attr_u32, declares, local, prefix, truncated};
use crate::cellref::CellRef;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

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

/// How a target cell's existing formula, if any, is shared.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Formula {
    None,
    Own,
    /// The anchor of a shared formula over this range (other cells depend on it).
    SharedAnchor(String),
}

#[derive(Debug, Clone)]
pub(super) struct RowPos {
    pub(super) index: u32,
    pub(super) start: Range<usize>,
    /// Where `</row>` starts; `None` for `<row …/>`.
    pub(super) end: Option<usize>,
    pub(super) format: Option<u32>,
}

#[derive(Debug, Clone)]
pub(super) struct CellPos {
    pub(super) col: u32,
    pub(super) range: Range<usize>,
    pub(super) format: u32,
    pub(super) formula: Formula,
}

#[derive(Debug, Clone, Default)]
pub(super) enum SheetData {
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
    pub(super) dimension: Option<(Range<usize>, String)>,
    pub(super) sheet_data: SheetData,
    pub(super) rows: Vec<RowPos>,
    pub(super) cells: HashMap<u32, Vec<CellPos>>,
    pub(super) col_formats: Vec<(u32, u32, u32)>,
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

    pub(super) fn row(&self, index: u32) -> Option<&RowPos> {
        self.rows.iter().find(|r| r.index == index)
    }

    pub(super) fn existing(&self, cell: CellRef) -> Option<&CellPos> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
