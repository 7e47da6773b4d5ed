//! Checks against the real questionnaires of the shared workspace folder
//! (`/work/shared/realq`, or `QFILL_REALQ`). They are not part of the
//! repository (their licences forbid copying), so each test prints a notice and
//! passes when the folder is absent.

use super::fill_in_place;
use super::tests::first_difference;
use crate::cellref::{CellRef, column_index};
use crate::workbook::{self, Value, Workbook};
use crate::write::{CellWrite, WritePlan};
use serde_json::Value as Json;
use std::path::PathBuf;

fn realq_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("QFILL_REALQ")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/realq"));
    if dir.join("truth.json").is_file() {
        Some(dir)
    } else {
        eprintln!("skipped: no real questionnaires at {}", dir.display());
        None
    }
}

/// (file, sheet, answer column, truth sheet entry) for every xlsx answer sheet.
fn xlsx_sheets(dir: &std::path::Path) -> Vec<(PathBuf, String, u32, Json)> {
    let text = std::fs::read_to_string(dir.join("truth.json")).unwrap();
    let truth: Json = serde_json::from_str(&text).unwrap();
    let mut out = Vec::new();
    for (file, entry) in truth["files"].as_object().unwrap() {
        if entry["format"] != "xlsx" {
            continue;
        }
        for sheet in entry["sheets"].as_array().unwrap() {
            let col = column_index(sheet["answer_col"].as_str().unwrap()).unwrap();
            let name = sheet["sheet"].as_str().unwrap().to_string();
            out.push((dir.join(file), name, col, sheet.clone()));
        }
    }
    out
}

fn strings(v: &Json) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn realq_dropdowns() {
    let Some(dir) = realq_dir() else { return };
    let mut failures = Vec::new();
    let mut checked = 0;
    for (file, sheet_name, col, truth) in xlsx_sheets(&dir) {
        let book = workbook::read(&file).unwrap();
        let sheet = book.sheets.iter().find(|s| s.name == sheet_name).unwrap();
        let mut listed = std::collections::HashSet::new();
        for group in truth["answer_dropdowns"].as_array().unwrap() {
            let want = strings(&group["values"]);
            for row in group["rows"].as_array().unwrap() {
                let row = row.as_u64().unwrap() as u32;
                listed.insert(row);
                let cell = CellRef::new(row - 1, col);
                let got = sheet.dropdown_at(cell).map(<[String]>::to_vec);
                checked += 1;
                if got.as_ref() != Some(&want) {
                    failures.push(format!("{sheet_name}!{cell}: want {want:?}, got {got:?}"));
                }
            }
        }
        for q in truth["questions"].as_array().unwrap() {
            let row = q["row"].as_u64().unwrap() as u32;
            let cell = CellRef::new(row - 1, col);
            if !listed.contains(&row) && sheet.dropdown_at(cell).is_some() {
                failures.push(format!("{sheet_name}!{cell}: unexpected dropdown"));
            }
        }
    }
    eprintln!("checked {checked} answer cells with dropdowns");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every cell value of every sheet, for comparing books.
fn grid(book: &Workbook, sheet: &str) -> Vec<Vec<Value>> {
    book.sheets
        .iter()
        .find(|s| s.name == sheet)
        .map(|s| s.rows.clone())
        .unwrap_or_default()
}

/// A sheet name, its answer column and its truth entry.
type AnswerSheet = (String, u32, Json);

#[test]
fn realq_fill_in_place() {
    let Some(dir) = realq_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let mut files: Vec<(PathBuf, Vec<AnswerSheet>)> = Vec::new();
    for (file, sheet, col, truth) in xlsx_sheets(&dir) {
        match files.iter_mut().find(|(f, _)| *f == file) {
            Some((_, sheets)) => sheets.push((sheet, col, truth)),
            None => files.push((file, vec![(sheet, col, truth)])),
        }
    }
    for (i, (file, sheets)) in files.iter().enumerate() {
        let before = workbook::read(file).unwrap();
        let mut plan = WritePlan {
            writes: Vec::new(),
            summary: Some(vec![
                vec!["id".into(), "status".into()],
                vec!["X-01".into(), "answered".into()],
            ]),
        };
        for (sheet, col, truth) in sheets {
            let formula_rows: Vec<u64> = truth["answer_formula_rows"]
                .as_array()
                .map(|a| a.iter().filter_map(Json::as_u64).collect())
                .unwrap_or_default();
            let rows = truth["questions"].as_array().unwrap().iter();
            let rows = rows
                .filter_map(|q| q["row"].as_u64())
                .filter(|r| !formula_rows.contains(r));
            for (k, row) in rows.take(4).enumerate() {
                plan.writes.push(CellWrite {
                    sheet: sheet.clone(),
                    cell: CellRef::new(row as u32 - 1, *col),
                    text: format!("Yes & <{k}>"),
                    number: None,
                    boolean: None,
                    highlight: k % 2 == 0,
                    note: (k % 2 == 0).then(|| format!("qfill: suggested\nscore 0.{k}")),
                });
            }
        }
        let out = tmp.path().join(format!("out{i}.xlsx"));
        let warnings =
            fill_in_place(file, &plan, &out).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let after = workbook::read(&out).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        // A workbook whose structure is protected gets no summary sheet.
        let locked = warnings
            .iter()
            .any(|w| w.contains("structure is protected"));
        assert_eq!(
            after.sheets.len(),
            before.sheets.len() + usize::from(!locked),
            "{}",
            file.display()
        );
        for sheet in &before.sheets {
            let written: Vec<CellRef> = plan
                .writes
                .iter()
                .filter(|w| w.sheet == sheet.name)
                .map(|w| w.cell)
                .collect();
            let (a, b) = (grid(&before, &sheet.name), grid(&after, &sheet.name));
            if let Some(diff) = first_difference(&a, &b, &written) {
                panic!("{} sheet `{}`: {diff}", file.display(), sheet.name);
            }
            for w in plan.writes.iter().filter(|w| w.sheet == sheet.name) {
                let got = after.sheets.iter().find(|s| s.name == sheet.name).unwrap();
                assert_eq!(got.text(w.cell), w.text, "{} {}", file.display(), w.cell);
            }
        }
        if !locked {
            let summary = after.sheets.last().unwrap();
            assert_eq!(summary.text(CellRef::new(1, 0)), "X-01");
        }
        if let Ok(dest) = std::env::var("QFILL_REALQ_OUT") {
            std::fs::copy(&out, PathBuf::from(dest).join(file.file_name().unwrap())).unwrap();
        }
    }
}
