//! What calamine does not tell us about an xlsx or xlsm sheet, read straight from
//! the package: list dropdowns (plain and x14 extension validations, resolved to
//! their values), the cells a protected sheet leaves editable, hidden rows and
//! columns, and column widths. Sheet parts are streamed, since real
//! questionnaires run to tens of megabytes of XML.

use super::fills::Look;
use super::package::{Package, WorkbookInfo, rel};
use super::protection::{LockMap, col_format, unlocked_formats};
use super::validation::{RawList, Resolver};
use super::xml::{attr, attr_true, attr_u32, local, push_text, truncated};
use crate::cellref::CellRef;
use crate::error::Result;
use crate::workbook::{Accepts, CustomRule, Sheet};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashSet;
use std::io::BufRead;
use std::path::Path;

/// How many columns past the last used one column facts (hidden, width) are kept for.
const COLS_PAST_USED: u32 = 8;
const LAST_COL: u32 = 16_383;

/// Fills `dropdowns`, `unlocked`, `hidden_rows`, `hidden_cols` and `col_widths`
/// of `sheets` (all worksheets of the workbook at `path`, as calamine read them;
/// their cell values resolve lists that point at ranges).
///
/// # Errors
/// A damaged package: a missing or malformed workbook, relationships, styles
/// or sheet part, or a part larger than the size limit.
pub fn read_meta(path: &Path, sheets: &mut [Sheet]) -> Result<()> {
    let mut pkg = Package::open(path)?;
    let book = pkg.workbook()?;
    let (formats, looks) = read_formats(&mut pkg, &book)?;
    let mut lists = Vec::new();
    for (i, sheet) in sheets.iter_mut().enumerate() {
        let Some(part) = book
            .sheet(&sheet.name)
            .filter(|e| e.is_worksheet)
            .and_then(|e| e.part.clone())
        else {
            continue;
        };
        let facts = {
            let reader = pkg.stream(&part)?;
            scan(reader, formats.clone(), &looks)
        }
        .map_err(|e| pkg.malformed(&part, e))?;
        sheet.hidden_rows = facts.hidden_rows;
        sheet.hidden_cols = facts.hidden_cols;
        sheet.col_widths = facts.col_widths;
        sheet.unlocked = facts.unlocked;
        sheet.typed = facts.typed;
        sheet.filled = facts.filled;
        sheet.indented = facts.indented;
        sheet.blacked = facts.blacked;
        lists.push((i, facts.lists));
    }
    let tables = super::tables::read(&mut pkg, &book);
    let resolver = Resolver {
        sheets,
        book: &book,
        tables: &tables,
    };
    let dropdowns: Vec<_> = lists
        .iter()
        .map(|(i, raw)| (*i, resolver.dropdowns(&sheets[*i].name, raw)))
        .collect();
    for (i, (found, unread)) in dropdowns {
        sheets[i].dropdowns = found;
        // Text that is not on the list would break such a cell's rule.
        let unread = unread.into_iter().map(|area| (area, Accepts::Listed));
        sheets[i].typed.extend(unread);
    }
    Ok(())
}

/// Per cell format: whether it leaves the cell unlocked, and its look.
fn read_formats(pkg: &mut Package, book: &WorkbookInfo) -> Result<(Vec<bool>, Vec<Look>)> {
    let Some(part) = book.related(rel::STYLES) else {
        return Ok(Default::default());
    };
    match pkg.read_optional(&part)? {
        Some(bytes) => {
            let unlocked = unlocked_formats(&bytes).map_err(|e| pkg.malformed(&part, e))?;
            let looks = super::fills::cell_looks(&bytes).map_err(|e| pkg.malformed(&part, e))?;
            Ok((unlocked, looks))
        }
        None => Ok(Default::default()),
    }
}

/// What one sheet part says.
#[derive(Debug, Default)]
struct SheetFacts {
    lists: Vec<RawList>,
    typed: Vec<(crate::cellref::CellRange, crate::workbook::Accepts)>,
    unlocked: Option<HashSet<CellRef>>,
    /// Cells whose own format shades them.
    filled: HashSet<CellRef>,
    /// Cells whose own format indents them.
    indented: HashSet<CellRef>,
    /// Cells whose own format fills them black.
    blacked: HashSet<CellRef>,
    hidden_rows: HashSet<u32>,
    hidden_cols: HashSet<u32>,
    col_widths: Vec<(u32, f64)>,
}

/// A `<col>` element: one-based range, width, hidden.
struct ColSpec {
    min: u32,
    max: u32,
    width: Option<f64>,
    hidden: bool,
}

/// The list or text-length validation being read (plain or x14).
#[derive(Default)]
struct OpenList {
    sqref: String,
    formula1: String,
    formula2: String,
    in_formula1: bool,
    in_formula2: bool,
    in_sqref: bool,
    /// For a text-length validation, its operator ("" for the default, between).
    text_length: Option<String>,
    /// For a number validation, its operator.
    number: Option<String>,
}

/// Scanner state across events.
struct Scan<'a> {
    locks: LockMap,
    /// Per cell format: its look.
    looks: &'a [Look],
    cols: Vec<ColSpec>,
    facts: SheetFacts,
    row: u32,
    next_col: u32,
    list: Option<OpenList>,
}

fn scan(
    reader: impl BufRead,
    formats: Vec<bool>,
    looks: &[Look],
) -> Result<SheetFacts, quick_xml::Error> {
    let mut reader = Reader::from_reader(reader);
    let mut state = Scan {
        locks: LockMap::new(formats),
        looks,
        cols: Vec::new(),
        facts: SheetFacts::default(),
        row: 0,
        next_col: 0,
        list: None,
    };
    let (mut buf, mut depth) = (Vec::new(), 0usize);
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf)? {
            Event::Start(e) => {
                depth += 1;
                state.start(&e, false);
            }
            Event::Empty(e) => state.start(&e, true),
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                state.end(e.local_name().as_ref());
            }
            Event::Eof if depth > 0 => return Err(truncated("worksheet")),
            Event::Eof => break,
            event => state.text(&event),
        }
    }
    Ok(state.finish())
}

/// What a number or date validation lets its cells hold (`None` for lists,
/// text lengths, custom formulas and anything else).
fn typed(e: &BytesStart) -> Option<crate::workbook::Accepts> {
    use crate::workbook::Accepts;
    match attr(e, "type").as_deref() {
        Some("date") => Some(Accepts::Date),
        _ => None,
    }
}

impl Scan<'_> {
    fn start(&mut self, e: &BytesStart, empty: bool) {
        match e.local_name().as_ref() {
            b"c" => self.cell(e),
            b"row" => self.row(e),
            b"col" => self.col(e),
            b"sheetProtection" => self.locks.protected = attr_true(e, "sheet"),
            b"dataValidation" if typed(e).is_some() => {
                let accepts = typed(e);
                let areas = super::validation::parse_sqref(&attr(e, "sqref").unwrap_or_default());
                self.facts
                    .typed
                    .extend(areas.into_iter().filter_map(|a| Some((a, accepts?))));
            }
            b"dataValidation" if !empty && attr(e, "type").as_deref() == Some("list") => {
                self.list = Some(OpenList {
                    sqref: attr(e, "sqref").unwrap_or_default(),
                    ..OpenList::default()
                });
            }
            // A number rule's bounds are its formulas, read to the end.
            b"dataValidation"
                if !empty && matches!(attr(e, "type").as_deref(), Some("whole" | "decimal")) =>
            {
                self.list = Some(OpenList {
                    sqref: attr(e, "sqref").unwrap_or_default(),
                    number: Some(attr(e, "operator").unwrap_or_default()),
                    ..OpenList::default()
                });
            }
            b"dataValidation" if !empty && attr(e, "type").as_deref() == Some("textLength") => {
                self.list = Some(OpenList {
                    sqref: attr(e, "sqref").unwrap_or_default(),
                    text_length: Some(attr(e, "operator").unwrap_or_default()),
                    ..OpenList::default()
                });
            }
            // A custom rule may cap the length ("=LEN(D4)<=200").
            b"dataValidation" if !empty && attr(e, "type").as_deref() == Some("custom") => {
                self.list = Some(OpenList {
                    sqref: attr(e, "sqref").unwrap_or_default(),
                    text_length: Some("custom".into()),
                    ..OpenList::default()
                });
            }
            _ => self.open_list_child(e, empty),
        }
    }

    fn open_list_child(&mut self, e: &BytesStart, empty: bool) {
        let Some(list) = self.list.as_mut().filter(|_| !empty) else {
            return;
        };
        match local(e).as_str() {
            "formula1" => list.in_formula1 = true,
            "formula2" => list.in_formula2 = true,
            "sqref" => list.in_sqref = true,
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        let Some(list) = self.list.as_mut() else {
            return;
        };
        match name {
            b"formula1" => list.in_formula1 = false,
            b"formula2" => list.in_formula2 = false,
            b"sqref" => list.in_sqref = false,
            b"dataValidation" => {
                let Some(list) = self.list.take() else {
                    return;
                };
                let mut list = list;
                let number = list
                    .number
                    .as_deref()
                    .map(|op| Some(Accepts::number_rule(op, &list.formula1, &list.formula2)));
                let accepts = number.or(match list.text_length.as_deref() {
                    Some("custom") => match crate::workbook::custom_rule(&list.formula1) {
                        CustomRule::Typed(accepts) => Some(Some(accepts)),
                        // A list in all but name: read as one.
                        CustomRule::Values(values) => {
                            list.formula1 = format!("\"{}\"", values.join(","));
                            None
                        }
                        CustomRule::Range(range) => {
                            list.formula1 = range;
                            None
                        }
                    },
                    Some(operator) => Some(Accepts::text_length(
                        operator,
                        &list.formula1,
                        &list.formula2,
                    )),
                    None => None,
                });
                if let Some(accepts) = accepts {
                    let areas = super::validation::parse_sqref(&list.sqref);
                    self.facts
                        .typed
                        .extend(areas.into_iter().filter_map(|a| Some((a, accepts?))));
                    return;
                }
                if let Some(list) = Some(list).filter(|l| !l.formula1.trim().is_empty()) {
                    self.facts.lists.push(RawList {
                        sqref: list.sqref,
                        formula1: list.formula1,
                    });
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, event: &Event) {
        if let Some(list) = self.list.as_mut() {
            if list.in_formula1 {
                push_text(event, &mut list.formula1);
            } else if list.in_formula2 {
                push_text(event, &mut list.formula2);
            } else if list.in_sqref {
                list.sqref.push(' ');
                push_text(event, &mut list.sqref);
            }
        }
    }

    fn row(&mut self, e: &BytesStart) {
        self.row = attr_u32(e, "r").map_or(self.row.saturating_add(1), |r| r.max(1));
        self.next_col = 0;
        let row = self.row - 1;
        if attr_true(e, "hidden") {
            self.facts.hidden_rows.insert(row);
        }
        if attr_true(e, "customFormat") {
            self.locks.row_format(row, attr_u32(e, "s").unwrap_or(0));
        }
    }

    fn cell(&mut self, e: &BytesStart) {
        let cell = attr(e, "r")
            .and_then(|r| CellRef::parse(&r))
            .unwrap_or(CellRef::new(self.row.saturating_sub(1), self.next_col));
        self.next_col = cell.col.saturating_add(1);
        let format = attr_u32(e, "s").unwrap_or(0);
        let look = self.looks.get(format as usize).copied().unwrap_or_default();
        if look.shaded {
            self.facts.filled.insert(cell);
        }
        if look.indented {
            self.facts.indented.insert(cell);
        }
        if look.dark {
            self.facts.blacked.insert(cell);
        }
        self.locks.cell(cell, format);
    }

    fn col(&mut self, e: &BytesStart) {
        let (Some(min), Some(max)) = (attr_u32(e, "min"), attr_u32(e, "max")) else {
            return;
        };
        if let Some((min, max, style)) = col_format(e) {
            self.locks.column(min, max, style);
        }
        self.cols.push(ColSpec {
            min,
            max,
            width: attr(e, "width").and_then(|w| w.trim().parse().ok()),
            hidden: attr_true(e, "hidden"),
        });
    }

    fn finish(mut self) -> SheetFacts {
        let last = self.locks.last_col().map_or(0, |c| c + COLS_PAST_USED);
        let last = last.clamp(COLS_PAST_USED, LAST_COL);
        for spec in &self.cols {
            let first = spec.min.max(1) - 1;
            for col in first..=(spec.max.max(1) - 1).min(last) {
                if spec.hidden {
                    self.facts.hidden_cols.insert(col);
                }
                if let Some(w) = spec.width {
                    self.facts.col_widths.push((col, w));
                }
            }
        }
        self.facts.col_widths.sort_by_key(|&(c, _)| c);
        self.facts.col_widths.dedup_by_key(|&mut (c, _)| c);
        self.facts.unlocked = self.locks.finish();
        self.facts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(xml: &str, formats: Vec<bool>) -> SheetFacts {
        scan(
            xml.as_bytes(),
            formats,
            &[
                Look::default(),
                Look {
                    shaded: true,
                    ..Look::default()
                },
            ],
        )
        .unwrap()
    }

    #[test]
    fn reads_plain_and_x14_lists() {
        let f = facts(
            r#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>
            <dataValidations count="3">
              <dataValidation type="list" sqref="C3:C9 D4"><formula1>"Yes,No,NA"</formula1></dataValidation>
              <dataValidation sqref="E1" prompt="not a list"/>
              <dataValidation type="whole" sqref="F1"><formula1>1</formula1></dataValidation>
            </dataValidations>
            <extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"><x14:dataValidations count="1">
              <x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>'Answer Lists'!$J$3:$J$4</xm:f></x14:formula1>
              <xm:sqref>C23 C25:C26</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>"#,
            vec![],
        );
        assert_eq!(
            f.lists,
            vec![
                RawList {
                    sqref: "C3:C9 D4".into(),
                    formula1: r#""Yes,No,NA""#.into()
                },
                RawList {
                    sqref: " C23 C25:C26".into(),
                    formula1: "'Answer Lists'!$J$3:$J$4".into()
                },
            ]
        );
        assert_eq!(f.unlocked, None);
    }

    #[test]
    fn reads_text_length_limits() {
        let f = facts(
            r#"<worksheet><sheetData/><dataValidations count="4">
              <dataValidation type="textLength" operator="lessThanOrEqual" sqref="D4:D20"><formula1>255</formula1></dataValidation>
              <dataValidation type="textLength" sqref="E4"><formula1>10</formula1><formula2>500</formula2></dataValidation>
              <dataValidation type="textLength" operator="lessThan" sqref="F4"><formula1>100</formula1></dataValidation>
              <dataValidation type="textLength" operator="greaterThan" sqref="G4"><formula1>5</formula1></dataValidation>
              <dataValidation type="custom" allowBlank="1" sqref="H4:H9"><formula1>LEN(H4)&lt;=200</formula1></dataValidation>
              <dataValidation type="custom" sqref="I4"><formula1>AND(LEN(TRIM(I4)) &lt; 50, I4&lt;&gt;"x")</formula1></dataValidation>
              <dataValidation type="custom" sqref="J4"><formula1>ISNUMBER(J4)</formula1></dataValidation>
              <dataValidation type="custom" sqref="K4"><formula1>AND(ISNUMBER(K4),K4&lt;=100)</formula1></dataValidation>
              <dataValidation type="custom" sqref="L4"><formula1>OR(L4="Yes",$L$4="No")</formula1></dataValidation>
              <dataValidation type="custom" sqref="M4"><formula1>COUNTIF(Lists!$A$1:$A$3,M4)&gt;0</formula1></dataValidation>
            </dataValidations></worksheet>"#,
            vec![false],
        );
        let limits: Vec<(String, Accepts)> =
            f.typed.iter().map(|(r, a)| (r.to_string(), *a)).collect();
        assert_eq!(
            limits,
            [
                ("D4:D20".to_string(), Accepts::Text { max: 255 }),
                ("E4".to_string(), Accepts::Text { max: 500 }),
                ("F4".to_string(), Accepts::Text { max: 99 }),
                ("H4:H9".to_string(), Accepts::Text { max: 200 }),
                ("I4".to_string(), Accepts::Text { max: 49 }),
                ("J4".to_string(), Accepts::Number),
                ("K4".to_string(), Accepts::Ruled),
            ]
        );
        // Custom rules that name their values are lists.
        let lists: Vec<&str> = f.lists.iter().map(|l| l.formula1.as_str()).collect();
        assert_eq!(lists, [r#""Yes,No""#, "Lists!$A$1:$A$3"]);
    }

    #[test]
    fn reads_rows_cols_and_protection() {
        let f = facts(
            r#"<worksheet><cols><col min="2" max="2" width="40.5" customWidth="1"/>
            <col min="3" max="3" width="14" style="1"/><col min="7" max="16384" hidden="1" width="0"/></cols>
            <sheetData><row r="2" hidden="1"><c r="A2"/><c s="1"/></row><row><c r="C3" s="0"/></row></sheetData>
            <sheetProtection sheet="1" objects="1"/></worksheet>"#,
            vec![false, true],
        );
        assert_eq!(f.hidden_rows, HashSet::from([1]));
        // Used columns end at C, so facts stop eight columns later (K).
        assert_eq!(f.hidden_cols.len(), 5);
        assert!(f.hidden_cols.contains(&6) && f.hidden_cols.contains(&10));
        assert_eq!(f.col_widths[..2], [(1, 40.5), (2, 14.0)]);
        let unlocked = f.unlocked.unwrap();
        let mut cells: Vec<String> = unlocked.iter().map(|c| c.to_string()).collect();
        cells.sort();
        // B2 by its own format (implicit column after A2); C1, C2 and C4 by the column's; C3 is locked itself.
        assert_eq!(cells, ["B2", "C1", "C2", "C4"]);
        // Format 1 shades: only a cell that carries it is shaded.
        assert_eq!(f.filled, HashSet::from([CellRef::new(1, 1)]));
    }

    #[test]
    fn no_panic_on_truncated_or_odd_parts() {
        let xml = r#"<worksheet><cols><col min="0" max="4294967295" width="x" hidden="1" style="3"/></cols><sheetData><row r="4294967295" hidden="true" customFormat="1" s="7"><c r="XFD1048576"/></row><row><c/><c/></row></sheetData><sheetProtection sheet="true"/><dataValidations><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a</formula1></dataValidation></dataValidations></worksheet>"#;
        for end in 0..=xml.len() {
            let shaded = Look {
                shaded: true,
                ..Look::default()
            };
            let _ = scan(&xml.as_bytes()[..end], vec![true, false], &[shaded]);
        }
        // Format 0 unlocks everything, but the fallback stays within its cell budget.
        let f = facts(xml, vec![true]);
        assert!(f.unlocked.unwrap().len() <= 1_000_000 + 3);
    }

    #[test]
    fn unprotected_when_sheet_attribute_is_off() {
        let f = facts(
            r#"<worksheet><sheetData/><sheetProtection sheet="0"/></worksheet>"#,
            vec![true],
        );
        assert_eq!(f.unlocked, None);
        assert!(scan(&b"<worksheet><sheetData></worksheet>"[..], vec![], &[]).is_err());
        assert!(scan(&b"<worksheet><sheetData>"[..], vec![], &[]).is_err());
    }
}
