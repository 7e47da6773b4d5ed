//! Rows the sender keeps from the vendor: a note handing rows to the
//! institution ("to be populated by the Institution"), a scope column that
//! rules a row out, or a note that waives its answer ("no response
//! required"). Such rows stay in the report but are not written.

use super::{Columns, QuestionRow, Writable, cells, text};
use crate::workbook::Sheet;
use std::collections::{BTreeSet, HashMap};

/// Marks the rows a note reserves for the institution (`Writable::Institution`).
pub(crate) fn mark_institution_rows(sheet: &Sheet, cols: &Columns, questions: &mut [QuestionRow]) {
    let question_rows: BTreeSet<u32> = questions.iter().map(|q| q.row).collect();
    let mut reserved_ids: BTreeSet<String> = BTreeSet::new();
    let mut reserved_rows: BTreeSet<u32> = BTreeSet::new();
    for row in 0..cells::height(sheet) {
        if question_rows.contains(&row) {
            continue;
        }
        let note: String = cells::row_texts(sheet, row)
            .into_iter()
            .filter(|(c, _)| *c <= cols.answer.max(cols.question))
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join(" ");
        if !reserves_for_institution(&note) {
            continue;
        }
        let ids = mentioned_ids(&note);
        if ids.is_empty() {
            reserved_rows.extend(following_rows(row, &question_rows));
        }
        reserved_ids.extend(ids);
    }
    for q in questions.iter_mut() {
        let by_id = q.id.as_ref().is_some_and(|id| reserved_ids.contains(id));
        if (by_id || reserved_rows.contains(&q.row)) && q.writable == Writable::Yes {
            q.writable = Writable::Institution;
        }
    }
}

/// Marks the rows the sender's scope column rules out ("Applies? (Y/N)",
/// "In Scope?", "Applicable": No) as `Writable::OutOfScope`.
pub(crate) fn mark_out_of_scope(
    sheet: &Sheet,
    cols: &Columns,
    header_rows: &[u32],
    questions: &mut [QuestionRow],
) {
    let taken = cols.taken();
    // Per header row, its scope columns (read once, not per question).
    let scope_cols: HashMap<u32, Vec<u32>> = header_rows
        .iter()
        .map(|&h| {
            let found = cells::row_texts(sheet, h)
                .into_iter()
                .filter(|(c, label)| {
                    !taken.contains(&Some(*c)) && super::labels::is_scope_flag(label)
                })
                .map(|(c, _)| c)
                .collect();
            (h, found)
        })
        .collect();
    for q in questions.iter_mut() {
        let Some(header) = header_rows.iter().rev().find(|&&h| h < q.row) else {
            continue;
        };
        // Several scope columns are alternatives ("Tier 1 applicable?",
        // "Tier 2 applicable?"), and which one binds the vendor is not
        // known: a row is ruled out only when every one that answers says No.
        let verdicts: Vec<&str> = scope_cols
            .get(header)
            .into_iter()
            .flatten()
            .filter_map(|&c| crate::decide::value_meaning(&cells::text(sheet, q.row, c)))
            .collect();
        let ruled_out = !verdicts.is_empty() && verdicts.iter().all(|v| *v == "no");
        // The sender's note on the row says so in words ("N/A for SaaS – no
        // response required").
        let waived = cells::row_texts(sheet, q.row)
            .into_iter()
            .any(|(c, t)| !taken.contains(&Some(c)) && waives_answer(&t));
        if (ruled_out || waived) && q.writable == Writable::Yes {
            q.writable = Writable::OutOfScope;
        }
    }
}

/// Whether a note of the sender's says the row needs no answer ("No
/// response required", "Do not answer", "Skip this question"). A
/// condition ("If you hold no card data, do not answer") is guidance for
/// the vendor to weigh, not a waiver.
fn waives_answer(text: &str) -> bool {
    const PHRASES: &[&str] = &[
        "no response required",
        "no response needed",
        "response not required",
        "no answer required",
        "no answer needed",
        "answer not required",
        "not required to respond",
        "not required to answer",
        "do not answer",
        "does not need to be answered",
        "need not be answered",
        "skip this question",
    ];
    let lower = text.to_lowercase();
    let conditional = lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w, "if" | "unless" | "when" | "where"));
    !conditional && PHRASES.iter().any(|p| lower.contains(p))
}

/// The question rows directly under a note, up to the first gap.
fn following_rows(note: u32, question_rows: &BTreeSet<u32>) -> Vec<u32> {
    let mut out = Vec::new();
    let mut next = note + 1;
    while question_rows.contains(&next) {
        out.push(next);
        next += 1;
    }
    out
}

/// "… populated by the Institution", "to be completed by the customer": a note
/// that hands rows to the party that sent the questionnaire.
fn reserves_for_institution(note: &str) -> bool {
    const BY: &[&str] = &[
        "populated by",
        "completed by",
        "filled in by",
        "filled out by",
        "filled by",
        "answered by",
        "provided by",
    ];
    const PARTIES: &[&str] = &[
        "institution",
        "customer",
        "client",
        "university",
        "college",
        "school",
        "assessor",
        "reviewer",
        "analyst",
        "purchaser",
        "buyer",
        "requester",
    ];
    let n = note.to_lowercase();
    let Some(at) = BY
        .iter()
        .filter_map(|b| n.find(b).map(|i| i + b.len()))
        .min()
    else {
        return false;
    };
    let after: String = n[at..].chars().take(60).collect();
    PARTIES.iter().any(|p| after.contains(p))
}

/// The ids a note names; `A-01 through A-04` names the whole range.
fn mentioned_ids(note: &str) -> Vec<String> {
    let words: Vec<&str> = note
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| ",;:.".contains(c)))
        .collect();
    let mut ids = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if !text::is_id_like(w) || w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let ranged = matches!(words.get(i + 1), Some(&("through" | "to" | "thru" | "-")));
        match (ranged, words.get(i + 2)) {
            (true, Some(end)) => ids.extend(expand_range(w, end)),
            _ => ids.push((*w).to_string()),
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

/// `GEN-01`..`GEN-04` → every id between, keeping the zero padding.
fn expand_range(start: &str, end: &str) -> Vec<String> {
    const MAX_RANGE: u32 = 500;
    let split = |id: &str| {
        let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (prefix, number) = id.split_at(id.len() - digits);
        number
            .parse::<u32>()
            .ok()
            .map(|n| (prefix.to_string(), n, digits))
    };
    match (split(start), split(end)) {
        (Some((p, a, width)), Some((q, b, _))) if p == q && a <= b && b - a <= MAX_RANGE => {
            (a..=b).map(|n| format!("{p}{n:0width$}")).collect()
        }
        _ => vec![start.to_string(), end.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_that_reserve_rows() {
        let cases = [
            (
                "X-11 and X-12; populated by the Institution's Security Office",
                true,
            ),
            ("X-01 through X-08; populated by the Vendor", false),
            ("Rows below are to be completed by the customer", true),
            ("Completed by: vendor", false),
            ("Institution name", false),
        ];
        for (note, want) in cases {
            assert_eq!(reserves_for_institution(note), want, "{note}");
        }
    }

    #[test]
    fn ids_a_note_names() {
        let cases: &[(&str, &[&str])] = &[
            ("X-11 and X-12; populated by", &["X-11", "X-12"]),
            ("X-01 through X-03; populated by", &["X-01", "X-02", "X-03"]),
            ("rows 1 to 4", &[]),
            ("Q9 through R2", &["Q9", "R2"]),
        ];
        for (note, want) in cases {
            assert_eq!(mentioned_ids(note), *want, "{note}");
        }
    }
}
