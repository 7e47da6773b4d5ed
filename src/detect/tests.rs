use super::*;
use crate::cellref::CellRange;
use crate::workbook::{Format, Value};

fn sheet(name: &str, rows: &[&[&str]]) -> Sheet {
    let mut s = Sheet::new(name);
    s.rows = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|t| {
                    if t.is_empty() {
                        Value::Empty
                    } else {
                        Value::Text(t.to_string())
                    }
                })
                .collect()
        })
        .collect();
    s
}

fn book(sheets: Vec<Sheet>) -> Workbook {
    Workbook {
        path: "q.xlsx".into(),
        format: Format::Xlsx,
        sheets,
    }
}

/// The texts of every form field found, table by table.
fn field_texts(q: &Questionnaire) -> Vec<&str> {
    q.sheets
        .iter()
        .flat_map(|l| {
            l.questions
                .iter()
                .filter(|q| q.field)
                .map(|q| q.text.as_str())
        })
        .collect()
}

/// The question texts of a layout, in row order.
fn texts_of(layout: &SheetLayout) -> Vec<&str> {
    layout.questions.iter().map(|q| q.text.as_str()).collect()
}

fn rows_of(layout: &SheetLayout) -> Vec<u32> {
    layout.questions.iter().map(|q| q.row + 1).collect()
}

#[test]
fn header_below_a_title_with_sections_and_notes() {
    let s = sheet(
        "Security",
        &[
            &["Acme vendor questionnaire"],
            &[""],
            &["Ref", "Question", "Response", "Comments"],
            &["Access control"],
            &["AC-1", "Do you enforce MFA for administrators?", "", ""],
            &["AC-2", "Password policy", "Yes", "12 characters"],
            &["Encryption"],
            &["", "Is customer data encrypted at rest?", "", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(layout.header_rows, [2]);
    assert_eq!(
        (
            layout.id_col,
            layout.question_col,
            layout.answer_col,
            layout.comment_col
        ),
        (Some(0), 1, 2, Some(3))
    );
    assert_eq!(rows_of(layout), [5, 6, 8]);
    assert_eq!(layout.questions[1].existing_answer, "Yes");
    assert_eq!(layout.questions[1].existing_comment, "12 characters");
    assert_eq!(layout.questions[0].answer_cell.to_string(), "C5");
}

#[test]
fn repeated_section_headers_without_question_label() {
    let s = sheet(
        "Vendor",
        &[
            &["DT-01", "Date", "2024-01-01"],
            &[
                "Application",
                "",
                "Vendor Answer",
                "Additional Information",
                "Guidance",
            ],
            &[
                "APX-01",
                "Are your applications hosted by a third party?",
                "Yes",
                "",
            ],
            &["Data", "", "Vendor Answer", "Additional Information"],
            &["DAT-01", "Is data backed up daily?", "", ""],
            &["DAT-02", "Backup retention period", "", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(layout.header_rows, [1, 3]);
    assert_eq!(
        (
            layout.id_col,
            layout.question_col,
            layout.answer_col,
            layout.comment_col
        ),
        (Some(0), 1, 2, Some(3))
    );
    assert_eq!(rows_of(layout), [1, 3, 5, 6]);
}

#[test]
fn merged_instruction_rows_are_not_questions() {
    let mut s = sheet(
        "Q",
        &[
            &["ID", "Question", "Answer"],
            &["Please answer every question below; describe any exceptions?"],
            &["Q1", "Do you run background checks?", ""],
        ],
    );
    s.merged.push(CellRange::parse("A2:C2").unwrap());
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(rows_of(&q.sheets[0]), [3]);
}

#[test]
fn skips_hidden_sheets_mirrors_and_sheets_without_answers() {
    let mut hidden = sheet(
        "Values",
        &[&["ID", "Question", "Answer"], &["Q1", "Do you?", ""]],
    );
    hidden.visibility = Visibility::Hidden;
    let no_answer = sheet(
        "Catalog",
        &[&["ID", "Question", "Lite"], &["Q1", "Do you patch?", "Yes"]],
    );
    let mut mirror = sheet(
        "Analyst",
        &[
            &["ID", "Question", "Answer"],
            &["Q1", "Do you patch?", "Yes"],
        ],
    );
    mirror.formulas.insert(CellRef::new(1, 2));
    let intro = sheet(
        "Introduction",
        &[&["Welcome. Please read the instructions."]],
    );
    let q = detect(
        &book(vec![hidden, no_answer, mirror, intro]),
        &Overrides::default(),
    );
    assert!(q.sheets.is_empty());
    let reasons: Vec<_> = q
        .skipped
        .iter()
        .map(|s| (s.name.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(reasons[0], ("Values", "hidden sheet"));
    assert_eq!(reasons[1].0, "Catalog");
    assert!(reasons[2].1.contains("formulas"));
    assert!(reasons[3].1.contains("no column of questions"));
}

#[test]
fn formula_and_locked_answer_cells_are_not_writable() {
    let mut s = sheet(
        "Q",
        &[
            &["ID", "Question", "Answer"],
            &["Q1", "Do you patch?", ""],
            &["Q2", "Do you scan?", ""],
            &["Q3", "Do you log?", ""],
        ],
    );
    s.formulas.insert(CellRef::new(1, 2));
    s.unlocked = Some(
        [CellRef::new(1, 2), CellRef::new(3, 2)]
            .into_iter()
            .collect(),
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let w: Vec<_> = q.sheets[0].questions.iter().map(|q| q.writable).collect();
    assert_eq!(w, [Writable::Formula, Writable::Locked, Writable::Yes]);
}

#[test]
fn overrides_choose_the_columns() {
    let s = sheet(
        "Q",
        &[
            &["Topic", "Text", "Vendor", "Misc"],
            &["x", "Do you patch?", "", ""],
        ],
    );
    let q = detect(&book(vec![s.clone()]), &Overrides::default());
    assert!(q.sheets.is_empty());
    let o = Overrides {
        header_row: Some(0),
        question_col: Some(1),
        answer_col: Some(2),
        ..Default::default()
    };
    let q = detect(&book(vec![s]), &o);
    assert_eq!(rows_of(&q.sheets[0]), [2]);
}

/// A small deterministic generator (no dependency needed for a smoke test).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn odd_sheet(rng: &mut Lcg) -> Sheet {
    const CELLS: &[&str] = &[
        "",
        "Answer",
        "Question",
        "ID",
        "Comments",
        "Analyst Comments",
        "Do you patch?",
        "Q-1",
        "1",
        "Yes",
        "Assertion:",
        "GEN-01 through GEN-02; populated by the institution",
        "?",
        "*",
        "<",
        "é",
        "Vendor Response",
        "Describe it.",
        "  ",
        "A&B-01.1",
    ];
    let mut s = Sheet::new("odd");
    for _ in 0..rng.next(12) {
        let width = rng.next(7);
        s.rows.push(
            (0..width)
                .map(|_| match rng.next(10) {
                    0 => Value::Error("#REF!".into()),
                    1 => Value::Number(rng.next(5) as f64),
                    _ => Value::Text(CELLS[rng.next(CELLS.len())].to_string()),
                })
                .collect(),
        );
    }
    for _ in 0..rng.next(4) {
        let (r, c) = (rng.next(12) as u32, rng.next(7) as u32);
        let last = CellRef::new(r + rng.next(3) as u32, c + rng.next(3) as u32);
        s.merged.push(CellRange {
            first: CellRef::new(r, c),
            last,
        });
        s.formulas
            .insert(CellRef::new(rng.next(12) as u32, rng.next(7) as u32));
    }
    if rng.next(3) == 0 {
        s.unlocked = Some(
            (0..rng.next(4))
                .map(|i| CellRef::new(i as u32, 2))
                .collect(),
        );
    }
    s
}

#[test]
fn odd_grids_and_overrides_never_panic() {
    let mut rng = Lcg(7);
    for _ in 0..2_000 {
        let sheets = vec![odd_sheet(&mut rng), odd_sheet(&mut rng)];
        let overrides = Overrides {
            header_row: [None, Some(0), Some(u32::MAX - 1)][rng.next(3)],
            question_col: [None, Some(1), Some(16_383)][rng.next(3)],
            answer_col: [None, Some(2), Some(16_383)][rng.next(3)],
            ..Overrides::default()
        };
        let found = detect(&book(sheets), &overrides);
        let _ = found.require_questions(std::path::Path::new("odd.xlsx"));
    }
}

/// Shapes of families the real-file measure does not cover, written as small
/// grids: (header row, id/question/answer/comment columns, question rows).
#[test]
fn other_families_shapes() {
    type Cols = (Option<u32>, u32, u32, Option<u32>);
    type Case<'a> = (&'a str, Vec<&'a [&'a str]>, Cols, &'a [u32]);
    let cases: [Case; 4] = [
        (
            "numbered request lists",
            vec![
                &[
                    "Ques Num",
                    "Question/Request",
                    "Response",
                    "Additional Information",
                    "Scoring",
                ],
                &["A.", "Risk Assessment"],
                &["A.1", "Is there a risk assessment program?", "", "", ""],
                &["A.1.1", "Does it cover third parties?", "", "", ""],
                &["A.2", "Describe how risks are tracked.", "", "", ""],
            ],
            (Some(0), 1, 2, Some(3)),
            &[3, 4, 5],
        ),
        (
            "control statements with references",
            vec![
                &[
                    "Control Area",
                    "Control Ref",
                    "Control Statement",
                    "Supplier Response (Yes/No/Partial)",
                    "Supplier Comments",
                    "Assessor Comments",
                ],
                &[
                    "Governance",
                    "GOV-1",
                    "An information security policy is approved by management.",
                    "",
                    "",
                    "",
                ],
                &["", "GOV-2", "Security roles are assigned", "", "", ""],
                &[
                    "Encryption",
                    "ENC-1",
                    "Data at rest is encrypted.",
                    "",
                    "",
                    "",
                ],
            ],
            (Some(1), 2, 3, Some(4)),
            &[2, 3, 4],
        ),
        (
            "statements without ids",
            vec![
                &["Requirement", "Response", "Comments"],
                &["Encryption"],
                &[
                    "Customer data is encrypted at rest with AES-256 or stronger.",
                    "",
                    "",
                ],
                &[
                    "Note: answer for the production environment only, not staging.",
                    "",
                    "",
                ],
                &["Backups are copied to a second region every day.", "", ""],
            ],
            (None, 0, 1, Some(2)),
            &[3, 5],
        ),
        (
            "answer format in the label",
            vec![
                &["#", "Question", "Compliant (Y/N)", "Evidence"],
                &["1", "Do you keep an asset inventory?", "", ""],
                &["2", "Do you review access monthly?", "", ""],
            ],
            (Some(0), 1, 2, Some(3)),
            &[2, 3],
        ),
    ];
    for (family, rows, cols, want) in cases {
        let q = detect(&book(vec![sheet(family, &rows)]), &Overrides::default());
        let l = q
            .sheets
            .first()
            .unwrap_or_else(|| panic!("{family}: {:?}", q.skipped));
        assert_eq!(
            (l.id_col, l.question_col, l.answer_col, l.comment_col),
            cols,
            "{family}"
        );
        assert_eq!(rows_of(l), want, "{family}");
    }
}

#[test]
fn a_given_question_column_accepts_plain_rows() {
    let s = sheet(
        "Q",
        &[
            // Not "Item", whose rows are items of any length.
            &["Topic", "Vendor", "Misc"],
            &["Staff background checks before hiring", "", ""],
            &["Laptop disk encryption", "", ""],
            &["Encryption", "", ""],
        ],
    );
    let o = Overrides {
        question_col: Some(0),
        answer_col: Some(1),
        header_row: Some(0),
        ..Default::default()
    };
    let q = detect(&book(vec![s]), &o);
    assert_eq!(
        rows_of(&q.sheets[0]),
        [2],
        "four words or more, or an id, or a question"
    );
}

#[test]
fn a_form_is_read_only_where_no_table_is_and_not_when_it_copies_another() {
    let cover = sheet(
        "Cover",
        &[
            &["Vendor name:", ""],
            &["Product:", ""],
            &["Contact email:", ""],
        ],
    );
    let mut copy = cover.clone();
    copy.name = "Summary".into();
    copy.formulas.extend((0..3).map(|r| CellRef::new(r, 1)));
    let q = detect(&book(vec![cover, copy]), &Overrides::default());
    let names: Vec<&str> = q.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Cover"]);
    assert!(q.sheets[0].questions.iter().all(|q| q.field));
    let skipped = q
        .skipped
        .iter()
        .find(|s| s.name == "Summary")
        .map(|s| &s.reason);
    assert_eq!(skipped.map(String::as_str), Some("no column of questions"));
}

#[test]
fn the_plain_or_latest_answer_column_beats_a_qualified_one() {
    // Per header row: the answer column and the comment column.
    type Case<'a> = (&'a [&'a str], (u32, Option<u32>));
    let cases: [Case; 4] = [
        (
            &["ID", "Question", "Response Date", "Response", "Comments"],
            (3, Some(4)),
        ),
        (
            &["ID", "Question", "Response Owner", "Response", "Comments"],
            (3, Some(4)),
        ),
        (
            &[
                "ID",
                "Question",
                "Response (2024)",
                "Comments (2024)",
                "Response (2025)",
                "Comments (2025)",
            ],
            (4, Some(5)),
        ),
        (
            &[
                "ID",
                "Question",
                "Answer (Yes/No)",
                "Supporting evidence",
                "Comments",
            ],
            (2, Some(4)),
        ),
    ];
    for (header, (answer, comment)) in cases {
        let s = sheet(
            "Q",
            &[
                header,
                &["1", "Do you enforce MFA for administrators?"],
                &["2", "Is customer data encrypted at rest?"],
            ],
        );
        let q = detect(&book(vec![s]), &Overrides::default());
        let layout = &q.sheets[0];
        assert_eq!(
            (layout.answer_col, layout.comment_col),
            (answer, comment),
            "{header:?}"
        );
    }
}

#[test]
fn conditional_comment_columns_are_told_apart() {
    let only = |yes, no, na| CommentWhen::Only { yes, no, na };
    // Header; the comment column, when it is meant, the conditional ones;
    // where a No's and a Yes's detail go.
    type Case<'a> = (
        &'a [&'a str],
        (Option<u32>, CommentWhen, Vec<(u32, CommentWhen)>),
        (u32, u32),
    );
    let if_no = only(false, true, false);
    let cases: [Case; 4] = [
        (
            &["ID", "Question", "Answer", "Comments", "If No, explain"],
            (Some(3), CommentWhen::Always, vec![(4, if_no)]),
            (4, 3),
        ),
        (
            &["ID", "Question", "Answer", "If No, explain", "Comments"],
            (Some(4), CommentWhen::Always, vec![(3, if_no)]),
            (3, 4),
        ),
        (
            &[
                "ID",
                "Question",
                "Answer",
                "If yes, describe",
                "If no or N/A, explain",
            ],
            (
                Some(3),
                only(true, false, false),
                vec![(4, only(false, true, true))],
            ),
            (4, 3),
        ),
        (
            &[
                "ID",
                "Question",
                "Answer",
                "Supporting evidence",
                "Comments",
            ],
            (Some(4), CommentWhen::Always, vec![]),
            (4, 4),
        ),
    ];
    for (header, columns, (no, yes)) in cases {
        let s = sheet(
            "Q",
            &[
                header,
                &["1", "Do you enforce MFA for administrators?"],
                &["2", "Is customer data encrypted at rest?"],
            ],
        );
        let q = detect(&book(vec![s]), &Overrides::default());
        let layout = &q.sheets[0];
        assert_eq!(
            (
                layout.comment_col,
                layout.comment_when,
                layout.conditional_comment_cols.clone()
            ),
            columns,
            "{header:?}"
        );
        let row = &layout.questions[0];
        let col = |verdict| row.comment_for(Some(verdict)).map(|(c, _)| c.col);
        assert_eq!((col("no"), col("yes")), (Some(no), Some(yes)), "{header:?}");
    }
}

#[test]
fn tables_side_by_side_are_both_read() {
    let s = sheet(
        "Security & Privacy",
        &[
            &["Security", "", "", "", "", "Privacy"],
            &[],
            &[
                "#", "Question", "Answer", "Notes", "", "#", "Question", "Answer", "Notes",
            ],
            &[
                "S1",
                "Is customer data encrypted at rest?",
                "",
                "",
                "",
                "P1",
                "Do you comply with the GDPR?",
            ],
            &[
                "S2",
                "Do you enforce MFA for administrators?",
                "",
                "",
                "",
                "P2",
                "Have you appointed a Data Protection Officer?",
            ],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    type Table<'a> = (Option<u32>, u32, u32, Option<u32>, Vec<&'a str>);
    let found: Vec<Table> = q
        .sheets
        .iter()
        .map(|l| {
            (
                l.id_col,
                l.question_col,
                l.answer_col,
                l.comment_col,
                texts_of(l),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                Some(0),
                1,
                2,
                Some(3),
                vec![
                    "Is customer data encrypted at rest?",
                    "Do you enforce MFA for administrators?"
                ]
            ),
            (
                Some(5),
                6,
                7,
                Some(8),
                vec![
                    "Do you comply with the GDPR?",
                    "Have you appointed a Data Protection Officer?"
                ]
            ),
        ]
    );
    // The layout written for them reads back.
    let text: String = q.sheets.iter().map(|l| l.settings().to_toml()).collect();
    let back = LayoutFile::parse(std::path::Path::new("l.toml"), &text).expect("layout");
    assert_eq!(back.sheets.len(), 2);
}

#[test]
fn a_shaded_answer_cell_with_a_dropdown_below_answers_on_the_row_below() {
    let mut s = sheet(
        "Q",
        &[
            &["No.", "Question", "Response", "Comments"],
            &["1", "Do you enforce MFA for administrators?"],
            &[],
            &["2", "Is customer data encrypted at rest?"],
            &[],
        ],
    );
    let dropdown = |range: &str| crate::workbook::Dropdown {
        ranges: vec![CellRange::parse(range).unwrap()],
        values: vec!["Yes".into(), "No".into()],
    };
    s.dropdowns = vec![dropdown("C3"), dropdown("C5")];
    let answer_cells = |s: &Sheet| -> Vec<(String, Option<String>)> {
        let q = detect(&book(vec![s.clone()]), &Overrides::default());
        q.sheets[0]
            .questions
            .iter()
            .map(|q| {
                (
                    q.answer_cell.to_string(),
                    q.comment_cell.map(|c| c.to_string()),
                )
            })
            .collect()
    };
    let beside = answer_cells(&s);
    assert_eq!(beside[0].0, "C2", "unshaded, the answer stays beside");
    s.filled = [(1, 2), (1, 3), (3, 2), (3, 3)]
        .iter()
        .map(|&(r, c)| CellRef::new(r, c))
        .collect();
    assert_eq!(
        answer_cells(&s),
        [
            ("C3".to_string(), Some("D3".to_string())),
            ("C5".to_string(), Some("D5".to_string()))
        ]
    );
}

#[test]
fn marks_under_any_yes_and_no_wording_and_captions_with_a_dropdown() {
    let mut s = sheet(
        "Q",
        &[
            &[
                "#",
                "Requirement",
                "Compliant",
                "Non-Compliant",
                "N/A",
                "Comments",
            ],
            &["1", "Is customer data encrypted at rest?"],
            &["2", "Paid bug bounty program:"],
            &["3", "Assertion:"],
        ],
    );
    s.dropdowns.push(crate::workbook::Dropdown {
        ranges: vec![CellRange::parse("C3").unwrap()],
        values: vec!["X".into()],
    });
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(
        texts_of(layout),
        [
            "Is customer data encrypted at rest?",
            "Paid bug bounty program:"
        ]
    );
    let labels: Vec<&str> = layout.questions[0]
        .marks
        .iter()
        .map(|(l, _)| l.as_str())
        .collect();
    assert_eq!(labels, ["Compliant", "Non-Compliant", "N/A"]);
    // A scale of levels is no pair of verdicts.
    let s = sheet(
        "Q",
        &[
            &["#", "Question", "0", "1", "2", "3"],
            &["1", "Is customer data encrypted at rest?"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert!(
        q.sheets
            .iter()
            .all(|l| l.questions.iter().all(|q| q.marks.is_empty()))
    );
}

#[test]
fn numbered_headings_and_notes_are_not_questions() {
    let s = sheet(
        "Q",
        &[
            &["ID", "Description", "Response", "Comments"],
            &["1", "Governance"],
            &["1.1", "Information Security Policies"],
            &[
                "1.1.1",
                "Do you have a documented information security policy?",
            ],
            &["1.1.2", "Do you have a data retention policy?"],
            &["1.2", "Human Resources Security"],
            &[
                "1.2.1",
                "Do all employees complete security awareness training?",
            ],
            &["2", "Company name"],
            &["3", "Do you encrypt backups?"],
            &["", "Notes:"],
            &[
                "",
                "\u{2020} Does the plan cover notification of customers?",
            ],
            &["", "3. Provide the date of the most recent test."],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(
        texts_of(&q.sheets[0]),
        [
            "Do you have a documented information security policy?",
            "Do you have a data retention policy?",
            "Do all employees complete security awareness training?",
            "Company name",
            "Do you encrypt backups?",
        ],
        "headings whose ids the next rows extend, and footnotes, are left out; a field with an id of its own stays"
    );
}

#[test]
fn lead_ins_are_answered_by_their_items() {
    let s = sheet(
        "Access",
        &[
            &["No.", "Question", "Response", "Comments"],
            &["4.1", "Is MFA required for all workforce access?"],
            &["4.2", "Does your password policy require the following:"],
            &["", "a) a minimum length of 12 characters?"],
            &["", "b) account lockout after repeated failed attempts?"],
            &["4.3", "For privileged accounts, please confirm:"],
            &["", "(a) MFA is required for administrative access"],
            &["", "(b) privileged access is logged and reviewed"],
            &[
                "5.1",
                "Regarding backups of customer data held in the service:",
            ],
            &["5.1a", "Are backups encrypted?"],
            &["5.1b", "Are restores tested at least annually?"],
            &["5.10", "Please list all of your subprocessors:"],
            &[
                "5.11",
                "Is access removed promptly when an employee leaves?",
            ],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(rows_of(layout), [2, 4, 5, 7, 8, 10, 11, 12, 13]);
    let texts: Vec<&str> = layout.questions.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(
        texts[1],
        "Does your password policy require the following a minimum length of 12 characters?"
    );
    assert_eq!(
        texts[3],
        "For privileged accounts, please confirm MFA is required for administrative access"
    );
    assert_eq!(
        texts[5],
        "Regarding backups of customer data held in the service Are backups encrypted?"
    );
    assert_eq!(
        texts[7], "Please list all of your subprocessors:",
        "5.11 does not extend 5.10"
    );
}

#[test]
fn a_question_that_points_at_a_list_is_answered_by_its_items() {
    let s = sheet(
        "Plans",
        &[
            &["No.", "Question", "Response", "Comments"],
            &[
                "1",
                "Do you maintain documented plans for each of the following?",
            ],
            &["", "a) Business continuity"],
            &["", "b) Incident response"],
            &["2", "Is data encrypted at rest?"],
            &["", "a) Describe the algorithm"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    // The pointing question is no question of its own; a plain question
    // is one, whatever follows it.
    assert_eq!(rows_of(layout), [3, 4, 5]);
    assert_eq!(
        layout.questions[0].text,
        "Do you maintain documented plans for each of the following Business continuity"
    );
    assert_eq!(layout.questions[2].text, "Is data encrypted at rest?");
}

#[test]
fn bulleted_parts_under_a_question_are_each_asked() {
    let s = sheet(
        "Crypto",
        &[
            &["No.", "Question", "Response"],
            &["1", "Is customer data encrypted?"],
            &["", "- at rest"],
            &["", "- in transit"],
            &["2", "Do you enforce MFA?"],
            &["", "- Is it phishing-resistant?"],
            &["3", "Is there a DR plan?"],
            &["", "- tested yearly"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    let texts: Vec<&str> = layout.questions.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(texts[0], "Is customer data encrypted at rest");
    assert_eq!(texts[1], "Is customer data encrypted in transit");
    // A bulleted question is its own, and one bullet is a note, not parts.
    assert_eq!(texts[2], "Do you enforce MFA?");
    assert_eq!(texts[4], "Is there a DR plan?");
}

#[test]
fn rows_the_senders_scope_column_rules_out_are_left_alone() {
    let s = sheet(
        "Controls",
        &[
            &[
                "ID",
                "Question",
                "Applies? (Y/N)",
                "Vendor Response",
                "Comments",
            ],
            &["1", "Is MFA enforced for all staff?", "Y"],
            &["2", "Do you process cardholder data?", "N"],
            &["3", "Is data encrypted at rest?", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(column_letters(layout.answer_col), "D");
    let writable: Vec<Writable> = layout.questions.iter().map(|q| q.writable).collect();
    assert_eq!(
        writable,
        [Writable::Yes, Writable::OutOfScope, Writable::Yes]
    );
    // Two tiers' scope columns: which binds the vendor is unknown, so only
    // a row both rule out is left alone.
    let tiers = sheet(
        "Controls",
        &[
            &[
                "ID",
                "Question",
                "Tier 1 applicable?",
                "Tier 2 applicable?",
                "Vendor Response",
            ],
            &["1", "Is MFA enforced for all staff?", "Yes", "No"],
            &["2", "Do you process cardholder data?", "No", "No"],
            &["3", "Is data encrypted at rest?", "Yes", "Yes"],
        ],
    );
    let q = detect(&book(vec![tiers]), &Overrides::default());
    assert!(!q.sheets.is_empty(), "{:?}", q.skipped);
    let layout = &q.sheets[0];
    assert_eq!(column_letters(layout.answer_col), "E");
    let writable: Vec<Writable> = layout.questions.iter().map(|q| q.writable).collect();
    assert_eq!(
        writable,
        [Writable::Yes, Writable::OutOfScope, Writable::Yes]
    );
}

#[test]
fn an_empty_rationale_after_the_answer_is_the_vendors() {
    let vendor = sheet(
        "Vendor",
        &[
            &["Control", "Requirement", "Met?", "Rationale"],
            &[
                "B-1",
                "Multi-factor authentication is required for all workforce access.",
            ],
            &["B-2", "Customer data is encrypted at rest."],
        ],
    );
    let sender = sheet(
        "Sender",
        &[
            &["Control", "Requirement", "Met?", "Rationale"],
            &[
                "B-1",
                "Multi-factor authentication is required for all workforce access.",
                "",
                "Stolen passwords are the first way in.",
            ],
            &[
                "B-2",
                "Customer data is encrypted at rest.",
                "",
                "Lost disks must not expose data.",
            ],
        ],
    );
    let q = detect(&book(vec![vendor, sender]), &Overrides::default());
    assert_eq!(
        q.sheets[0].comment_col.map(column_letters).as_deref(),
        Some("D")
    );
    assert_eq!(q.sheets[1].comment_col, None);
}

#[test]
fn routing_instructions_are_not_questions() {
    let s = sheet(
        "Questions",
        &[
            &["Question", "Response", "Comments"],
            &["Is customer data encrypted at rest?"],
            &[
                "If you do not store or process customer data, skip to Section 3 and leave this section blank.",
            ],
            &["Customer data is backed up daily to a second region."],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(rows_of(&q.sheets[0]), [2, 4]);
}

#[test]
fn sub_questions_indented_into_the_next_column_are_read() {
    let mut s = sheet(
        "Questionnaire",
        &[
            &["ID", "Question", "", "Response", "Comments"],
            &["1", "Do you have a documented information security policy?"],
            &["1.a", "", "Is the policy reviewed at least annually?"],
            &["1.b", "", "Is the policy communicated to all employees?"],
            &["2", "Is customer data encrypted at rest?"],
        ],
    );
    s.merged.push(CellRange {
        first: CellRef::new(0, 1),
        last: CellRef::new(0, 2),
    });
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(rows_of(layout), [2, 3, 4, 5]);
    assert_eq!(
        layout.questions[1].text,
        "Is the policy reviewed at least annually?"
    );
    assert_eq!(layout.questions[1].answer_cell, CellRef::new(2, 3));
    // A labelled column between question and answer is not one.
    let s = sheet(
        "Q",
        &[
            &["ID", "Question", "Guidance", "Response"],
            &["1", "Do you have a documented information security policy?"],
            &[
                "1.a",
                "",
                "Consider the policy's approval and review cycle.",
            ],
            &["2", "Is customer data encrypted at rest?"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(rows_of(&q.sheets[0]), [2, 4]);
}

#[test]
fn a_header_label_ending_in_a_question_mark_names_the_answer_column() {
    let s = sheet(
        "H1",
        &[
            &[
                "Ref",
                "Security Question",
                "Control in place?",
                "Additional Comments",
            ],
            &[
                "1.1",
                "Is multi-factor authentication required for all workforce access?",
            ],
            &["1.2", "Is customer data encrypted at rest?"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!((layout.answer_col, layout.comment_col), (2, Some(3)));
    assert_eq!(rows_of(layout), [2, 3]);
}

#[test]
fn a_sideways_table_is_named_as_such() {
    let s = sheet(
        "Sideways",
        &[
            &[
                "Is MFA required for all workforce access?",
                "Do you run an annual penetration test?",
                "Are backups encrypted?",
            ],
            &["", "", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert!(q.sheets.is_empty());
    let reason = &q.skipped[0].reason;
    assert!(
        reason.contains("run across row 1") && reason.contains("transpose"),
        "{reason}"
    );
    // Field labels before the questions make the row read as a header.
    let s = sheet(
        "Vendor Profile",
        &[
            &[
                "Vendor Name",
                "Website",
                "Do you have a current SOC 2 Type II report? (Yes/No)",
                "Is customer data encrypted at rest? (Yes/No)",
                "Do you carry cyber liability insurance? (Yes/No)",
            ],
            &["", "", "", "", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let reason = &q.skipped[0].reason;
    assert!(reason.contains("transpose"), "{reason}");
}

#[test]
fn a_question_wrapped_over_two_rows_is_one_question() {
    let s = sheet(
        "Wrapped",
        &[
            &["ID", "Question", "Response"],
            &["W1", "Do you have a documented disaster recovery plan"],
            &["", "for the service, reviewed at least annually?"],
            &["W2", "Is customer data encrypted at rest?"],
            &["", "using AES-256 or stronger"],
            &["W3", "Does the password policy require the following"],
            &["", "a) a minimum length of 12 characters"],
            &["", "b) lockout after failed attempts"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let texts = texts_of(&q.sheets[0]);
    assert_eq!(
        texts[0],
        "Do you have a documented disaster recovery plan for the service, reviewed at least annually?"
    );
    assert_eq!(texts[1], "Is customer data encrypted at rest?");
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("length of 12 characters b)")),
        "{texts:?}"
    );
}

#[test]
fn a_question_wrapped_over_three_rows_without_ids_is_one_question() {
    let s = sheet(
        "Pasted",
        &[
            &["Question", "Response"],
            &[
                "Do you have a documented information security policy that is",
                "",
            ],
            &["approved by management and communicated to all", ""],
            &["employees?", ""],
            &["Is customer data encrypted at rest?", ""],
            &["mfa for admins", ""],
            &["backups daily", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let texts = texts_of(&q.sheets[0]);
    assert_eq!(
        texts[0],
        "Do you have a documented information security policy that is approved by management and communicated to all employees?"
    );
    assert_eq!(texts[1], "Is customer data encrypted at rest?");
    assert!(
        !texts.iter().any(|t| t.contains("admins backups")),
        "items that never close a sentence stay apart: {texts:?}"
    );
}

#[test]
fn an_item_that_is_a_whole_question_is_matched_without_its_lead_in() {
    let s = sheet(
        "Items",
        &[
            &["ID", "Question", "Response"],
            &[
                "2.1",
                "Regarding encryption of customer data, please confirm:",
                "",
            ],
            &["", "a) Do you encrypt your backups?", ""],
            &["", "b) Are they re-keyed every year?", ""],
            &["", "c) key rotation", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(
        texts_of(&q.sheets[0]),
        [
            "Do you encrypt your backups?",
            "Regarding encryption of customer data, please confirm Are they re-keyed every year?",
            "Regarding encryption of customer data, please confirm key rotation",
        ]
    );
}

#[test]
fn a_sheet_named_for_reading_that_the_workbook_lacks_is_said() {
    let s = sheet(
        "Security",
        &[&["Question", "Answer"], &["Do you use MFA?", ""]],
    );
    let o = Overrides {
        sheet: Some("Secrity".into()),
        ..Overrides::default()
    };
    let q = detect(&book(vec![s]), &o);
    let missing = q
        .skipped
        .iter()
        .find(|s| s.name == "Secrity")
        .expect("the missing sheet is listed");
    assert!(
        missing
            .reason
            .contains("no such sheet (its sheets: Security)"),
        "{}",
        missing.reason
    );
}

#[test]
fn terse_lower_case_items_without_ids_stay_apart() {
    let s = sheet(
        "Terse",
        &[
            &["Question", "Response"],
            &["do you enforce mfa for administrators", ""],
            &["do you encrypt data at rest", ""],
            &["do you offer sso to customers", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let texts = texts_of(&q.sheets[0]);
    assert_eq!(
        texts,
        [
            "do you enforce mfa for administrators",
            "do you encrypt data at rest",
            "do you offer sso to customers"
        ]
    );
}

#[test]
fn retired_questions_are_not_asked() {
    let s = sheet(
        "Q",
        &[
            &["ID", "Question", "Response"],
            &["1", "Do you encrypt data at rest?", ""],
            &["2", "[RETIRED] Are you FedRAMP authorized?", ""],
            &["3", "(Deprecated) Do you support TLS 1.0?", ""],
            &["4", "Removed questions are listed in the appendix?", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(rows_of(&q.sheets[0]), [2, 5]);
}

#[test]
fn a_form_of_fields_among_questions_without_a_header() {
    let s = sheet(
        "Onboarding",
        &[
            &["New Supplier Onboarding Form"],
            &["Please complete all yellow fields and return to procurement@buyer.example"],
            &["Section 1 – Company details"],
            &["Company legal name", ""],
            &["Company website", ""],
            &["Number of employees", ""],
            &[""],
            &["Section 2 – Information security"],
            &["Do you have a documented information security policy?", ""],
            &["Is customer data encrypted at rest?", ""],
            &["Do you hold a current SOC 2 Type II report?", ""],
            &[""],
            &["I confirm that the information provided in this form is complete and accurate."],
            &["Name of authorised signatory", ""],
            &["Job title", ""],
            &["Date", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(
        rows_of(layout),
        [4, 5, 6, 9, 10, 11, 14, 15, 16],
        "{:?}",
        texts_of(layout)
    );
    let field = |row: u32| layout.questions.iter().find(|q| q.row + 1 == row).unwrap();
    assert!(field(4).field && !field(9).field);
    assert_eq!(field(4).writable, Writable::Yes);
    for row in [14, 15, 16] {
        assert_eq!(field(row).writable, Writable::Signatory, "row {row}");
    }
}

#[test]
fn fields_under_a_header_and_sums_below_it() {
    let s = sheet(
        "Due Diligence",
        &[
            &["Vendor review – do not forward"],
            &[""],
            &["Question", "Response"],
            &["Company legal name", ""],
            &["Brief description of the service", ""],
            &["Access Control"],
            &["Is multi-factor authentication enforced for all staff?", ""],
            &["Completed by (name)", ""],
            &["Total 'No' answers", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(rows_of(layout), [4, 5, 7, 8], "{:?}", texts_of(layout));
    assert_eq!(layout.questions[3].writable, Writable::Signatory);
}

#[test]
fn a_title_over_a_table_without_a_header_is_no_question() {
    let s = sheet(
        "Evaluation",
        &[
            &["Internal evaluation – do not send to vendors"],
            &[""],
            &[
                "Is multi-factor authentication required for all workforce access?",
                "",
            ],
            &["Is customer data encrypted at rest?", ""],
            &["Do you have a documented incident response plan?", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(rows_of(&q.sheets[0]), [3, 4, 5]);
}

#[test]
fn numbers_on_section_titles_only_do_not_make_them_questions() {
    let s = sheet(
        "Questionnaire",
        &[
            &["No.", "Question", "Response", "Comments"],
            &["1.", "Access Control", "", ""],
            &[
                "",
                "Is multi-factor authentication required for all staff?",
                "",
                "",
            ],
            &["", "Is MFA enforced for administrator accounts?", "", ""],
            &["2.", "Data Protection", "", ""],
            &["", "Is customer data encrypted at rest?", "", ""],
            &["", "Is data encrypted in transit?", "", ""],
            &["3.", "Certifications", "", ""],
            &["", "Do you hold an ISO 27001 certificate?", "", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(rows_of(&q.sheets[0]), [3, 4, 6, 7, 9]);
    // Where the questions carry the numbers, a numbered title stays out as before
    // and every numbered question is read.
    let s = sheet(
        "Questionnaire",
        &[
            &["No.", "Question", "Response", "Comments"],
            &["1.", "Access Control", "", ""],
            &[
                "1.1",
                "Is multi-factor authentication required for all staff?",
                "",
                "",
            ],
            &["1.2", "Password policy", "", ""],
            &["2.", "Data Protection", "", ""],
            &["2.1", "Is customer data encrypted at rest?", "", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert!(
        rows_of(&q.sheets[0]).contains(&4),
        "{:?}",
        rows_of(&q.sheets[0])
    );
}

#[test]
fn of_repeated_answer_groups_the_respondents_is_filled() {
    let rows: &[&[&str]] = &[
        &[
            "Ref",
            "Requirement",
            "Bidder A",
            "",
            "Bidder B",
            "",
            "Your response",
            "",
        ],
        &[
            "", "", "Answer", "Score", "Answer", "Score", "Answer", "Comments",
        ],
        &[
            "R1",
            "Is MFA required for all workforce access?",
            "Yes",
            "1",
            "",
            "0",
            "",
            "",
        ],
        &[
            "R2",
            "Is customer data encrypted at rest?",
            "No",
            "0",
            "",
            "0",
            "",
            "",
        ],
    ];
    let mut s = sheet("RFP", rows);
    for range in ["C1:D1", "E1:F1", "G1:H1"] {
        s.merged.push(CellRange::parse(range).unwrap());
    }
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!((layout.answer_col, layout.comment_col), (6, Some(7)));
    // A comment column under no group stays the comment column.
    let rows: &[&[&str]] = &[
        &["", "", "Bidder A", "Your response", ""],
        &["Ref", "Requirement", "Answer", "Answer", "Comments"],
        &[
            "R1",
            "Is MFA required for all workforce access?",
            "Yes",
            "",
            "",
        ],
    ];
    let q = detect(&book(vec![sheet("RFP", rows)]), &Overrides::default());
    assert_eq!(
        (q.sheets[0].answer_col, q.sheets[0].comment_col),
        (3, Some(4))
    );
    // Groups that say nothing of whose answer it is leave the first answer column.
    let rows: &[&[&str]] = &[
        &["Ref", "Requirement", "2025", "", "2026", ""],
        &["", "", "Answer", "Comments", "Answer", "Comments"],
        &[
            "R1",
            "Is MFA required for all workforce access?",
            "",
            "",
            "",
            "",
        ],
    ];
    let q = detect(&book(vec![sheet("RFP", rows)]), &Overrides::default());
    assert_eq!(q.sheets[0].answer_col, 2);
}

#[test]
fn a_contents_sheet_of_counts_and_guidance_rows_are_not_questions() {
    let contents = sheet(
        "Contents",
        &[
            &["#", "Section", "Questions", "Status"],
            &["1", "Access control", "12", ""],
            &["2", "Encryption", "8", ""],
            &["3", "Resilience", "2", ""],
        ],
    );
    let controls = sheet(
        "Controls",
        &[
            &["Ref", "Question", "Response", "Comments"],
            &["EN-1", "Is data encrypted in transit?", "", ""],
            &[
                "",
                "Guidance: Which TLS versions are accepted? Is HSTS enabled?",
                "",
                "",
            ],
            &["EN-2", "Is data encrypted at rest?", "", ""],
        ],
    );
    let q = detect(&book(vec![contents, controls]), &Overrides::default());
    let questions: Vec<(&str, u32)> = q
        .sheets
        .iter()
        .flat_map(|s| {
            s.questions
                .iter()
                .map(move |r| (s.name.as_str(), r.row + 1))
        })
        .collect();
    assert_eq!(questions, [("Controls", 2), ("Controls", 4)]);
}

#[test]
fn a_sheet_named_as_contents_or_glossary_is_skipped_unless_chosen() {
    let rows: &[&[&str]] = &[
        &["#", "Section", "Description", "Status"],
        &[
            "1",
            "Access control",
            "Questions about access control and evidence.",
            "",
        ],
        &[
            "2",
            "Encryption",
            "Questions about encryption of data at rest.",
            "",
        ],
        &[
            "3",
            "Resilience",
            "Questions about backups and disaster recovery.",
            "",
        ],
    ];
    let q = detect(
        &book(vec![sheet("Table of Contents", rows)]),
        &Overrides::default(),
    );
    assert!(q.sheets.is_empty());
    assert!(
        q.skipped[0].reason.contains("table of contents"),
        "{:?}",
        q.skipped
    );
    let chosen = Overrides {
        sheet: Some("Table of Contents".into()),
        ..Overrides::default()
    };
    let q = detect(&book(vec![sheet("Table of Contents", rows)]), &chosen);
    assert!(
        q.skipped.iter().all(|s| !s.reason.contains("by its name")),
        "{:?}",
        q.skipped
    );
}

#[test]
fn a_row_that_spells_its_options_takes_one_of_them() {
    let s = sheet(
        "Questions",
        &[
            &["ID", "Question", "Response Options", "Response", "Comments"],
            &[
                "Q1",
                "Do you run EDR on endpoints?",
                "Yes / No / N/A",
                "",
                "",
            ],
            &["Q2", "How many staff do you employ?", "Number", "", ""],
            &["Q3", "Is data encrypted at rest?", "Y|N", "", ""],
            // Under a header naming the list, any values are the row's.
            &[
                "Q4",
                "Which cloud provider hosts the service?",
                "AWS;Azure;GCP;Other",
                "",
                "",
            ],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let spelled: Vec<Option<Vec<String>>> = q.sheets[0]
        .questions
        .iter()
        .map(|q| q.spelled.clone())
        .collect();
    let v = |l: &[&str]| Some(l.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    assert_eq!(
        spelled,
        [
            v(&["Yes", "No", "N/A"]),
            None,
            v(&["Y", "N"]),
            v(&["AWS", "Azure", "GCP", "Other"])
        ]
    );
    assert_eq!(q.sheets[0].questions[0].answer_cell, CellRef::new(1, 3));
    // Elsewhere a list needs a label saying so; a category is no list.
    let s = sheet(
        "Questions",
        &[
            &["ID", "Question", "Guidance", "Response"],
            &[
                "Q1",
                "Which cloud provider hosts the service?",
                "Response options: AWS / Azure / Other",
                "",
            ],
            &["Q2", "Do you have a policy?", "Policy / Procedure", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let spelled: Vec<Option<Vec<String>>> = q.sheets[0]
        .questions
        .iter()
        .map(|q| q.spelled.clone())
        .collect();
    assert_eq!(spelled, [v(&["AWS", "Azure", "Other"]), None]);
}

#[test]
fn a_question_that_spells_its_values_takes_one_of_them() {
    let s = sheet(
        "Questions",
        &[
            &["ID", "Question", "Response"],
            &["Q1", "Do you run EDR on endpoints? (Y/N)", ""],
            &["Q2", "Which regions (EU, US) host data?", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let spelled: Vec<Option<Vec<String>>> = q.sheets[0]
        .questions
        .iter()
        .map(|q| q.spelled.clone())
        .collect();
    assert_eq!(spelled, [Some(vec!["Y".to_string(), "N".into()]), None]);
}

#[test]
fn of_a_bilingual_sheet_the_english_questions_are_read() {
    let s = sheet(
        "Cuestionario",
        &[
            &["ID", "Pregunta (ES)", "Question (EN)", "Respuesta / Answer"],
            &[
                "SEG-01",
                "¿Se exige la autenticación multifactor para todos los accesos del personal?",
                "Is multi-factor authentication required for all workforce access?",
                "",
            ],
            &[
                "SEG-02",
                "¿Se cifran los datos de los clientes en reposo?",
                "Is customer data encrypted at rest?",
                "",
            ],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(
        texts_of(&q.sheets[0]),
        [
            "Is multi-factor authentication required for all workforce access?",
            "Is customer data encrypted at rest?"
        ]
    );
}

#[test]
fn options_indented_under_a_tick_all_question_are_its_questions() {
    let with_options = |iso: &str, fedramp: &str| {
        sheet(
            "Questionnaire",
            &[
                &["No.", "Question", "Response"],
                &["1", "Is customer data encrypted at rest?", ""],
                &[
                    "2",
                    "Which of the following certifications do you hold? (check all that apply)",
                    "",
                ],
                &["", iso, ""],
                &["", fedramp, ""],
                &["3", "Do you have an incident response plan?", ""],
            ],
        )
    };
    let want = [
        "Is customer data encrypted at rest?",
        "Which of the following certifications do you hold ISO/IEC 27001",
        "Which of the following certifications do you hold FedRAMP",
        "Do you have an incident response plan?",
    ];
    let s = with_options("    ISO/IEC 27001", "    FedRAMP");
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(texts_of(&q.sheets[0]), want);
    // Indented by the cell's format (Excel's Increase Indent), not by spaces.
    let mut s = with_options("ISO/IEC 27001", "FedRAMP");
    s.indented = [CellRef::new(3, 1), CellRef::new(4, 1)].into();
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(texts_of(&q.sheets[0]), want);
}

#[test]
fn a_table_below_with_more_columns_is_a_table_of_its_own() {
    let s = sheet(
        "Metrics & Controls",
        &[
            &["Part 1 - Operational metrics"],
            &["ID", "Question", "Response"],
            &["M1", "How many employees do you have?"],
            &["M2", "What is your recovery time objective in hours?"],
            &[],
            &["Part 2 - Control requirements"],
            &[
                "ID",
                "Requirement",
                "Compliant (Y/N)",
                "Evidence",
                "Comments",
            ],
            &["C1", "Customer data is encrypted at rest."],
            &["C2", "MFA is enforced for administrative access."],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let found: Vec<(Option<u32>, Vec<&str>)> = q
        .sheets
        .iter()
        .map(|l| (l.comment_col, texts_of(l)))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    // Part 1 has no comment column: column E is blank beside it.
    assert_eq!(found[0].0, None, "{found:?}");
    assert_eq!(found[0].1.len(), 2, "{found:?}");
    assert_eq!(found[1].0, Some(4), "{found:?}");
    assert_eq!(found[1].1.len(), 2, "{found:?}");
}

#[test]
fn items_and_follow_ups_without_ids_under_numbered_questions_are_read() {
    let s = sheet(
        "Security",
        &[
            &["Item", "Question", "Response", "Comments"],
            &["1", "Do you have a documented information security policy?"],
            &["2", "Are background checks performed on new employees?"],
            &[
                "",
                "(a) If yes, do they include criminal record checks where legally permitted?",
            ],
            &["", "(b) Describe how personnel are vetted."],
            &["", "If no, please explain how personnel are vetted."],
            &["", "(c) Daily"],
            &["3", "Do you have a documented incident response plan?"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let texts = texts_of(&q.sheets[0]);
    assert!(
        texts.iter().any(|t| t.contains("Describe how personnel")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.starts_with("If no, please explain")),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.contains("Daily")), "{texts:?}");
    assert_eq!(texts.len(), 6, "{texts:?}");
}

#[test]
fn a_numbered_heading_over_lettered_items_is_no_question() {
    let s = sheet(
        "Security",
        &[
            &["Item", "Question", "Response", "Comments"],
            &["4", "Do you have a documented incident response plan?"],
            &["5", "Business continuity"],
            &["", "(a) Is the business continuity plan tested annually?"],
            &["", "(b) Is there a documented recovery time objective?"],
            &["6", "Do you perform annual penetration tests?"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let texts = texts_of(&q.sheets[0]);
    assert!(!texts.contains(&"Business continuity"), "{texts:?}");
    assert_eq!(texts.len(), 4, "{texts:?}");
}

#[test]
fn fields_above_a_table_may_be_boxes_without_colons() {
    let mut s = sheet(
        "Supplier Questionnaire",
        &[
            &["Supplier Security Questionnaire"],
            &["Section 1 - Supplier Details"],
            &["Company name"],
            &["Registered address"],
            &["Primary contact email:"],
            &["Number of employees:"],
            &[],
            &["#", "Question", "Response", "Comments"],
            &["2.1", "Do you hold a current ISO/IEC 27001 certification?"],
            &["2.2", "Is customer data encrypted at rest?"],
        ],
    );
    for row in 3..=6 {
        s.merged
            .push(CellRange::parse(&format!("B{row}:D{row}")).unwrap());
    }
    let q = detect(&book(vec![s]), &Overrides::default());
    let fields = field_texts(&q);
    assert_eq!(fields.len(), 4, "{fields:?}");
    assert!(fields[0].starts_with("Company name"), "{fields:?}");
}

#[test]
fn a_japanese_check_sheet_is_read() {
    let s = sheet(
        "チェックシート",
        &[
            &["No.", "確認項目", "回答欄", "補足説明"],
            &["1", "データセンターは国内に所在していますか。"],
            &["2", "バックアップは毎日取得し、別拠点に保管していますか。"],
            &["3", "退職者のアカウントは速やかに削除していますか？"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(
        (layout.question_col, layout.answer_col, layout.comment_col),
        (1, 2, Some(3))
    );
    assert_eq!(texts_of(layout).len(), 3, "{:?}", texts_of(layout));
}

#[test]
fn questions_ending_in_the_arabic_question_mark_are_read() {
    let s = sheet(
        "Questions",
        &[
            &["Question", "Answer"],
            &["Do you encrypt customer data?"],
            &["هل يتم تشفير بيانات العملاء؟"],
            &["Are backups tested?"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(q.sheets.len(), 1, "{q:?}");
    assert_eq!(
        texts_of(&q.sheets[0]).len(),
        3,
        "{:?}",
        texts_of(&q.sheets[0])
    );
}

#[test]
fn unticked_checkboxes_are_no_answers_yet() {
    let mut s = sheet(
        "Controls",
        &[
            &["#", "Question", "Response"],
            &["1", "Do you enforce MFA for administrators?"],
            &["2", "Is customer data encrypted at rest?"],
            &["3", "Do you run a bug bounty program?"],
        ],
    );
    for row in 1..=3 {
        s.rows[row].push(Value::Bool(false));
    }
    let q = detect(&book(vec![s.clone()]), &Overrides::default());
    let existing: Vec<&str> = q.sheets[0]
        .questions
        .iter()
        .map(|q| q.existing_answer.as_str())
        .collect();
    assert_eq!(existing, ["", "", ""]);
    // One ticked: the FALSE beside it is a No someone chose.
    s.rows[2][2] = Value::Bool(true);
    let q = detect(&book(vec![s]), &Overrides::default());
    let existing: Vec<&str> = q.sheets[0]
        .questions
        .iter()
        .map(|q| q.existing_answer.as_str())
        .collect();
    assert_eq!(existing, ["FALSE", "TRUE", "FALSE"]);
}

#[test]
fn fields_above_numbered_questions_without_a_header_are_read() {
    let s = sheet(
        "Application",
        &[
            &["CYBER LIABILITY INSURANCE APPLICATION"],
            &[],
            &["Name of Applicant:"],
            &["Website:"],
            &["Number of Employees:"],
            &[],
            &[
                "1.",
                "Does the Applicant encrypt all sensitive data at rest and in transit?",
            ],
            &[
                "2.",
                "Does the Applicant have a written incident response plan?",
            ],
            &[
                "3.",
                "Is multi-factor authentication required for all remote access?",
            ],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let fields = field_texts(&q);
    assert_eq!(fields.len(), 3, "{fields:?}");
    let questions: usize = q.sheets.iter().map(|l| l.questions.len()).sum();
    assert_eq!(questions, 6);
}

#[test]
fn framework_self_assessments_name_their_rows_by_the_framework_s_unit() {
    // A control summary: names, not questions, under "Control Name", with
    // control enhancements ("AC-2 (3)") among the controls.
    let s = sheet(
        "CIS",
        &[
            &["Control ID", "Control Name", "Implementation Status"],
            &[
                "",
                "",
                "Implemented",
                "Partially Implemented",
                "Planned",
                "Alternative Implementation",
                "Not Applicable",
            ],
            &["ACCESS CONTROL (AC)"],
            &["AC-1", "Policy and Procedures"],
            &["AC-2", "Account Management"],
            &["AC-2 (3)", "Disable Accounts"],
            &["AC-6", "Least Privilege"],
            &["AC-7", "Unsuccessful Logon Attempts"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(rows_of(layout), [4, 5, 6, 7, 8]);
    assert_eq!(layout.questions[0].marks.len(), 5);
    // A NIST CSF profile: subcategory statements, the current tier the
    // vendor's, the target the sender's.
    let s = sheet(
        "Profile",
        &[
            &[
                "Function",
                "Subcategory",
                "Current Tier",
                "Target Tier",
                "Notes",
            ],
            &[
                "Identify",
                "ID.AM-1: Physical devices and systems are inventoried",
                "",
                "Tier 3",
            ],
            &[
                "",
                "ID.AM-2: Software platforms are inventoried",
                "",
                "Tier 3",
            ],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(rows_of(layout), [2, 3]);
    assert_eq!(layout.question_col, 1);
    assert_eq!(layout.answer_col, 2);
}

#[test]
fn enumerated_objectives_with_lists_of_their_own_are_questions() {
    // A practice, then its assessment objectives, each with a status list;
    // the practice's own cell has none.
    let mut s = sheet(
        "Self-Assessment",
        &[
            &[
                "Practice ID",
                "Practice / Assessment Objective",
                "Status",
                "Evidence / Notes",
            ],
            &[
                "AC.L1-3.1.1",
                "Authorized Access Control – Limit system access to authorized users.",
            ],
            &["", "[a] authorized users are identified;"],
            &["", "[b] devices are identified;"],
            &["", "(c) Daily"],
        ],
    );
    s.dropdowns.push(crate::workbook::Dropdown {
        ranges: vec![CellRange::parse("C3:C4").unwrap()],
        values: vec!["MET".into(), "NOT MET".into(), "N/A".into()],
    });
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    // Row 5's option has no list to answer from: it asks nothing.
    assert_eq!(rows_of(layout), [2, 3, 4]);
}

#[test]
fn options_keyed_under_their_lead_in_are_its_items() {
    // A form export: keys without digits, the options' keys extending the
    // question's.
    let s = sheet(
        "Export",
        &[
            &["id", "type", "text", "value"],
            &["auth_block", "block", "Authentication", ""],
            &[
                "auth_mfa",
                "yesno",
                "Do you enforce MFA for administrators?",
            ],
            &[
                "auth_sso",
                "checkgroup",
                "Which of the following sign-in methods does your application support?",
            ],
            &["auth_sso_saml", "check", "SAML 2.0 single sign-on"],
            &["auth_sso_totp", "check", "Time-based one-time passwords"],
            &["data_block", "block", "Data Security"],
            &["data_rest", "yesno", "Is customer data encrypted at rest?"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(rows_of(layout), [3, 5, 6, 8]);
    assert_eq!(
        layout.questions[1].text,
        "Which of the following sign-in methods does your application support SAML 2.0 single sign-on"
    );
}

#[test]
fn the_vendors_description_beats_its_document_reference() {
    let s = sheet(
        "ISA",
        &[
            &[
                "ID",
                "Maturity level",
                "Control question",
                "Description of implementation",
                "Reference documentation",
            ],
            &[
                "1.1.1",
                "",
                "To what extent are information security policies available?",
            ],
            &[
                "1.1.2",
                "",
                "To what extent is information security managed?",
            ],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(layout.answer_col, 1);
    assert_eq!(layout.comment_col, Some(3));
    // Alone, the reference column is where the vendor names its document.
    let s = sheet(
        "Docs",
        &[
            &[
                "Ques Num",
                "Document Request",
                "Provided (Yes/No)",
                "Document Name / Reference",
            ],
            &["DOC.1", "Information security policy"],
            &["DOC.2", "Most recent SOC 2 Type II report"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(rows_of(layout), [2, 3]);
    assert_eq!(layout.comment_col, Some(3));
}

#[test]
fn a_hidden_answer_column_gives_way_to_a_visible_one() {
    // Last year's pair, hidden and filled in, beside this year's.
    let rows: &[&[&str]] = &[
        &[
            "Ref", "Question", "Response", "Comments", "Response", "Comments",
        ],
        &[
            "Q1",
            "Is customer data encrypted at rest?",
            "Yes",
            "As per 2024.",
        ],
        &[
            "Q2",
            "Do you enforce MFA for administrators?",
            "Yes",
            "As per 2024.",
        ],
    ];
    let mut s = sheet("Q", rows);
    s.hidden_cols.extend([2, 3]);
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!((layout.answer_col, layout.comment_col), (4, Some(5)));
    // Shown, the first pair is the answer (already given).
    let q = detect(&book(vec![sheet("Q", rows)]), &Overrides::default());
    assert_eq!(q.sheets[0].answer_col, 2);
    // Alone, a hidden answer column stays (fill names what it writes there).
    let mut s = sheet(
        "Q",
        &[
            &["Ref", "Question", "Response", "Comments"],
            &["Q1", "Is customer data encrypted at rest?"],
        ],
    );
    s.hidden_cols.insert(2);
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(q.sheets[0].answer_col, 2);
}

#[test]
fn items_lettered_in_a_column_of_their_own_make_their_number_a_heading() {
    let s = sheet(
        "Q",
        &[
            &["No.", "Sub", "Question", "Response", "Comments"],
            &[
                "1",
                "",
                "Do you have a documented information security policy?",
            ],
            &["2", "", "Access management"],
            &["2", "a", "Is MFA enforced for all remote access?"],
            &[
                "",
                "b",
                "Are user access rights reviewed at least quarterly?",
            ],
            &["3", "", "Do you have a documented incident response plan?"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(rows_of(layout), [2, 4, 5, 6]);
    assert_eq!(layout.questions[1].id.as_deref(), Some("2.a"));
    // A column that marks critical questions holds no item letters.
    let s = sheet(
        "Q",
        &[
            &["No.", "Critical", "Question", "Response"],
            &[
                "1",
                "X",
                "Do you have a documented information security policy?",
            ],
            &["2", "", "Is MFA enforced for all remote access?"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(q.sheets[0].questions[0].id.as_deref(), Some("1"));
}

#[test]
fn a_heading_over_items_numbered_in_parentheses_is_no_question() {
    for (head, a, b) in [
        ("2", "2(a)", "2(b)"),
        ("2", "2a", "2b"),
        ("AC-2", "AC-2(1)", "AC-2(2)"),
    ] {
        let s = sheet(
            "Q",
            &[
                &["No.", "Question", "Response"],
                &["1", "Do you have a documented information security policy?"],
                &[head, "Policy review"],
                &[a, "Is the policy review approved by management?"],
                &[b, "Are policy changes communicated to staff?"],
            ],
        );
        let q = detect(&book(vec![s]), &Overrides::default());
        assert_eq!(rows_of(&q.sheets[0]), [2, 4, 5], "{a}");
    }
}

#[test]
fn a_question_followed_by_an_instruction_is_a_question_among_numbered_rows() {
    let numbered = [
        "Do you have a documented information security policy?",
        "Is the policy reviewed at least annually?",
        "Do you encrypt customer data at rest?",
        "Do you enforce MFA for administrators?",
        "Is your cardholder data environment PCI DSS compliant?",
        "Do you have a documented incident response plan?",
        "Do you test backups every quarter?",
        "Do you run an annual penetration test?",
        "Are access rights reviewed every quarter?",
        "Do you scan for vulnerabilities weekly?",
        "Are laptops encrypted with full-disk encryption?",
        "Do staff complete security awareness training?",
        "Do you screen new employees before hiring?",
        "Is customer data deleted at contract end?",
    ];
    let mut rows: Vec<Vec<String>> = vec![vec!["ID".into(), "Question".into(), "Response".into()]];
    for (i, q) in numbered.iter().enumerate() {
        rows.push(vec![format!("1.{}", i + 1), q.to_string(), String::new()]);
        if i == 3 {
            let gate = "SECTION 2 – CARDHOLDER DATA: Does your service store payment card data? If No, skip to Section 3.";
            rows.push(vec![String::new(), gate.into(), String::new()]);
            let listed = "Do you use subcontractors for support? Please list them in Comments.";
            rows.push(vec![String::new(), listed.into(), String::new()]);
            let note = "Questions? Contact the security office for help.";
            rows.push(vec![String::new(), note.into(), String::new()]);
        }
    }
    let cells: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let refs: Vec<&[&str]> = cells.iter().map(Vec::as_slice).collect();
    let q = detect(
        &book(vec![sheet("Assessment", &refs)]),
        &Overrides::default(),
    );
    let found: Vec<u32> = q.sheets[0].questions.iter().map(|q| q.row).collect();
    assert!(found.contains(&5) && found.contains(&6), "{found:?}");
    assert!(!found.contains(&7), "a note is no question: {found:?}");
    assert_eq!(found.len(), numbered.len() + 2);
}

#[test]
fn a_question_asked_for_several_scopes_is_one_question_per_scope() {
    let s = sheet(
        "Security",
        &[
            &["No.", "Question", "Scope", "Response"],
            &["1", "Do you have a documented security policy?", "All", ""],
            &["2", "Is customer data encrypted?", "At rest", ""],
            &["", "", "In transit", ""],
            &["", "", "In backups", ""],
            &["3", "Do you have an incident response plan?", "All", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let found: Vec<(u32, &str)> = q.sheets[0]
        .questions
        .iter()
        .map(|q| (q.row, q.text.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (1, "Do you have a documented security policy?"),
            (2, "Is customer data encrypted? (At rest)"),
            (3, "Is customer data encrypted? (In transit)"),
            (4, "Is customer data encrypted? (In backups)"),
            (5, "Do you have an incident response plan?"),
        ]
    );
    assert_eq!(q.sheets[0].questions[2].answer_cell, CellRef::new(3, 3));
}

#[test]
fn worked_example_rows_marked_beside_the_question_are_skipped() {
    let rows_for = |mark: [&str; 3]| {
        let s = sheet(
            "Security",
            &[
                &["ID", "Question", "Answer", "Comments"],
                &[mark[0], "Do you have a firewall?", mark[1], mark[2]],
                &["1", "Do you enforce MFA for administrators?", "", ""],
                &["2", "Is customer data encrypted at rest?", "", ""],
            ],
        );
        rows_of(&detect(&book(vec![s]), &Overrides::default()).sheets[0])
    };
    for mark in [
        ["Example", "Yes", "Security groups"],
        ["e.g.", "", ""],
        ["(Sample)", "Yes", ""],
        ["", "Yes", "EXAMPLE - delete before returning"],
        ["", "Example answer", ""],
    ] {
        assert_eq!(rows_for(mark), [3, 4], "{mark:?}");
    }
    // A vendor's answer giving examples is an answer, not a worked example.
    assert_eq!(rows_for(["", "Yes", "e.g. AWS security groups"]), [2, 3, 4]);
}

#[test]
fn bullets_under_a_question_already_asked_are_its_details() {
    let s = sheet(
        "People",
        &[
            &["ID", "Question", "Answer", "Comments"],
            &["1", "Do you screen new hires? Checks should include:"],
            &["", "• criminal record"],
            &["", "- employment history"],
            &["2", "Does your password policy require the following:"],
            &["", "- a minimum length of 12 characters"],
            &["", "- account lockout"],
            &["3", "Do you encrypt backups?"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(rows_of(layout), [2, 6, 7, 8]);
    assert_eq!(
        layout.questions[0].text,
        "Do you screen new hires? Checks should include: criminal record; employment history"
    );
}

#[test]
fn a_column_of_requested_items_is_the_question_column() {
    let rows_for = |rows: &[&[&str]]| {
        let q = detect(&book(vec![sheet("Docs", rows)]), &Overrides::default());
        q.sheets.first().map(|l| {
            // Documents requested are to attach, not only to answer.
            let requested = l.questions.iter().all(|q| q.requested);
            assert_eq!(
                requested,
                l.question_col == 0 && rows[0][0].contains("Requested")
            );
            (l.question_col, l.answer_col, rows_of(l))
        })
    };
    // What the sender requests, beside the vendor's answer, and nothing
    // else that asks: the requests are the questions, items all.
    assert_eq!(
        rows_for(&[
            &["Document Requested", "Provided (Y/N)", "Link or Filename"],
            &["Information security policy", "", ""],
            &["SOC 2 Type II report", "", ""],
            &["Business continuity plan", "", ""],
        ]),
        Some((0, 1, vec![2, 3, 4]))
    );
    // GDPR Annex II: "Measure" heads measures to describe.
    assert_eq!(
        rows_for(&[
            &[
                "Measure",
                "Description of the measures implemented by the Processor"
            ],
            &[
                "Measures of pseudonymisation and encryption of personal data",
                ""
            ],
            &["Measures for ensuring events logging", ""],
        ]),
        Some((0, 1, vec![2, 3]))
    );
    // Beside a question column, what is requested stays the sender's.
    assert_eq!(
        rows_for(&[
            &["Question", "Evidence requested", "Answer"],
            &["Do you encrypt data at rest?", "Key policy", ""],
            &["Do you enforce MFA for administrators?", "Screenshot", ""],
        ]),
        Some((0, 2, vec![2, 3]))
    );
}

#[test]
fn items_lettered_in_the_id_column_are_read_with_their_lead_in() {
    let s = sheet(
        "Access",
        &[
            &["Ref", "Question", "Response", "Comments"],
            &["1.", "Do you require multi-factor authentication for:"],
            &["a)", "remote network access (e.g., VPN)?"],
            &["b.", "privileged / administrative accounts"],
            &["(c)", "email?"],
            &["2.", "Do you maintain offline backups?"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(rows_of(layout), [3, 4, 5, 6], "the lead-in is no question");
    assert_eq!(
        layout.questions[2].text,
        "Do you require multi-factor authentication for email?"
    );
}

#[test]
fn a_dropdown_over_the_whole_column_does_not_make_headings_questions() {
    let mut s = sheet(
        "Fragen",
        &[
            &["No.", "Question", "Answer"],
            &["1", "Organisation"],
            &["1.1", "Do you have an information security policy?"],
            &["1.2", "Are you ISO 27001 certified?"],
            &["2", "Access control"],
            &["2.1", "Is MFA required for all staff?"],
        ],
    );
    s.dropdowns.push(crate::workbook::Dropdown {
        ranges: vec![CellRange::parse("C2:C6").unwrap()],
        values: vec!["Yes".into(), "No".into()],
    });
    let q = detect(&book(vec![s.clone()]), &Overrides::default());
    assert_eq!(rows_of(&q.sheets[0]), [3, 4, 6]);
    // A dropdown of the heading's own still makes it a question.
    s.dropdowns = vec![crate::workbook::Dropdown {
        ranges: vec![
            CellRange::parse("C2").unwrap(),
            CellRange::parse("C3:C6").unwrap(),
        ],
        values: vec!["Yes".into(), "No".into()],
    }];
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(rows_of(&q.sheets[0]), [2, 3, 4, 6]);
}

#[test]
fn short_statements_with_checkboxes_are_each_ticked() {
    let mut s = sheet(
        "Endpoint",
        &[
            &["Control", "In place?", "Notes"],
            &["Full-disk encryption on all laptops", "", ""],
            &["Automatic screen lock after inactivity", "", ""],
            &["USB removable storage restricted", "", ""],
        ],
    );
    for row in 1..4 {
        s.rows[row][1] = Value::Bool(false);
    }
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(rows_of(&q.sheets[0]), [2, 3, 4]);
}

#[test]
fn of_a_column_per_product_the_respondents_is_filled() {
    let mut s = sheet(
        "Matrix",
        &[
            &[
                "ID",
                "Question",
                "Acme Connect",
                "Acme Insights",
                "Acme Mobile",
            ],
            &["1", "Does the product support SSO?", "", "", ""],
            &["2", "Can customers export their data?", "", "", ""],
        ],
    );
    s.dropdowns.push(crate::workbook::Dropdown {
        ranges: vec![CellRange::parse("C2:E3").unwrap()],
        values: vec!["Yes".into(), "No".into()],
    });
    let answer_cells = |product: Option<&str>| {
        let o = Overrides {
            product: product.map(str::to_string),
            ..Default::default()
        };
        detect(&book(vec![s.clone()]), &o).sheets[0]
            .questions
            .iter()
            .map(|q| q.answer_cell.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(answer_cells(Some("Acme Insights")), ["D2", "D3"]);
    // No product, or one no column names: the first, as before.
    assert_eq!(answer_cells(None), ["C2", "C3"]);
    assert_eq!(answer_cells(Some("Acme Analytics")), ["C2", "C3"]);
}

#[test]
fn the_senders_notes_are_not_comments_and_may_waive_a_row() {
    let s = sheet(
        "Questions",
        &[
            &[
                "ID",
                "Question",
                "Applicability note",
                "Response",
                "Comments",
            ],
            &["1", "Do you encrypt data at rest?", "", "", ""],
            &[
                "2",
                "Do you patch on-premises servers monthly?",
                "N/A for SaaS – no response required",
                "",
                "",
            ],
            // A condition is for the vendor to weigh.
            &[
                "3",
                "Do you store card data encrypted?",
                "If you hold no card data, do not answer",
                "",
                "",
            ],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!((layout.answer_col, layout.comment_col), (3, Some(4)));
    let writable: Vec<bool> = layout
        .questions
        .iter()
        .map(|q| q.writable == Writable::Yes)
        .collect();
    assert_eq!(writable, [true, false, true]);
}

#[test]
fn a_declared_answer_type_binds_like_a_validation() {
    let s = sheet(
        "Export",
        &[
            &["ID", "Question", "Answer Type", "Response"],
            &["1", "Number of employees", "Number", ""],
            &["2", "Date of the last penetration test", "Date", ""],
            &["3", "Is MFA enforced for all staff?", "Single select", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let declared: Vec<_> = q.sheets[0].questions.iter().map(|q| q.declared).collect();
    use crate::workbook::Accepts;
    assert_eq!(declared, [Some(Accepts::Number), Some(Accepts::Date), None]);
}

#[test]
fn an_answer_cell_the_sender_blacked_out_is_left_alone() {
    let mut s = sheet(
        "Security",
        &[
            &["ID", "Question", "Answer"],
            &[
                "APPL",
                "Do you follow a secure development program? Answer below.",
            ],
            &["APPL-01", "Do you use a web application firewall?"],
            &["APPL-02", "Do you run static code analysis?"],
        ],
    );
    s.blacked.insert(crate::cellref::CellRef::new(1, 2));
    let q = detect(&book(vec![s.clone()]), &Overrides::default());
    let w: Vec<Writable> = q.sheets[0].questions.iter().map(|q| q.writable).collect();
    assert_eq!(w, [Writable::Blacked, Writable::Yes, Writable::Yes]);
    // A sheet styled dark throughout blacks out nothing in particular.
    for row in 2..4 {
        s.blacked.insert(crate::cellref::CellRef::new(row, 2));
    }
    let q = detect(&book(vec![s]), &Overrides::default());
    assert!(
        q.sheets[0]
            .questions
            .iter()
            .all(|q| q.writable == Writable::Yes)
    );
}

#[test]
fn the_header_of_an_empty_list_under_the_questions_is_no_field() {
    let s = sheet(
        "Sub-processors",
        &[
            &["No.", "Question", "Answer", "Comments"],
            &["1", "Do you publish a list of your sub-processors?", "", ""],
            &["2", "Will you notify us before engaging a new one?", "", ""],
            &[],
            &[
                "#",
                "Sub-processor name",
                "Service / purpose",
                "Processing location",
                "Transfer safeguard",
            ],
            &["1"],
            &["2"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(rows_of(&q.sheets[0]), [2, 3]);
}

#[test]
fn metrics_fields_and_data_elements_are_items_every_row_asks() {
    // "Metric | Value | Unit": noun phrases, none a question, each asked.
    let s = sheet(
        "Metrics",
        &[
            &["Metric", "Value", "Unit", "Notes"],
            &["Recovery Time Objective (RTO)", "", "hours", ""],
            &["Backup retention period", "", "days", ""],
            &["Committed monthly uptime", "", "%", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(rows_of(&q.sheets[0]), [2, 3, 4]);
    // A cover sheet's "Field | Response" table of the respondent's details.
    let s = sheet(
        "Cover",
        &[
            &["Instructions"],
            &["Answer every question on the domain tabs."],
            &[""],
            &["Field", "Response"],
            &["Supplier legal name", ""],
            &["Product / service in scope", ""],
            &["Security contact (name and email)", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(rows_of(&q.sheets[0]), [5, 6, 7]);
}

#[test]
fn a_reference_table_under_the_questions_is_not_read() {
    let s = sheet(
        "Questions",
        &[
            &["Ref", "Question", "Response", "Comments"],
            &["A1", "Do you encrypt backups?", "", ""],
            &[
                "A2",
                "Do you have a documented change management process?",
                "",
                "",
            ],
            &[""],
            &["Reference: control crosswalk (for information only, no response required)"],
            &["Control ID", "Control Title", "ISO 27001:2022", "SOC 2 TSC"],
            &["XW-1", "Change management", "A.8.32", "CC8.1"],
            &["XW-2", "Information backup", "A.8.13", "A1.2"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(rows_of(&q.sheets[0]), [2, 3]);
}

#[test]
fn columns_under_the_respondents_band_are_theirs() {
    // "Business Associate Response" over "Yes / No / N/A | Description of
    // Safeguard | Evidence Attached?": the description takes the details,
    // and the Yes/No evidence flag takes no prose.
    let mut s = sheet(
        "HIPAA",
        &[
            &[
                "Item",
                "Reference",
                "Question",
                "Business Associate Response",
                "",
                "",
                "Reviewer Notes",
            ],
            &[
                "",
                "",
                "",
                "Yes / No / N/A",
                "Description of Safeguard",
                "Evidence Attached?",
                "",
            ],
            &[
                "1",
                "164.308(a)(1)",
                "Has a risk analysis been conducted for ePHI?",
            ],
            &[
                "2",
                "164.308(a)(5)",
                "Do all workforce members receive security awareness training?",
            ],
            &[
                "3",
                "164.308(a)(6)",
                "Are security incidents identified and documented?",
            ],
            &[
                "4",
                "164.310(d)(1)",
                "Is ePHI removed from media before re-use?",
            ],
        ],
    );
    for range in ["A1:A2", "B1:B2", "C1:C2", "D1:F1", "G1:G2"] {
        s.merged.push(CellRange::parse(range).unwrap());
    }
    s.dropdowns.push(crate::workbook::Dropdown {
        ranges: vec![CellRange::parse("D3:D6").unwrap()],
        values: vec!["Yes".into(), "No".into(), "N/A".into()],
    });
    s.dropdowns.push(crate::workbook::Dropdown {
        ranges: vec![CellRange::parse("F3:F6").unwrap()],
        values: vec!["Yes".into(), "No".into()],
    });
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!((layout.answer_col, layout.comment_col), (3, Some(4)));
}

#[test]
fn a_comment_column_with_a_list_dropdown_takes_no_prose() {
    let mut s = sheet(
        "Questions",
        &[
            &["Ref", "Question", "Response", "Evidence Attached?"],
            &["1", "Has a risk analysis been conducted?"],
            &[
                "2",
                "Do all workforce members receive security awareness training?",
            ],
            &["3", "Are security incidents identified and documented?"],
        ],
    );
    s.dropdowns.push(crate::workbook::Dropdown {
        ranges: vec![CellRange::parse("C2:D4").unwrap()],
        values: vec!["Yes".into(), "No".into()],
    });
    let q = detect(&book(vec![s.clone()]), &Overrides::default());
    assert_eq!((q.sheets[0].answer_col, q.sheets[0].comment_col), (2, None));
    // Without the dropdown it is an ordinary evidence column.
    s.dropdowns.clear();
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(q.sheets[0].comment_col, Some(3));
}

#[test]
fn pairs_of_labels_under_a_question_table_are_not_its_fields() {
    // "Bank name | [box] | Account holder | [box]" under questions that
    // span the columns up to the answer: a form's pairs, not the table's
    // fields (the first pair's box is the second label's neighbour).
    let mut s = sheet(
        "Supplier Form",
        &[
            &["Question", "", "", "", "Answer", "Comment"],
            &["Do you have an information security officer?"],
            &["Is your company ISO 27001 certified?"],
            &["Do you have a business continuity plan?"],
            &[""],
            &["Section 3: Banking details (for payment)"],
            &["Bank name", "", "", "Account holder", "", ""],
            &["IBAN / account number", "", "", "SWIFT / BIC", "", ""],
        ],
    );
    for row in 2..=4 {
        s.merged
            .push(CellRange::parse(&format!("A{row}:D{row}")).unwrap());
    }
    for row in 7..=8 {
        s.merged
            .push(CellRange::parse(&format!("B{row}:C{row}")).unwrap());
        s.merged
            .push(CellRange::parse(&format!("E{row}:F{row}")).unwrap());
    }
    let q = detect(&book(vec![s]), &Overrides::default());
    let table = q.sheets.iter().find(|l| l.answer_col == 4).unwrap();
    assert_eq!(rows_of(table), [2, 3, 4]);
}

#[test]
fn without_a_header_the_answer_box_is_right_of_the_questions_merge() {
    let mut s = sheet(
        "Review",
        &[
            &["Vendor Information Security Review Form"],
            &[
                "1.1",
                "Do you have a documented information security policy?",
            ],
            &[
                "1.2",
                "Is there a named individual responsible for information security?",
            ],
            &["1.3", "Do you hold a current ISO/IEC 27001 certificate?"],
            &["1.4", "Are security policies reviewed at least annually?"],
        ],
    );
    for row in 2..=5 {
        s.merged
            .push(CellRange::parse(&format!("B{row}:E{row}")).unwrap());
        s.merged
            .push(CellRange::parse(&format!("F{row}:J{row}")).unwrap());
    }
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!((q.sheets[0].question_col, q.sheets[0].answer_col), (1, 5));
    assert_eq!(rows_of(&q.sheets[0]), [2, 3, 4, 5]);
}

#[test]
fn a_question_and_its_translation_under_one_merged_answer_are_one() {
    let mut s = sheet(
        "チェックシート",
        &[
            &["No.", "確認項目 / Item", "回答", "備考"],
            &["1", "情報セキュリティ方針を策定していますか。"],
            &["", "Have you established an information security policy?"],
            &["2", "保存データを暗号化していますか。"],
            &["", "Is stored data encrypted?"],
            &["3", "ログを1年以上保管していますか。"],
            &["", "Are logs retained for one year or more?"],
        ],
    );
    for row in [2, 4, 6] {
        for col in ["A", "C", "D"] {
            s.merged
                .push(CellRange::parse(&format!("{col}{row}:{col}{}", row + 1)).unwrap());
        }
    }
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(rows_of(layout), [2, 4, 6]);
    assert!(
        layout.questions[1]
            .text
            .ends_with("Is stored data encrypted?")
    );
}

#[test]
fn a_header_that_lists_options_heads_the_answers() {
    let s = sheet(
        "Controls",
        &[
            &["Control Frequency Survey"],
            &[""],
            &[
                "Ref",
                "Control Question",
                "Frequency (Daily / Weekly / Monthly / Quarterly / Annually / Never)",
                "Comments",
            ],
            &["F1", "Pen test frequency", "", ""],
            &["F2", "DR test frequency", "", ""],
            &["F3", "Key rotation frequency", "", ""],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert!(q.skipped.is_empty(), "{:?}", q.skipped);
    assert_eq!(
        (q.sheets[0].answer_col, q.sheets[0].comment_col),
        (2, Some(3))
    );
    let choices = q.sheets[0].questions[0].allowed().map(<[String]>::to_vec);
    assert_eq!(choices.map(|c| c.len()), Some(6));
}

#[test]
fn an_unknown_label_over_a_dropdown_makes_the_header() {
    // "Req ID | Requirement | Compliance": two labels qfill knows, and one it
    // does not over a Yes/No dropdown. Statements alone are no questions.
    let mut s = sheet(
        "Matrix",
        &[
            &["Req ID", "Requirement", "Compliance"],
            &[
                "R-01",
                "Supplier maintains a documented information security policy.",
            ],
            &["R-02", "Supplier enforces MFA on all privileged accounts."],
            &["R-03", "Supplier encrypts data at rest using AES-256."],
        ],
    );
    s.dropdowns.push(crate::workbook::Dropdown {
        ranges: vec![CellRange::parse("C2:C4").unwrap()],
        values: vec!["Yes".into(), "No".into()],
    });
    let q = detect(&book(vec![s]), &Overrides::default());
    assert!(q.skipped.is_empty(), "{:?}", q.skipped);
    assert_eq!((q.sheets[0].question_col, q.sheets[0].answer_col), (1, 2));
    assert_eq!(rows_of(&q.sheets[0]), [2, 3, 4]);
}

#[test]
fn a_bare_no_over_numbers_heads_the_row_numbers() {
    let s = sheet(
        "Security",
        &[
            &["No", "Question", "Response"],
            &["1", "Do you have a dedicated information security team?"],
            &["2", "Do you have a formal change management process?"],
            &["3", "Is the production network segmented?"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(rows_of(layout), vec![2, 3, 4]);
    assert_eq!(layout.questions[0].answer_cell.to_string(), "C2");
    assert_eq!(layout.questions[0].id.as_deref(), Some("1"));
}

#[test]
fn blocks_labelled_question_n_are_read_as_answers_below() {
    let s = sheet(
        "Questionnaire",
        &[
            &["Supplier Operations Questionnaire"],
            &[],
            &["Question 1", "Describe how a new employee is onboarded."],
            &["Answer:"],
            &["Comments:"],
            &[],
            &["Question 2", "How are production secrets stored?"],
            &["Answer:"],
            &["Comments:"],
            &[],
            &[
                "Question 3",
                "How do you protect the platform against DDoS attacks?",
            ],
            &["Answer:"],
            &["Comments:"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let cells: Vec<String> = q.sheets[0]
        .questions
        .iter()
        .map(|q| q.answer_cell.to_string())
        .collect();
    assert_eq!(cells, ["B4", "B8", "B12"]);
}

#[test]
fn a_short_lead_in_that_asks_is_read_with_each_item() {
    let s = sheet(
        "Questions",
        &[
            &["Q#", "Question", "Response", "Comments"],
            &["1", "Do you have a documented information security policy?"],
            &["2", "Is customer data encrypted:"],
            &["", "a) At rest in production databases"],
            &["", "b) In transit over public networks"],
            &["3", "Do you perform background checks before hire?"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    let layout = &q.sheets[0];
    assert_eq!(rows_of(layout), vec![2, 4, 5, 6]);
    assert_eq!(
        layout.questions[2].text,
        "Is customer data encrypted In transit over public networks"
    );
}

#[test]
fn options_named_in_a_header_are_marked_for_a_select_all_question() {
    let s = sheet(
        "Multi-select",
        &[
            &[
                "Ref",
                "Question",
                "AWS",
                "Microsoft Azure",
                "Google Cloud",
                "Comments",
            ],
            &[
                "MS1",
                "Which cloud providers host the service? (select all that apply)",
            ],
            &[],
            &[
                "Ref",
                "Question",
                "SMS",
                "Authenticator app",
                "Security key",
                "Other",
                "Comments",
            ],
            &[
                "MS2",
                "Which MFA methods are enforced? (select all that apply)",
            ],
        ],
    );
    let mut s = s;
    s.dropdowns = ["C2:E2", "C5:F5"]
        .iter()
        .map(|range| crate::workbook::Dropdown {
            ranges: vec![CellRange::parse(range).unwrap()],
            values: vec!["X".into()],
        })
        .collect();
    let q = detect(&book(vec![s]), &Overrides::default());
    let rows = &q.sheets[0].questions;
    let labels =
        |i: usize| -> Vec<&str> { rows[i].marks.iter().map(|(l, _)| l.as_str()).collect() };
    assert_eq!(labels(0), ["AWS", "Microsoft Azure", "Google Cloud"]);
    assert_eq!(
        labels(1),
        ["SMS", "Authenticator app", "Security key", "Other"]
    );
    // Each table's own comments column.
    assert_eq!(
        rows[0].comment_cell.map(|c| c.to_string()).as_deref(),
        Some("F2")
    );
    assert_eq!(
        rows[1].comment_cell.map(|c| c.to_string()).as_deref(),
        Some("G5")
    );
}

#[test]
fn a_follow_up_with_an_id_of_its_own_is_a_question() {
    let s = sheet(
        "B. Security Policy",
        &[
            &["ID", "Question", "Response", "Comments"],
            &["B.1", "Do you have a documented incident response plan?"],
            &["B.2", "Do you have a documented business continuity plan?"],
            &["B.2.1", "If yes, please describe."],
            &["B.3", "Is customer data encrypted at rest?"],
            &["B.4", "Is there a formal vendor risk management process?"],
            &["B.4.1", "If No, explain."],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert_eq!(rows_of(&q.sheets[0]), vec![2, 3, 4, 5, 6, 7]);
}

#[test]
fn a_numbered_field_over_a_lettered_follow_up_is_no_heading() {
    let s = sheet(
        "Section A",
        &[
            &["No.", "Question", "Answer"],
            &["1", "Parent company name (if any)"],
            &[
                "2",
                "How is the effectiveness of the security program measured?",
            ],
            &["3", "Corporate web address"],
            &["3a", "If yes, when was it last tested or reviewed?"],
            &["4", "Have you implemented an ISMS?"],
        ],
    );
    let q = detect(&book(vec![s]), &Overrides::default());
    assert!(
        rows_of(&q.sheets[0]).contains(&4),
        "{:?}",
        rows_of(&q.sheets[0])
    );
}
