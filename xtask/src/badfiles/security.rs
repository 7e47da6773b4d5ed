//! Fixtures for the security properties: answers that would run as formulas,
//! a workbook that links to other workbooks and the web, and one whose
//! relationships and entry names try to climb out of the package.

use super::xlsx::{Parts, content_types, question_rows, sheet_xml, workbook_rels, workbook_xml};

const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// (question, answer, detail): each answer and detail starts with a formula trigger.
pub const INJECTIONS: [(&str, &str, &str); 6] = [
    (
        "Do you publish a security contact for vulnerability reports?",
        "=HYPERLINK(\"https://evil.example/\",\"Yes\")",
        "=cmd|' /C calc'!A0",
    ),
    (
        "Do you run penetration tests every year?",
        "+1",
        "+SUM(1,1)",
    ),
    (
        "Do you keep audit logs for at least one year?",
        "-1",
        "-2+3",
    ),
    (
        "Do you encrypt every database backup?",
        "@SUM(1,1)",
        "@IMPORTXML(\"https://evil.example\",\"//a\")",
    ),
    (
        "Do you scan third-party dependencies for vulnerabilities?",
        "\tYes",
        "\t=1+1",
    ),
    (
        "Do you review firewall rules every quarter?",
        "\rYes",
        "\r=1+1",
    ),
];

fn questions() -> Vec<&'static str> {
    INJECTIONS.iter().map(|(q, _, _)| *q).collect()
}

pub fn injection_xlsx() -> Vec<u8> {
    Parts::questionnaire(&questions()).zip()
}

pub fn injection_csv() -> Vec<u8> {
    let mut out = String::from("ID,Question,Response,Comments\r\n");
    for (i, q) in questions().iter().enumerate() {
        out.push_str(&format!("Q-{},\"{q}\",,\r\n", i + 1));
    }
    out.into_bytes()
}

pub fn injection_bank() -> Vec<u8> {
    let mut out =
        String::from("# Answers that a spreadsheet would run as formulas if written as such.\n");
    for (i, (q, a, d)) in INJECTIONS.iter().enumerate() {
        out.push_str(&format!(
            "\n[[entry]]\nid = \"injection-{}\"\nquestion = {}\nanswer = {}\ndetail = {}\ninternal_note = \"INTERNAL-NOTE-DO-NOT-SHIP-{}\"\n",
            i + 1,
            toml_string(q),
            toml_string(a),
            toml_string(d),
            i + 1
        ));
    }
    out.into_bytes()
}

/// A TOML basic string with escapes for quotes, backslashes and control characters.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A questionnaire with an external workbook link (`[1]Prices!A1`), a web
/// hyperlink and a remote data connection target; qfill must keep them as
/// they are and never follow them.
pub fn external_link() -> Vec<u8> {
    let rows = question_rows(&super::xlsx::QUESTIONS).replace(
        "</row><row r=\"3\">",
        "<c r=\"E2\"><f>[1]Prices!A1</f><v>42</v></c></row><row r=\"3\">",
    );
    let sheet = sheet_xml(
        "",
        &rows,
        r#"<hyperlinks><hyperlink ref="A2" r:id="rIdH1"/></hyperlinks>"#,
    );
    let sheet_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdH1" Type="{REL_NS}/hyperlink" Target="https://evil.example/track?id=1" TargetMode="External"/></Relationships>"#
    );
    let link = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="Prices"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>42</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>"#;
    let link_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_NS}/externalLinkPath" Target="https://evil.example/prices.xlsx" TargetMode="External"/></Relationships>"#
    );
    Parts::questionnaire(&super::xlsx::QUESTIONS)
        .set("xl/worksheets/sheet1.xml", sheet)
        .set("xl/worksheets/_rels/sheet1.xml.rels", sheet_rels)
        .set(
            "xl/workbook.xml",
            workbook_xml("", r#"<externalReferences><externalReference r:id="rId4"/></externalReferences>"#),
        )
        .set(
            "xl/_rels/workbook.xml.rels",
            workbook_rels(&format!(
                r#"<Relationship Id="rId4" Type="{REL_NS}/externalLink" Target="externalLinks/externalLink1.xml"/>"#
            )),
        )
        .set(
            "[Content_Types].xml",
            content_types(r#"<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>"#),
        )
        .set("xl/externalLinks/externalLink1.xml", link)
        .set("xl/externalLinks/_rels/externalLink1.xml.rels", link_rels)
        .zip()
}

/// Relationship targets that climb above the package root or are absolute
/// paths, and a zip entry whose name climbs out ("zip slip").
pub fn path_escape() -> Vec<u8> {
    let extra = format!(
        r#"<Relationship Id="rId7" Type="{REL_NS}/customXml" Target="../../../../../../tmp/qfill-escape.xml"/><Relationship Id="rId8" Type="{REL_NS}/customXml" Target="/etc/qfill-escape.xml"/>"#
    );
    let sheet_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_NS}/comments" Target="../../../../../../tmp/qfill-escape-comments.xml"/></Relationships>"#
    );
    Parts::questionnaire(&super::xlsx::QUESTIONS)
        .set("xl/_rels/workbook.xml.rels", workbook_rels(&extra))
        .set("xl/worksheets/_rels/sheet1.xml.rels", sheet_rels)
        .set(
            "../../qfill-escape.txt",
            "an entry whose name leaves the package",
        )
        .zip()
}
