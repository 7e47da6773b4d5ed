//! The committed corpus: every case's file name, what is wrong with it, and
//! its generator. `tests/cli/hostile.rs` runs qfill on each one.

use super::xlsx::{
    Parts, QUESTIONS, question_rows, shared_strings_bomb, sheet_bomb, sheet_xml, workbook_rels,
};

/// A generated file: its path under `tests/fixtures/bad/`, what it tests, its bytes.
pub type Case = (&'static str, &'static str, fn() -> Vec<u8>);

pub const CASES: &[Case] = &[
    ("not_a_spreadsheet_pdf.xlsx", "a PDF renamed .xlsx", pdf),
    (
        "not_a_spreadsheet_png.xlsx",
        "a PNG image renamed .xlsx",
        png,
    ),
    ("empty.xlsx", "an empty file", || Vec::new()),
    (
        "truncated_zip.xlsx",
        "the first half of a valid package",
        truncated,
    ),
    (
        "zip_not_workbook.xlsx",
        "a zip holding no workbook part",
        zip_not_workbook,
    ),
    (
        "missing_sheet_part.xlsx",
        "workbook.xml lists a sheet whose part is absent",
        missing_sheet,
    ),
    (
        "malformed_sheet_xml.xlsx",
        "unbalanced tags in the sheet part",
        malformed_sheet,
    ),
    (
        "sheet_invalid_utf8.xlsx",
        "a cell whose text is not UTF-8",
        invalid_utf8,
    ),
    (
        "bad_relationships.xlsx",
        "the workbook relationships part is not XML",
        bad_rels,
    ),
    (
        "dangling_relationship.xlsx",
        "a sheet whose relationship id is not in the rels part",
        dangling_rel,
    ),
    (
        "encrypted.xlsx",
        "a password-protected workbook (an OLE container with EncryptedPackage)",
        encrypted,
    ),
    (
        "bomb_cells.xlsx",
        "a sheet part that inflates to 1.5 million cells (39 MB) from 100 kB",
        bomb_cells,
    ),
    (
        "bomb_shared_strings.xlsx",
        "a shared strings part that inflates to 1.5 million strings",
        bomb_strings,
    ),
    (
        "shared_strings_huge_count.xlsx",
        "sharedStrings.xml claims 99,999,999,999 unique strings",
        huge_count,
    ),
    (
        "huge_dimension.xlsx",
        "a valid questionnaire whose <dimension> claims A1:XFD1048576",
        huge_dimension,
    ),
    (
        "far_apart_cells.xlsx",
        "cells at A1 and XFD1048576: a 17-billion-cell grid",
        far_apart,
    ),
    (
        "deep_nesting.xlsx",
        "100,000 nested elements inside the sheet's extLst",
        deep_nesting,
    ),
    (
        "big_cell_text.xlsx",
        "a question cell holding 1 MB of text",
        big_cell,
    ),
    (
        "external_link.xlsx",
        "an external workbook link and a remote reference",
        super::security::external_link,
    ),
    (
        "path_escape.xlsx",
        "relationship targets and an entry name that climb out of the package",
        super::security::path_escape,
    ),
    (
        "formula_injection.xlsx",
        "questions whose bank answers begin with = + - @ tab or CR",
        super::security::injection_xlsx,
    ),
    (
        "formula_injection.csv",
        "the same questionnaire as csv",
        super::security::injection_csv,
    ),
    (
        "bank/formula_injection/entries.toml",
        "answers and details that would run as formulas",
        super::security::injection_bank,
    ),
    (
        "csv_utf16_bom.csv",
        "csv in UTF-16LE with a byte-order mark",
        csv_utf16,
    ),
    (
        "csv_latin1.csv",
        "csv in Latin-1 (Windows-1252) with accented questions",
        csv_latin1,
    ),
    (
        "csv_mixed_line_endings.csv",
        "csv mixing CRLF, LF and CR line endings",
        csv_mixed,
    ),
    (
        "csv_unbalanced_quotes.csv",
        "csv whose quote opened on row 3 is never closed",
        csv_unbalanced,
    ),
    (
        "bank/invalid_toml/entries.toml",
        "a bank file that is not TOML",
        || b"[[entry]]\nid = \"a\"\nquestion = \"Q?\"\nanswer = = \"Yes\"\n".to_vec(),
    ),
    (
        "bank/wrong_types/entries.toml",
        "a bank entry whose answer is a number",
        || b"[[entry]]\nid = \"a\"\nquestion = \"Q?\"\nanswer = 42\n".to_vec(),
    ),
    (
        "bank/bad_date/entries.toml",
        "a bank entry reviewed on 2026-13-45",
        || {
            b"[[entry]]\nid = \"a\"\nquestion = \"Q?\"\nanswer = \"Yes\"\nreviewed = 2026-13-45\n"
                .to_vec()
        },
    ),
    (
        "bank/duplicate_ids/a.toml",
        "the first of two files defining `mfa`",
        || b"[[entry]]\nid = \"mfa\"\nquestion = \"Is MFA on?\"\nanswer = \"Yes\"\n".to_vec(),
    ),
    (
        "bank/duplicate_ids/b.toml",
        "the second of two files defining `mfa`",
        || {
            b"# the same id again\n\n[[entry]]\nid = \"mfa\"\nquestion = \"Is MFA enforced?\"\nanswer = \"Yes\"\n".to_vec()
        },
    ),
    (
        "bank/non_utf8/entries.toml",
        "a bank file saved in Latin-1",
        || b"[[entry]]\nid = \"a\"\nquestion = \"Caf\xe9?\"\nanswer = \"Yes\"\n".to_vec(),
    ),
];

fn pdf() -> Vec<u8> {
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

fn png() -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend_from_slice(b"\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89");
    b
}

fn base() -> Parts {
    Parts::questionnaire(&QUESTIONS)
}

fn truncated() -> Vec<u8> {
    let bytes = base().zip();
    bytes[..bytes.len() / 2].to_vec()
}

fn zip_not_workbook() -> Vec<u8> {
    Parts(vec![("notes.txt".into(), b"hello".to_vec())]).zip()
}

fn missing_sheet() -> Vec<u8> {
    base().without("xl/worksheets/sheet1.xml").zip()
}

fn malformed_sheet() -> Vec<u8> {
    let rows = question_rows(&QUESTIONS).replacen("</c></row>", "</c>\n</rows>", 2);
    base()
        .set("xl/worksheets/sheet1.xml", sheet_xml("", &rows, ""))
        .zip()
}

fn invalid_utf8() -> Vec<u8> {
    let xml = sheet_xml("", &question_rows(&QUESTIONS), "");
    let bytes = xml
        .replacen("Is all data", "Is all \u{1}data", 1)
        .into_bytes();
    let bytes: Vec<u8> = bytes
        .into_iter()
        .map(|b| if b == 1 { 0xFF } else { b })
        .collect();
    base().set("xl/worksheets/sheet1.xml", bytes).zip()
}

fn bad_rels() -> Vec<u8> {
    base()
        .set(
            "xl/_rels/workbook.xml.rels",
            "<Relationships><Relationship Id=\"rId1\"",
        )
        .zip()
}

fn dangling_rel() -> Vec<u8> {
    let rels = workbook_rels("").replace("Id=\"rId1\"", "Id=\"rId9\"");
    base().set("xl/_rels/workbook.xml.rels", rels).zip()
}

fn encrypted() -> Vec<u8> {
    // A compound-file header, then a directory entry naming EncryptedPackage (UTF-16LE).
    let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    b.resize(512, 0);
    b.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    b.resize(1024, 0);
    b
}

fn bomb_cells() -> Vec<u8> {
    sheet_bomb(r#"<row><c><v>1</v></c></row>"#, 1_500_000)
}

fn bomb_strings() -> Vec<u8> {
    shared_strings_bomb("<si><t>a</t></si>", 1_500_000)
}

fn huge_count() -> Vec<u8> {
    let parts = base();
    let sst = parts
        .0
        .iter()
        .find(|(n, _)| n == "xl/sharedStrings.xml")
        .map(|(_, b)| {
            String::from_utf8_lossy(b).replace("uniqueCount=\"4\"", "uniqueCount=\"99999999999\"")
        })
        .unwrap_or_default();
    parts.set("xl/sharedStrings.xml", sst).zip()
}

fn huge_dimension() -> Vec<u8> {
    let xml = sheet_xml(
        r#"<dimension ref="A1:XFD1048576"/>"#,
        &question_rows(&QUESTIONS),
        "",
    );
    base().set("xl/worksheets/sheet1.xml", xml).zip()
}

fn far_apart() -> Vec<u8> {
    let rows = question_rows(&QUESTIONS)
        + r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>stray</t></is></c></row>"#;
    base()
        .set("xl/worksheets/sheet1.xml", sheet_xml("", &rows, ""))
        .zip()
}

fn deep_nesting() -> Vec<u8> {
    let full = sheet_xml(
        "",
        &question_rows(&QUESTIONS),
        "<extLst><ext uri=\"{qfill-deep}\"></ext></extLst>",
    );
    let (head, tail) = full.split_once("</ext>").unwrap_or((full.as_str(), ""));
    let tail = format!("</ext>{tail}");
    base().zip_with_runs(
        "xl/worksheets/sheet1.xml",
        &[
            (head.as_bytes(), 1),
            (b"<x>", 100_000),
            (b"</x>", 100_000),
            (tail.as_bytes(), 1),
        ],
    )
}

fn big_cell() -> Vec<u8> {
    let mut questions = QUESTIONS.to_vec();
    questions.push("Do you LONG agree?");
    let full = sheet_xml("", &question_rows(&questions), "");
    let (head, tail) = full.split_once("LONG").unwrap_or((full.as_str(), ""));
    base().zip_with_runs(
        "xl/worksheets/sheet1.xml",
        &[
            (head.as_bytes(), 1),
            (b"really ", 150_000),
            (tail.as_bytes(), 1),
        ],
    )
}

fn csv_rows() -> Vec<String> {
    let mut rows = vec!["ID,Question,Response,Comments".to_string()];
    for (i, q) in QUESTIONS.iter().enumerate() {
        rows.push(format!("Q-{},\"{q}\",,", i + 1));
    }
    rows
}

fn csv_utf16() -> Vec<u8> {
    let text = csv_rows().join("\r\n") + "\r\n";
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

fn csv_latin1() -> Vec<u8> {
    let mut rows = csv_rows();
    rows.push(
        "Q-4,\"Are donn\u{e9}es of r\u{e9}sum\u{e9}s encrypted at rest (\u{a7}4)?\",,".into(),
    );
    let text = rows.join("\r\n") + "\r\n";
    text.chars().map(|c| c as u32 as u8).collect()
}

fn csv_mixed() -> Vec<u8> {
    let rows = csv_rows();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        out.push_str(row);
        out.push_str(["\r\n", "\n", "\r"][i % 3]);
    }
    out.into_bytes()
}

fn csv_unbalanced() -> Vec<u8> {
    let mut rows = csv_rows();
    rows[3] = "Q-3,\"Is all data in transit protected with TLS 1.2 or higher?,,".into();
    rows.push("Q-4,Is there more after the broken quote?,,".into());
    (rows.join("\n") + "\n").into_bytes()
}
