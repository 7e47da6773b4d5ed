//! Reads a csv questionnaire into one sheet: UTF-8 (with or without BOM),
//! UTF-16 with BOM, or Windows-1252 when the bytes are not UTF-8; `,`, `;` or
//! tab separated (whichever splits the first lines most consistently).

use super::{Sheet, Value};
use crate::error::{Error, Result};
use std::path::Path;

pub(super) fn read(path: &Path) -> Result<Sheet> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = decode(&bytes);
    let delimiter = guess_delimiter(&text);
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
}
