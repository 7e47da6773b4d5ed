//! `qfill fill` end to end on the bundled samples and small custom banks.

use crate::util::{bytes, cell, first_difference, grids, qfill, root, workspace, write_grids};
use serde_json::Value;
use std::path::Path;

const ACME: &str = "acme_vendor_security.xlsx";
const GLOBEX: &str = "globex_due_diligence.xlsx";
const INITECH: &str = "initech_quick_review.csv";

fn report(path: &Path) -> Value {
    serde_json::from_slice(&bytes(path)).expect("report is JSON")
}

/// Runs `qfill` with `args` and `--report r.json` in `dir`, which must
/// succeed, and returns the report.
fn filled_report(dir: &Path, args: &[&str]) -> Value {
    let args: Vec<&str> = args.iter().copied().chain(["--report", "r.json"]).collect();
    let run = qfill(dir, &args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    report(&dir.join("r.json"))
}

/// The cells the report says were written, per sheet.
fn written_cells(report: &Value, sheet: &str) -> Vec<String> {
    let mut cells = Vec::new();
    for item in report["items"].as_array().expect("items") {
        if item["sheet"] != sheet {
            continue;
        }
        if item["written"] == true {
            cells.push(item["answer_cell"].as_str().expect("cell").to_string());
        }
        if let Some(c) = item["comment_cell"].as_str() {
            cells.push(c.to_string());
        }
    }
    cells
}

#[test]
fn fills_the_sample_and_keeps_everything_else() {
    let tmp = workspace(&[ACME]);
    let before = bytes(&tmp.path().join(ACME));
    let run = qfill(tmp.path(), &["fill", ACME, "--report", "report.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("acme_vendor_security.filled.xlsx"),
        "{}",
        run.stdout
    );
    assert_eq!(
        bytes(&tmp.path().join(ACME)),
        before,
        "the input is never changed"
    );
    let r = report(&tmp.path().join("report.json"));
    let input = grids(&tmp.path().join(ACME));
    let output = grids(&tmp.path().join("acme_vendor_security.filled.xlsx"));
    assert_eq!(output.len(), input.len() + 1, "one summary sheet added");
    for ((name, a), (out_name, b)) in input.iter().zip(&output) {
        assert_eq!(name, out_name);
        let allowed = written_cells(&r, name);
        assert_eq!(first_difference(a, b, &allowed), None, "sheet {name}");
    }
    let security = &output
        .iter()
        .find(|(n, _)| n == "Security")
        .expect("sheet")
        .1;
    for item in r["items"].as_array().expect("items") {
        if item["written"] == true {
            let cell_ref = item["answer_cell"].as_str().expect("cell");
            assert_eq!(
                cell(security, cell_ref),
                item["answer"].as_str().expect("answer"),
                "{cell_ref}"
            );
        }
    }
    let (name, summary) = output.last().expect("summary");
    assert_eq!(name, "qfill summary");
    assert_eq!(cell(summary, "B2"), r["summary"]["questions"].to_string());
}

#[test]
fn report_has_the_contract_shape() {
    let tmp = workspace(&[GLOBEX]);
    let run = qfill(tmp.path(), &["fill", GLOBEX, "--report", "r.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = report(&tmp.path().join("r.json"));
    for key in ["input", "output", "bank", "summary", "items"] {
        assert!(r.get(key).is_some(), "missing {key}");
    }
    let items = r["items"].as_array().expect("items");
    let s = &r["summary"];
    assert_eq!(s["questions"].as_u64(), Some(items.len() as u64));
    let count = |status: &str| items.iter().filter(|i| i["status"] == status).count() as u64;
    for status in ["answered", "review", "unanswered"] {
        assert_eq!(s[status].as_u64(), Some(count(status)), "{status}");
    }
    for i in items {
        let score = i["score"].as_f64().expect("score");
        assert!((0.0..=1.0).contains(&score));
        let row = i["row"].as_u64().expect("row");
        assert!(
            i["answer_cell"]
                .as_str()
                .expect("cell")
                .ends_with(&row.to_string())
        );
        assert!(i["sheet"].is_string() && i["question"].is_string());
        assert!(i.get("question_id").is_some() && i["alternatives"].is_array());
        if i["status"] == "unanswered" {
            assert!(i["entry_id"].is_null() && i["answer"].is_null(), "{i}");
        } else {
            assert!(i["entry_id"].is_string() && i["answer"].is_string(), "{i}");
        }
    }
    assert_eq!(
        items
            .iter()
            .map(|i| i["sheet"].as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        2
    );
}

#[test]
fn csv_input_becomes_a_filled_xlsx() {
    let tmp = workspace(&[INITECH]);
    let run = qfill(
        tmp.path(),
        &["fill", INITECH, "-o", "out.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = grids(&tmp.path().join("out.xlsx"));
    assert_eq!(cell(&out[0].1, "B2"), "Do you have a SOC 2 Type II report?");
    let r = report(&tmp.path().join("r.json"));
    let answered = r["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["written"] == true)
        .count();
    assert!(answered >= 3, "{r}");
}

#[test]
fn documents_requested_are_left_to_attach_and_confirm() {
    let tmp = workspace(&[]);
    std::fs::write(
        tmp.path().join("docs.csv"),
        "Document Requested,Provided (Y/N)\nPenetration test summary,\nCertificate of insurance,\n",
    )
    .expect("write csv");
    let run = qfill(
        tmp.path(),
        &["fill", "docs.csv", "-o", "out.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = report(&tmp.path().join("r.json"));
    let items = r["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "{r}");
    for item in items {
        assert_eq!(item["status"], "review", "{item}");
        assert_eq!(item["answer"], "Y", "{item}");
    }
    assert!(
        items
            .iter()
            .any(|i| i["note"].as_str().is_some_and(|n| n.contains("attach it"))),
        "{r}"
    );
}

/// A workspace with the starter bank and one layout fixture.
fn workspace_with_fixture(name: &str) -> tempfile::TempDir {
    let tmp = workspace(&[]);
    std::fs::copy(
        root().join("tests/fixtures/layout").join(name),
        tmp.path().join(name),
    )
    .expect("copy fixture");
    tmp
}

fn custom_bank(dir: &Path, entries: &str) {
    std::fs::remove_dir_all(dir.join("answer_bank")).expect("rm bank");
    std::fs::create_dir(dir.join("answer_bank")).expect("mkdir");
    std::fs::write(dir.join("answer_bank/bank.toml"), entries).expect("write bank");
}

#[test]
fn formulas_never_get_in_and_internal_notes_never_get_out() {
    let tmp = workspace(&[INITECH]);
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "soc2"
question = "Do you have a SOC 2 Type II report?"
answer = "=HYPERLINK(\"http://evil\")"
detail = "@SUM(1,1)"
internal_note = "PLANTED-SECRET-4417"
"#,
    );
    let run = qfill(
        tmp.path(),
        &["fill", INITECH, "-o", "out.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = grids(&tmp.path().join("out.xlsx"));
    assert_eq!(
        cell(&out[0].1, "C2"),
        "=HYPERLINK(\"http://evil\")",
        "written as text, read back as text"
    );
    assert_eq!(cell(&out[0].1, "D2"), "@SUM(1,1)");
    for (_, grid) in &out {
        assert!(!grid.iter().flatten().any(|c| c.contains("PLANTED-SECRET")));
    }
    assert!(
        !String::from_utf8_lossy(&bytes(&tmp.path().join("r.json"))).contains("PLANTED-SECRET")
    );
    assert!(!run.stdout.contains("PLANTED-SECRET"));
}

#[test]
fn clean_mode_writes_only_confident_answers() {
    let tmp = workspace(&[ACME]);
    let run = qfill(
        tmp.path(),
        &[
            "fill",
            ACME,
            "--clean",
            "-o",
            "clean.xlsx",
            "--report",
            "r.json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = grids(&tmp.path().join("clean.xlsx"));
    assert!(out.iter().all(|(n, _)| n != "qfill summary"));
    let r = report(&tmp.path().join("r.json"));
    for i in r["items"].as_array().expect("items") {
        if i["status"] != "answered" {
            assert_eq!(i["written"], false, "{i}");
        }
    }
}

#[test]
fn weak_suggestions_are_listed_but_not_written_into_the_cell() {
    let tmp = workspace(&[ACME]);
    let fill = |write_at: &str, out: &str| {
        filled_report(
            tmp.path(),
            &["fill", ACME, "--write-at", write_at, "-o", out, "--force"],
        )
    };
    let everything = fill("0", "all.xlsx");
    let reviews = |r: &Value| -> Vec<Value> {
        r["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|i| i["status"] == "review" && i["entry_id"].is_string())
            .cloned()
            .collect()
    };
    assert!(reviews(&everything).iter().any(|i| i["written"] == true));
    // A note under the threshold says what held the score down: the
    // pen-test question's sibling entry fits nearly as well.
    assert!(
        reviews(&everything).iter().any(|i| {
            let note = i["note"].as_str().unwrap_or("");
            note.starts_with("not confident: score") && note.contains("fits nearly as well")
        }),
        "{everything}"
    );
    // Above every score, no suggestion reaches a cell; each is still listed
    // with its answer, and says why it is not written.
    let none = fill("1", "none.xlsx");
    let listed = reviews(&none);
    assert_eq!(listed.len(), reviews(&everything).len());
    for (i, was) in listed.iter().zip(reviews(&everything)) {
        assert_eq!(i["written"], false, "{i}");
        assert!(i["answer"].is_string(), "{i}");
        if was["written"] == true {
            let note = i["note"].as_str().unwrap_or("");
            assert!(note.contains("weak suggestion"), "{i}");
        }
    }
    let summary = grids(&tmp.path().join("none.xlsx"));
    let sheet = &summary
        .iter()
        .find(|(n, _)| n == "qfill summary")
        .expect("summary")
        .1;
    let first = listed[0]["answer"].as_str().expect("answer");
    assert!(sheet.iter().flatten().any(|c| c == first), "{first}");
}

#[test]
fn a_suggestion_that_contradicts_the_question_is_never_written() {
    let tmp = workspace(&[]);
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "soc2-report"
question = "Do you have a SOC 2 Type II report?"
answer = "Yes, SOC 2 Type II"
controls = ["SOC2:CC4.1"]
"#,
    );
    std::fs::write(
        tmp.path().join("q.csv"),
        "ID,Question,Answer\r\n1,Do you have a SOC 1 Type II report?,\r\n",
    )
    .expect("write");
    let r = filled_report(tmp.path(), &["fill", "q.csv", "--write-at", "0"]);
    let item = &r["items"][0];
    assert_eq!(item["status"], "review", "{item}");
    assert_eq!(item["entry_id"], "soc2-report", "{item}");
    assert_eq!(item["written"], false, "{item}");
    assert!(
        item["note"].as_str().unwrap_or("").contains("contradicts"),
        "{item}"
    );
}

#[test]
fn fail_on_review_exits_3_and_several_files_go_to_a_directory() {
    let tmp = workspace(&[ACME, GLOBEX]);
    std::fs::create_dir(tmp.path().join("out")).expect("mkdir");
    let run = qfill(
        tmp.path(),
        &[
            "fill",
            ACME,
            GLOBEX,
            "-o",
            "out",
            "--report",
            "reports",
            "--fail-on-review",
        ],
    );
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        tmp.path()
            .join("out/acme_vendor_security.filled.xlsx")
            .is_file()
    );
    assert!(
        tmp.path()
            .join("out/globex_due_diligence.filled.xlsx")
            .is_file()
    );
    assert!(
        tmp.path()
            .join("reports/acme_vendor_security.report.json")
            .is_file()
    );
}

#[test]
fn answers_already_in_the_questionnaire_are_kept() {
    let tmp = workspace(&[]);
    std::fs::write(
        tmp.path().join("q.csv"),
        "ID,Question,Answer\n1,Is customer data encrypted at rest?,No (human answer)\n2,Is customer data encrypted at rest?,\n",
    )
    .expect("write csv");
    let run = qfill(tmp.path(), &["fill", "q.csv", "--report", "r.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = grids(&tmp.path().join("q.filled.xlsx"));
    assert_eq!(cell(&out[0].1, "C2"), "No (human answer)");
    assert!(cell(&out[0].1, "C3").starts_with("Yes"), "{:?}", out[0].1);
    let run = qfill(
        tmp.path(),
        &["fill", "q.csv", "--force", "--overwrite-answers"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = grids(&tmp.path().join("q.filled.xlsx"));
    assert!(cell(&out[0].1, "C2").starts_with("Yes"));
}

#[test]
fn csv_questionnaires_can_be_filled_as_csv_with_formulas_defused() {
    let tmp = workspace(&[INITECH]);
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "soc2"
question = "Do you have a SOC 2 Type II report?"
answer = "=cmd|' /C calc'!A0"
detail = "Yes, under NDA."
"#,
    );
    let run = qfill(
        tmp.path(),
        &["fill", INITECH, "--format", "csv", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = String::from_utf8(bytes(&tmp.path().join("initech_quick_review.filled.csv")))
        .expect("utf-8");
    assert!(text.contains(",\"'=cmd|' /C calc'!A0\","), "{text}");
    assert!(
        text.starts_with("\"#\",\"Question\",\"Answer\",\"Notes\"\r\n"),
        "the input's quoting is kept: {text}"
    );
    let r = report(&tmp.path().join("r.json"));
    for i in r["items"].as_array().expect("items") {
        assert_eq!(
            i["written"] == true,
            i["status"] == "answered",
            "only confident answers in csv: {i}"
        );
    }
    let run = qfill(
        tmp.path(),
        &["fill", "initech_quick_review.filled.csv", "--format", "csv"],
    );
    assert_eq!(
        run.code, 0,
        "a filled csv can be read again: {}",
        run.stderr
    );
    let acme = workspace(&[ACME]);
    let run = qfill(acme.path(), &["fill", ACME, "--format", "csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--format csv needs a csv questionnaire"),
        "{}",
        run.stderr
    );
}

#[test]
fn forms_marks_prompts_and_shared_cells_are_filled_as_a_person_would() {
    let name = "placeholders_and_two_tables.xlsx";
    let tmp = workspace_with_fixture(name);
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "keys"
question = "Do you rotate encryption keys?"
answer = "Yes"
detail = "Yearly, automatically."

[[entry]]
id = "bounty"
question = "Do you run a paid bug bounty programme?"
answer = "No"

[[entry]]
id = "backups"
question = "Are backups tested by restoring them?"
answer = "Yes"

[[entry]]
id = "at-rest"
question = "Is customer data encrypted at rest?"
answer = "Yes"

[[entry]]
id = "name"
question = "What is your company's legal name?"
alternates = ["Vendor name"]
answer = "Initech, Inc."
detail = "Initech is a Delaware corporation founded in 1999."
"#,
    );
    let run = qfill(tmp.path(), &["fill", name, "-o", "out.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let books = grids(&tmp.path().join("out.xlsx"));
    let sheet = |n: &str| &books.iter().find(|(s, _)| s == n).expect("sheet").1;
    let marks = sheet("Marks");
    let got: Vec<String> = ["C4", "D4", "E4", "F4", "C5", "D5", "C6", "D6"]
        .iter()
        .map(|a1| cell(marks, a1))
        .collect();
    assert_eq!(
        got,
        ["X", "", "", "Yearly, automatically.", "", "X", "", "X"],
        "Yes for keys, the row already marked No kept, No for the bounty"
    );
    let cover = sheet("Cover");
    assert_eq!(
        (cell(cover, "B3"), cell(cover, "B4")),
        ("2.0".to_string(), "Initech, Inc.".to_string()),
        "a form's field takes the value alone"
    );
    let select = sheet("Select");
    assert_eq!(cell(select, "C3"), "Yes", "\"Please select\" is replaced");
    assert_eq!(
        cell(select, "D3"),
        "[Enter comments]",
        "\"If no, please explain\" takes no detail beside a Yes"
    );
    assert_eq!(
        cell(select, "C4"),
        "Yes",
        "\"[Enter response]\" is replaced"
    );
    assert_eq!(
        cell(select, "C5"),
        "Please select",
        "a cell merged over two questions is left for a person"
    );
}

#[test]
fn a_csv_is_written_back_in_its_own_separator_quoting_and_encoding() {
    let name = "semicolon_latin1.csv";
    let tmp = workspace_with_fixture(name);
    let input = bytes(&tmp.path().join(name));
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "laptops"
question = "Do you encrypt laptops, including the CEO's?"
answer = "Yes"
detail = "Full-disk encryption, keys escrowed à la carte."
"#,
    );
    let run = qfill(tmp.path(), &["fill", name, "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let output = bytes(&tmp.path().join("semicolon_latin1.filled.csv"));
    let lines =
        |b: &[u8]| -> Vec<Vec<u8>> { b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect() };
    let (before, after) = (lines(&input), lines(&output));
    assert_eq!(before.len(), after.len());
    for (i, (b, a)) in before.iter().zip(&after).enumerate() {
        if a.windows(5).any(|w| w == b"\"Yes\"") {
            // Windows-1252: "à" is one byte, 0xE0.
            assert!(a.contains(&0xE0) && a.ends_with(b"\r"), "line {i}: {a:?}");
        } else {
            assert_eq!(a, b, "line {i} is kept byte for byte");
        }
    }
    assert!(after.iter().any(|a| a.windows(5).any(|w| w == b"\"Yes\"")));
}

#[test]
fn a_csv_keeps_the_length_of_every_line_it_does_not_fill() {
    let tmp = workspace(&[]);
    // A bare quote inside a field, a space after a separator and a blank
    // line are kept as they are, not rewritten as a csv writer would.
    let input = "Vendor questionnaire\nRef,Question,Response,Notes\nQ1,Do you encrypt laptops?,,\nQ2,What colour is the \"Acme\" logo?\n\nQ3,Do you keep a risk register?, ,\nEnd";
    std::fs::write(tmp.path().join("ragged.csv"), input).unwrap();
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "laptops"
question = "Do you encrypt laptops?"
answer = "Yes"
"#,
    );
    let run = qfill(tmp.path(), &["fill", "ragged.csv", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let output = std::fs::read_to_string(tmp.path().join("ragged.filled.csv")).unwrap();
    let (before, after): (Vec<&str>, Vec<&str>) =
        (input.lines().collect(), output.lines().collect());
    assert_eq!(before.len(), after.len(), "{output}");
    assert!(output.ends_with("End"), "no line ending added: {output:?}");
    for (b, a) in before.iter().zip(&after) {
        if b.starts_with("Q1") {
            assert!(a.starts_with("Q1,Do you encrypt laptops?,Yes"), "{a}");
        } else {
            assert_eq!(a, b, "kept as it was");
        }
    }
}

#[test]
fn a_pipe_separated_csv_is_read_and_written_with_pipes() {
    let tmp = workspace(&[]);
    // Commas inside the questions split a few lines in two; the pipe splits
    // every line alike.
    let input = "QID|SECTION|QUESTION_TEXT|RESPONSE\r\nQ1|Crypto|Is customer data encrypted at rest, in transit and in backups?|\r\nQ2|Facilities|What colour is the carpet, and who chose it?|\r\nQ3|Facilities|Where is the office?|\r\n";
    std::fs::write(tmp.path().join("erp.csv"), input).unwrap();
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "encryption"
question = "Is customer data encrypted at rest, in transit and in backups?"
answer = "Yes"
"#,
    );
    let run = qfill(tmp.path(), &["fill", "erp.csv", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let output = std::fs::read_to_string(tmp.path().join("erp.filled.csv")).unwrap();
    let (before, after): (Vec<&str>, Vec<&str>) = (
        input.split("\r\n").collect(),
        output.split("\r\n").collect(),
    );
    assert_eq!(before.len(), after.len(), "{output:?}");
    for (b, a) in before.iter().zip(&after) {
        if b.starts_with("Q1") {
            assert_eq!(*a, format!("{b}Yes"));
        } else {
            assert_eq!(a, b, "kept as it was");
        }
    }
}

#[test]
fn a_phrase_answer_goes_into_a_yes_no_dropdown_only_through_its_stated_choice() {
    let entry = |choice: &str| {
        format!(
            r#"
[[entry]]
id = "access-reviews"
question = "Are user access rights reviewed at least quarterly?"
answer = "Quarterly"
{choice}
detail = "Owners certify every account."
controls = ["SOC2:CC6.2"]
"#
        )
    };
    let item = |r: &Value| {
        r["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["answer_cell"] == "C7")
            .cloned()
            .expect("the access review row")
    };
    let tmp = workspace(&[ACME]);
    custom_bank(tmp.path(), &entry(""));
    let run = qfill(
        tmp.path(),
        &["fill", ACME, "-o", "a.xlsx", "--report", "a.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plain = item(&report(&tmp.path().join("a.json")));
    assert_eq!(plain["status"], "review", "{plain}");
    assert_eq!(plain["written"], false, "{plain}");
    assert!(
        plain["note"].as_str().unwrap_or("").contains("fits none"),
        "{plain}"
    );

    custom_bank(tmp.path(), &entry("choice = \"Yes\""));
    let run = qfill(
        tmp.path(),
        &["fill", ACME, "-o", "b.xlsx", "--report", "b.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let chosen = item(&report(&tmp.path().join("b.json")));
    assert_eq!(chosen["status"], "answered", "{chosen}");
    assert_eq!(
        chosen["note"],
        "`Yes` is the entry's stated choice for its answer `Quarterly`"
    );
    let out = grids(&tmp.path().join("b.xlsx"));
    let (_, sheet) = out
        .iter()
        .find(|(n, _)| n == "Security")
        .expect("the Security sheet");
    assert_eq!(cell(sheet, "C7"), "Yes");
    assert_eq!(
        cell(sheet, "D7"),
        "Quarterly. Owners certify every account."
    );
}

#[test]
fn a_question_that_asks_for_an_account_gets_the_detail_not_a_bare_yes() {
    let tmp = workspace(&[INITECH]);
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "incident-response-plan"
question = "Do you have a documented incident response plan?"
alternates = ["Describe your incident response plan"]
answer = "Yes"
detail = "A documented plan names the roles, severities and steps, and is tested twice a year."

[[entry]]
id = "bcp-testing"
question = "How often is the business continuity plan tested?"
alternates = ["Describe your business continuity plan and how often it is tested"]
answer = "Annually"
detail = "The plan covers every critical service and is exercised each spring."
"#,
    );
    std::fs::write(
        tmp.path().join("q.csv"),
        "#,Question,Answer,Notes\n\
         1,Please describe your incident response plan.,,\n\
         2,Do you have a documented incident response plan?,,\n\
         3,Describe your business continuity plan and how often it is tested.,,\n",
    )
    .expect("write questionnaire");
    let run = qfill(
        tmp.path(),
        &["fill", "q.csv", "-o", "out.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = grids(&tmp.path().join("out.xlsx"));
    let detail =
        "A documented plan names the roles, severities and steps, and is tested twice a year.";
    assert_eq!(
        cell(&out[0].1, "C2"),
        detail,
        "the account goes in the answer cell"
    );
    assert_eq!(
        cell(&out[0].1, "D2"),
        "",
        "and is not repeated in the notes"
    );
    assert_eq!(
        cell(&out[0].1, "C3"),
        "Yes",
        "a yes/no question keeps its verdict"
    );
    assert_eq!(cell(&out[0].1, "D3"), detail);
    assert_eq!(
        cell(&out[0].1, "C4"),
        "Annually. The plan covers every critical service and is exercised each spring.",
        "a short answer leads the account"
    );
    let r = report(&tmp.path().join("r.json"));
    let first = &r["items"][0];
    assert!(
        first["note"]
            .as_str()
            .is_some_and(|n| n.contains("asks for an account")),
        "{first}"
    );
}

#[test]
fn a_copy_rebuilt_from_cell_values_says_so_in_the_report() {
    let name = "header_on_row_3.ods";
    let tmp = workspace_with_fixture(name);
    let run = qfill(tmp.path(), &["fill", name, "--report", "r.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = report(&tmp.path().join("r.json"));
    let warnings = r["warnings"].to_string();
    assert!(
        warnings.contains("rebuilt from its cell values"),
        "{warnings}"
    );
    assert!(
        run.stdout.contains("rebuilt from its cell values")
            || run.stderr.contains("rebuilt from its cell values")
    );
}

#[test]
fn an_ods_dropdown_is_read_carried_into_the_copy_and_answered_from() {
    let name = "header_on_row_3.ods";
    let tmp = workspace_with_fixture(name);
    let run = qfill(tmp.path(), &["fill", name, "-o", "out.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = tmp.path().join("out.xlsx");
    let sheets = grids(&out);
    let answers: Vec<String> = ["C4", "C5", "C6"]
        .iter()
        .map(|a1| cell(&sheets[0].1, a1))
        .collect();
    assert!(
        answers
            .iter()
            .all(|a| ["Y", "N", "N/A", ""].contains(&a.as_str())),
        "{answers:?}"
    );
    assert!(answers.iter().any(|a| !a.is_empty()), "{answers:?}");
    let xml = first_sheet_xml(&out);
    assert!(xml.contains("<dataValidation"), "{xml}");
    assert!(xml.contains("Y,N,N/A"), "{xml}");
    assert!(
        !run.stderr.contains("were not checked against"),
        "{}",
        run.stderr
    );
}

/// The first worksheet's XML of an xlsx file.
fn first_sheet_xml(path: &Path) -> String {
    let file = std::fs::File::open(path).expect("open output");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").expect("sheet1"),
        &mut xml,
    )
    .expect("read sheet1");
    xml
}

#[test]
fn an_xls_dropdown_is_read_carried_into_the_copy_and_answered_from() {
    let name = "dropdowns_biff8.xls";
    let tmp = workspace(&[]);
    std::fs::copy(
        root().join("tests/fixtures/xls").join(name),
        tmp.path().join(name),
    )
    .expect("copy fixture");
    let run = qfill(tmp.path(), &["fill", name, "-o", "out.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains("were not checked against"),
        "{}",
        run.stderr
    );
    let out = tmp.path().join("out.xlsx");
    let sheets = grids(&out);
    let answers: Vec<String> = ["C2", "C3", "C4", "C5"]
        .iter()
        .map(|a1| cell(&sheets[0].1, a1))
        .collect();
    assert_eq!(
        answers,
        ["Yes", "Yes", "", ""],
        "answers fit the list; a cloud provider or a head count fits no Yes/No"
    );
    let xml = first_sheet_xml(&out);
    for list in ["Yes,No,N/A", "AWS,Azure,Google Cloud", "Low,Medium,High"] {
        assert!(xml.contains(list), "{list} in {xml}");
    }
    assert!(xml.contains("B8:C8"), "the merge is kept: {xml}");
    assert!(xml.contains("hidden=\"1\""), "hidden row and column: {xml}");
    let run = qfill(tmp.path(), &["inspect", name, "--json"]);
    assert!(run.stdout.contains("\"answer_choices\""), "{}", run.stdout);
}

#[test]
fn an_output_named_for_another_format_is_refused_before_any_work() {
    let tmp = workspace(&[ACME]);
    for out in ["out.xlsm", "out.ods", "out.csv"] {
        let run = qfill(tmp.path(), &["fill", ACME, "-o", out]);
        assert_eq!(run.code, 2, "{out}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("is an xlsx file; name the output .xlsx"),
            "{}",
            run.stderr
        );
        assert!(!tmp.path().join(out).exists());
    }
    let run = qfill(tmp.path(), &["fill", ACME, "-o", "OUT.XLSX"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn filling_a_filled_copy_again_keeps_suggestions_under_review() {
    let tmp = workspace(&[ACME]);
    let first = qfill(
        tmp.path(),
        &["fill", ACME, "-o", "once.xlsx", "--report", "once.json"],
    );
    assert_eq!(first.code, 0, "{}", first.stderr);
    let again = qfill(
        tmp.path(),
        &[
            "fill",
            "once.xlsx",
            "-o",
            "twice.xlsx",
            "--report",
            "twice.json",
        ],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    let (once, twice) = (
        report(&tmp.path().join("once.json")),
        report(&tmp.path().join("twice.json")),
    );
    // The table's rows keep their statuses. "Vendor name:" above the table
    // was an empty field the first time; filled, it reads as the sheet's
    // title block and is no longer listed.
    let summary = |r: &Value, key: &str| r["summary"][key].as_u64().expect("count");
    for key in ["review", "unanswered"] {
        assert_eq!(summary(&twice, key), summary(&once, key), "{key}");
    }
    for key in ["questions", "answered"] {
        assert_eq!(summary(&twice, key) + 1, summary(&once, key), "{key}");
    }
    let review = |r: &Value| -> Vec<String> {
        r["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|i| i["status"] == "review")
            .map(|i| i["answer_cell"].to_string())
            .collect()
    };
    assert_eq!(review(&twice), review(&once));
    let skipped = twice["skipped_sheets"].to_string();
    assert!(
        skipped.contains("qfill's summary of an earlier fill"),
        "{skipped}"
    );
    let names = |f: &str| -> Vec<String> {
        grids(&tmp.path().join(f))
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    };
    assert_eq!(
        names("twice.xlsx"),
        names("once.xlsx"),
        "one summary sheet, rewritten"
    );
}

#[test]
fn a_sheet_of_questions_qfill_cannot_read_is_named_on_the_console() {
    let tmp = workspace(&[]);
    let grid = |rows: &[&[&str]]| -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    };
    let sheets = [
        (
            "Security".to_string(),
            grid(&[
                &["Question", "Response"],
                &["Is customer data encrypted at rest?", ""],
            ]),
        ),
        (
            "Appendix".to_string(),
            // Transposed: questions across a row.
            grid(&[
                &[
                    "Is MFA required for all workforce access?",
                    "Do you run an annual penetration test?",
                    "Are backups encrypted?",
                ],
                &["", "", ""],
            ]),
        ),
        (
            "Glossary".to_string(),
            grid(&[&["MFA", "Multi-factor authentication"]]),
        ),
    ];
    write_grids(&tmp.path().join("q.xlsx"), &sheets, "");
    let run = qfill(tmp.path(), &["fill", "q.xlsx", "--report", "r.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("sheet `Appendix` skipped, though 3 of its cells read as questions"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Glossary"), "{}", run.stdout);
    let r = report(&tmp.path().join("r.json"));
    let skipped = r["skipped_sheets"].as_array().expect("skipped");
    assert!(
        skipped
            .iter()
            .any(|s| s["name"] == "Appendix" && s["question_cells"] == 3)
    );
}

#[test]
fn answers_in_hidden_rows_and_columns_are_named_in_the_warnings() {
    let tmp = workspace(&[]);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ["Question", "Response"],
        ["Is customer data encrypted at rest?", ""],
        ["Do you perform background checks on employees?", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(r as u32, c as u16, *text).expect("cell");
            }
        }
    }
    sheet.set_row_hidden(2).expect("hide");
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(tmp.path(), &["fill", "q.xlsx", "--report", "r.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = report(&tmp.path().join("r.json"));
    let warnings = r["warnings"].to_string();
    assert!(
        warnings.contains("1 answer was written in a hidden row or column")
            && warnings.contains("!B3"),
        "{warnings}"
    );
    // A hidden answer column with no visible one beside it.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, text) in ["Question", "Response", "Comments"].iter().enumerate() {
        sheet.write_string(0, c as u16, *text).expect("cell");
    }
    sheet
        .write_string(1, 0, "Is customer data encrypted at rest?")
        .expect("cell");
    sheet.set_column_hidden(1).expect("hide");
    book.save(tmp.path().join("q2.xlsx")).expect("save");
    let run = qfill(tmp.path(), &["fill", "q2.xlsx", "--report", "r2.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warnings = report(&tmp.path().join("r2.json"))["warnings"].to_string();
    assert!(warnings.contains("!B2"), "{warnings}");
}

#[test]
fn confident_answers_from_unreviewed_entries_are_named() {
    let tmp = workspace(&[ACME]);
    let init = qfill(tmp.path(), &["init", "fresh", "--starter"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let run = qfill(
        tmp.path(),
        &["fill", ACME, "--bank", "fresh", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warnings = report(&tmp.path().join("r.json"))["warnings"].to_string();
    assert!(warnings.contains("nobody has reviewed"), "{warnings}");
    assert!(run.stdout.contains("nobody has reviewed"), "{}", run.stdout);
    // The bundled bank is reviewed: no such warning.
    let run = qfill(
        tmp.path(),
        &["fill", ACME, "-o", "b.xlsx", "--report", "b.json"],
    );
    let warnings = report(&tmp.path().join("b.json"))["warnings"].to_string();
    assert!(!warnings.contains("nobody has reviewed"), "{warnings}");
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_suggestion_beside_a_number_cell_keeps_to_the_comment_column_s_limit_and_condition() {
    use rust_xlsxwriter::{DataValidation, Workbook};
    let tmp = workspace(&[]);
    let mut book = Workbook::new();
    for (name, comments) in [
        ("Limited", "Comments (max 60 characters)"),
        ("IfNo", "If No, please explain"),
    ] {
        let ws = book.add_worksheet().set_name(name).expect("name");
        question_sheet(ws, &["Describe your incident response plan."]);
        ws.write_string(0, 3, comments).expect("header");
        let whole = DataValidation::new()
            .allow_whole_number(rust_xlsxwriter::DataValidationRule::Between(0, 100));
        ws.add_data_validation(1, 2, 1, 2, &whole)
            .expect("validation");
    }
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(
        tmp.path(),
        &["fill", "q.xlsx", "-o", "o.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sheets = grids(&tmp.path().join("o.xlsx"));
    let grid = |name: &str| &sheets.iter().find(|(n, _)| n == name).expect("sheet").1;
    let beside = cell(grid("Limited"), "D2");
    assert!(
        !beside.is_empty() && beside.chars().count() <= 60,
        "{beside:?}"
    );
    assert_eq!(cell(grid("Limited"), "C2"), "");
    // An answer that is no No has no place in an "If No" column.
    assert_eq!(cell(grid("IfNo"), "D2"), "");
}

#[test]
fn a_suggestion_that_fits_no_dropdown_value_goes_beside_it() {
    let tmp = workspace(&[ACME]);
    let run = qfill(
        tmp.path(),
        &["fill", ACME, "-o", "o.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = report(&tmp.path().join("r.json"));
    let misfit = r["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| {
            i["note"]
                .as_str()
                .is_some_and(|n| n.contains("fits none of the dropdown values"))
        })
        .expect("the sample has a dropdown misfit");
    assert_eq!(misfit["status"], "review");
    assert_eq!(misfit["written"], false);
    let comment_cell = misfit["comment_cell"].as_str().expect("comment cell");
    let sheets = grids(&tmp.path().join("o.xlsx"));
    let sheet = &sheets
        .iter()
        .find(|(n, _)| *n == misfit["sheet"])
        .expect("sheet")
        .1;
    assert_eq!(
        cell(sheet, misfit["answer_cell"].as_str().expect("cell")),
        ""
    );
    let answer = misfit["answer"].as_str().expect("answer");
    assert!(cell(sheet, comment_cell).starts_with(answer.trim_end_matches('.')));
    let clean = qfill(
        tmp.path(),
        &[
            "fill", ACME, "-o", "c.xlsx", "--report", "c.json", "--clean",
        ],
    );
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    let c = report(&tmp.path().join("c.json"));
    assert!(
        c["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|i| i["status"] != "review" || i["comment_cell"].is_null()),
        "--clean writes no suggestion"
    );
}

/// Writes "# | Question | Response | Comments" and one numbered row per question.
fn question_sheet(ws: &mut rust_xlsxwriter::Worksheet, questions: &[&str]) {
    for (c, h) in ["#", "Question", "Response", "Comments"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for (i, q) in questions.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, (i + 1).to_string()).expect("id");
        ws.write_string(row, 1, *q).expect("question");
    }
}

#[test]
fn options_printed_with_boxes_in_one_cell_are_ticked_where_they_stand() {
    use rust_xlsxwriter::Workbook;
    let tmp = workspace(&[]);
    let mut book = Workbook::new();
    // An application form: numbered questions, no header row, the options
    // printed in a cell a few columns right.
    let ws = book.add_worksheet().set_name("Application").expect("name");
    for (i, q) in [
        "Is customer data encrypted at rest?",
        "Do you enforce MFA for administrative access?",
        "What colour is the office carpet?",
    ]
    .iter()
    .enumerate()
    {
        let r = i as u32;
        ws.write_string(r, 0, format!("{}.", i + 1)).expect("id");
        ws.write_string(r, 1, *q).expect("question");
        ws.write_string(r, 4, "☐ Yes   ☐ No").expect("boxes");
    }
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(tmp.path(), &["fill", "q.xlsx", "-o", "o.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sheets = grids(&tmp.path().join("o.xlsx"));
    let sheet = &sheets[0].1;
    assert_eq!(cell(sheet, "E1"), "☒ Yes   ☐ No");
    assert_eq!(cell(sheet, "C1"), "", "nothing beside the question");
    assert_eq!(cell(sheet, "E3"), "☐ Yes   ☐ No", "unanswered, untouched");
}

#[test]
fn boxes_typed_in_ascii_and_lone_tick_boxes_are_ticked_where_they_stand() {
    use rust_xlsxwriter::Workbook;
    let tmp = workspace(&[]);
    let mut book = Workbook::new();
    // Options typed with ASCII boxes, as a form converted from a word
    // processor prints them, and a checklist with one box per row.
    let questions = [
        "Is customer data encrypted at rest?",
        "Do you enforce MFA for administrative access?",
        "What colour is the office carpet?",
    ];
    for (name, head, blank) in [
        ("Form", "Answer", "[ ] Yes   [ ] No   [ ] N/A"),
        ("Checklist", "Compliant (tick)", "☐"),
    ] {
        let ws = book.add_worksheet().set_name(name).expect("name");
        ws.write_string(0, 0, "#").expect("h");
        ws.write_string(0, 1, "Question").expect("h");
        ws.write_string(0, 2, head).expect("h");
        for (i, q) in questions.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, 0, format!("{r}")).expect("id");
            ws.write_string(r, 1, *q).expect("question");
            ws.write_string(r, 2, blank).expect("boxes");
        }
    }
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(tmp.path(), &["fill", "q.xlsx", "-o", "o.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sheets = grids(&tmp.path().join("o.xlsx"));
    let (form, list) = (&sheets[0].1, &sheets[1].1);
    assert_eq!(cell(form, "C2"), "[X] Yes   [ ] No   [ ] N/A");
    assert_eq!(cell(form, "C4"), "[ ] Yes   [ ] No   [ ] N/A", "unanswered");
    assert_eq!(cell(list, "C2"), "☒");
    assert_eq!(cell(list, "C4"), "☐", "unanswered, untouched");
}

#[test]
fn a_true_false_dropdown_or_a_checkbox_gets_a_boolean() {
    use rust_xlsxwriter::{DataValidation, Workbook};
    let tmp = workspace(&[]);
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Q").expect("name");
    question_sheet(
        ws,
        &[
            "Is customer data encrypted at rest?",
            "Do you enforce MFA for administrative access?",
        ],
    );
    let list = DataValidation::new()
        .allow_list_strings(&["TRUE", "FALSE"])
        .expect("list");
    ws.add_data_validation(1, 2, 2, 2, &list)
        .expect("validation");
    // Excel's checkbox cells, none ticked yet, under a label qfill does not know.
    let ws = book.add_worksheet().set_name("Checklist").expect("name");
    ws.write_string(0, 0, "Control").expect("header");
    ws.write_string(0, 1, "Done?").expect("header");
    for (i, q) in [
        "Is customer data encrypted at rest?",
        "Do you enforce MFA for administrative access?",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(i as u32 + 1, 0, *q).expect("question");
        ws.write_boolean(i as u32 + 1, 1, false).expect("checkbox");
    }
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(tmp.path(), &["fill", "q.xlsx", "-o", "o.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut out = calamine::open_workbook_auto(tmp.path().join("o.xlsx")).expect("opens");
    let range = calamine::Reader::worksheet_range(&mut out, "Q").expect("sheet");
    // A picked TRUE is the boolean, which a buyer's COUNTIF(C:C, TRUE) counts.
    assert_eq!(range.get_value((1, 2)), Some(&calamine::Data::Bool(true)));
    // An unticked checkbox is no answer yet: it is ticked for a Yes.
    let range = calamine::Reader::worksheet_range(&mut out, "Checklist").expect("sheet");
    assert_eq!(range.get_value((1, 1)), Some(&calamine::Data::Bool(true)));
}

#[test]
fn a_list_of_numbers_gets_a_number() {
    use rust_xlsxwriter::{DataValidation, Workbook};
    let tmp = workspace(&[]);
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Q").expect("name");
    question_sheet(ws, &["Is customer data encrypted at rest?"]);
    ws.write_string(0, 2, "Response (1 = Yes, 0 = No)")
        .expect("header");
    let list = DataValidation::new()
        .allow_list_strings(&["1", "0"])
        .expect("list");
    ws.add_data_validation(1, 2, 1, 2, &list)
        .expect("validation");
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(tmp.path(), &["fill", "q.xlsx", "-o", "o.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut out = calamine::open_workbook_auto(tmp.path().join("o.xlsx")).expect("opens");
    let range = calamine::Reader::worksheet_range(&mut out, "Q").expect("sheet");
    // The number 1, which the sender's SUM counts; text "1" it skips.
    assert_eq!(range.get_value((1, 2)), Some(&calamine::Data::Float(1.0)));
}

#[test]
fn a_mark_column_that_takes_only_a_number_is_marked_with_1() {
    use rust_xlsxwriter::{DataValidation, DataValidationRule, Workbook};
    let tmp = workspace(&[]);
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Q").expect("name");
    for (c, h) in ["#", "Question", "Yes", "No", "N/A"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    ws.write_string(1, 0, "1").expect("id");
    ws.write_string(1, 1, "Is customer data encrypted at rest?")
        .expect("question");
    ws.write_string(2, 0, "2").expect("id");
    ws.write_string(2, 1, "Do you enforce MFA for administrative access?")
        .expect("question");
    let one = DataValidation::new().allow_whole_number(DataValidationRule::Between(0, 1));
    ws.add_data_validation(1, 2, 2, 4, &one)
        .expect("validation");
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(tmp.path(), &["fill", "q.xlsx", "-o", "o.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut out = calamine::open_workbook_auto(tmp.path().join("o.xlsx")).expect("opens");
    let range = calamine::Reader::worksheet_range(&mut out, "Q").expect("sheet");
    // The number 1 under Yes, which the cell admits and a SUM counts; an X
    // would break the validation.
    assert_eq!(range.get_value((1, 2)), Some(&calamine::Data::Float(1.0)));
    assert_eq!(range.get_value((2, 2)), Some(&calamine::Data::Float(1.0)));
}

#[test]
fn a_checkbox_gets_no_answer_that_is_neither_yes_nor_no() {
    use rust_xlsxwriter::Workbook;
    let tmp = workspace(&[]);
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "hardware-tokens"
question = "Do you issue hardware tokens to customers?"
answer = "N/A"
"#,
    );
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Checklist").expect("name");
    ws.write_string(0, 0, "Control").expect("header");
    ws.write_string(0, 1, "Done?").expect("header");
    for (r, q) in [
        (1, "Do you issue hardware tokens to customers?"),
        (2, "Do you issue hardware tokens to customers' staff?"),
    ] {
        ws.write_string(r, 0, q).expect("question");
        ws.write_boolean(r, 1, false).expect("checkbox");
    }
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(
        tmp.path(),
        &["fill", "q.xlsx", "-o", "o.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = report(&tmp.path().join("r.json"));
    let item = &r["items"][0];
    assert_eq!(item["written"], false, "{item}");
    assert!(
        item["note"]
            .as_str()
            .is_some_and(|n| n.contains("checkbox")),
        "{item}"
    );
    let mut out = calamine::open_workbook_auto(tmp.path().join("o.xlsx")).expect("opens");
    let range = calamine::Reader::worksheet_range(&mut out, "Checklist").expect("sheet");
    assert_eq!(range.get_value((1, 1)), Some(&calamine::Data::Bool(false)));
}

#[test]
fn a_cell_that_takes_only_a_number_gets_a_number_or_no_text() {
    use rust_xlsxwriter::{DataValidation, DataValidationRule, Workbook};
    let tmp = workspace(&[]);
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Q").expect("name");
    question_sheet(
        ws,
        &[
            "How many employees does your company have?",
            "Recovery point objective (RPO) in hours",
            "Is customer data encrypted at rest?",
        ],
    );
    let whole = DataValidation::new().allow_whole_number(DataValidationRule::Between(0, 100_000));
    ws.add_data_validation(1, 2, 2, 2, &whole)
        .expect("validation");
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(
        tmp.path(),
        &["fill", "q.xlsx", "-o", "o.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = report(&tmp.path().join("r.json"));
    let items = r["items"].as_array().expect("items");
    let item = |at: &str| items.iter().find(|i| i["answer_cell"] == at).expect("item");
    // One number stated: the cell takes it, as a number.
    assert_eq!(item("C2")["written"], true, "{}", item("C2"));
    assert!(
        item("C2")["note"]
            .as_str()
            .is_some_and(|n| n.contains("takes only a number")),
        "{}",
        item("C2")
    );
    let mut out = calamine::open_workbook_auto(tmp.path().join("o.xlsx")).expect("opens");
    let range = calamine::Reader::worksheet_range(&mut out, "Q").expect("sheet");
    assert!(
        matches!(range.get_value((1, 2)), Some(calamine::Data::Float(n)) if *n > 0.0),
        "{:?}",
        range.get_value((1, 2))
    );
    // Two numbers (one hour in a region, a day for a region): no text in the
    // cell, the suggestion beside it.
    let rpo = item("C3");
    assert_eq!(rpo["status"], "review", "{rpo}");
    assert_eq!(rpo["written"], false);
    let sheets = grids(&tmp.path().join("o.xlsx"));
    assert_eq!(cell(&sheets[0].1, "C3"), "");
    assert!(
        !cell(&sheets[0].1, "D3").is_empty(),
        "the suggestion goes beside"
    );
    assert!(
        !cell(&sheets[0].1, "C4").is_empty(),
        "an unvalidated cell is filled"
    );
}

#[test]
fn a_length_limit_shortens_and_an_unread_list_takes_no_text() {
    use rust_xlsxwriter::{DataValidation, DataValidationRule, Formula, Workbook};
    let tmp = workspace(&[]);
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "rest"
question = "Is customer data encrypted at rest?"
answer = "Yes"
detail = "All customer data is encrypted at rest with AES-256. Keys live in a KMS and rotate yearly."

[[entry]]
id = "mfa"
question = "Is MFA enforced for all staff?"
answer = "Yes, with hardware keys"
"#,
    );
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Q").expect("name");
    question_sheet(
        ws,
        &[
            "Is customer data encrypted at rest?",
            "Is MFA enforced for all staff?",
        ],
    );
    let short = DataValidation::new().allow_text_length(DataValidationRule::LessThanOrEqualTo(60));
    ws.add_data_validation(1, 3, 2, 3, &short).expect("length");
    let unread = DataValidation::new().allow_list_formula(Formula::new("=INDIRECT(A3)"));
    ws.add_data_validation(2, 2, 2, 2, &unread).expect("list");
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(
        tmp.path(),
        &["fill", "q.xlsx", "-o", "o.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sheets = grids(&tmp.path().join("o.xlsx"));
    let detail = cell(&sheets[0].1, "D2");
    assert_eq!(
        detail,
        "All customer data is encrypted at rest with AES-256."
    );
    assert_eq!(cell(&sheets[0].1, "C2"), "Yes");
    // A list qfill cannot read: no text in the cell, the suggestion beside it.
    assert_eq!(cell(&sheets[0].1, "C3"), "");
    let r = report(&tmp.path().join("r.json"));
    let items = r["items"].as_array().expect("items");
    assert!(
        items[0]["note"]
            .as_str()
            .is_some_and(|n| n.contains("limit of 60 characters")),
        "{r}"
    );
    assert_eq!(items[1]["status"], "review", "{r}");
    assert!(
        items[1]["note"]
            .as_str()
            .is_some_and(|n| n.contains("formula qfill cannot read")),
        "{r}"
    );
}

#[test]
fn detail_goes_to_the_comment_column_its_answer_asks_for() {
    use rust_xlsxwriter::Workbook;
    let tmp = workspace(&[]);
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "keys"
question = "Do you rotate encryption keys?"
answer = "Yes"
detail = "Yearly, automatically."

[[entry]]
id = "bounty"
question = "Do you run a paid bug bounty programme?"
answer = "No"
detail = "We run a vulnerability disclosure programme instead."
"#,
    );
    let mut book = Workbook::new();
    for (name, headers) in [
        (
            "Two",
            [
                "#",
                "Question",
                "Answer",
                "If yes, describe",
                "If no, explain",
            ],
        ),
        (
            "OnlyNo",
            ["#", "Question", "Answer", "If No or N/A, explain", ""],
        ),
    ] {
        let ws = book.add_worksheet().set_name(name).expect("name");
        for (c, h) in headers.iter().enumerate() {
            ws.write_string(0, c as u16, *h).expect("header");
        }
        for (r, q) in [
            "Do you rotate encryption keys?",
            "Do you run a paid bug bounty programme?",
        ]
        .iter()
        .enumerate()
        {
            let row = 1 + r as u32;
            ws.write_string(row, 0, (r + 1).to_string()).expect("id");
            ws.write_string(row, 1, *q).expect("question");
        }
    }
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(
        tmp.path(),
        &["fill", "q.xlsx", "-o", "o.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sheets = grids(&tmp.path().join("o.xlsx"));
    let two = &sheets[0].1;
    let got: Vec<String> = ["C2", "D2", "E2", "C3", "D3", "E3"]
        .iter()
        .map(|a1| cell(two, a1))
        .collect();
    assert_eq!(
        got,
        [
            "Yes",
            "Yearly, automatically.",
            "",
            "No",
            "",
            "We run a vulnerability disclosure programme instead."
        ],
        "each detail under its own condition"
    );
    let only_no = &sheets[1].1;
    assert_eq!(
        (cell(only_no, "C2"), cell(only_no, "D2")),
        ("Yes. Yearly, automatically.".to_string(), String::new()),
        "a Yes keeps its detail in the free-text answer, not under \"If No\""
    );
    assert_eq!(
        cell(only_no, "D3"),
        "We run a vulnerability disclosure programme instead."
    );
    let r = report(&tmp.path().join("r.json"));
    let joined = r["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["sheet"] == "OnlyNo" && i["answer_cell"] == "C2")
        .expect("OnlyNo C2");
    assert!(
        !joined["note"].to_string().contains("not written"),
        "the joined detail was written: {joined}"
    );
    let run = qfill(tmp.path(), &["inspect", "q.xlsx"]);
    assert!(
        run.stdout
            .contains("comment columns for some answers only: D if yes, E if no"),
        "{}",
        run.stdout
    );
    // The layout inspect prints keeps the conditions when read back.
    std::fs::write(tmp.path().join("layout.toml"), &run.stdout).expect("layout");
    let run = qfill(
        tmp.path(),
        &["fill", "q.xlsx", "--layout", "layout.toml", "-o", "o2.xlsx"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again = grids(&tmp.path().join("o2.xlsx"));
    assert_eq!(again, sheets, "the same cells with the layout file");
}

#[test]
fn answers_go_below_questions_laid_out_so() {
    use rust_xlsxwriter::{Format, Workbook};
    let tmp = workspace(&[]);
    let mut book = Workbook::new();
    let merged = book.add_worksheet().set_name("Merged").expect("name");
    merged
        .write_string(0, 0, "Vendor Security Questionnaire")
        .expect("title");
    let questions = [
        "1. Is customer data encrypted at rest?",
        "2. Do you enforce MFA for administrators?",
    ];
    for (i, q) in questions.iter().enumerate() {
        let row = 2 + 3 * i as u32;
        merged
            .merge_range(row, 0, row, 5, q, &Format::new())
            .expect("question");
        merged
            .merge_range(row + 1, 0, row + 1, 5, "", &Format::new())
            .expect("slot");
    }
    let blocks = book.add_worksheet().set_name("Blocks").expect("name");
    for (i, q) in questions.iter().enumerate() {
        let row = 4 * i as u32;
        blocks
            .write_string(row, 0, format!("Question {}", i + 1))
            .expect("label");
        blocks.write_string(row, 1, &q[3..]).expect("question");
        blocks.write_string(row + 1, 0, "Answer:").expect("answer");
        blocks
            .write_string(row + 2, 0, "Comments:")
            .expect("comments");
    }
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(
        tmp.path(),
        &["fill", "q.xlsx", "-o", "o.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sheets = grids(&tmp.path().join("o.xlsx"));
    let merged = &sheets[0].1;
    // With no comment cell, the detail follows the answer in its cell.
    for a1 in ["A4", "A7"] {
        assert!(
            cell(merged, a1).starts_with("Yes"),
            "under its question: {a1}"
        );
    }
    let blocks = &sheets[1].1;
    for a1 in ["B2", "B6"] {
        assert!(
            cell(blocks, a1).starts_with("Yes") && cell(blocks, a1).len() < 20,
            "beside each Answer: label, the detail beside Comments: {a1}"
        );
    }
    assert!(
        !cell(blocks, "B3").is_empty(),
        "the detail beside Comments:"
    );
    assert!(cell(blocks, "C1").is_empty() && cell(merged, "G3").is_empty());
    // The layout inspect prints reads the same cells back.
    let run = qfill(tmp.path(), &["inspect", "q.xlsx"]);
    assert!(run.stdout.contains("answers = \"below\""), "{}", run.stdout);
    std::fs::write(tmp.path().join("layout.toml"), &run.stdout).expect("layout");
    let run = qfill(
        tmp.path(),
        &[
            "fill",
            "q.xlsx",
            "--layout",
            "layout.toml",
            "-o",
            "o2.xlsx",
            "--report",
            "r2.json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cells_of = |r: &Value| -> Vec<String> {
        r["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["answer_cell"].to_string())
            .collect()
    };
    assert_eq!(
        cells_of(&report(&tmp.path().join("r.json"))),
        cells_of(&report(&tmp.path().join("r2.json")))
    );
}

#[test]
fn a_form_field_never_takes_a_bare_verdict() {
    use rust_xlsxwriter::Workbook;
    let tmp = workspace(&[]);
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "security-contact"
question = "Do you have a designated primary contact for security matters?"
alternates = ["Primary security contact"]
answer = "Yes"

[[entry]]
id = "name"
question = "What is your company's legal name?"
alternates = ["Vendor name"]
answer = "Initech, Inc."
"#,
    );
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Cover").expect("name");
    for (r, label) in ["Vendor name:", "Primary security contact:", "Website:"]
        .iter()
        .enumerate()
    {
        ws.write_string(r as u32 + 1, 0, *label).expect("label");
    }
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(
        tmp.path(),
        &["fill", "q.xlsx", "-o", "o.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sheets = grids(&tmp.path().join("o.xlsx"));
    assert_eq!(cell(&sheets[0].1, "B2"), "Initech, Inc.");
    assert_eq!(
        cell(&sheets[0].1, "B3"),
        "",
        "no bare Yes in a contact field"
    );
    let r = report(&tmp.path().join("r.json"));
    let item = r["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["answer_cell"] == "B3")
        .expect("B3");
    assert_eq!(item["status"], "unanswered", "{item}");
    assert!(
        item["note"]
            .as_str()
            .is_some_and(|n| n.contains("form field"))
    );
}

#[test]
fn a_locked_answer_cell_keeps_the_bank_match_in_the_report() {
    let name = "protected_unlocked_answers.xlsx";
    let tmp = workspace_with_fixture(name);
    let run = qfill(
        tmp.path(),
        &["fill", name, "-o", "o.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = report(&tmp.path().join("r.json"));
    let locked = r["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["note"].as_str().is_some_and(|n| n.contains("locked")))
        .expect("the locked row");
    assert_eq!(locked["written"], false, "{locked}");
    assert!(
        locked["note"]
            .as_str()
            .is_some_and(|n| n.contains("the bank's answer would be `")),
        "a person can copy the match by hand: {locked}"
    );
}

#[test]
fn a_header_that_spells_out_the_answers_gets_one_of_them() {
    let tmp = workspace(&[]);
    std::fs::write(
        tmp.path().join("q.csv"),
        "ID,Question,Response (Y / N / NA),Comments\n\
         1,Is customer data encrypted at rest?,,\n\
         2,Do you process cardholder data?,,\n",
    )
    .expect("write");
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "rest"
question = "Is customer data encrypted at rest?"
answer = "Yes (AES-256)"
detail = "Keys are held in a KMS."

[[entry]]
id = "pci"
question = "Do you process cardholder data?"
answer = "No"
"#,
    );
    let run = qfill(tmp.path(), &["fill", "q.csv", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = String::from_utf8(bytes(&tmp.path().join("q.filled.csv"))).expect("utf-8");
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[1].contains(",Y,"), "{text}");
    // The rest of the answer and its detail go to the comment column.
    assert!(rows[1].contains("Keys are held in a KMS."), "{text}");
    assert!(rows[2].contains(",N,"), "{text}");
}

#[test]
fn a_follow_up_for_the_other_answer_is_left_empty() {
    let tmp = workspace(&[]);
    std::fs::write(
        tmp.path().join("q.csv"),
        "ID,Question,Answer,Comments\n\
         1,Is MFA enforced for all staff?,,\n\
         1a,\"If no, please explain why MFA is not enforced.\",,\n\
         1b,\"If yes, which MFA methods are allowed?\",,\n",
    )
    .expect("write");
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "mfa"
question = "Is MFA enforced for all staff?"
answer = "Yes"

[[entry]]
id = "mfa-methods"
question = "Which MFA methods are allowed?"
answer = "Hardware keys and authenticator apps"

[[entry]]
id = "mfa-gap"
question = "Please explain why MFA is not enforced"
answer = "It is enforced"
"#,
    );
    let run = qfill(
        tmp.path(),
        &["fill", "q.csv", "--format", "csv", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = report(&tmp.path().join("r.json"));
    let items = r["items"].as_array().expect("items");
    assert_eq!(items[0]["answer"], "Yes", "{r}");
    assert_eq!(items[1]["written"], false, "{r}");
    assert_eq!(items[1]["status"], "unanswered", "{r}");
    assert!(
        items[1]["note"]
            .as_str()
            .unwrap_or("")
            .contains("only when the answer above is No"),
        "{r}"
    );
    assert_eq!(items[2]["written"], true, "{r}");
}

#[test]
fn a_bank_error_never_reaches_the_questionnaire() {
    let tmp = workspace(&[]);
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "soc2"
question = "Which SOC 2 trust services categories are in scope?"
answer = "{{soc2.categoris}}"
reviewed = 2026-11-01

[[entry]]
id = "keys"
question = "Do you rotate encryption keys?"
answer = "Yes"
detail = "Yearly, automatically."
reviewed = 2019-01-01
"#,
    );
    std::fs::write(
        tmp.path().join("q.csv"),
        "#,Question,Answer,Notes\n\
         1,Which SOC 2 trust services categories are in scope?,,\n\
         2,Do you rotate encryption keys?,,\n",
    )
    .expect("write questionnaire");
    let run = qfill(
        tmp.path(),
        &["fill", "q.csv", "-o", "o.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = grids(&tmp.path().join("o.xlsx"));
    assert_eq!(cell(&out[0].1, "C2"), "", "no placeholder is written");
    let r = report(&tmp.path().join("r.json"));
    assert_eq!(r["items"][0]["status"], "review");
    assert!(
        r["items"][0]["note"].to_string().contains("soc2.categoris"),
        "{}",
        r["items"][0]
    );
    let warnings = r["warnings"].to_string();
    assert!(warnings.contains("`qfill bank lint` reports"), "{warnings}");
    // An answer from an entry last reviewed years ago is named.
    assert_eq!(cell(&out[0].1, "C3"), "Yes");
    assert!(
        warnings.contains("last reviewed more than 365 days ago: keys"),
        "{warnings}"
    );
}

#[test]
fn a_value_asked_for_stays_short_beside_its_detail() {
    let tmp = workspace(&[]);
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "residency"
question = "Where is customer data stored?"
alternates = ["Can our data be kept in the EU?"]
answer = "Yes: United States or European Union"
detail = "The customer chooses the region when the account is set up."
"#,
    );
    std::fs::write(
        tmp.path().join("q.csv"),
        "#,Question,Answer,Notes\n1,Where is customer data stored?,,\n",
    )
    .expect("write questionnaire");
    let run = qfill(tmp.path(), &["fill", "q.csv", "-o", "o.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = grids(&tmp.path().join("o.xlsx"));
    assert_eq!(
        (cell(&out[0].1, "C2"), cell(&out[0].1, "D2")),
        (
            "United States or European Union".to_string(),
            "The customer chooses the region when the account is set up.".to_string()
        ),
        "a where-question gets the value without its Yes, and the detail beside it"
    );
}

#[test]
fn a_persons_answer_is_replaced_only_by_a_confident_one() {
    let tmp = workspace(&[]);
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "keys"
question = "Do you rotate encryption keys?"
answer = "Yes"
"#,
    );
    std::fs::write(
        tmp.path().join("q.csv"),
        "#,Question,Answer\n\
         1,Do you rotate encryption keys?,Every spring (human answer)\n\
         2,How do you handle keys for our own integrations?,Ask our team (human answer)\n",
    )
    .expect("write questionnaire");
    let run = qfill(
        tmp.path(),
        &[
            "fill",
            "q.csv",
            "-o",
            "o.xlsx",
            "--overwrite-answers",
            "--report",
            "r.json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = grids(&tmp.path().join("o.xlsx"));
    assert_eq!(
        cell(&out[0].1, "C2"),
        "Yes",
        "a confident answer replaces it"
    );
    assert_eq!(
        cell(&out[0].1, "C3"),
        "Ask our team (human answer)",
        "a doubtful suggestion does not"
    );
    let r = report(&tmp.path().join("r.json"));
    assert!(
        r["items"][1]["note"].to_string().contains("not confident"),
        "{}",
        r["items"][1]
    );
}

#[test]
fn a_batch_run_again_skips_its_own_filled_copies_and_lock_files() {
    let tmp = workspace(&[ACME]);
    let first = qfill(tmp.path(), &["fill", ACME, "--report", "r.json"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    std::fs::write(tmp.path().join("~$acme_vendor_security.xlsx"), b"lock").expect("lock");
    let filled = ACME.replace(".xlsx", ".filled.xlsx");
    // As `qfill fill *.xlsx --force` expands in that folder.
    let again = qfill(
        tmp.path(),
        &[
            "fill",
            ACME,
            &filled,
            "~$acme_vendor_security.xlsx",
            "--force",
        ],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("skipping ~$"), "{}", again.stderr);
    assert!(
        again.stderr.contains(&format!("skipping {filled}")),
        "{}",
        again.stderr
    );
    assert!(
        !tmp.path()
            .join("acme_vendor_security.filled.filled.xlsx")
            .exists()
    );
    // A questionnaire merely named like a filled copy is no copy of qfill's:
    // it is never skipped, nor replaced by the other input's copy.
    for name in ["other.xlsx", "other.filled.xlsx"] {
        std::fs::copy(tmp.path().join(ACME), tmp.path().join(name)).expect("copy");
    }
    let named = qfill(
        tmp.path(),
        &["fill", "other.xlsx", "other.filled.xlsx", "--force"],
    );
    assert_eq!(named.code, 2, "{}", named.stderr);
    assert_eq!(
        std::fs::read(tmp.path().join("other.filled.xlsx")).expect("read"),
        std::fs::read(tmp.path().join(ACME)).expect("read"),
        "the questionnaire is untouched"
    );
}

#[test]
fn every_review_row_says_why() {
    let tmp = workspace(&[ACME]);
    let run = qfill(tmp.path(), &["fill", ACME, "--report", "r.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = report(&tmp.path().join("r.json"));
    let reviews: Vec<&Value> = r["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["status"] == "review")
        .collect();
    assert!(!reviews.is_empty());
    for i in reviews {
        let note = i["note"].as_str().unwrap_or_default();
        assert!(!note.is_empty(), "a review row without a reason: {i}");
    }
    assert!(
        r.to_string().contains("not confident: score"),
        "the score's shortfall is named"
    );
}

#[test]
fn a_party_named_above_the_table_gets_the_company_name() {
    let tmp = workspace(&[]);
    let grid = |rows: &[&[&str]]| -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    };
    let sheets = vec![(
        "Form".to_string(),
        grid(&[
            &["Supplier:", ""],
            &["Team/Application:", ""],
            &["Question", "Answer"],
            &["Is MFA required for all workforce access?", ""],
            &["Is customer data encrypted at rest?", ""],
        ]),
    )];
    write_grids(&tmp.path().join("q.xlsx"), &sheets, "");
    let run = qfill(tmp.path(), &["fill", "q.xlsx", "--report", "r.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = report(&tmp.path().join("r.json"));
    let supplier = r["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["answer_cell"] == "B1")
        .expect("the field is a row");
    assert_eq!(supplier["entry_id"], "company-legal-name", "{supplier}");
    assert_eq!(supplier["status"], "answered", "{supplier}");
    assert_eq!(
        supplier["question"], "Supplier",
        "the report keeps the label"
    );
    // A doubtful suggestion that opens with Yes is no value for a field.
    let team = r["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["answer_cell"] == "B2")
        .expect("the field is a row");
    assert_eq!(team["written"], false, "{team}");
    let filled = grids(&tmp.path().join("q.filled.xlsx"));
    let b2 = filled[0].1.get(1).and_then(|r| r.get(1)).cloned();
    assert_eq!(b2.unwrap_or_default(), "", "nothing written in B2");
}

#[test]
fn check_all_options_are_ticked_for_yes_and_left_empty_for_no() {
    use rust_xlsxwriter::{DataValidation, Workbook};
    let tmp = workspace(&[]);
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Q").expect("name");
    let rows: [&[&str]; 5] = [
        &["No.", "Question", "Response", "Comments"],
        &[
            "1",
            "Which of the following certifications does your organisation hold? (check all that apply)",
        ],
        &["", "    ISO/IEC 27001"],
        &["", "    FedRAMP"],
        &[
            "2",
            "Do company endpoints run anti-malware?",
            "",
            "",
            "Yes / No / N/A",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text).expect("write");
        }
    }
    let tick = DataValidation::new()
        .allow_list_strings(&["X"])
        .expect("list");
    ws.add_data_validation(2, 2, 3, 2, &tick)
        .expect("validation");
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(
        tmp.path(),
        &["fill", "q.xlsx", "-o", "o.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sheets = grids(&tmp.path().join("o.xlsx"));
    let at = |c: &str| cell(&sheets[0].1, c);
    assert_eq!(at("C2"), "", "the lead-in's own cell is left alone");
    assert_eq!(at("C3"), "X", "ISO 27001: the starter bank says Yes");
    assert_eq!(at("C4"), "", "FedRAMP: the starter bank says No");
    let r = report(&tmp.path().join("r.json"));
    let items = r["items"].as_array().expect("items");
    let fedramp = items
        .iter()
        .find(|i| i["answer_cell"] == "C4")
        .expect("the option is a row");
    assert!(
        fedramp["note"]
            .as_str()
            .is_some_and(|n| n.contains("tick box stays empty")),
        "{fedramp}"
    );
    // A row whose own cell spells its options takes one of them.
    assert_eq!(at("C5"), "Yes");
    assert!(!at("D5").is_empty(), "the detail goes to the comments");
}

#[test]
fn boxes_drawn_in_the_answer_cells_are_ticked_where_they_stand() {
    use rust_xlsxwriter::Workbook;
    let tmp = workspace(&[]);
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Application").expect("name");
    let rows: [&[&str]; 3] = [
        &[
            "No.",
            "Question",
            "Response",
            "",
            "Explanation (required for any 'No' answer)",
        ],
        &[
            "1",
            "Do company endpoints run anti-malware?",
            "☐ Yes",
            "☐ No",
        ],
        &["2", "Are you FedRAMP authorized?", "☐ Yes", "☐ No"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text).expect("write");
        }
    }
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(tmp.path(), &["fill", "q.xlsx", "-o", "o.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sheets = grids(&tmp.path().join("o.xlsx"));
    let at = |c: &str| cell(&sheets[0].1, c);
    assert_eq!((at("C2"), at("D2")), ("☒ Yes".into(), "☐ No".into()));
    assert!(!at("E2").is_empty(), "the detail goes to the explanation");
    assert_eq!((at("C3"), at("D3")), ("☐ Yes".into(), "☒ No".into()));
}

#[test]
fn answer_columns_beside_the_filled_one_are_named_in_the_warnings() {
    use rust_xlsxwriter::{DataValidation, Workbook};
    let tmp = workspace(&[]);
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Matrix").expect("name");
    let rows: [&[&str]; 3] = [
        &["Ref", "Control", "Production", "Staging", "Notes"],
        &["1", "Do company endpoints run anti-malware?"],
        &["2", "Is customer data encrypted at rest?"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text).expect("write");
        }
    }
    let list = DataValidation::new()
        .allow_list_strings(&["Yes", "No", "N/A"])
        .expect("list");
    ws.add_data_validation(1, 2, 2, 3, &list)
        .expect("validation");
    // Each product with its own Response | Comments pair, under a band.
    let ws = book.add_worksheet().set_name("Products").expect("name");
    let rows: [&[&str]; 4] = [
        &["", "", "Product A", "", "Product B", ""],
        &[
            "Ref", "Control", "Response", "Comments", "Response", "Comments",
        ],
        &["1", "Do company endpoints run anti-malware?"],
        &["2", "Is customer data encrypted at rest?"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text).expect("write");
        }
    }
    for col in [2, 4] {
        ws.add_data_validation(2, col, 3, col, &list)
            .expect("validation");
    }
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(
        tmp.path(),
        &["fill", "q.xlsx", "-o", "o.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = report(&tmp.path().join("r.json"));
    let warned = r["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(|w| w.as_str())
        .any(|w| {
            w.contains("column D (Staging) also takes answers from the same dropdown as column C (Production)")
        });
    assert!(warned, "{}", r["warnings"]);
    assert!(run.stdout.contains("column D (Staging)"), "{}", run.stdout);
    assert!(
        r["warnings"].to_string().contains(
            "column E (Product B: Response) also takes answers from the same dropdown as column C (Product A: Response)"
        ),
        "{}",
        r["warnings"]
    );
}

#[test]
fn a_row_the_portal_shows_only_after_another_answer_is_left_empty() {
    use rust_xlsxwriter::Workbook;
    let tmp = workspace(&[]);
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "outsourcing"
question = "Do you outsource software development?"
answer = "No"

[[entry]]
id = "outsourced-monitoring"
question = "How do you monitor the security of outsourced development work?"
answer = "Through contract terms and code review of every change."

[[entry]]
id = "mfa"
question = "Do you enforce MFA for administrators?"
answer = "Yes"
"#,
    );
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Q").expect("name");
    let rows: [[&str; 4]; 4] = [
        ["Question ID", "Display Logic", "Question", "Response"],
        ["SEC-1", "", "Do you outsource software development?", ""],
        [
            "SEC-2",
            "Show if SEC-1 = Yes",
            "How do you monitor the security of outsourced development work?",
            "",
        ],
        ["SEC-3", "", "Do you enforce MFA for administrators?", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text).expect("cell");
        }
    }
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(
        tmp.path(),
        &["fill", "q.xlsx", "-o", "o.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut out = calamine::open_workbook_auto(tmp.path().join("o.xlsx")).expect("opens");
    let range = calamine::Reader::worksheet_range(&mut out, "Q").expect("sheet");
    let cell = |r: u32| {
        range
            .get_value((r, 3))
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    assert_eq!(cell(1), "No");
    assert_eq!(cell(2), "", "SEC-2 is shown only after a Yes to SEC-1");
    assert_eq!(cell(3), "Yes");
    let report = std::fs::read_to_string(tmp.path().join("r.json")).expect("report");
    assert!(report.contains("shown only when SEC-1 is Yes"), "{report}");
}

#[test]
fn a_follow_up_that_says_only_it_is_never_answered_with_confidence() {
    use rust_xlsxwriter::Workbook;
    let tmp = workspace(&[]);
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "ir-plan"
question = "Do you have a documented incident response plan?"
answer = "Yes"

[[entry]]
id = "dr-testing"
question = "How often is the disaster recovery plan tested?"
alternates = ["How often is it tested?"]
answer = "Annually"
"#,
    );
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Q").expect("name");
    question_sheet(
        ws,
        &[
            "Do you have a documented incident response plan?",
            "If yes, how often is it tested?",
        ],
    );
    book.save(tmp.path().join("q.xlsx")).expect("save");
    let run = qfill(
        tmp.path(),
        &["fill", "q.xlsx", "-o", "o.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("r.json")).expect("report"))
            .expect("json");
    let items = report["items"].as_array().expect("items");
    let status = |i: usize| items[i]["status"].as_str().unwrap_or_default().to_string();
    assert_eq!(status(0), "answered");
    assert_eq!(status(1), "review", "{:#}", items[1]);
    let note = items[1]["note"].as_str().unwrap_or_default();
    assert!(note.contains("`it`"), "{note}");
}

#[test]
fn figures_word_limits_and_value_fields_get_what_their_cells_ask_for() {
    let tmp = workspace(&[INITECH]);
    custom_bank(
        tmp.path(),
        r#"
[[entry]]
id = "cyber-insurance"
question = "Do you carry cyber liability insurance?"
answer = "Yes"
detail = "A cyber policy covers incident response costs and third-party liability."

[[entry]]
id = "security-contact"
question = "Security contact email"
answer = "security@acme.example"
detail = "The security team reads this mailbox every working day."

[[entry]]
id = "incident-response-plan"
question = "Describe your incident response plan"
answer = "Yes"
detail = "A documented plan names the roles, severities and steps for every incident, and it is tested twice a year with the whole on-call rota."
"#,
    );
    std::fs::write(
        tmp.path().join("q.csv"),
        "#,Question,Answer (max 12 words)\n\
         1,Cyber insurance cover (USD),\n\
         2,Security contact email,\n\
         3,Describe your incident response plan.,\n",
    )
    .expect("write questionnaire");
    let run = qfill(
        tmp.path(),
        &["fill", "q.csv", "-o", "out.xlsx", "--report", "r.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = grids(&tmp.path().join("out.xlsx"));
    assert_eq!(
        cell(&out[0].1, "C2"),
        "",
        "no figure, so nothing in its cell"
    );
    assert_eq!(
        cell(&out[0].1, "C3"),
        "security@acme.example",
        "a value field takes the value alone"
    );
    let plan = cell(&out[0].1, "C4");
    assert!(
        !plan.is_empty() && plan.split_whitespace().count() <= 12,
        "{plan:?}"
    );
    let r = report(&tmp.path().join("r.json"));
    let cover = &r["items"][0];
    assert_eq!(cover["status"], "review", "{cover}");
    assert!(
        cover["note"]
            .as_str()
            .is_some_and(|n| n.contains("asks for a number")),
        "{cover}"
    );
    assert!(
        r["items"][2]["note"]
            .as_str()
            .is_some_and(|n| n.contains("12 words")),
        "{}",
        r["items"][2]
    );
}
