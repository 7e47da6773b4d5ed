use super::*;

const BANK: &str = r#"[[entry]]
id = "mfa-workforce"
question = "Is multi-factor authentication required for all workforce access?"
alternates = [
    "Do employees use MFA?",
]
answer = "Yes"
controls = ["SOC2:CC6.1", "ISO27001:A.8.5"]

[[entry]]
id = "encryption-at-rest"
question = "Is customer data encrypted at rest?"
answer = "Yes"
controls = ["SOC2:CC6.1", "ISO27001:A.8.24"]
"#;

/// A small answered questionnaire: (question, answer, comment).
fn questionnaire(path: &Path, rows: &[(&str, &str, &str)]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["Question", "Answer", "Comments"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (q, a, n)) in rows.iter().enumerate() {
        for (c, text) in [q, a, n].iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, **text).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

/// A temporary directory holding `bank/access.toml` (`BANK`), and the bank's path.
fn bank_workspace() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let bank_dir = tmp.path().join("bank");
    std::fs::create_dir(&bank_dir).unwrap();
    std::fs::write(bank_dir.join("access.toml"), BANK).unwrap();
    (tmp, bank_dir)
}

#[test]
fn answered_rows_become_drafts_or_alternates() {
    let (tmp, bank_dir) = bank_workspace();
    let q = tmp.path().join("answered.xlsx");
    questionnaire(
        &q,
        &[
            (
                "Is multi-factor authentication required for all workforce access to systems?",
                "Yes",
                "",
            ),
            (
                "Is multi-factor authentication required for all workforce access?",
                "Yes",
                "",
            ),
            (
                "Do you have a formal vulnerability disclosure program?",
                "Yes",
                "Reports go to security@example.com and are triaged within 2 days.",
            ),
            (
                "How is tenant data segregated from other tenants?",
                "Each tenant has its own schema; access is enforced by row-level policies.",
                "",
            ),
            (
                "CC7.4: Is there a documented plan for handling security incidents?",
                "no",
                "",
            ),
            ("Do you perform background checks on employees?", "", ""),
        ],
    );
    let bank = AnswerBank::load(&bank_dir).unwrap();
    let matcher = Matcher::new(&bank).unwrap();
    let opts = ImportOptions::new(bank_dir.join("imported.toml"));
    let result = import(&[q], &bank, &matcher, &opts).unwrap();

    assert_eq!(result.folded.len(), 1, "{:#?}", result);
    assert_eq!(result.folded[0].entry, "mfa-workforce");
    assert_eq!((result.already_known, result.unanswered), (1, 1));
    let drafts: Vec<(&str, &str)> = result
        .drafts
        .iter()
        .map(|d| (d.id.as_str(), d.answer.as_str()))
        .collect();
    assert_eq!(
        drafts,
        [
            ("formal-vulnerability-disclosure-program", "Yes"),
            (
                "tenant-data-segregated-other-tenants",
                "Each tenant has its own schema; access is enforced by row-level policies."
            ),
            ("documented-plan-handling-security-incidents", "No"),
        ]
    );
    assert_eq!(result.drafts[2].controls, ["SOC2:CC7.4"]);
    assert_eq!(result.drafts[2].controls_from.as_deref(), Some("question"));

    let reloaded = AnswerBank::load(&bank_dir).unwrap();
    let mfa = reloaded.get("mfa-workforce").unwrap();
    assert_eq!(mfa.alternates.len(), 2);
    let vdp = reloaded
        .get("formal-vulnerability-disclosure-program")
        .unwrap();
    assert_eq!(
        vdp.detail.as_deref(),
        Some("Reports go to security@example.com and are triaged within 2 days.")
    );
    assert!(vdp.reviewed.is_none());
    let text = std::fs::read_to_string(bank_dir.join("imported.toml")).unwrap();
    assert!(
        text.contains("# draft imported from answered.xlsx sheet `Sheet1` row 4"),
        "{text}"
    );
    let original = std::fs::read_to_string(bank_dir.join("access.toml")).unwrap();
    assert!(original.starts_with("[[entry]]\nid = \"mfa-workforce\""));
}

#[test]
fn ids_are_kebab_and_unique() {
    let mut ids: HashSet<String> = ["access-reviews".to_string()].into();
    let cases = [
        ("Do you perform access reviews?", "perform-access-reviews"),
        ("Access reviews?", "access-reviews-2"),
        ("Access reviews?", "access-reviews-3"),
        ("¿?", "imported"),
    ];
    for (q, want) in cases {
        assert_eq!(unique_id(q, &mut ids), want, "{q}");
    }
}

#[test]
fn drafts_never_go_into_the_profile_or_thesaurus() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("access.toml"),
        "[[entry]]\nid = \"mfa\"\nquestion = \"Is MFA required?\"\nanswer = \"Yes\"\n",
    )
    .unwrap();
    let bank = AnswerBank::load(tmp.path()).unwrap();
    let matcher = Matcher::new(&bank).unwrap();
    for into in ["thesaurus.toml", "profile.toml", "drafts.txt"] {
        let opts = ImportOptions::new(tmp.path().join(into));
        let err = import(&[], &bank, &matcher, &opts).unwrap_err().to_string();
        assert!(
            err.contains("drafts go into an entry file"),
            "{into}: {err}"
        );
        assert!(!tmp.path().join(into).exists());
    }
}

#[test]
fn an_answer_that_contradicts_its_entry_is_drafted_not_folded() {
    let (tmp, bank_dir) = bank_workspace();
    let q = tmp.path().join("answered.xlsx");
    questionnaire(
        &q,
        &[
            (
                "Is multi-factor authentication required for all workforce access to systems?",
                "No, only for administrators",
                "",
            ),
            (
                "Is multi-factor authentication required for all workforce access?",
                "No",
                "",
            ),
        ],
    );
    let bank = AnswerBank::load(&bank_dir).unwrap();
    let matcher = Matcher::new(&bank).unwrap();
    let mut opts = ImportOptions::new(bank_dir.join("imported.toml"));
    opts.dry_run = true;
    let result = import(&[q], &bank, &matcher, &opts).unwrap();
    assert!(result.folded.is_empty(), "{:#?}", result.folded);
    let contradicted: Vec<Option<&str>> = result
        .drafts
        .iter()
        .map(|d| d.contradicts.as_deref())
        .collect();
    assert_eq!(contradicted, [Some("mfa-workforce"), Some("mfa-workforce")]);
    assert!(result.dry_run && result.files_changed.len() == 1);
    assert!(!bank_dir.join("imported.toml").exists());
}

#[test]
fn importing_the_same_disagreement_twice_drafts_it_once() {
    let (tmp, bank_dir) = bank_workspace();
    let q = tmp.path().join("answered.xlsx");
    questionnaire(
        &q,
        &[(
            "Is multi-factor authentication required for all workforce access?",
            "No",
            "",
        )],
    );
    let import_once = || {
        let bank = AnswerBank::load(&bank_dir).unwrap();
        let matcher = Matcher::new(&bank).unwrap();
        let opts = ImportOptions::new(bank_dir.join("imported.toml"));
        import(std::slice::from_ref(&q), &bank, &matcher, &opts).unwrap()
    };
    assert_eq!(import_once().drafts.len(), 1);
    let again = import_once();
    assert!(again.drafts.is_empty(), "{:#?}", again.drafts);
    assert_eq!(again.already_known, 1);
    assert!(again.files_changed.is_empty());
}

#[test]
fn a_number_the_entry_does_not_state_is_a_disagreement() {
    let mut entry = BankEntry::new("log-retention", "How long are logs retained?", "1 year");
    entry.detail = Some("90 days are immediately searchable; TLS 1.2 protects transfer.".into());
    // The same figures, or none, agree.
    assert!(!contradicts("1 year", &entry));
    assert!(!contradicts("One year, 90 days searchable.", &entry));
    assert!(!contradicts("Yes", &entry));
    // Another figure does not.
    assert!(contradicts("180 days", &entry));
    assert!(contradicts("2 years", &entry));
    assert!(contradicts("TLS 1.0", &entry));
}
