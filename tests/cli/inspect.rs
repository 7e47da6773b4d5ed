//! `qfill inspect` on the layout fixtures: the JSON contract, the human output
//! that is itself a layout file (saved, edited and passed back with
//! `--layout`), the per-run override flags, and exit 2 with what was seen
//! when a file has no questions. `fill --layout` uses the same file.

use crate::util::{cell, grids, qfill, root, workspace};
use serde_json::Value;
use std::path::Path;

/// Copies a layout fixture into `dir` and returns its file name.
fn fixture(dir: &Path, name: &str) -> String {
    let from = root().join("tests/fixtures/layout").join(name);
    std::fs::copy(from, dir.join(name)).expect("copy fixture");
    name.to_string()
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let run = qfill(dir, args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("inspect --json prints JSON")
}

/// (sheet, row, answer cell) of every question.
fn questions(v: &Value) -> Vec<(String, u64, String)> {
    let mut out = Vec::new();
    for s in v["sheets"].as_array().expect("sheets") {
        for q in s["questions"].as_array().expect("questions") {
            out.push((
                s["name"].as_str().unwrap_or_default().to_string(),
                q["row"].as_u64().unwrap_or_default(),
                q["answer_cell"].as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    out
}

#[test]
fn json_follows_the_contract() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = fixture(tmp.path(), "repeated_headers_ids_above.xlsx");
    let v = json(tmp.path(), &["inspect", &file, "--json"]);
    assert_eq!(v["file"], file.as_str());
    let sheet = &v["sheets"][0];
    assert_eq!(sheet["name"], "Vendor Response");
    assert_eq!(sheet["header_row"], 13);
    let columns = ["question_column", "answer_column", "comment_column"].map(|k| sheet[k].clone());
    assert_eq!(columns, ["B", "C", "D"].map(Value::from));
    assert!(
        sheet.get("answer_choices").is_some(),
        "answer_choices is present (null without dropdowns)"
    );
    let first = &sheet["questions"][0];
    assert_eq!(
        (first["row"].clone(), first["id"].clone()),
        (Value::from(3), Value::from("DT-01"))
    );
    assert_eq!(
        (first["text"].clone(), first["answer_cell"].clone()),
        (Value::from("Date"), Value::from("C3"))
    );
    let skipped = v["skipped_sheets"].as_array().expect("skipped_sheets");
    let report = skipped
        .iter()
        .find(|s| s["name"] == "Analyst Report")
        .expect("report sheet skipped");
    assert!(
        report["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("mirror"),
        "{report}"
    );
    let institution = &sheet["questions"][5];
    assert_eq!(
        (
            institution["writable"].clone(),
            institution["not_writable"].clone()
        ),
        (Value::from(false), Value::from("institution"))
    );
}

#[test]
fn human_output_is_a_layout_file_that_round_trips() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = fixture(tmp.path(), "linked_answers_across_sheets.xlsx");
    let run = qfill(tmp.path(), &["inspect", &file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("[[sheet]]\nname = \"Security\"\nheader_rows = [5, 9, 12]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("# not written (formulas linking elsewhere): C6, C7, C8"),
        "{}",
        run.stdout
    );
    std::fs::write(tmp.path().join("layout.toml"), &run.stdout).expect("save layout");
    let detected = json(tmp.path(), &["inspect", &file, "--json"]);
    let from_file = json(
        tmp.path(),
        &["inspect", &file, "--json", "--layout", "layout.toml"],
    );
    assert_eq!(questions(&from_file), questions(&detected));
    let edited = run
        .stdout
        .replace("answer_column = \"C\"", "answer_column = \"D\"")
        .replace("comment_column = \"D\"", "comment_column = \"E\"");
    std::fs::write(tmp.path().join("edited.toml"), edited).expect("save edit");
    let moved = json(
        tmp.path(),
        &["inspect", &file, "--json", "--layout", "edited.toml"],
    );
    assert_eq!(moved["sheets"][0]["answer_column"], "D");
    assert_eq!(moved["sheets"][0]["questions"][0]["answer_cell"], "D9");
}

#[test]
fn per_run_flags_fix_what_detection_cannot_see() {
    let tmp = tempfile::tempdir().expect("tmp");
    let csv =
        "Topic,Text,Vendor,Misc\nx,Do you patch servers monthly?,,\ny,Do you scan for malware?,,\n";
    std::fs::write(tmp.path().join("odd.csv"), csv).expect("write");
    let run = qfill(tmp.path(), &["inspect", "odd.csv"]);
    assert_eq!(run.code, 2, "no answer column is found: {}", run.stdout);
    let flags = [
        "inspect",
        "odd.csv",
        "--json",
        "--header-row",
        "1",
        "--question-col",
        "B",
        "--answer-col",
        "3",
    ];
    let v = json(tmp.path(), &flags);
    let want = [
        ("odd".to_string(), 2, "C2".to_string()),
        ("odd".to_string(), 3, "C3".to_string()),
    ];
    assert_eq!(questions(&v), want);
    let file = fixture(tmp.path(), "repeated_headers_ids_above.xlsx");
    let hidden = json(
        tmp.path(),
        &["inspect", &file, "--json", "--sheet", "questions"],
    );
    assert_eq!(
        hidden["sheets"][0]["name"], "Questions",
        "--sheet reads a hidden sheet"
    );
}

#[test]
fn no_questions_exits_2_with_what_was_seen() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = fixture(tmp.path(), "catalogue_without_answers.xlsx");
    let bank = root().join("answer_bank").display().to_string();
    let runs = [
        qfill(tmp.path(), &["inspect", &file]),
        qfill(tmp.path(), &["fill", &file, "--bank", &bank]),
    ];
    for (command, run) in ["inspect", "fill"].iter().zip(runs) {
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("catalogue_without_answers.xlsx: no questions found"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("sheet `Question List`: no answer column"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("--answer-col") && run.stderr.contains("--layout"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_bad_layout_file_names_its_line() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = fixture(tmp.path(), "header_on_row_3.ods");
    let layout =
        "[[sheet]]\nname = \"Questions\"\nquestion_column = \"B\"\nanswer_column = \"C9\"\n";
    std::fs::write(tmp.path().join("layout.toml"), layout).expect("write");
    let run = qfill(tmp.path(), &["inspect", &file, "--layout", "layout.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("layout.toml:4: answer_column `C9` is not a column"),
        "{}",
        run.stderr
    );
    let run = qfill(
        tmp.path(),
        &[
            "inspect",
            &file,
            "--layout",
            "layout.toml",
            "--answer-col",
            "C",
        ],
    );
    assert_eq!(
        run.code, 2,
        "--layout and the per-run flags do not mix: {}",
        run.stderr
    );
}

#[test]
fn fill_writes_where_the_layout_file_says() {
    let tmp = workspace(&[]);
    let file = fixture(tmp.path(), "header_on_row_3.ods");
    let layout = "[[sheet]]\nname = \"Questions\"\nheader_rows = [3]\nquestion_column = \"B\"\nanswer_column = \"D\"\n";
    std::fs::write(tmp.path().join("layout.toml"), layout).expect("write");
    let run = qfill(
        tmp.path(),
        &["fill", &file, "--layout", "layout.toml", "-o", "out.xlsx"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = grids(&tmp.path().join("out.xlsx"));
    let (_, grid) = out
        .iter()
        .find(|(name, _)| name == "Questions")
        .expect("sheet kept");
    assert_eq!(
        cell(grid, "C4"),
        "",
        "the detected answer column is left alone"
    );
    assert_eq!(cell(grid, "D3"), "Comments", "the header is kept");
    let written = (4..=6)
        .filter(|r| !cell(grid, &format!("D{r}")).is_empty())
        .count();
    assert!(written > 0, "some answers land in column D: {grid:?}");
}

#[test]
fn codes_are_shown_with_what_the_legend_says_they_mean() {
    use rust_xlsxwriter::{DataValidation, Workbook};
    let tmp = workspace(&[]);
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Matrix").expect("name");
    let rows: [&[&str]; 7] = [
        &["Supplier Security Requirements"],
        &["Codes: C = Compliant | NC = Non-Compliant | NA = Not Applicable"],
        &[""],
        &["Req ID", "Requirement", "C/NC/NA", "Vendor Justification"],
        &[
            "R-01",
            "Supplier maintains a documented information security policy.",
        ],
        &["R-02", "Supplier enforces MFA on all privileged accounts."],
        &["R-03", "Supplier encrypts data at rest using AES-256."],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text).expect("cell");
        }
    }
    let list = DataValidation::new()
        .allow_list_strings(&["C", "NC", "NA"])
        .expect("list");
    ws.add_data_validation(4, 2, 6, 2, &list)
        .expect("validation");
    book.save(tmp.path().join("m.xlsx")).expect("save");
    let run = qfill(tmp.path(), &["inspect", "m.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("answer choices: C (Compliant) | NC (Non-Compliant) | NA (Not Applicable)"),
        "{}",
        run.stdout
    );
}
