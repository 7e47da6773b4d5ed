//! The fill half of `cargo xtask realq`: fills every real xlsx/xlsm with the
//! starter bank and checks the in-place writer's promises on each: every part
//! it had no reason to touch is unchanged, every cell it did not write holds
//! the same value, it never wrote into a formula cell, and every value written
//! into a dropdown cell is one of the dropdown's values.

use anyhow::{Context, Result, bail};
use calamine::{Reader, open_workbook_auto};
use qfill::bank::AnswerBank;
use qfill::detect::{self, Overrides};
use qfill::fill::{FillOptions, fill};
use qfill::matcher::Matcher;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

/// Parts the writer may change: sheets it writes to and the package plumbing
/// that a new style, note or summary sheet has to touch.
fn may_change(name: &str, written_parts: &HashSet<String>) -> bool {
    written_parts.contains(name)
        || name == "xl/styles.xml"
        || name == "[Content_Types].xml"
        || name == "xl/workbook.xml"
        || name == "xl/_rels/workbook.xml.rels"
        || name == "docProps/app.xml"
        || name == "xl/calcChain.xml"
        || name.starts_with("xl/worksheets/_rels/")
        || name.starts_with("xl/comments")
        || name.starts_with("xl/drawings/vmlDrawing")
}

/// Fills `path` and checks the invariants; returns a one-line summary and the report's items.
pub fn check(
    path: &Path,
    bank: &AnswerBank,
    matcher: &Matcher,
    answered_at: Option<f64>,
) -> Result<(String, Vec<qfill::report::Item>)> {
    let work = tempfile::tempdir()?;
    let out = filled_path(work.path(), path);
    let report = fill(path, bank, matcher, &options(out.clone(), answered_at))?;
    let written: Vec<&qfill::report::Item> = report.items.iter().filter(|i| i.written).collect();
    let mut cells: HashMap<&str, HashSet<String>> = HashMap::new();
    for i in &written {
        let set = cells.entry(i.sheet.as_str()).or_default();
        set.insert(i.answer_cell.clone());
        set.extend(i.comment_cell.clone());
    }
    let book = qfill::workbook::read(path)?;
    check_dropdowns_and_formulas(&book, &written)?;
    check_values(path, &out, &cells)?;
    let changed = check_parts(path, &out)?;
    let summary = format!(
        "{} written; parts changed: {}",
        written.len(),
        changed.join(" ")
    );
    Ok((summary, report.items))
}

/// The report items of `path` filled as if it were blank: a vendor's
/// answers already in it are replaced, so every question gets qfill's own
/// status (the invariants are checked on the ordinary fill, not this one).
pub fn items_as_blank(
    path: &Path,
    bank: &AnswerBank,
    matcher: &Matcher,
    answered_at: Option<f64>,
) -> Result<Vec<qfill::report::Item>> {
    let work = tempfile::tempdir()?;
    let mut opts = options(filled_path(work.path(), path), answered_at);
    opts.overwrite_answers = true;
    Ok(fill(path, bank, matcher, &opts)?.items)
}

/// Fill options writing to `out`, with `answered_at` in place of the default.
fn options(out: std::path::PathBuf, answered_at: Option<f64>) -> FillOptions {
    let mut opts = FillOptions::new(out);
    if let Some(t) = answered_at {
        opts.thresholds.answered_at = t;
    }
    opts
}

/// Where the filled copy of `input` goes in `dir`: the same extension, so
/// the writer keeps the format.
fn filled_path(dir: &Path, input: &Path) -> std::path::PathBuf {
    let ext = input
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!("filled.{ext}"))
}

fn check_dropdowns_and_formulas(
    book: &qfill::workbook::Workbook,
    written: &[&qfill::report::Item],
) -> Result<()> {
    let found = detect::detect(book, &Overrides::default());
    for i in written {
        let Some(layout) = found.sheets.iter().find(|s| s.name == i.sheet) else {
            continue;
        };
        let Some(q) = layout
            .questions
            .iter()
            .find(|q| q.answer_cell.to_string() == i.answer_cell)
        else {
            continue;
        };
        if q.writable == detect::Writable::Formula {
            bail!(
                "{}!{} holds a formula but was written",
                i.sheet,
                i.answer_cell
            );
        }
        if let (Some(choices), Some(answer)) = (&q.choices, &i.answer)
            && !choices.contains(answer)
        {
            bail!(
                "{}!{}: `{answer}` is not one of the dropdown values {choices:?}",
                i.sheet,
                i.answer_cell
            );
        }
    }
    Ok(())
}

/// Every cell outside the written ones reads back with the same value.
fn check_values(
    input: &Path,
    output: &Path,
    written: &HashMap<&str, HashSet<String>>,
) -> Result<()> {
    let mut a = open_workbook_auto(input)?;
    let mut b = open_workbook_auto(output)?;
    for name in a.sheet_names() {
        let ra = a.worksheet_range(&name)?;
        let rb = b
            .worksheet_range(&name)
            .with_context(|| format!("sheet `{name}` is missing from the output"))?;
        let allowed = written.get(name.as_str());
        for (r, c, v) in ra.used_cells() {
            let (r0, c0) = ra.start().unwrap_or((0, 0));
            let pos = (r0 + r as u32, c0 + c as u32);
            let cell = qfill::cellref::CellRef::new(pos.0, pos.1).to_string();
            if allowed.is_some_and(|s| s.contains(&cell)) {
                continue;
            }
            if rb.get_value(pos) != Some(v) {
                bail!(
                    "sheet `{name}` cell {cell} changed: {v:?} became {:?}",
                    rb.get_value(pos)
                );
            }
        }
    }
    Ok(())
}

/// Parts outside the allowed set are byte-identical after decompression; returns the changed ones.
fn check_parts(input: &Path, output: &Path) -> Result<Vec<String>> {
    let (a, b) = (parts(input)?, parts(output)?);
    let sheets_written: HashSet<String> = a
        .keys()
        .filter(|n| n.starts_with("xl/worksheets/sheet") && b.get(*n) != a.get(*n))
        .cloned()
        .collect();
    let mut changed = Vec::new();
    for (name, bytes) in &a {
        match b.get(name) {
            Some(other) if other == bytes => {}
            Some(_) | None if may_change(name, &sheets_written) => changed.push(name.clone()),
            Some(_) => bail!("part {name} changed though nothing was written to it"),
            None => bail!("part {name} is missing from the output"),
        }
    }
    changed.sort();
    Ok(changed)
}

fn parts(path: &Path) -> Result<HashMap<String, Vec<u8>>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path)?)?;
    let mut out = HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i)?;
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes)?;
        out.insert(f.name().to_string(), bytes);
    }
    Ok(out)
}
