//! Every error path of `fill`: the message names the place and says what to do,
//! the exit code is 2, and nothing is left behind.

use crate::util::{qfill, workspace};
use std::path::Path;

const ACME: &str = "acme_vendor_security.xlsx";

fn bank(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join("answer_bank").join(name), text).expect("write bank file");
}

fn assert_fails(dir: &Path, args: &[&str], message: &str) {
    let run = qfill(dir, args);
    assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(
        run.stderr.contains(message),
        "{args:?}: want {message:?} in {}",
        run.stderr
    );
    assert!(
        !dir.join("acme_vendor_security.filled.xlsx").exists(),
        "no output after an error"
    );
}

#[test]
fn missing_bank() {
    let tmp = workspace(&[ACME]);
    std::fs::remove_dir_all(tmp.path().join("answer_bank")).expect("rm");
    assert_fails(tmp.path(), &["fill", ACME], "no answer bank at answer_bank");
    let run = qfill(tmp.path(), &["fill", ACME]);
    assert!(
        run.stderr.contains("hint: pass --bank DIR"),
        "{}",
        run.stderr
    );
    assert_fails(
        tmp.path(),
        &["fill", ACME, "--bank", "nowhere"],
        "no answer bank at nowhere",
    );
    // The missing bank is named even when the default output exists too.
    std::fs::write(tmp.path().join("acme_vendor_security.filled.xlsx"), b"x").expect("write");
    let run = qfill(tmp.path(), &["fill", ACME, "--bank", "nowhere"]);
    assert!(
        run.stderr.contains("no answer bank at nowhere"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bank_file_is_not_a_bank() {
    let tmp = workspace(&[ACME]);
    bank(
        tmp.path(),
        "x.toml",
        "[[entry]]\nid = \"a\"\nquestion = \"Q?\"\nanswer = \"Yes\"\n",
    );
    for command in [&["fill", ACME][..], &["bank", "lint"], &["match", "MFA?"]] {
        let mut args = command.to_vec();
        args.extend(["--bank", "answer_bank/x.toml"]);
        assert_fails(
            tmp.path(),
            &args,
            "answer_bank/x.toml is a file, not an answer bank directory",
        );
        let run = qfill(tmp.path(), &args);
        assert!(
            run.stderr.contains(
                "hint: --bank takes the directory that holds the .toml files: --bank answer_bank"
            ),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn bank_errors_name_file_line_and_key() {
    let cases = [
        (
            "zz.toml",
            "[[entry]]\nid = \"x\"\nquestion = \"Q\"\nanswer = = \"Y\"\n",
            "zz.toml:4",
        ),
        (
            "zz.toml",
            "[[entry]]\nid = \"x\"\nquestion = \"Q\"\nanwser = \"Y\"\n",
            "zz.toml:4: unknown key `anwser`",
        ),
        (
            "zz.toml",
            "[[entry]]\nid = \"mfa-workforce\"\nquestion = \"Q\"\nanswer = \"Y\"\n",
            "duplicate entry id `mfa-workforce`",
        ),
        (
            "zz.toml",
            "[[entry]]\nid = \"x\"\nquestion = \"Q\"\nanswer = \"Y\"\nreviewed = \"last week\"\n",
            "zz.toml:5",
        ),
    ];
    for (name, text, message) in cases {
        let tmp = workspace(&[ACME]);
        bank(tmp.path(), name, text);
        assert_fails(tmp.path(), &["fill", ACME], message);
    }
}

#[test]
fn input_problems() {
    let tmp = workspace(&[ACME]);
    assert_fails(
        tmp.path(),
        &["fill", "nope.xlsx"],
        "nope.xlsx: no such file",
    );
    std::fs::write(tmp.path().join("fake.xlsx"), b"%PDF-1.4 not a workbook").expect("write");
    assert_fails(
        tmp.path(),
        &["fill", "fake.xlsx"],
        "fake.xlsx: this is a PDF, not a spreadsheet",
    );
    std::fs::write(tmp.path().join("notes.csv"), "just,some\nwords,here\n").expect("write");
    let run = qfill(tmp.path(), &["fill", "notes.csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no questions found"), "{}", run.stderr);
    assert!(
        run.stderr.contains("--header-row"),
        "the hint names the overrides: {}",
        run.stderr
    );
    assert!(!tmp.path().join("notes.filled.xlsx").exists());
    // A lock file a spreadsheet application left beside the workbook.
    std::fs::write(tmp.path().join("~$vendor_q.xlsx"), b"\x0bMaria Lopez").expect("write");
    assert_fails(
        tmp.path(),
        &["fill", "~$vendor_q.xlsx"],
        "is a lock file a spreadsheet application keeps while a workbook is open, not a questionnaire; fill the workbook itself: `vendor_q.xlsx`",
    );
}

#[test]
fn output_problems() {
    let tmp = workspace(&[ACME]);
    std::fs::write(tmp.path().join("taken.xlsx"), b"keep me").expect("write");
    let run = qfill(tmp.path(), &["fill", ACME, "-o", "taken.xlsx"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("taken.xlsx already exists") && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(tmp.path().join("taken.xlsx")).expect("read"),
        b"keep me"
    );
    assert_fails(
        tmp.path(),
        &["fill", ACME, "-o", ACME],
        "would overwrite the input",
    );
    assert_fails(
        tmp.path(),
        &["fill", ACME, "-o", "missing/dir/out.xlsx"],
        "the output directory does not exist",
    );
    assert_fails(
        tmp.path(),
        &["fill", ACME, "-o", "missing/"],
        "-o missing/: no such directory; create it first",
    );
    let run = qfill(tmp.path(), &["fill", ACME, "-o", "taken.xlsx", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn report_paths_are_checked_before_anything_is_written() {
    let tmp = workspace(&[ACME]);
    let before = std::fs::read(tmp.path().join(ACME)).expect("read");
    for report in [ACME, "acme_vendor_security.filled.xlsx"] {
        assert_fails(
            tmp.path(),
            &["fill", ACME, "--report", report, "--force"],
            if report == ACME {
                "is the questionnaire"
            } else {
                "given both as the filled copy (-o) and as the report (--report)"
            },
        );
    }
    assert_eq!(std::fs::read(tmp.path().join(ACME)).expect("read"), before);
    assert_fails(
        tmp.path(),
        &["fill", ACME, "--report", "missing/r.json"],
        "the directory of --report missing/r.json does not exist",
    );
    std::fs::create_dir(tmp.path().join("rd")).expect("mkdir");
    assert_fails(
        tmp.path(),
        &["fill", ACME, "--report", "rd"],
        "is a directory",
    );
    std::fs::write(tmp.path().join("r.json"), b"{}").expect("write");
    assert_fails(
        tmp.path(),
        &["fill", ACME, "--report", "r.json"],
        "already exists",
    );
}

#[test]
fn several_questionnaires_never_write_the_same_file() {
    let tmp = workspace(&[ACME]);
    for d in ["d1", "d2", "out"] {
        std::fs::create_dir(tmp.path().join(d)).expect("mkdir");
    }
    for d in ["d1", "d2"] {
        std::fs::copy(tmp.path().join(ACME), tmp.path().join(d).join("q.xlsx")).expect("copy");
    }
    let run = qfill(
        tmp.path(),
        &["fill", "d1/q.xlsx", "d2/q.xlsx", "-o", "out", "--force"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("would be written for both d1/q.xlsx and d2/q.xlsx"),
        "{}",
        run.stderr
    );
    assert!(crate::util::listing(&tmp.path().join("out")).is_empty());
    assert_fails(
        tmp.path(),
        &["fill", "d1/q.xlsx", "d1/q.xlsx", "--force"],
        "the questionnaire d1/q.xlsx is given twice",
    );
}

#[test]
fn one_bad_questionnaire_does_not_stop_the_others() {
    let tmp = workspace(&[ACME]);
    std::fs::write(tmp.path().join("bad.xlsx"), b"not a spreadsheet").expect("write");
    std::fs::copy(tmp.path().join(ACME), tmp.path().join("second.xlsx")).expect("copy");
    std::fs::create_dir(tmp.path().join("out")).expect("mkdir");
    let run = qfill(
        tmp.path(),
        &["fill", ACME, "bad.xlsx", "second.xlsx", "-o", "out"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("error: "), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("1 of 3 questionnaires were not filled: bad.xlsx"),
        "{}",
        run.stderr
    );
    assert_eq!(
        crate::util::listing(&tmp.path().join("out")),
        ["acme_vendor_security.filled.xlsx", "second.filled.xlsx"]
    );
}

#[test]
fn hints_fit_the_error() {
    let tmp = workspace(&[ACME]);
    std::fs::create_dir(tmp.path().join("folder")).expect("mkdir");
    std::fs::write(tmp.path().join("r.json"), b"{}").expect("write");
    let cases: [(&[&str], &str); 4] = [
        (&["fill", "folder"], "hint: name a file, not a directory"),
        (
            &["coverage", "--report", "r.json"],
            "hint: pass the JSON report",
        ),
        (
            &["bank", "import-xlsx", ACME, "--dry-run"],
            "hint: make one with `qfill bank export",
        ),
        (&["init", ACME], "hint: the path exists already"),
    ];
    assert_fails(
        tmp.path(),
        &["fill", ACME, "--question-col", "B", "--answer-col", "B"],
        "--question-col and --answer-col name the same column",
    );
    for (args, hint) in cases {
        assert_fails(tmp.path(), args, hint);
    }
}

#[test]
fn usage_problems() {
    let tmp = workspace(&[ACME]);
    assert_fails(
        tmp.path(),
        &["fill", ACME, "--answered-at", "1.5"],
        "--answered-at must be between 0 and 1",
    );
    let run = qfill(tmp.path(), &["fill"]);
    assert_eq!(run.code, 2, "clap usage errors exit 2");
    let run = qfill(tmp.path(), &["--help"]);
    assert!(run.stdout.contains("Exit codes"), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn a_pipe_is_refused_not_read_forever() {
    let tmp = workspace(&[ACME]);
    let made = std::process::Command::new("mkfifo")
        .arg(tmp.path().join("q.xlsx"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let (run, _) = crate::util::qfill_bounded(tmp.path(), &["inspect", "q.xlsx"], 1024, 20);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    // Every other file qfill reads: a report, a statement of applicability,
    // a layout.
    for args in [
        &["coverage", "--report", "q.xlsx"][..],
        &["coverage", "--soa", "q.xlsx"],
        &["bank", "learn", "q.xlsx"],
        &["fill", ACME, "--layout", "q.xlsx"],
    ] {
        let (run, _) = crate::util::qfill_bounded(tmp.path(), args, 1024, 20);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("not a regular file"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_header_row_past_the_sheet_is_named() {
    let tmp = workspace(&[ACME]);
    assert_fails(
        tmp.path(),
        &["fill", ACME, "--sheet", "Security", "--header-row", "500"],
        "header row 500 is past the sheet's last row",
    );
}

#[test]
fn a_stray_csv_quote_names_its_line() {
    let tmp = workspace(&[]);
    std::fs::write(
        tmp.path().join("q.csv"),
        "ID,Question,Answer\nQ-1,\"Do you use MFA?\",\n\"Q-2,\"Do you run penetration tests?\",\n",
    )
    .expect("write csv");
    assert_fails(
        tmp.path(),
        &["fill", "q.csv"],
        "line 3: a quoted field closes before the field ends",
    );
}
