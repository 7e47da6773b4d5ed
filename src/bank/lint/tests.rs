use super::*;

fn opts() -> LintOptions {
    LintOptions {
        max_age_days: 365,
        today: Date::parse("2026-11-28").unwrap(),
    }
}

const PROFILE: &str = "[company]\nname = \"Acme\"\n[soc2]\nperiod_end = 2025-06-30\ncategories = [\"security\", \"safety\"]\n";

const GOOD: &str = r#"
[[entry]]
id = "mfa"
question = "Is MFA required for all workforce access?"
answer = "Yes"
detail = "{{company}} requires it."
controls = ["SOC2:CC6.1", "ISO27001:A.8.5"]
owner = "sec@acme.example"
reviewed = 2026-05-01
"#;

const BAD: &str = r#"
[[entry]]
id = "mfa"
question = "Is MFA enforced for workforce?"
answer = "Yes"
controls = ["ISO27001:A.9.4.2", "SOC2:CC6.9", "NIST:AC-2"]
reviewed = 2024-01-01

[[entry]]
id = "logs"
question = "Are logs kept for {{logs.retention}}?"
answer = "Yes"
reviewed = 2027-01-01
"#;

fn lint_bank(files: &[(&str, &str)]) -> LintReport {
    let tmp = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(tmp.path().join(name), text).unwrap();
    }
    let mut report = lint(tmp.path(), &opts()).unwrap();
    for f in &mut report.findings {
        f.file = Path::new(&f.file)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
    }
    report
}

fn has(report: &LintReport, rule: &str, file_line: &str, text: &str) -> bool {
    report.findings.iter().any(|f| {
        f.rule == rule && format!("{}:{}", f.file, f.line) == file_line && f.message.contains(text)
    })
}

#[test]
fn a_clean_bank_passes() {
    let report = lint_bank(&[
        ("a.toml", GOOD),
        ("profile.toml", "[company]\nname = \"Acme\"\n"),
    ]);
    assert!(report.passed(), "{:?}", report.findings);
    assert_eq!(report.warnings, 0, "{:?}", report.findings);
    assert_eq!((report.files, report.entries), (1, 1));
}

#[test]
fn every_rule_reports_its_place() {
    let broken = "[[entry]]\nid = \"x\"\nquestion = \"Q\"\nanswer = \"\"\n";
    let report = lint_bank(&[
        ("a.toml", GOOD),
        ("b.toml", BAD),
        ("c.toml", broken),
        ("profile.toml", PROFILE),
    ]);
    let cases = [
        (
            "duplicate-id",
            "b.toml:2",
            "duplicate entry id `mfa` (first defined at",
        ),
        (
            "unknown-control",
            "b.toml:6",
            "use its 2022 successor `ISO27001:A.8.5`",
        ),
        (
            "unknown-control",
            "b.toml:6",
            "unknown control `SOC2:CC6.9`",
        ),
        ("unknown-control", "b.toml:6", "unknown framework"),
        (
            "unknown-placeholder",
            "b.toml:11",
            "unknown placeholder `{{logs.retention}}`",
        ),
        ("empty-answer", "c.toml:4", "key `answer` must not be empty"),
        ("stale-review", "b.toml:7", "last reviewed on 2024-01-01"),
        ("future-review", "b.toml:13", "after today"),
        ("missing-owner", "b.toml:9", "has no owner"),
        ("no-controls", "b.toml:9", "evidences no control"),
        ("attestation", "profile.toml:0", "bridge letter"),
        ("profile", "profile.toml:0", "unknown category `safety`"),
    ];
    for (rule, place, text) in cases {
        assert!(
            has(&report, rule, place, text),
            "{rule} at {place}: {:#?}",
            report.findings
        );
    }
    assert_eq!(report.errors, 7, "{:#?}", report.findings);
    assert!(!report.passed());
}

#[test]
fn missing_bank_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(matches!(
        lint(&tmp.path().join("nope"), &opts()),
        Err(Error::BankNotFound { .. })
    ));
}

#[test]
fn company_facts_need_no_controls() {
    let fact = "[[entry]]\nid = \"company-name\"\nquestion = \"What is your company's legal name?\"\nanswer = \"Acme\"\ntags = [\"company\"]\nowner = \"legal@acme.example\"\nreviewed = 2026-01-10\n";
    let report = lint_bank(&[("a.toml", fact)]);
    assert!(
        !report.findings.iter().any(|f| f.rule == "no-controls"),
        "{:?}",
        report.findings
    );
}

#[test]
fn a_choice_must_agree_with_the_answer() {
    let entry = |id: &str, answer: &str, choice: &str| {
        format!(
            "[[entry]]\nid = \"{id}\"\nquestion = \"Is {id} true?\"\nanswer = \"{answer}\"\nchoice = \"{choice}\"\ncontrols = [\"SOC2:CC6.1\"]\nowner = \"a@b.example\"\nreviewed = 2026-05-01\n\n"
        )
    };
    let text = entry("phrase", "At least annually", "yes")
        + &entry("agrees", "Yes, quarterly", "Yes")
        + &entry("contradicts", "No, not offered", "Yes");
    let report = lint_bank(&[("a.toml", &text)]);
    let rules: Vec<(&str, usize)> = report.findings.iter().map(|f| (f.rule, f.line)).collect();
    assert_eq!(
        rules,
        [("choice-contradicts-answer", 23)],
        "{:?}",
        report.findings
    );
}

#[test]
fn a_broken_bank_thesaurus_fails_the_lint() {
    let entry = "[[entry]]\nid = \"mfa\"\nquestion = \"Is MFA required?\"\nanswer = \"Yes\"\ncontrols = [\"SOC2:CC6.1\"]\nowner = \"a@b.example\"\nreviewed = 2026-05-01\n";
    let report = lint_bank(&[("a.toml", entry), ("thesaurus.toml", "concepts = 5\n")]);
    let errors: Vec<(&str, &str)> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.rule, f.file.as_str()))
        .collect();
    assert_eq!(errors.len(), 1, "{:?}", report.findings);
    assert_eq!(errors[0].1, "thesaurus.toml");
    let fine = lint_bank(&[
        ("a.toml", entry),
        (
            "thesaurus.toml",
            "[concepts]\n\"mfa\" = [\"two step login\"]\n",
        ),
    ]);
    assert!(
        fine.findings.iter().all(|f| f.severity != Severity::Error),
        "{:?}",
        fine.findings
    );
}

#[test]
fn an_attestation_date_in_quotes_is_an_error() {
    let profile = "[company]\nname = \"Acme\"\n[soc2]\nperiod_end = \"2026-09-30\"\n[iso27001]\nexpires = 2028-04-14\n";
    let report = lint_bank(&[("profile.toml", profile), ("a.toml", GOOD)]);
    assert!(
        has(
            &report,
            "profile",
            "profile.toml:0",
            "[soc2] period_end is not a date"
        ),
        "{:#?}",
        report.findings
    );
    assert_eq!(report.errors, 1, "{:#?}", report.findings);
}

#[test]
fn a_misspelt_profile_key_is_named_with_the_key_meant() {
    let profile =
        "[company]\nname = \"Acme\"\n[soc2]\ncategorie = [\"security\", \"availability\"]\n";
    let report = lint_bank(&[("profile.toml", profile), ("a.toml", GOOD)]);
    assert!(
        has(
            &report,
            "profile-key",
            "profile.toml:0",
            "did you mean `categories`"
        ),
        "{:#?}",
        report.findings
    );
}

#[test]
fn an_empty_bank_fails_the_gate() {
    let report = lint_bank(&[]);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule == "empty-bank" && f.message.contains("the bank holds no entries")),
        "{:#?}",
        report.findings
    );
    assert_eq!(report.errors, 1);
}

#[test]
fn a_placeholder_left_open_is_an_error() {
    let open = "[[entry]]\nid = \"mfa\"\nquestion = \"Is MFA required?\"\nanswer = \"{{company Yes\"\ncontrols = [\"SOC2:CC6.1\"]\nowner = \"a@b.example\"\nreviewed = 2026-01-01\n";
    let report = lint_bank(&[
        ("a.toml", open),
        ("profile.toml", "[company]\nname = \"Acme\"\n"),
    ]);
    assert!(
        has(&report, "unclosed-placeholder", "a.toml:1", "never closes"),
        "{:?}",
        report.findings
    );
    assert!(!report.passed());
    for closed in ["{{company.name}} says Yes", "Yes", "a {{x}} and {{y}}"] {
        assert!(!super::unclosed_placeholder(closed), "{closed}");
    }
    for open in ["{{company Yes", "{{a {{b}}", "ok {{x}} then {{"] {
        assert!(super::unclosed_placeholder(open), "{open}");
    }
}

#[test]
fn an_alternate_that_repeats_a_phrasing_is_a_warning() {
    let repeated = GOOD.replace(
        "answer = \"Yes\"",
        "alternates = [\"Do you use 2FA?\", \"do you use 2fa\"]\nanswer = \"Yes\"",
    );
    let report = lint_bank(&[
        ("a.toml", &repeated),
        ("profile.toml", "[company]\nname = \"Acme\"\n"),
    ]);
    assert!(
        has(
            &report,
            "repeated-alternate",
            "a.toml:2",
            "\"do you use 2fa\""
        ),
        "{:?}",
        report.findings
    );
    assert!(report.passed());
    let clean = lint_bank(&[
        ("a.toml", GOOD),
        ("profile.toml", "[company]\nname = \"Acme\"\n"),
    ]);
    assert!(
        !clean
            .findings
            .iter()
            .any(|f| f.rule == "repeated-alternate")
    );
}
