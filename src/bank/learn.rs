//! Learning from reviewed fills: the smallest workflow that works in git. A
//! person reviewing a fill report marks the rows they confirmed, by adding
//! `"accept": true` to an item (the suggested entry was right) or
//! `"accept": "<entry-id>"` (this other entry is right). `qfill bank learn
//! report.json` then adds each confirmed question as an `alternates` phrasing
//! of its entry, editing only those lines of the bank files, so the curator
//! reviews the change as an ordinary diff and commits it. Next time the same
//! phrasing matches with confidence.

use super::AnswerBank;
use super::edit::FileEdit;
use crate::error::{Error, Result};
use crate::matcher::normalize::words;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One phrasing added to one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Learned {
    pub entry_id: String,
    pub question: String,
    pub file: PathBuf,
}

/// What `learn` did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LearnOutcome {
    pub added: Vec<Learned>,
    /// Confirmed questions the entry already had as a phrasing.
    pub already_known: usize,
}

/// The accepted (question, entry id) pairs of a report, with a description of each row.
///
/// # Errors
/// A report that is not a qfill report (no `items` list).
pub fn accepted(report: &serde_json::Value, path: &Path) -> Result<Vec<(String, String, String)>> {
    let items = report
        .get("items")
        .and_then(|i| i.as_array())
        .ok_or_else(|| {
            Error::Usage(format!(
                "{}: not a qfill report (no `items` list); pass the file written by fill --report",
                path.display()
            ))
        })?;
    let mut out = Vec::new();
    for item in items {
        let accept = item.get("accept");
        let row = format!(
            "{}!{}",
            item.get("sheet").and_then(|s| s.as_str()).unwrap_or("?"),
            item.get("answer_cell")
                .and_then(|s| s.as_str())
                .unwrap_or("?")
        );
        let entry = match accept {
            Some(serde_json::Value::Bool(true)) => item.get("entry_id").and_then(|e| e.as_str()),
            Some(serde_json::Value::String(id)) => Some(id.as_str()),
            None | Some(serde_json::Value::Bool(false) | serde_json::Value::Null) => None,
            // A mark qfill cannot read is a mistake to show, not a row to skip.
            Some(other) => {
                return Err(Error::Usage(format!(
                    "{}: {row} has \"accept\": {other}; write true (the suggested entry is right), \"<entry-id>\" or false",
                    path.display()
                )));
            }
        };
        let question = item.get("question").and_then(|q| q.as_str());
        match (entry, question) {
            (Some(entry), Some(question)) => {
                out.push((row, question.trim().to_string(), entry.to_string()));
            }
            // `true` on a row with no suggestion accepts nothing.
            (None, Some(question)) if accept == Some(&serde_json::Value::Bool(true)) => {
                out.push((row, question.trim().to_string(), String::new()));
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Why no accepted item may be learned, when some cannot be: an entry id
/// the bank lacks (with the nearest id), or `true` on a row without a
/// suggestion. Learning all or nothing keeps a typo from half-applying.
fn refusals(bank: &AnswerBank, accepted: &[(String, String, String)]) -> Vec<String> {
    accepted
        .iter()
        .filter(|(_, _, id)| bank.get(id).is_none())
        .map(|(row, _, id)| {
            if id.is_empty() {
                return format!(
                    "{row} accepts `true` but had no suggested entry: write \"accept\": \"<entry-id>\""
                );
            }
            // "yes" in quotes is a mark written as text, not an entry id.
            if is_a_mark(id) {
                return format!(
                    "{row} has \"accept\": \"{id}\", a string; write true without quotes (the suggested entry is right), false, or \"<entry-id>\""
                );
            }
            let nearest = bank
                .entries
                .iter()
                .map(|e| (strsim::levenshtein(&e.id, id), &e.id))
                .min()
                .filter(|(d, _)| *d <= 3)
                .map(|(_, near)| format!("; did you mean `{near}`?"))
                .unwrap_or_default();
            format!("{row} accepts `{id}`, which is not in the bank{nearest}")
        })
        .collect()
}

/// Whether an `accept` string is a yes or no typed as text ("yes", "True", "x").
fn is_a_mark(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "yes" | "y" | "true" | "ok" | "x" | "accept" | "accepted" | "no" | "n" | "false"
    )
}

/// Adds the accepted questions of `report` to their entries' alternates (unless `dry_run`).
///
/// # Errors
/// A malformed report, or bank files that cannot be edited or written.
pub fn learn(
    bank: &AnswerBank,
    report: &serde_json::Value,
    path: &Path,
    dry_run: bool,
) -> Result<LearnOutcome> {
    let mut outcome = LearnOutcome::default();
    let mut edits: BTreeMap<PathBuf, FileEdit> = BTreeMap::new();
    let mut pending: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let accepted = accepted(report, path)?;
    let refused = refusals(bank, &accepted);
    if !refused.is_empty() {
        return Err(Error::Usage(format!(
            "{}: nothing learned: {}",
            path.display(),
            refused.join("; ")
        )));
    }
    for (_, question, id) in accepted {
        let Some(entry) = bank.get(&id) else {
            continue;
        };
        let known = entry
            .phrasings()
            .chain(pending.get(&id).into_iter().flatten().map(String::as_str))
            .any(|p| same(p, &question));
        if known {
            outcome.already_known += 1;
            continue;
        }
        if !edits.contains_key(&entry.source) {
            edits.insert(entry.source.clone(), FileEdit::open(&entry.source)?);
        }
        if let Some(edit) = edits.get_mut(&entry.source) {
            edit.add_alternate(&id, &question);
        }
        pending
            .entry(id.clone())
            .or_default()
            .push(question.clone());
        outcome.added.push(Learned {
            entry_id: id,
            question,
            file: entry.source.clone(),
        });
    }
    super::edit::write_edits(edits.values(), dry_run)?;
    Ok(outcome)
}

/// Whether two phrasings are the same question up to case, punctuation and spacing.
fn same(a: &str, b: &str) -> bool {
    words(a) == words(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_accepted_rows_once() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("bank.toml");
        std::fs::write(
            &file,
            "# access\n[[entry]]\nid = \"mfa\"\nquestion = \"Is MFA enforced?\"\nanswer = \"Yes\"\n\n[[entry]]\nid = \"sso\"\nquestion = \"Is SSO supported?\"\nanswer = \"Yes\"\n",
        )
        .unwrap();
        let bank = AnswerBank::load(tmp.path()).unwrap();
        let report = serde_json::json!({"items": [
            {"sheet": "S", "answer_cell": "C2", "question": "Two-step login for staff?", "entry_id": "mfa", "accept": true},
            {"sheet": "S", "answer_cell": "C3", "question": "two-step login for staff", "entry_id": "mfa", "accept": true},
            {"sheet": "S", "answer_cell": "C4", "question": "Do you support SAML?", "entry_id": "mfa", "accept": "sso"},
            {"sheet": "S", "answer_cell": "C5", "question": "Is MFA enforced?", "entry_id": "mfa", "accept": true},
            {"sheet": "S", "answer_cell": "C6", "question": "Not reviewed", "entry_id": "mfa"}
        ]});
        let mut typo = report.clone();
        typo["items"].as_array_mut().unwrap().extend([
            serde_json::json!({"sheet": "S", "answer_cell": "C7", "question": "Gone?", "entry_id": "mfa", "accept": "ssso"}),
            serde_json::json!({"sheet": "S", "answer_cell": "C8", "question": "Nothing?", "entry_id": null, "accept": true}),
            serde_json::json!({"sheet": "S", "answer_cell": "C9", "question": "Typed?", "entry_id": "mfa", "accept": "Yes"}),
        ]);
        let err = learn(&bank, &typo, Path::new("r.json"), false)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("S!C7 accepts `ssso`, which is not in the bank; did you mean `sso`?"),
            "{err}"
        );
        assert!(
            err.contains("S!C8 accepts `true` but had no suggested entry"),
            "{err}"
        );
        assert!(
            err.contains("S!C9 has \"accept\": \"Yes\", a string; write true without quotes"),
            "{err}"
        );
        assert!(
            !std::fs::read_to_string(&file)
                .unwrap()
                .contains("alternates"),
            "nothing written"
        );
        let out = learn(&bank, &report, Path::new("r.json"), false).unwrap();
        assert_eq!(out.added.len(), 2);
        assert_eq!(out.already_known, 2);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.starts_with("# access\n"), "comments kept: {text}");
        let bank = AnswerBank::load(tmp.path()).unwrap();
        assert_eq!(
            bank.get("mfa").unwrap().alternates,
            ["Two-step login for staff?"]
        );
        assert_eq!(
            bank.get("sso").unwrap().alternates,
            ["Do you support SAML?"]
        );
        assert!(accepted(&serde_json::json!({}), Path::new("r.json")).is_err());
        for odd in [
            serde_json::json!(42),
            serde_json::json!(["a"]),
            serde_json::json!(""),
        ] {
            let report = serde_json::json!({"items": [
                {"sheet": "S", "answer_cell": "C2", "question": "Q?", "entry_id": "mfa", "accept": odd}
            ]});
            let got = accepted(&report, Path::new("r.json"));
            if odd == serde_json::json!("") {
                // An empty id is refused later, as an id the bank lacks.
                assert!(got.is_ok());
            } else {
                let err = got.unwrap_err().to_string();
                assert!(err.contains("S!C2 has \"accept\""), "{err}");
            }
        }
    }
}
