//! `qfill controls` and `qfill coverage`: the catalogs from the command line,
//! and the coverage gate on the starter bank and on copies with gaps.

use crate::util::{qfill, workspace};
use serde_json::Value;
use std::path::Path;

/// Every run judges staleness on the same day, so the tests do not age.
const AS_OF: &str = "2026-11-28";

fn coverage(dir: &Path, extra: &[&str]) -> crate::util::Run {
    let mut args = vec!["coverage", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    qfill(dir, &args)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON output")
}

/// Removes the entry `id` from the bank file that holds it.
fn remove_entry(bank: &Path, id: &str) {
    for file in std::fs::read_dir(bank).expect("bank dir").flatten() {
        let text = std::fs::read_to_string(file.path()).expect("read");
        let needle = format!("id = \"{id}\"");
        if !text.contains(&needle) {
            continue;
        }
        let blocks: Vec<&str> = text.split("[[entry]]\n").collect();
        let rebuilt: Vec<&str> = blocks
            .iter()
            .filter(|b| !b.contains(&needle))
            .copied()
            .collect();
        std::fs::write(file.path(), rebuilt.join("[[entry]]\n")).expect("write");
        return;
    }
    panic!("no entry `{id}` in the bank");
}

/// A control evidenced by exactly one entry of the starter bank, and that entry.
fn sole_evidence(dir: &Path, framework: &str) -> (String, String) {
    sole_evidence_of(dir, framework, "")
}

/// A control whose id starts with `prefix` and that one entry alone evidences.
fn sole_evidence_of(dir: &Path, framework: &str, prefix: &str) -> (String, String) {
    let run = coverage(dir, &["--framework", framework, "--format", "json"]);
    let report = json(&run.stdout);
    for f in report["frameworks"].as_array().expect("frameworks") {
        for c in f["controls"].as_array().expect("controls") {
            let entries = c["entries"].as_array().expect("entries");
            if entries.len() == 1 && c["id"].as_str().expect("id").starts_with(prefix) {
                let id = c["id"].as_str().expect("id").to_string();
                return (id, entries[0].as_str().expect("entry").to_string());
            }
        }
    }
    panic!("every control has several entries");
}

#[test]
fn the_starter_bank_passes_the_gate() {
    let tmp = workspace(&[]);
    let run = coverage(
        tmp.path(),
        &[
            "--framework",
            "all",
            "--categories",
            "security,availability,processing_integrity,confidentiality,privacy",
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "SOC 2 (security, availability, processing_integrity, confidentiality, privacy): 61/61"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("ISO/IEC 27001:2022: 123/123"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("coverage gate passed"),
        "{}",
        run.stdout
    );
}

#[test]
fn removing_an_entry_fails_the_gate_naming_the_gap() {
    let tmp = workspace(&[]);
    let (control, entry) = sole_evidence(tmp.path(), "all");
    remove_entry(&tmp.path().join("answer_bank"), &entry);
    let run = coverage(tmp.path(), &["--framework", "all"]);
    assert_eq!(
        run.code, 1,
        "removing `{entry}` must fail the gate: {}",
        run.stdout
    );
    assert!(
        run.stdout.contains("coverage gate FAILED"),
        "{}",
        run.stdout
    );
    let listed = run
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("not evidenced directly: ") && !l.contains(" — "))
        .unwrap_or("");
    assert!(
        listed.contains(&control),
        "`{control}` (only `{entry}` evidenced it) is named: {}",
        run.stdout
    );

    let junit = coverage(tmp.path(), &["--framework", "all", "--format", "junit"]);
    assert_eq!(junit.code, 1);
    let case = junit
        .stdout
        .lines()
        .find(|l| l.contains(&format!("name=\"{control} ")))
        .expect("a test case per control");
    assert!(case.contains("<failure"), "{case}");
    let md = coverage(tmp.path(), &["--framework", "all", "--format", "markdown"]);
    assert!(
        md.stdout.contains("❌ failed") && md.stdout.contains(&format!("`{control}`")),
        "{}",
        md.stdout
    );
    let relaxed = coverage(tmp.path(), &["--framework", "all", "--min", "95"]);
    assert_eq!(relaxed.code, 0, "{}", relaxed.stdout);
}

#[test]
fn the_soa_excludes_controls_and_stale_entries_fail() {
    let tmp = workspace(&[]);
    let (_, entry) = sole_evidence_of(tmp.path(), "iso27001", "ISO27001:A.");
    remove_entry(&tmp.path().join("answer_bank"), &entry);
    let gaps_run = coverage(tmp.path(), &["--framework", "iso27001", "--format", "json"]);
    assert_eq!(gaps_run.code, 1);
    let report = json(&gaps_run.stdout);
    let gaps: Vec<String> = report["frameworks"][0]["controls"]
        .as_array()
        .expect("controls")
        .iter()
        .filter(|c| c["evidence"] != "direct")
        .map(|c| {
            c["id"]
                .as_str()
                .expect("id")
                .trim_start_matches("ISO27001:")
                .to_string()
        })
        .collect();
    // An SoA excludes Annex A controls only; clauses 4-10 cannot be excluded.
    let (annex, clauses): (Vec<String>, Vec<String>) =
        gaps.into_iter().partition(|id| id.starts_with("A."));
    let mut soa = String::from("control,applicable,justification\n");
    for id in &annex {
        soa.push_str(&format!("{id},no,out of the ISMS scope\n"));
    }
    std::fs::write(tmp.path().join("soa.csv"), soa).expect("soa");
    let excluded = coverage(
        tmp.path(),
        &[
            "--framework",
            "iso27001",
            "--soa",
            "soa.csv",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        excluded.code,
        i32::from(!clauses.is_empty()),
        "{clauses:?}: {}",
        excluded.stdout
    );
    assert_eq!(
        json(&excluded.stdout)["frameworks"][0]["totals"]["excluded"],
        annex.len()
    );
    assert!(!annex.is_empty());

    let stale = qfill(
        tmp.path(),
        &["coverage", "--as-of", "2031-01-01", "--framework", "soc2"],
    );
    assert_eq!(stale.code, 1);
    assert!(stale.stdout.contains("stale entries"), "{}", stale.stdout);
    let bad = coverage(tmp.path(), &["--categories", "safety"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("unknown SOC 2 category `safety`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_fill_report_is_summarised_by_control() {
    let tmp = workspace(&["acme_vendor_security.xlsx"]);
    let fill = qfill(
        tmp.path(),
        &[
            "fill",
            "acme_vendor_security.xlsx",
            "--report",
            "report.json",
        ],
    );
    assert_eq!(fill.code, 0, "{}", fill.stderr);
    let run = coverage(tmp.path(), &["--report", "report.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("controls touched by answered or review questions"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("SOC2 CC6"), "{}", run.stdout);
    let view = json(&coverage(tmp.path(), &["--report", "report.json", "--format", "json"]).stdout);
    assert_eq!(
        view["questions"], 13,
        "12 in the table and the vendor's name above it"
    );
}

#[test]
fn controls_lists_and_shows() {
    let tmp = workspace(&[]);
    let soc2 = json(&qfill(tmp.path(), &["controls", "soc2", "--json"]).stdout);
    assert_eq!(soc2.as_array().map(Vec::len), Some(61));
    let iso = json(&qfill(tmp.path(), &["controls", "iso27001", "--json"]).stdout);
    let annex = iso
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["kind"] == "annex_a");
    assert_eq!(annex.count(), 93);
    let show = qfill(tmp.path(), &["controls", "show", "A.9.4.2"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(
        show.stdout
            .starts_with("ISO27001:A.8.5 Secure authentication\n  was A.9.4.2"),
        "{}",
        show.stdout
    );
    assert!(show.stdout.contains("mfa-workforce"), "{}", show.stdout);
    assert!(show.stdout.contains("SOC2:CC6.1"), "{}", show.stdout);
    let unknown = qfill(tmp.path(), &["controls", "show", "CC6.9"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .contains("unknown control `SOC2:CC6.9` (did you mean"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn a_long_gap_list_says_how_many_more() {
    let tmp = workspace(&[]);
    let init = qfill(tmp.path(), &["init", "small"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let run = qfill(tmp.path(), &["coverage", "--bank", "small"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("more (--format json lists them all)"),
        "{}",
        run.stdout
    );
    let clash = qfill(
        tmp.path(),
        &[
            "coverage", "--bank", "small", "--report", "r.json", "--min", "90",
        ],
    );
    assert_eq!(
        clash.code, 2,
        "--min does not apply to --report: {}",
        clash.stderr
    );
}
