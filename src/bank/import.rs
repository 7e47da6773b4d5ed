//! `bank import`: grow the bank from questionnaires already answered. Each
//! answered row becomes a draft entry (a new id, never reviewed, controls
//! suggested from a control id the question quotes or from the closest
//! existing entry), unless the matcher is confident it is a question the bank
//! already answers: then its wording is folded into that entry's `alternates`.
//! "Yes/No + comment" rows become `answer` + `detail`; prose answers stay intact.

use super::edit::FileEdit;
use super::{AnswerBank, BankEntry};
use crate::controls::questionnaire::quoted_controls;
use crate::detect::{self, Overrides};
use crate::error::{Error, Result};
use crate::matcher::Matcher;
use crate::matcher::normalize::words;
use crate::workbook;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// How to import, decided once from the command line.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The file that receives the draft entries.
    pub into: PathBuf,
    /// A match at least this strong folds the question into the entry's alternates.
    pub fold_at: f64,
    /// A match at least this strong lends its controls to a draft.
    pub suggest_at: f64,
    /// Compute the result without writing.
    pub dry_run: bool,
}

impl ImportOptions {
    pub fn new(into: PathBuf) -> ImportOptions {
        ImportOptions {
            into,
            fold_at: 0.85,
            suggest_at: 0.4,
            dry_run: false,
        }
    }
}

/// A question folded into an existing entry's alternates.
#[derive(Debug, Clone, Serialize)]
pub struct Folded {
    pub source: String,
    pub question: String,
    pub entry: String,
    pub score: f64,
}

/// A new draft entry.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    pub source: String,
    pub id: String,
    pub question: String,
    pub answer: String,
    pub controls: Vec<String>,
    /// Where the controls came from: `question` or the id of the closest entry.
    pub controls_from: Option<String>,
    /// The entry this row would have joined, had its answer not said the
    /// opposite (Yes against No): a person must decide which is right.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contradicts: Option<String>,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BankImport {
    pub folded: Vec<Folded>,
    pub drafts: Vec<Draft>,
    /// Answered rows whose wording the bank already has, or that repeat an earlier row.
    pub already_known: usize,
    /// Question rows without an answer.
    pub unanswered: usize,
    /// Rows whose answer an earlier `qfill fill` suggested and its summary
    /// sheet still lists for review: qfill's guess, not a person's answer.
    pub unconfirmed: usize,
    /// The files whose text changes: written, or with `--dry-run` the ones
    /// that would be.
    pub files_changed: Vec<PathBuf>,
    /// Nothing was written (`--dry-run`).
    pub dry_run: bool,
}

/// Imports answered questionnaires into the bank.
///
/// # Errors
/// An unreadable questionnaire, or a bank file the edits cannot be applied to.
pub fn import(
    inputs: &[PathBuf],
    bank: &AnswerBank,
    matcher: &Matcher,
    opts: &ImportOptions,
) -> Result<BankImport> {
    let reserved = opts
        .into
        .file_name()
        .is_some_and(|n| super::RESERVED_FILES.contains(&n.to_string_lossy().as_ref()));
    if reserved || opts.into.extension().is_none_or(|e| e != "toml") {
        return Err(Error::Usage(format!(
            "--into {}: drafts go into an entry file of the bank (a .toml file other than {})",
            opts.into.display(),
            super::RESERVED_FILES.join(" and ")
        )));
    }
    let mut run = Run {
        bank,
        matcher,
        opts,
        out: BankImport::default(),
        seen: HashSet::new(),
        ids: bank.entries.iter().map(|e| e.id.clone()).collect(),
        folds: BTreeMap::new(),
        new_entries: Vec::new(),
        phrasings: phrasings(bank),
    };
    for input in inputs {
        let book = workbook::read(input)?;
        let found = detect::detect(&book, &Overrides::default());
        let suggested = crate::fill::earlier_suggestions(&book);
        for sheet in &found.sheets {
            for q in &sheet.questions {
                if suggested.holds(&sheet.name, q.row + 1, &q.existing_answer) {
                    run.out.unconfirmed += 1;
                    continue;
                }
                let source = format!(
                    "{} sheet `{}` row {}",
                    file_name(input),
                    sheet.name,
                    q.row + 1
                );
                run.row(q, source);
            }
        }
    }
    run.out.files_changed = apply(&run.folds, &run.new_entries, opts)?;
    run.out.dry_run = opts.dry_run;
    Ok(run.out)
}

/// The state of one import as rows go by.
struct Run<'a> {
    bank: &'a AnswerBank,
    matcher: &'a Matcher,
    opts: &'a ImportOptions,
    out: BankImport,
    /// Folded question texts already handled (a repeated row is skipped).
    seen: HashSet<String>,
    /// Entry ids taken, in the bank and by new drafts.
    ids: HashSet<String>,
    /// Per bank file: (entry id, new alternate).
    folds: BTreeMap<PathBuf, Vec<(String, String)>>,
    /// New entries with the comment written above each.
    new_entries: Vec<(BankEntry, String)>,
    /// Per folded phrasing of the bank: the entries that have it.
    phrasings: HashMap<String, Vec<usize>>,
}

/// Every entry's phrasings, folded, with the entries that have each.
fn phrasings(bank: &AnswerBank) -> HashMap<String, Vec<usize>> {
    let mut out: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in bank.entries.iter().enumerate() {
        for p in e.phrasings() {
            out.entry(fold_text(p)).or_default().push(i);
        }
    }
    out
}

impl Run<'_> {
    /// Handles one question row: skip it, fold it into an entry, or draft an entry.
    fn row(&mut self, q: &detect::QuestionRow, source: String) {
        if q.existing_answer.trim().is_empty() {
            self.out.unanswered += 1;
            return;
        }
        let folded = fold_text(&q.text);
        // An entry with this very wording and an answer that agrees (a
        // draft of an earlier import, say) already holds the row.
        let held = self.phrasings.get(&folded).is_some_and(|entries| {
            entries
                .iter()
                .any(|&i| !contradicts(&q.existing_answer, &self.bank.entries[i]))
        });
        if !self.seen.insert(folded) || held {
            self.out.already_known += 1;
            return;
        }
        let outcome = self.matcher.match_question(&q.text);
        let best = outcome
            .best()
            .map(|b| (&self.bank.entries[b.entry], b.score));
        // A row whose answer says the opposite of its entry's is never
        // folded away: it becomes a draft beside the entry, and the lint's
        // conflict check makes a person choose.
        let contradicted = best
            .filter(|(e, s)| *s >= self.opts.fold_at && contradicts(&q.existing_answer, e))
            .map(|(e, _)| e.id.clone());
        let best = best.filter(|_| contradicted.is_none());
        match best {
            Some((entry, _))
                if entry
                    .phrasings()
                    .any(|p| fold_text(p) == fold_text(&q.text)) =>
            {
                self.out.already_known += 1;
            }
            Some((entry, score)) if score >= self.opts.fold_at => {
                self.folds
                    .entry(entry.source.clone())
                    .or_default()
                    .push((entry.id.clone(), q.text.clone()));
                self.out.folded.push(Folded {
                    source,
                    question: q.text.clone(),
                    entry: entry.id.clone(),
                    score: crate::report::round(score),
                });
            }
            _ => {
                let id = unique_id(&q.text, &mut self.ids);
                let closest = best.filter(|(_, s)| *s >= self.opts.suggest_at);
                let (mut draft, entry) = draft(id, source, q, closest);
                draft.contradicts = contradicted;
                self.new_entries
                    .push((entry, provenance(&draft, closest.map(|(_, s)| s))));
                self.out.drafts.push(draft);
            }
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A question folded for comparison: lowercase words only.
fn fold_text(text: &str) -> String {
    words(text).join(" ")
}

/// Whether a questionnaire's answer says Yes where the entry says No, or
/// the reverse (N/A and phrases without a verdict contradict nothing), or
/// states a number the entry nowhere does ("90 days" against "1 year",
/// "TLS 1.0" against "TLS 1.2 or higher"): either way a person must choose.
fn contradicts(answer: &str, entry: &BankEntry) -> bool {
    let theirs = verdict(answer);
    let ours = entry
        .choice
        .as_deref()
        .and_then(polar)
        .or_else(|| verdict(&entry.answer));
    let polar_clash = matches!(
        (theirs, ours),
        (Some("Yes"), Some("No")) | (Some("No"), Some("Yes"))
    );
    let stated = [Some(entry.answer.as_str()), entry.detail.as_deref()]
        .into_iter()
        .flatten()
        .flat_map(numbers)
        .collect::<HashSet<_>>();
    polar_clash || numbers(answer).any(|n| !stated.contains(n))
}

/// The numbers a text states ("1.2", "256", "24"), without the trailing
/// full stop of a sentence.
fn numbers(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|t| t.trim_matches('.'))
        .filter(|t| t.bytes().any(|b| b.is_ascii_digit()))
}

/// The yes/no an answer opens with ("Yes, weekly" says Yes).
fn verdict(answer: &str) -> Option<&'static str> {
    let first = answer
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .find(|w| !w.is_empty())?;
    polar(first)
}

/// The canonical short answer when a cell says only yes, no or not applicable.
fn polar(answer: &str) -> Option<&'static str> {
    let folded = answer.trim().trim_end_matches('.').to_lowercase();
    match folded.as_str() {
        "yes" | "y" | "true" => Some("Yes"),
        "no" | "n" | "false" => Some("No"),
        "n/a" | "na" | "n.a" | "not applicable" => Some("N/A"),
        _ => None,
    }
}

fn draft(
    id: String,
    source: String,
    q: &detect::QuestionRow,
    closest: Option<(&BankEntry, f64)>,
) -> (Draft, BankEntry) {
    let answer_cell = q.existing_answer.trim();
    // The comment meant for this answer ("If No, explain" beside a No),
    // else whatever comment the row holds.
    let comment = q
        .comment_for(crate::decide::verdict(answer_cell))
        .map(|(_, existing)| existing.trim())
        .filter(|c| !c.is_empty())
        .or_else(|| {
            std::iter::once(q.existing_comment.as_str())
                .chain(q.conditional_comments.iter().map(|c| c.existing.as_str()))
                .map(str::trim)
                .find(|c| !c.is_empty())
        })
        .unwrap_or_default();
    let answer = polar(answer_cell)
        .map(str::to_string)
        .unwrap_or_else(|| answer_cell.to_string());
    let mut entry = BankEntry::new(&id, &q.text, &answer);
    entry.detail = (!comment.is_empty()).then(|| comment.to_string());
    entry.tags = vec!["imported".into()];
    let quoted = quoted_controls(&format!("{} {}", q.id.as_deref().unwrap_or(""), q.text));
    let controls_from = if !quoted.is_empty() {
        entry.controls = quoted.iter().map(ToString::to_string).collect();
        Some("question".to_string())
    } else if let Some((closest, _)) = closest.filter(|(e, _)| !e.controls.is_empty()) {
        entry.controls = closest.controls.clone();
        Some(closest.id.clone())
    } else {
        None
    };
    let d = Draft {
        source,
        id,
        question: q.text.clone(),
        answer,
        controls: entry.controls.clone(),
        controls_from,
        contradicts: None,
    };
    (d, entry)
}

/// The comment written above a draft so its reviewer knows where it came from.
fn provenance(d: &Draft, score: Option<f64>) -> String {
    let mut text = format!("draft imported from {}", d.source);
    if let Some(entry) = &d.contradicts {
        text.push_str(&format!(
            "\nits answer disagrees with entry `{entry}` (the other verdict, or a number the entry does not state): keep the right one and delete the other"
        ));
    }
    match (&d.controls_from, score) {
        (Some(q), _) if q == "question" => text.push_str("\ncontrols quoted by the question"),
        (Some(e), Some(s)) => text.push_str(&format!(
            "\ncontrols suggested from `{e}` (match score {s:.2}); check them"
        )),
        _ => text.push_str("\nno controls suggested; add them"),
    }
    text.push_str("\nset `reviewed` once a person has checked this answer");
    text
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// A new kebab-case id from the question's first content words, unique in `ids`.
pub fn unique_id(question: &str, ids: &mut HashSet<String>) -> String {
    const SKIP: &[&str] = &[
        "a", "an", "the", "do", "does", "is", "are", "you", "your", "of", "for", "to", "in", "and",
        "or", "please", "describe", "if", "so", "how", "what", "any", "have", "has", "with", "on",
        "by", "be", "can", "will", "we", "our", "from", "there", "at", "as", "that", "which",
        "all",
    ];
    let picked: Vec<String> = words(question)
        .into_iter()
        .filter(|w| w.chars().all(|c| c.is_ascii_alphanumeric()) && !SKIP.contains(&w.as_str()))
        .take(5)
        .collect();
    let base = if picked.is_empty() {
        "imported".to_string()
    } else {
        picked.join("-")
    };
    let mut id = base.clone();
    let mut n = 2;
    while ids.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    ids.insert(id.clone());
    id
}

fn apply(
    folds: &BTreeMap<PathBuf, Vec<(String, String)>>,
    drafts: &[(BankEntry, String)],
    opts: &ImportOptions,
) -> Result<Vec<PathBuf>> {
    let mut edits: Vec<FileEdit> = Vec::new();
    for (path, items) in folds {
        let mut edit = FileEdit::open(path)?;
        for (id, question) in items {
            edit.add_alternate(id, question);
        }
        edits.push(edit);
    }
    if !drafts.is_empty() {
        let mut edit = match edits.iter().position(|e| same_file(&e.path, &opts.into)) {
            Some(i) => edits.remove(i),
            None => FileEdit::open(&opts.into)?,
        };
        for (entry, comment) in drafts {
            edit.append(entry, Some(comment));
        }
        edits.push(edit);
    }
    super::edit::write_edits(&edits, opts.dry_run)
}

#[cfg(test)]
mod tests;
