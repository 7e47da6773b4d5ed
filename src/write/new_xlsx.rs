//! Re-creates a workbook as a new xlsx (rust_xlsxwriter) for inputs that cannot
//! be edited in place (xls, xlsb, ods, csv): every sheet's values, merged
//! ranges, dropdowns, column widths, hidden rows and columns and visibility,
//! then the filled answers, the review highlights with their notes, and the
//! summary sheet.

use super::{SUMMARY_SHEET, WritePlan};
use crate::error::{Error, Result};
use crate::workbook::{Sheet, Value, Visibility, Workbook};
use rust_xlsxwriter::{Color, DataValidation, Format, Note, Worksheet, XlsxError};
use std::collections::HashMap;
use std::path::Path;

/// The fill colour of cells a person must review.
pub const REVIEW_FILL: u32 = 0xFFEB9C;

/// Writes `book` with `plan` applied to `output` as a new xlsx.
///
/// # Errors
/// Sheet names Excel rejects, or failure to save.
pub fn write_new_xlsx(book: &Workbook, plan: &WritePlan, output: &Path) -> Result<()> {
    let fail = |e: XlsxError| Error::Io {
        path: output.to_path_buf(),
        source: match e {
            XlsxError::IoError(e) => e,
            e => std::io::Error::other(e.to_string()),
        },
    };
    let mut out = rust_xlsxwriter::Workbook::new();
    let review = Format::new().set_background_color(Color::RGB(REVIEW_FILL));
    let long = Format::new().set_text_wrap();
    let long_review = review.clone().set_text_wrap();
    let mut names = HashMap::new();
    for sheet in &book.sheets {
        let ws = out.add_worksheet();
        let name = unique_name(&sheet_name(&sheet.name), &mut names);
        ws.set_name(&name).map_err(fail)?;
        copy_sheet(ws, sheet).map_err(fail)?;
        for w in plan.writes.iter().filter(|w| w.sheet == sheet.name) {
            let (r, c) = (w.cell.row, w.cell.col as u16);
            let text = cell_text(&w.text);
            if let Some(b) = w.boolean {
                match w.highlight {
                    true => ws.write_boolean_with_format(r, c, b, &review),
                    false => ws.write_boolean(r, c, b),
                }
                .map_err(fail)?;
            } else {
                write_text_or_number(ws, w, text, (&review, &long_review, &long)).map_err(fail)?;
            }
            if let Some(text) = w.note.as_deref().filter(|_| w.highlight) {
                ws.insert_note(r, c, &Note::new(text).set_author("qfill"))
                    .map_err(fail)?;
            }
        }
    }
    if let Some(rows) = &plan.summary {
        let ws = out.add_worksheet();
        ws.set_name(SUMMARY_SHEET).map_err(fail)?;
        write_summary(ws, rows).map_err(fail)?;
    }
    out.save(output).map_err(fail)
}

fn copy_sheet(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    // Dates stay dates (a buyer's due-date arithmetic and sorting need
    // them), shown in ISO form since the source's own format is not read.
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let day_time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (r, row) in sheet.rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match value {
                Value::Empty => {}
                Value::Text(s) | Value::Error(s) => drop(ws.write_string(r, c, cell_text(s))?),
                Value::Number(n) => drop(ws.write_number(r, c, *n)?),
                Value::Bool(b) => drop(ws.write_boolean(r, c, *b)?),
                Value::Date(d) => {
                    let format = if d.fract() == 0.0 { &day } else { &day_time };
                    ws.write_number_with_format(r, c, *d, format)?;
                }
            }
        }
    }
    for m in &sheet.merged {
        let text = sheet.value(m.first).text();
        // Excel rejects overlapping merges; a damaged input must not stop the fill.
        let _ = ws.merge_range(
            m.first.row,
            m.first.col as u16,
            m.last.row,
            m.last.col as u16,
            &text,
            &Format::new(),
        );
    }
    for d in &sheet.dropdowns {
        let Ok(validation) = DataValidation::new().allow_list_strings(&d.values) else {
            continue;
        };
        for r in &d.ranges {
            let _ = ws.add_data_validation(
                r.first.row,
                r.first.col as u16,
                r.last.row,
                r.last.col as u16,
                &validation,
            );
        }
    }
    for &(col, width) in &sheet.col_widths {
        ws.set_column_width(col as u16, width)?;
    }
    for &row in &sheet.hidden_rows {
        ws.set_row_hidden(row)?;
    }
    for &col in &sheet.hidden_cols {
        ws.set_column_hidden(col as u16)?;
    }
    if sheet.visibility != Visibility::Visible {
        ws.set_hidden(true);
    }
    Ok(())
}

fn write_summary(ws: &mut Worksheet, rows: &[Vec<String>]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let format = if r == 0 { &bold } else { &wrap };
            ws.write_string_with_format(r as u32, c as u16, cell_text(text), format)?;
        }
    }
    for (c, width) in [18.0, 8.0, 60.0, 40.0, 8.0, 24.0, 14.0]
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, width)?;
    }
    Ok(())
}

/// Excel's limit on the characters in one cell.
const MAX_CELL_CHARS: usize = 32_767;

/// `text` cut to what one cell may hold (a csv field can be any length; Excel's cells cannot).
fn cell_text(text: &str) -> &str {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// A name Excel accepts: no `[]:*?/\`, at most 31 characters, not empty.
pub(crate) fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let trimmed = cleaned
        .trim_matches('\'')
        .chars()
        .take(31)
        .collect::<String>();
    if trimmed.trim().is_empty() {
        "Sheet".into()
    } else {
        trimmed
    }
}

fn unique_name(base: &str, seen: &mut HashMap<String, usize>) -> String {
    let key = base.to_lowercase();
    let n = seen.entry(key).or_default();
    *n += 1;
    if *n == 1 {
        return base.to_string();
    }
    let suffix = format!(" ({n})");
    let keep = 31 - suffix.len();
    format!("{}{suffix}", base.chars().take(keep).collect::<String>())
}

/// Writes an answer as a number or as text, with the review and wrapping
/// formats (`formats`: review, long review, long).
fn write_text_or_number(
    ws: &mut rust_xlsxwriter::Worksheet,
    w: &super::CellWrite,
    text: &str,
    formats: (&Format, &Format, &Format),
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let (review, long_review, long) = formats;
    let (r, c) = (w.cell.row, w.cell.col as u16);
    match (w.number, w.highlight, super::wraps(text, w.number)) {
        (Some(n), true, _) => ws.write_number_with_format(r, c, n, review),
        (Some(n), false, _) => ws.write_number(r, c, n),
        (None, true, true) => ws.write_string_with_format(r, c, text, long_review),
        (None, true, false) => ws.write_string_with_format(r, c, text, review),
        (None, false, true) => ws.write_string_with_format(r, c, text, long),
        (None, false, false) => ws.write_string(r, c, text),
    }?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_excels_limit() {
        let long = "é".repeat(MAX_CELL_CHARS + 10);
        assert_eq!(cell_text(&long).chars().count(), MAX_CELL_CHARS);
        assert_eq!(cell_text("short"), "short");
        let mut ws = Worksheet::new();
        assert!(ws.write_string(0, 0, cell_text(&long)).is_ok());
    }

    #[test]
    fn dates_are_rebuilt_as_dates() {
        let mut sheet = Sheet::new("Due");
        // 2025-05-30, and 2025-06-15 12:30.
        sheet.rows = vec![vec![Value::Date(45_807.0), Value::Date(45_823.5208333)]];
        let book = Workbook {
            path: "q.xls".into(),
            format: crate::workbook::Format::Xls,
            sheets: vec![sheet],
        };
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("o.xlsx");
        let plan = WritePlan {
            writes: Vec::new(),
            summary: None,
        };
        write_new_xlsx(&book, &plan, &out).unwrap();
        let mut read = calamine::open_workbook_auto(&out).unwrap();
        let range = calamine::Reader::worksheet_range(&mut read, "Due").unwrap();
        let at = |c: u32| range.get_value((0, c)).cloned();
        assert!(matches!(at(0), Some(calamine::Data::DateTime(d)) if d.as_f64() == 45_807.0));
        assert!(matches!(at(1), Some(calamine::Data::DateTime(d)) if d.as_f64() > 45_823.5));
        assert_eq!(Value::Date(45_823.5208333).text(), "2025-06-15 12:30");
        assert_eq!(Value::Date(45_807.0).text(), "2025-05-30");
    }

    #[test]
    fn sheet_names_excel_accepts() {
        assert_eq!(sheet_name("a/b:c"), "a_b_c");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        assert_eq!(sheet_name("''"), "Sheet");
        let mut seen = HashMap::new();
        assert_eq!(unique_name("S", &mut seen), "S");
        assert_eq!(unique_name("s", &mut seen), "s (2)");
    }
}
