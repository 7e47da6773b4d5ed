use super::*;
use crate::bank::export::{ExportOptions, export};
use crate::write::atomic::Overwrite;

const ACCESS: &str = r#"# Access answers.

[[entry]]
id = "mfa"
question = "Is MFA required?"
alternates = ["Do you use 2FA?"]
answer = "Yes"  # short
detail = "Everywhere."
controls = ["SOC2:CC6.1"]
reviewed = 2026-01-01
internal_note = "secret"

[[entry]]
id = "sso"
question = "Do you support SSO?"
answer = "Yes"
"#;

fn bank_dir() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("access.toml"), ACCESS).unwrap();
    tmp
}

/// An export of the bank in `dir` whose cells a person then edited as
/// `change` edits the entries (the export's snapshot is of the bank as it was).
fn export_edited(
    dir: &Path,
    include_internal: bool,
    change: impl FnOnce(&mut Vec<BankEntry>),
) -> PathBuf {
    let original = AnswerBank::load(dir).unwrap();
    let mut bank = AnswerBank::load(dir).unwrap();
    change(&mut bank.entries);
    let edited = dir.join("edited.xlsx");
    let opts = ExportOptions {
        include_internal,
        overwrite: Overwrite::Replace,
    };
    export(&bank, &edited, opts).unwrap();
    let book = workbook::read(&edited).unwrap();
    let meta = book.sheets.iter().find(|s| s.name == META_SHEET).unwrap();
    let col = usize::from(SNAPSHOT_COLUMN);
    let mut plan = crate::write::WritePlan::default();
    for (r, row) in meta.rows.iter().enumerate() {
        let text = |i: usize| row.get(col + i).map(Value::text).unwrap_or_default();
        if let Some(e) = original.get(&text(0)) {
            plan.writes.push(crate::write::CellWrite {
                sheet: META_SHEET.into(),
                cell: CellRef::new(r as u32, u32::from(SNAPSHOT_COLUMN) + 2),
                text: fingerprint(e, &text(1)),
                number: None,
                boolean: None,
                highlight: false,
                note: None,
            });
        }
    }
    let out = dir.join("bank.xlsx");
    crate::xlsx::fill_in_place(&edited, &plan, &out).unwrap();
    out
}

#[test]
fn an_unedited_export_changes_nothing() {
    let dir = bank_dir();
    for internal in [false, true] {
        let xlsx = export_edited(dir.path(), internal, |_| {});
        let result = import_xlsx(&xlsx, dir.path(), false).unwrap();
        assert!(
            result.changes.is_empty() && result.added.is_empty(),
            "{:?}",
            result.changes
        );
        assert!(result.files_changed.is_empty());
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("access.toml")).unwrap(),
        ACCESS
    );
}

#[test]
fn edits_change_only_their_lines() {
    let dir = bank_dir();
    let xlsx = export_edited(dir.path(), false, |entries| {
        entries[0].answer = "Yes, for all staff".into();
        entries[0].reviewed = Date::parse("2026-11-28");
        entries[1].owner = Some("iam@x.example".into());
        let mut new = BankEntry::new("passkeys", "Do you support passkeys?", "No");
        new.source = entries[1].source.clone();
        entries.push(new);
    });
    let result = import_xlsx(&xlsx, dir.path(), false).unwrap();
    let fields: Vec<(&str, &str, &str)> = result
        .changes
        .iter()
        .map(|c| (c.entry.as_str(), c.field, c.new.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("mfa", "answer", "Yes, for all staff"),
            ("mfa", "reviewed", "2026-11-28"),
            ("sso", "owner", "iam@x.example")
        ]
    );
    assert_eq!(result.added.len(), 1);
    let after = std::fs::read_to_string(dir.path().join("access.toml")).unwrap();
    let expected = ACCESS
        .replace(
            "answer = \"Yes\"  # short",
            "answer = \"Yes, for all staff\"  # short",
        )
        .replace("reviewed = 2026-01-01", "reviewed = 2026-11-28")
        .replace(
            "question = \"Do you support SSO?\"\nanswer = \"Yes\"\n",
            "question = \"Do you support SSO?\"\nanswer = \"Yes\"\nowner = \"iam@x.example\"\n",
        );
    assert!(after.starts_with(&expected), "{after}");
    assert!(after.contains("id = \"passkeys\""), "{after}");
    let bank = AnswerBank::load(dir.path()).unwrap();
    assert_eq!(
        bank.get("mfa").unwrap().internal_note.as_deref(),
        Some("secret"),
        "kept when the column is absent"
    );
}

#[test]
fn a_commit_made_after_the_export_is_not_undone() {
    let dir = bank_dir();
    let xlsx = export_edited(dir.path(), false, |entries| {
        entries[1].answer = "Yes, SAML".into();
    });
    // A colleague changes mfa's answer in the bank after the export.
    let path = dir.path().join("access.toml");
    let later = ACCESS.replace(
        "answer = \"Yes\"  # short",
        "answer = \"Yes, phishing-resistant\"  # short",
    );
    std::fs::write(&path, &later).unwrap();
    let result = import_xlsx(&xlsx, dir.path(), false).unwrap();
    let fields: Vec<(&str, &str)> = result
        .changes
        .iter()
        .map(|c| (c.entry.as_str(), c.field))
        .collect();
    assert_eq!(
        fields,
        [("sso", "answer")],
        "only the cell edited in the workbook"
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains("Yes, phishing-resistant"), "{after}");
    // The same field edited on both sides is a conflict, named by cell.
    let xlsx = export_edited(dir.path(), false, |entries| {
        entries[0].answer = "No".into();
    });
    std::fs::write(&path, ACCESS).unwrap();
    let err = import_xlsx(&xlsx, dir.path(), false)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("changed both in the bank since the export and in the workbook"),
        "{err}"
    );
}

#[test]
fn a_formula_cell_is_refused_by_name() {
    let dir = bank_dir();
    let xlsx = export_edited(dir.path(), false, |_| {});
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("access").unwrap();
    for (c, h) in ["id", "question", "alternates", "answer"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "mfa").unwrap();
    sheet.write_string(1, 1, "Is MFA required?").unwrap();
    sheet.write_formula(1, 3, "=\"Y\"&\"es\"").unwrap();
    let meta = book.add_worksheet().set_name(META_SHEET).unwrap();
    meta.write_string(0, 0, crate::bank::export::META_MARK)
        .unwrap();
    meta.write_string(1, 0, "access").unwrap();
    meta.write_string(1, 1, "access.toml").unwrap();
    book.save(&xlsx).unwrap();
    let err = import_xlsx(&xlsx, dir.path(), true)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("D2") && err.contains("holds a formula"),
        "{err}"
    );
}

#[test]
fn bad_workbooks_are_named() {
    let dir = bank_dir();
    let xlsx = export_edited(dir.path(), false, |entries| entries[0].id = "Bad Id".into());
    let err = import_xlsx(&xlsx, dir.path(), true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("must be kebab-case"), "{err}");
    let plain = dir.path().join("plain.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "id").unwrap();
    book.save(&plain).unwrap();
    let err = import_xlsx(&plain, dir.path(), true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a qfill bank export"), "{err}");
}

#[test]
fn a_choice_round_trips_and_must_be_yes_no_or_na() {
    let dir = bank_dir();
    let xlsx = export_edited(dir.path(), false, |entries| {
        entries[1].answer = "Through Okta".into();
        entries[1].choice = Some("yes".into());
    });
    let result = import_xlsx(&xlsx, dir.path(), false).unwrap();
    assert_eq!(result.files_changed.len(), 1, "{:?}", result.changes);
    let bank = AnswerBank::load(dir.path()).unwrap();
    let sso = bank.get("sso").unwrap();
    assert_eq!(sso.choice.as_deref(), Some("Yes"));
    assert_eq!(sso.answer, "Through Okta");
    let xlsx = export_edited(dir.path(), false, |entries| {
        entries[1].choice = Some("Sometimes".into());
    });
    let err = import_xlsx(&xlsx, dir.path(), true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("`Sometimes` is not Yes, No or N/A"), "{err}");
}

#[test]
fn an_edit_lint_would_fail_is_refused_before_anything_is_written() {
    let dir = bank_dir();
    let before = std::fs::read_to_string(dir.path().join("access.toml")).unwrap();
    let xlsx = export_edited(dir.path(), false, |entries| {
        entries[0].controls = vec!["SOC2:CC6.1".into(), "ISO27001:A.9.9".into()];
        entries[1].detail = Some("Okta for every internal application.".into());
    });
    let err = import_xlsx(&xlsx, dir.path(), false)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("A.9.9") && err.contains("nothing was written"),
        "{err}"
    );
    assert!(
        err.contains("sheet `access` cell G2:"),
        "the controls cell of the row is named: {err}"
    );
    let after = std::fs::read_to_string(dir.path().join("access.toml")).unwrap();
    assert_eq!(after, before);
    let xlsx = export_edited(dir.path(), false, |entries| {
        entries[1].answer = String::new();
    });
    let err = import_xlsx(&xlsx, dir.path(), false)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("cell D3: the `answer` of entry `sso` is empty"),
        "{err}"
    );
}

#[test]
fn controls_typed_on_one_line_with_commas_are_several() {
    let dir = bank_dir();
    let xlsx = export_edited(dir.path(), false, |entries| {
        entries[0].controls = vec!["SOC2:CC6.1, ISO27001:A.8.5; SOC2:CC6.2".into()];
        entries[0].alternates = vec!["Do you use 2FA, or MFA?".into()];
    });
    import_xlsx(&xlsx, dir.path(), false).unwrap();
    let bank = AnswerBank::load(dir.path()).unwrap();
    let mfa = bank.get("mfa").unwrap();
    assert_eq!(mfa.controls, ["SOC2:CC6.1", "ISO27001:A.8.5", "SOC2:CC6.2"]);
    assert_eq!(
        mfa.alternates,
        ["Do you use 2FA, or MFA?"],
        "phrasings keep their commas"
    );
}
