//! Writing answers into a sheet part without disturbing anything else in it.
//! From the [`SheetLayout`] of the part, the edits replace exactly the target
//! `<c>` elements, or insert new ones (and new `<row>`s) in sorted position, so
//! every other byte of the part stays as the prospect's spreadsheet program
//! wrote it. Text always goes in as an inline string, never as a formula.

use super::layout::{RowPos, SheetData, SheetLayout};
use super::xml::{Edit, attr, escape, excel_string, rebuild_start};
use crate::cellref::{CellRange, CellRef};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeMap;

/// Excel's limit on the characters in one cell.
const MAX_CELL_CHARS: usize = 32_767;

/// One cell to write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Target {
    pub text: String,
    pub number: Option<f64>,
    pub boolean: Option<bool>,
    pub highlight: bool,
}

impl SheetLayout {
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
            let format = formats(cell, target);
            let xml = match (target.number, target.boolean) {
                (Some(n), _) => number_xml(&self.prefix, cell, format, n),
                (None, Some(b)) => bool_xml(&self.prefix, cell, format, b),
                (None, None) => cell_xml(&self.prefix, cell, format, &target.text),
            };
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
    let s = style_attr(format);
    format!(
        "<{p}c r=\"{cell}\"{s} t=\"inlineStr\"><{p}is><{p}t xml:space=\"preserve\">{}</{p}t></{p}is></{p}c>",
        escape(&excel_string(&text))
    )
}

/// A cell holding a number.
pub(crate) fn number_xml(p: &str, cell: CellRef, format: u32, n: f64) -> String {
    let s = style_attr(format);
    format!("<{p}c r=\"{cell}\"{s}><{p}v>{n}</{p}v></{p}c>")
}

/// A cell holding a boolean.
pub(crate) fn bool_xml(p: &str, cell: CellRef, format: u32, b: bool) -> String {
    let s = style_attr(format);
    let v = u8::from(b);
    format!("<{p}c r=\"{cell}\"{s} t=\"b\"><{p}v>{v}</{p}v></{p}c>")
}

/// A cell's style attribute; none for the default format.
fn style_attr(format: u32) -> String {
    if format == 0 {
        String::new()
    } else {
        format!(" s=\"{format}\"")
    }
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
    use super::super::layout::scan;
    use super::super::xml::apply_edits;
    use super::*;

    fn write(xml: &str, cells: &[(&str, &str)]) -> String {
        let targets: BTreeMap<CellRef, Target> = cells
            .iter()
            .map(|(c, t)| {
                let target = Target {
                    text: t.to_string(),
                    number: None,
                    boolean: None,
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
                            number: None,
                            boolean: None,
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
    fn booleans_are_written_as_values_keeping_the_format() {
        assert_eq!(
            bool_xml("", CellRef::new(1, 2), 4, true),
            "<c r=\"C2\" s=\"4\" t=\"b\"><v>1</v></c>"
        );
    }

    #[test]
    fn numbers_are_written_as_values_keeping_the_format() {
        assert_eq!(
            number_xml("x:", CellRef::new(3, 2), 7, 320.0),
            "<x:c r=\"C4\" s=\"7\"><x:v>320</x:v></x:c>"
        );
        assert_eq!(
            number_xml("", CellRef::new(0, 0), 0, 1.5),
            "<c r=\"A1\"><v>1.5</v></c>"
        );
    }

    #[test]
    fn long_text_is_cut_to_excels_limit() {
        let xml = cell_xml("", CellRef::new(0, 0), 0, &"Z".repeat(40_000));
        assert_eq!(xml.matches('Z').count(), MAX_CELL_CHARS);
    }
}
