//! `bank lint`: everything that makes a bank wrong (errors) or tired
//! (warnings), found in one pass so a curator can fix them all at once.
//!
//! Errors: schema errors (with file and line), duplicate ids, unknown control
//! ids (a 2013 Annex A id is told its 2022 successor), unknown placeholders.
//! Warnings: the same question answered twice, near-identical questions with
//! different short answers, stale or missing reviews, reviews dated in the
//! future, missing owners, entries without controls, and profile attestations
//! that no longer hold.

mod duplicates;
mod spot;

use super::{BankEntry, Profile, attestation, entry, entry_files, placeholders, read_text};
use crate::controls::{Category, lookup};
use crate::date::Date;
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// How strict to be.
#[derive(Debug, Clone, Copy)]
pub struct LintOptions {
    /// Entries reviewed longer ago than this are stale.
    pub max_age_days: i64,
    pub today: Date,
}

/// Whether a finding fails the lint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, with where it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// A stable name for the rule (`unknown-control`, `stale-review`, …).
    pub rule: &'static str,
    pub file: String,
    /// 1-based; 0 when the finding is about the whole file.
    pub line: usize,
    pub entry: Option<String>,
    pub message: String,
}

/// The outcome of a lint.
#[derive(Debug, Clone, Serialize)]
pub struct LintReport {
    pub bank: String,
    pub files: usize,
    pub entries: usize,
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<Finding>,
}

impl LintReport {
    /// Whether the bank has no errors (warnings do not fail a lint).
    pub fn passed(&self) -> bool {
        self.errors == 0
    }
}

fn finding(severity: Severity, rule: &'static str, e: &BankEntry, message: String) -> Finding {
    Finding {
        severity,
        rule,
        file: e.source.display().to_string(),
        line: e.line,
        entry: Some(e.id.clone()),
        message,
    }
}

/// Lints the bank in `dir`.
///
/// # Errors
/// Only a missing or unreadable directory; everything wrong inside it is a finding.
pub fn lint(dir: &Path, opts: &LintOptions) -> Result<LintReport> {
    super::check_dir(dir)?;
    let files = entry_files(dir)?;
    let mut findings = Vec::new();
    let mut entries = Vec::new();
    for path in &files {
        match read_text(path) {
            Ok(text) => {
                let (parsed, errors) = entry::parse_file_all(path, &text);
                entries.extend(parsed);
                findings.extend(errors.into_iter().map(|e| error_finding(path, e)));
            }
            Err(e) => findings.push(error_finding(path, e)),
        }
    }
    let profile = load_profile(dir, &mut findings);
    // The bank's thesaurus is read by `match` and `fill`; a broken one
    // stops them, so the gate must fail on it too.
    let thesaurus = dir.join("thesaurus.toml");
    if thesaurus.is_file()
        && let Err(e) = crate::matcher::thesaurus::Thesaurus::load(
            &crate::matcher::normalize::Normalizer::default(),
            Some(&thesaurus),
        )
    {
        findings.push(error_finding(&thesaurus, e));
    }
    findings.extend(duplicate_ids(&entries));
    for e in &entries {
        findings.extend(entry_findings(e, profile.as_ref(), opts));
    }
    findings.extend(duplicates::near_duplicates(&entries));
    // `match`, `fill` and `coverage` refuse an empty bank; the gate must too.
    if entries.is_empty() && findings.is_empty() {
        findings.push(Finding {
            severity: Severity::Error,
            rule: "empty-bank",
            file: dir.display().to_string(),
            line: 0,
            entry: None,
            message: "the bank holds no entries: add [[entry]] tables to a .toml file here (`qfill init` writes examples)".into(),
        });
    }
    if let Some(p) = &profile {
        findings.extend(profile_findings(p, opts));
    }
    spot::refine(&mut findings);
    findings.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then(a.file.cmp(&b.file))
            .then(a.line.cmp(&b.line))
    });
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    Ok(LintReport {
        bank: dir.display().to_string(),
        files: files.len(),
        entries: entries.len(),
        errors,
        warnings: findings.len() - errors,
        findings,
    })
}

/// The errors of a loaded bank that can put wrong text into a filled
/// questionnaire (unknown placeholders, profile values that are not what
/// their key needs, unknown controls): the per-entry and profile checks of
/// [`lint`], without its slower bank-wide ones, for `fill` to warn about.
pub fn errors_of(bank: &super::AnswerBank, today: Date) -> Vec<Finding> {
    let opts = LintOptions {
        max_age_days: i64::MAX,
        today,
    };
    let profile = bank.profile.as_ref();
    let mut out: Vec<Finding> = bank
        .entries
        .iter()
        .flat_map(|e| entry_findings(e, profile, &opts))
        .chain(
            profile
                .map(|p| profile_findings(p, &opts))
                .unwrap_or_default(),
        )
        .filter(|f| f.severity == Severity::Error)
        .collect();
    spot::refine(&mut out);
    out.sort_by(|a, b| a.file.cmp(&b.file).then(a.line.cmp(&b.line)));
    out
}

fn error_finding(path: &Path, e: Error) -> Finding {
    let (line, message) = match e {
        Error::BankSyntax { line, message, .. } => (line, message),
        other => (0, other.to_string()),
    };
    // The loader rejects empty answers as a schema error; name the rule.
    let rule = if message.contains("key `answer` must not be empty") {
        "empty-answer"
    } else {
        "schema"
    };
    Finding {
        severity: Severity::Error,
        rule,
        file: path.display().to_string(),
        line,
        entry: None,
        message,
    }
}

fn load_profile(dir: &Path, findings: &mut Vec<Finding>) -> Option<Profile> {
    let path = dir.join("profile.toml");
    if !path.is_file() {
        return None;
    }
    match read_text(&path).and_then(|text| Profile::parse(&path, &text)) {
        Ok(p) => Some(p),
        Err(e) => {
            findings.push(error_finding(&path, e));
            None
        }
    }
}

fn duplicate_ids(entries: &[BankEntry]) -> Vec<Finding> {
    let mut first: HashMap<&str, &BankEntry> = HashMap::new();
    let mut out = Vec::new();
    for e in entries {
        if let Some(f) = first.get(e.id.as_str()) {
            let msg = format!(
                "duplicate entry id `{}` (first defined at {}:{})",
                e.id,
                f.source.display(),
                f.line
            );
            out.push(finding(Severity::Error, "duplicate-id", e, msg));
        } else {
            first.insert(&e.id, e);
        }
    }
    out
}

/// The errors lint would report on these entries alone (unknown controls,
/// a `choice` that contradicts the answer, …), for an edit to check before
/// it writes them.
pub fn entry_errors(entries: &[&BankEntry], profile: Option<&Profile>) -> Vec<Finding> {
    let opts = LintOptions {
        max_age_days: i64::MAX,
        today: Date::today(),
    };
    entries
        .iter()
        .flat_map(|e| entry_findings(e, profile, &opts))
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

fn entry_findings(e: &BankEntry, profile: Option<&Profile>, opts: &LintOptions) -> Vec<Finding> {
    let mut out = Vec::new();
    for c in &e.controls {
        if let Err(err) = lookup(c, false) {
            out.push(finding(
                Severity::Error,
                "unknown-control",
                e,
                format!("entry `{}`: {err}", e.id),
            ));
        }
    }
    let texts = e
        .phrasings()
        .chain(std::iter::once(e.answer.as_str()))
        .chain(e.detail.as_deref());
    let mut reported = Vec::new();
    for name in texts.flat_map(placeholders) {
        let known = profile.is_some_and(|p| p.values.contains_key(name));
        if !known && !reported.contains(&name) {
            reported.push(name);
            let why = if profile.is_some() {
                "profile.toml does not define it"
            } else {
                "the bank has no profile.toml"
            };
            out.push(finding(
                Severity::Error,
                "unknown-placeholder",
                e,
                format!(
                    "entry `{}`: unknown placeholder `{{{{{name}}}}}` ({why})",
                    e.id
                ),
            ));
        }
    }
    // "{{company Yes": a placeholder never closed would reach prospects as written.
    let texts = e
        .phrasings()
        .chain(std::iter::once(e.answer.as_str()))
        .chain(e.detail.as_deref());
    if texts.into_iter().any(unclosed_placeholder) {
        out.push(finding(
            Severity::Error,
            "unclosed-placeholder",
            e,
            format!(
                "entry `{}`: a placeholder opens with {{{{ and never closes with }}}}",
                e.id
            ),
        ));
    }
    out.extend(freshness(e, opts));
    out.extend(choice_conflict(e));
    out.extend(repeated_phrasing(e));
    if e.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
        out.push(finding(
            Severity::Warning,
            "missing-owner",
            e,
            format!("entry `{}` has no owner", e.id),
        ));
    }
    // Facts about the company (its name, website, headcount) evidence no control by nature.
    let is_fact = e.tags.iter().any(|t| t == "company");
    if e.controls.is_empty() && !is_fact {
        out.push(finding(
            Severity::Warning,
            "no-controls",
            e,
            format!("entry `{}` evidences no control (add `controls`)", e.id),
        ));
    }
    out
}

/// An alternate that repeats the entry's question or an earlier alternate
/// in the same words (case and punctuation aside): it adds nothing to the
/// matching and only lengthens the list.
fn repeated_phrasing(e: &BankEntry) -> Option<Finding> {
    let mut seen = std::collections::HashSet::new();
    let repeated = e.phrasings().find(|p| !seen.insert(duplicates::words(p)))?;
    Some(finding(
        Severity::Warning,
        "repeated-alternate",
        e,
        format!(
            "entry `{}`: the alternate \"{repeated}\" repeats its question or another alternate; remove it",
            e.id
        ),
    ))
}

/// A `choice` that says otherwise than the answer's own Yes / No would put
/// one thing in a dropdown and the opposite in the comment beside it.
fn choice_conflict(e: &BankEntry) -> Option<Finding> {
    let choice = e.choice.as_deref()?;
    let own = crate::decide::map_to_choice(&e.answer, &["Yes".into(), "No".into(), "N/A".into()])?;
    (own != choice).then(|| {
        finding(
            Severity::Error,
            "choice-contradicts-answer",
            e,
            format!(
                "entry `{}`: `choice = \"{choice}\"` but the answer says {own} (`{}`)",
                e.id, e.answer
            ),
        )
    })
}

fn freshness(e: &BankEntry, opts: &LintOptions) -> Option<Finding> {
    let Some(reviewed) = e.reviewed else {
        return Some(finding(
            Severity::Warning,
            "never-reviewed",
            e,
            format!("entry `{}` has no `reviewed` date", e.id),
        ));
    };
    let age = reviewed.days_until(opts.today);
    if age > opts.max_age_days {
        let msg = format!(
            "entry `{}` was last reviewed on {reviewed}, {age} days ago (more than {})",
            e.id, opts.max_age_days
        );
        return Some(finding(Severity::Warning, "stale-review", e, msg));
    }
    (age < 0).then(|| {
        finding(
            Severity::Warning,
            "future-review",
            e,
            format!(
                "entry `{}`: `reviewed` is {reviewed}, after today ({})",
                e.id, opts.today
            ),
        )
    })
}

fn profile_findings(p: &Profile, opts: &LintOptions) -> Vec<Finding> {
    let file = p.path.display().to_string();
    let warn = |rule, message| Finding {
        severity: Severity::Warning,
        rule,
        file: file.clone(),
        line: 0,
        entry: None,
        message,
    };
    let mut out: Vec<Finding> = attestation::check(p, opts.today)
        .into_iter()
        .map(|s| warn("attestation", s.message))
        .collect();
    let error = |message| Finding {
        severity: Severity::Error,
        rule: "profile",
        file: file.clone(),
        line: 0,
        entry: None,
        message,
    };
    for c in p
        .soc2_categories
        .iter()
        .filter(|c| Category::parse(c).is_none())
    {
        out.push(error(format!("[soc2] categories: unknown category `{c}` (use security, availability, processing_integrity, confidentiality, privacy)")));
    }
    for (key, meant) in &p.misspelt {
        let (section, name) = key.split_once('.').unwrap_or((key, ""));
        out.push(warn("profile-key", format!(
            "[{section}] {name}: not a key qfill reads; did you mean `{meant}`? (qfill reads [{section}] {meant} for coverage and expiry checks)"
        )));
    }
    for key in &p.undated {
        let (section, name) = key.split_once('.').unwrap_or((key, ""));
        out.push(error(format!(
            "[{section}] {name} is not a date, so its expiry cannot be checked: write it as a TOML date without quotes ({name} = 2026-09-30)"
        )));
    }
    out
}

/// Whether a text opens a placeholder (`{{`) that no `}}` closes.
fn unclosed_placeholder(text: &str) -> bool {
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        match rest[start + 2..].find("}}") {
            // A second opening before the close means the first never closed.
            Some(end) if !rest[start + 2..start + 2 + end].contains("{{") => {
                rest = &rest[start + 2 + end + 2..];
            }
            _ => return true,
        }
    }
    false
}

#[cfg(test)]
mod tests;
