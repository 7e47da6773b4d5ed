//! `qfill init` and `qfill bank lint | export | import-xlsx | import`, and the
//! rule that `internal_note` never leaves in a prospect-facing output.

use crate::util::{grids, hash, listing, qfill, workspace, write_grids};
use serde_json::Value;
use std::path::Path;

const AS_OF: &str = "2026-11-28";

#[test]
fn the_starter_bank_lints_clean() {
    let tmp = workspace(&[]);
    let run = qfill(tmp.path(), &["bank", "lint", "--as-of", AS_OF]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains(" 0 errors, 0 warnings"),
        "{}",
        run.stdout
    );
}

#[test]
fn lint_errors_fail_with_file_and_line() {
    let tmp = workspace(&[]);
    let bad = "[[entry]]\nid = \"old-ids\"\nquestion = \"Are logons secure?\"\nanswer = \"Yes, {{nope}}\"\ncontrols = [\"ISO27001:A.9.4.2\"]\n";
    std::fs::write(tmp.path().join("answer_bank/zz.toml"), bad).expect("write");
    let run = qfill(tmp.path(), &["bank", "lint", "--as-of", AS_OF]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let cases = [
        "answer_bank/zz.toml:5: error[unknown-control]: entry `old-ids`: `ISO27001:A.9.4.2` is an ISO 27001:2013 id; use its 2022 successor `ISO27001:A.8.5`",
        "answer_bank/zz.toml:4: error[unknown-placeholder]: entry `old-ids`: unknown placeholder `{{nope}}`",
        "answer_bank/zz.toml:1: warning[never-reviewed]",
    ];
    for want in cases {
        assert!(run.stdout.contains(want), "want {want:?} in {}", run.stdout);
    }
    let json: Value = serde_json::from_str(
        &qfill(tmp.path(), &["bank", "lint", "--json", "--as-of", AS_OF]).stdout,
    )
    .expect("json");
    assert_eq!(json["errors"], 2);
    let late = qfill(tmp.path(), &["bank", "lint", "--as-of", "2027-12-01"]);
    assert!(late.stdout.contains("bridge letter"), "{}", late.stdout);
    assert!(
        run.stdout.contains(
            "by rule: unknown-control 1, unknown-placeholder 1, missing-owner 1, never-reviewed 1"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn lint_shows_every_schema_error_of_a_file_in_one_run() {
    let tmp = workspace(&[]);
    let bad = "[[entry]]\nid = \"a-one\"\nquestion = \"Q1?\"\nanswr = \"Yes\"\n\n[[entry]]\nid = \"a-two\"\nquestion = \"Q2?\"\nanswer = 5\n";
    std::fs::write(tmp.path().join("answer_bank/zz.toml"), bad).expect("write");
    let run = qfill(tmp.path(), &["bank", "lint", "--as-of", AS_OF]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    for want in [
        "answer_bank/zz.toml:4: error[schema]: unknown key `answr`",
        "answer_bank/zz.toml:9: error[schema]: key `answer`: invalid type",
        ": 2 errors, 0 warnings",
    ] {
        assert!(run.stdout.contains(want), "want {want:?} in {}", run.stdout);
    }
}

#[test]
fn init_scaffolds_a_bank_that_lints() {
    let tmp = tempfile::tempdir().expect("tmp");
    for (dir, flag) in [("examples", None), ("full", Some("--starter"))] {
        let mut args = vec!["init", dir];
        args.extend(flag);
        let run = qfill(tmp.path(), &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(tmp.path().join(dir).join("profile.toml").is_file());
        let lint = qfill(
            tmp.path(),
            &["bank", "lint", "--bank", dir, "--as-of", AS_OF],
        );
        assert_eq!(lint.code, 0, "{}", lint.stdout);
    }
    let again = qfill(tmp.path(), &["init", "full", "--starter"]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("never overwrites"),
        "{}",
        again.stderr
    );
}

#[test]
fn export_never_writes_into_the_bank() {
    let tmp = workspace(&[]);
    let before = listing(&tmp.path().join("answer_bank"));
    let access = hash(&tmp.path().join("answer_bank/access.toml"));
    for target in [
        "answer_bank/access.toml",
        "answer_bank/export.xlsx",
        "bank.toml",
    ] {
        let run = qfill(tmp.path(), &["bank", "export", "-o", target, "--force"]);
        assert_eq!(run.code, 2, "{target}: {}", run.stderr);
    }
    assert_eq!(listing(&tmp.path().join("answer_bank")), before);
    assert_eq!(hash(&tmp.path().join("answer_bank/access.toml")), access);
    assert!(!tmp.path().join("bank.toml").exists());
}

#[test]
fn export_edit_import_changes_only_the_edit() {
    let tmp = workspace(&[]);
    let run = qfill(tmp.path(), &["bank", "export", "-o", "bank.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut sheets = grids(&tmp.path().join("bank.xlsx"));
    let access = sheets
        .iter_mut()
        .find(|(n, _)| n == "access")
        .expect("access sheet");
    assert_eq!(access.1[0][..4], ["id", "question", "alternates", "answer"]);
    let row = access
        .1
        .iter_mut()
        .find(|r| r[0] == "mfa-workforce")
        .expect("row");
    row[3] = "Yes, for every account".into();
    write_grids(&tmp.path().join("edited.xlsx"), &sheets, "qfill");

    let before = std::fs::read_to_string(tmp.path().join("answer_bank/access.toml")).expect("read");
    let run = qfill(tmp.path(), &["bank", "import-xlsx", "edited.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("mfa-workforce answer\n  - Yes\n  + Yes, for every account"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("changed 1 keys, added 0 entries, in 1 files"),
        "{}",
        run.stdout
    );
    let after = std::fs::read_to_string(tmp.path().join("answer_bank/access.toml")).expect("read");
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0].1, "answer = \"Yes, for every account\"");
    assert_eq!(before.lines().count(), after.lines().count());
}

#[test]
fn import_drafts_new_answers_and_folds_known_questions() {
    let tmp = workspace(&[]);
    let csv = "Question,Answer,Comments\n\
        \"Is multi-factor authentication required for all workforce access to company systems?\",Yes,\n\
        \"Do you hold ISO 9001 certification for quality management?\",No,\"We hold ISO/IEC 27001 only.\"\n\
        \"What is the maximum file upload size in the product?\",\"100 MB per file; larger files can be split.\",\n";
    std::fs::write(tmp.path().join("answered.csv"), csv).expect("csv");
    let run = qfill(tmp.path(), &["bank", "import", "answered.csv", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let result: Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        result["folded"][0]["entry"], "mfa-workforce",
        "{}",
        run.stdout
    );
    let drafts = result["drafts"].as_array().expect("drafts");
    assert_eq!(drafts.len(), 2, "{}", run.stdout);
    assert_eq!(drafts[0]["answer"], "No");
    assert_eq!(
        drafts[1]["answer"],
        "100 MB per file; larger files can be split."
    );
    let text =
        std::fs::read_to_string(tmp.path().join("answer_bank/imported.toml")).expect("drafts file");
    assert!(
        text.contains("detail = \"We hold ISO/IEC 27001 only.\""),
        "{text}"
    );
    let lint = qfill(tmp.path(), &["bank", "lint", "--as-of", AS_OF]);
    assert_eq!(lint.code, 0, "drafts lint without errors: {}", lint.stdout);
    assert!(
        lint.stdout.contains("warning[never-reviewed]"),
        "{}",
        lint.stdout
    );
}

#[test]
fn import_skips_qfills_own_suggestions_still_to_review() {
    let tmp = workspace(&["acme_vendor_security.xlsx"]);
    let fill = qfill(
        tmp.path(),
        &[
            "fill",
            "acme_vendor_security.xlsx",
            "-o",
            "filled.xlsx",
            "--report",
            "r.json",
        ],
    );
    assert_eq!(fill.code, 0, "{}", fill.stderr);
    let report: Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("r.json")).expect("report"))
            .expect("json");
    // Suggestions written in the answer cell; those written beside it
    // leave the answer cell empty, and no answer is imported from it.
    let reviews = report["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["status"] == "review" && i["written"] == true)
        .count() as u64;
    assert!(reviews > 0, "the sample leaves rows to review");
    let run = qfill(
        tmp.path(),
        &["bank", "import", "filled.xlsx", "--dry-run", "--json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let result: Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        result["unconfirmed"].as_u64(),
        Some(reviews),
        "{}",
        run.stdout
    );
    let imported: Vec<&str> = result["folded"]
        .as_array()
        .into_iter()
        .chain(result["drafts"].as_array())
        .flatten()
        .filter_map(|r| r["question"].as_str())
        .collect();
    let suggested: Vec<&str> = report["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["status"] == "review")
        .filter_map(|i| i["question"].as_str())
        .collect();
    assert!(
        imported.iter().all(|q| !suggested.contains(q)),
        "{imported:?} vs {suggested:?}"
    );
}

const SECRET: &str = "CANARY-internal-7731";

/// Plants the secret as the `internal_note` of every entry of the bank copy.
fn plant_secret(bank: &Path) {
    for file in std::fs::read_dir(bank).expect("bank").flatten() {
        let name = file.file_name().to_string_lossy().into_owned();
        if name == "profile.toml" {
            continue;
        }
        let text = std::fs::read_to_string(file.path()).expect("read");
        let planted: String = text
            .lines()
            .filter(|l| !l.starts_with("internal_note"))
            .map(|l| {
                if l == "[[entry]]" {
                    format!("{l}\ninternal_note = \"{SECRET}\"\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        std::fs::write(file.path(), planted).expect("write");
    }
}

fn workbook_text(path: &Path) -> String {
    grids(path)
        .into_iter()
        .map(|(_, rows)| rows.concat().join("\t"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn internal_notes_never_leave() {
    let samples = [
        "acme_vendor_security.xlsx",
        "globex_due_diligence.xlsx",
        "initech_quick_review.csv",
    ];
    let tmp = workspace(&samples);
    plant_secret(&tmp.path().join("answer_bank"));
    let mut outputs: Vec<(String, String)> = Vec::new();
    for s in samples {
        let run = qfill(tmp.path(), &["fill", s, "--report", &format!("{s}.json")]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let stem = s.split('.').next().unwrap_or(s);
        outputs.push((
            format!("{s} filled"),
            workbook_text(&tmp.path().join(format!("{stem}.filled.xlsx"))),
        ));
        outputs.push((
            format!("{s} report"),
            std::fs::read_to_string(tmp.path().join(format!("{s}.json"))).expect("report"),
        ));
        outputs.push((format!("{s} stdout"), run.stdout + &run.stderr));
    }
    let export = qfill(tmp.path(), &["bank", "export", "-o", "export.xlsx"]);
    assert_eq!(export.code, 0, "{}", export.stderr);
    outputs.push((
        "export".into(),
        workbook_text(&tmp.path().join("export.xlsx")),
    ));
    for format in ["text", "json", "markdown", "junit"] {
        let run = qfill(
            tmp.path(),
            &["coverage", "--as-of", AS_OF, "--format", format],
        );
        outputs.push((format!("coverage {format}"), run.stdout + &run.stderr));
        let view = qfill(
            tmp.path(),
            &[
                "coverage",
                "--report",
                "acme_vendor_security.xlsx.json",
                "--format",
                if format == "junit" { "text" } else { format },
            ],
        );
        outputs.push((
            format!("coverage --report {format}"),
            view.stdout + &view.stderr,
        ));
    }
    for args in [
        vec!["controls", "show", "CC6.1", "--json"],
        vec!["match", "Is MFA required?", "--json"],
    ] {
        let run = qfill(tmp.path(), &args);
        outputs.push((args.join(" "), run.stdout + &run.stderr));
    }
    for (what, text) in &outputs {
        assert!(
            !text.contains(SECRET),
            "the internal note leaked into {what}"
        );
    }
    let inside = qfill(
        tmp.path(),
        &[
            "bank",
            "export",
            "-o",
            "internal.xlsx",
            "--include-internal",
        ],
    );
    assert_eq!(inside.code, 0, "{}", inside.stderr);
    assert!(
        workbook_text(&tmp.path().join("internal.xlsx")).contains(SECRET),
        "the canary is planted"
    );
}
