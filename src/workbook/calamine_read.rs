//! Reads xlsx, xlsm, xlsb, xls and ods through calamine: cached cell values,
//! which cells hold formulas, merged ranges and sheet visibility.

use super::{Format, Sheet, Value, Visibility};
use crate::cellref::{CellRange, CellRef};
use crate::error::{Error, Result};
use crate::limits::{self, MAX_SHEETS};
use calamine::{Data, Dimensions, Reader, SheetType, SheetVisible, Sheets, open_workbook};
use std::io::BufReader;
use std::path::Path;

type FileSheets = Sheets<BufReader<std::fs::File>>;

/// Reads every worksheet. calamine is given files from strangers; should it
/// panic on one, the panic becomes an error naming the file, not a crash.
pub(super) fn read(path: &Path, format: Format) -> Result<Vec<Sheet>> {
    std::panic::catch_unwind(|| read_sheets(path, format)).unwrap_or_else(|payload| {
        Err(Error::Unreadable {
            path: path.to_path_buf(),
            message: format!(
                "the spreadsheet reader failed on this file ({}); the file is probably damaged",
                panic_message(payload.as_ref())
            ),
        })
    })
}

/// The text a panic was raised with.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into())
}

fn read_sheets(path: &Path, format: Format) -> Result<Vec<Sheet>> {
    let mut book = open(path, format)?;
    let metadata = book.sheets_metadata().to_vec();
    if metadata.len() > MAX_SHEETS {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            what: format!(
                "the workbook has {} sheets, more than qfill reads ({}); copy the questionnaire's sheets into a new workbook",
                limits::count(metadata.len() as u64),
                limits::count(MAX_SHEETS as u64)
            ),
        });
    }
    let mut sheets = Vec::with_capacity(metadata.len());
    for meta in metadata {
        if !matches!(meta.typ, SheetType::WorkSheet) {
            continue;
        }
        let mut sheet = Sheet::new(&meta.name);
        sheet.visibility = match meta.visible {
            SheetVisible::Visible => Visibility::Visible,
            SheetVisible::Hidden => Visibility::Hidden,
            SheetVisible::VeryHidden => Visibility::VeryHidden,
        };
        let range = book
            .worksheet_range(&meta.name)
            .map_err(|e| unreadable(path, &meta.name, &e))?;
        sheet.rows = grid(&range);
        if let Ok(formulas) = book.worksheet_formula(&meta.name) {
            sheet.formulas = formulas
                .used_cells()
                .filter(|(_, _, f)| !f.is_empty())
                .map(|(r, c, _)| absolute(&formulas, r, c))
                .collect();
        }
        sheet.merged = merged(&mut book, &meta.name)
            .into_iter()
            .map(to_range)
            .collect();
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn open(path: &Path, format: Format) -> Result<FileSheets> {
    let fail = |e: String| Error::Unreadable {
        path: path.to_path_buf(),
        message: e,
    };
    Ok(match format {
        Format::Xlsx | Format::Xlsm => {
            Sheets::Xlsx(open_workbook(path).map_err(|e| fail(describe(&e)))?)
        }
        Format::Xlsb => {
            if let Some(part) = xlsb_short_cells(path) {
                return Err(fail(format!(
                    "{part} stores cells as compact 'short' records (as SheetJS-based exporters write them), which qfill's xlsb reader would drop, losing answers already in the file; open it in Excel or LibreOffice, save it as .xlsx and run qfill on that"
                )));
            }
            Sheets::Xlsb(open_workbook(path).map_err(|e| fail(describe(&e)))?)
        }
        Format::Xls => {
            compound_header_fits(path).map_err(fail)?;
            super::xls_meta::dimensions_fit(path).map_err(fail)?;
            Sheets::Xls(open_workbook(path).map_err(|e| fail(describe(&e)))?)
        }
        Format::Ods => Sheets::Ods(open_workbook(path).map_err(|e| fail(describe(&e)))?),
        Format::Csv => return Err(Error::Internal("csv passed to the calamine reader".into())),
    })
}

/// The first worksheet part of an xlsb that holds "short" cell records
/// (BrtShortBlank to BrtShortIsst, types 12 to 18: a cell without its
/// column, one right of the previous). The format allows them, Excel does
/// not write them, and calamine skips them, so such a file would read with
/// cells missing. `None` when there are none or the package cannot be
/// scanned (calamine then reports what is wrong).
fn xlsb_short_cells(path: &Path) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    let parts: Vec<String> = zip
        .file_names()
        .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".bin"))
        .map(str::to_string)
        .collect();
    parts.into_iter().find(|name| {
        let Ok(entry) = zip.by_name(name) else {
            return false;
        };
        let limited = std::io::Read::take(entry, crate::limits::MAX_PART_BYTES);
        has_short_cells(std::io::BufReader::new(limited))
    })
}

/// Whether a BIFF12 record stream holds a short cell record.
fn has_short_cells(mut r: impl std::io::Read) -> bool {
    // A record header: its type in up to two bytes and its size in up to
    // four, seven bits each, low first, the top bit saying "more".
    fn varint(r: &mut impl std::io::Read, max_bytes: usize) -> Option<u32> {
        let mut value = 0u32;
        for i in 0..max_bytes {
            let mut byte = [0u8];
            r.read_exact(&mut byte).ok()?;
            value |= u32::from(byte[0] & 0x7f) << (7 * i);
            if byte[0] & 0x80 == 0 {
                return Some(value);
            }
        }
        Some(value)
    }
    while let (Some(kind), Some(size)) = (varint(&mut r, 2), varint(&mut r, 4)) {
        if (12..=18).contains(&kind) {
            return true;
        }
        let mut record = std::io::Read::take(&mut r, u64::from(size));
        let skipped = std::io::copy(&mut record, &mut std::io::sink());
        if skipped.map_or(true, |n| n < u64::from(size)) {
            return false;
        }
    }
    false
}

/// Refuses an xls whose compound-file header claims allocation tables far
/// larger than the file: calamine reserves memory for them before reading a
/// sector, and a damaged count would ask for gigabytes (and abort).
fn compound_header_fits(path: &Path) -> std::result::Result<(), String> {
    use std::io::Read;
    let mut header = [0u8; 76];
    let len = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut header));
    if read.is_err() {
        // Too short for a header: calamine says so in its own words.
        return Ok(());
    }
    let at = |i: usize| {
        u64::from(u32::from_le_bytes([
            header[i],
            header[i + 1],
            header[i + 2],
            header[i + 3],
        ]))
    };
    // The FAT sector count, and what calamine reads as the DIFAT count
    // (bytes 62..66), each reserved as that many four-byte entries.
    let room = len.max(64 << 20);
    if [at(44), at(62)].iter().any(|&n| n * 4 > room) {
        return Err(
            "the file is damaged: its compound-document header claims allocation tables larger than the file"
                .into(),
        );
    }
    Ok(())
}

fn describe(e: &dyn std::fmt::Display) -> String {
    format!("cannot read the workbook ({e})")
}

fn unreadable(path: &Path, sheet: &str, e: &dyn std::fmt::Display) -> Error {
    let e = e.to_string();
    // Text cells point into the shared-strings part; a damaged package
    // may lack it or hold fewer strings than its cells use.
    let why = if e.contains("string index") {
        "; its text cells point to shared strings that the package's xl/sharedStrings.xml part does not hold (the part is missing or damaged)"
    } else {
        ""
    };
    Error::Unreadable {
        path: path.to_path_buf(),
        message: format!("sheet `{sheet}`: cannot read its cells ({e}){why}"),
    }
}

fn absolute<T>(range: &calamine::Range<T>, r: usize, c: usize) -> CellRef
where
    T: calamine::CellType,
{
    let (r0, c0) = range.start().unwrap_or((0, 0));
    CellRef::new(r0 + r as u32, c0 + c as u32)
}

/// The range's values placed at their absolute positions from A1.
fn grid(range: &calamine::Range<Data>) -> Vec<Vec<Value>> {
    let Some((r0, c0)) = range.start() else {
        return Vec::new();
    };
    let mut rows: Vec<Vec<Value>> = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        // Allocate only up to the last filled cell: a sheet with one far
        // column must not cost its full width on every row.
        let Some(last) = row.iter().rposition(|d| !matches!(d, Data::Empty)) else {
            rows.push(Vec::new());
            continue;
        };
        let mut out = Vec::with_capacity(c0 as usize + last + 1);
        out.resize(c0 as usize, Value::Empty);
        out.extend(row[..=last].iter().map(convert));
        rows.push(out);
    }
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    rows
}

fn convert(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => excel_date(d.as_f64()),
        Data::DateTimeIso(s) => iso_date(s).unwrap_or_else(|| Value::Text(s.clone())),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}

fn merged(book: &mut FileSheets, name: &str) -> Vec<Dimensions> {
    match book {
        Sheets::Xlsx(x) => x
            .worksheet_merge_cells(name)
            .and_then(|r| r.ok())
            .unwrap_or_default(),
        Sheets::Xls(x) => x.worksheet_merge_cells(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn to_range(d: Dimensions) -> CellRange {
    CellRange {
        first: CellRef::new(d.start.0, d.start.1),
        last: CellRef::new(d.end.0, d.end.1),
    }
}

/// An Excel date serial (the 1900 system) as a date; a time alone (under 1)
/// stays a number.
fn excel_date(serial: f64) -> Value {
    if !(1.0..2_958_466.0).contains(&serial) {
        return Value::Number(serial);
    }
    Value::Date(serial)
}

/// An ISO date or date-time as ods stores it ("2025-06-15",
/// "2025-06-15T12:30:00") as a date serial.
fn iso_date(text: &str) -> Option<Value> {
    let (day, time) = text.split_once('T').unwrap_or((text, ""));
    let day = crate::date::Date::parse(day)?;
    let mut parts = time.split(':').map(|p| p.parse::<f64>().ok());
    let hours = parts.next().flatten().unwrap_or(0.0);
    let minutes = parts.next().flatten().unwrap_or(0.0);
    let seconds = parts.next().flatten().unwrap_or(0.0);
    let fraction = (hours * 3600.0 + minutes * 60.0 + seconds) / 86_400.0;
    Some(excel_date(
        (day.days_since_epoch() + 25_569) as f64 + fraction,
    ))
}

#[cfg(test)]
mod tests {

    #[test]
    fn ods_dates_are_dates() {
        use crate::workbook::Value;
        assert_eq!(super::iso_date("2025-05-30"), Some(Value::Date(45_807.0)));
        let Some(Value::Date(d)) = super::iso_date("2025-06-15T12:30:00") else {
            panic!("a date-time");
        };
        assert_eq!(Value::Date(d).text(), "2025-06-15 12:30");
        assert_eq!(super::iso_date("soon"), None);
    }

    #[test]
    fn finds_short_cell_records_in_a_biff12_stream() {
        // A row header (type 0, 3 bytes), a cell (BrtCellIsst, 12 bytes) and
        // a two-byte type (300: 0xAC 0x02) with no body.
        let mut plain = vec![0x00, 3, 1, 2, 3, 0x07, 12];
        plain.extend([0u8; 12]);
        plain.extend([0xAC, 0x02, 0]);
        assert!(!super::has_short_cells(&plain[..]));
        let mut short = plain.clone();
        short.extend([13, 6, 0, 0, 0, 0, 0, 0]); // BrtShortRk
        assert!(super::has_short_cells(&short[..]));
        // A record cut short ends the scan without a finding.
        assert!(!super::has_short_cells(&[0x07, 12, 1][..]));
    }

    use super::*;

    #[test]
    fn grid_rows_stop_at_their_last_filled_cell() {
        let cells = vec![
            calamine::Cell::new((1, 1), Data::String("a".into())),
            calamine::Cell::new((3, 40), Data::Int(2)),
        ];
        let rows = grid(&calamine::Range::from_sparse(cells));
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[1], vec![Value::Empty, Value::Text("a".into())]);
        assert!(rows[1].capacity() < 10, "row 2 holds one cell, not 40");
        assert!(rows[2].is_empty());
        assert_eq!(rows[3].len(), 41);
    }

    #[test]
    fn panics_become_messages() {
        let payload = std::panic::catch_unwind(|| panic!("bad {}", 1)).unwrap_err();
        assert_eq!(panic_message(payload.as_ref()), "bad 1");
        let payload = std::panic::catch_unwind(|| std::panic::panic_any(3)).unwrap_err();
        assert_eq!(panic_message(payload.as_ref()), "no message");
    }
}
