//! Forms: a cover sheet of fields to fill ("Vendor name:", "Security contact
//! email:"), each label ending in a colon with its value cell to its right,
//! or without the colon when the value cell is a box merged across columns.
//! Such a sheet has no question table, so it is read as a form only when no
//! table is found, and only when at least [`MIN_FIELDS`] labels in one column
//! have an empty value cell: a questionnaire's own title block ("Version:
//! 4.1", "Released: 2023") has its values filled in and is not a form.

use super::{QuestionRow, Writable, cells};
use crate::cellref::CellRef;
use crate::workbook::Sheet;
use std::collections::BTreeMap;

/// The fewest empty fields that make a form.
const MIN_FIELDS: usize = 3;
/// A field label has at most this many words.
const MAX_LABEL_WORDS: usize = 6;

/// A form found on a sheet: the label and value columns, and one row per
/// empty field.
pub(crate) struct Form {
    pub label_col: u32,
    pub value_col: u32,
    pub fields: Vec<QuestionRow>,
}

/// The sheet's form, when it is one: its fields, in one column of labels
/// or in several side by side ("Company Name: ___ | DBA: ___" on each row).
pub(crate) fn find(sheet: &Sheet) -> Vec<Form> {
    forms_in(sheet, 0..cells::height(sheet), MIN_FIELDS)
}

/// The fields above a question table ("Vendor name: ____" over the header
/// row): even one is the vendor's to fill. Only labels ending in a colon
/// count, or labels beside a box merged across columns, with an empty value
/// cell, so a title block of filled values ("Version: 4.1") and a heading
/// are not fields.
pub(crate) fn above(sheet: &Sheet, header_row: u32) -> Vec<Form> {
    forms_in(sheet, 0..header_row, 1)
        .into_iter()
        .filter(|form| {
            form.fields.iter().all(|f| {
                let label = cells::text(sheet, f.row, form.label_col);
                label.trim_end().ends_with(crate::detect::text::COLONS)
                    || boxed(sheet, f.answer_cell)
            })
        })
        .collect()
}

/// The forms in `rows`: the largest block of fields, and beside it the
/// blocks of other label columns within its rows that have at least half
/// as many fields (a second label and value pair on each row), left to
/// right.
fn forms_in(sheet: &Sheet, rows: std::ops::Range<u32>, min: usize) -> Vec<Form> {
    let Some(first) = fields_in(sheet, rows.clone(), min, &[]) else {
        return Vec::new();
    };
    let span = |f: &Form| {
        let rows: Vec<u32> = f.fields.iter().map(|q| q.row).collect();
        (rows.iter().min().copied(), rows.iter().max().copied())
    };
    let mut forms = vec![first];
    while let Some(next) = fields_in(
        sheet,
        rows.clone(),
        min,
        &forms
            .iter()
            .flat_map(|f| [f.label_col, f.value_col])
            .collect::<Vec<_>>(),
    ) {
        let (top, bottom) = span(&forms[0]);
        let (a, b) = span(&next);
        let beside = a >= top && b <= bottom && next.fields.len() * 2 >= forms[0].fields.len();
        if !beside {
            break;
        }
        forms.push(next);
    }
    forms.sort_by_key(|f| f.label_col);
    forms
}

/// Whether a value cell is a box merged across columns.
fn boxed(sheet: &Sheet, value: CellRef) -> bool {
    sheet
        .merge_at(value)
        .is_some_and(|m| m.last.col > m.first.col)
}

/// The largest block of empty fields in `rows`, when it has at least `min`,
/// with its labels in none of the `taken` columns.
fn fields_in(sheet: &Sheet, rows: std::ops::Range<u32>, min: usize, taken: &[u32]) -> Option<Form> {
    // Per label column: (row, label, value cell) of each empty field.
    let mut by_col: BTreeMap<u32, Vec<(u32, String, CellRef)>> = BTreeMap::new();
    for row in rows {
        for (col, text) in cells::row_texts(sheet, row) {
            let label_cell = CellRef::new(row, col);
            if cells::swallowed(sheet, label_cell, col) {
                continue;
            }
            let value = value_cell(sheet, label_cell);
            // Without its colon, a label needs a box beside it: a value
            // cell merged across columns ("Legal entity name | [B:D]").
            let Some(label) = field_label(&text)
                .or_else(|| asked_with_colon(&text))
                .or_else(|| {
                    plain_label(&text)
                        .or_else(|| unmarked_question(&text))
                        .filter(|_| boxed(sheet, value))
                })
            else {
                continue;
            };
            let text = cells::text(sheet, value.row, value.col);
            if text.is_empty() || cells::is_placeholder(&text) {
                by_col
                    .entry(col)
                    .or_default()
                    .push((row, label.to_string(), value));
            }
        }
    }
    let (label_col, fields) = by_col
        .into_iter()
        .filter(|(col, _)| !taken.contains(col))
        .map(|(col, fields)| (col, block(fields, |a, b| joins(sheet, a, b))))
        .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(&a.0)))?;
    if fields.len() < min.max(1) {
        return None;
    }
    let value_col = fields.first().map(|f| f.2.col)?;
    let fields = fields
        .into_iter()
        .map(|(row, text, answer_cell)| QuestionRow {
            row,
            id: None,
            text,
            answer_cell,
            comment_cell: None,
            comment_when: super::CommentWhen::Always,
            conditional_comments: Vec::new(),
            marks: Vec::new(),
            field: true,
            choices: sheet.dropdown_at(answer_cell).map(<[String]>::to_vec),
            spelled: None,
            answer_limit: None,
            answer_words: None,
            comment_limit: None,
            existing_answer: String::new(),
            existing_comment: String::new(),
            writable: Writable::Yes,
            requested: false,
            declared: None,
            choice_meanings: None,
            shown_if: None,
        })
        .collect();
    Some(Form {
        label_col,
        value_col,
        fields,
    })
}

/// The most rows apart two fields of one form are.
const MAX_FIELD_GAP: u32 = 2;
/// How far right of its label a field's value cell may be.
const MAX_VALUE_OFFSET: u32 = 3;

/// Where a label's value goes: the first cell right of the label (and of
/// its merge) that holds something, a formula or a dropdown, within a few
/// columns (a spacer column may sit between); else the cell beside it.
fn value_cell(sheet: &Sheet, label: CellRef) -> CellRef {
    let beside = sheet
        .merge_at(label)
        .map_or(label.col + 1, |m| m.last.col + 1);
    // A box merged across columns right beside the label is its value
    // ("Company legal name | [B:C] | DUNS number | [E:F]").
    let next = cells::anchor(sheet, CellRef::new(label.row, beside));
    if boxed(sheet, next) {
        return next;
    }
    // The next label on the row ("Company Name: ___ | DBA: ___") ends the
    // search: the value is the box before it.
    (beside..beside + MAX_VALUE_OFFSET)
        .map(|col| cells::anchor(sheet, CellRef::new(label.row, col)))
        .take_while(|c| field_label(&cells::text(sheet, c.row, c.col)).is_none())
        .find(|&c| {
            !cells::text(sheet, c.row, c.col).is_empty()
                || sheet.formulas.contains(&c)
                || sheet.dropdown_at(c).is_some()
        })
        .unwrap_or_else(|| cells::anchor(sheet, CellRef::new(label.row, beside)))
}

/// Whether fields on rows `above` and `below` belong to one form: a few
/// rows apart at most, or further apart with only a section's title
/// between them ("2. Security contact", on one row of its own).
fn joins(sheet: &Sheet, above: u32, below: u32) -> bool {
    if below - above <= MAX_FIELD_GAP {
        return true;
    }
    let between: Vec<String> = (above + 1..below)
        .flat_map(|row| cells::row_texts(sheet, row))
        .map(|(_, t)| t)
        .collect();
    below - above <= MAX_FIELD_GAP + 2
        && between.len() == 1
        && between[0].split_whitespace().count() <= MAX_LABEL_WORDS
        && !between[0].trim_end().ends_with(crate::detect::text::COLONS)
        && !super::labels::for_the_sender(&between[0])
}

/// The largest block of fields that `joins` keeps together (a form's
/// fields sit together; labels scattered down a page of prose are
/// headings).
fn block<T>(
    fields: Vec<(u32, String, T)>,
    joins: impl Fn(u32, u32) -> bool,
) -> Vec<(u32, String, T)> {
    let mut blocks: Vec<Vec<(u32, String, T)>> = Vec::new();
    for f in fields {
        match blocks.last_mut() {
            Some(b) if b.last().is_some_and(|l| joins(l.0, f.0)) => b.push(f),
            _ => blocks.push(vec![f]),
        }
    }
    blocks
        .into_iter()
        .rev()
        .max_by_key(Vec::len)
        .unwrap_or_default()
}

/// Marks the rows that are fields for the signatory (see
/// [`names_signatory`]): short labels, not questions, of a form or a table
/// of fields, that qfill would otherwise write into.
pub(crate) fn mark_signatory(rows: &mut [QuestionRow]) {
    for q in rows.iter_mut().filter(|q| q.writable == Writable::Yes) {
        if for_the_signatory(&q.text) {
            q.writable = Writable::Signatory;
        }
    }
}

/// Whether a short label asks about the signatory ("Completed by (name)",
/// "Date completed"); see [`names_signatory`].
pub(super) fn for_the_signatory(text: &str) -> bool {
    let label = text.trim().trim_end_matches(crate::detect::text::COLONS);
    // "Completed by (name)": the bracket only says what to write.
    let label = match label.rfind('(') {
        Some(open) if label.ends_with(')') && open > 0 => label[..open].trim_end(),
        _ => label,
    };
    let short = label.split_whitespace().count() <= MAX_LABEL_WORDS
        && !label.contains(crate::detect::text::QUESTION_MARKS);
    short && names_signatory(label)
}

/// Whether a field asks about the person filling in the form rather than
/// the company: who completed or signed it, their title, the signature, the
/// date. No bank entry answers these, and a guess would sign for someone.
fn names_signatory(label: &str) -> bool {
    // Anywhere in the label: no question about the company says these.
    const ANYWHERE: &[&str] = &[
        "respondent",
        "signatory",
        "signer",
        "person completing",
        "authorized representative",
        "authorised representative",
        "authorized officer",
        "authorised officer",
    ];
    // Only as the label's head or tail: "Policies approved by the board" or
    // "Malware signature updates" are terse questions, not fields.
    const AT_END: &[&str] = &[
        "completed by",
        "prepared by",
        "submitted by",
        "filled by",
        "filled in by",
        "signed by",
        "approved by",
        "attested by",
        "reviewed by",
        "job title",
        "date completed",
        "date of completion",
        "date submitted",
        "date of submission",
        "date signed",
        "completion date",
        "submission date",
    ];
    const AT_START: &[&str] = &[
        "signature of",
        "name of person",
        "authorised signature",
        "authorized signature",
    ];
    const ALONE: &[&str] = &[
        "date",
        "title",
        "position",
        "name",
        "your name",
        "print name",
        "printed name",
        "full name",
        "signature",
        "signed",
    ];
    let l = label.trim().to_lowercase();
    let words = l
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let padded = format!(" {words} ");
    ALONE.contains(&words.as_str())
        || ANYWHERE.iter().any(|p| padded.contains(&format!(" {p} ")))
        || AT_END.iter().any(|p| padded.ends_with(&format!(" {p} ")))
        || AT_START
            .iter()
            .any(|p| padded.starts_with(&format!(" {p} ")))
}

/// The field a label names ("Vendor name:" names "Vendor name"), if the cell
/// is a label: a few words ending in a colon, not a note or an instruction.
pub(super) fn field_label(text: &str) -> Option<&str> {
    plain_label(text.trim().strip_suffix(crate::detect::text::COLONS)?)
}

/// A short label as a form names a field: a few words, no sentence.
pub(super) fn plain_label(text: &str) -> Option<&str> {
    let label = text.trim();
    let words = label.split_whitespace().count();
    let fits = (1..=MAX_LABEL_WORDS).contains(&words)
        && label.chars().any(char::is_alphabetic)
        && !label.contains(crate::detect::text::QUESTION_MARKS)
        && !label.contains([':', '.', '\u{ff1a}', '\u{3002}'])
        && !super::text::opens_as_note(label);
    fits.then_some(label)
}

/// A question a form asks among its fields, ending in a colon as they do
/// ("Is the company publicly traded? If so, provide the stock ticker:").
fn asked_with_colon(text: &str) -> Option<&str> {
    let label = text.trim();
    let body = label.strip_suffix(crate::detect::text::COLONS)?;
    let words = body.split_whitespace().count();
    let asks = body.contains(crate::detect::text::QUESTION_MARKS)
        && (3..=3 * MAX_LABEL_WORDS).contains(&words)
        && !super::text::opens_as_note(body);
    asks.then_some(label)
}

/// A yes-or-no question written without its mark ("Do you operate your
/// own data centres"), which a form asks like a field.
fn unmarked_question(text: &str) -> Option<&str> {
    let label = text.trim();
    let words = label.split_whitespace().count();
    let fits = super::text::opens_asking(label)
        && (3..=2 * MAX_LABEL_WORDS).contains(&words)
        && !label.contains([':', '.', '\n', '\u{ff1a}', '\u{3002}']);
    fits.then_some(label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cellref::CellRange;

    #[test]
    fn a_question_among_colon_fields_is_one_of_them() {
        let s = Sheet::from_texts(&[
            &["Supplier Profile"],
            &[],
            &["Company website:"],
            &["Legal name of the vendor:"],
            &["DUNS number:"],
            &["Is the company publicly traded? If so, provide the stock ticker:"],
        ]);
        let rows: Vec<u32> = find(&s)[0].fields.iter().map(|f| f.row + 1).collect();
        assert_eq!(rows, [3, 4, 5, 6]);
    }

    #[test]
    fn a_form_goes_on_past_its_section_titles() {
        let mut s = Sheet::from_texts(&[
            &["New Vendor Information"],
            &[],
            &["1. Organisation"],
            &["Legal entity name"],
            &["Company website"],
            &["Total number of staff"],
            &[],
            &["2. Security Contact"],
            &["Security contact email address"],
            &[],
            &["3. Hosting"],
            &["Hosting provider"],
            &["Do you operate your own data centres"],
        ]);
        for row in [4, 5, 6, 9, 12, 13] {
            s.merged
                .push(CellRange::parse(&format!("B{row}:E{row}")).unwrap());
        }
        let forms = find(&s);
        let rows: Vec<u32> = forms[0].fields.iter().map(|f| f.row + 1).collect();
        assert_eq!(rows, [4, 5, 6, 9, 12, 13]);
        // A section for the sender is not the vendor's to fill.
        let mut sender = s.clone();
        sender.rows[10] = vec![crate::workbook::Value::Text("3. For bank use only".into())];
        let rows: Vec<u32> = find(&sender)[0].fields.iter().map(|f| f.row + 1).collect();
        assert_eq!(rows, [4, 5, 6, 9]);
        // Prose between two blocks ends the form at the larger one.
        s.rows[6] = vec![crate::workbook::Value::Text(
            "The rest of this form is for the buyer's records".into(),
        )];
        let forms = find(&s);
        let rows: Vec<u32> = forms[0].fields.iter().map(|f| f.row + 1).collect();
        assert_eq!(rows, [4, 5, 6]);
    }

    #[test]
    fn two_pairs_of_labels_and_boxes_without_colons_are_two_forms() {
        let mut s = Sheet::from_texts(&[
            &["Section 1: Company"],
            &["Company legal name", "", "", "DUNS number", "", ""],
            &["Website", "", "", "Tax ID / EIN", "", ""],
            &["Primary contact", "", "", "Security contact email", "", ""],
            &["Number of employees", "", "", "Year founded", "", ""],
        ]);
        for row in 2..=5 {
            for (a, b) in [("B", "C"), ("E", "F")] {
                s.merged
                    .push(CellRange::parse(&format!("{a}{row}:{b}{row}")).unwrap());
            }
        }
        let forms = find(&s);
        let cols: Vec<(u32, u32, usize)> = forms
            .iter()
            .map(|f| (f.label_col, f.value_col, f.fields.len()))
            .collect();
        assert_eq!(cols, [(0, 1, 4), (3, 4, 4)]);
    }

    #[test]
    fn two_label_and_value_pairs_on_each_row_are_two_forms() {
        let s = Sheet::from_texts(&[
            &["Part 1a. Merchant Organization Information"],
            &["Company Name:", "", "", "DBA:", ""],
            &["Contact Name:", "", "", "Title:", ""],
            &["Telephone:", "", "", "E-mail:", ""],
        ]);
        let forms = find(&s);
        let cells: Vec<Vec<String>> = forms
            .iter()
            .map(|f| f.fields.iter().map(|q| q.answer_cell.to_string()).collect())
            .collect();
        assert_eq!(cells, [["B2", "B3", "B4"], ["E2", "E3", "E4"]]);
    }

    #[test]
    fn fields_above_a_table_need_a_colon_and_an_empty_value() {
        let sheet = |rows: &[&[&str]]| Sheet::from_texts(rows);
        let s = sheet(&[
            &["Acme vendor questionnaire", ""],
            &["Vendor name:", ""],
            &["Version:", "4.1"],
            &["ID", "Question"],
        ]);
        let forms = above(&s, 3);
        let form = forms.first().expect("the vendor's name is a field");
        let rows: Vec<u32> = form.fields.iter().map(|f| f.row).collect();
        assert_eq!(rows, [1], "a filled value is the title block's");
        assert_eq!((form.label_col, form.value_col), (0, 1));
        let wide = sheet(&[&["会社名：", ""], &["ID", "Question"]]);
        assert_eq!(above(&wide, 1).len(), 1, "a full-width colon");
        let boxed = sheet(&[&["Vendor name", ""], &["ID", "Question"]]);
        assert!(above(&boxed, 1).is_empty(), "no colon, no field");
        assert!(
            above(&s, 1).is_empty(),
            "nothing above the first row's table"
        );
    }

    #[test]
    fn fields_for_the_signatory_are_told_apart() {
        for l in [
            "Completed by",
            "Signature",
            "Date completed",
            "Job title",
            "Date",
            "Name",
            "Respondent email",
            "Signature of authorised officer",
            "Approved by",
            "Printed Name",
            "Printed name of authorized signer",
            "Full Name",
        ] {
            assert!(names_signatory(l), "{l}");
        }
        for l in [
            "Company name",
            "Vendor name",
            "Security contact email",
            "Number of employees",
            "Update date policy",
            "Malware signature updates",
            "Policies approved by management annually",
            "Code reviewed by a second engineer",
        ] {
            assert!(!names_signatory(l), "{l}");
        }
    }

    #[test]
    fn labels_that_name_fields() {
        for (text, want) in [
            ("Vendor name:", Some("Vendor name")),
            (
                "  Security contact email :  ",
                Some("Security contact email"),
            ),
            ("Date completed:", Some("Date completed")),
            ("Note:", None),
            ("Instructions:", None),
            ("Vendor name", None),
            ("Do you encrypt data:", Some("Do you encrypt data")),
            (
                "Please read the following carefully before you start:",
                None,
            ),
            ("Version 4.1:", None),
            ("2023:", None),
            // Chinese and Japanese forms are typed with a full-width colon.
            ("公司名称：", Some("公司名称")),
            ("Company name：", Some("Company name")),
        ] {
            assert_eq!(field_label(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_cover_sheet_is_a_form_and_a_title_block_is_not() {
        let mut s = Sheet::from_texts(&[
            &["Supplier information"],
            &["Vendor name:", ""],
            &["Product name:", ""],
            &["Version:", "4.1"],
            &["Security contact email:", "", ""],
        ]);
        // The last label is merged over A5:B5, so its value goes in C5.
        s.merged = vec![CellRange::parse("A5:B5").unwrap()];
        let forms = find(&s);
        let form = forms.first().expect("a form");
        let got: Vec<(String, String)> = form
            .fields
            .iter()
            .map(|q| (q.text.clone(), q.answer_cell.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                ("Vendor name".to_string(), "B2".to_string()),
                ("Product name".into(), "B3".into()),
                ("Security contact email".into(), "C5".into()),
            ]
        );
        assert_eq!((form.label_col, form.value_col), (0, 1));
        let title_block = Sheet::from_texts(&[
            &["Questionnaire"],
            &["Version:", "4.1"],
            &["Released:", "2023"],
            &["Contact:", "help@example.com"],
            &["Owner:", ""],
        ]);
        assert!(find(&title_block).is_empty());
        let headings = Sheet::from_texts(&[
            &["Each control is described by:"],
            &["", "A paragraph of prose."],
            &[""],
            &[""],
            &["Typical ownership:"],
            &[""],
            &[""],
            &[""],
            &["Relevance:"],
        ]);
        assert!(
            find(&headings).is_empty(),
            "headings far apart are not a form"
        );
    }

    #[test]
    fn labels_without_colons_need_a_box_beside_them() {
        let rows: &[&[&str]] = &[
            &["SUPPLIER INFORMATION"],
            &[""],
            &["Legal entity name"],
            &["Trading name / product"],
            &["Website"],
            &["Headcount"],
        ];
        let mut s = Sheet::from_texts(rows);
        assert!(find(&s).is_empty(), "bare words down a column are no form");
        s.merged = ["B3:D3", "B4:D4", "B5:D5", "B6:D6"]
            .iter()
            .map(|r| CellRange::parse(r).unwrap())
            .collect();
        let forms = find(&s);
        let form = forms.first().expect("boxes beside the labels");
        let got: Vec<(String, String)> = form
            .fields
            .iter()
            .map(|q| (q.text.clone(), q.answer_cell.to_string()))
            .collect();
        assert_eq!(got[0], ("Legal entity name".to_string(), "B3".to_string()));
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn a_value_cell_may_sit_past_a_spacer_and_formulas_mean_a_copy() {
        let mut s = Sheet::from_texts(&[
            &["Organization:", "", ""],
            &["Team:", "", ""],
            &["Interview date:", "", ""],
        ]);
        s.formulas.extend((0..3).map(|r| CellRef::new(r, 2)));
        let forms = find(&s);
        let form = forms.first().expect("a form");
        let cells: Vec<String> = form
            .fields
            .iter()
            .map(|q| q.answer_cell.to_string())
            .collect();
        assert_eq!(cells, ["C1", "C2", "C3"]);
    }
}
