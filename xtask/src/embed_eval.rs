//! `cargo xtask embed-eval`: how well the static MiniLM embeddings alone rank
//! the dev bank (`xtask/data/eval/`), and how fast they are. Each question is
//! compared with every entry's question and alternates; an entry scores its
//! best cosine, and top-1 counts answerable questions whose best entry is one
//! of the expected ids. Run it with `--release` for meaningful timings.

use crate::eval::{Labelled, load_questions};
use anyhow::Result;
use qfill::bank::AnswerBank;
use qfill::matcher::embed::{Embedder, cosine};
use std::collections::BTreeMap;
use std::time::Instant;

pub fn run(_args: &[String]) -> Result<()> {
    let dir = crate::root().join("xtask/data/eval");
    let bank = AnswerBank::load(&dir.join("bank"))?;
    let questions = load_questions(&dir.join("questions.jsonl"))?;

    let started = Instant::now();
    let embedder = Embedder::global()?;
    let load = started.elapsed();

    let phrasings: Vec<(usize, Vec<f32>)> = bank
        .entries
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            std::iter::once(&e.question)
                .chain(&e.alternates)
                .map(move |p| (i, embedder.sentence(p)))
        })
        .collect();

    let answerable: Vec<&Labelled> = questions
        .iter()
        .filter(|q| !q.expected.is_empty())
        .collect();
    let started = Instant::now();
    let vectors: Vec<Vec<f32>> = answerable
        .iter()
        .map(|q| embedder.sentence(&q.question))
        .collect();
    let embedded = started.elapsed();
    let best: Vec<Option<usize>> = vectors.iter().map(|v| best_entry(v, &phrasings)).collect();
    let n = answerable.len().max(1) as u32;
    let (per_embed, per_query) = (embedded / n, started.elapsed() / n);

    let mut styles: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (q, b) in answerable.iter().zip(&best) {
        let right = b.is_some_and(|i| q.expected.contains(&bank.entries[i].id));
        let tally = styles.entry(q.style.as_str()).or_default();
        tally.0 += usize::from(right);
        tally.1 += 1;
    }
    let right: usize = styles.values().map(|t| t.0).sum();
    println!(
        "static embeddings ({} dims): top-1 {right}/{} = {:.1}% over answerable questions, {} phrasings",
        embedder.dims(),
        answerable.len(),
        pct(right, answerable.len()),
        phrasings.len()
    );
    println!(
        "table load {load:.2?}; per question {per_embed:.2?} to embed, {per_query:.2?} to embed and rank ({:.1?} per 1,000)",
        per_query * 1000
    );
    for (style, (r, n)) in &styles {
        println!("  {style:<11} {r:>4}/{n:<4} {:5.1}%", pct(*r, *n));
    }
    Ok(())
}

/// The entry whose best phrasing is most similar to the question.
fn best_entry(question: &[f32], phrasings: &[(usize, Vec<f32>)]) -> Option<usize> {
    phrasings
        .iter()
        .map(|(entry, v)| (*entry, cosine(question, v)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(entry, _)| entry)
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}
