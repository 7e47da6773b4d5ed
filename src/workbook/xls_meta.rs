//! What calamine does not tell us about an xls (BIFF8) sheet, read from the
//! workbook stream: list dropdowns (inline lists, ranges on any sheet, named
//! ranges), cells a validation keeps to numbers or dates, hidden rows and
//! columns, and column widths. Without the dropdowns, an answer written into
//! an xls "Yes/No" cell could be free text the prospect's list does not allow,
//! and the rebuilt xlsx would lose the list.
//!
//! The reader is forgiving: a record it cannot parse is skipped, so a file
//! calamine read is never refused here.

use super::{Accepts, Dropdown, Sheet};
use crate::cellref::{CellRange, CellRef};
use std::io::Read;
use std::path::Path;

/// How many rows or columns past the used grid hidden flags are kept for.
const PAST_USED: u32 = 8;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const SUPBOOK: u16 = 0x01AE;
const EXTERNSHEET: u16 = 0x0017;
const NAME: u16 = 0x0018;
const DV: u16 = 0x01BE;
const ROW: u16 = 0x0208;
const COLINFO: u16 = 0x007D;

/// Fills `dropdowns`, `typed`, `hidden_rows`, `hidden_cols` and
/// `col_widths` of the `sheets` calamine read from the xls file at `path`.
/// A file whose workbook stream cannot be read is left as calamine read it.
pub(super) fn read_meta(path: &Path, sheets: &mut [Sheet]) {
    let Some(stream) = workbook_stream(path) else {
        tracing::debug!("{}: no BIFF8 workbook stream", path.display());
        return;
    };
    let facts = scan(&stream);
    apply(facts, sheets);
}

/// The most cells a BIFF8 sheet can have (65,536 rows of 256 columns).
const MAX_CELLS: u64 = 65_536 * 256;

/// Refuses an xls whose sheets declare more cells than the format allows:
/// calamine reserves room for a sheet's DIMENSIONS before reading a cell,
/// and a damaged record would ask for hundreds of gigabytes (and abort).
/// The size is computed as calamine computes it, wrapping included.
pub(super) fn dimensions_fit(path: &Path) -> std::result::Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let stream = match super::xls_stream::workbook_stream(&bytes) {
        Ok(Some(stream)) => stream,
        Ok(None) => return Ok(()),
        Err(super::xls_stream::Loops) => {
            return Err(
                "the file is damaged: a chain of its compound-document sectors loops back on itself"
                    .into(),
            );
        }
    };
    // calamine reads each sheet from the offset its BOUNDSHEET record
    // gives, up to EOF, whatever records it finds there.
    let starts: Vec<usize> = records(&stream)
        .filter(|(_, kind, body)| *kind == 0x0085 && body.len() >= 4)
        .filter_map(|(_, _, body)| u32_at(body, 0))
        .map(|at| at as usize)
        .collect();
    let too_big = starts.into_iter().any(|at| {
        records(stream.get(at..).unwrap_or_default())
            .take_while(|(_, kind, _)| *kind != 0x000A)
            .filter(|(_, kind, _)| *kind == 0x0200)
            .filter_map(|(_, _, body)| declared_cells(body))
            .any(|cells| cells > MAX_CELLS)
    });
    if too_big {
        return Err(
            "the file is damaged: a sheet declares more cells than an xls sheet can hold".into(),
        );
    }
    Ok(())
}

/// The cell count a DIMENSIONS record declares, as calamine reads it.
fn declared_cells(body: &[u8]) -> Option<u64> {
    let (first_row, last_row, mut first_col, last_col) = match body.len() {
        10 => (
            u32::from(u16_at(body, 0)?),
            u32::from(u16_at(body, 2)?),
            u32::from(u16_at(body, 4)?),
            u32::from(u16_at(body, 6)?),
        ),
        14 => (
            u32_at(body, 0)?,
            u32_at(body, 4)?,
            u32::from(u16_at(body, 8)?),
            u32::from(u16_at(body, 10)?),
        ),
        _ => return None,
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row < 1 || last_col < 1 {
        return Some(1);
    }
    let span = |first: u32, last: u32| u64::from((last - 1).wrapping_sub(first).wrapping_add(1));
    Some(span(first_row, last_row) * span(first_col, last_col))
}

fn workbook_stream(path: &Path) -> Option<Vec<u8>> {
    let mut file = cfb::open(path).ok()?;
    let mut stream = file.open_stream("/Workbook").ok()?;
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// What the workbook stream says, before list sources are resolved.
#[derive(Debug, Default)]
struct Facts {
    /// Sheet names in workbook order, with the stream offset of each BOF.
    sheets: Vec<(u32, String)>,
    /// Per SUPBOOK record: whether it is this workbook.
    supbooks: Vec<bool>,
    /// EXTERNSHEET entries: the SUPBOOK and the first sheet index.
    xti: Vec<(u16, u16)>,
    /// Defined names' formulas, in record order (ptgName is 1-based).
    names: Vec<Vec<u8>>,
    /// Per sheet (index into `sheets`): what its substream says.
    found: Vec<(usize, SheetFacts)>,
}

#[derive(Debug, Default)]
struct SheetFacts {
    lists: Vec<(Vec<CellRange>, Vec<u8>)>,
    typed: Vec<(CellRange, Accepts)>,
    hidden_rows: Vec<u32>,
    hidden_cols: Vec<u32>,
    widths: Vec<(u32, f64)>,
}

/// Every record of the stream: (offset, type, body).
fn records(stream: &[u8]) -> impl Iterator<Item = (u32, u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let head = stream.get(at..at + 4)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let body = stream.get(at + 4..at + 4 + len)?;
        let offset = at as u32;
        at += 4 + len;
        Some((offset, kind, body))
    })
}

fn scan(stream: &[u8]) -> Facts {
    let mut facts = Facts::default();
    let mut current: Option<usize> = None;
    // Substreams inside a sheet's (an embedded chart's), BOF to EOF.
    let mut nested = 0u32;
    for (offset, kind, body) in records(stream) {
        match kind {
            BOF => match facts.sheets.iter().position(|(at, _)| *at == offset) {
                Some(i) => {
                    current = Some(i);
                    nested = 0;
                    facts.found.push((i, SheetFacts::default()));
                }
                None if current.is_some() => nested += 1,
                None => {}
            },
            EOF if nested > 0 => nested -= 1,
            EOF => current = None,
            _ if nested > 0 => continue,
            BOUNDSHEET if current.is_none() => {
                if let (Some(at), Some((name, _))) = (u32_at(body, 0), short_string(body, 6)) {
                    facts.sheets.push((at, name));
                }
            }
            SUPBOOK => facts.supbooks.push(body.get(2..4) == Some(&[0x01, 0x04])),
            EXTERNSHEET => facts.xti = xti(body),
            NAME => facts.names.push(name_formula(body).unwrap_or_default()),
            _ => {}
        }
        let Some(sheet) = current.and(facts.found.last_mut()) else {
            continue;
        };
        let sheet = &mut sheet.1;
        match kind {
            DV => validation(body, sheet),
            ROW => {
                // grbit bit 5: fDyZero, the row is hidden.
                if let (Some(row), Some(flags)) = (u16_at(body, 0), u16_at(body, 12))
                    && flags & 0x20 != 0
                {
                    sheet.hidden_rows.push(u32::from(row));
                }
            }
            COLINFO => colinfo(body, sheet),
            _ => {}
        }
    }
    facts
}

pub(super) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

pub(super) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// `count` characters at `at`, one byte each (Latin-1) or UTF-16: the
/// string and where it ends.
fn chars(b: &[u8], at: usize, count: usize, wide: bool) -> Option<(String, usize)> {
    if wide {
        let raw = b.get(at..at + 2 * count)?;
        let units: Vec<u16> = raw
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        Some((String::from_utf16_lossy(&units), at + 2 * count))
    } else {
        let raw = b.get(at..at + count)?;
        Some((raw.iter().map(|&c| char::from(c)).collect(), at + count))
    }
}

/// A ShortXLUnicodeString (8-bit count, flags) at `at`: the string and where it ends.
fn short_string(b: &[u8], at: usize) -> Option<(String, usize)> {
    let count = usize::from(*b.get(at)?);
    let wide = b.get(at + 1)? & 1 == 1;
    chars(b, at + 2, count, wide)
}

/// An XLUnicodeString (16-bit count, flags) at `at`: the string and where it ends.
fn long_string(b: &[u8], at: usize) -> Option<(String, usize)> {
    let count = usize::from(u16_at(b, at)?);
    let wide = b.get(at + 2)? & 1 == 1;
    chars(b, at + 3, count, wide)
}

fn xti(body: &[u8]) -> Vec<(u16, u16)> {
    let count = usize::from(u16_at(body, 0).unwrap_or(0));
    (0..count)
        .map_while(|i| Some((u16_at(body, 2 + 6 * i)?, u16_at(body, 4 + 6 * i)?)))
        .collect()
}

/// A NAME record's formula.
fn name_formula(body: &[u8]) -> Option<Vec<u8>> {
    let flags = u16_at(body, 0)?;
    let name_len = usize::from(*body.get(3)?);
    let formula_len = usize::from(u16_at(body, 4)?);
    let wide = body.get(14)? & 1 == 1;
    // A built-in name's "name" is one byte (its code) whatever the flags say.
    let chars = if flags & 0x20 != 0 { 1 } else { name_len };
    let start = 15 + if wide { 2 * chars } else { chars };
    body.get(start..start + formula_len).map(<[u8]>::to_vec)
}

/// A DV record: its type, its formula and the areas it covers.
fn validation(body: &[u8], sheet: &mut SheetFacts) {
    let Some(flags) = u32_at(body, 0) else {
        return;
    };
    // Four strings (prompt and error titles and texts), then the formulas.
    let mut at = 4;
    for _ in 0..4 {
        match long_string(body, at) {
            Some((_, end)) => at = end,
            None => return,
        }
    }
    let Some(len1) = u16_at(body, at).map(usize::from) else {
        return;
    };
    let formula = body.get(at + 4..at + 4 + len1).map(<[u8]>::to_vec);
    at += 4 + len1;
    let Some(len2) = u16_at(body, at).map(usize::from) else {
        return;
    };
    let formula2 = body.get(at + 4..at + 4 + len2).map(<[u8]>::to_vec);
    at += 4 + len2;
    let areas = sqref(body, at);
    match (flags & 0x0F, formula) {
        (3, Some(formula)) => sheet.lists.push((areas, formula)),
        (6, formula1) => {
            const OPERATORS: [&str; 8] = [
                "between",
                "notBetween",
                "equal",
                "notEqual",
                "greaterThan",
                "lessThan",
                "greaterThanOrEqual",
                "lessThanOrEqual",
            ];
            let operator = OPERATORS[((flags >> 20) & 0x07) as usize];
            let number = |f: Option<Vec<u8>>| f.as_deref().and_then(constant).unwrap_or_default();
            if let Some(accepts) =
                Accepts::text_length(operator, &number(formula1), &number(formula2))
            {
                sheet.typed.extend(areas.into_iter().map(|a| (a, accepts)));
            }
        }
        (1 | 2, _) => sheet
            .typed
            .extend(areas.into_iter().map(|a| (a, Accepts::Number))),
        (4, _) => sheet
            .typed
            .extend(areas.into_iter().map(|a| (a, Accepts::Date))),
        _ => {}
    }
}

/// A formula that is one number constant (ptgInt or ptgNum), as text.
fn constant(formula: &[u8]) -> Option<String> {
    match *formula.first()? {
        0x1E => Some(u16_at(formula, 1)?.to_string()),
        0x1F => {
            let bytes: [u8; 8] = formula.get(1..9)?.try_into().ok()?;
            Some(f64::from_le_bytes(bytes).to_string())
        }
        _ => None,
    }
}

/// The areas (Ref8U) of a SqRefU at `at`.
fn sqref(body: &[u8], at: usize) -> Vec<CellRange> {
    let count = usize::from(u16_at(body, at).unwrap_or(0));
    (0..count)
        .map_while(|i| {
            let p = at + 2 + 8 * i;
            area(
                u16_at(body, p)?,
                u16_at(body, p + 2)?,
                u16_at(body, p + 4)?,
                u16_at(body, p + 6)?,
            )
        })
        .collect()
}

fn area(row1: u16, row2: u16, col1: u16, col2: u16) -> Option<CellRange> {
    // Column fields carry relative-reference flags in their top bits.
    let (col1, col2) = (u32::from(col1 & 0x3FFF), u32::from(col2 & 0x3FFF));
    (row1 <= row2 && col1 <= col2).then(|| CellRange {
        first: CellRef::new(u32::from(row1), col1),
        last: CellRef::new(u32::from(row2), col2),
    })
}

fn colinfo(body: &[u8], sheet: &mut SheetFacts) {
    let (Some(first), Some(last), Some(width), Some(flags)) = (
        u16_at(body, 0),
        u16_at(body, 2),
        u16_at(body, 4),
        u16_at(body, 8),
    ) else {
        return;
    };
    // A COLINFO may run to the last column (255); widths past it are noise.
    for col in u32::from(first)..=u32::from(last).min(u32::from(first) + 255) {
        if flags & 1 != 0 {
            sheet.hidden_cols.push(col);
        }
        sheet.widths.push((col, f64::from(width) / 256.0));
    }
}

/// Where a list formula takes its values from.
#[derive(Debug, PartialEq)]
enum Source {
    Literal(Vec<String>),
    /// A range on a sheet (`None`: the sheet the validation is on).
    Range(Option<usize>, CellRange),
}

/// The source a list formula names: a string literal, a reference, a 3-D
/// reference or a defined name (followed once).
fn source(formula: &[u8], facts: &Facts, depth: usize) -> Option<Source> {
    let token = *formula.first()?;
    let rest = formula.get(1..)?;
    let sheet_of = |ixti: u16| -> Option<usize> {
        let &(book, tab) = facts.xti.get(usize::from(ixti))?;
        facts
            .supbooks
            .get(usize::from(book))
            .copied()
            .unwrap_or(true)
            .then_some(usize::from(tab))
    };
    match token {
        0x17 => {
            let (text, _) = short_string(rest, 0)?;
            Some(Source::Literal(
                text.split('\0').map(str::to_string).collect(),
            ))
        }
        0x25 | 0x45 | 0x65 => Some(Source::Range(
            None,
            area(
                u16_at(rest, 0)?,
                u16_at(rest, 2)?,
                u16_at(rest, 4)?,
                u16_at(rest, 6)?,
            )?,
        )),
        0x24 | 0x44 | 0x64 => {
            let (row, col) = (u16_at(rest, 0)?, u16_at(rest, 2)?);
            Some(Source::Range(None, area(row, row, col, col)?))
        }
        0x3B | 0x5B | 0x7B => Some(Source::Range(
            Some(sheet_of(u16_at(rest, 0)?)?),
            area(
                u16_at(rest, 2)?,
                u16_at(rest, 4)?,
                u16_at(rest, 6)?,
                u16_at(rest, 8)?,
            )?,
        )),
        0x3A | 0x5A | 0x7A => {
            let (row, col) = (u16_at(rest, 2)?, u16_at(rest, 4)?);
            Some(Source::Range(
                Some(sheet_of(u16_at(rest, 0)?)?),
                area(row, row, col, col)?,
            ))
        }
        0x23 | 0x43 | 0x63 if depth == 0 => {
            let index = usize::try_from(u32_at(rest, 0)?).ok()?.checked_sub(1)?;
            source(facts.names.get(index)?, facts, depth + 1)
        }
        _ => None,
    }
}

fn apply(facts: Facts, sheets: &mut [Sheet]) {
    for (index, found) in &facts.found {
        let Some((_, name)) = facts.sheets.get(*index) else {
            continue;
        };
        let Some(i) = sheets.iter().position(|s| &s.name == name) else {
            continue;
        };
        let dropdowns: Vec<Dropdown> = found
            .lists
            .iter()
            .filter_map(|(ranges, formula)| {
                let values = match source(formula, &facts, 0)? {
                    Source::Literal(values) => values,
                    Source::Range(on, range) => {
                        let on = match on {
                            Some(tab) => &facts.sheets.get(tab)?.1,
                            None => name,
                        };
                        sheets.iter().find(|s| &s.name == on)?.texts_in(&range)
                    }
                };
                let values: Vec<String> = values
                    .into_iter()
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect();
                (!values.is_empty()).then(|| Dropdown {
                    ranges: ranges.clone(),
                    values,
                })
            })
            .collect();
        let sheet = &mut sheets[i];
        let used_rows = sheet.rows.len() as u32 + PAST_USED;
        let used_cols = sheet.width() + PAST_USED;
        sheet.dropdowns = dropdowns;
        sheet.typed.clone_from(&found.typed);
        sheet.hidden_rows = found
            .hidden_rows
            .iter()
            .copied()
            .filter(|&r| r < used_rows)
            .collect();
        sheet.hidden_cols = found
            .hidden_cols
            .iter()
            .copied()
            .filter(|&c| c < used_cols)
            .collect();
        sheet.col_widths = found
            .widths
            .iter()
            .copied()
            .filter(|&(c, _)| c < used_cols)
            .collect();
    }
}

#[cfg(test)]
mod tests;
