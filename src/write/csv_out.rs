//! Writes a filled csv for csv questionnaires (`fill --format csv`): the input's
//! records with the planned answers in place. A spreadsheet opening the file
//! would run a cell that starts with `=`, `+`, `-`, `@`, tab or carriage return
//! as a formula, so such written values get a leading `'` (the usual defence
//! against csv injection). Cells qfill did not write are kept as they were,
//! and the file keeps the input's separator, quoting, line ending, encoding
//! and BOM (see [`Dialect`]).

use super::WritePlan;
use crate::error::{Error, Result};
use crate::workbook::{Dialect, Workbook};
use std::collections::BTreeMap;
use std::path::Path;

/// Writes the first sheet of `book` with `plan`'s cell writes as csv at `output`.
///
/// # Errors
/// The workbook has no sheet, or the file cannot be written.
pub fn write_csv(book: &Workbook, plan: &WritePlan, output: &Path) -> Result<()> {
    let sheet = book
        .sheets
        .first()
        .ok_or_else(|| Error::Usage(format!("{}: nothing to write as csv", book.path.display())))?;
    let records = crate::workbook::csv_records(&book.path)?;
    // The records qfill fills, with their new fields.
    let mut filled: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for w in plan.writes.iter().filter(|w| w.sheet == sheet.name) {
        let (r, c) = (w.cell.row as usize, w.cell.col as usize);
        let row = filled
            .entry(r)
            .or_insert_with(|| records.rows.get(r).cloned().unwrap_or_default());
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = defuse(&w.text);
    }
    let dialect = records.dialect;
    let io = |e: csv::Error| Error::Io {
        path: output.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    };
    // Every byte of a record qfill does not fill is kept: its quoting,
    // spacing, a bare quote inside a field, the line endings and blank lines
    // between records, and a last line without an ending. A filled record
    // keeps its own length: a short line is not padded to the table's width.
    let text = &records.text;
    let (mut out, mut at, mut beyond) = (String::new(), 0, Vec::new());
    for (r, fields) in &filled {
        match records.spans.get(*r).cloned().flatten() {
            Some(span) => {
                out.push_str(&text[at..span.start]);
                out.push_str(&record_text(fields, &dialect).map_err(io)?);
                at = span.end;
            }
            None => beyond.push(fields),
        }
    }
    out.push_str(&text[at..]);
    // A record past the file's last (or on a blank line) goes at the end.
    let ending = if dialect.crlf { "\r\n" } else { "\n" };
    for fields in beyond {
        if !out.is_empty() && !out.ends_with(['\n', '\r']) {
            out.push_str(ending);
        }
        out.push_str(&record_text(fields, &dialect).map_err(io)?);
        out.push_str(ending);
    }
    std::fs::write(output, dialect.encode(&out)).map_err(|source| Error::Io {
        path: output.to_path_buf(),
        source,
    })
}

/// One record written in the file's dialect, without a line ending.
fn record_text(fields: &[String], dialect: &Dialect) -> std::result::Result<String, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .delimiter(dialect.delimiter)
        .quote_style(if dialect.quote_all {
            csv::QuoteStyle::Always
        } else {
            csv::QuoteStyle::Necessary
        })
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    out.write_record(fields)?;
    let bytes = out
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    // The csv writer was given only UTF-8 strings.
    let text = String::from_utf8_lossy(&bytes);
    Ok(text.strip_suffix('\n').unwrap_or(&text).to_string())
}

/// Text that a spreadsheet will not run as a formula.
pub fn defuse(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        for (raw, want) in [
            ("=1+1", "'=1+1"),
            ("+1", "'+1"),
            ("-x", "'-x"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("Yes", "Yes"),
        ] {
            assert_eq!(defuse(raw), want);
        }
    }
}
