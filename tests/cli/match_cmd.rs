//! `qfill match`: the quick look-up with explanations.

use crate::util::{qfill, workspace};

#[test]
fn explains_the_best_match() {
    let tmp = workspace(&[]);
    let run = qfill(
        tmp.path(),
        &["match", "What is your RPO?", "--json", "--top", "2"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(v["candidates"][0]["entry_id"], "recovery-point-objective");
    assert!(v["candidates"].as_array().expect("list").len() <= 2);
    assert!(
        v["why"]["matched_terms"]
            .as_array()
            .expect("terms")
            .iter()
            .any(|t| t == "rpo")
    );
    let run = qfill(tmp.path(), &["match", "Is 2FA enforced for staff?"]);
    assert!(
        run.stdout.contains("mfa-workforce") && run.stdout.contains("synonyms"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_empty_question_or_no_candidates_asked_for_is_a_usage_error() {
    let tmp = workspace(&[]);
    for args in [
        &["match", "  "][..],
        &["match", "Do you use MFA?", "--top", "0"],
    ] {
        let run = qfill(tmp.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
}
