//! `bank import-xlsx`: apply a subject-matter expert's edits to a workbook made
//! by `bank export` back to the TOML files, changing only the keys whose value
//! changed (see [`super::edit`]), and report every change as a diff. Rows with
//! a new id become new entries in that sheet's file; entries missing from the
//! workbook are reported, never deleted.

use super::edit::{FieldValue, FileEdit};
use super::entry::normal_choice;
use super::export::{INTERNAL_COLUMN, META_MARK, META_SHEET};
use super::{AnswerBank, BankEntry};
use crate::cellref::CellRef;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::workbook::{self, Sheet, Value};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One changed key.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    pub file: String,
    pub line: usize,
    pub entry: String,
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// What an import changed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct XlsxImport {
    pub changes: Vec<Change>,
    /// New entries: (file, id).
    pub added: Vec<(String, String)>,
    /// Entries of the exported files that the workbook no longer lists (left as they are).
    pub not_in_workbook: Vec<String>,
    /// Sheets of the workbook that map to no bank file (renamed or added
    /// by hand): their rows are not read.
    pub unmapped_sheets: Vec<String>,
    /// The files whose text changes: written, or with `--dry-run` the ones
    /// that would be.
    pub files_changed: Vec<PathBuf>,
    /// Nothing was written (`--dry-run`).
    pub dry_run: bool,
}

/// One row read from the workbook.
struct Row {
    sheet: String,
    cell: CellRef,
    file: PathBuf,
    fields: Vec<(&'static str, FieldValue)>,
    /// The cell of each field, to name the one a problem is in.
    cells: Vec<(&'static str, CellRef)>,
    id: String,
}

/// Applies the edits in `xlsx` to the bank in `bank_dir` (or only computes them, with `dry_run`).
///
/// # Errors
/// A workbook that is not a qfill export, a bad cell (named by sheet and cell),
/// or an edit that would make a bank file invalid.
pub fn import_xlsx(xlsx: &Path, bank_dir: &Path, dry_run: bool) -> Result<XlsxImport> {
    let bank = AnswerBank::load(bank_dir)?;
    let book = workbook::read(xlsx)?;
    let files = meta(xlsx, &book.sheets)?;
    let exported = snapshot(&book.sheets);
    let mut rows = Vec::new();
    for (sheet_name, file) in &files {
        let Some(sheet) = book.sheets.iter().find(|s| &s.name == sheet_name) else {
            continue;
        };
        rows.extend(read_rows(xlsx, sheet, &bank_dir.join(file))?);
    }
    let mut out = XlsxImport {
        dry_run,
        ..XlsxImport::default()
    };
    let mut edits: BTreeMap<PathBuf, FileEdit> = BTreeMap::new();
    let mut seen = HashSet::new();
    for row in &rows {
        if !seen.insert(row.id.clone()) {
            return Err(cell_error(
                xlsx,
                row,
                format!("entry id `{}` appears twice in the workbook", row.id),
            ));
        }
        let (path, changes) = match bank.get(&row.id) {
            Some(existing) => {
                let edited = edited_fields(xlsx, row, existing, &exported)?;
                (existing.source.clone(), diff(existing, &edited))
            }
            None => (row.file.clone(), Vec::new()),
        };
        let edit = match edits.entry(path.clone()) {
            std::collections::btree_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::btree_map::Entry::Vacant(v) => v.insert(FileEdit::open(&path)?),
        };
        match bank.get(&row.id) {
            Some(existing) => {
                for (field, old, new, value) in changes {
                    edit.set(&row.id, field, &value);
                    out.changes.push(Change {
                        file: path.display().to_string(),
                        line: existing.line,
                        entry: row.id.clone(),
                        field,
                        old,
                        new,
                    });
                }
            }
            None => {
                edit.append(&new_entry(xlsx, row)?, None);
                out.added.push((path.display().to_string(), row.id.clone()));
            }
        }
    }
    out.not_in_workbook = not_in_workbook(&bank, &files, &seen);
    out.unmapped_sheets = book
        .sheets
        .iter()
        .map(|s| s.name.clone())
        .filter(|n| n != META_SHEET && !files.iter().any(|(sheet, _)| sheet == n))
        .collect();
    let touched: HashSet<String> = out
        .changes
        .iter()
        .map(|c| c.entry.clone())
        .chain(out.added.iter().map(|(_, id)| id.clone()))
        .collect();
    check_edited(xlsx, &bank, &edits, &rows, &touched)?;
    out.files_changed = super::edit::write_edits(edits.values(), dry_run)?;
    Ok(out)
}

/// Refuses the import when an entry it edits or adds would fail the lint
/// (an unknown control id, a `choice` the answer contradicts), so a
/// workbook edit never leaves an invalid bank behind for the next `bank
/// lint` to find.
fn check_edited(
    xlsx: &Path,
    bank: &AnswerBank,
    edits: &BTreeMap<PathBuf, FileEdit>,
    rows: &[Row],
    ids: &HashSet<String>,
) -> Result<()> {
    for edit in edits.values() {
        let Some(text) = edit.finish()? else {
            continue;
        };
        let parsed = super::entry::parse_file(&edit.path, &text)?;
        let touched: Vec<&super::BankEntry> =
            parsed.iter().filter(|e| ids.contains(&e.id)).collect();
        if let Some(f) = super::lint::entry_errors(&touched, bank.profile.as_ref()).first() {
            let message = format!(
                "{} (fix the cell and import again; nothing was written)",
                f.message
            );
            let row = rows
                .iter()
                .find(|r| f.entry.as_deref() == Some(r.id.as_str()));
            return Err(match row {
                Some(row) => Error::Cell {
                    path: xlsx.to_path_buf(),
                    sheet: row.sheet.clone(),
                    cell: cell_of(row, &f.message).to_string(),
                    message,
                },
                None => Error::Usage(format!("{}:{}: {message}", f.file, f.line)),
            });
        }
    }
    Ok(())
}

/// The cell of the field a finding's message quotes (a control id, a
/// placeholder), or the row's id cell.
fn cell_of(row: &Row, message: &str) -> CellRef {
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let holds = |value: &FieldValue| match value {
        FieldValue::Text(Some(t)) => quoted.iter().any(|q| t.contains(q)),
        FieldValue::List(items) => items.iter().any(|i| quoted.iter().any(|q| i.contains(q))),
        _ => false,
    };
    row.fields
        .iter()
        .filter(|(_, value)| holds(value))
        .find_map(|(name, _)| row.cells.iter().find(|(n, _)| n == name).map(|(_, c)| *c))
        .unwrap_or(row.cell)
}

/// The fields of a row the workbook changed since the export. With the
/// export's snapshot, a field whose cell still holds what was exported is
/// left alone, so an edit made to the bank since the export (a colleague's
/// commit) is not undone; a field changed on both sides is a conflict.
/// Without a snapshot (an older export), every field is compared with the bank.
fn edited_fields(
    xlsx: &Path,
    row: &Row,
    entry: &BankEntry,
    exported: &Snapshot,
) -> Result<Vec<(&'static str, FieldValue)>> {
    let mut out = Vec::new();
    for (name, value) in &row.fields {
        let Some(at_export) = exported.get(&(row.id.clone(), (*name).to_string())) else {
            out.push((*name, value.clone()));
            continue;
        };
        let in_workbook = fingerprint_of(value);
        if in_workbook == *at_export {
            continue;
        }
        let bank_now = current(entry, name);
        if fingerprint_of(&bank_now) != *at_export && bank_now != *value {
            return Err(cell_error(
                xlsx,
                row,
                format!(
                    "`{name}` of entry `{}` was changed both in the bank since the export and in \
                     the workbook; export again and redo this edit there",
                    row.id
                ),
            ));
        }
        out.push((*name, value.clone()));
    }
    Ok(out)
}

/// Per (entry id, field): the fingerprint of the value exported.
type Snapshot = HashMap<(String, String), String>;

/// Where the meta sheet keeps the snapshot: id, field and fingerprint columns.
pub(super) const SNAPSHOT_COLUMN: u16 = 3;

/// The export's snapshot from the meta sheet (empty for an older export).
fn snapshot(sheets: &[Sheet]) -> Snapshot {
    let Some(sheet) = sheets.iter().find(|s| s.name == META_SHEET) else {
        return Snapshot::new();
    };
    let c = usize::from(SNAPSHOT_COLUMN);
    sheet
        .rows
        .iter()
        .filter_map(|row| {
            let text = |i: usize| row.get(c + i).map(Value::text).unwrap_or_default();
            let (id, field, print) = (text(0), text(1), text(2));
            (!id.is_empty() && !print.is_empty()).then_some(((id, field), print))
        })
        .collect()
}

/// The fingerprint of an entry's field as exported (see [`snapshot`]).
pub(super) fn fingerprint(e: &BankEntry, field: &str) -> String {
    fingerprint_of(&current(e, field))
}

/// The names of the exported fields, `internal_note` last.
pub(super) fn field_names() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().map(|(name, _)| *name)
}

/// FNV-1a of a value's text, as 16 hex digits.
fn fingerprint_of(value: &FieldValue) -> String {
    let text = match value {
        FieldValue::List(items) => items.join("\n"),
        v => show(v),
    };
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// Entries of the exported files that the workbook no longer lists.
fn not_in_workbook(
    bank: &AnswerBank,
    files: &[(String, String)],
    seen: &HashSet<String>,
) -> Vec<String> {
    let exported: HashSet<&str> = files.iter().map(|(_, f)| f.as_str()).collect();
    bank.entries
        .iter()
        .filter(|e| !seen.contains(&e.id))
        .filter(|e| {
            e.source
                .file_name()
                .is_some_and(|n| exported.contains(n.to_string_lossy().as_ref()))
        })
        .map(|e| e.id.clone())
        .collect()
}

/// The (sheet, bank file) pairs of the hidden meta sheet.
fn meta(xlsx: &Path, sheets: &[Sheet]) -> Result<Vec<(String, String)>> {
    let not_export = || Error::WrongFile {
        path: xlsx.to_path_buf(),
        message: format!("not a qfill bank export (no `{META_SHEET}` sheet)"),
        hint: "make one with `qfill bank export -o bank.xlsx`, edit it, then import that",
    };
    let sheet = sheets
        .iter()
        .find(|s| s.name == META_SHEET)
        .ok_or_else(not_export)?;
    let text = |r: usize, c: usize| {
        sheet
            .rows
            .get(r)
            .and_then(|row| row.get(c))
            .map(Value::text)
            .unwrap_or_default()
    };
    if text(0, 0) != META_MARK {
        return Err(not_export());
    }
    Ok((1..sheet.rows.len())
        .map(|r| (text(r, 0), text(r, 1)))
        .filter(|(s, f)| !s.is_empty() && f.ends_with(".toml") && !f.contains(['/', '\\']))
        .collect())
}

fn cell_error(xlsx: &Path, row: &Row, message: String) -> Error {
    Error::Cell {
        path: xlsx.to_path_buf(),
        sheet: row.sheet.clone(),
        cell: row.cell.to_string(),
        message,
    }
}

fn read_rows(xlsx: &Path, sheet: &Sheet, file: &Path) -> Result<Vec<Row>> {
    let header: Vec<String> = sheet
        .rows
        .first()
        .map(|r| r.iter().map(|v| v.text().trim().to_lowercase()).collect())
        .unwrap_or_default();
    let col = |name: &str| header.iter().position(|h| h == name);
    let Some(id_col) = col("id") else {
        return Err(Error::Cell {
            path: xlsx.to_path_buf(),
            sheet: sheet.name.clone(),
            cell: "A1".into(),
            message: "no `id` column in the header row".into(),
        });
    };
    let mut rows = Vec::new();
    for (r, cells) in sheet.rows.iter().enumerate().skip(1) {
        let text = |c: usize| {
            cells
                .get(c)
                .map(Value::text)
                .unwrap_or_default()
                .trim()
                .to_string()
        };
        if cells.iter().all(Value::is_blank) {
            continue;
        }
        let cell = CellRef {
            row: r as u32,
            col: id_col as u32,
        };
        let id = text(id_col);
        let mut row = Row {
            sheet: sheet.name.clone(),
            cell,
            file: file.to_path_buf(),
            fields: Vec::new(),
            cells: Vec::new(),
            id,
        };
        if row.id.is_empty() {
            return Err(cell_error(xlsx, &row, "the row has no entry id".into()));
        }
        for (name, kind) in FIELDS {
            let Some(c) = col(name) else { continue };
            let at = CellRef::new(r as u32, c as u32);
            if sheet.formulas.contains(&at) {
                return Err(Error::Cell {
                    path: xlsx.to_path_buf(),
                    sheet: sheet.name.clone(),
                    cell: at.to_string(),
                    message: format!(
                        "the `{name}` cell holds a formula; type the value itself (qfill does not \
                         compute formulas, and an empty result would delete the key)"
                    ),
                });
            }
            let raw = text(c);
            row.cells.push((name, at));
            if raw.is_empty() && matches!(name, "question" | "answer") {
                return Err(Error::Cell {
                    path: xlsx.to_path_buf(),
                    sheet: sheet.name.clone(),
                    cell: at.to_string(),
                    message: format!(
                        "the `{name}` of entry `{}` is empty; every entry needs one (an entry is removed in its TOML file, not here)",
                        row.id
                    ),
                });
            }
            let value = match kind {
                Kind::Text => FieldValue::Text((!raw.is_empty()).then_some(raw)),
                Kind::List => FieldValue::List(
                    raw.lines()
                        // Ids hold no commas, so "SOC2:CC6.1, ISO27001:A.8.24"
                        // on one line is two; phrasings may hold commas.
                        .flat_map(|l| match name {
                            "controls" | "tags" => l.split([',', ';']).collect::<Vec<_>>(),
                            _ => vec![l],
                        })
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(String::from)
                        .collect(),
                ),
                Kind::Date if raw.is_empty() => FieldValue::Date(None),
                Kind::Choice if raw.is_empty() => FieldValue::Text(None),
                Kind::Date | Kind::Choice => {
                    let at = Row {
                        cell: CellRef {
                            row: r as u32,
                            col: c as u32,
                        },
                        fields: Vec::new(),
                        cells: Vec::new(),
                        id: String::new(),
                        sheet: sheet.name.clone(),
                        file: file.to_path_buf(),
                    };
                    match kind {
                        Kind::Date => {
                            FieldValue::Date(Some(Date::parse(&raw).ok_or_else(|| {
                                cell_error(
                                    xlsx,
                                    &at,
                                    format!("`{raw}` is not a date (use YYYY-MM-DD)"),
                                )
                            })?))
                        }
                        _ => FieldValue::Text(Some(normal_choice(&raw).ok_or_else(|| {
                            cell_error(xlsx, &at, format!("`{raw}` is not Yes, No or N/A"))
                        })?)),
                    }
                }
            };
            row.fields.push((name, value));
        }
        rows.push(row);
    }
    Ok(rows)
}

enum Kind {
    Text,
    List,
    Date,
    /// Yes / No / N/A, normalised.
    Choice,
}

const FIELDS: [(&str, Kind); 10] = [
    ("question", Kind::Text),
    ("alternates", Kind::List),
    ("answer", Kind::Text),
    ("choice", Kind::Choice),
    ("detail", Kind::Text),
    ("controls", Kind::List),
    ("tags", Kind::List),
    ("owner", Kind::Text),
    ("reviewed", Kind::Date),
    (INTERNAL_COLUMN, Kind::Text),
];

fn current(e: &BankEntry, field: &str) -> FieldValue {
    match field {
        "question" => FieldValue::Text(Some(e.question.trim().to_string())),
        "alternates" => {
            FieldValue::List(e.alternates.iter().map(|a| a.trim().to_string()).collect())
        }
        "answer" => FieldValue::Text(Some(e.answer.trim().to_string())),
        "choice" => FieldValue::Text(e.choice.clone()),
        "detail" => FieldValue::Text(e.detail.as_ref().map(|d| d.trim().to_string())),
        "controls" => FieldValue::List(e.controls.clone()),
        "tags" => FieldValue::List(e.tags.clone()),
        "owner" => FieldValue::Text(e.owner.clone()),
        "reviewed" => FieldValue::Date(e.reviewed),
        _ => FieldValue::Text(e.internal_note.as_ref().map(|n| n.trim().to_string())),
    }
}

fn show(v: &FieldValue) -> String {
    match v {
        FieldValue::Text(t) => t.clone().unwrap_or_default(),
        FieldValue::List(items) => items.join(" | "),
        FieldValue::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
    }
}

type FieldChange = (&'static str, String, String, FieldValue);

fn diff(e: &BankEntry, fields: &[(&'static str, FieldValue)]) -> Vec<FieldChange> {
    fields
        .iter()
        .filter_map(|(name, new)| {
            let old = current(e, name);
            (old != *new).then(|| (*name, show(&old), show(new), new.clone()))
        })
        .collect()
}

fn new_entry(xlsx: &Path, row: &Row) -> Result<BankEntry> {
    let get = |name: &str| {
        row.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    };
    let text = |name: &str| match get(name) {
        Some(FieldValue::Text(t)) => t,
        _ => None,
    };
    let list = |name: &str| match get(name) {
        Some(FieldValue::List(l)) => l,
        _ => Vec::new(),
    };
    let (Some(question), Some(answer)) = (text("question"), text("answer")) else {
        return Err(cell_error(
            xlsx,
            row,
            format!("new entry `{}` needs a question and an answer", row.id),
        ));
    };
    let mut e = BankEntry::new(&row.id, &question, &answer);
    e.alternates = list("alternates");
    e.choice = text("choice");
    e.detail = text("detail");
    e.controls = list("controls");
    e.tags = list("tags");
    e.owner = text("owner");
    e.reviewed = match get("reviewed") {
        Some(FieldValue::Date(d)) => d,
        _ => None,
    };
    e.internal_note = text(INTERNAL_COLUMN);
    Ok(e)
}

#[cfg(test)]
mod tests;
