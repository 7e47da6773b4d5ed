//! List data validations (dropdowns): where they apply (`sqref`) and what their
//! source (`formula1`) says: an inline list (`"Yes,No,NA"`), a range on this or
//! another (often hidden) sheet, or a defined name that leads to one. Sources
//! are resolved to the exact cached values a person would see in the dropdown;
//! anything qfill cannot resolve (`INDIRECT`, external books, broken names) is
//! left out rather than guessed.

use super::package::WorkbookInfo;
use super::tables::Table;
use crate::cellref::{CellRange, CellRef, column_index};
use crate::workbook::{Dropdown, Sheet};

/// A list validation as a sheet part states it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawList {
    pub sqref: String,
    pub formula1: String,
}

/// Where a list's values come from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ListSource {
    Inline(Vec<String>),
    /// Areas, each on a named sheet or (`None`) on the sheet that holds the validation.
    Ranges(Vec<(Option<String>, CellRange)>),
    Name(String),
    /// `OFFSET(anchor, 0, 0, COUNTA(…), 1)`: the filled cells from the
    /// anchor down, to the end of the counted area.
    Below(Option<String>, CellRange),
    /// A table column: `tblResponses[Response]`.
    TableColumn(String, String),
}

const LAST_ROW: u32 = 1_048_575;
const LAST_COL: u32 = 16_383;
/// How many names one list may go through before qfill gives up (cycles).
const NAME_DEPTH: usize = 8;

/// Parses a space-separated `sqref` (`C5 C7:C9 D:D 3:4`); unreadable areas are skipped.
pub(crate) fn parse_sqref(text: &str) -> Vec<CellRange> {
    text.split_whitespace().filter_map(parse_area).collect()
}

/// One area: `C5`, `$C$5:$D$9`, `C:C` (whole columns) or `3:4` (whole rows).
pub(crate) fn parse_area(text: &str) -> Option<CellRange> {
    let text = text.replace('$', "");
    let Some((a, b)) = text.split_once(':') else {
        return CellRef::parse(&text).map(|c| CellRange { first: c, last: c });
    };
    if let (Some(a), Some(b)) = (CellRef::parse(a), CellRef::parse(b)) {
        return Some(CellRange {
            first: CellRef::new(a.row.min(b.row), a.col.min(b.col)),
            last: CellRef::new(a.row.max(b.row), a.col.max(b.col)),
        });
    }
    if let (Some(a), Some(b)) = (column_index(a), column_index(b)) {
        return Some(CellRange {
            first: CellRef::new(0, a.min(b)),
            last: CellRef::new(LAST_ROW, a.max(b)),
        });
    }
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    (a >= 1 && b >= 1).then(|| CellRange {
        first: CellRef::new(a.min(b) - 1, 0),
        last: CellRef::new(a.max(b) - 1, LAST_COL),
    })
}

/// Parses a list source: `"Yes,No"`, `{"a","b"}`, `'Sheet x'!$A$1:$A$3`, `$J$3:$J$5`, `YesNo`.
pub(crate) fn parse_formula1(text: &str) -> Option<ListSource> {
    let text = text.trim();
    let text = text.strip_prefix('=').unwrap_or(text).trim();
    if let Some(args) = call(text, "INDIRECT") {
        // INDIRECT("Lists!$A$1:$A$3"): a reference spelled as text.
        let (literal, rest) = string_literal(args.trim())?;
        return rest.trim().is_empty().then(|| parse_formula1(&literal))?;
    }
    if let Some(args) = call(text, "OFFSET") {
        return dynamic_range(&args);
    }
    if text.starts_with('"') {
        let (literal, rest) = string_literal(text)?;
        return rest
            .trim()
            .is_empty()
            .then(|| ListSource::Inline(split_list(&literal)));
    }
    if let Some(inner) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
        return array_constant(inner).map(ListSource::Inline);
    }
    let areas: Option<Vec<_>> = split_outside_quotes(text, ',')
        .iter()
        .map(|a| reference(a.trim()))
        .collect();
    match areas {
        Some(areas) if !areas.is_empty() => Some(ListSource::Ranges(areas)),
        _ => {
            table_column(text).or_else(|| is_name(text).then(|| ListSource::Name(text.to_string())))
        }
    }
}

/// A structured reference to one table column: `tbl[Response]`,
/// `tbl[[Response]]` or `tbl[[#Data],[Response]]`.
fn table_column(text: &str) -> Option<ListSource> {
    let (table, rest) = text.split_once('[')?;
    let inner = rest.strip_suffix(']')?;
    let column = match inner.strip_prefix("[#Data],") {
        Some(c) => c,
        None => inner,
    };
    let column = column
        .strip_prefix('[')
        .and_then(|c| c.strip_suffix(']'))
        .unwrap_or(column);
    let plain = |t: &str| !t.is_empty() && !t.contains(['[', ']', ',', '#']);
    (is_name(table) && plain(column))
        .then(|| ListSource::TableColumn(table.to_string(), column.to_string()))
}

/// The arguments of `text` when it is one call of `function` (any case).
fn call(text: &str, function: &str) -> Option<String> {
    let head = text.get(..function.len() + 1)?;
    if !head.eq_ignore_ascii_case(&format!("{function}(")) {
        return None;
    }
    text[function.len() + 1..]
        .strip_suffix(')')
        .map(str::to_string)
}

/// The common dynamic list, `OFFSET(anchor, 0, 0, COUNTA(area)[-n], 1)`:
/// the anchor's column from the anchor down to the end of the counted area
/// (blank cells are skipped when the values are read).
fn dynamic_range(args: &str) -> Option<ListSource> {
    let args = split_outside_quotes(args, ',');
    let [anchor, rows, cols, height, rest @ ..] = args.as_slice() else {
        return None;
    };
    if rows.trim() != "0" || cols.trim() != "0" || rest.iter().any(|w| w.trim() != "1") {
        return None;
    }
    let (sheet, anchor) = reference(anchor.trim())?;
    let height = height.trim();
    let counted = height
        .get(..7)
        .filter(|h| h.eq_ignore_ascii_case("COUNTA("))
        .and_then(|_| height.get(7..))?;
    let counted = counted.split(')').next()?;
    let (_, area) = reference(counted.trim())?;
    let last = CellRef::new(area.last.row.max(anchor.first.row), anchor.first.col);
    Some(ListSource::Below(
        sheet,
        CellRange {
            first: anchor.first,
            last,
        },
    ))
}

/// A `"…"` literal at the start of `text` (doubled quotes inside) and what follows it.
fn string_literal(text: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if c == '"' {
            if chars.peek().is_some_and(|&(_, n)| n == '"') {
                chars.next();
                out.push('"');
            } else {
                return Some((out, &text[i + 1..]));
            }
        } else {
            out.push(c);
        }
    }
    None
}

fn split_list(list: &str) -> Vec<String> {
    list.split(',')
        .filter(|v| !v.trim().is_empty())
        .map(str::to_string)
        .collect()
}

fn array_constant(inner: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for item in split_outside_quotes(inner, ',')
        .iter()
        .flat_map(|row| split_outside_quotes(row, ';'))
    {
        let item = item.trim();
        let value = if item.starts_with('"') {
            let (v, rest) = string_literal(item)?;
            rest.trim().is_empty().then_some(v)?
        } else {
            item.to_string()
        };
        if !value.trim().is_empty() {
            out.push(value);
        }
    }
    Some(out)
}

/// Splits on `sep` where it is not inside `'…'` or `"…"`.
fn split_outside_quotes(text: &str, sep: char) -> Vec<String> {
    let (mut parts, mut cur, mut quote) = (Vec::new(), String::new(), None);
    for c in text.chars() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, _) if c == sep => {
                parts.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    parts.push(cur);
    parts
}

/// `[sheet!]area`, with the sheet quoted (`'It''s'`) or a plain name; `None` otherwise.
fn reference(text: &str) -> Option<(Option<String>, CellRange)> {
    let Some((sheet, area)) = text.rsplit_once('!') else {
        return parse_area(text).map(|r| (None, r));
    };
    let sheet = if let Some(q) = sheet.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        q.replace("''", "'")
    } else if sheet
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
    {
        sheet.to_string()
    } else {
        return None;
    };
    if sheet.is_empty() || sheet.contains(['[', ']', ':']) {
        return None;
    }
    parse_area(area).map(|r| (Some(sheet), r))
}

fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '\\')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '\\'))
        && CellRef::parse(text).is_none()
}

/// Turns list sources into values, using the cached cells of all sheets and the workbook's names.
pub(crate) struct Resolver<'a> {
    pub sheets: &'a [Sheet],
    pub book: &'a WorkbookInfo,
    pub tables: &'a [Table],
}

impl Resolver<'_> {
    /// The dropdowns of the sheet `here` from its raw list validations
    /// (empty lists dropped), and the areas of lists qfill cannot read.
    pub fn dropdowns(&self, here: &str, raw: &[RawList]) -> (Vec<Dropdown>, Vec<CellRange>) {
        let (mut found, mut unread) = (Vec::new(), Vec::new());
        for r in raw {
            let ranges = parse_sqref(&r.sqref);
            match parse_formula1(&r.formula1).and_then(|source| self.values(&source, here, 0)) {
                Some(values) if !values.is_empty() && !ranges.is_empty() => {
                    found.push(Dropdown { ranges, values });
                }
                Some(_) => {}
                None => unread.extend(ranges),
            }
        }
        (found, unread)
    }

    /// The values of a list source seen from the sheet `here`.
    pub fn values(&self, source: &ListSource, here: &str, depth: usize) -> Option<Vec<String>> {
        match source {
            ListSource::Inline(values) => Some(values.clone()),
            ListSource::Ranges(areas) => {
                let mut out = Vec::new();
                for (sheet, range) in areas {
                    out.extend(self.range_values(sheet.as_deref().unwrap_or(here), range)?);
                }
                Some(out)
            }
            ListSource::Name(name) if depth < NAME_DEPTH => {
                let formula = self.name_formula(name, here)?;
                self.values(&parse_formula1(formula)?, here, depth + 1)
            }
            ListSource::Name(_) => None,
            ListSource::Below(sheet, range) => {
                self.range_values(sheet.as_deref().unwrap_or(here), range)
            }
            ListSource::TableColumn(table, column) => {
                let table = self
                    .tables
                    .iter()
                    .find(|t| t.names.iter().any(|n| n.eq_ignore_ascii_case(table)))?;
                self.range_values(&table.sheet, &table.column(column)?)
            }
        }
    }

    /// A name's formula: the one local to `here` first, then the workbook-wide one.
    fn name_formula(&self, name: &str, here: &str) -> Option<&str> {
        let is_here = |i: usize| self.book.sheets.get(i).is_some_and(|s| s.name == here);
        let matching = || {
            self.book
                .names
                .iter()
                .filter(|n| n.name.eq_ignore_ascii_case(name))
        };
        matching()
            .find(|n| n.local_sheet.is_some_and(is_here))
            .or_else(|| matching().find(|n| n.local_sheet.is_none()))
            .map(|n| n.formula.as_str())
    }

    fn range_values(&self, sheet: &str, range: &CellRange) -> Option<Vec<String>> {
        let sheet = self.sheets.iter().find(|s| s.name == sheet).or_else(|| {
            self.sheets
                .iter()
                .find(|s| s.name.eq_ignore_ascii_case(sheet))
        })?;
        let last_row = (range.last.row as usize).min(sheet.rows.len().saturating_sub(1));
        let mut out = Vec::new();
        for r in range.first.row as usize..=last_row {
            let Some(row) = sheet.rows.get(r) else { break };
            let last_col = (range.last.col as usize).min(row.len().saturating_sub(1));
            for value in row.iter().take(last_col + 1).skip(range.first.col as usize) {
                if !value.is_blank() {
                    out.push(value.text());
                }
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::Value;

    fn range(s: &str) -> CellRange {
        CellRange::parse(s).unwrap()
    }

    #[test]
    fn sqref_areas() {
        assert_eq!(
            parse_sqref("C5 C7:C9  $D$2:$E$3"),
            vec![range("C5"), range("C7:C9"), range("D2:E3")]
        );
        let col = parse_area("C:C").unwrap();
        assert_eq!(
            (col.first, col.last),
            (CellRef::new(0, 2), CellRef::new(LAST_ROW, 2))
        );
        let rows = parse_area("3:4").unwrap();
        assert_eq!(
            (rows.first, rows.last),
            (CellRef::new(2, 0), CellRef::new(3, LAST_COL))
        );
        assert_eq!(parse_sqref("A1:XFD1048576").len(), 1);
        assert!(parse_sqref("junk 0:0 A0 C 7").is_empty());
    }

    #[test]
    fn formula1_sources() {
        let inline = |v: &[&str]| {
            Some(ListSource::Inline(
                v.iter().map(|s| s.to_string()).collect(),
            ))
        };
        let area = |sheet: Option<&str>, r: &str| (sheet.map(str::to_string), range(r));
        for (text, want) in [
            (r#""Yes,No,NA""#, inline(&["Yes", "No", "NA"])),
            (
                r#""1) Yes,2) No, N/A""#,
                inline(&["1) Yes", "2) No", " N/A"]),
            ),
            (r#""Say ""hi"",,Bye""#, inline(&["Say \"hi\"", "Bye"])),
            (r#"="A,B""#, inline(&["A", "B"])),
            (r#""unterminated"#, None),
            (r#""a" & "b""#, None),
            (r#"{"Yes","No";"N/A"}"#, inline(&["Yes", "No", "N/A"])),
            (
                "$J$3:$J$5",
                Some(ListSource::Ranges(vec![area(None, "J3:J5")])),
            ),
            (
                "'Answer Lists'!$J$3:$J$5",
                Some(ListSource::Ranges(vec![area(
                    Some("Answer Lists"),
                    "J3:J5",
                )])),
            ),
            (
                "'It''s'!A1,Values!$A$4:$A$5",
                Some(ListSource::Ranges(vec![
                    area(Some("It's"), "A1"),
                    area(Some("Values"), "A4:A5"),
                ])),
            ),
            ("=YesNo", Some(ListSource::Name("YesNo".into()))),
            (
                "INDIRECT(\"tbl[Response]\")",
                Some(ListSource::TableColumn("tbl".into(), "Response".into())),
            ),
            (
                "INDIRECT(\"tbl[[#Data],[Yes or no]]\")",
                Some(ListSource::TableColumn("tbl".into(), "Yes or no".into())),
            ),
            ("INDIRECT(\"tbl[[#All],[A]]\")", None),
            ("AnsA", Some(ListSource::Name("AnsA".into()))),
            ("dr", Some(ListSource::Name("dr".into()))),
            ("V+Values!$A$15:$A$19", None),
            ("#REF!", None),
            // A reference spelled as text is read; one computed from a cell is not.
            ("INDIRECT(\"x\")", Some(ListSource::Name("x".into()))),
            (
                "INDIRECT(\"Lists!$A$1:$A$3\")",
                Some(ListSource::Ranges(vec![area(Some("Lists"), "A1:A3")])),
            ),
            ("INDIRECT(B4)", None),
            ("INDIRECT(\"x\"&B4)", None),
            // The dynamic list idiom: the anchor down to the counted area's end.
            (
                "OFFSET(Lists!$A$2,0,0,COUNTA(Lists!$A:$A)-1,1)",
                Some(ListSource::Below(
                    Some("Lists".into()),
                    range("A2:A1048576"),
                )),
            ),
            (
                "offset($C$1, 0, 0, counta($C$1:$C$9))",
                Some(ListSource::Below(None, range("C1:C9"))),
            ),
            ("OFFSET(Lists!$A$2,1,0,COUNTA(Lists!$A:$A),1)", None),
            ("OFFSET(Lists!$A$2,0,0,5,1)", None),
            ("[1]Sheet1!$A$1:$A$3", None),
            ("", None),
        ] {
            assert_eq!(parse_formula1(text), want, "{text}");
        }
    }

    fn sheet(name: &str, column_a: &[&str]) -> Sheet {
        let mut s = Sheet::new(name);
        s.rows = column_a
            .iter()
            .map(|v| {
                vec![if v.is_empty() {
                    Value::Empty
                } else {
                    Value::Text(v.to_string())
                }]
            })
            .collect();
        s
    }

    #[test]
    fn resolves_ranges_and_names() {
        use super::super::package::{DefinedName, SheetEntry, WorkbookInfo};
        let entry = |name: &str| SheetEntry {
            name: name.into(),
            sheet_id: 1,
            rel_id: String::new(),
            part: None,
            is_worksheet: true,
        };
        let name = |n: &str, local_sheet, f: &str| DefinedName {
            name: n.into(),
            local_sheet,
            formula: f.into(),
        };
        let book = WorkbookInfo {
            part: "xl/workbook.xml".into(),
            sheets: vec![entry("Q"), entry("Values")],
            names: vec![
                name("yes", None, "Values!$A$1:$A$3"),
                name("yes", Some(1), "Values!$A$4"),
                name("alias", None, "Yes"),
                name("loop", None, "loop"),
                name("network", None, "V+Values!$A$15:$A$19"),
            ],
            rels: Vec::new(),
        };
        let sheets = vec![
            sheet("Q", &["x"]),
            sheet("Values", &["Yes", "", "No", "Other"]),
        ];
        let tables = [Table {
            names: vec!["Table1".into(), "tblAnswers".into()],
            sheet: "Values".into(),
            area: range("A2:A4"),
            header_rows: 1,
            totals_rows: 0,
            columns: vec!["Answer".into()],
        }];
        let r = Resolver {
            sheets: &sheets,
            book: &book,
            tables: &tables,
        };
        let raw = |sqref: &str, f: &str| RawList {
            sqref: sqref.into(),
            formula1: f.into(),
        };
        let got = r.dropdowns(
            "Q",
            &[
                raw("C1:C3", "YES"),
                raw("D1", "alias"),
                raw("E1", "loop"),
                raw("F1", "network"),
                raw("G1", "Values!$A$1:$A$9"),
                raw("H1", "$A$1"),
                raw("I1", "Missing!$A$1"),
                raw("J1:J2", "OFFSET(Values!$A$1,0,0,COUNTA(Values!$A:$A),1)"),
                raw("K1", "INDIRECT(\"Values!A3\")"),
                raw("L1", "INDIRECT(\"tblAnswers[Answer]\")"),
                raw("M1", "INDIRECT(\"tblAnswers[Score]\")"),
            ],
        );
        let values: Vec<_> = got.0.iter().map(|d| d.values.join("|")).collect();
        assert_eq!(
            values,
            [
                "Yes|No",
                "Yes|No",
                "Yes|No|Other",
                "x",
                "Yes|No|Other",
                "No",
                "No|Other"
            ]
        );
        assert_eq!(got.0[0].ranges, vec![range("C1:C3")]);
        // Lists that lead nowhere are known as lists qfill cannot read.
        assert_eq!(
            got.1,
            vec![range("E1"), range("F1"), range("I1"), range("M1")]
        );
        assert_eq!(
            r.values(&ListSource::Name("yes".into()), "Values", 0)
                .unwrap(),
            ["Other"]
        );
    }
}
