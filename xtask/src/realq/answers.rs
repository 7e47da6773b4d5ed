//! The answer half of `cargo xtask realq`: how often the starter bank's
//! answers to the real questionnaires are right, by the judgement of a
//! person. `xtask/data/realq_answers.jsonl` holds, per question, the bank
//! entries judged right or wrong for it. A question is keyed by a hash of its
//! text, so no question is copied into the repository.

use anyhow::{Context, Result};
use qfill::decide::Status;
use qfill::report::Item;
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

/// How many confident answers judged wrong or not judged to list.
const SHOW: usize = 12;

#[derive(Debug, Deserialize)]
struct Line {
    key: String,
    #[serde(default)]
    right: Vec<String>,
    #[serde(default)]
    wrong: Vec<String>,
}

/// Per question key, the entries judged right and those judged wrong.
#[derive(Debug, Default)]
pub struct Labels(HashMap<u64, (Vec<String>, Vec<String>)>);

impl Labels {
    pub fn load(path: &Path) -> Result<Labels> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut labels = Labels::default();
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let line: Line = serde_json::from_str(line)
                .with_context(|| format!("{} line {}", path.display(), n + 1))?;
            let key = u64::from_str_radix(&line.key, 16)
                .with_context(|| format!("{} line {}: bad key", path.display(), n + 1))?;
            labels.0.insert(key, (line.right, line.wrong));
        }
        Ok(labels)
    }

    /// Whether `entry` was judged right for `question`; `None` when not judged.
    fn judge(&self, question: &str, entry: &str) -> Option<bool> {
        let (right, wrong) = self.0.get(&key(question))?;
        if right.iter().any(|e| e == entry) {
            Some(true)
        } else if wrong.iter().any(|e| e == entry) {
            Some(false)
        } else {
            None
        }
    }
}

/// A question's key: FNV-1a (64 bits) of its text, lower-cased, with runs
/// of white space made one space. `xtask/data/realq_answers.jsonl` writes it
/// as 16 hex digits.
pub fn key(question: &str) -> u64 {
    let text = question
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Counts of one or more filled questionnaires.
#[derive(Debug, Default)]
pub struct Tally {
    answered: usize,
    answered_right: usize,
    answered_wrong: usize,
    review: usize,
    review_right: usize,
    review_wrong: usize,
    /// Answered or review items whose entry nobody has judged for the question.
    unjudged: usize,
    listed: Vec<String>,
}

impl Tally {
    pub fn add(&mut self, items: &[Item], labels: &Labels) {
        for i in items {
            let Some(entry) = i.entry_id.as_deref() else {
                continue;
            };
            let verdict = labels.judge(&i.question, entry);
            let (n, right, wrong) = match i.status {
                Status::Answered => (
                    &mut self.answered,
                    &mut self.answered_right,
                    &mut self.answered_wrong,
                ),
                Status::Review => (
                    &mut self.review,
                    &mut self.review_right,
                    &mut self.review_wrong,
                ),
                Status::Unanswered => continue,
            };
            *n += 1;
            match verdict {
                Some(true) => *right += 1,
                Some(false) => *wrong += 1,
                None => self.unjudged += 1,
            }
            // Confident answers judged wrong or not judged are listed: the
            // first need a fix, the second a judgement.
            if i.status == Status::Answered && verdict != Some(true) {
                let what = if verdict.is_some() {
                    "wrong"
                } else {
                    "unjudged"
                };
                self.listed.push(format!(
                    "    {what} {:.2} {entry}: {}",
                    i.score,
                    i.question.chars().take(100).collect::<String>()
                ));
            }
        }
    }

    /// The share of judged confident answers judged right.
    pub fn precision(&self) -> f64 {
        share(
            self.answered_right,
            self.answered_right + self.answered_wrong,
        )
    }

    pub fn render(&self) -> String {
        let mut out = format!(
            "  answered   {} ({} judged right, {} wrong: {:.1}% precision)\n  review     {} (first suggestion {} judged right, {} wrong)\n  unjudged   {}\n",
            self.answered,
            self.answered_right,
            self.answered_wrong,
            100.0 * self.precision(),
            self.review,
            self.review_right,
            self.review_wrong,
            self.unjudged,
        );
        for line in self.listed.iter().take(SHOW) {
            let _ = writeln!(out, "{line}");
        }
        if self.listed.len() > SHOW {
            let _ = writeln!(out, "    … and {} more", self.listed.len() - SHOW);
        }
        out
    }
}

fn share(n: usize, of: usize) -> f64 {
    if of == 0 { 1.0 } else { n as f64 / of as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qfill::report::Why;

    fn item(question: &str, entry: &str, status: Status) -> Item {
        Item {
            sheet: "S".into(),
            row: 2,
            question_id: None,
            question: question.into(),
            answer_cell: "C2".into(),
            status,
            score: 0.97,
            entry_id: Some(entry.into()),
            answer: None,
            controls: Vec::new(),
            comment_cell: None,
            comment: None,
            alternatives: Vec::new(),
            why: Why::default(),
            written: true,
            note: None,
        }
    }

    #[test]
    fn confident_answers_are_counted_by_their_judgement() {
        let mut labels = Labels::default();
        labels.0.insert(
            key("Do you encrypt data?"),
            (vec!["rest".into()], vec!["transit".into()]),
        );
        labels
            .0
            .insert(key("Is MFA enforced?"), (Vec::new(), vec!["sso".into()]));
        let mut tally = Tally::default();
        tally.add(
            &[
                item("Do  you encrypt DATA?", "rest", Status::Answered),
                item("Is MFA enforced?", "sso", Status::Answered),
                item("Do you encrypt data?", "backup", Status::Answered),
                item("Do you encrypt data?", "transit", Status::Review),
                item("Favourite colour?", "rest", Status::Unanswered),
            ],
            &labels,
        );
        assert_eq!(
            (tally.answered, tally.answered_right, tally.answered_wrong),
            (3, 1, 1)
        );
        assert_eq!(
            (tally.review, tally.review_right, tally.review_wrong),
            (1, 0, 1)
        );
        assert_eq!(tally.unjudged, 1);
        assert!((tally.precision() - 0.5).abs() < 1e-12);
        let shown = tally.render();
        assert!(
            shown.contains("wrong 0.97 sso: Is MFA enforced?"),
            "{shown}"
        );
        assert!(shown.contains("unjudged 0.97 backup"), "{shown}");
        assert!(
            !shown.contains(" rest:"),
            "a right answer is not listed: {shown}"
        );
    }

    #[test]
    fn the_key_ignores_case_and_spacing_only() {
        assert_eq!(key("Do you  encrypt\ndata?"), key("do you encrypt data?"));
        assert_ne!(key("Do you encrypt data?"), key("Do you encrypt data"));
        // FNV-1a of the empty string is its offset basis.
        assert_eq!(key(""), 0xcbf2_9ce4_8422_2325);
    }
}
