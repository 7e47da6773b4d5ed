//! Formulas that read the cells qfill fills (a buyer's scoring sheet, a count
//! of unanswered rows) keep the results cached when the file was saved. Excel
//! and LibreOffice show those cached results until something recalculates, so
//! a filled copy would open with a score of 0. This module asks the
//! application to recalculate on opening (`<calcPr fullCalcOnLoad="1"/>`).

use super::xml::{local, prefix, rebuild_start};
use quick_xml::Reader;
use quick_xml::events::Event;

/// Children of `<workbook>` that come after `<calcPr>`, in schema order.
const AFTER_CALC_PR: [&str; 9] = [
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
];

/// Whether a worksheet's XML holds a formula: an `<f>` element, with or
/// without a namespace prefix (`<x:f>`).
pub(crate) fn has_formula(sheet: &[u8]) -> bool {
    let local_name = |from: usize| {
        let len = sheet[from..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        from + len
    };
    memchr::memchr_iter(b'<', sheet).any(|at| {
        let start = at + 1;
        let end = local_name(start);
        let (start, end) = match sheet.get(end) {
            Some(b':') => (end + 1, local_name(end + 1)),
            _ => (start, end),
        };
        &sheet[start..end] == b"f"
    })
}

/// `workbook.xml` with `fullCalcOnLoad="1"` on its `<calcPr>`, which is
/// added in its schema place when missing.
///
/// # Errors
/// Malformed XML.
pub(crate) fn request_recalc(workbook: &[u8]) -> Result<Vec<u8>, quick_xml::Error> {
    let mut reader = Reader::from_reader(workbook);
    let (mut pos, mut depth) = (0usize, 0usize);
    let mut root_prefix = String::new();
    let mut insert_at = None;
    loop {
        let event = reader.read_event()?;
        let end = reader.buffer_position() as usize;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                if depth == 0 {
                    root_prefix = prefix(e);
                } else if depth == 1 {
                    let name = local(e);
                    if name == "calcPr" {
                        let empty = matches!(event, Event::Empty(_));
                        let tag = rebuild_start(e, &[("fullCalcOnLoad", "1".into())], empty);
                        return Ok([&workbook[..pos], tag.as_bytes(), &workbook[end..]].concat());
                    }
                    if insert_at.is_none() && AFTER_CALC_PR.contains(&name.as_str()) {
                        insert_at = Some(pos);
                    }
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 && insert_at.is_none() {
                    insert_at = Some(pos);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        pos = end;
    }
    let at = insert_at.ok_or_else(|| super::xml::truncated("workbook"))?;
    let tag = format!("<{root_prefix}calcPr fullCalcOnLoad=\"1\"/>");
    Ok([&workbook[..at], tag.as_bytes(), &workbook[at..]].concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(xml: &str) -> String {
        String::from_utf8(request_recalc(xml.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn sets_the_flag_on_an_existing_calc_pr() {
        assert_eq!(
            run(r#"<workbook><sheets/><calcPr calcId="191029"/><extLst/></workbook>"#),
            r#"<workbook><sheets/><calcPr calcId="191029" fullCalcOnLoad="1"/><extLst/></workbook>"#
        );
        assert_eq!(
            run(r#"<workbook><calcPr calcId="1" fullCalcOnLoad="0"></calcPr></workbook>"#),
            r#"<workbook><calcPr calcId="1" fullCalcOnLoad="1"></calcPr></workbook>"#
        );
    }

    #[test]
    fn adds_calc_pr_in_its_schema_place() {
        assert_eq!(
            run(
                r#"<x:workbook><x:sheets><x:sheet/></x:sheets><x:definedNames/><x:pivotCaches/></x:workbook>"#
            ),
            r#"<x:workbook><x:sheets><x:sheet/></x:sheets><x:definedNames/><x:calcPr fullCalcOnLoad="1"/><x:pivotCaches/></x:workbook>"#
        );
        assert_eq!(
            run(r#"<workbook><sheets/></workbook>"#),
            r#"<workbook><sheets/><calcPr fullCalcOnLoad="1"/></workbook>"#
        );
    }

    #[test]
    fn finds_formulas_but_not_lookalikes() {
        assert!(has_formula(br#"<c r="A1"><f>SUM(B1:B2)</f><v>3</v></c>"#));
        assert!(has_formula(br#"<c r="A1"><f t="shared" si="0"/></c>"#));
        assert!(has_formula(br#"<x:c r="A1"><x:f>1+1</x:f></x:c>"#));
        assert!(!has_formula(
            br#"<c r="A1" t="inlineStr"><is><t>f</t></is></c><font/><fill/>"#
        ));
    }
}
