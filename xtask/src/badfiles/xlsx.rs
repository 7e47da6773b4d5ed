//! Hostile and broken workbooks: a small valid questionnaire package made by
//! hand (so every byte is under control), then one thing wrong with it per
//! case. Parts are stored uncompressed except the bombs, whose parts are
//! deflate streams that inflate far beyond what they weigh.

use super::craft::{Entry, zip};

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const SHEET_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

/// The questions of the base questionnaire: the starter bank answers them.
pub const QUESTIONS: [&str; 3] = [
    "Is customer data encrypted at rest?",
    "Is multi-factor authentication required for all workforce access?",
    "Is all data in transit protected with TLS 1.2 or higher?",
];

/// The parts of a package, in zip order.
pub struct Parts(pub Vec<(String, Vec<u8>)>);

impl Parts {
    /// The base questionnaire: one sheet `Security` with a header row and `rows`.
    pub fn questionnaire(questions: &[&str]) -> Parts {
        Parts::with_sheet(&sheet_xml("", &question_rows(questions), ""))
    }

    /// The base package around a given sheet part.
    pub fn with_sheet(sheet: &str) -> Parts {
        let parts = [
            ("[Content_Types].xml", content_types("")),
            ("_rels/.rels", package_rels()),
            ("xl/workbook.xml", workbook_xml("", "")),
            ("xl/_rels/workbook.xml.rels", workbook_rels("")),
            ("xl/styles.xml", STYLES.to_string()),
            ("xl/sharedStrings.xml", shared_strings()),
            ("xl/worksheets/sheet1.xml", sheet.to_string()),
        ];
        Parts(
            parts
                .into_iter()
                .map(|(n, t)| (n.to_string(), t.into_bytes()))
                .collect(),
        )
    }

    /// Replaces (or adds) a part.
    pub fn set(mut self, name: &str, bytes: impl Into<Vec<u8>>) -> Parts {
        let bytes = bytes.into();
        match self.0.iter_mut().find(|(n, _)| n == name) {
            Some((_, b)) => *b = bytes,
            None => self.0.push((name.to_string(), bytes)),
        }
        self
    }

    /// Drops a part.
    pub fn without(mut self, name: &str) -> Parts {
        self.0.retain(|(n, _)| n != name);
        self
    }

    /// The zip with every part stored.
    pub fn zip(&self) -> Vec<u8> {
        zip(&self.entries())
    }

    /// The zip with `name` replaced by a deflated part made of runs (see [`Entry::deflated`]).
    pub fn zip_with_runs(&self, name: &str, runs: &[(&[u8], u32)]) -> Vec<u8> {
        let mut entries: Vec<Entry> = self
            .0
            .iter()
            .filter(|(n, _)| n != name)
            .map(|(n, b)| Entry::stored(n, b))
            .collect();
        entries.push(Entry::deflated(name, runs));
        zip(&entries)
    }

    /// The parts as stored zip entries (to add crafted ones before zipping).
    pub fn entries(&self) -> Vec<Entry> {
        self.0.iter().map(|(n, b)| Entry::stored(n, b)).collect()
    }
}

/// The sheet part: `head` before `<sheetData>`, the rows, `tail` after it.
pub fn sheet_xml(head: &str, rows: &str, tail: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{head}<sheetData>{rows}</sheetData>{tail}</worksheet>"#
    )
}

/// The header row (shared strings 0–3) and one row per question from row 2.
pub fn question_rows(questions: &[&str]) -> String {
    let mut rows = String::from(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>"#,
    );
    for (i, q) in questions.iter().enumerate() {
        let r = i + 2;
        rows.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Q-{}</t></is></c><c r="B{r}" t="inlineStr"><is><t>{}</t></is></c></row>"#,
            i + 1,
            escape(q)
        ));
    }
    rows
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn content_types(extra: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>{extra}</Types>"#
    )
}

fn package_rels() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    )
}

/// `workbook.xml` with `sheets` after the first sheet and `tail` after `</sheets>`.
pub fn workbook_xml(sheets: &str, tail: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets><sheet name="Security" sheetId="1" r:id="rId1"/>{sheets}</sheets>{tail}</workbook>"#
    )
}

/// The workbook relationships, with `extra` relationships appended.
pub fn workbook_rels(extra: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>{extra}</Relationships>"#
    )
}

fn shared_strings() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="{MAIN_NS}" count="4" uniqueCount="4"><si><t>ID</t></si><si><t>Question</t></si><si><t>Response</t></si><si><t>Comments</t></si></sst>"#
    )
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>"#;

/// A worksheet relationship and its content type, for extra sheets.
fn extra_sheet(i: usize) -> (String, String, String) {
    (
        format!(
            r#"<sheet name="S{i}" sheetId="{}" r:id="rIdS{i}"/>"#,
            i + 10
        ),
        format!(
            r#"<Relationship Id="rIdS{i}" Type="{REL_NS}/worksheet" Target="worksheets/s{i}.xml"/>"#
        ),
        format!(r#"<Override PartName="/xl/worksheets/s{i}.xml" ContentType="{SHEET_TYPE}"/>"#),
    )
}

/// A workbook with the questionnaire sheet plus `extra` tiny sheets (each one cell).
pub fn many_sheets(extra: usize) -> Vec<u8> {
    let (mut sheets, mut rels, mut types) = (String::new(), String::new(), String::new());
    for i in 0..extra {
        let (s, r, t) = extra_sheet(i);
        sheets.push_str(&s);
        rels.push_str(&r);
        types.push_str(&t);
    }
    let tiny = sheet_xml("", r#"<row r="1"><c r="A1"><v>1</v></c></row>"#, "");
    let mut parts = Parts::questionnaire(&QUESTIONS)
        .set("xl/workbook.xml", workbook_xml(&sheets, ""))
        .set("xl/_rels/workbook.xml.rels", workbook_rels(&rels))
        .set("[Content_Types].xml", content_types(&types));
    for i in 0..extra {
        parts = parts.set(&format!("xl/worksheets/s{i}.xml"), tiny.clone());
    }
    parts.zip()
}

/// A questionnaire whose sheet part is a deflate bomb: the header and
/// questions, then `chunk` repeated `times` times inside `<sheetData>`.
pub fn sheet_bomb(chunk: &str, times: u32) -> Vec<u8> {
    let full = sheet_xml("", &question_rows(&QUESTIONS), "");
    let (head, tail) = full
        .split_once("</sheetData>")
        .unwrap_or((full.as_str(), ""));
    let tail = format!("</sheetData>{tail}");
    bomb_part("xl/worksheets/sheet1.xml", head, chunk, times, &tail)
}

/// A questionnaire whose shared strings part repeats `chunk` `times` times.
pub fn shared_strings_bomb(chunk: &str, times: u32) -> Vec<u8> {
    let full = shared_strings();
    let (head, tail) = full.split_once("</sst>").unwrap_or((full.as_str(), ""));
    bomb_part(
        "xl/sharedStrings.xml",
        head,
        chunk,
        times,
        &format!("</sst>{tail}"),
    )
}

fn bomb_part(name: &str, head: &str, chunk: &str, times: u32, tail: &str) -> Vec<u8> {
    Parts::questionnaire(&QUESTIONS).zip_with_runs(
        name,
        &[
            (head.as_bytes(), 1),
            (chunk.as_bytes(), times),
            (tail.as_bytes(), 1),
        ],
    )
}
