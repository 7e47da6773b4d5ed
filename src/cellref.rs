//! Cell addresses as Excel shows them (`C7`): zero-based inside, one-based and
//! lettered at every boundary a person sees (reports, messages, overrides).

use std::fmt;

/// A cell position, zero-based internally; prints as `C7`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellRef {
    /// Zero-based row index.
    pub row: u32,
    /// Zero-based column index.
    pub col: u32,
}

impl CellRef {
    /// A cell from zero-based row and column.
    pub fn new(row: u32, col: u32) -> Self {
        CellRef { row, col }
    }

    /// The row number as Excel shows it.
    pub fn row_1based(&self) -> u32 {
        self.row + 1
    }

    /// Parses `C7` or `$C$7` (case-insensitive).
    pub fn parse(text: &str) -> Option<CellRef> {
        let text = text.trim();
        let owned;
        let text = if text.contains('$') {
            owned = text.replace('$', "");
            owned.as_str()
        } else {
            text
        };
        let split = text.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = text.split_at(split);
        let col = column_index(letters)?;
        let row: u32 = digits.parse().ok()?;
        (row >= 1).then(|| CellRef::new(row - 1, col))
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", column_letters(self.col), self.row + 1)
    }
}

/// Column letters for a zero-based index: 0 → `A`, 26 → `AA`.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// Zero-based index of column letters (`A` → 0); `None` for anything else.
pub fn column_index(letters: &str) -> Option<u32> {
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut n: u32 = 0;
    for c in letters.chars() {
        let c = c.to_ascii_uppercase();
        if !c.is_ascii_uppercase() {
            return None;
        }
        n = n * 26 + (c as u32 - 'A' as u32 + 1);
    }
    (n <= 16_384).then(|| n - 1)
}

/// A rectangular range of cells, inclusive at both ends (`C7:E9`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CellRange {
    pub first: CellRef,
    pub last: CellRef,
}

impl CellRange {
    /// Parses `C7:E9`, `C7` or whole columns/rows are not supported (`None`).
    pub fn parse(text: &str) -> Option<CellRange> {
        match text.split_once(':') {
            Some((a, b)) => {
                let (a, b) = (CellRef::parse(a)?, CellRef::parse(b)?);
                Some(CellRange {
                    first: CellRef::new(a.row.min(b.row), a.col.min(b.col)),
                    last: CellRef::new(a.row.max(b.row), a.col.max(b.col)),
                })
            }
            None => CellRef::parse(text).map(|c| CellRange { first: c, last: c }),
        }
    }

    /// Whether the range holds the cell.
    pub fn contains(&self, cell: CellRef) -> bool {
        (self.first.row..=self.last.row).contains(&cell.row)
            && (self.first.col..=self.last.col).contains(&cell.col)
    }
}

impl fmt::Display for CellRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}:{}", self.first, self.last)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_round_trip() {
        for (i, s) in [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (51, "AZ"),
            (52, "BA"),
            (701, "ZZ"),
            (702, "AAA"),
            (16_383, "XFD"),
        ] {
            assert_eq!(column_letters(i), s);
            assert_eq!(column_index(s), Some(i));
        }
        assert_eq!(column_index(""), None);
        assert_eq!(column_index("A1"), None);
        assert_eq!(column_index("XFE"), None);
    }

    #[test]
    fn parses_cells_and_ranges() {
        assert_eq!(CellRef::parse("c7"), Some(CellRef::new(6, 2)));
        assert_eq!(
            CellRef::parse("$C$7").map(|c| c.to_string()),
            Some("C7".into())
        );
        assert_eq!(CellRef::parse("C0"), None);
        assert_eq!(CellRef::parse("7"), None);
        let r = CellRange::parse("E9:C7").unwrap();
        assert_eq!(r.to_string(), "C7:E9");
        assert!(r.contains(CellRef::new(7, 3)));
        assert!(!r.contains(CellRef::new(9, 3)));
    }
}
