//! `bank export`: the bank as a workbook for subject-matter experts who live in
//! spreadsheets. One sheet per bank file, one row per entry, every field in
//! its own column (lists one item per line), a frozen header with filters,
//! wrapped text and a Yes / No / N/A dropdown on the short answer that still
//! accepts a phrase, and a strict one on `choice`. A hidden `qfill` sheet records which file each sheet came
//! from, so `bank import-xlsx` can apply the edits back.
//!
//! `internal_note` stays out unless asked for: the workbook may travel further
//! than the bank.

use super::{AnswerBank, BankEntry};
use crate::error::{Error, Result};
use crate::write::atomic::{Overwrite, write_atomically};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatBorder, Workbook, Worksheet,
};
use std::collections::BTreeMap;
use std::path::Path;

/// The name of the hidden sheet that maps sheets to bank files.
pub const META_SHEET: &str = "qfill";
/// The first cell of the meta sheet, which marks the workbook as an export.
pub const META_MARK: &str = "qfill bank export v1";

/// The columns, in order: (header, width).
pub const COLUMNS: &[(&str, f64)] = &[
    ("id", 28.0),
    ("question", 50.0),
    ("alternates", 50.0),
    ("answer", 18.0),
    ("choice", 10.0),
    ("detail", 70.0),
    ("controls", 20.0),
    ("tags", 18.0),
    ("owner", 26.0),
    ("reviewed", 12.0),
];
/// The extra column written with `include_internal`.
pub const INTERNAL_COLUMN: &str = "internal_note";

/// Rows below the entries that still get the answer dropdown (for new entries).
const SPARE_ROWS: u32 = 200;

/// What to export.
#[derive(Debug, Clone, Copy)]
pub struct ExportOptions {
    pub include_internal: bool,
    pub overwrite: Overwrite,
}

/// Writes `bank` to `output` as a workbook; returns the number of entries written.
///
/// # Errors
/// An output that exists (without overwrite) or cannot be written.
pub fn export(bank: &AnswerBank, output: &Path, opts: ExportOptions) -> Result<usize> {
    let mut by_file: BTreeMap<String, Vec<&BankEntry>> = BTreeMap::new();
    for e in &bank.entries {
        let name = e
            .source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        by_file.entry(name).or_default().push(e);
    }
    let xlsx_err = |e: rust_xlsxwriter::XlsxError| Error::Unreadable {
        path: output.to_path_buf(),
        message: format!("cannot write the workbook: {e}"),
    };
    check_cell_sizes(bank, opts.include_internal)?;
    let mut book = Workbook::new();
    let mut meta = vec![(META_MARK.to_string(), String::new())];
    for (file, entries) in &by_file {
        let name = sheet_name(file, meta.iter().map(|(s, _)| s.as_str()));
        let sheet = book.add_worksheet();
        sheet.set_name(&name).map_err(xlsx_err)?;
        write_sheet(sheet, entries, opts.include_internal).map_err(xlsx_err)?;
        meta.push((name, file.clone()));
    }
    let sheet = book.add_worksheet();
    sheet.set_name(META_SHEET).map_err(xlsx_err)?;
    for (r, (a, b)) in meta.iter().enumerate() {
        sheet.write_string(r as u32, 0, a).map_err(xlsx_err)?;
        sheet.write_string(r as u32, 1, b).map_err(xlsx_err)?;
    }
    // A fingerprint of every exported value, so `import-xlsx` applies only
    // the cells edited in the workbook, never an old value over a later
    // commit to the bank.
    let fields: Vec<&str> = super::import_xlsx::field_names()
        .filter(|f| opts.include_internal || *f != INTERNAL_COLUMN)
        .collect();
    let col = super::import_xlsx::SNAPSHOT_COLUMN;
    let mut r = 0u32;
    for e in by_file.values().flatten() {
        for field in &fields {
            let print = super::import_xlsx::fingerprint(e, field);
            sheet.write_string(r, col, &e.id).map_err(xlsx_err)?;
            sheet.write_string(r, col + 1, *field).map_err(xlsx_err)?;
            sheet.write_string(r, col + 2, &print).map_err(xlsx_err)?;
            r += 1;
        }
    }
    sheet.set_hidden(true);
    write_atomically(output, opts.overwrite, |tmp| {
        book.save(tmp).map_err(xlsx_err)
    })?;
    Ok(bank.entries.len())
}

/// A valid, unique sheet name for a bank file (`access.toml` → `access`).
fn sheet_name<'a>(file: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    let stem = file.strip_suffix(".toml").unwrap_or(file);
    let clean: String = stem
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let base = if clean.is_empty() || clean == META_SHEET {
        format!("{clean}_")
    } else {
        clean
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.clone().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// Most characters a spreadsheet cell holds.
const MAX_CELL_CHARS: usize = 32_767;

/// Refuses, naming the entry and field, a value longer than a cell holds
/// (the workbook writer would fail without saying which).
fn check_cell_sizes(bank: &AnswerBank, include_internal: bool) -> Result<()> {
    for e in &bank.entries {
        let cells = entry_cells(e, include_internal);
        let columns = COLUMNS.iter().map(|(h, _)| *h).chain([INTERNAL_COLUMN]);
        for (text, column) in cells.iter().zip(columns) {
            let chars = text.chars().count();
            if chars > MAX_CELL_CHARS {
                return Err(Error::BankSyntax {
                    path: e.source.clone(),
                    line: e.line,
                    message: format!(
                        "entry `{}`: its `{column}` is {chars} characters, more than a spreadsheet \
                         cell holds ({MAX_CELL_CHARS}); shorten it to export the bank",
                        e.id
                    ),
                });
            }
        }
    }
    Ok(())
}

/// The cells of one entry, in column order.
pub fn entry_cells(e: &BankEntry, include_internal: bool) -> Vec<String> {
    let mut cells = vec![
        e.id.clone(),
        e.question.clone(),
        e.alternates.join("\n"),
        e.answer.clone(),
        e.choice.clone().unwrap_or_default(),
        e.detail.clone().unwrap_or_default(),
        e.controls.join("\n"),
        e.tags.join("\n"),
        e.owner.clone().unwrap_or_default(),
        e.reviewed.map(|d| d.to_string()).unwrap_or_default(),
    ];
    if include_internal {
        cells.push(e.internal_note.clone().unwrap_or_default());
    }
    cells
}

fn write_sheet(
    sheet: &mut Worksheet,
    entries: &[&BankEntry],
    include_internal: bool,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_background_color("DDEBF7")
        .set_border_bottom(FormatBorder::Thin);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let mut columns: Vec<(&str, f64)> = COLUMNS.to_vec();
    if include_internal {
        columns.push((INTERNAL_COLUMN, 40.0));
    }
    for (c, (name, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &header)?;
        sheet.set_column_width(c as u16, *width)?;
    }
    for (r, e) in entries.iter().enumerate() {
        for (c, text) in entry_cells(e, include_internal).iter().enumerate() {
            // Text, never a formula: an answer may begin with `=`.
            sheet.write_string_with_format(r as u32 + 1, c as u16, text, &wrap)?;
        }
    }
    let last_row = entries.len() as u32;
    let last_col = columns.len() as u16 - 1;
    sheet.set_freeze_panes(1, 1)?;
    sheet.autofilter(0, 0, last_row.max(1), last_col)?;
    let answers = DataValidation::new()
        .allow_list_strings(&["Yes", "No", "N/A"])?
        .set_error_style(DataValidationErrorStyle::Information)
        .set_error_message("Yes, No or N/A are usual; a short phrase is fine too.")?;
    let answer_col = COLUMNS
        .iter()
        .position(|(n, _)| *n == "answer")
        .unwrap_or(3) as u16;
    sheet.add_data_validation(1, answer_col, last_row + SPARE_ROWS, answer_col, &answers)?;
    // The choice is strict: import refuses anything but Yes, No or N/A.
    let choices = DataValidation::new()
        .allow_list_strings(&["Yes", "No", "N/A"])?
        .set_error_message("Yes, No or N/A: what the answer amounts to in a Yes/No dropdown.")?;
    let choice_col = answer_col + 1;
    sheet.add_data_validation(1, choice_col, last_row + SPARE_ROWS, choice_col, &choices)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let cases = [
            ("access.toml", vec![], "access"),
            ("qfill.toml", vec![], "qfill_"),
            ("a:b?.toml", vec![], "a_b_"),
            ("access.toml", vec!["Access"], "access2"),
            (
                "a-very-long-file-name-for-a-bank-domain.toml",
                vec![],
                "a-very-long-file-name-for-a-",
            ),
        ];
        for (file, taken, want) in cases {
            assert_eq!(sheet_name(file, taken.iter().copied()), want, "{file}");
        }
    }

    #[test]
    fn a_value_too_long_for_a_cell_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let long = "x".repeat(MAX_CELL_CHARS + 1);
        std::fs::write(
            tmp.path().join("a.toml"),
            format!("[[entry]]\nid = \"big\"\nquestion = \"Q?\"\nanswer = \"Yes\"\ndetail = \"{long}\"\n"),
        )
        .unwrap();
        let bank = AnswerBank::load(tmp.path()).unwrap();
        let opts = ExportOptions {
            include_internal: false,
            overwrite: Overwrite::Replace,
        };
        let err = export(&bank, &tmp.path().join("b.xlsx"), opts)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("entry `big`: its `detail` is 32768 characters"),
            "{err}"
        );
        assert!(!tmp.path().join("b.xlsx").exists());
    }
}
