//! What calamine does not tell us about an ods sheet, read from the package's
//! `content.xml`: list dropdowns (content validations, inline lists or ranges
//! resolved to their values), merged ranges, hidden rows and columns,
//! column widths, and the text of cells holding a line break or a tab
//! (calamine drops both, gluing "enforced" and "for" into one word).
//! Without the dropdowns, an answer written into an ods "Yes/No" cell could
//! be free text the prospect's list does not allow.

use super::{Dropdown, Sheet};
use crate::cellref::{CellRange, CellRef};
use crate::error::Result;
use crate::xlsx::{Package, attr, local};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

const LAST_ROW: u32 = 1_048_575;
const LAST_COL: u32 = 16_383;
/// How many rows or columns past the used grid hidden flags are kept for
/// (files repeat an empty styled row a million times).
const PAST_USED: u32 = 8;

/// Fills `dropdowns`, `hidden_rows`, `hidden_cols`, `col_widths` and (when
/// calamine found none) `merged` of the `sheets` calamine read from the ods
/// file at `path`.
///
/// # Errors
/// A damaged package or a `content.xml` that does not parse.
pub(super) fn read_meta(path: &Path, sheets: &mut [Sheet]) -> Result<()> {
    let mut pkg = Package::open(path)?;
    let facts = {
        let reader = pkg.stream("content.xml")?;
        scan(reader)
    }
    .map_err(|e| pkg.malformed("content.xml", e))?;
    let (conditions, names) = (facts.conditions, facts.names);
    for table in facts.tables {
        let Some(i) = sheets.iter().position(|s| s.name == table.name) else {
            continue;
        };
        let used_rows = sheets[i].rows.len() as u32 + PAST_USED;
        let used_cols = sheets[i].width() + PAST_USED;
        let dropdowns = table
            .validated
            .iter()
            .filter_map(|(name, ranges)| {
                let values = list_values(conditions.get(name)?, &names, sheets, &table.name)?;
                Some(Dropdown {
                    ranges: merge_rows(ranges.clone()),
                    values,
                })
            })
            .collect();
        let sheet = &mut sheets[i];
        sheet.dropdowns = dropdowns;
        sheet.hidden_rows = table
            .hidden_rows
            .into_iter()
            .filter(|&r| r < used_rows)
            .collect();
        sheet.hidden_cols = table
            .hidden_cols
            .into_iter()
            .filter(|&c| c < used_cols)
            .collect();
        sheet.col_widths = table
            .widths
            .into_iter()
            .filter(|&(c, _)| c < used_cols)
            .collect();
        if sheet.merged.is_empty() {
            sheet.merged = table.merged;
        }
        for (cell, text) in table.broken {
            let slot = sheet
                .rows
                .get_mut(cell.row as usize)
                .and_then(|r| r.get_mut(cell.col as usize));
            // Only a text calamine read: a number or date keeps its value.
            if let Some(v @ super::Value::Text(_)) = slot {
                *v = super::Value::Text(text);
            }
        }
    }
    Ok(())
}

/// What `content.xml` says, before values are resolved.
#[derive(Debug, Default)]
struct Facts {
    /// Validation name → its condition (`of:cell-content-is-in-list(…)`).
    conditions: HashMap<String, String>,
    /// Named range → its address (`$Lists.$A$1:.$A$3`), for lists that name one.
    names: HashMap<String, String>,
    /// Column style name → width in characters.
    col_styles: HashMap<String, f64>,
    tables: Vec<Table>,
}

#[derive(Debug, Default)]
struct Table {
    name: String,
    /// Validation name → the areas it covers, in document order.
    validated: Vec<(String, Vec<CellRange>)>,
    hidden_rows: Vec<u32>,
    hidden_cols: Vec<u32>,
    widths: Vec<(u32, f64)>,
    merged: Vec<CellRange>,
    /// Cells whose text holds a line break or a tab, with that text.
    broken: Vec<(CellRef, String)>,
}

/// The text of the cell being read.
#[derive(Default)]
struct CellText {
    at: Option<CellRef>,
    text: String,
    paragraphs: u32,
    /// A line break or a tab: calamine's text differs.
    broken: bool,
    /// Inside a note (`office:annotation`), whose text is not the cell's.
    in_note: u32,
}

/// Where the scan is inside the current table.
#[derive(Default)]
struct Cursor {
    row: u32,
    col: u32,
    next_col: u32,
    /// How many times the open row repeats.
    row_repeat: u32,
    /// The column style being read (`style:style` of family table-column).
    style: Option<String>,
    cell: CellText,
}

fn scan(reader: impl BufRead) -> Result<Facts, quick_xml::Error> {
    let mut reader = Reader::from_reader(reader);
    let (mut facts, mut at, mut buf) = (Facts::default(), Cursor::default(), Vec::new());
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf)? {
            Event::Start(e) => start(&e, false, &mut facts, &mut at),
            Event::Empty(e) => start(&e, true, &mut facts, &mut at),
            Event::End(e) => match e.local_name().as_ref() {
                b"table-row" => at.row = advance(at.row, at.row_repeat),
                b"style" => at.style = None,
                b"annotation" => at.cell.in_note = at.cell.in_note.saturating_sub(1),
                b"table-cell" => {
                    let cell = std::mem::take(&mut at.cell);
                    if let (Some(c), true, Some(t)) =
                        (cell.at, cell.broken, facts.tables.last_mut())
                    {
                        t.broken.push((c, cell.text));
                    }
                }
                _ => {}
            },
            Event::Text(t) if at.cell.at.is_some() && at.cell.in_note == 0 => {
                if let Ok(text) = t.decode() {
                    // Entities come as their own events (below).
                    at.cell.text.push_str(&text);
                }
            }
            Event::GeneralRef(r) if at.cell.at.is_some() && at.cell.in_note == 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    at.cell.text.push(c);
                } else {
                    let name = r.decode().unwrap_or_default();
                    if let Some(c) = quick_xml::escape::resolve_predefined_entity(&name) {
                        at.cell.text.push_str(c);
                    }
                }
            }
            Event::Eof => return Ok(facts),
            _ => {}
        }
    }
}

/// One opening (or empty) element.
fn start(e: &BytesStart, empty: bool, facts: &mut Facts, at: &mut Cursor) {
    match local(e).as_str() {
        "content-validation" => {
            if let (Some(name), Some(cond)) = (attr(e, "name"), attr(e, "condition")) {
                facts.conditions.insert(name, cond);
            }
        }
        "named-range" => {
            if let (Some(name), Some(range)) = (attr(e, "name"), attr(e, "cell-range-address")) {
                facts.names.insert(name, range);
            }
        }
        "style" if !empty && attr(e, "family").as_deref() == Some("table-column") => {
            at.style = attr(e, "name");
        }
        "table-column-properties" => {
            let width = attr(e, "column-width").as_deref().and_then(chars_wide);
            if let (Some(style), Some(width)) = (at.style.clone(), width) {
                facts.col_styles.insert(style, width);
            }
        }
        "table" if !empty => {
            facts.tables.push(Table {
                name: attr(e, "name").unwrap_or_default(),
                ..Table::default()
            });
            *at = Cursor::default();
        }
        "table-column" => column(e, facts, at),
        "table-row" => {
            at.row_repeat = repeat(e, "number-rows-repeated");
            at.col = 0;
            if hidden(e)
                && let Some(t) = facts.tables.last_mut()
            {
                t.hidden_rows
                    .extend(at.row..advance(at.row, at.row_repeat.min(PAST_USED * 4)));
            }
            if empty {
                at.row = advance(at.row, at.row_repeat);
            }
        }
        "table-cell" | "covered-table-cell" => {
            let here = CellRef::new(at.row, at.col);
            cell(e, facts, at);
            if !empty && local(e) == "table-cell" && here.row <= LAST_ROW && here.col <= LAST_COL {
                at.cell = CellText {
                    at: Some(here),
                    ..CellText::default()
                };
            }
        }
        "annotation" if !empty => at.cell.in_note += 1,
        _ if at.cell.at.is_none() || at.cell.in_note > 0 => {}
        "p" => {
            if at.cell.paragraphs > 0 {
                at.cell.text.push('\n');
            }
            at.cell.paragraphs += 1;
        }
        "line-break" => {
            at.cell.text.push('\n');
            at.cell.broken = true;
        }
        "tab" => {
            at.cell.text.push('\t');
            at.cell.broken = true;
        }
        "s" => {
            let n = attr(e, "c")
                .and_then(|c| c.parse::<usize>().ok())
                .unwrap_or(1);
            at.cell.text.push_str(&" ".repeat(n.min(1000)));
        }
        _ => {}
    }
}

fn column(e: &BytesStart, facts: &mut Facts, at: &mut Cursor) {
    let n = repeat(e, "number-columns-repeated");
    let (first, end) = (at.next_col, advance(at.next_col, n).min(LAST_COL + 1));
    at.next_col = end;
    let Some(t) = facts.tables.last_mut() else {
        return;
    };
    let shown = first..end.min(first.saturating_add(256));
    if hidden(e) {
        t.hidden_cols.extend(shown.clone());
    }
    if let Some(w) = attr(e, "style-name").and_then(|s| facts.col_styles.get(&s).copied()) {
        t.widths.extend(shown.map(|c| (c, w)));
    }
}

fn cell(e: &BytesStart, facts: &mut Facts, at: &mut Cursor) {
    let n = repeat(e, "number-columns-repeated");
    let first = at.col;
    at.col = advance(at.col, n).min(LAST_COL + 1);
    let (across, down) = (
        repeat(e, "number-columns-spanned"),
        repeat(e, "number-rows-spanned"),
    );
    if (across > 1 || down > 1)
        && first <= LAST_COL
        && at.row <= LAST_ROW
        && let Some(t) = facts.tables.last_mut()
    {
        t.merged.push(CellRange {
            first: CellRef::new(at.row, first),
            last: CellRef::new(
                advance(at.row, down - 1).min(LAST_ROW),
                advance(first, across - 1).min(LAST_COL),
            ),
        });
    }
    let (Some(name), Some(t)) = (attr(e, "content-validation-name"), facts.tables.last_mut())
    else {
        return;
    };
    if first > LAST_COL || at.row > LAST_ROW {
        return;
    }
    let area = CellRange {
        first: CellRef::new(at.row, first),
        last: CellRef::new(
            advance(at.row, at.row_repeat)
                .saturating_sub(1)
                .min(LAST_ROW),
            at.col - 1,
        ),
    };
    match t.validated.iter_mut().find(|(n, _)| *n == name) {
        Some((_, areas)) => areas.push(area),
        None => t.validated.push((name, vec![area])),
    }
}

fn repeat(e: &BytesStart, key: &str) -> u32 {
    attr(e, key)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

fn advance(at: u32, by: u32) -> u32 {
    at.saturating_add(by)
}

fn hidden(e: &BytesStart) -> bool {
    matches!(
        attr(e, "visibility").as_deref(),
        Some("collapse" | "collapsed" | "filter")
    )
}

/// An ODF length (`0.889in`, `2.258cm`, `64pt`, `20mm`) as spreadsheet characters.
fn chars_wide(length: &str) -> Option<f64> {
    let length = length.trim();
    let split = length.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = length.split_at(split);
    let number: f64 = number.trim().parse().ok()?;
    let points = match unit {
        "in" => number * 72.0,
        "cm" => number * 72.0 / 2.54,
        "mm" => number * 72.0 / 25.4,
        "pt" => number,
        "pc" => number * 12.0,
        _ => return None,
    };
    let pixels = points * 96.0 / 72.0;
    (pixels > 0.0).then(|| ((pixels - 5.0) / 7.0).max(0.5))
}

/// Areas stacked row by row over the same columns, joined into one.
fn merge_rows(mut areas: Vec<CellRange>) -> Vec<CellRange> {
    areas.sort_by_key(|a| (a.first.col, a.last.col, a.first.row));
    let mut out: Vec<CellRange> = Vec::with_capacity(areas.len());
    for a in areas {
        match out.last_mut() {
            Some(p)
                if p.first.col == a.first.col
                    && p.last.col == a.last.col
                    && a.first.row <= p.last.row.saturating_add(1) =>
            {
                p.last.row = p.last.row.max(a.last.row);
            }
            _ => out.push(a),
        }
    }
    out
}

/// The values a list condition offers: quoted strings, or the cells of a
/// range on any sheet. Other conditions (numbers, dates, formulas) are not
/// dropdowns of values and give `None`.
fn list_values(
    condition: &str,
    names: &HashMap<String, String>,
    sheets: &[Sheet],
    here: &str,
) -> Option<Vec<String>> {
    let (_, args) = condition.split_once("cell-content-is-in-list(")?;
    let args = args.trim_end().strip_suffix(')')?.trim();
    let values: Vec<String> = if args.starts_with('"') {
        quoted_items(args)
    } else {
        // A named range stands for its address.
        let args = names.get(args).map_or(args, String::as_str);
        range_values(args, sheets, here)?
    };
    // Kept as written: a list of "YES " takes "YES " and not "YES".
    let values: Vec<String> = values
        .into_iter()
        .filter(|v| !v.trim().is_empty())
        .collect();
    (!values.is_empty()).then_some(values)
}

/// `"Yes";"No";"N/A"` (a doubled quote is a quote).
fn quoted_items(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = args.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut item = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    item.push('"');
                    chars.next();
                }
                '"' => break,
                c => item.push(c),
            }
        }
        out.push(item);
    }
    out
}

/// `[$Lists.$A$1:.$A$3]`, `$'My sheet'.A1:A3` or `.B2:.B4` (this sheet).
fn range_values(args: &str, sheets: &[Sheet], here: &str) -> Option<Vec<String>> {
    let args = args.trim_start_matches('[').trim_end_matches(']');
    let (a, b) = args.split_once(':').unwrap_or((args, args));
    let (sheet, a) = split_sheet(a);
    let (_, b) = split_sheet(b);
    let name = if sheet.is_empty() {
        here.to_string()
    } else {
        sheet
    };
    let range = CellRange::parse(&format!("{a}:{b}"))?;
    Some(sheets.iter().find(|s| s.name == name)?.texts_in(&range))
}

/// `$'My sheet'.$A$1` → (`My sheet`, `A1`); `.A1` → (``, `A1`).
fn split_sheet(reference: &str) -> (String, String) {
    let reference = reference.trim();
    let (sheet, cell) = reference.rsplit_once('.').unwrap_or(("", reference));
    let sheet = sheet.trim_start_matches('$');
    let sheet = sheet
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .map(|s| s.replace("''", "'"))
        .unwrap_or_else(|| sheet.to_string());
    (sheet, cell.replace('$', ""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::Value;

    fn scan_str(xml: &str) -> Facts {
        scan(xml.as_bytes()).unwrap()
    }

    const CONTENT: &str = r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:style="s">
<office:automatic-styles>
 <style:style style:name="co1" style:family="table-column"><style:table-column-properties style:column-width="0.889in"/></style:style>
 <style:style style:name="co2" style:family="table-column"><style:table-column-properties style:column-width="8.5cm"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
<table:content-validations>
 <table:content-validation table:name="val1" table:condition="of:cell-content-is-in-list(&quot;Yes&quot;;&quot;No&quot;;&quot;N/A&quot;)"/>
 <table:content-validation table:name="val2" table:condition="of:cell-content-is-in-list([$Lists.$A$1:.$A$3])"/>
 <table:content-validation table:name="val3" table:condition="of:cell-content-is-whole-number()"/>
</table:content-validations>
<table:table table:name="Q">
 <table:table-column table:style-name="co1"/>
 <table:table-column table:style-name="co2" table:visibility="collapse"/>
 <table:table-column table:style-name="co1" table:number-columns-repeated="1022"/>
 <table:table-row><table:table-cell/><table:table-cell/><table:table-cell/></table:table-row>
 <table:table-row table:number-rows-repeated="2"><table:table-cell/><table:covered-table-cell/><table:table-cell table:content-validation-name="val1"/><table:table-cell table:content-validation-name="val2"/></table:table-row>
 <table:table-row table:visibility="collapse"><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="1"/><table:covered-table-cell/><table:table-cell table:content-validation-name="val1"/><table:table-cell table:content-validation-name="val3"/></table:table-row>
 <table:table-row table:number-rows-repeated="1048571"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table>
<table:table table:name="Lists" table:style-name="ta1"><table:table-row><table:table-cell/></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"#;

    #[test]
    fn reads_validations_rows_and_columns() {
        let f = scan_str(CONTENT);
        assert_eq!(f.tables.len(), 2);
        let q = &f.tables[0];
        assert_eq!(q.name, "Q");
        assert_eq!(q.hidden_cols, vec![1]);
        assert_eq!(q.hidden_rows, vec![3]);
        assert_eq!(q.merged, vec![CellRange::parse("A4:B4").unwrap()]);
        let val1 = &q.validated.iter().find(|(n, _)| n == "val1").unwrap().1;
        assert_eq!(
            merge_rows(val1.clone()),
            vec![CellRange::parse("C2:C4").unwrap()]
        );
        let val2 = &q.validated.iter().find(|(n, _)| n == "val2").unwrap().1;
        assert_eq!(val2, &vec![CellRange::parse("D2:D3").unwrap()]);
        assert!(
            (f.col_styles["co2"] - 45.2).abs() < 0.1,
            "{:?}",
            f.col_styles
        );
    }

    #[test]
    fn cells_with_line_breaks_and_tabs_keep_them() {
        let facts = scan_str(
            r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>
<table:table table:name="Q"><table:table-row>
<table:table-cell office:value-type="string"><office:annotation><text:p>a note</text:p></office:annotation><text:p>Is MFA enforced<text:line-break/>for all <text:span>remote</text:span> access?</text:p><text:p>R&amp;D<text:tab/>too</text:p></table:table-cell>
<table:table-cell office:value-type="string"><text:p>Plain  <text:s text:c="2"/>text</text:p></table:table-cell>
</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#,
        );
        assert_eq!(
            facts.tables[0].broken,
            [(
                CellRef::new(0, 0),
                "Is MFA enforced\nfor all remote access?\nR&D\ttoo".to_string()
            )]
        );
    }

    #[test]
    fn named_ranges_are_read() {
        let f = scan_str(
            r#"<office:document-content xmlns:office="o" xmlns:table="t"><office:body><office:spreadsheet>
<table:named-expressions><table:named-range table:name="Levels" table:base-cell-address="$Q.$A$1" table:cell-range-address="$Lists.$B$2:.$B$5"/></table:named-expressions>
</office:spreadsheet></office:body></office:document-content>"#,
        );
        assert_eq!(f.names["Levels"], "$Lists.$B$2:.$B$5");
    }

    #[test]
    fn list_conditions_resolve_to_values() {
        let mut lists = Sheet::new("Lists");
        lists.rows = ["Implemented", "Planned", "Not applicable", "YES ", "  "]
            .iter()
            .map(|t| vec![Value::Text(t.to_string())])
            .collect();
        let sheets = vec![Sheet::new("Q"), lists];
        let none = HashMap::new();
        let named: HashMap<String, String> =
            [("Levels".to_string(), "$Lists.$A$2:.$A$3".to_string())].into();
        assert_eq!(
            list_values("of:cell-content-is-in-list(Levels)", &named, &sheets, "Q").unwrap(),
            ["Planned", "Not applicable"]
        );
        let inline = r#"of:cell-content-is-in-list("Yes";"No";"Say ""no""")"#;
        assert_eq!(
            list_values(inline, &none, &sheets, "Q").unwrap(),
            ["Yes", "No", "Say \"no\""]
        );
        let range = "of:cell-content-is-in-list([$Lists.$A$1:.$A$3])";
        assert_eq!(
            list_values(range, &none, &sheets, "Q").unwrap(),
            ["Implemented", "Planned", "Not applicable"]
        );
        let old = "cell-content-is-in-list($'Lists'.$A$1:$A$2)";
        assert_eq!(
            list_values(old, &none, &sheets, "Q").unwrap(),
            ["Implemented", "Planned"]
        );
        let spaced = "of:cell-content-is-in-list([$Lists.$A$4:.$A$5])";
        assert_eq!(
            list_values(spaced, &none, &sheets, "Q").unwrap(),
            ["YES "],
            "kept as written, blanks dropped"
        );
        assert!(list_values("of:cell-content-is-whole-number()", &none, &sheets, "Q").is_none());
        assert!(
            list_values(
                "of:cell-content-is-in-list([$Nowhere.A1:.A3])",
                &none,
                &sheets,
                "Q"
            )
            .is_none()
        );
    }

    #[test]
    fn lengths_become_character_widths() {
        // LibreOffice's default column; it writes the same width (11.52) to xlsx.
        assert!((chars_wide("0.889in").unwrap() - 11.5).abs() < 0.1);
        assert!(chars_wide("12furlongs").is_none());
        assert!(chars_wide("").is_none());
    }
}
