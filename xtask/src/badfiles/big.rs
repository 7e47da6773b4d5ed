//! The cases too big to commit, built at test time (and by
//! `cargo xtask badfiles --big DIR` for a look by hand): a workbook with
//! 10,000 sheets, a sheet part and a shared strings part that inflate to
//! gigabytes, and a 50 MB bank file.

use super::xlsx::{Parts, QUESTIONS, many_sheets, question_rows, sheet_xml};

/// The questionnaire sheet plus 9,999 one-cell sheets.
pub fn ten_thousand_sheets() -> Vec<u8> {
    many_sheets(9_999)
}

/// A sheet part of about 2 GiB: the questions, then spaces up to the end of `<sheetData>`.
pub fn gigabyte_sheet() -> Vec<u8> {
    let full = sheet_xml("", &question_rows(&QUESTIONS), "");
    let (head, tail) = full
        .split_once("</sheetData>")
        .unwrap_or((full.as_str(), ""));
    let tail = format!("</sheetData>{tail}");
    Parts::questionnaire(&QUESTIONS).zip_with_runs(
        "xl/worksheets/sheet1.xml",
        &[
            (head.as_bytes(), 1),
            (b"    ", 1 << 29),
            (tail.as_bytes(), 1),
        ],
    )
}

/// A shared strings part of about 2 GiB: one string of two billion spaces.
pub fn gigabyte_shared_strings() -> Vec<u8> {
    let head = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5"><si><t>ID</t></si><si><t>Question</t></si><si><t>Response</t></si><si><t>Comments</t></si><si><t>"#;
    Parts::questionnaire(&QUESTIONS).zip_with_runs(
        "xl/sharedStrings.xml",
        &[
            (head.as_bytes(), 1),
            (b"    ", 1 << 29),
            (b"</t></si></sst>", 1),
        ],
    )
}

/// A bank file of about `bytes` bytes of distinct, valid entries.
pub fn big_bank(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 1024);
    let mut i = 0usize;
    while out.len() < bytes {
        out.push_str(&format!(
            "[[entry]]\nid = \"generated-{i}\"\nquestion = \"Is generated control number {i} in place for system {} and vendor {}?\"\nanswer = \"Yes\"\ndetail = \"Generated entry {i}: {}\"\n\n",
            i % 97,
            i % 89,
            "lorem ipsum dolor sit amet ".repeat(4)
        ));
        i += 1;
    }
    out
}
