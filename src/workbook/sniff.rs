//! Tells a file's real format from its first bytes, not its name, so that a PDF
//! renamed `.xlsx` or a password-protected workbook gets a clear message.

use crate::error::{Error, Result};
use std::io::Read;
use std::path::Path;

/// A questionnaire file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
    Csv,
}

impl Format {
    /// Whether qfill can edit this format in place (keeping everything else of the file).
    pub fn is_open_xml(self) -> bool {
        matches!(self, Format::Xlsx | Format::Xlsm)
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
        }
    }
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub(super) fn sniff(path: &Path) -> Result<Format> {
    // A pipe or a device would block reading or never end: only files are
    // questionnaires (a directory gets its own hint when opened).
    crate::limits::regular_file(path, "questionnaire")?;
    let mut head = Vec::with_capacity(8);
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    file.take(8)
        .read_to_end(&mut head)
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let unreadable = |message: &str| Error::Unreadable {
        path: path.to_path_buf(),
        message: message.to_string(),
    };
    if head.is_empty() {
        return Err(unreadable("the file is empty"));
    }
    if head.starts_with(b"PK") {
        return zip_format(path, &ext);
    }
    if head == OLE_MAGIC {
        if ole_is_encrypted(path) {
            return Err(unreadable("the workbook is encrypted (password-protected)"));
        }
        return Ok(Format::Xls);
    }
    if head.starts_with(b"%PDF") {
        return Err(unreadable("this is a PDF, not a spreadsheet"));
    }
    if head.starts_with(&[0x89, b'P', b'N', b'G']) || head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Err(unreadable("this is an image, not a spreadsheet"));
    }
    match ext.as_str() {
        "csv" | "tsv" | "txt" => Ok(Format::Csv),
        "xlsx" | "xlsm" | "xlsb" | "ods" | "xls" if let Some(kind) = text_kind(path) => {
            Err(unreadable(&format!(
                "this is {kind} under a .{ext} name, not a workbook; {}",
                if kind.contains("csv") {
                    "rename it .csv (qfill reads csv) or open it in a spreadsheet application and save it as .xlsx"
                } else {
                    "open it in a spreadsheet application and save it as .xlsx"
                }
            )))
        }
        "xlsx" | "xlsm" | "xlsb" | "ods" => Err(unreadable(
            "the file is not a valid spreadsheet package (not a zip file)",
        )),
        "xls" => Err(unreadable("the file is not a valid .xls workbook")),
        _ => Err(unreadable(
            "unknown file type; qfill reads xlsx, xlsm, xls, xlsb, ods and csv",
        )),
    }
}

/// What a text file under a workbook's name holds, as web applications and
/// renamed downloads make them: an HTML table ("export to Excel"), an Excel
/// 2003 XML spreadsheet, or separated values. `None` for binary content.
fn text_kind(path: &Path) -> Option<&'static str> {
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .ok()?
        .take(4096)
        .read_to_end(&mut head)
        .ok()?;
    let text = String::from_utf8_lossy(&head);
    let replaced = text.chars().filter(|&c| c == '\u{fffd}').count();
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !c.is_whitespace())
        .count();
    if (replaced + controls) * 20 > text.chars().count().max(1) {
        return None;
    }
    let lower = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_lowercase();
    if lower.contains("urn:schemas-microsoft-com:office:spreadsheet") && !lower.contains("<html") {
        Some("an Excel 2003 XML spreadsheet")
    } else if lower.starts_with('<') {
        Some("a web page (HTML)")
    } else if lower.contains([',', ';', '\t']) {
        Some("text with separated values (csv)")
    } else {
        None
    }
}

fn zip_format(path: &Path, ext: &str) -> Result<Format> {
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let archive = zip::ZipArchive::new(file).map_err(|e| Error::Unreadable {
        path: path.to_path_buf(),
        message: format!("the file is damaged or truncated ({e})"),
    })?;
    let has = |name: &str| archive.index_for_name(name).is_some();
    if has("xl/workbook.bin") {
        Ok(Format::Xlsb)
    } else if has("xl/workbook.xml") {
        Ok(if ext == "xlsm" || has("xl/vbaProject.bin") {
            Format::Xlsm
        } else {
            Format::Xlsx
        })
    } else if has("content.xml") && has("mimetype") {
        Ok(Format::Ods)
    } else {
        Err(Error::Unreadable {
            path: path.to_path_buf(),
            message: "a zip file, but not a spreadsheet (no workbook part inside)".into(),
        })
    }
}

/// Office writes password-protected OOXML files as an OLE container holding an
/// `EncryptedPackage` stream; its name appears in UTF-16 in the directory.
fn ole_is_encrypted(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniff_bytes(name: &str, bytes: &[u8]) -> Result<Format> {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        sniff(&path)
    }

    #[test]
    fn tells_formats_and_impostors() {
        assert_eq!(sniff_bytes("a.csv", b"a,b\n").unwrap(), Format::Csv);
        let msg = |r: Result<Format>| r.unwrap_err().to_string();
        assert!(msg(sniff_bytes("a.xlsx", b"%PDF-1.7")).contains("PDF"));
        assert!(msg(sniff_bytes("a.xlsx", b"")).contains("empty"));
        assert!(msg(sniff_bytes("a.xlsx", b"PK\x03\x04trunc")).contains("damaged or truncated"));
        assert!(msg(sniff_bytes("a.xlsx", b"hello")).contains("not a zip"));
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(msg(sniff_bytes("a.xlsx", &ole)).contains("encrypted"));
    }

    #[test]
    fn text_under_a_workbooks_name_says_what_it_is() {
        let msg = |name: &str, bytes: &[u8]| sniff_bytes(name, bytes).unwrap_err().to_string();
        let csv = msg("q.xlsx", b"ID,Question,Answer\n1,Do you use MFA?,\n");
        assert!(
            csv.contains("separated values") && csv.contains("rename it .csv"),
            "{csv}"
        );
        let html = msg(
            "q.xls",
            b"<html><table><tr><td>Question</td></tr></table></html>",
        );
        assert!(html.contains("web page (HTML)"), "{html}");
        let xml = msg(
            "q.xls",
            b"<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">",
        );
        assert!(xml.contains("Excel 2003 XML"), "{xml}");
        let binary: Vec<u8> = (0..=255u8).cycle().take(2048).collect();
        assert!(msg("q.xlsx", &binary).contains("not a zip file"));
    }
}
