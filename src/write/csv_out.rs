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
    let mut rows = crate::workbook::csv_records(&book.path)?;
    for w in plan.writes.iter().filter(|w| w.sheet == sheet.name) {
        let (r, c) = (w.cell.row as usize, w.cell.col as usize);
        if rows.len() <= r {
            rows.resize(r + 1, Vec::new());
        }
        if rows[r].len() <= c {
            rows[r].resize(c + 1, String::new());
        }
        rows[r][c] = defuse(&w.text);
    }
    let input = std::fs::read(&book.path).map_err(|source| Error::Io {
        path: book.path.clone(),
        source,
    })?;
    let dialect = Dialect::of(&input);
    // Records keep their own lengths: a one-field title line above the
    // header stays one field, not padded with separators to the table's width.
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .delimiter(dialect.delimiter)
        .quote_style(if dialect.quote_all {
            csv::QuoteStyle::Always
        } else {
            csv::QuoteStyle::Necessary
        })
        .terminator(if dialect.crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    let io = |e: csv::Error| Error::Io {
        path: output.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    };
    for row in rows {
        // An empty record is written as an empty line (the writer would
        // quote a lone empty field).
        if row.is_empty() {
            out.write_record(None::<&[u8]>).map_err(io)?;
        } else {
            out.write_record(&row).map_err(io)?;
        }
    }
    let bytes = out.into_inner().map_err(|e| io(e.into_error().into()))?;
    // The csv writer was given only UTF-8 strings.
    let mut text = String::from_utf8_lossy(&bytes).into_owned();
    // A file whose last line has no line ending keeps it that way.
    if !crate::workbook::csv_text(&input).ends_with(['\n', '\r']) {
        let kept = text.trim_end_matches(['\n', '\r']).len();
        text.truncate(kept);
    }
    std::fs::write(output, dialect.encode(&text)).map_err(|source| Error::Io {
        path: output.to_path_buf(),
        source,
    })
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
