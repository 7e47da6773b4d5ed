//! The JSON report of a fill (a contract: scripts and an independent evaluation
//! read it). One item per question row, with the status, the score, the bank
//! entry and controls it came from, the alternatives and why.

use crate::decide::Status;
use serde::Serialize;

/// The whole report of one questionnaire.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub input: String,
    pub output: String,
    pub bank: String,
    pub summary: Summary,
    pub items: Vec<Item>,
    /// Sheets qfill did not read, and why.
    pub skipped_sheets: Vec<SkippedSheet>,
    /// Warnings about the bank or the profile (stale attestations, for instance).
    pub warnings: Vec<String>,
    /// How long each stage took (not part of the JSON report).
    #[serde(skip)]
    pub timings: Timings,
}

/// Stage durations in milliseconds, for benchmarks and `fill --timings`.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Timings {
    pub read_ms: f64,
    pub detect_ms: f64,
    pub match_ms: f64,
    pub write_ms: f64,
}

/// Counts by status.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub questions: usize,
    pub answered: usize,
    pub review: usize,
    pub unanswered: usize,
}

impl Summary {
    /// Counts the items' statuses.
    pub fn of(items: &[Item]) -> Summary {
        let count = |s: Status| items.iter().filter(|i| i.status == s).count();
        Summary {
            questions: items.len(),
            answered: count(Status::Answered),
            review: count(Status::Review),
            unanswered: count(Status::Unanswered),
        }
    }
}

/// A sheet that was skipped.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedSheet {
    pub name: String,
    pub reason: String,
    /// How many of its cells read as questions when detection found no
    /// table there (0 for sheets left out on purpose).
    pub question_cells: usize,
}

/// One question row.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub sheet: String,
    /// 1-based, as Excel shows it.
    pub row: u32,
    pub question_id: Option<String>,
    pub question: String,
    pub answer_cell: String,
    pub status: Status,
    /// Score of the best candidate in [0, 1] (0 when there is none).
    pub score: f64,
    pub entry_id: Option<String>,
    /// The text written (or suggested) in the answer cell.
    pub answer: Option<String>,
    /// Controls the entry evidences.
    pub controls: Vec<String>,
    /// The comment cell and what was written there, when anything was.
    pub comment_cell: Option<String>,
    pub comment: Option<String>,
    pub alternatives: Vec<Alternative>,
    /// Why the best candidate matched (or did not).
    pub why: Why,
    /// Whether qfill wrote the answer cell (the comment cell may be written
    /// without it, when the suggestion fits none of a dropdown's values).
    pub written: bool,
    /// Anything a person should know about this row (kept answers, formula cells, dropdown misfits).
    pub note: Option<String>,
}

/// A runner-up entry.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Alternative {
    pub entry_id: String,
    pub score: f64,
}

/// The explanation of a match.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Why {
    pub matched_phrasing: Option<String>,
    pub matched_terms: Vec<String>,
    /// Question terms found only in the entry's answer, detail, tags or other phrasings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub elsewhere_terms: Vec<String>,
    pub unmatched_terms: Vec<String>,
    pub synonyms: Vec<String>,
    pub corrections: Vec<String>,
    /// Question words the entry echoes with a kindred word: "headcount ~ employees (0.71)".
    pub kindred: Vec<String>,
    pub conflict: Option<String>,
    pub negation_mismatch: bool,
    /// Why the entry's own text is too little evidence for a confident answer (the score is capped).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thin_evidence: Option<String>,
    pub margin: f64,
}

impl From<&crate::matcher::Explanation> for Why {
    fn from(w: &crate::matcher::Explanation) -> Why {
        let pairs =
            |list: &[(String, String)]| list.iter().map(|(a, b)| format!("{a} → {b}")).collect();
        Why {
            matched_phrasing: (!w.phrasing.is_empty()).then(|| w.phrasing.clone()),
            matched_terms: w.matched.clone(),
            elsewhere_terms: w.elsewhere.clone(),
            unmatched_terms: w.unmatched.clone(),
            synonyms: pairs(&w.synonyms),
            corrections: pairs(&w.corrections),
            kindred: w
                .kindred
                .iter()
                .map(|(q, e, c)| format!("{q} ~ {e} ({c:.2})"))
                .collect(),
            conflict: w.conflict.clone(),
            negation_mismatch: w.negation_mismatch,
            thin_evidence: w.thin_evidence.clone(),
            margin: round(w.margin),
        }
    }
}

/// Rounds a score for the report (4 decimals keep it readable and stable).
pub fn round(score: f64) -> f64 {
    (score * 10_000.0).round() / 10_000.0
}

/// A score as people read it, with two decimals cut rather than rounded:
/// 0.9451 is shown 0.94, so a score below the confident threshold (0.95)
/// never prints as that threshold beside a "review".
pub fn shown(score: f64) -> String {
    format!("{:.2}", ((score * 100.0) + 1e-9).floor() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn a_score_is_shown_cut_not_rounded() {
        assert_eq!(shown(0.9451), "0.94");
        assert_eq!(shown(0.95), "0.95");
        assert_eq!(shown(0.999), "0.99");
        assert_eq!(shown(0.0), "0.00");
    }
}
