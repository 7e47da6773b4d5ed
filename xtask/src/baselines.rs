//! Plain baselines for `cargo xtask eval`: BM25 over lowercase words (no
//! stemming, synonyms or re-ranking) and a token-set fuzzy ratio over every
//! phrasing. Deliberately simple: they show what qfill's own work adds.

use qfill::bank::AnswerBank;
use std::collections::{HashMap, HashSet};

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The best entry by plain BM25 over phrasings, with the score scaled into [0, 1] by the query's self-score.
pub fn bm25_best(bank: &AnswerBank, question: &str) -> Option<(String, f64)> {
    let docs: Vec<(usize, Vec<String>)> = bank
        .entries
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.phrasings().map(move |p| (i, words(p))))
        .collect();
    let n = docs.len() as f64;
    let avg = docs.iter().map(|d| d.1.len()).sum::<usize>() as f64 / n.max(1.0);
    let mut df: HashMap<&str, f64> = HashMap::new();
    for (_, d) in &docs {
        for w in d.iter().collect::<HashSet<_>>() {
            *df.entry(w.as_str()).or_default() += 1.0;
        }
    }
    let idf = |w: &str| {
        ((n - df.get(w).copied().unwrap_or(0.0) + 0.5) / (df.get(w).copied().unwrap_or(0.0) + 0.5)
            + 1.0)
            .ln()
    };
    let q: HashSet<String> = words(question).into_iter().collect();
    let max: f64 = q.iter().map(|w| idf(w) * 2.2).sum::<f64>().max(1e-9);
    let score = |d: &[String]| -> f64 {
        q.iter()
            .map(|w| {
                let tf = d.iter().filter(|x| *x == w).count() as f64;
                idf(w) * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * d.len() as f64 / avg))
            })
            .sum()
    };
    docs.iter()
        .map(|(i, d)| (*i, score(d)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .filter(|(_, s)| *s > 0.0)
        .map(|(i, s)| (bank.entries[i].id.clone(), (s / max).min(1.0)))
}

/// The best entry by token-set ratio (as in fuzzywuzzy) against every phrasing.
pub fn token_set_best(bank: &AnswerBank, question: &str) -> Option<(String, f64)> {
    let q: Vec<String> = words(question);
    let q = &q;
    bank.entries
        .iter()
        .flat_map(|e| {
            e.phrasings()
                .map(move |p| (e, token_set_ratio(q, &words(p))))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(e, s)| (e.id.clone(), s))
}

fn token_set_ratio(a: &[String], b: &[String]) -> f64 {
    let sa: std::collections::BTreeSet<&str> = a.iter().map(String::as_str).collect();
    let sb: std::collections::BTreeSet<&str> = b.iter().map(String::as_str).collect();
    let inter: Vec<&str> = sa.intersection(&sb).copied().collect();
    let only_a: Vec<&str> = sa.difference(&sb).copied().collect();
    let only_b: Vec<&str> = sb.difference(&sa).copied().collect();
    let base = inter.join(" ");
    let with = |rest: &[&str]| {
        if rest.is_empty() {
            base.clone()
        } else {
            format!("{base} {}", rest.join(" ")).trim().to_string()
        }
    };
    let (ca, cb) = (with(&only_a), with(&only_b));
    let r = |x: &str, y: &str| strsim::normalized_levenshtein(x, y);
    r(&base, &ca).max(r(&base, &cb)).max(r(&ca, &cb))
}
