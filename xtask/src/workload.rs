//! Reproducible synthetic workloads for `cargo xtask bench`: answer banks and
//! questionnaires of any size, built from a seed with a small PRNG so the same
//! seed always gives the same files. The text is composed from security
//! vocabulary so that questions have realistic lengths and overlap with the bank.

use anyhow::Result;
use rust_xlsxwriter::{DataValidation, DocProperties, ExcelDateTime, Format, Workbook};
use std::fmt::Write as _;
use std::path::Path;

/// xorshift64*: tiny, deterministic, good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const SUBJECTS: &[&str] = &[
    "customer data",
    "production databases",
    "backups",
    "laptops",
    "administrator accounts",
    "source code",
    "audit logs",
    "encryption keys",
    "third-party vendors",
    "employees",
    "contractors",
    "API tokens",
    "cloud infrastructure",
    "network traffic",
    "mobile devices",
    "security incidents",
    "personal data",
    "payment information",
    "container images",
    "open source dependencies",
    "privileged sessions",
    "removable media",
    "office premises",
    "disaster recovery sites",
    "support tickets",
    "email",
];
const ACTIONS: &[&str] = &[
    "encrypted",
    "reviewed",
    "monitored",
    "backed up",
    "tested",
    "scanned for vulnerabilities",
    "protected with multi-factor authentication",
    "logged",
    "restricted to authorised staff",
    "retained for a defined period",
    "deleted securely",
    "classified",
    "patched",
    "segmented",
    "assessed for risk",
    "inventoried",
    "approved before use",
    "audited by an independent firm",
];
const QUALIFIERS: &[&str] = &[
    "",
    " at least annually",
    " quarterly",
    " in all regions",
    " before production use",
    " by a dedicated team",
    " using automated tooling",
    " according to a documented policy",
    " within 24 hours",
    " for every release",
    " across all environments",
    " with evidence retained",
];
const OPENERS: &[&str] = &[
    "Are",
    "Describe how",
    "Please confirm whether",
    "Explain whether",
    "Are all",
];

/// The `i`-th bank question (distinct for every i below 26 × 18 × 12 × 20).
fn bank_question(i: usize) -> String {
    let s = SUBJECTS[i % SUBJECTS.len()];
    let a = ACTIONS[(i / SUBJECTS.len()) % ACTIONS.len()];
    let q = QUALIFIERS[(i / (SUBJECTS.len() * ACTIONS.len())) % QUALIFIERS.len()];
    let variant = i / (SUBJECTS.len() * ACTIONS.len() * QUALIFIERS.len());
    let scope = if variant == 0 {
        String::new()
    } else {
        format!(" (scope {variant})")
    };
    format!("Are {s} {a}{q}{scope}?")
}

/// Writes a bank of `entries` entries as ten TOML files under `dir`.
pub fn write_bank(dir: &Path, entries: usize) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    for file in 0..10 {
        let mut text = String::new();
        for i in (file..entries).step_by(10) {
            let q = bank_question(i);
            let alt = q.replacen("Are ", "Do you ensure ", 1);
            writeln!(
                text,
                "[[entry]]\nid = \"gen-{i}\"\nquestion = \"{q}\"\nalternates = [\"{alt}\"]\nanswer = \"Yes\""
            )?;
            writeln!(
                text,
                "detail = \"We apply this control to {} and review it regularly.\"",
                SUBJECTS[i % SUBJECTS.len()]
            )?;
            writeln!(text, "controls = [\"SOC2:CC6.1\"]\nreviewed = 2026-06-01\n")?;
        }
        std::fs::write(dir.join(format!("gen_{file:02}.toml")), text)?;
    }
    Ok(())
}

/// A questionnaire question: mostly paraphrases of bank questions, some unrelated.
fn questionnaire_question(rng: &mut Rng, bank_entries: usize) -> String {
    if rng.next().is_multiple_of(10) {
        return format!(
            "{} {} {}?",
            rng.pick(OPENERS),
            rng.pick(&["your office plants", "the cafeteria menu", "staff parking"]),
            rng.pick(ACTIONS)
        );
    }
    let base = bank_question((rng.next() % bank_entries as u64) as usize);
    let opener = rng.pick(OPENERS);
    format!("{opener} {}", base.trim_start_matches("Are "))
}

/// Writes a questionnaire of `questions` rows over four sheets with section rows and dropdowns.
pub fn write_questionnaire(
    path: &Path,
    questions: usize,
    bank_entries: usize,
    seed: u64,
) -> Result<()> {
    let mut rng = Rng::new(seed);
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2026, 1, 1)?),
    );
    let dropdown = DataValidation::new().allow_list_strings(&["Yes", "No", "N/A"])?;
    let bold = Format::new().set_bold();
    let per_sheet = questions.div_ceil(4);
    let mut written = 0;
    for s in 0..4 {
        let ws = book.add_worksheet().set_name(format!("Domain {}", s + 1))?;
        ws.write_with_format(
            0,
            0,
            format!("Security questionnaire, part {}", s + 1),
            &bold,
        )?;
        for (c, h) in ["ID", "Question", "Response", "Comments"]
            .iter()
            .enumerate()
        {
            ws.write_with_format(2, c as u16, *h, &bold)?;
        }
        let mut row = 3u32;
        for n in 0..per_sheet.min(questions - written) {
            if n % 25 == 0 {
                ws.write_with_format(row, 0, format!("Section {}", n / 25 + 1), &bold)?;
                row += 1;
            }
            ws.write(row, 0, format!("D{}-{:04}", s + 1, n + 1))?;
            ws.write(row, 1, questionnaire_question(&mut rng, bank_entries))?;
            ws.add_data_validation(row, 2, row, 2, &dropdown)?;
            row += 1;
        }
        written += per_sheet.min(questions - written);
        ws.set_column_width(1, 80)?;
    }
    book.save(path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bank_questions_are_distinct_and_workloads_reproducible() {
        let qs: std::collections::HashSet<String> = (0..10_000).map(bank_question).collect();
        assert_eq!(qs.len(), 10_000);
        let tmp = tempfile::tempdir().unwrap();
        write_questionnaire(&tmp.path().join("a.xlsx"), 120, 50, 7).unwrap();
        write_questionnaire(&tmp.path().join("b.xlsx"), 120, 50, 7).unwrap();
        assert_eq!(
            std::fs::read(tmp.path().join("a.xlsx")).unwrap(),
            std::fs::read(tmp.path().join("b.xlsx")).unwrap()
        );
        write_bank(&tmp.path().join("bank"), 50).unwrap();
        let bank = qfill::bank::AnswerBank::load(&tmp.path().join("bank")).unwrap();
        assert_eq!(bank.entries.len(), 50);
    }
}
