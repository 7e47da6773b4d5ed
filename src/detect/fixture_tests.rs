//! Detection on the generated fixtures in `tests/fixtures/layout/` (see the
//! README there: each file reproduces one family of real-world difficulties
//! with invented text). One case table gives, per file, the sheets that must
//! be found with their header rows, columns and question rows, the answer
//! cells left alone, and the sheets that must be skipped and why.

use super::*;
use crate::workbook;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/layout/");

/// What one sheet must look like (rows 1-based, columns as letters).
struct Want {
    name: &'static str,
    header_rows: &'static [u32],
    /// Id, question, answer and comment columns.
    columns: (
        Option<&'static str>,
        &'static str,
        &'static str,
        Option<&'static str>,
    ),
    rows: &'static [u32],
    left_alone: &'static [(u32, Writable)],
    /// Question rows and the dropdown values on their answer cells; rows not
    /// listed have none.
    choices: &'static [(&'static [u32], &'static [&'static str])],
    protection: Protection,
}

const YES_NO: &[&str] = &["Yes", "No"];
const GRADED_TEAMS: &[&str] = &[
    "No",
    "Yes, for some teams",
    "Yes, for at least half of the teams",
    "Yes, for all teams",
];
const GRADED_TIMES: &[&str] = &[
    "No",
    "Yes, now and then",
    "Yes, every quarter",
    "Yes, every month",
];

struct Case {
    file: &'static str,
    sheets: &'static [Want],
    /// Sheet and a part of the reason it is skipped.
    skipped: &'static [(&'static str, &'static str)],
}

const CASES: &[Case] = &[
    Case {
        file: "placeholders_and_two_tables.xlsx",
        sheets: &[
            Want {
                name: "Cover",
                header_rows: &[],
                columns: (None, "A", "B", None),
                rows: &[4, 5, 6, 7],
                left_alone: &[(7, Writable::Signatory)],
                choices: &[],
                protection: Protection::Unprotected,
            },
            Want {
                name: "Review",
                header_rows: &[1],
                columns: (Some("A"), "B", "C", Some("D")),
                rows: &[2, 3, 4],
                left_alone: &[],
                choices: &[],
                protection: Protection::Unprotected,
            },
            Want {
                name: "Review",
                header_rows: &[8],
                columns: (Some("A"), "C", "D", Some("E")),
                rows: &[9, 10],
                left_alone: &[],
                choices: &[],
                protection: Protection::Unprotected,
            },
            Want {
                name: "Select",
                header_rows: &[1],
                columns: (Some("A"), "B", "C", Some("D")),
                rows: &[3, 4, 5, 6, 7],
                left_alone: &[(5, Writable::Shared), (6, Writable::Shared)],
                choices: &[(&[3, 4, 5, 6, 7], &["Please select", "Yes", "No", "N/A"])],
                protection: Protection::Unprotected,
            },
            Want {
                name: "Marks",
                header_rows: &[3],
                columns: (Some("A"), "B", "C", Some("F")),
                rows: &[4, 5, 6],
                left_alone: &[],
                choices: &[(&[4, 5, 6], &["Yes", "No", "N/A"])],
                protection: Protection::Unprotected,
            },
        ],
        skipped: &[],
    },
    Case {
        file: "header_on_row_4.xlsx",
        sheets: &[
            // "Supplier name:" above the table is a field to fill.
            Want {
                name: "Security",
                header_rows: &[],
                columns: (None, "A", "B", None),
                rows: &[2],
                left_alone: &[],
                choices: &[],
                protection: Protection::Unprotected,
            },
            Want {
                name: "Security",
                header_rows: &[4],
                columns: (Some("A"), "B", "C", Some("D")),
                rows: &[6, 7, 8, 10, 11],
                left_alone: &[],
                choices: &[(&[6, 7, 8, 10, 11], &["Yes", "No", "N/A"])],
                protection: Protection::Unprotected,
            },
        ],
        skipped: &[
            ("Instructions", "no clear column of questions"),
            ("Lists", "hidden"),
        ],
    },
    Case {
        file: "repeated_headers_ids_above.xlsx",
        sheets: &[Want {
            name: "Vendor Response",
            header_rows: &[13, 17, 20],
            columns: (Some("A"), "B", "C", Some("D")),
            rows: &[3, 6, 7, 8, 9, 11, 12, 15, 16, 18, 19, 21, 22],
            left_alone: &[
                (3, Writable::Signatory),
                (11, Writable::Institution),
                (12, Writable::Institution),
            ],
            choices: &[(&[15, 16, 19, 21], YES_NO)],
            protection: Protection::Unprotected,
        }],
        skipped: &[
            ("Cover", "no column of questions"),
            ("Analyst Reference", "no answer column"),
            ("Analyst Report", "mirror"),
            ("Standards Crosswalk", "row 2 labels column C"),
            ("Questions", "hidden"),
            ("Values", "hidden"),
        ],
    },
    Case {
        file: "linked_answers_across_sheets.xlsx",
        sheets: &[
            Want {
                name: "Start",
                header_rows: &[12],
                columns: (Some("A"), "B", "C", Some("D")),
                rows: &[9, 10, 11, 13, 14],
                left_alone: &[],
                choices: &[(&[13, 14], YES_NO)],
                protection: Protection::Unprotected,
            },
            Want {
                name: "Security",
                header_rows: &[5, 9, 12],
                columns: (Some("A"), "B", "C", Some("D")),
                rows: &[6, 7, 8, 10, 11, 13, 14],
                left_alone: &[
                    (6, Writable::Formula),
                    (7, Writable::Formula),
                    (8, Writable::Formula),
                ],
                choices: &[(&[10, 11], YES_NO), (&[13], &["Yes", "No", "N/A"])],
                protection: Protection::Unprotected,
            },
        ],
        skipped: &[("Evaluation", "mirror"), ("Lists", "hidden")],
    },
    Case {
        file: "protected_unlocked_answers.xlsx",
        sheets: &[Want {
            name: "Assessment",
            header_rows: &[2],
            columns: (Some("A"), "B", "C", Some("E")),
            rows: &[3, 4, 5, 6, 7, 8],
            left_alone: &[(8, Writable::Locked)],
            choices: &[(&[3, 4, 5, 6, 7, 8], &["Yes", "No", "NA"])],
            protection: Protection::UnlockedCells,
        }],
        skipped: &[("Introduction", "no column of questions")],
    },
    Case {
        file: "protected_all_locked.xlsx",
        sheets: &[Want {
            name: "Vendor Response",
            header_rows: &[3, 6],
            columns: (Some("A"), "B", "C", Some("D")),
            rows: &[4, 5, 7, 8],
            left_alone: &[],
            choices: &[],
            protection: Protection::AllLocked,
        }],
        skipped: &[("Cover", "no column of questions")],
    },
    Case {
        file: "catalogue_without_answers.xlsx",
        sheets: &[],
        skipped: &[
            ("Controls", "no answer column"),
            ("Question List", "no answer column"),
            ("Mappings", "no column of questions"),
        ],
    },
    Case {
        file: "maturity_interview.xlsx",
        sheets: &[
            // "Company:", "Team:" and "Meeting Date:" over the tables.
            Want {
                name: "Practices",
                header_rows: &[],
                columns: (None, "B", "D", None),
                rows: &[7, 8, 9],
                left_alone: &[],
                choices: &[],
                protection: Protection::Unprotected,
            },
            Want {
                name: "Practices",
                header_rows: &[12, 19],
                columns: (Some("A"), "D", "F", Some("I")),
                rows: &[13, 15, 17, 20, 22, 24],
                left_alone: &[],
                choices: &[(&[13, 17, 20, 24], GRADED_TEAMS), (&[15, 22], GRADED_TIMES)],
                protection: Protection::Unprotected,
            },
        ],
        skipped: &[("License", "no column of questions"), ("Lookups", "hidden")],
    },
    Case {
        file: "assertion_rows.xlsx",
        sheets: &[Want {
            name: "Practices",
            header_rows: &[7, 14],
            columns: (Some("B"), "C", "E", Some("F")),
            rows: &[8, 12, 15, 18],
            left_alone: &[],
            choices: &[],
            protection: Protection::Unprotected,
        }],
        skipped: &[],
    },
    Case {
        file: "no_header_at_top.csv",
        sheets: &[Want {
            name: "no_header_at_top",
            header_rows: &[1, 5, 8],
            columns: (Some("A"), "B", "C", Some("D")),
            rows: &[2, 3, 4, 6, 7, 9, 10],
            left_alone: &[],
            choices: &[],
            protection: Protection::Unprotected,
        }],
        skipped: &[],
    },
    Case {
        file: "semicolon_latin1.csv",
        sheets: &[Want {
            name: "semicolon_latin1",
            header_rows: &[1],
            columns: (Some("A"), "B", "C", Some("D")),
            rows: &[2, 3, 4],
            left_alone: &[],
            choices: &[],
            protection: Protection::Unprotected,
        }],
        skipped: &[],
    },
    Case {
        file: "headerless.csv",
        sheets: &[Want {
            name: "headerless",
            header_rows: &[],
            columns: (Some("A"), "B", "C", None),
            rows: &[2, 3, 4, 5],
            left_alone: &[],
            choices: &[],
            protection: Protection::Unprotected,
        }],
        skipped: &[],
    },
    Case {
        file: "header_on_row_3.ods",
        sheets: &[Want {
            name: "Questions",
            header_rows: &[3],
            columns: (Some("A"), "B", "C", Some("D")),
            rows: &[4, 5, 6],
            left_alone: &[],
            choices: &[(&[4, 5, 6], &["Y", "N", "N/A"])],
            protection: Protection::Unprotected,
        }],
        skipped: &[],
    },
];

fn read(file: &str) -> Questionnaire {
    let path = std::path::PathBuf::from(DIR).join(file);
    let book = workbook::read(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    detect(&book, &Overrides::default())
}

fn letters(col: Option<u32>) -> Option<String> {
    col.map(column_letters)
}

fn check_sheet(file: &str, want: &Want, got: &SheetLayout) {
    let at = format!("{file} `{}`", want.name);
    let rows_1based = |rows: &[u32]| rows.iter().map(|r| r + 1).collect::<Vec<_>>();
    assert_eq!(
        rows_1based(&got.header_rows),
        want.header_rows,
        "{at}: header rows"
    );
    let columns = (
        letters(got.id_col),
        column_letters(got.question_col),
        column_letters(got.answer_col),
        letters(got.comment_col),
    );
    let (id, q, a, c) = want.columns;
    let expected = (
        id.map(String::from),
        q.to_string(),
        a.to_string(),
        c.map(String::from),
    );
    assert_eq!(
        columns, expected,
        "{at}: id/question/answer/comment columns"
    );
    let rows: Vec<u32> = got.questions.iter().map(|q| q.row + 1).collect();
    assert_eq!(rows, want.rows, "{at}: question rows");
    let left_alone: Vec<(u32, Writable)> = got
        .questions
        .iter()
        .filter(|q| q.writable != Writable::Yes)
        .map(|q| (q.row + 1, q.writable))
        .collect();
    assert_eq!(left_alone, want.left_alone, "{at}: answer cells left alone");
    for q in &got.questions {
        let row = q.row + 1;
        let expected = want
            .choices
            .iter()
            .find(|(rows, _)| rows.contains(&row))
            .map(|(_, values)| values.to_vec());
        let got: Option<Vec<&str>> = q
            .choices
            .as_ref()
            .map(|c| c.iter().map(String::as_str).collect());
        assert_eq!(got, expected, "{at}: dropdown on row {row}");
    }
    assert_eq!(got.protection, want.protection, "{at}: protection");
}

#[test]
fn every_fixture_is_read_as_expected() {
    for case in CASES {
        let found = read(case.file);
        let names: Vec<&str> = found.sheets.iter().map(|s| s.name.as_str()).collect();
        let want: Vec<&str> = case.sheets.iter().map(|s| s.name).collect();
        assert_eq!(names, want, "{}: question sheets", case.file);
        for (w, got) in case.sheets.iter().zip(&found.sheets) {
            check_sheet(case.file, w, got);
        }
        for (name, reason) in case.skipped {
            let skipped = found.skipped.iter().find(|s| s.name == *name);
            let got = skipped.map(|s| s.reason.as_str()).unwrap_or("not skipped");
            assert!(
                got.contains(reason),
                "{}: `{name}` skipped for {got:?}, want {reason:?}",
                case.file
            );
        }
    }
}

#[test]
fn prompts_in_answer_cells_are_not_answers() {
    let found = read("placeholders_and_two_tables.xlsx");
    let select = found
        .sheets
        .iter()
        .find(|s| s.name == "Select")
        .expect("Select");
    for q in &select.questions {
        assert_eq!(q.existing_answer, "", "row {}", q.row + 1);
        assert_eq!(q.existing_comment, "", "row {}", q.row + 1);
    }
    let marks = found
        .sheets
        .iter()
        .find(|s| s.name == "Marks")
        .expect("Marks");
    let cells: Vec<String> = marks.questions[1]
        .marks
        .iter()
        .map(|(label, cell)| format!("{label}={cell}"))
        .collect();
    assert_eq!(cells, ["Yes=C5", "No=D5", "N/A=E5"]);
    let existing: Vec<&str> = marks
        .questions
        .iter()
        .map(|q| q.existing_answer.as_str())
        .collect();
    assert_eq!(
        existing,
        ["", "No", ""],
        "the marked column is the answer given"
    );
    // The second table's rows are bounded, so a layout file can list both.
    let review: Vec<_> = found.sheets.iter().filter(|s| s.name == "Review").collect();
    let bounds: Vec<_> = review.iter().map(|s| (s.first_row, s.last_row)).collect();
    assert_eq!(bounds, [(None, Some(6)), (Some(7), None)]);
}

#[test]
fn every_fixture_file_has_a_case() {
    let mut files: Vec<String> = std::fs::read_dir(DIR)
        .expect("fixture dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .collect();
    files.sort();
    let mut cases: Vec<&str> = CASES.iter().map(|c| c.file).collect();
    cases.sort_unstable();
    assert_eq!(files, cases);
}

#[test]
fn question_text_reads_as_a_person_sees_it() {
    let texts = |file: &str| -> Vec<String> {
        read(file)
            .sheets
            .iter()
            .flat_map(|s| s.questions.iter().map(|q| q.text.clone()))
            .collect()
    };
    let noisy = texts("header_on_row_4.xlsx");
    let cases = [
        "Do you enforce multi-factor authentication for administrators?",
        "Are access rights reviewed every quarter?",
        "Describe how leavers lose access",
        "Is customer data encrypted at rest?",
    ];
    for want in cases {
        assert!(noisy.iter().any(|t| t == want), "{want:?} in {noisy:?}");
    }
    let formulas = texts("repeated_headers_ids_above.xlsx");
    assert!(
        formulas
            .iter()
            .any(|t| t == "Do you process payment card data?"),
        "{formulas:?}"
    );
    let latin1 = texts("semicolon_latin1.csv");
    assert_eq!(
        latin1[0],
        "Is the café’s guest Wi-Fi separated from the corporate network?"
    );
    let multiline = texts("no_header_at_top.csv");
    assert_eq!(
        multiline[0],
        "Describe your company's ownership and history."
    );
}

#[test]
fn ids_and_answer_cells() {
    let found = read("repeated_headers_ids_above.xlsx");
    let sheet = &found.sheets[0];
    let cells: Vec<(Option<&str>, String)> = sheet
        .questions
        .iter()
        .map(|q| (q.id.as_deref(), q.answer_cell.to_string()))
        .collect();
    assert_eq!(cells[0], (Some("DT-01"), "C3".to_string()));
    let host = sheet
        .questions
        .iter()
        .find(|q| q.id.as_deref() == Some("HOST-01"));
    let host = host.expect("HOST-01 found");
    assert_eq!(
        (host.answer_cell.to_string(), host.comment_cell),
        ("C18".to_string(), None)
    );
    assert_eq!(sheet.questions[1].existing_answer, "Example Corp");
    let ids: Vec<Option<String>> = read("assertion_rows.xlsx").sheets[0]
        .questions
        .iter()
        .map(|q| q.id.clone())
        .collect();
    let want = ["PA1", "PA1", "PB1", "PB2"].map(|s| Some(s.to_string()));
    assert_eq!(ids, want);
    // No dropdown, but the "Yes/No" answer label spells out the values.
    for q in &read("assertion_rows.xlsx").sheets[0].questions {
        assert_eq!(q.choices, None);
        assert_eq!(
            q.allowed(),
            Some(&["Yes".to_string(), "No".to_string()][..])
        );
    }
}

#[test]
fn a_workbook_without_questions_says_what_it_saw() {
    let found = read("catalogue_without_answers.xlsx");
    let err = found
        .require_questions(std::path::Path::new("catalogue.xlsx"))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("catalogue.xlsx: no questions found"),
        "{err}"
    );
    assert!(
        err.contains("\n  sheet `Question List`: no answer column"),
        "{err}"
    );
}
