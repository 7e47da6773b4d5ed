//! Entry points for fuzzing (issue 9): each takes arbitrary bytes, runs one
//! of qfill's entry points on them the way the CLI would, and panics only
//! when qfill itself misbehaves. Errors are fine; panics, hangs and broken
//! output are not. The cargo-fuzz targets in `fuzz/` and the stable
//! fallback `cargo xtask fuzz` both call these, so they fuzz the same thing.
//! Not part of the public API.

use crate::bank::{AnswerBank, BankEntry};
use crate::detect::{self, Overrides};
use crate::fill::{FillOptions, fill};
use crate::matcher::Matcher;
use crate::workbook;
use crate::write::atomic::Overwrite;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A fuzz target: one entry point and the file name its input gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Workbook reading and layout detection (`input.xlsx`).
    Read,
    /// The whole fill pipeline and the in-place writer; the output must read back.
    Fill,
    /// The bank loader as an entry file, a profile and a thesaurus.
    Bank,
    /// The csv reader and layout detection (`input.csv`).
    Csv,
}

impl Target {
    pub const ALL: [Target; 4] = [Target::Read, Target::Fill, Target::Bank, Target::Csv];

    pub fn name(self) -> &'static str {
        match self {
            Target::Read => "read",
            Target::Fill => "fill",
            Target::Bank => "bank",
            Target::Csv => "csv",
        }
    }

    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Runs the target on `bytes`.
    pub fn run(self, bytes: &[u8]) {
        match self {
            Target::Read => read_and_detect(bytes, "input.xlsx"),
            Target::Fill => fill_workbook(bytes),
            Target::Bank => load_bank(bytes),
            Target::Csv => read_and_detect(bytes, "input.csv"),
        }
    }
}

fn scratch() -> tempfile::TempDir {
    // A fuzzer with nowhere to write cannot run at all; this is its setup, not user data.
    tempfile::tempdir().expect("a temporary directory for the fuzz input")
}

fn put(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("the fuzz input can be written");
    path
}

/// Reads `bytes` as a questionnaire named `name` and looks for question tables.
pub fn read_and_detect(bytes: &[u8], name: &str) {
    let dir = scratch();
    let path = put(dir.path(), name, bytes);
    if let Ok(book) = workbook::read(&path) {
        let found = detect::detect(&book, &Overrides::default());
        let _ = found.question_count();
    }
}

/// A tiny bank and its matcher, built once.
fn bank() -> &'static (AnswerBank, Matcher) {
    static BANK: OnceLock<(AnswerBank, Matcher)> = OnceLock::new();
    BANK.get_or_init(|| {
        let mut entries = vec![
            BankEntry::new("enc-at-rest", "Is customer data encrypted at rest?", "=Yes"),
            BankEntry::new("mfa", "Is multi-factor authentication required?", "Yes"),
            BankEntry::new("tls", "Is data in transit protected with TLS?", "+N/A"),
        ];
        entries[0].detail = Some("@AES-256 on every volume".into());
        let bank = AnswerBank::from_entries(entries);
        let matcher = Matcher::new(&bank).expect("the built-in thesaurus loads");
        (bank, matcher)
    })
}

/// Fills `bytes` as an xlsx with a tiny bank (review cells, notes and the
/// summary sheet on); when that succeeds, the output must read back.
pub fn fill_workbook(bytes: &[u8]) {
    let dir = scratch();
    let input = put(dir.path(), "input.xlsx", bytes);
    let output = dir.path().join("output.xlsx");
    let (bank, matcher) = bank();
    let mut opts = FillOptions::new(output.clone());
    opts.overwrite = Overwrite::Replace;
    opts.thresholds.review_at = 0.05;
    if fill(&input, bank, matcher, &opts).is_err() {
        assert!(!output.exists(), "a failed fill left an output file");
        return;
    }
    if let Err(e) = workbook::read(&output) {
        panic!("qfill wrote a workbook it cannot read back: {e}");
    }
}

/// Loads `bytes` as a bank entry file, then as the profile and the thesaurus of a valid bank.
pub fn load_bank(bytes: &[u8]) {
    let dir = scratch();
    put(dir.path(), "entries.toml", bytes);
    if let Ok(bank) = AnswerBank::load(dir.path()) {
        let _ = Matcher::new(&bank);
    }
    put(
        dir.path(),
        "entries.toml",
        b"[[entry]]\nid = \"a\"\nquestion = \"Is data encrypted?\"\nanswer = \"Yes {{company}}\"\n",
    );
    put(dir.path(), "profile.toml", bytes);
    if let Ok(bank) = AnswerBank::load(dir.path()) {
        let _ = bank.render("{{company}} {{soc2.period_end}} {{iso27001.expires}}");
    }
    std::fs::remove_file(dir.path().join("profile.toml")).ok();
    put(dir.path(), "thesaurus.toml", bytes);
    if let Ok(bank) = AnswerBank::load(dir.path())
        && let Ok(m) = Matcher::new(&bank)
    {
        let _ = m.match_question("Is data encrypted at rest?");
    }
}
