//! Broken answer banks: every problem names the file and line (and key) and
//! says what to do; nothing is written.

use crate::util::{Run, bad, big, copy_dir, hash, listing, qfill_bounded, root};
use std::path::Path;

const ACME: &str = "acme_vendor_security.xlsx";

/// Fills the Acme sample with the bank in `bank` (copied to `bank/`).
fn fill_with(bank: &Path) -> Run {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_dir(bank, &tmp.path().join("bank"));
    std::fs::copy(root().join("samples").join(ACME), tmp.path().join(ACME)).expect("copy");
    run_in(tmp.path())
}

fn run_in(dir: &Path) -> Run {
    let before = (hash(&dir.join(ACME)), listing(dir));
    let (run, _) = qfill_bounded(dir, &["fill", ACME, "--bank", "bank"], 2048, 90);
    assert_eq!(hash(&dir.join(ACME)), before.0, "the input changed");
    assert_eq!(listing(dir), before.1, "files left behind: {}", run.stderr);
    run
}

fn assert_bank_error(run: &Run, wants: &[&str]) {
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: bank/"), "{}", run.stderr);
    for want in wants {
        assert!(run.stderr.contains(want), "want {want:?} in {}", run.stderr);
    }
    assert!(run.stderr.contains("\n  hint: "), "{}", run.stderr);
}

#[test]
fn broken_bank_files_name_file_line_and_key() {
    let cases: &[(&str, &[&str])] = &[
        (
            "invalid_toml",
            &["entries.toml:4:", "extra `=`", "README: the answer bank"],
        ),
        (
            "wrong_types",
            &["entries.toml:4: key `answer`: invalid type: integer `42`, expected a string"],
        ),
        (
            "bad_date",
            &["entries.toml:5: key `reviewed`: invalid date"],
        ),
        (
            "duplicate_ids",
            &[
                "b.toml:3: duplicate entry id `mfa` (first defined at bank/a.toml:1)",
                "new id",
            ],
        ),
        (
            "non_utf8",
            &["entries.toml:3: the file is not valid UTF-8; save it as UTF-8"],
        ),
    ];
    for (case, wants) in cases {
        let run = fill_with(&bad("bank").join(case));
        assert_bank_error(&run, wants);
    }
}

#[test]
fn a_fifty_megabyte_bank_file_is_refused_quickly() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::create_dir(tmp.path().join("bank")).expect("mkdir");
    std::fs::write(tmp.path().join("bank/huge.toml"), big::big_bank(50 << 20)).expect("write");
    std::fs::copy(root().join("samples").join(ACME), tmp.path().join(ACME)).expect("copy");
    let started = std::time::Instant::now();
    let run = run_in(tmp.path());
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    assert_bank_error(
        &run,
        &[
            "bank/huge.toml: the bank file is 50 MiB, more than qfill reads (16 MiB)",
            "README: Limits",
        ],
    );
}

#[test]
fn an_unreadable_bank_file_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("tmp");
    copy_dir(&root().join("answer_bank"), &tmp.path().join("bank"));
    std::fs::copy(root().join("samples").join(ACME), tmp.path().join(ACME)).expect("copy");
    let locked = tmp.path().join("bank/access.toml");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&locked).is_ok() {
        eprintln!(
            "notice: running as root, which reads files whatever their permissions; the unreadable-bank case is skipped"
        );
        return;
    }
    let run = run_in(tmp.path());
    assert_bank_error(
        &run,
        &[
            "bank/access.toml: Permission denied",
            "check the permissions",
        ],
    );
}
