use super::*;
use crate::cellref::CellRange;
use crate::workbook::Value;

fn sheet(rows: &[&[&str]]) -> Sheet {
    let mut s = Sheet::new("Q");
    s.rows = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|t| match t.is_empty() {
                    true => Value::Empty,
                    false => Value::Text(t.to_string()),
                })
                .collect()
        })
        .collect();
    s
}

fn cells_of(found: &[QuestionRow]) -> Vec<(String, String, Option<String>)> {
    found
        .iter()
        .map(|q| {
            (
                q.text.clone(),
                q.answer_cell.to_string(),
                q.comment_cell.map(|c| c.to_string()),
            )
        })
        .collect()
}

#[test]
fn labelled_blocks_put_the_answer_under_the_question() {
    let s = sheet(&[
        &["Question 1", "Do company laptops run EDR software?"],
        &["Answer:"],
        &["Comments:"],
        &[],
        &[
            "Question 2",
            "Do you have a vulnerability disclosure program?",
        ],
        &["Answer:", "Please select"],
        &["Comments:"],
    ]);
    let (question_col, answer_col, found) = find(&s).expect("vertical");
    assert_eq!((question_col, answer_col), (1, 1));
    assert_eq!(
        cells_of(&found),
        [
            (
                "Do company laptops run EDR software?".to_string(),
                "B2".to_string(),
                Some("B3".to_string())
            ),
            (
                "Do you have a vulnerability disclosure program?".to_string(),
                "B6".to_string(),
                Some("B7".to_string())
            ),
        ]
    );
    assert_eq!(found[0].id.as_deref(), Some("1"));
    assert!(found[1].existing_answer.is_empty(), "a prompt is no answer");
}

#[test]
fn a_merged_question_over_a_merged_slot() {
    let mut s = sheet(&[
        &["Vendor Security Questionnaire"],
        &[],
        &["1. Do you have a documented information security policy?"],
        &[],
        &[],
        &["2. Is customer data encrypted at rest?"],
        &[],
        &[],
        &[],
        &["3. Describe your incident response process."],
    ]);
    // The last slot is past the grid's last row: merges still say where it is.
    for r in ["A3:F3", "A4:F4", "A6:F6", "A7:F7", "A10:F10", "A11:F11"] {
        s.merged.push(CellRange::parse(r).expect("range"));
    }
    let (_, _, found) = find(&s).expect("vertical");
    let got: Vec<(Option<&str>, String)> = found
        .iter()
        .map(|q| (q.id.as_deref(), q.answer_cell.to_string()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("1"), "A4".into()),
            (Some("2"), "A7".into()),
            (Some("3"), "A11".into())
        ]
    );
}

#[test]
fn a_plain_table_is_not_vertical() {
    // Questions one under another, answers beside: no slot below any.
    let s = sheet(&[
        &["1", "Do you enforce MFA for administrators?", "Yes"],
        &["2", "Is customer data encrypted at rest?", ""],
        &["3", "Do you run annual penetration tests?", ""],
    ]);
    assert!(find(&s).is_none());
    // Unmerged questions over empty rows: the answer may well go beside.
    let s = sheet(&[
        &["Do you enforce MFA for administrators?"],
        &[],
        &["Is customer data encrypted at rest?"],
        &[],
    ]);
    assert!(find(&s).is_none());
    // A slot merged over other columns than its question is not its slot.
    let mut s = sheet(&[
        &["Do you enforce MFA for administrators?"],
        &[],
        &["Is customer data encrypted at rest?"],
        &[],
    ]);
    for r in ["A1:F1", "A2:C2", "A3:F3", "A4:C4"] {
        s.merged.push(CellRange::parse(r).expect("range"));
    }
    assert!(find(&s).is_none());
}

#[test]
fn a_shaded_cell_under_each_question() {
    let rows: &[&[&str]] = &[
        &["Please type your answer in the shaded cell below each question"],
        &[],
        &["1. Do you have a documented information security policy?"],
        &[],
        &[],
        &["2. Do you have a documented business continuity plan?"],
        &[],
    ];
    let mut s = sheet(rows);
    assert!(find(&s).is_none(), "unshaded, the answer may go beside");
    s.filled = [CellRef::new(3, 0), CellRef::new(6, 0)].into();
    let (_, _, found) = find(&s).expect("shaded slots");
    let cells: Vec<String> = found.iter().map(|q| q.answer_cell.to_string()).collect();
    assert_eq!(cells, ["A4", "A7"]);
    // A shaded column beside the questions is where answers go instead.
    s.filled.extend([CellRef::new(2, 1), CellRef::new(5, 1)]);
    assert!(find(&s).is_none());
}
