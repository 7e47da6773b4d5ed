//! The answer bank: a directory of TOML files holding `[[entry]]` tables, curated
//! by a security team under git. This module loads and validates it; the format
//! is a contract (README: the answer bank), so unknown keys are errors and every
//! error names the file and line.

pub mod attestation;
pub mod edit;
mod entry;
pub mod export;
pub mod import;
pub mod import_xlsx;
pub mod learn;
pub mod lint;
mod profile;
pub mod starter;

pub(crate) use entry::line_of;
pub use entry::syntax_error;

pub use entry::BankEntry;
pub use profile::{Profile, placeholders};

use crate::error::{Error, Result};
use crate::limits::{self, MAX_BANK_ENTRIES, MAX_BANK_FILE_BYTES};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// File names in a bank directory that hold settings rather than entries.
pub const RESERVED_FILES: &[&str] = &["profile.toml", "thesaurus.toml"];

/// The loaded, validated answer bank.
#[derive(Debug, Clone, Default)]
pub struct AnswerBank {
    /// The directory the bank was read from.
    pub dir: PathBuf,
    /// Entries in file order (files sorted by name).
    pub entries: Vec<BankEntry>,
    /// The company profile, when `profile.toml` exists.
    pub profile: Option<Profile>,
}

impl AnswerBank {
    /// Loads every `*.toml` entry file of `dir` in sorted order, plus `profile.toml`.
    ///
    /// # Errors
    /// A missing or empty directory, unreadable files, TOML or schema errors
    /// (with file and line), and duplicate ids.
    pub fn load(dir: &Path) -> Result<AnswerBank> {
        check_dir(dir)?;
        let files = entry_files(dir)?;
        if files.is_empty() {
            return Err(Error::BankEmpty {
                dir: dir.to_path_buf(),
            });
        }
        let mut entries = Vec::new();
        for path in &files {
            let text = read_text(path)?;
            entries.extend(entry::parse_file(path, &text)?);
            if entries.len() > MAX_BANK_ENTRIES {
                return Err(Error::TooLarge {
                    path: path.clone(),
                    what: format!(
                        "the bank holds more than {} entries with this file, more than qfill reads; check that every .toml file in {} is a bank file",
                        limits::count(MAX_BANK_ENTRIES as u64),
                        dir.display()
                    ),
                });
            }
        }
        // Entry files without a single entry answer nothing: every question
        // would go out unanswered without a word of why.
        if entries.is_empty() {
            return Err(Error::BankEmpty {
                dir: dir.to_path_buf(),
            });
        }
        check_unique_ids(&entries)?;
        let profile_path = dir.join("profile.toml");
        let profile = if profile_path.is_file() {
            Some(Profile::parse(&profile_path, &read_text(&profile_path)?)?)
        } else {
            None
        };
        Ok(AnswerBank {
            dir: dir.to_path_buf(),
            entries,
            profile,
        })
    }

    /// Builds a bank from entries already in memory (tests, benchmarks, imports).
    pub fn from_entries(entries: Vec<BankEntry>) -> AnswerBank {
        AnswerBank {
            dir: PathBuf::new(),
            entries,
            profile: None,
        }
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&BankEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Replaces `{{placeholders}}` from the company profile; text without a
    /// profile, or with unknown placeholders, is returned unchanged.
    pub fn render(&self, text: &str) -> String {
        match &self.profile {
            Some(p) => p.render(text),
            None => text.to_string(),
        }
    }
}

/// Checks that `dir` is a directory, to name the mistake when it is missing
/// or is one of the bank's files.
///
/// # Errors
/// [`Error::BankIsFile`] or [`Error::BankNotFound`].
pub fn check_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        Ok(())
    } else if dir.is_file() {
        Err(Error::BankIsFile {
            path: dir.to_path_buf(),
        })
    } else {
        Err(Error::BankNotFound {
            dir: dir.to_path_buf(),
        })
    }
}

/// Reads a bank file as UTF-8, naming the file when it is not or when it is
/// larger than [`MAX_BANK_FILE_BYTES`].
pub fn read_text(path: &Path) -> Result<String> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    crate::limits::regular_file(path, "text")?;
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_BANK_FILE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            what: format!(
                "the bank file is {}, more than qfill reads ({}); a bank holds curated answers, thousands at most: check that this is a bank file, or split it by topic",
                limits::bytes(size),
                limits::bytes(MAX_BANK_FILE_BYTES)
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        Error::BankSyntax {
            path: path.to_path_buf(),
            line,
            message: "the file is not valid UTF-8; save it as UTF-8".into(),
        }
    })
}

fn entry_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let read = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files = Vec::new();
    for item in read {
        let item = item.map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = item.path();
        let name = item.file_name().to_string_lossy().into_owned();
        let is_toml = path.extension().is_some_and(|e| e == "toml");
        if !is_toml || name.starts_with('.') || RESERVED_FILES.contains(&name.as_str()) {
            continue;
        }
        if path.is_file() {
            files.push(path);
        } else if path.is_symlink() && !path.exists() {
            return Err(Error::Unreadable {
                path,
                message: "a link to a file that does not exist; fix the link or remove it, or its answers are missing from the bank".into(),
            });
        }
    }
    files.sort();
    Ok(files)
}

fn check_unique_ids(entries: &[BankEntry]) -> Result<()> {
    let mut seen: HashMap<&str, &BankEntry> = HashMap::new();
    for e in entries {
        if let Some(first) = seen.insert(&e.id, e) {
            return Err(Error::DuplicateId {
                id: e.id.clone(),
                path: e.source.clone(),
                line: e.line,
                first_path: first.source.clone(),
                first_line: first.line,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    const ONE: &str = "[[entry]]\nid = \"a\"\nquestion = \"Q?\"\nanswer = \"Yes\"\n";

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "a.toml", ONE);
        std::os::unix::fs::symlink(tmp.path().join("gone.toml"), tmp.path().join("b.toml"))
            .unwrap();
        let err = AnswerBank::load(tmp.path()).unwrap_err().to_string();
        assert!(
            err.contains("b.toml") && err.contains("does not exist"),
            "{err}"
        );
    }

    #[test]
    fn loads_sorted_and_skips_reserved() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "b.toml", &ONE.replace("\"a\"", "\"b\""));
        write(tmp.path(), "a.toml", ONE);
        write(tmp.path(), "thesaurus.toml", "not = entries");
        let bank = AnswerBank::load(tmp.path()).unwrap();
        let ids: Vec<_> = bank.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn duplicate_ids_name_both_places() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "a.toml", ONE);
        write(tmp.path(), "b.toml", &format!("\n\n{ONE}"));
        let err = AnswerBank::load(tmp.path()).unwrap_err().to_string();
        assert!(err.contains("b.toml:3: duplicate entry id `a`"), "{err}");
        assert!(err.contains("a.toml:1"), "{err}");
    }

    #[test]
    fn missing_and_empty_directories() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(matches!(
            AnswerBank::load(&tmp.path().join("nope")),
            Err(Error::BankNotFound { .. })
        ));
        assert!(matches!(
            AnswerBank::load(tmp.path()),
            Err(Error::BankEmpty { .. })
        ));
        // Entry files without a single entry are no bank either.
        std::fs::write(tmp.path().join("a.toml"), "# nothing yet\n").unwrap();
        assert!(matches!(
            AnswerBank::load(tmp.path()),
            Err(Error::BankEmpty { .. })
        ));
    }

    #[test]
    fn oversized_bank_files_are_refused_before_reading() {
        let tmp = tempfile::tempdir().unwrap();
        let file = std::fs::File::create(tmp.path().join("big.toml")).unwrap();
        file.set_len(MAX_BANK_FILE_BYTES + 1).unwrap();
        let err = AnswerBank::load(tmp.path()).unwrap_err();
        assert!(matches!(err, Error::TooLarge { .. }), "{err}");
        assert!(
            err.to_string()
                .contains("big.toml: the bank file is 16 MiB"),
            "{err}"
        );
    }

    #[test]
    fn non_utf8_file_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("a.toml"), b"# x\n\xff\xfe").unwrap();
        let err = AnswerBank::load(tmp.path()).unwrap_err().to_string();
        assert!(
            err.contains("a.toml:2: the file is not valid UTF-8"),
            "{err}"
        );
    }
}
