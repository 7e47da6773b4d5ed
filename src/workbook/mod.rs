//! The first stage: read a questionnaire file, whatever its format, into plain
//! sheets of cell values plus the facts layout detection needs (visibility,
//! formulas, merged ranges, dropdowns, protection). Nothing here guesses where
//! the questions are; that is `detect`'s job.

mod calamine_read;
mod csv_read;
mod ods_meta;
mod sniff;
mod xls_meta;
mod xls_stream;

pub(crate) use csv_read::records as csv_records;
pub use csv_read::{Dialect, Encoding, guess_delimiter};
pub use sniff::Format;

use crate::cellref::{CellRange, CellRef};
use crate::error::{Error, Result};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A questionnaire file as read.
#[derive(Debug, Clone)]
pub struct Workbook {
    pub path: PathBuf,
    pub format: Format,
    pub sheets: Vec<Sheet>,
}

/// Whether a sheet shows in the tab bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    Visible,
    Hidden,
    VeryHidden,
}

/// One cell's value (the cached value where the cell holds a formula).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// An error value such as `#REF!`.
    Error(String),
    /// A date (with its time of day, if any) as an Excel serial in the 1900
    /// system, from a workbook qfill rebuilds: written back as a date.
    Date(f64),
}

/// A date serial as a person reads it: `2025-05-30`, or `2025-06-15
/// 12:30` with a time of day.
fn date_text(serial: f64) -> String {
    let day = crate::date::Date::from_days_since_epoch(serial.floor() as i64 - 25_569);
    let minutes = ((serial - serial.floor()) * 1440.0).round() as i64;
    if minutes == 0 || minutes >= 1440 {
        day.to_string()
    } else {
        format!("{day} {:02}:{:02}", minutes / 60, minutes % 60)
    }
}

impl Value {
    /// The text a person sees (numbers without a trailing `.0`).
    pub fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) | Value::Error(s) => s.clone(),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            // Excel shows 15 significant digits: a formula's 1.2000000000000002 reads 1.2.
            Value::Number(n) => format!("{n:.14e}").parse::<f64>().unwrap_or(*n).to_string(),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Date(serial) => date_text(*serial),
        }
    }

    /// Whether the cell shows nothing (empty or only whitespace).
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A list of allowed values on a set of cells (a data-validation dropdown).
#[derive(Debug, Clone, PartialEq)]
pub struct Dropdown {
    pub ranges: Vec<CellRange>,
    pub values: Vec<String>,
}

/// What a typed validation lets a cell hold (besides a list dropdown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepts {
    /// A whole or decimal number.
    Number,
    /// A whole or decimal number within bounds (`f64` bits, so the type
    /// stays `Eq`; see [`Accepts::number_within`]).
    NumberIn { lo: u64, hi: u64 },
    /// A date.
    Date,
    /// Text of at most this many characters.
    Text { max: usize },
    /// A value from a dropdown list qfill cannot read (a formula such as
    /// `INDIRECT(A1)`, another workbook).
    Listed,
    /// A value a custom validation formula checks, which qfill does not
    /// evaluate (`=AND(ISNUMBER(C4),C4<=100)`, `=EXACT(C4,UPPER(C4))`).
    Ruled,
}

impl Accepts {
    /// How messages name it.
    pub fn name(self) -> &'static str {
        match self {
            Accepts::Number => "a number",
            Accepts::NumberIn { .. } => "a number within the cell's bounds",
            Accepts::Date => "a date",
            Accepts::Text { .. } => "text of limited length",
            Accepts::Listed => "a value from a dropdown list qfill cannot read",
            Accepts::Ruled => {
                "a value its own validation formula checks, which qfill does not evaluate"
            }
        }
    }

    /// A number rule from its operator and bounds; [`Accepts::Ruled`] when
    /// a bound is not a plain number (a cell reference, a formula).
    pub fn number_rule(operator: &str, formula1: &str, formula2: &str) -> Accepts {
        let n = |f: &str| f.trim().parse::<f64>().ok().filter(|v| v.is_finite());
        let (lo, hi) = match operator {
            "" | "between" => (n(formula1), n(formula2)),
            "greaterThan" | "greaterThanOrEqual" => (n(formula1), Some(f64::INFINITY)),
            "lessThan" | "lessThanOrEqual" => (Some(f64::NEG_INFINITY), n(formula1)),
            "equal" => (n(formula1), n(formula1)),
            // "notBetween" and "notEqual" admit almost anything but qfill
            // does not check them.
            _ => return Accepts::Ruled,
        };
        match (lo, hi) {
            (Some(lo), Some(hi)) if lo == f64::NEG_INFINITY && hi == f64::INFINITY => {
                Accepts::Number
            }
            (Some(lo), Some(hi)) => Accepts::NumberIn {
                lo: lo.to_bits(),
                hi: hi.to_bits(),
            },
            _ => Accepts::Ruled,
        }
    }

    /// Whether a number rule admits `n` (strict operators read as
    /// inclusive: a bound itself is rarely the answer).
    pub fn admits_number(self, n: f64) -> bool {
        match self {
            Accepts::Number => true,
            Accepts::NumberIn { lo, hi } => (f64::from_bits(lo)..=f64::from_bits(hi)).contains(&n),
            _ => false,
        }
    }

    /// The text a cell of a text-length validation takes at most: from the
    /// validation's operator and its two formulas (only plain numbers).
    /// `None` when the rule sets no upper limit qfill can read.
    pub fn text_length(operator: &str, formula1: &str, formula2: &str) -> Option<Accepts> {
        let n = |f: &str| {
            f.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| *v >= 0.0 && v.is_finite())
        };
        let max = match operator {
            "lessThanOrEqual" | "equal" => n(formula1)?,
            "lessThan" => (n(formula1)? - 1.0).max(0.0),
            // "between" is the default operator.
            "" | "between" => n(formula2)?,
            _ => return None,
        };
        Some(Accepts::Text { max: max as usize })
    }
}

/// What a custom validation rule lets a cell hold, as far as qfill reads
/// its formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomRule {
    /// A kind of value (`ISNUMBER(C4)`, `LEN(C4)<=200`), or
    /// [`Accepts::Ruled`] for a formula qfill does not read.
    Typed(Accepts),
    /// One of these values (`OR(C4="Yes",C4="No")`): a list in all but name.
    Values(Vec<String>),
    /// A value found in this range (`COUNTIF(Lists!$A$1:$A$3,C4)>0`).
    Range(String),
}

/// Reads a custom validation formula (without its leading `=`).
pub fn custom_rule(formula: &str) -> CustomRule {
    if let Some(length) = custom_length(formula) {
        return CustomRule::Typed(length);
    }
    let f = formula.trim().trim_start_matches('=').trim();
    let upper = f.to_ascii_uppercase();
    if let Some(inner) = call_args(&upper, "ISNUMBER")
        && is_reference(inner)
    {
        return CustomRule::Typed(Accepts::Number);
    }
    if let Some(values) = equalities(f) {
        return CustomRule::Values(values);
    }
    let compact: String = upper.chars().filter(|c| !c.is_whitespace()).collect();
    for found in [">0", ">=1"] {
        if let Some(call) = compact.strip_suffix(found)
            && let Some(args) = call_args(call, "COUNTIF")
            && let Some((range, cell)) = args.split_once(',')
            && is_reference(cell)
            && range.contains(':')
        {
            // The range as written (sheet names keep their case).
            let start = f.find('(').map_or(0, |i| i + 1);
            let written = f[start..].split(',').next().unwrap_or(range).trim();
            return CustomRule::Range(written.to_string());
        }
    }
    CustomRule::Typed(Accepts::Ruled)
}

/// The arguments of `NAME(…)` when the whole text is that one call.
fn call_args<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.trim()
        .strip_prefix(name)?
        .trim_start()
        .strip_prefix('(')?
        .strip_suffix(')')
        .filter(|inner| !inner.contains(')'))
}

/// A plain cell reference (`C4`, `$C$4`).
fn is_reference(text: &str) -> bool {
    crate::cellref::CellRef::parse(&text.trim().replace('$', "")).is_some()
}

/// The values of `OR(C4="Yes",C4="No")` or `C4="Yes"`, all comparing one
/// cell; `None` for anything else.
fn equalities(formula: &str) -> Option<Vec<String>> {
    let inner = call_args(&formula.to_ascii_uppercase(), "OR").map_or(formula, |_| {
        let open = formula.find('(').unwrap_or(0);
        &formula[open + 1..formula.len() - 1]
    });
    let mut cell: Option<String> = None;
    let mut values = Vec::new();
    for part in inner.split(',') {
        let (left, right) = part.split_once('=')?;
        let left = left.trim().replace('$', "").to_ascii_uppercase();
        let value = right.trim().strip_prefix('"')?.strip_suffix('"')?;
        if !is_reference(&left) || value.contains('"') || value.is_empty() {
            return None;
        }
        if cell.get_or_insert_with(|| left.clone()) != &left {
            return None;
        }
        values.push(value.to_string());
    }
    (!values.is_empty()).then_some(values)
}

/// The limit a custom validation sets on a cell's length, when its formula
/// says `LEN(…)<=N` or `LEN(…)<N` (alone or inside `AND(…)`): Excel
/// refuses longer text as it does under a text-length rule.
fn custom_length(formula: &str) -> Option<Accepts> {
    let f: String = formula
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let start = f.find("LEN(")? + "LEN(".len();
    let mut depth = 1;
    let close = f[start..].char_indices().find_map(|(i, c)| {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        (depth == 0).then_some(start + i)
    })?;
    let rest = &f[close + 1..];
    let (strict, digits) = match rest.strip_prefix("<=") {
        Some(d) => (false, d),
        None => (true, rest.strip_prefix('<')?),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    let n: usize = digits[..end].parse().ok()?;
    Some(Accepts::Text {
        max: if strict { n.saturating_sub(1) } else { n },
    })
}

/// One sheet: a grid of values anchored at A1, and what is known about it.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub visibility: Visibility,
    /// `rows[r][c]` is the cell at zero-based row `r`, column `c`; rows may be ragged.
    pub rows: Vec<Vec<Value>>,
    /// Cells that hold a formula.
    pub formulas: HashSet<CellRef>,
    pub merged: Vec<CellRange>,
    pub dropdowns: Vec<Dropdown>,
    /// Cells a validation restricts to numbers or dates.
    pub typed: Vec<(CellRange, Accepts)>,
    /// `Some` when the sheet is protected: the cells a user may still edit.
    pub unlocked: Option<HashSet<CellRef>>,
    pub hidden_rows: HashSet<u32>,
    pub hidden_cols: HashSet<u32>,
    /// Cells the file shades with a fill (xlsx): where a questionnaire may
    /// mark its answer cells.
    pub filled: HashSet<CellRef>,
    /// Cells the file indents by their format (xlsx, Excel's Increase
    /// Indent): options under a "select all that apply" question.
    pub indented: HashSet<CellRef>,
    /// Cells the file fills black (xlsx): answer cells the sender blacked
    /// out, as over a section's qualifier row.
    pub blacked: HashSet<CellRef>,
    /// Column widths in characters, where the file gives them.
    pub col_widths: Vec<(u32, f64)>,
}

impl Sheet {
    /// An empty visible sheet.
    pub fn new(name: &str) -> Sheet {
        Sheet {
            name: name.to_string(),
            visibility: Visibility::Visible,
            rows: Vec::new(),
            formulas: HashSet::new(),
            merged: Vec::new(),
            dropdowns: Vec::new(),
            typed: Vec::new(),
            unlocked: None,
            hidden_rows: HashSet::new(),
            hidden_cols: HashSet::new(),
            filled: HashSet::new(),
            indented: HashSet::new(),
            blacked: HashSet::new(),
            col_widths: Vec::new(),
        }
    }

    /// A sheet named "S" whose cells are the given texts (for unit tests).
    #[cfg(test)]
    pub(crate) fn from_texts(rows: &[&[&str]]) -> Sheet {
        let mut s = Sheet::new("S");
        s.rows = rows
            .iter()
            .map(|r| r.iter().map(|t| Value::Text(t.to_string())).collect())
            .collect();
        s
    }

    /// The value at a cell (empty outside the grid).
    pub fn value(&self, cell: CellRef) -> &Value {
        static EMPTY: Value = Value::Empty;
        self.rows
            .get(cell.row as usize)
            .and_then(|r| r.get(cell.col as usize))
            .unwrap_or(&EMPTY)
    }

    /// The text at a cell, trimmed.
    pub fn text(&self, cell: CellRef) -> String {
        self.value(cell).text().trim().to_string()
    }

    /// Number of columns of the widest row.
    pub fn width(&self) -> u32 {
        self.rows.iter().map(Vec::len).max().unwrap_or(0) as u32
    }

    /// The merged range whose top-left is not `cell` but which covers it.
    pub fn merged_into(&self, cell: CellRef) -> Option<&CellRange> {
        self.merged
            .iter()
            .find(|r| r.contains(cell) && r.first != cell)
    }

    /// The merged range that starts at `cell`.
    pub fn merge_at(&self, cell: CellRef) -> Option<&CellRange> {
        self.merged
            .iter()
            .find(|r| r.first == cell && r.first != r.last)
    }

    /// The texts of a range's cells, row by row (at most 1,000 rows of 50
    /// columns: a dropdown's list, not a whole sheet).
    pub(crate) fn texts_in(&self, range: &CellRange) -> Vec<String> {
        let rows = range.first.row..=range.last.row.min(range.first.row + 1_000);
        let cols = range.first.col..=range.last.col.min(range.first.col + 50);
        rows.flat_map(|r| cols.clone().map(move |c| CellRef::new(r, c)))
            // As written: a dropdown of "YES " takes "YES ", not "YES".
            .map(|cell| self.value(cell).text())
            .collect()
    }

    /// The allowed values at a cell, when a dropdown covers it.
    pub fn dropdown_at(&self, cell: CellRef) -> Option<&[String]> {
        self.dropdowns
            .iter()
            .rev()
            .find(|d| d.ranges.iter().any(|r| r.contains(cell)))
            .map(|d| d.values.as_slice())
    }

    /// Whether one dropdown range covers both cells: a list laid over a
    /// whole column says nothing of either row in particular.
    pub fn same_dropdown_range(&self, a: CellRef, b: CellRef) -> bool {
        self.dropdowns
            .iter()
            .flat_map(|d| &d.ranges)
            .any(|r| r.contains(a) && r.contains(b))
    }

    /// What a typed validation lets the cell hold, when one covers it.
    pub fn accepts_at(&self, cell: CellRef) -> Option<Accepts> {
        self.typed
            .iter()
            .rev()
            .find(|(r, _)| r.contains(cell))
            .map(|(_, a)| *a)
    }

    /// Whether a person may type into the cell (always, unless the sheet is protected).
    pub fn is_editable(&self, cell: CellRef) -> bool {
        self.unlocked.as_ref().is_none_or(|set| set.contains(&cell))
    }
}

/// The real format of a file, from its first bytes.
///
/// # Errors
/// As [`read`] for files that are not spreadsheets.
pub fn sniff_format(path: &Path) -> Result<Format> {
    sniff::sniff(path)
}

/// Reads a questionnaire of any supported format.
///
/// # Errors
/// A missing file, an unknown or damaged format, an encrypted workbook.
pub fn read(path: &Path) -> Result<Workbook> {
    if !path.exists() {
        return Err(Error::InputMissing {
            path: path.to_path_buf(),
        });
    }
    let format = sniff::sniff(path)?;
    if format.is_open_xml() {
        crate::xlsx::preflight(path)?;
    }
    let mut sheets = match format {
        Format::Csv => vec![csv_read::read(path)?],
        _ => calamine_read::read(path, format)?,
    };
    if format.is_open_xml() {
        crate::xlsx::read_meta(path, &mut sheets)?;
    } else if format == Format::Ods {
        ods_meta::read_meta(path, &mut sheets)?;
    } else if format == Format::Xls {
        xls_meta::read_meta(path, &mut sheets);
    }
    Ok(Workbook {
        path: path.to_path_buf(),
        format,
        sheets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_rules_keep_their_bounds() {
        let between = Accepts::number_rule("between", "1", "250");
        assert!(between.admits_number(1.0) && between.admits_number(250.0));
        assert!(!between.admits_number(320.0));
        assert!(!Accepts::number_rule("lessThan", "100", "").admits_number(320.0));
        assert!(Accepts::number_rule("greaterThanOrEqual", "0", "").admits_number(320.0));
        assert!(Accepts::number_rule("equal", "10", "").admits_number(10.0));
        // Bounds in cells or rules qfill does not check: nothing is written.
        assert_eq!(
            Accepts::number_rule("between", "$H$1", "$H$2"),
            Accepts::Ruled
        );
        assert_eq!(
            Accepts::number_rule("notBetween", "100", "500"),
            Accepts::Ruled
        );
    }

    #[test]
    fn value_text_is_what_a_person_sees() {
        assert_eq!(Value::Number(3.0).text(), "3");
        assert_eq!(Value::Number(2.5).text(), "2.5");
        // A formula's float noise reads as Excel shows it.
        assert_eq!(Value::Number(1.1 + 0.1).text(), "1.2");
        assert_eq!(Value::Number(1.2000000000000002).text(), "1.2");
        assert_eq!(Value::Number(0.1 + 0.2).text(), "0.3");
        assert_eq!(Value::Number(1234.5678).text(), "1234.5678");
        assert_eq!(Value::Bool(true).text(), "TRUE");
        assert!(Value::Text(" \u{a0}".into()).is_blank());
        assert!(!Value::Number(0.0).is_blank());
    }

    #[test]
    fn sheet_lookups() {
        let mut s = Sheet::new("S");
        s.rows = vec![vec![Value::Text("a".into())]];
        s.merged.push(CellRange::parse("C7:E7").unwrap());
        assert_eq!(s.text(CellRef::new(0, 0)), "a");
        assert_eq!(s.value(CellRef::new(9, 9)), &Value::Empty);
        assert!(s.merged_into(CellRef::new(6, 3)).is_some());
        assert!(s.merged_into(CellRef::new(6, 2)).is_none());
        assert!(s.merge_at(CellRef::new(6, 2)).is_some());
        assert!(s.is_editable(CellRef::new(0, 0)));
        s.unlocked = Some(HashSet::from([CellRef::new(1, 1)]));
        assert!(!s.is_editable(CellRef::new(0, 0)));
    }
}
