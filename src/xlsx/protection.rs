//! Sheet protection: which cells a person may still type into when a sheet is
//! protected. A cell is locked unless its cell format (`cellXfs` entry in
//! `xl/styles.xml`) says `<protection locked="0"/>`; a cell absent from the
//! sheet XML takes its row's format (when the row has a custom one), else its
//! column's, else format 0. Absent cells are only considered inside the sheet's
//! used range plus one row and column, so a column format over all 1,048,576
//! rows does not become a million-cell set.

use super::xml::{attr, attr_u32, local};
use crate::cellref::CellRef;
use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::{HashMap, HashSet};

/// The most absent cells qfill will consider when filling in row and column formats.
const MAX_FALLBACK_CELLS: u64 = 1_000_000;
const LAST_ROW: u32 = 1_048_575;
const LAST_COL: u32 = 16_383;

/// For each `cellXfs` index, whether that format leaves a cell unlocked.
///
/// # Errors
/// Malformed XML.
pub(crate) fn unlocked_formats(styles: &[u8]) -> Result<Vec<bool>, quick_xml::Error> {
    let mut reader = Reader::from_reader(styles);
    let (mut in_cell_xfs, mut out) = (false, Vec::new());
    loop {
        match reader.read_event()? {
            Event::Start(e) if local(&e) == "cellXfs" => in_cell_xfs = true,
            Event::End(e) if e.local_name().as_ref() == b"cellXfs" => in_cell_xfs = false,
            Event::Start(e) | Event::Empty(e) if in_cell_xfs && local(&e) == "xf" => {
                out.push(false)
            }
            Event::Start(e) | Event::Empty(e) if in_cell_xfs && local(&e) == "protection" => {
                let unlocked =
                    attr(&e, "locked").is_some_and(|v| matches!(v.trim(), "0" | "false"));
                if let Some(last) = out.last_mut() {
                    *last = unlocked;
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Collects what protection needs while a sheet part streams past.
#[derive(Debug, Default)]
pub(crate) struct LockMap {
    unlocked_formats: Vec<bool>,
    pub protected: bool,
    /// Cells present in the XML whose own format is unlocked.
    explicit: HashSet<CellRef>,
    /// Cells present in the XML, recorded only in rows where a fallback could unlock.
    present: HashSet<CellRef>,
    /// Rows with a custom format, and that format.
    row_formats: HashMap<u32, u32>,
    /// Column formats: zero-based first and last column, format index.
    col_formats: Vec<(u32, u32, u32)>,
    max_row: Option<u32>,
    max_col: Option<u32>,
}

impl LockMap {
    pub(crate) fn new(unlocked_formats: Vec<bool>) -> LockMap {
        LockMap {
            unlocked_formats,
            ..LockMap::default()
        }
    }

    fn is_unlocked(&self, format: u32) -> bool {
        self.unlocked_formats
            .get(format as usize)
            .copied()
            .unwrap_or(false)
    }

    /// A `<col min max style>` (one-based columns as in the XML).
    pub(crate) fn column(&mut self, min_1based: u32, max_1based: u32, format: u32) {
        if min_1based >= 1 && max_1based >= min_1based {
            self.col_formats
                .push((min_1based - 1, (max_1based - 1).min(LAST_COL), format));
        }
    }

    /// A `<row>` with a custom format.
    pub(crate) fn row_format(&mut self, row: u32, format: u32) {
        self.row_formats.insert(row, format);
    }

    /// A `<c>` and its format (`s`, 0 when absent).
    pub(crate) fn cell(&mut self, cell: CellRef, format: u32) {
        self.max_row = self.max_row.max(Some(cell.row));
        self.max_col = self.max_col.max(Some(cell.col));
        if self.is_unlocked(format) {
            self.explicit.insert(cell);
        }
        if self.row_may_unlock(cell.row) {
            self.present.insert(cell);
        }
    }

    /// The last column holding a cell, if any.
    pub(crate) fn last_col(&self) -> Option<u32> {
        self.max_col
    }

    fn row_may_unlock(&self, row: u32) -> bool {
        match self.row_formats.get(&row) {
            Some(&f) => self.is_unlocked(f),
            None => {
                self.is_unlocked(0)
                    || self
                        .col_formats
                        .iter()
                        .any(|&(_, _, f)| self.is_unlocked(f))
            }
        }
    }

    /// The format an absent cell shows.
    fn fallback_unlocked(&self, cell: CellRef) -> bool {
        if let Some(&f) = self.row_formats.get(&cell.row) {
            return self.is_unlocked(f);
        }
        let col = self
            .col_formats
            .iter()
            .rev()
            .find(|&&(a, b, _)| (a..=b).contains(&cell.col));
        self.is_unlocked(col.map_or(0, |&(_, _, f)| f))
    }

    /// The last row and column where absent cells are considered: the used range
    /// plus one, shrunk (columns first) to at most [`MAX_FALLBACK_CELLS`] cells.
    fn fallback_bounds(&self) -> (u32, u32) {
        let rows = u64::from(self.max_row.map_or(0, |r| r + 1).min(LAST_ROW)) + 1;
        let cols = u64::from(self.max_col.map_or(0, |c| c + 1).min(LAST_COL)) + 1;
        let cols = cols.min((MAX_FALLBACK_CELLS / rows).max(1));
        let rows = rows.min(MAX_FALLBACK_CELLS / cols);
        ((rows - 1) as u32, (cols - 1) as u32)
    }

    /// The editable cells when the sheet is protected; `None` when it is not.
    pub(crate) fn finish(self) -> Option<HashSet<CellRef>> {
        if !self.protected {
            return None;
        }
        let (row_end, col_end) = self.fallback_bounds();
        let mut out = self.explicit.clone();
        for row in 0..=row_end {
            if !self.row_may_unlock(row) {
                continue;
            }
            for col in 0..=col_end {
                let cell = CellRef::new(row, col);
                if !self.present.contains(&cell) && self.fallback_unlocked(cell) {
                    out.insert(cell);
                }
            }
        }
        Some(out)
    }
}

/// Reads the `<col>` attributes protection and layout care about: (min, max, style).
pub(crate) fn col_format(e: &quick_xml::events::BytesStart) -> Option<(u32, u32, u32)> {
    Some((
        attr_u32(e, "min")?,
        attr_u32(e, "max")?,
        attr_u32(e, "style")?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &[u8] = br#"<styleSheet><cellStyleXfs count="1"><xf numFmtId="0"><protection locked="0"/></xf></cellStyleXfs>
        <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="0" applyProtection="1"><protection locked="0"/></xf>
        <xf numFmtId="0"><alignment wrapText="1"/><protection locked="1" hidden="1"/></xf>
        <xf><protection locked="false"/></xf></cellXfs></styleSheet>"#;

    #[test]
    fn reads_locked_flags_of_cell_formats_only() {
        assert_eq!(
            unlocked_formats(STYLES).unwrap(),
            [false, true, false, true]
        );
        assert!(unlocked_formats(b"<styleSheet><cellXfs></styleSheet>").is_err());
    }

    #[test]
    fn unprotected_sheets_have_no_set() {
        let mut map = LockMap::new(vec![false, true]);
        map.cell(CellRef::new(0, 0), 1);
        assert_eq!(map.finish(), None);
    }

    #[test]
    fn explicit_row_and_column_formats() {
        let mut map = LockMap::new(vec![false, true]);
        map.protected = true;
        map.column(3, 3, 1); // C unlocked
        map.cell(CellRef::new(0, 2), 0); // C1 present and locked
        map.cell(CellRef::new(1, 0), 1); // A2 unlocked
        map.row_format(2, 0); // row 3 custom locked format
        map.cell(CellRef::new(3, 3), 0); // D4 sets the used range
        let set = map.finish().unwrap();
        let mut got: Vec<String> = set.iter().map(|c| c.to_string()).collect();
        got.sort();
        // C2, C4, C5 come from the column format; C3's row says locked; C1 is locked itself.
        assert_eq!(got, ["A2", "C2", "C4", "C5"]);
    }

    #[test]
    fn huge_used_ranges_stay_bounded() {
        let mut map = LockMap::new(vec![true]);
        map.protected = true;
        map.cell(CellRef::new(1_048_575, 16_383), 1);
        let set = map.finish().unwrap();
        assert!(set.len() as u64 <= MAX_FALLBACK_CELLS);
    }
}
