//! Package-level tests on workbooks built with rust_xlsxwriter: what
//! [`read_meta`](super::read_meta) finds, and what
//! [`fill_in_place`](super::fill_in_place) changes (only the target cells and
//! the parts a plan needs) and keeps (every other zip entry, byte for byte).

use super::fill_in_place;
use crate::cellref::CellRef;
use crate::error::Error;
use crate::workbook::{self, Value, Workbook};
use crate::write::{CellWrite, WritePlan};
use quick_xml::Reader;
use quick_xml::events::Event;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, Format, FormatBorder, Formula, Image, Note,
    Workbook as Book,
};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// A 1×1 PNG.
const PNG: [u8; 67] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

fn cell(s: &str) -> CellRef {
    CellRef::parse(s).unwrap()
}

/// A questionnaire with most of what real ones carry: styles, merges, inline,
/// range (hidden sheet) and defined-name dropdowns, protection with unlocked
/// answer cells, hidden rows and columns, a formula, a note, an image; and a
/// second, plain sheet. With `vba`, an xlsm with a (fake) macro project.
fn fixture(dir: &Path, name: &str, vba: bool) -> PathBuf {
    let mut book = Book::new();
    let answer = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    let bold = Format::new().set_bold();
    let ws = book.add_worksheet().set_name("Questions").unwrap();
    ws.write_string_with_format(0, 0, "ID", &bold).unwrap();
    ws.write_string_with_format(0, 1, "Question", &bold)
        .unwrap();
    ws.write_string_with_format(0, 2, "Answer", &bold).unwrap();
    for (i, q) in [
        "Do you use MFA?",
        "Do you encrypt data?",
        "Uptime tier?",
        "Hosting?",
        "Pentest?",
        "Backups?",
    ]
    .iter()
    .enumerate()
    {
        let r = i as u32 + 1;
        ws.write_string(r, 0, format!("Q-{r}")).unwrap();
        ws.write_string(r, 1, *q).unwrap();
        ws.write_blank(r, 2, &answer).unwrap();
    }
    ws.write_string_with_format(2, 2, "No", &answer).unwrap();
    ws.merge_range(1, 3, 1, 4, "merged note", &Format::new())
        .unwrap();
    ws.write_formula(1, 6, Formula::new("=1+1").set_result("2"))
        .unwrap();
    ws.write_number(9, 0, 42.0).unwrap();
    ws.set_column_width(1, 50.0).unwrap();
    ws.set_column_hidden(5).unwrap();
    ws.set_row_hidden(7).unwrap();
    let inline = DataValidation::new()
        .allow_list_strings(&["Yes", "No", "N/A"])
        .unwrap();
    ws.add_data_validation(1, 2, 2, 2, &inline).unwrap();
    let range = DataValidation::new().allow_list_formula(Formula::new("=Lists!$A$1:$A$3"));
    ws.add_data_validation(3, 2, 3, 2, &range).unwrap();
    let named = DataValidation::new().allow_list_formula(Formula::new("=YesNo"));
    ws.add_data_validation(4, 2, 4, 2, &named).unwrap();
    let moved = DataValidation::new().allow_list_formula(Formula::new("=Lists!$B$1:$B$2"));
    ws.add_data_validation(5, 2, 6, 2, &moved).unwrap();
    let whole = DataValidation::new().allow_whole_number(DataValidationRule::Between(0, 1000));
    ws.add_data_validation(10, 2, 11, 2, &whole).unwrap();
    ws.insert_note(1, 1, &Note::new("existing note").set_author("Ann"))
        .unwrap();
    ws.insert_image(1, 7, &Image::new_from_buffer(&PNG).unwrap())
        .unwrap();
    ws.protect();

    let lists = book.add_worksheet().set_name("Lists").unwrap();
    for (r, v) in ["1) Yes", "2) No", "NA"].iter().enumerate() {
        lists.write_string(r as u32, 0, *v).unwrap();
    }
    lists.write_string(0, 1, "Self").unwrap();
    lists.write_string(1, 1, "Cloud").unwrap();
    lists.set_hidden(true);
    let plain = book.add_worksheet().set_name("Plain sheet").unwrap();
    plain.write_string(0, 0, "hello").unwrap();
    plain.write_string(2, 1, "world").unwrap();
    book.define_name("YesNo", "=Lists!$A$1:$A$2").unwrap();
    let path = dir.join(name);
    if vba {
        let bin = dir.join("vbaProject.bin");
        std::fs::write(
            &bin,
            b"not really a VBA project, but bytes that must survive",
        )
        .unwrap();
        book.add_vba_project(&bin).unwrap();
    }
    book.save(&path).unwrap();
    move_validation_to_x14(&path);
    path
}

/// Rewrites the package with `edit` applied to one part's text.
fn rewrite_part(path: &Path, part: &str, edit: impl Fn(String) -> String) {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        if name == part {
            data = edit(String::from_utf8(data).unwrap()).into_bytes();
        }
        // Stored, so that any part the writer re-compresses shows up as changed.
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

/// Turns the last plain validation (C6:C7) into an x14 extension validation, as Excel writes
/// lists that point at other sheets.
fn move_validation_to_x14(path: &Path) {
    rewrite_part(path, "xl/worksheets/sheet1.xml", |xml| {
        let start = xml.find(r#"<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="C6:C7">"#)
            .or_else(|| xml.find(r#"sqref="C6:C7""#).map(|i| xml[..i].rfind("<dataValidation ").unwrap()))
            .unwrap();
        let end =
            start + xml[start..].find("</dataValidation>").unwrap() + "</dataValidation>".len();
        let x14 = r#"<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>Lists!$B$1:$B$2</xm:f></x14:formula1><xm:sqref>C6:C7</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>"#;
        let xml = format!("{}{}", &xml[..start], &xml[end..]).replace(
            r#"<dataValidations count="4">"#,
            r#"<dataValidations count="3">"#,
        );
        xml.replace("</worksheet>", &format!("{x14}</worksheet>"))
    });
}

fn sheet<'a>(book: &'a Workbook, name: &str) -> &'a crate::workbook::Sheet {
    book.sheets.iter().find(|s| s.name == name).unwrap()
}

#[test]
fn read_meta_finds_dropdowns_protection_and_layout() {
    let tmp = tempfile::tempdir().unwrap();
    let book = workbook::read(&fixture(tmp.path(), "q.xlsx", false)).unwrap();
    let q = sheet(&book, "Questions");
    let values = |c: &str| q.dropdown_at(cell(c)).map(|v| v.join("|"));
    assert_eq!(values("C2").as_deref(), Some("Yes|No|N/A"));
    assert_eq!(values("C3").as_deref(), Some("Yes|No|N/A"));
    assert_eq!(values("C4").as_deref(), Some("1) Yes|2) No|NA"));
    assert_eq!(values("C5").as_deref(), Some("1) Yes|2) No"));
    assert_eq!(values("C6").as_deref(), Some("Self|Cloud"));
    assert_eq!(values("C7").as_deref(), Some("Self|Cloud"));
    assert_eq!(values("C8"), None);
    // A number rule keeps its bounds: 320 fits, 1,200 does not.
    let c11 = q.accepts_at(cell("C11")).unwrap();
    assert!(
        c11.admits_number(320.0) && !c11.admits_number(1200.0),
        "{c11:?}"
    );
    assert!(matches!(
        q.accepts_at(cell("C12")),
        Some(crate::workbook::Accepts::Number | crate::workbook::Accepts::NumberIn { .. })
    ));
    assert_eq!(q.accepts_at(cell("C2")), None);
    let unlocked = q.unlocked.as_ref().unwrap();
    for c in ["C2", "C3", "C7"] {
        assert!(q.is_editable(cell(c)), "{c}");
    }
    assert!(!q.is_editable(cell("B2")));
    assert_eq!(unlocked.len(), 6);
    assert!(q.hidden_rows.contains(&7));
    assert!(q.hidden_cols.contains(&5));
    assert!(
        q.col_widths
            .iter()
            .any(|&(c, w)| c == 1 && (w - 50.0).abs() < 1.0)
    );
    assert_eq!(sheet(&book, "Lists").unlocked, None);
}

/// An entry's compression method, CRC and raw (compressed) bytes.
type RawEntry = (zip::CompressionMethod, u32, Vec<u8>);

/// Every entry by name, in archive order.
fn raw_entries(path: &Path) -> Vec<(String, RawEntry)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index_raw(i).unwrap();
            let mut raw = Vec::new();
            f.read_to_end(&mut raw).unwrap();
            (f.name().to_string(), (f.compression(), f.crc32(), raw))
        })
        .collect()
}

fn part_text(path: &Path, part: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(part)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Every `<c>` element of a sheet part, by its reference, as written.
fn cell_elements(xml: &str) -> BTreeMap<String, String> {
    let mut reader = Reader::from_str(xml);
    let (mut out, mut pos, mut open) = (BTreeMap::new(), 0usize, None);
    loop {
        let event = reader.read_event().unwrap();
        let end = reader.buffer_position() as usize;
        match &event {
            Event::Empty(e) if e.local_name().as_ref() == b"c" => {
                out.insert(super::xml::attr(e, "r").unwrap(), xml[pos..end].to_string());
            }
            Event::Start(e) if e.local_name().as_ref() == b"c" => {
                open = Some((super::xml::attr(e, "r").unwrap(), pos));
            }
            Event::End(e) if e.local_name().as_ref() == b"c" => {
                let (r, start) = open.take().unwrap();
                out.insert(r, xml[start..end].to_string());
            }
            Event::Eof => return out,
            _ => {}
        }
        pos = end;
    }
}

/// The first cell whose value differs between two grids, outside `skip`.
pub(super) fn first_difference(
    a: &[Vec<Value>],
    b: &[Vec<Value>],
    skip: &[CellRef],
) -> Option<String> {
    for r in 0..a.len().max(b.len()) {
        let (ra, rb) = (a.get(r), b.get(r));
        for c in 0..ra.map_or(0, Vec::len).max(rb.map_or(0, Vec::len)) {
            let here = CellRef::new(r as u32, c as u32);
            let va = ra.and_then(|x| x.get(c)).cloned().unwrap_or_default();
            let vb = rb.and_then(|x| x.get(c)).cloned().unwrap_or_default();
            if va != vb && !skip.contains(&here) {
                return Some(format!("{here}: {va:?} became {vb:?}"));
            }
        }
    }
    None
}

fn write(sheet: &str, at: &str, text: &str, note: Option<&str>) -> CellWrite {
    CellWrite {
        sheet: sheet.into(),
        cell: cell(at),
        text: text.into(),
        number: None,
        boolean: None,
        highlight: note.is_some(),
        note: note.map(str::to_string),
    }
}

fn plan() -> WritePlan {
    WritePlan {
        writes: vec![
            write("Questions", "C2", "Yes", Some("suggested: mfa (0.82)")),
            write("Questions", "C3", "=HYPERLINK(\"x\") & <b>", None),
            write(
                "Questions",
                "B2",
                "ignored note on a noted cell",
                Some("second note"),
            ),
            write("Questions", "C12", "new row", None),
            write("Questions", "J2", "new cell", Some("review me")),
            write("Plain sheet", "B2", "fresh", Some("first note here")),
        ],
        summary: Some(vec![
            vec!["id".into(), "status".into()],
            vec!["Q-1".into(), "review".into()],
        ]),
    }
}

#[test]
fn fill_in_place_changes_only_the_targets() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture(tmp.path(), "q.xlsx", false);
    let output = tmp.path().join("out.xlsx");
    let plan = plan();
    fill_in_place(&input, &plan, &output).unwrap();

    let (before, after) = (
        workbook::read(&input).unwrap(),
        workbook::read(&output).unwrap(),
    );
    for s in &before.sheets {
        let skip: Vec<CellRef> = plan
            .writes
            .iter()
            .filter(|w| w.sheet == s.name)
            .map(|w| w.cell)
            .collect();
        let diff = first_difference(&s.rows, &sheet(&after, &s.name).rows, &skip);
        assert_eq!(diff, None, "sheet {}", s.name);
        for w in plan.writes.iter().filter(|w| w.sheet == s.name) {
            assert_eq!(
                sheet(&after, &s.name).value(w.cell),
                &Value::Text(w.text.clone())
            );
        }
    }
    let q = sheet(&after, "Questions");
    assert!(q.formulas.contains(&cell("G2")));
    assert!(!q.formulas.contains(&cell("C3")));
    assert_eq!(q.dropdowns, sheet(&before, "Questions").dropdowns);
    assert_eq!(q.unlocked, sheet(&before, "Questions").unlocked);
    let summary = after.sheets.last().unwrap();
    assert_eq!(
        (summary.name.as_str(), summary.text(cell("A2"))),
        ("qfill summary", "Q-1".into())
    );
}

#[test]
fn untouched_entries_are_byte_identical_and_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture(tmp.path(), "q.xlsx", false);
    let output = tmp.path().join("out.xlsx");
    fill_in_place(&input, &plan(), &output).unwrap();
    let (before, after) = (raw_entries(&input), raw_entries(&output));
    let changed = [
        "[Content_Types].xml",
        "docProps/app.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet3.xml",
        "xl/comments1.xml",
        "xl/drawings/vmlDrawing1.vml",
    ];
    let names: Vec<&str> = after.iter().map(|(n, _)| n.as_str()).collect();
    let original: Vec<&str> = before.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names[..original.len()],
        original[..],
        "original entries keep their order"
    );
    for (name, raw) in &before {
        let (_, now) = after.iter().find(|(n, _)| n == name).unwrap();
        if changed.contains(&name.as_str()) {
            assert_ne!(now, raw, "{name} should have changed");
        } else {
            assert_eq!(now, raw, "{name} changed");
        }
    }
    let added: Vec<&str> = names[original.len()..].to_vec();
    assert_eq!(
        added,
        [
            "xl/comments2.xml",
            "xl/drawings/vmlDrawing2.vml",
            "xl/worksheets/_rels/sheet3.xml.rels",
            "xl/worksheets/sheet4.xml"
        ]
    );
}

#[test]
fn only_target_cell_elements_change_in_edited_sheets() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture(tmp.path(), "q.xlsx", false);
    let output = tmp.path().join("out.xlsx");
    let plan = plan();
    fill_in_place(&input, &plan, &output).unwrap();
    for (sheet_name, part) in [
        ("Questions", "xl/worksheets/sheet1.xml"),
        ("Plain sheet", "xl/worksheets/sheet3.xml"),
    ] {
        let before = cell_elements(&part_text(&input, part));
        let after = cell_elements(&part_text(&output, part));
        let targets: Vec<String> = plan
            .writes
            .iter()
            .filter(|w| w.sheet == sheet_name)
            .map(|w| w.cell.to_string())
            .collect();
        for (r, xml) in &before {
            if !targets.contains(r) {
                assert_eq!(after.get(r), Some(xml), "{part} {r}");
            }
        }
        for r in &targets {
            assert!(after[r].contains(r#"t="inlineStr""#), "{r}: {}", after[r]);
            assert!(!after[r].contains("<f>"));
        }
        assert_eq!(
            after.len(),
            before.len() + targets.iter().filter(|t| !before.contains_key(*t)).count()
        );
    }
    let sheet1 = part_text(&output, "xl/worksheets/sheet1.xml");
    assert!(
        sheet1.contains(r#"<t xml:space="preserve">=HYPERLINK(&quot;x&quot;) &amp; &lt;b&gt;</t>"#)
    );
}

/// The `<xf>` of cell format `index` in `cellXfs`, as text.
fn cell_format(styles: &str, index: usize) -> String {
    let start = styles.find("<cellXfs").unwrap();
    let list = &styles[start..start + styles[start..].find("</cellXfs>").unwrap()];
    let mut parts = list.split("<xf ").skip(1);
    format!("<xf {}", parts.nth(index).unwrap())
}

#[test]
fn highlights_clone_the_cell_format_with_a_new_fill() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture(tmp.path(), "q.xlsx", false);
    let output = tmp.path().join("out.xlsx");
    fill_in_place(&input, &plan(), &output).unwrap();
    let (before, after) = (
        cell_elements(&part_text(&input, "xl/worksheets/sheet1.xml")),
        cell_elements(&part_text(&output, "xl/worksheets/sheet1.xml")),
    );
    let style = |xml: &str| -> usize {
        let s = xml
            .split(" s=\"")
            .nth(1)
            .map_or("0", |r| r.split('"').next().unwrap());
        s.parse().unwrap()
    };
    let (old, new) = (style(&before["C2"]), style(&after["C2"]));
    assert_ne!(old, new);
    assert_eq!(style(&after["C3"]), style(&before["C3"]), "not highlighted");
    let styles = part_text(&output, "xl/styles.xml");
    let (old_xf, new_xf) = (cell_format(&styles, old), cell_format(&styles, new));
    assert!(new_xf.contains(r#"applyFill="1""#));
    let strip = |x: &str| {
        x.replace(r#" applyFill="1""#, "")
            .split(" fillId=")
            .map(|p| p.split_once(' ').map_or(p, |(_, rest)| rest).to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(strip(&old_xf), strip(&new_xf), "only the fill differs");
    assert!(new_xf.contains("<protection locked=\"0\"/>"));
    assert!(styles.contains(r#"<fgColor rgb="FFFFEB9C"/>"#));
    let fills: usize = styles
        .split("<fills count=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(fills, styles.matches("<fill>").count());
}

#[test]
fn long_answers_wrap_unless_their_cell_wraps_already() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture(tmp.path(), "q.xlsx", false);
    let output = tmp.path().join("out.xlsx");
    let long = "Yes. Every administrator signs in with a hardware key, enforced by the IdP.";
    let plan = WritePlan {
        writes: vec![
            write("Questions", "C5", long, None),
            write("Questions", "D12", long, None),
            write("Questions", "E12", "Yes, by policy", None),
            write("Questions", "F12", "Line one\nline two", Some("check")),
        ],
        summary: None,
    };
    fill_in_place(&input, &plan, &output).unwrap();
    let (before, after) = (
        cell_elements(&part_text(&input, "xl/worksheets/sheet1.xml")),
        cell_elements(&part_text(&output, "xl/worksheets/sheet1.xml")),
    );
    let style = |xml: &str| -> usize {
        xml.split(" s=\"")
            .nth(1)
            .map_or("0", |r| r.split('"').next().unwrap())
            .parse()
            .unwrap()
    };
    let styles = part_text(&output, "xl/styles.xml");
    let wraps = |c: &str| cell_format(&styles, style(&after[c])).contains(r#"wrapText="1""#);
    assert_eq!(style(&after["C5"]), style(&before["C5"]), "wraps already");
    assert!(wraps("C5") && wraps("D12") && wraps("F12"));
    assert!(!wraps("E12"), "short answers keep their format");
    assert!(cell_format(&styles, style(&after["F12"])).contains(r#"applyFill="1""#));
}

#[test]
fn notes_join_existing_ones_or_start_new_parts() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture(tmp.path(), "q.xlsx", false);
    let output = tmp.path().join("out.xlsx");
    let warnings = fill_in_place(&input, &plan(), &output).unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("sheet `") && w.contains("cell B2 already has a note")),
        "the warning names the sheet and cell, not a zip part: {warnings:?}"
    );
    let comments = part_text(&output, "xl/comments1.xml");
    assert!(comments.contains("existing note"));
    assert!(comments.contains("suggested: mfa (0.82)") && comments.contains("review me"));
    assert!(!comments.contains("second note"), "B2 already had a note");
    assert!(comments.contains("<author>qfill</author>"));
    let vml = part_text(&output, "xl/drawings/vmlDrawing1.vml");
    assert_eq!(vml.matches("<x:ClientData ObjectType=\"Note\">").count(), 3);
    let sheet3 = part_text(&output, "xl/worksheets/sheet3.xml");
    assert!(
        sheet3.ends_with("<legacyDrawing r:id=\"rId2\"/></worksheet>"),
        "{sheet3}"
    );
    let rels = part_text(&output, "xl/worksheets/_rels/sheet3.xml.rels");
    assert!(
        rels.contains("Target=\"../comments2.xml\"")
            && rels.contains("Target=\"../drawings/vmlDrawing2.vml\"")
    );
    let types = part_text(&output, "[Content_Types].xml");
    assert!(types.contains("PartName=\"/xl/comments2.xml\""));
    assert!(types.contains("PartName=\"/xl/worksheets/sheet4.xml\""));
    assert_eq!(types.matches("Extension=\"vml\"").count(), 1);
    // Shape-id blocks never collide: the old drawing gains block 2, the new one gets 3.
    assert!(vml.contains("data=\"1,2\""));
    let new_vml = part_text(&output, "xl/drawings/vmlDrawing2.vml");
    assert!(new_vml.contains("data=\"3\""));
    let sheet1 = part_text(&output, "xl/worksheets/sheet1.xml");
    let (drawing, legacy) = (
        sheet1.find("<drawing ").unwrap(),
        sheet1.find("<legacyDrawing ").unwrap(),
    );
    assert!(drawing < legacy && legacy < sheet1.find("<extLst>").unwrap());
    assert_eq!(sheet1.matches("<legacyDrawing ").count(), 1);
}

#[test]
fn summary_sheet_is_registered_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture(tmp.path(), "q.xlsx", false);
    let output = tmp.path().join("out.xlsx");
    fill_in_place(&input, &plan(), &output).unwrap();
    let wb = part_text(&output, "xl/workbook.xml");
    assert!(wb.contains(r#"<sheet name="qfill summary" sheetId="4" r:id="rId"#));
    assert!(wb.contains("<definedName name=\"YesNo\">"));
    let app = part_text(&output, "docProps/app.xml");
    assert!(
        app.contains("<vt:lpstr>Plain sheet</vt:lpstr><vt:lpstr>qfill summary</vt:lpstr>"),
        "{app}"
    );
    assert!(app.contains("<vt:i4>4</vt:i4>"), "{app}");
    let again = tmp.path().join("again.xlsx");
    fill_in_place(&output, &plan(), &again).unwrap();
    let (once, book) = (
        workbook::read(&output).unwrap(),
        workbook::read(&again).unwrap(),
    );
    assert_eq!(book.sheets.len(), once.sheets.len(), "rewritten, not added");
    assert_eq!(book.sheets.last().unwrap().name, "qfill summary");
    assert_eq!(part_text(&again, "xl/workbook.xml"), wb);
}

#[test]
fn xlsm_keeps_its_macros() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture(tmp.path(), "q.xlsm", true);
    let output = tmp.path().join("out.xlsm");
    fill_in_place(&input, &plan(), &output).unwrap();
    let (before, after) = (raw_entries(&input), raw_entries(&output));
    let find = |v: &[(String, _)], n: &str| v.iter().position(|(x, _)| x == n).unwrap();
    let vba = "xl/vbaProject.bin";
    assert_eq!(before[find(&before, vba)], after[find(&after, vba)]);
    assert!(part_text(&output, "[Content_Types].xml").contains("macroEnabled"));
    assert_eq!(
        workbook::read(&output).unwrap().format,
        workbook::Format::Xlsm
    );
}

#[test]
fn refuses_what_it_cannot_do_safely() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture(tmp.path(), "q.xlsx", false);
    let output = tmp.path().join("out.xlsx");
    let mut bad_sheet = plan();
    bad_sheet.writes.push(write("Nope", "A1", "x", None));
    let err = fill_in_place(&input, &bad_sheet, &output).unwrap_err();
    assert!(
        err.to_string().contains("no worksheet named `Nope`"),
        "{err}"
    );

    rewrite_part(&input, "xl/worksheets/sheet3.xml", |x| {
        x.replace(
            r#"<c r="A1" t="s"><v>"#,
            r#"<c r="A1"><f t="shared" ref="A1:A3" si="0">1</f><v>"#,
        )
    });
    let err = fill_in_place(
        &input,
        &WritePlan {
            writes: vec![write("Plain sheet", "A1", "x", None)],
            summary: None,
        },
        &output,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("anchors a formula shared over A1:A3"),
        "{err}"
    );

    rewrite_part(&input, "xl/worksheets/sheet3.xml", |x| {
        x.replace("</sheetData>", "</sheetDat>")
    });
    let err = fill_in_place(&input, &plan(), &output).unwrap_err();
    assert!(
        matches!(&err, Error::BadPackage { part, .. } if part == "xl/worksheets/sheet3.xml"),
        "{err}"
    );
    let mut sheets = workbook::read(&fixture(tmp.path(), "ok.xlsx", false))
        .unwrap()
        .sheets;
    let err = super::read_meta(&input, &mut sheets).unwrap_err();
    assert!(
        err.to_string()
            .contains("part xl/worksheets/sheet3.xml: malformed XML"),
        "{err}"
    );
}

#[test]
fn untouched_workbook_without_a_plan_is_copied() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture(tmp.path(), "q.xlsx", false);
    let output = tmp.path().join("out.xlsx");
    fill_in_place(&input, &WritePlan::default(), &output).unwrap();
    assert_eq!(raw_entries(&input), raw_entries(&output));
}

#[test]
fn a_strict_workbook_gets_its_answers_without_transitional_notes_or_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture(tmp.path(), "q.xlsx", false);
    rewrite_part(&input, "xl/workbook.xml", |x| {
        x.replace(
            "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            "http://purl.oclc.org/ooxml/spreadsheetml/main",
        )
    });
    let output = tmp.path().join("out.xlsx");
    let warnings = fill_in_place(&input, &plan(), &output).unwrap();
    assert!(
        warnings.iter().any(|w| w.contains("Strict Open XML")),
        "{warnings:?}"
    );
    let names = |p: &Path| -> Vec<String> { raw_entries(p).into_iter().map(|(n, _)| n).collect() };
    // No part is added: no notes part, no summary sheet.
    assert_eq!(names(&output), names(&input));
    assert_eq!(
        part_text(&output, "xl/comments1.xml"),
        part_text(&input, "xl/comments1.xml")
    );
    assert!(!part_text(&output, "xl/workbook.xml").contains("qfill summary"));
    assert!(part_text(&output, "xl/worksheets/sheet1.xml").contains("Yes"));
}

#[test]
fn a_workbook_with_a_locked_structure_gets_no_summary_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture(tmp.path(), "q.xlsx", false);
    let mut with_summary = plan();
    with_summary.summary = Some(vec![vec!["Status".into(), "answered".into()]]);
    let output = tmp.path().join("out.xlsx");
    // Unlocked: the summary sheet is added.
    let warnings = fill_in_place(&input, &with_summary, &output).unwrap();
    assert!(part_text(&output, "xl/workbook.xml").contains("qfill summary"));
    assert!(
        warnings.iter().all(|w| !w.contains("structure")),
        "{warnings:?}"
    );
    rewrite_part(&input, "xl/workbook.xml", |x| {
        x.replace(
            "<sheets>",
            r#"<workbookProtection lockStructure="1"/><sheets>"#,
        )
    });
    let warnings = fill_in_place(&input, &with_summary, &output).unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("structure is protected")),
        "{warnings:?}"
    );
    let workbook = part_text(&output, "xl/workbook.xml");
    assert!(!workbook.contains("qfill summary"), "{workbook}");
    assert!(workbook.contains("lockStructure"));
    assert!(part_text(&output, "xl/worksheets/sheet1.xml").contains("Yes"));
}

#[test]
fn formulas_are_recalculated_on_opening_after_a_fill() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture(tmp.path(), "q.xlsx", false);
    let output = tmp.path().join("out.xlsx");
    fill_in_place(&input, &plan(), &output).unwrap();
    let workbook = part_text(&output, "xl/workbook.xml");
    assert!(workbook.contains("fullCalcOnLoad=\"1\""), "{workbook}");

    let mut book = Book::new();
    let ws = book.add_worksheet().set_name("S").unwrap();
    ws.write_string(0, 0, "Do you use MFA?").unwrap();
    let plain = tmp.path().join("plain.xlsx");
    book.save(&plain).unwrap();
    let out = tmp.path().join("plain_out.xlsx");
    let only = WritePlan {
        writes: vec![write("S", "B1", "Yes", None)],
        summary: None,
    };
    fill_in_place(&plain, &only, &out).unwrap();
    assert_eq!(
        part_text(&out, "xl/workbook.xml"),
        part_text(&plain, "xl/workbook.xml"),
        "no formula, no change"
    );
}

#[test]
fn parts_opening_with_a_byte_order_mark_are_edited_where_the_xml_says() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture(tmp.path(), "q.xlsx", false);
    let parts: Vec<String> = raw_entries(&input)
        .into_iter()
        .map(|(name, _)| name)
        .filter(|n| n.ends_with(".xml") || n.ends_with(".rels"))
        .collect();
    for part in &parts {
        rewrite_part(&input, part, |xml| format!("\u{feff}{xml}"));
    }
    let output = tmp.path().join("out.xlsx");
    fill_in_place(&input, &plan(), &output).unwrap();
    for part in &parts {
        let xml = part_text(&output, part);
        let mut reader = Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{part} is broken: {e}\n{xml}"),
            }
        }
    }
    let after = workbook::read(&output).unwrap();
    let q = sheet(&after, "Questions");
    assert_eq!(q.value(cell("C2")), &Value::Text("Yes".into()));
    assert_eq!(after.sheets.last().unwrap().name, "qfill summary");
}

#[test]
fn a_template_is_filled_into_a_workbook_excel_opens() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture(tmp.path(), "q.xltx", false);
    rewrite_part(&input, "[Content_Types].xml", |xml| {
        xml.replace(
            "spreadsheetml.sheet.main+xml",
            "spreadsheetml.template.main+xml",
        )
    });
    for plan in [plan(), WritePlan::default()] {
        let output = tmp.path().join("out.xlsx");
        fill_in_place(&input, &plan, &output).unwrap();
        let types = part_text(&output, "[Content_Types].xml");
        assert!(types.contains("spreadsheetml.sheet.main+xml"), "{types}");
        assert!(!types.contains("template"), "{types}");
    }
}
