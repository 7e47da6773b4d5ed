//! The questionnaire-level view of coverage: from the JSON report of one
//! `qfill fill`, which controls the questionnaire touched and, per control
//! family (SOC 2 series, ISO clause or Annex A theme), how many of its
//! questions went unanswered or need review. It tells security staff what to
//! add to the bank next.
//!
//! Answered and review rows carry the controls of their bank entry. Unanswered
//! rows carry none, so their family comes from a control id quoted in the
//! question (`CC6.1`, `A.9.4.2`), else from the bank entry the matcher ranks
//! first, however weakly.

use super::{ControlId, Framework, catalog, resolve};
use crate::bank::AnswerBank;
use crate::error::{Error, Result};
use crate::matcher::Matcher;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The part of a fill report this view reads.
#[derive(Debug, Deserialize)]
struct ReportIn {
    input: String,
    items: Vec<ItemIn>,
}

#[derive(Debug, Deserialize)]
struct ItemIn {
    sheet: String,
    row: u32,
    #[serde(default)]
    question_id: Option<String>,
    question: String,
    status: String,
    #[serde(default)]
    controls: Vec<String>,
}

/// A control the questionnaire touched.
#[derive(Debug, Clone, Serialize)]
pub struct Touched {
    pub control: ControlId,
    pub title: String,
    /// Answered or review questions whose entry evidences it.
    pub questions: usize,
}

/// One control family's questions.
#[derive(Debug, Clone, Serialize)]
pub struct Family {
    pub framework: Framework,
    pub family: String,
    pub title: String,
    pub questions: usize,
    pub answered: usize,
    pub review: usize,
    pub unanswered: usize,
    /// The unanswered questions (`Sheet!row: text`).
    pub unanswered_questions: Vec<String>,
}

/// What one questionnaire asked, by control.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionnaireCoverage {
    pub input: String,
    pub questions: usize,
    pub answered: usize,
    pub review: usize,
    pub unanswered: usize,
    pub touched: Vec<Touched>,
    pub families: Vec<Family>,
    /// Unanswered questions with no control family at all.
    pub unclassified: Vec<String>,
}

/// Reads a fill report and summarises it by control.
///
/// # Errors
/// An unreadable report, or one that is not a qfill fill report.
pub fn from_report(
    path: &Path,
    bank: &AnswerBank,
    matcher: &Matcher,
) -> Result<QuestionnaireCoverage> {
    let text = crate::bank::read_text(path)?;
    let report: ReportIn = serde_json::from_str(&text).map_err(|e| Error::WrongFile {
        path: path.to_path_buf(),
        message: format!("not a qfill fill report (line {}: {e})", e.line()),
        hint: "pass the JSON report that `qfill fill --report PATH` wrote",
    })?;
    let mut out = QuestionnaireCoverage {
        input: report.input,
        questions: report.items.len(),
        answered: 0,
        review: 0,
        unanswered: 0,
        touched: Vec::new(),
        families: Vec::new(),
        unclassified: Vec::new(),
    };
    let mut touched: BTreeMap<ControlId, usize> = BTreeMap::new();
    let mut families: BTreeMap<(Framework, String), Family> = BTreeMap::new();
    for item in &report.items {
        let label = format!("{}!{}: {}", item.sheet, item.row, item.question);
        let controls = item_controls(item, bank, matcher);
        match item.status.as_str() {
            "answered" => out.answered += 1,
            "review" => out.review += 1,
            _ => {
                out.unanswered += 1;
                if controls.is_empty() {
                    out.unclassified.push(label.clone());
                }
            }
        }
        if item.status != "unanswered" {
            for c in &controls {
                *touched.entry(c.clone()).or_default() += 1;
            }
        }
        count_families(&mut families, &controls, &item.status, &label);
    }
    out.touched = touched
        .into_iter()
        .map(|(control, questions)| Touched {
            title: title_of(&control),
            control,
            questions,
        })
        .collect();
    out.families = families.into_values().collect();
    out.families.sort_by(|a, b| {
        b.unanswered
            .cmp(&a.unanswered)
            .then(a.framework.cmp(&b.framework))
            .then(a.family.cmp(&b.family))
    });
    Ok(out)
}

/// Counts one question under each control family its controls fall in (once per family).
fn count_families(
    families: &mut BTreeMap<(Framework, String), Family>,
    controls: &[ControlId],
    status: &str,
    label: &str,
) {
    let mut seen = Vec::new();
    for c in controls {
        let (key, title) = family_of(c);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key.clone());
        let f = families.entry(key.clone()).or_insert_with(|| Family {
            framework: key.0,
            family: key.1.clone(),
            title,
            questions: 0,
            answered: 0,
            review: 0,
            unanswered: 0,
            unanswered_questions: Vec::new(),
        });
        f.questions += 1;
        match status {
            "answered" => f.answered += 1,
            "review" => f.review += 1,
            _ => {
                f.unanswered += 1;
                f.unanswered_questions.push(label.to_string());
            }
        }
    }
}

fn item_controls(item: &ItemIn, bank: &AnswerBank, matcher: &Matcher) -> Vec<ControlId> {
    let from_entry: Vec<ControlId> = item
        .controls
        .iter()
        .filter_map(|c| resolve(c, false).ok())
        .flatten()
        .collect();
    if !from_entry.is_empty() {
        return from_entry;
    }
    let quoted = quoted_controls(&format!(
        "{} {}",
        item.question_id.as_deref().unwrap_or(""),
        item.question
    ));
    if !quoted.is_empty() {
        return quoted;
    }
    matcher
        .match_question(&item.question)
        .best()
        .map(|b| {
            bank.entries[b.entry]
                .controls
                .iter()
                .filter_map(|c| resolve(c, false).ok())
                .flatten()
                .collect()
        })
        .unwrap_or_default()
}

/// Control ids quoted in a question: `CC6.1`, `A1.2`, `A.8.5`, `A.9.4.2`
/// (bare clause numbers are too easily something else and are ignored).
pub fn quoted_controls(text: &str) -> Vec<ControlId> {
    let mut out = Vec::new();
    for token in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.')) {
        let token = token.trim_matches('.');
        let looks_like = token.contains('.')
            && token
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic());
        if !looks_like {
            continue;
        }
        if let Ok(ids) = resolve(token, true) {
            for id in ids {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
        }
    }
    out
}

fn family_of(id: &ControlId) -> ((Framework, String), String) {
    let cat = catalog();
    match id.framework {
        Framework::Soc2 => match cat.criterion(&id.id) {
            Some(c) => ((id.framework, c.series.clone()), c.series_title.clone()),
            None => ((id.framework, id.id.clone()), String::new()),
        },
        Framework::Iso27001 => {
            let group = cat
                .iso_item(&id.id)
                .map(|i| i.group().to_string())
                .unwrap_or_else(|| id.id.clone());
            let title = cat
                .iso_item(&group)
                .map(|g| g.title.clone())
                .unwrap_or_default();
            ((id.framework, group), title)
        }
    }
}

/// The catalog title of a control (empty for unknown ids).
pub fn title_of(id: &ControlId) -> String {
    let cat = catalog();
    match id.framework {
        Framework::Soc2 => cat.criterion(&id.id).map(|c| c.title.clone()),
        Framework::Iso27001 => cat.iso_item(&id.id).map(|c| c.title.clone()),
    }
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::BankEntry;

    #[test]
    fn quoted_ids_are_found() {
        let cases = [
            ("CC6.1: Is access restricted?", vec!["SOC2:CC6.1"]),
            ("(ISO 27001 A.9.4.2) Secure log-on", vec!["ISO27001:A.8.5"]),
            ("Version 1.2 of the policy", vec![]),
            ("See A1.2 and A.8.13.", vec!["SOC2:A1.2", "ISO27001:A.8.13"]),
        ];
        for (text, want) in cases {
            let got: Vec<String> = quoted_controls(text)
                .iter()
                .map(ToString::to_string)
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn report_is_summarised_by_family() {
        let mut e = BankEntry::new("mfa", "Do you enforce multi-factor authentication?", "Yes");
        e.controls = vec!["SOC2:CC6.1".into(), "ISO27001:A.8.5".into()];
        let bank = AnswerBank::from_entries(vec![e]);
        let matcher = Matcher::new(&bank).unwrap();
        let report = serde_json::json!({"input": "q.xlsx", "items": [
            {"sheet": "S", "row": 2, "question": "Is MFA enforced?", "status": "answered", "controls": ["SOC2:CC6.1", "ISO27001:A.8.5"]},
            {"sheet": "S", "row": 3, "question": "Do you require multi-factor authentication for admins?", "status": "unanswered", "controls": []},
            {"sheet": "S", "row": 4, "question": "CC7.4 incident response?", "status": "unanswered", "controls": []},
            {"sheet": "S", "row": 5, "question": "Favourite colour?", "status": "unanswered", "controls": []}
        ]});
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("r.json");
        std::fs::write(&path, report.to_string()).unwrap();
        let view = from_report(&path, &bank, &matcher).unwrap();
        assert_eq!((view.questions, view.answered, view.unanswered), (4, 1, 3));
        assert_eq!(view.touched.len(), 2);
        let cc6 = view.families.iter().find(|f| f.family == "CC6").unwrap();
        assert_eq!((cc6.questions, cc6.answered, cc6.unanswered), (2, 1, 1));
        assert!(
            view.families
                .iter()
                .any(|f| f.family == "CC7" && f.unanswered == 1)
        );
        assert_eq!(view.unclassified, ["S!5: Favourite colour?"]);
    }
}
