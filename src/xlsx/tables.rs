//! Excel tables (`xl/tables/tableN.xml`): their names, areas and column
//! names, so a dropdown whose list is a table column spelled as text
//! (`INDIRECT("tblResponses[Response]")`, the usual way to point a list at a
//! table) reads its values.

use super::package::{Package, WorkbookInfo, parse_rels, rels_part_for, resolve_target};
use super::validation::parse_area;
use super::xml::{attr, attr_u32, local};
use crate::cellref::CellRange;
use quick_xml::Reader;
use quick_xml::events::Event;

/// One table: where it is and what its columns are called.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    /// `name` and `displayName` (formulas use the latter; they are usually equal).
    pub names: Vec<String>,
    pub sheet: String,
    /// The whole table, header and totals rows included.
    pub area: CellRange,
    pub header_rows: u32,
    pub totals_rows: u32,
    pub columns: Vec<String>,
}

impl Table {
    /// The data cells of the column `name` (any case).
    pub fn column(&self, name: &str) -> Option<CellRange> {
        let i = self
            .columns
            .iter()
            .position(|c| c.trim().eq_ignore_ascii_case(name.trim()))?;
        let col = self.area.first.col + u32::try_from(i).ok()?;
        let first = self.area.first.row + self.header_rows;
        let last = self.area.last.row.checked_sub(self.totals_rows)?;
        (col <= self.area.last.col && first <= last).then(|| CellRange {
            first: crate::cellref::CellRef::new(first, col),
            last: crate::cellref::CellRef::new(last, col),
        })
    }
}

/// The tables of every worksheet. A table part that is missing or cannot
/// be read is skipped: only dropdowns that point at it stay unread.
pub(crate) fn read(pkg: &mut Package, book: &WorkbookInfo) -> Vec<Table> {
    let mut out = Vec::new();
    for sheet in book.sheets.iter().filter(|s| s.is_worksheet) {
        let Some(part) = &sheet.part else { continue };
        let Ok(Some(rels)) = pkg.read_optional(&rels_part_for(part)) else {
            continue;
        };
        let Ok(rels) = parse_rels(&rels) else {
            continue;
        };
        for r in rels.iter().filter(|r| r.is("table") && !r.external) {
            let target = resolve_target(part, &r.target);
            if let Ok(Some(bytes)) = pkg.read_optional(&target)
                && let Some(table) = parse(&bytes, &sheet.name)
            {
                out.push(table);
            }
        }
    }
    out
}

/// Parses one table part.
fn parse(bytes: &[u8], sheet: &str) -> Option<Table> {
    let mut reader = Reader::from_reader(bytes);
    let mut table: Option<Table> = None;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if local(&e) == "table" => {
                table = Some(Table {
                    names: ["name", "displayName"]
                        .iter()
                        .filter_map(|a| attr(&e, a))
                        .collect(),
                    sheet: sheet.to_string(),
                    area: parse_area(&attr(&e, "ref")?)?,
                    header_rows: attr_u32(&e, "headerRowCount").unwrap_or(1),
                    totals_rows: attr_u32(&e, "totalsRowCount").unwrap_or(0),
                    columns: Vec::new(),
                });
            }
            Event::Start(e) | Event::Empty(e) if local(&e) == "tableColumn" => {
                table.as_mut()?.columns.push(attr(&e, "name")?);
            }
            Event::Eof => return table,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_table_and_its_columns_data_cells() {
        let xml = br#"<table xmlns="x" id="1" name="Table1" displayName="tblResponses" ref="B2:C7" totalsRowCount="1">
            <autoFilter ref="B2:C6"/><tableColumns count="2"><tableColumn id="1" name="Response"/>
            <tableColumn id="2" name="Score"/></tableColumns></table>"#;
        let t = parse(xml, "Lists").unwrap();
        assert_eq!(t.names, ["Table1", "tblResponses"]);
        assert_eq!(t.column("response").unwrap().to_string(), "B3:B6");
        assert_eq!(t.column("Score").unwrap().to_string(), "C3:C6");
        assert_eq!(t.column("Weight"), None);
        assert_eq!(parse(b"<table name='x'/>", "S"), None);
        assert_eq!(parse(b"<tab", "S"), None);
    }
}
