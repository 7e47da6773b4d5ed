//! Format-preserving edits to bank files (toml_edit): change one key of one
//! entry, add an alternate, append new entries. Everything not touched keeps
//! its comments, order and layout, so a curator's diff shows only the edit.
//! Every edited file is parsed again with the strict loader before it is
//! written.

use super::{BankEntry, entry, read_text};
use crate::date::Date;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value, value};

/// A new value for one key of an entry.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// A string key; `None` removes it.
    Text(Option<String>),
    /// A list key; empty removes it.
    List(Vec<String>),
    /// The `reviewed` date; `None` removes it.
    Date(Option<Date>),
}

/// One bank file being edited.
pub struct FileEdit {
    pub path: PathBuf,
    original: String,
    /// The file starts with a byte-order mark; its lines end in CR LF.
    bom: bool,
    crlf: bool,
    doc: DocumentMut,
    appended: String,
}

impl FileEdit {
    /// Opens a bank file for editing (a missing file starts empty).
    ///
    /// # Errors
    /// An unreadable file or invalid TOML.
    pub fn open(path: &Path) -> Result<FileEdit> {
        let original = if path.exists() {
            read_text(path)?
        } else {
            String::new()
        };
        let doc: DocumentMut =
            original
                .parse()
                .map_err(|e: toml_edit::TomlError| Error::BankSyntax {
                    path: path.to_path_buf(),
                    line: e
                        .span()
                        .map(|s| entry::line_of(&original, s.start))
                        .unwrap_or(1),
                    message: e.message().to_string(),
                })?;
        Ok(FileEdit {
            path: path.to_path_buf(),
            bom: original.starts_with('\u{feff}'),
            crlf: original.contains("\r\n"),
            original,
            doc,
            appended: String::new(),
        })
    }

    fn entry_mut(&mut self, id: &str) -> Option<&mut Table> {
        let entries: &mut ArrayOfTables = self.doc.get_mut("entry")?.as_array_of_tables_mut()?;
        entries
            .iter_mut()
            .find(|t| t.get("id").and_then(Item::as_str) == Some(id))
    }

    /// Sets (or removes) one key of the entry `id`; false when there is no such entry.
    pub fn set(&mut self, id: &str, key: &str, new: &FieldValue) -> bool {
        let Some(table) = self.entry_mut(id) else {
            return false;
        };
        match new {
            FieldValue::Text(None) | FieldValue::Date(None) => {
                table.remove(key);
            }
            FieldValue::List(items) if items.is_empty() => {
                table.remove(key);
            }
            FieldValue::Text(Some(text)) => set_keeping_decor(table, key, value(text.as_str())),
            FieldValue::List(items) => {
                let list = match table.get(key).and_then(Item::as_array) {
                    Some(old) => array_like(old, items),
                    None => array(items),
                };
                set_keeping_decor(table, key, Item::Value(Value::Array(list)))
            }
            FieldValue::Date(Some(d)) => {
                let date: Item = d
                    .to_string()
                    .parse::<Value>()
                    .map(Item::Value)
                    .unwrap_or_else(|_| value(d.to_string()));
                set_keeping_decor(table, key, date);
            }
        }
        true
    }

    /// Adds an alternate phrasing to the entry `id`; false when there is no such entry.
    pub fn add_alternate(&mut self, id: &str, text: &str) -> bool {
        let Some(table) = self.entry_mut(id) else {
            return false;
        };
        match table.get_mut("alternates").and_then(Item::as_array_mut) {
            Some(list) => {
                // A list written one item per line keeps its indentation.
                let line_prefix = line_prefix(list);
                list.push(text);
                if let Some(prefix) = line_prefix {
                    if let Some(last) = list.iter_mut().last() {
                        last.decor_mut().set_prefix(prefix);
                    }
                    list.set_trailing(",\n");
                    list.set_trailing_comma(false);
                }
            }
            None => {
                table.insert(
                    "alternates",
                    Item::Value(Value::Array(array(&[text.to_string()]))),
                );
            }
        }
        true
    }

    /// Appends a new entry at the end of the file.
    pub fn append(&mut self, entry: &BankEntry, comment: Option<&str>) {
        self.appended.push_str(&entry_block(entry, comment));
    }

    /// The edited text, checked with the strict loader, or `None` when nothing changed.
    ///
    /// # Errors
    /// The edit made the file invalid (for instance an empty answer or a bad id).
    pub fn finish(&self) -> Result<Option<String>> {
        let mut text = self.doc.to_string();
        if !self.appended.is_empty() {
            if !text.is_empty() && !text.ends_with("\n\n") {
                text.push_str(if text.ends_with('\n') { "\n" } else { "\n\n" });
            }
            text.push_str(&self.appended);
        }
        // Keep the file's byte-order mark and line endings, so that only
        // the edited lines differ.
        let mut text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
        if self.crlf {
            text = text.replace('\n', "\r\n");
        }
        if self.bom {
            text.insert(0, '\u{feff}');
        }
        if text == self.original {
            return Ok(None);
        }
        entry::parse_file(&self.path, &text)?;
        Ok(Some(text))
    }

    /// Writes the edit (to a temporary file, then renamed); false when nothing changed.
    ///
    /// # Errors
    /// An invalid result or a file that cannot be written.
    pub fn write(&self) -> Result<bool> {
        let Some(text) = self.finish()? else {
            return Ok(false);
        };
        crate::write::atomic::write_atomically(
            &self.path,
            crate::write::atomic::Overwrite::Replace,
            |tmp| {
                std::fs::write(tmp, text.as_bytes()).map_err(|source| Error::Io {
                    path: self.path.clone(),
                    source,
                })
            },
        )?;
        Ok(true)
    }
}

/// Writes every edit that changes its file as one change (see
/// [`crate::write::atomic::write_all_atomically`]), or with `dry_run` only
/// checks them; the paths of the files changed.
pub fn write_edits<'a>(
    edits: impl IntoIterator<Item = &'a FileEdit>,
    dry_run: bool,
) -> Result<Vec<PathBuf>> {
    let mut changed = Vec::new();
    for edit in edits {
        if let Some(text) = edit.finish()? {
            changed.push((edit.path.clone(), text));
        }
    }
    if !dry_run {
        crate::write::atomic::write_all_atomically(&changed)?;
    }
    Ok(changed.into_iter().map(|(path, _)| path).collect())
}

/// Replaces a key's value in place, keeping the key and the spacing and comment around the value.
fn set_keeping_decor(table: &mut Table, key: &str, mut item: Item) {
    match table.get_mut(key) {
        Some(slot) => {
            if let (Some(old), Some(new)) = (slot.as_value(), item.as_value_mut()) {
                *new.decor_mut() = old.decor().clone();
            }
            *slot = item;
        }
        None => {
            table.insert(key, item);
        }
    }
}

/// `items` as an array written as `old` is: the items it already held keep
/// their spacing and comments, and new ones take the indentation of its
/// lines, so that a git diff shows only the items that changed.
fn array_like(old: &Array, items: &[String]) -> Array {
    let Some(line_prefix) = line_prefix(old) else {
        return array(items);
    };
    let mut a: Array = items.iter().map(String::as_str).collect();
    for (i, v) in a.iter_mut().enumerate() {
        match old
            .get(i)
            .filter(|o| o.as_str() == items.get(i).map(String::as_str))
        {
            Some(o) => *v.decor_mut() = o.decor().clone(),
            None => v.decor_mut().set_prefix(line_prefix.clone()),
        }
    }
    a.set_trailing(old.trailing().as_str().unwrap_or(",\n"));
    a.set_trailing_comma(old.trailing_comma());
    a
}

/// How an array written one item per line starts each item's line (a
/// newline and its indentation), or `None` for an array on one line.
fn line_prefix(list: &Array) -> Option<String> {
    list.iter()
        .filter_map(|v| v.decor().prefix().and_then(|p| p.as_str()))
        .filter(|p| p.contains('\n'))
        .last()
        .map(|p| format!("\n{}", p.rsplit('\n').next().unwrap_or("    ")))
}

fn array(items: &[String]) -> Array {
    let mut a: Array = items.iter().map(String::as_str).collect();
    if items.len() > 1 && items.iter().map(String::len).sum::<usize>() > 60 {
        for v in a.iter_mut() {
            v.decor_mut().set_prefix("\n    ");
        }
        a.set_trailing(",\n");
    }
    a
}

fn quoted(text: &str) -> String {
    Value::from(text).to_string().trim().to_string()
}

/// A new entry as TOML text, in the order the starter bank uses.
pub fn entry_block(e: &BankEntry, comment: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(c) = comment {
        for line in c.lines() {
            out.push_str(&format!("# {line}\n"));
        }
    }
    out.push_str("[[entry]]\n");
    out.push_str(&format!("id = {}\n", quoted(&e.id)));
    out.push_str(&format!("question = {}\n", quoted(&e.question)));
    let list = |items: &[String]| array(items).to_string().trim().to_string();
    if !e.alternates.is_empty() {
        out.push_str(&format!("alternates = {}\n", list(&e.alternates)));
    }
    out.push_str(&format!("answer = {}\n", quoted(&e.answer)));
    for (key, v) in [("choice", &e.choice), ("detail", &e.detail)] {
        if let Some(v) = v {
            out.push_str(&format!("{key} = {}\n", quoted(v)));
        }
    }
    for (key, items) in [("controls", &e.controls), ("tags", &e.tags)] {
        if !items.is_empty() {
            out.push_str(&format!("{key} = {}\n", list(items)));
        }
    }
    if let Some(o) = &e.owner {
        out.push_str(&format!("owner = {}\n", quoted(o)));
    }
    if let Some(d) = e.reviewed {
        out.push_str(&format!("reviewed = {d}\n"));
    }
    if let Some(n) = &e.internal_note {
        out.push_str(&format!("internal_note = {}\n", quoted(n)));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests;
