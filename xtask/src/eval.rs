//! `cargo xtask eval`: measures matching on a labelled set (`xtask/data/eval/`
//! by default, or `--set DIR` such as `xtask/data/eval2/`: its own bank and
//! questions, written independently of the matcher) and runs two plain
//! baselines on the same set in the same process, so the matcher's gain shows
//! as a difference. Gates (`--min-top1` …) make it fail on a regression.
//!
//! Figures: top-1 (the answered entry or first review suggestion is right, over
//! answerable rows), precision of `answered`, the share of answerable rows
//! answered correctly, and the share of negatives wrongly answered. Baselines
//! have no calibrated status, so they are given the most favourable threshold
//! after the fact: the lowest that keeps their answered precision at 97%.

use anyhow::{Context, Result};
use qfill::bank::AnswerBank;
use qfill::decide::{self, Status, Thresholds};
use qfill::matcher::Matcher;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

#[derive(Deserialize)]
pub struct Labelled {
    pub id: String,
    pub question: String,
    pub expected: Vec<String>,
    pub style: String,
}

/// One system's verdict on one question.
struct Verdict {
    best: Option<String>,
    score: f64,
    status: Status,
    inputs: Vec<f64>,
}

#[derive(Default)]
struct Tally {
    answerable: usize,
    negatives: usize,
    top1: usize,
    answered: usize,
    answered_right: usize,
    negatives_answered: usize,
}

impl Tally {
    fn add(&mut self, q: &Labelled, v: &Verdict) {
        let right = v.best.as_ref().is_some_and(|b| q.expected.contains(b));
        let answered = v.status == Status::Answered;
        if q.expected.is_empty() {
            self.negatives += 1;
            self.negatives_answered += usize::from(answered);
        } else {
            self.answerable += 1;
            self.top1 += usize::from(right && v.status != Status::Unanswered);
        }
        self.answered += usize::from(answered);
        self.answered_right += usize::from(answered && right);
    }

    /// The gates `--min-top1`, `--min-precision` and `--max-negatives` (percentages) that fail.
    fn failed_gates(&self, args: &[String]) -> Vec<String> {
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
        let gate = |name: &str| value(args, name).and_then(|v| v.parse::<f64>().ok());
        let mut failed = Vec::new();
        let top1 = pct(self.top1, self.answerable);
        if let Some(min) = gate("--min-top1").filter(|&min| top1 < min) {
            failed.push(format!("top-1 {top1:.1}% is below {min}%"));
        }
        let precision = pct(self.answered_right, self.answered);
        if let Some(min) = gate("--min-precision").filter(|&min| precision < min) {
            failed.push(format!(
                "answered precision {precision:.1}% is below {min}%"
            ));
        }
        let negatives = pct(self.negatives_answered, self.negatives);
        if let Some(max) = gate("--max-negatives").filter(|&max| negatives > max) {
            failed.push(format!(
                "unanswerable rows answered {negatives:.1}% is above {max}%"
            ));
        }
        failed
    }

    fn row(&self, name: &str) -> String {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                "   -  ".to_string()
            } else {
                format!("{:5.1}%", 100.0 * a as f64 / b as f64)
            }
        };
        format!(
            "{name:<22} {:>5} {} {} {} {}",
            self.answerable + self.negatives,
            pct(self.top1, self.answerable),
            pct(self.answered_right, self.answered),
            pct(self.answered_right, self.answerable),
            pct(self.negatives_answered, self.negatives),
        )
    }
}

const HEADER: &str = "system                     n   top-1  ans.prec  ans.right  neg.answered";

pub fn run(args: &[String]) -> Result<()> {
    let dir = match value(args, "--set") {
        Some(set) => std::path::PathBuf::from(set),
        None => crate::root().join("xtask/data/eval"),
    };
    let bank = AnswerBank::load(&dir.join("bank"))?;
    let questions = load_questions(&dir.join("questions.jsonl"))?;
    let matcher = Matcher::new(&bank)?;
    let mut thresholds = Thresholds::default();
    let flag = |name: &str| value(args, name).and_then(|v| v.parse().ok());
    if let Some(v) = flag("--answered-at") {
        thresholds.answered_at = v;
    }
    if let Some(v) = flag("--review-at") {
        thresholds.review_at = v;
    }
    if let Some(v) = flag("--margin") {
        thresholds.margin = v;
    }
    let started = std::time::Instant::now();
    let ours: Vec<Verdict> = questions
        .iter()
        .map(|q| {
            let o = matcher.match_question(&q.question);
            let best = o.best().map(|c| bank.entries[c.entry].id.clone());
            Verdict {
                best,
                score: o.best().map_or(0.0, |c| c.score),
                status: decide::status(&o, &thresholds),
                inputs: o.why.calibration_inputs.clone(),
            }
        })
        .collect();
    let elapsed = started.elapsed();
    let bm25 = baseline(&questions, |q| crate::baselines::bm25_best(&bank, q));
    let token_set = baseline(&questions, |q| crate::baselines::token_set_best(&bank, q));
    println!(
        "{} questions ({} answerable), {} bank entries; qfill matched them in {elapsed:.1?}\n",
        questions.len(),
        questions.iter().filter(|q| !q.expected.is_empty()).count(),
        bank.entries.len()
    );
    println!("{HEADER}");
    println!("{}", tally(&questions, &ours).row("qfill"));
    for (name, verdicts) in [
        ("bm25 (best threshold)", &bm25),
        ("token-set (best thr.)", &token_set),
    ] {
        println!("{}", tally(&questions, verdicts).row(name));
    }
    println!("\nqfill per style:\n{HEADER}");
    let mut styles: BTreeMap<&str, Tally> = BTreeMap::new();
    for (q, v) in questions.iter().zip(&ours) {
        styles.entry(q.style.as_str()).or_default().add(q, v);
    }
    for (style, t) in &styles {
        println!("{}", t.row(style));
    }
    if let Some(path) = value(args, "--features") {
        write_features(path, &questions, &ours)?;
    }
    if let Some(path) = value(args, "--candidates") {
        write_candidates(path, &questions, &bank, &matcher)?;
    }
    if args.iter().any(|a| a == "--curve") {
        print_curve(&questions, &ours);
    }
    if args.iter().any(|a| a == "--errors") {
        print_errors(&questions, &ours);
    }
    if let Some(path) = value(args, "--dump") {
        write_dump(path, &questions, &ours)?;
    }
    let failed = tally(&questions, &ours).failed_gates(args);
    if !failed.is_empty() {
        anyhow::bail!(
            "matching regressed on {}: {}",
            dir.display(),
            failed.join("; ")
        );
    }
    Ok(())
}

/// The value after `--name` on the command line.
fn value<'a>(args: &'a [String], name: &str) -> Option<&'a String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
}

/// Reads the labelled questions (one JSON object per line).
pub fn load_questions(path: &std::path::Path) -> Result<Vec<Labelled>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{}:{}", path.display(), i + 1))
        })
        .collect()
}

fn tally(questions: &[Labelled], verdicts: &[Verdict]) -> Tally {
    let mut t = Tally::default();
    for (q, v) in questions.iter().zip(verdicts) {
        t.add(q, v);
    }
    t
}

/// Scores every question with a baseline, then answers at the lowest threshold
/// that keeps answered precision at 97% (review below it, down to 0).
fn baseline(questions: &[Labelled], best: impl Fn(&str) -> Option<(String, f64)>) -> Vec<Verdict> {
    let raw: Vec<(Option<String>, f64)> = questions
        .iter()
        .map(|q| best(&q.question).map_or((None, 0.0), |(id, s)| (Some(id), s)))
        .collect();
    let mut order: Vec<usize> = (0..raw.len()).collect();
    order.sort_by(|&a, &b| raw[b].1.total_cmp(&raw[a].1));
    let (mut right, mut threshold) = (0usize, f64::INFINITY);
    for (n, &i) in order.iter().enumerate() {
        right += usize::from(
            raw[i]
                .0
                .as_ref()
                .is_some_and(|id| questions[i].expected.contains(id)),
        );
        if right as f64 / (n + 1) as f64 >= 0.97 {
            threshold = raw[i].1;
        }
    }
    raw.into_iter()
        .map(|(best, score)| {
            let status = if score >= threshold {
                Status::Answered
            } else if best.is_some() {
                Status::Review
            } else {
                Status::Unanswered
            };
            Verdict {
                best,
                score,
                status,
                inputs: Vec::new(),
            }
        })
        .collect()
}

fn print_errors(questions: &[Labelled], ours: &[Verdict]) {
    println!("\nwrong answers and misses:");
    let mut seen = HashSet::new();
    for (q, v) in questions.iter().zip(ours) {
        let right = v.best.as_ref().is_some_and(|b| q.expected.contains(b));
        let bad = !right && (v.status == Status::Answered || !q.expected.is_empty());
        if bad && seen.insert(&q.id) {
            let expected = if q.expected.is_empty() {
                "-".to_string()
            } else {
                q.expected.join("|")
            };
            println!(
                "{} [{}] {:<10} {:.2} got {:<28} want {:<28} {}",
                q.id,
                q.style,
                v.status.as_str(),
                v.score,
                v.best.as_deref().unwrap_or("-"),
                expected,
                q.question
            );
        }
    }
}

/// Precision and coverage of `answered` at a range of score thresholds (margin ignored).
fn print_curve(questions: &[Labelled], ours: &[Verdict]) {
    let answerable = questions.iter().filter(|q| !q.expected.is_empty()).count();
    let rank1 = questions
        .iter()
        .zip(ours)
        .filter(|(q, v)| v.best.as_ref().is_some_and(|b| q.expected.contains(b)))
        .count();
    println!(
        "\nbest candidate right (any score): {:.1}% of answerable",
        100.0 * rank1 as f64 / answerable as f64
    );
    println!("threshold  answered  precision  right/answerable  negatives");
    for t in (20..=95).step_by(5) {
        let t = f64::from(t) / 100.0;
        let (mut n, mut right, mut neg) = (0, 0, 0);
        for (q, v) in questions.iter().zip(ours) {
            if v.score >= t {
                n += 1;
                right += usize::from(v.best.as_ref().is_some_and(|b| q.expected.contains(b)));
                neg += usize::from(q.expected.is_empty());
            }
        }
        let p = if n > 0 {
            100.0 * right as f64 / n as f64
        } else {
            0.0
        };
        println!(
            "{t:>9.2}  {n:>8}  {p:>8.1}%  {:>15.1}%  {neg:>9}",
            100.0 * right as f64 / answerable as f64
        );
    }
}

/// Writes one CSV line per question: whether the best candidate is right, its style, then its calibration inputs.
fn write_features(path: &str, questions: &[Labelled], ours: &[Verdict]) -> Result<()> {
    let mut out = String::new();
    for (q, v) in questions.iter().zip(ours) {
        let right = v.best.as_ref().is_some_and(|b| q.expected.contains(b));
        let inputs: Vec<String> = v.inputs.iter().map(|x| format!("{x:.5}")).collect();
        if !inputs.is_empty() {
            out.push_str(&format!(
                "{},{},{}\n",
                u8::from(right),
                q.style,
                inputs.join(",")
            ));
        }
    }
    std::fs::write(path, out).with_context(|| format!("cannot write {path}"))
}

/// Writes one tab-separated line per question: id, style, whether the best
/// candidate is right (`-` for a negative), status, score, best entry,
/// expected entries, the question and the calibration's inputs (for
/// studying a score band).
fn write_dump(path: &str, questions: &[Labelled], ours: &[Verdict]) -> Result<()> {
    let mut out = String::new();
    for (q, v) in questions.iter().zip(ours) {
        let right = if q.expected.is_empty() {
            "-"
        } else if v.best.as_ref().is_some_and(|b| q.expected.contains(b)) {
            "1"
        } else {
            "0"
        };
        out.push_str(&format!(
            "{}\t{}\t{right}\t{}\t{:.4}\t{}\t{}\t{}\t{}\n",
            q.id,
            q.style,
            v.status.as_str(),
            v.score,
            v.best.as_deref().unwrap_or("-"),
            q.expected.join("|"),
            q.question,
            v.inputs
                .iter()
                .map(|x| format!("{x:.4}"))
                .collect::<Vec<_>>()
                .join(",")
        ));
    }
    std::fs::write(path, out).with_context(|| format!("cannot write {path}"))
}

/// Writes one CSV line per shortlisted candidate of every question: question
/// id, style, whether the candidate is right, then its raw ranking inputs
/// (for fitting the ranking offline).
fn write_candidates(
    path: &str,
    questions: &[Labelled],
    bank: &AnswerBank,
    matcher: &Matcher,
) -> Result<()> {
    let mut out = String::new();
    for q in questions {
        for (entry, inputs) in matcher.candidate_inputs(&q.question) {
            let right = q.expected.contains(&bank.entries[entry].id);
            let inputs: Vec<String> = inputs.iter().map(|x| format!("{x:.5}")).collect();
            out.push_str(&format!(
                "{},{},{},{}\n",
                q.id,
                q.style,
                u8::from(right),
                inputs.join(",")
            ));
        }
    }
    std::fs::write(path, out).with_context(|| format!("cannot write {path}"))
}
