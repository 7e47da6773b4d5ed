//! Reads a csv questionnaire into one sheet: UTF-8 (with or without BOM),
//! UTF-16 with BOM, or Windows-1252 when the bytes are not UTF-8; `,`, `;` or
//! tab separated (whichever splits the first lines most consistently).

use super::{Sheet, Value};
use crate::error::{Error, Result};
use crate::limits::{self, MAX_CSV_BYTES};
use std::path::Path;

pub(super) fn read(path: &Path) -> Result<Sheet> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_CSV_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            what: format!(
                "the csv file is {}, more than qfill reads ({}); keep only the questionnaire's rows",
                limits::bytes(size),
                limits::bytes(MAX_CSV_BYTES)
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let text = decode(&bytes);
    let delimiter = guess_delimiter(&text);
    if let Some(line) = unclosed_quote(&text, delimiter) {
        return Err(Error::Unreadable {
            path: path.to_path_buf(),
            message: format!(
                "line {line}: a quoted field opens here and never closes, so the rest of the file would read as one cell; close the quote (write a quote inside a field as \"\") and save again"
            ),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut sheet = Sheet::new(&sheet_name(path));
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| Error::Unreadable {
            path: path.to_path_buf(),
            message: format!("record {}: malformed csv ({e})", i + 1),
        })?;
        let mut row: Vec<Value> = record
            .iter()
            .map(|f| {
                if f.is_empty() {
                    Value::Empty
                } else {
                    Value::Text(f.to_string())
                }
            })
            .collect();
        while row.last().is_some_and(|v| *v == Value::Empty) {
            row.pop();
        }
        sheet.rows.push(row);
    }
    Ok(sheet)
}

/// The sheet name a spreadsheet application gives a csv file: its stem.
fn sheet_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Sheet1".into())
}

/// Decodes by BOM, else UTF-8, else Windows-1252 (a superset of Latin-1 for text).
pub(crate) fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The 1-based line where a quoted field opens and is never closed, if any.
/// A quote opens a field only at its start; inside, `""` is an escaped quote.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let (mut line, mut opened_at) = (1usize, None);
    let mut at_field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if opened_at.is_some() {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    opened_at = None;
                }
            }
        } else if c == '"' && at_field_start {
            opened_at = Some(line);
        }
        at_field_start = opened_at.is_none() && (c == delimiter as char || c == '\n' || c == '\r');
        if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
            line += 1;
        }
    }
    opened_at
}

fn guess_delimiter(text: &str) -> u8 {
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t'] {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(text.as_bytes());
        let widths: Vec<usize> = reader
            .records()
            .take(20)
            .filter_map(|r| r.ok())
            .map(|r| r.len())
            .collect();
        let multi = widths.iter().filter(|&&w| w > 1).count();
        if multi > best.1 {
            best = (d, multi);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_bytes(bytes: &[u8]) -> Sheet {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("q.csv");
        std::fs::write(&path, bytes).unwrap();
        read(&path).unwrap()
    }

    #[test]
    fn encodings_and_separators() {
        let s = read_bytes(b"\xEF\xBB\xBFID,Question\r\n1,\"Multi\r\nline\"\r\n");
        assert_eq!(s.rows[0][0], Value::Text("ID".into()));
        assert_eq!(s.rows[1][1], Value::Text("Multi\r\nline".into()));
        assert_eq!(s.rows.len(), 2);
        let s = read_bytes(b"a;b\n1;Caf\xe9\n");
        assert_eq!(s.rows[1][1], Value::Text("Café".into()));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("x,y\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(read_bytes(&utf16).rows[0][1], Value::Text("y".into()));
        assert_eq!(s.name, "q");
    }

    #[test]
    fn unclosed_quotes_name_their_line() {
        for (text, want) in [
            ("a,b\n1,\"x\"\n", None),
            (
                "a,b\n1,\"multi\nline, \"\"quoted\"\"\"\n2,5\" screen\n",
                None,
            ),
            ("a,b\r\n1,\"open\r\n2,b\r\n", Some(2)),
            ("a;b\r3;\"x\"\r4;\"y\r", Some(3)),
            ("\"", Some(1)),
        ] {
            assert_eq!(
                unclosed_quote(text, if text.contains(';') { b';' } else { b',' }),
                want,
                "{text:?}"
            );
        }
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("q.csv");
        std::fs::write(&path, "ID,Question\n1,\"Is it on?\n2,Is it off?\n").unwrap();
        let err = read(&path).unwrap_err().to_string();
        assert!(
            err.contains("q.csv: line 2: a quoted field opens here and never closes"),
            "{err}"
        );
    }
}
