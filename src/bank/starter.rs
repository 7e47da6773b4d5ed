//! The starter bank compiled into the binary, and the scaffold `qfill init`
//! writes: a new team starts from a profile and a few example entries per
//! domain, or (with `--starter`) from the full starter bank of `answer_bank/`.
//! A test fails when this table and `answer_bank/` drift apart.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Every file of `answer_bank/`, by name.
pub const STARTER_FILES: &[(&str, &str)] = &[
    ("access.toml", include_str!("../../answer_bank/access.toml")),
    ("appsec.toml", include_str!("../../answer_bank/appsec.toml")),
    ("cloud.toml", include_str!("../../answer_bank/cloud.toml")),
    (
        "company.toml",
        include_str!("../../answer_bank/company.toml"),
    ),
    (
        "continuity.toml",
        include_str!("../../answer_bank/continuity.toml"),
    ),
    ("crypto.toml", include_str!("../../answer_bank/crypto.toml")),
    ("data.toml", include_str!("../../answer_bank/data.toml")),
    (
        "endpoint.toml",
        include_str!("../../answer_bank/endpoint.toml"),
    ),
    (
        "governance.toml",
        include_str!("../../answer_bank/governance.toml"),
    ),
    (
        "incident.toml",
        include_str!("../../answer_bank/incident.toml"),
    ),
    ("isms.toml", include_str!("../../answer_bank/isms.toml")),
    (
        "logging.toml",
        include_str!("../../answer_bank/logging.toml"),
    ),
    (
        "network.toml",
        include_str!("../../answer_bank/network.toml"),
    ),
    (
        "operations.toml",
        include_str!("../../answer_bank/operations.toml"),
    ),
    ("people.toml", include_str!("../../answer_bank/people.toml")),
    (
        "physical.toml",
        include_str!("../../answer_bank/physical.toml"),
    ),
    (
        "privacy.toml",
        include_str!("../../answer_bank/privacy.toml"),
    ),
    (
        "profile.toml",
        include_str!("../../answer_bank/profile.toml"),
    ),
    (
        "vendors.toml",
        include_str!("../../answer_bank/vendors.toml"),
    ),
];

const PROFILE_TEMPLATE: &str = include_str!("starter/profile_template.toml");

/// How many example entries per domain file the plain scaffold keeps.
const EXAMPLES_PER_DOMAIN: usize = 2;

/// The files a new bank starts with: the full starter bank, or a profile
/// template and a few example entries per domain. Either way the entries are
/// left unreviewed, so lint and coverage ask a person to check them before
/// they count as evidence: the starter bank describes a fictional company,
/// and its review dates say nothing about the new team's answers.
pub fn scaffold(starter: bool) -> Vec<(String, String)> {
    if starter {
        return STARTER_FILES
            .iter()
            .map(|(n, t)| match *n {
                "profile.toml" => (n.to_string(), t.to_string()),
                _ => (n.to_string(), unreviewed(t, usize::MAX)),
            })
            .collect();
    }
    let mut files = vec![("profile.toml".to_string(), PROFILE_TEMPLATE.to_string())];
    for (name, text) in STARTER_FILES.iter().filter(|(n, _)| *n != "profile.toml") {
        files.push((name.to_string(), unreviewed(text, EXAMPLES_PER_DOMAIN)));
    }
    files
}

/// The header comment and the first `keep` entries of a starter file,
/// without review dates or internal notes, owned by a placeholder address.
/// (The starter files write both keys on one line each; a test checks it.)
fn unreviewed(text: &str, keep: usize) -> String {
    let mut out = String::new();
    let mut entries = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "[[entry]]" {
            entries += 1;
        }
        if entries > keep {
            break;
        }
        let key = line.split('=').next().unwrap_or("").trim();
        if key == "reviewed" || key == "internal_note" {
            continue;
        }
        out.push_str(&line.replace("@lumenfield.example", "@example.com"));
    }
    format!("{}\n", out.trim_end())
}

/// Writes a new bank into `dir` and returns the files written.
///
/// # Errors
/// A file that already exists (nothing is overwritten), or one that cannot be written.
pub fn init(dir: &Path, starter: bool) -> Result<Vec<PathBuf>> {
    let files = scaffold(starter);
    for (name, _) in &files {
        let path = dir.join(name);
        if path.exists() {
            return Err(Error::Usage(format!(
                "{} already exists; qfill init never overwrites a bank (choose another directory)",
                path.display()
            )));
        }
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::AnswerBank;

    #[test]
    fn the_embedded_table_lists_every_file_of_answer_bank() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("answer_bank");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = STARTER_FILES.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            embedded, on_disk,
            "update STARTER_FILES in src/bank/starter.rs to match answer_bank/"
        );
        for (name, text) in STARTER_FILES {
            assert_eq!(
                std::fs::read_to_string(dir.join(name)).unwrap(),
                *text,
                "{name}"
            );
        }
    }

    #[test]
    fn both_scaffolds_load() {
        for starter in [false, true] {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().join("bank");
            init(&dir, starter).unwrap();
            let bank = AnswerBank::load(&dir).unwrap();
            assert!(bank.profile.is_some());
            let opts = crate::bank::lint::LintOptions {
                max_age_days: 365,
                today: crate::date::Date::today(),
            };
            let report = crate::bank::lint::lint(&dir, &opts).unwrap();
            assert_eq!(report.errors, 0, "{:#?}", report.findings);
            assert!(
                bank.entries
                    .iter()
                    .all(|e| e.reviewed.is_none() && e.internal_note.is_none()),
                "a new bank's entries are unreviewed"
            );
            if starter {
                let original =
                    AnswerBank::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("answer_bank"))
                        .unwrap();
                assert_eq!(bank.entries.len(), original.entries.len());
                assert!(bank.entries.len() > 300);
            } else {
                assert_eq!(
                    bank.entries.len(),
                    (STARTER_FILES.len() - 1) * EXAMPLES_PER_DOMAIN
                );
            }
            assert!(
                matches!(init(&dir, starter), Err(Error::Usage(m)) if m.contains("never overwrites"))
            );
        }
    }
}
