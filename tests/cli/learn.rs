//! `qfill bank learn`: a reviewer's accepted rows become alternates, and the
//! same question then matches with confidence.

use crate::util::{bytes, qfill, workspace};
use serde_json::Value;
use std::path::Path;

/// Fills the acme sample in `dir` with `bank_args` and a report `r.json`,
/// marks the first item `pick` chooses as accepted, and returns that item.
fn fill_and_accept(dir: &Path, bank_args: &[&str], pick: impl Fn(&Value) -> bool) -> Value {
    let mut args = vec!["fill", "acme_vendor_security.xlsx", "--report", "r.json"];
    args.extend_from_slice(bank_args);
    let run = qfill(dir, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut report: Value = serde_json::from_slice(&bytes(&dir.join("r.json"))).expect("json");
    let items = report["items"].as_array_mut().expect("items");
    let item = items
        .iter_mut()
        .find(|i| pick(i))
        .expect("such a row in the sample");
    item["accept"] = Value::Bool(true);
    let accepted = item.clone();
    std::fs::write(
        dir.join("r.json"),
        serde_json::to_vec(&report).expect("json"),
    )
    .expect("write");
    accepted
}

fn under_review(item: &Value) -> bool {
    item["status"] == "review"
}

#[test]
fn accepted_review_rows_become_confident_answers() {
    let tmp = workspace(&["acme_vendor_security.xlsx"]);
    let item = fill_and_accept(tmp.path(), &[], under_review);
    let (question, entry) = (
        item["question"].as_str().expect("q").to_string(),
        item["entry_id"].as_str().expect("id").to_string(),
    );
    let run = qfill(tmp.path(), &["bank", "learn", "r.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("added 1 alternate"), "{}", run.stdout);
    let run = qfill(tmp.path(), &["match", &question, "--json"]);
    let v: Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(v["candidates"][0]["entry_id"], entry.as_str());
    assert_eq!(v["status"], "answered", "{v}");
    let run = qfill(tmp.path(), &["bank", "lint"]);
    assert!(run.stdout.contains("0 errors"), "{}", run.stdout);
    let run = qfill(tmp.path(), &["bank", "learn", "r.json"]);
    assert!(
        run.stdout.contains("already phrasings"),
        "learning twice adds nothing: {}",
        run.stdout
    );
}

#[test]
fn learning_goes_into_the_bank_the_report_was_filled_with() {
    let tmp = workspace(&["acme_vendor_security.xlsx"]);
    std::fs::rename(tmp.path().join("answer_bank"), tmp.path().join("ours")).expect("rename");
    fill_and_accept(tmp.path(), &["--bank", "ours"], under_review);
    // No ./answer_bank here: the report names `ours`.
    let run = qfill(tmp.path(), &["bank", "learn", "r.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("ours/"), "{}", run.stdout);
}

#[test]
fn a_report_whose_bank_is_not_found_from_here_is_not_learned_elsewhere() {
    let tmp = workspace(&["acme_vendor_security.xlsx"]);
    std::fs::rename(tmp.path().join("answer_bank"), tmp.path().join("ours")).expect("rename");
    fill_and_accept(tmp.path(), &["--bank", "ours"], under_review);
    // From a folder with an answer_bank of its own, where `ours` is not.
    let elsewhere = tmp.path().join("elsewhere");
    crate::util::copy_dir(&tmp.path().join("ours"), &elsewhere.join("answer_bank"));
    let before = bytes(&elsewhere.join("answer_bank").join("access.toml"));
    let report = tmp.path().join("r.json");
    let report = report.to_str().expect("utf-8 path");
    let run = qfill(&elsewhere, &["bank", "learn", report]);
    // The bank is found beside the report, where fill ran.
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("ours/"), "{}", run.stdout);
    // Moved away from it, the report's bank is found nowhere: an error, not
    // ./answer_bank.
    std::fs::rename(tmp.path().join("r.json"), elsewhere.join("r.json")).expect("move");
    let run = qfill(&elsewhere, &["bank", "learn", "r.json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("pass --bank DIR"), "{}", run.stderr);
    assert_eq!(
        bytes(&elsewhere.join("answer_bank").join("access.toml")),
        before
    );
}

#[test]
fn learning_a_row_whose_answer_fit_no_dropdown_says_to_add_a_choice() {
    let tmp = workspace(&["acme_vendor_security.xlsx"]);
    let item = fill_and_accept(tmp.path(), &[], |i| {
        i["note"]
            .as_str()
            .is_some_and(|n| n.contains("fits none of the dropdown values"))
    });
    let entry = item["entry_id"].as_str().expect("id");
    let run = qfill(tmp.path(), &["bank", "learn", "r.json", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains(&format!("entry `{entry}` has no `choice`")),
        "{}",
        run.stdout
    );
}
