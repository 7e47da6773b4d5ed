use super::*;

const FILE: &str = r#"# Access control answers.

[[entry]]
id = "mfa"
question = "Is MFA required?"
alternates = [
    "Do you use 2FA?",
]
answer   = "Yes"   # keep this comment
controls = ["SOC2:CC6.1"]
reviewed = 2026-01-01

# The next entry.
[[entry]]
id = "sso"
question = "Do you support SSO?"
answer = "Yes"
"#;

fn edit(f: impl FnOnce(&mut FileEdit)) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("access.toml");
    std::fs::write(&path, FILE).unwrap();
    let mut e = FileEdit::open(&path).unwrap();
    f(&mut e);
    e.write().unwrap();
    std::fs::read_to_string(&path).unwrap()
}

/// The lines of `after` that differ from FILE, as (-, +) lists.
fn diff(after: &str) -> (Vec<String>, Vec<String>) {
    let before: Vec<&str> = FILE.lines().collect();
    let now: Vec<&str> = after.lines().collect();
    let gone = before
        .iter()
        .filter(|l| !now.contains(l))
        .map(|l| l.to_string())
        .collect();
    let new = now
        .iter()
        .filter(|l| !before.contains(l))
        .map(|l| l.to_string())
        .collect();
    (gone, new)
}

/// An edit, the lines it removes and the lines it adds.
type Case = (
    Box<dyn Fn(&mut FileEdit)>,
    Vec<&'static str>,
    Vec<&'static str>,
);

#[test]
fn only_the_edited_lines_change() {
    let cases: Vec<Case> = vec![
        (
            Box::new(|e| {
                assert!(e.set(
                    "mfa",
                    "answer",
                    &FieldValue::Text(Some("Yes, for everyone".into()))
                ))
            }),
            vec!["answer   = \"Yes\"   # keep this comment"],
            vec!["answer   = \"Yes, for everyone\"   # keep this comment"],
        ),
        (
            Box::new(|e| {
                assert!(e.set(
                    "sso",
                    "owner",
                    &FieldValue::Text(Some("iam@x.example".into()))
                ))
            }),
            vec![],
            vec!["owner = \"iam@x.example\""],
        ),
        (
            Box::new(|e| {
                assert!(e.set(
                    "mfa",
                    "reviewed",
                    &FieldValue::Date(Date::parse("2026-11-28"))
                ))
            }),
            vec!["reviewed = 2026-01-01"],
            vec!["reviewed = 2026-11-28"],
        ),
        (
            Box::new(|e| assert!(e.set("mfa", "controls", &FieldValue::List(vec![])))),
            vec!["controls = [\"SOC2:CC6.1\"]"],
            vec![],
        ),
        (
            Box::new(|e| assert!(e.add_alternate("mfa", "Is two-factor enforced?"))),
            vec![],
            vec!["    \"Is two-factor enforced?\","],
        ),
    ];
    for (i, (f, gone, new)) in cases.into_iter().enumerate() {
        let after = edit(f);
        assert_eq!(
            diff(&after),
            (
                gone.iter().map(|s| s.to_string()).collect(),
                new.iter().map(|s| s.to_string()).collect()
            ),
            "case {i}:\n{after}"
        );
    }
}

#[test]
fn appended_entries_load_back() {
    let mut draft = BankEntry::new("new-one", "Do you \"quote\" things?", "No");
    draft.alternates = vec!["a".into(), "b".into()];
    draft.detail = Some("Line one.\nLine two.".into());
    let after = edit(|e| e.append(&draft, Some("imported from q.xlsx")));
    assert!(after.starts_with(FILE), "{after}");
    let parsed = entry::parse_file(Path::new("x.toml"), &after).unwrap();
    let back = parsed.iter().find(|e| e.id == "new-one").unwrap();
    assert_eq!(
        (back.question.as_str(), back.detail.as_deref()),
        ("Do you \"quote\" things?", Some("Line one.\nLine two."))
    );
    assert!(after.contains("# imported from q.xlsx\n[[entry]]"));
}

#[test]
fn invalid_edits_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("access.toml");
    std::fs::write(&path, FILE).unwrap();
    let mut e = FileEdit::open(&path).unwrap();
    assert!(e.set("mfa", "answer", &FieldValue::Text(Some(" ".into()))));
    assert!(
        e.finish()
            .unwrap_err()
            .to_string()
            .contains("must not be empty")
    );
    assert!(!e.set("nope", "answer", &FieldValue::Text(None)));
}

#[test]
fn a_windows_file_keeps_its_bom_and_line_endings() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("access.toml");
    let windows = format!("\u{feff}{}", FILE.replace('\n', "\r\n"));
    std::fs::write(&path, &windows).unwrap();
    let mut e = FileEdit::open(&path).unwrap();
    e.set("sso", "answer", &FieldValue::Text(Some("No".into())));
    e.append(
        &BankEntry::new("pam", "Is privileged access managed?", "Yes"),
        None,
    );
    e.write().unwrap();
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.starts_with('\u{feff}'), "{after:?}");
    assert!(
        !after.replace("\r\n", "").contains('\n'),
        "every line ends in CR LF: {after:?}"
    );
    let changed: Vec<&str> = windows
        .split("\r\n")
        .zip(after.split("\r\n"))
        .filter(|(a, b)| a != b)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(changed, ["answer = \"No\""]);
    assert!(after.contains("id = \"pam\""));
}

#[test]
fn an_added_alternate_keeps_the_lists_indentation() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("access.toml");
    std::fs::write(
        &path,
        FILE.replace("    \"Do you use 2FA?\"", "  \"Do you use 2FA?\""),
    )
    .unwrap();
    let mut e = FileEdit::open(&path).unwrap();
    assert!(e.add_alternate("mfa", "Is two-factor enforced?"));
    e.write().unwrap();
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        after.contains("  \"Do you use 2FA?\",\n  \"Is two-factor enforced?\",\n]"),
        "{after}"
    );
}

#[test]
fn edits_of_several_files_land_together_or_not_at_all() {
    let tmp = tempfile::tempdir().unwrap();
    let access = tmp.path().join("access.toml");
    std::fs::write(&access, FILE).unwrap();
    let mut first = FileEdit::open(&access).unwrap();
    first.add_alternate("sso", "Is single sign-on supported?");
    // A new file in a folder that does not exist cannot be written.
    let mut second = FileEdit::open(&tmp.path().join("missing/new.toml")).unwrap();
    second.append(
        &crate::bank::BankEntry::new("dlp", "Do you use DLP?", "Yes"),
        None,
    );
    assert!(write_edits([&first, &second], false).is_err());
    assert_eq!(std::fs::read_to_string(&access).unwrap(), FILE);
    // Without the failing file, the edit lands.
    let written = write_edits([&first], false).unwrap();
    assert_eq!(written, std::slice::from_ref(&access));
    assert!(
        std::fs::read_to_string(&access)
            .unwrap()
            .contains("single sign-on")
    );
}

#[test]
fn a_list_set_whole_keeps_its_items_and_their_indentation() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("access.toml");
    let file = FILE.replace(
        "    \"Do you use 2FA?\",\n",
        "  \"Do you use 2FA?\",  # from the 2024 RFP\n  \"Is MFA on?\",\n",
    );
    std::fs::write(&path, &file).unwrap();
    let mut e = FileEdit::open(&path).unwrap();
    let items = ["Do you use 2FA?", "Is MFA on?", "Is two-factor enforced?"]
        .map(String::from)
        .to_vec();
    assert!(e.set("mfa", "alternates", &FieldValue::List(items)));
    e.write().unwrap();
    let after = std::fs::read_to_string(&path).unwrap();
    let added: Vec<&str> = after
        .lines()
        .filter(|l| !file.lines().any(|f| f == *l))
        .collect();
    let gone: Vec<&str> = file
        .lines()
        .filter(|l| !after.lines().any(|a| a == *l))
        .collect();
    assert_eq!(added, ["  \"Is two-factor enforced?\","], "{after}");
    assert!(gone.is_empty(), "{after}");
}
