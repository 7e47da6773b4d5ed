//! `qfill match`: look one question up in the bank, the way a sales engineer
//! does on a call, with the reasons for the ranking.

use super::print;
use anyhow::Result;
use qfill::bank::AnswerBank;
use qfill::decide::{self, Thresholds};
use qfill::matcher::Matcher;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The question, in quotes.
    pub question: String,
    /// The answer bank directory [default: ./answer_bank].
    #[arg(long, value_name = "DIR")]
    pub bank: Option<PathBuf>,
    /// How many candidates to show (at least 1).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..))]
    pub top: u16,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct JsonMatch<'a> {
    question: &'a str,
    status: &'static str,
    candidates: Vec<JsonCandidate>,
    why: qfill::report::Why,
}

#[derive(Serialize)]
struct JsonCandidate {
    entry_id: String,
    score: f64,
    answer: String,
    question: String,
    controls: Vec<String>,
    /// Why this candidate scored as it did (the first's is also `why`).
    why: qfill::report::Why,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.question.trim().is_empty() {
        return Err(qfill::error::Error::Usage(
            "the question is empty: give it in quotes, e.g. qfill match \"Do you enforce MFA?\""
                .into(),
        )
        .into());
    }
    let started = std::time::Instant::now();
    // The embedding table loads while the bank is read.
    qfill::matcher::embed::Embedder::preload();
    let bank = AnswerBank::load(&super::bank_dir(args.bank.as_deref()))?;
    tracing::debug!("bank read in {:.1?}", started.elapsed());
    let matcher = Matcher::for_lookups(&bank)?;
    let (outcome, whys) = matcher.match_explained(&args.question, usize::from(args.top));
    tracing::debug!("question matched after {:.1?}", started.elapsed());
    let status = decide::status(&outcome, &Thresholds::default()).as_str();
    let w = &outcome.why;
    let result = JsonMatch {
        question: &args.question,
        status,
        candidates: outcome
            .candidates
            .iter()
            .zip(&whys)
            .map(|(c, why)| {
                let e = &bank.entries[c.entry];
                JsonCandidate {
                    entry_id: e.id.clone(),
                    score: qfill::report::round(c.score),
                    answer: bank.render(&e.answer),
                    question: e.question.clone(),
                    controls: e.controls.clone(),
                    why: qfill::report::Why::from(why),
                }
            })
            .collect(),
        why: qfill::report::Why::from(w),
    };
    let text = if args.json {
        serde_json::to_string_pretty(&result)? + "\n"
    } else {
        human(&result)
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn human(m: &JsonMatch<'_>) -> String {
    let mut out = format!("{}: {}\n", m.status, m.question);
    if m.candidates.is_empty() {
        out.push_str("  no entry in the bank shares a term with this question\n");
        return out;
    }
    for (i, c) in m.candidates.iter().enumerate() {
        out.push_str(&format!(
            "{}. {}  (score {})\n   Q: {}\n   A: {}\n",
            i + 1,
            c.entry_id,
            qfill::report::shown(c.score),
            c.question,
            c.answer
        ));
        if !c.controls.is_empty() {
            out.push_str(&format!("   controls: {}\n", c.controls.join(", ")));
        }
        // The best one's reasons follow in full; a runner-up's in a line.
        if i > 0 {
            out.push_str(&format!("   {}\n", in_brief(&c.why)));
        }
    }
    let w = &m.why;
    out.push_str(&format!(
        "why: best phrasing \"{}\"; margin {} over the runner-up\n",
        w.matched_phrasing.as_deref().unwrap_or(""),
        qfill::report::shown(w.margin)
    ));
    out.push_str(&format!("  shared terms: {}\n", w.matched_terms.join(", ")));
    if !w.elsewhere_terms.is_empty() {
        out.push_str(&format!(
            "  elsewhere in the entry (answer, detail, tags, other phrasings): {}\n",
            w.elsewhere_terms.join(", ")
        ));
    }
    if !w.unmatched_terms.is_empty() {
        out.push_str(&format!(
            "  not in the entry: {}\n",
            w.unmatched_terms.join(", ")
        ));
    }
    for (label, list) in [
        ("synonyms", &w.synonyms),
        ("typos repaired", &w.corrections),
        ("kindred words", &w.kindred),
    ] {
        if !list.is_empty() {
            out.push_str(&format!("  {label}: {}\n", list.join("; ")));
        }
    }
    if let Some(c) = &w.conflict {
        out.push_str(&format!("  contrast: the question says {c}\n"));
    }
    if w.negation_mismatch {
        out.push_str("  negation on one side only\n");
    }
    if let Some(t) = &w.thin_evidence {
        out.push_str(&format!("  thin evidence: {t}\n"));
    }
    out
}

/// A runner-up's reasons in one line: what it shares, what it lacks, and
/// what held it back.
fn in_brief(w: &qfill::report::Why) -> String {
    let list = |l: &[String]| {
        if l.is_empty() {
            "-".to_string()
        } else {
            l.join(", ")
        }
    };
    let mut out = format!(
        "why: shares {}; not in it: {}",
        list(&w.matched_terms),
        list(&w.unmatched_terms)
    );
    if let Some(c) = &w.conflict {
        out.push_str(&format!("; contrast: {c}"));
    } else if let Some(t) = &w.thin_evidence {
        out.push_str(&format!("; held: {t}"));
    }
    out
}
