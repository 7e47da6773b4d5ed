//! Fine scoring of one question against one candidate entry: idf-weighted
//! coverage in both directions, phrase (bigram) agreement, character-level
//! similarity for what typo repair missed, and penalties for a contrasting
//! concept (at rest vs in transit, RTO vs RPO, staff vs customers) and for a
//! negation on one side only. The result is a score in [0, 1].

use super::index::Index;
use std::collections::HashSet;

/// The features of one (question, phrasing) pair.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Share of the question's weight found in the phrasing.
    pub cover_question: f64,
    /// Share of the phrasing's weight found in the question.
    pub cover_phrasing: f64,
    /// Dice overlap of adjacent-term pairs.
    pub bigrams: f64,
    /// Sørensen-Dice similarity of the two term strings.
    pub chars: f64,
    /// A concept of the question contradicted by a sibling concept of the entry.
    pub conflict: Option<String>,
    /// "not"/"no"/"without" on one side only.
    pub negation_mismatch: bool,
}

impl Features {
    /// The calibrated score in [0, 1].
    pub fn score(&self) -> f64 {
        let (q, p) = (self.cover_question, self.cover_phrasing);
        let f = if q + p > 0.0 {
            2.0 * q * p / (q + p)
        } else {
            0.0
        };
        let blended = 0.55 * f + 0.2 * q.max(p) + 0.15 * self.bigrams + 0.1 * self.chars;
        let mut s = blended;
        if self.conflict.is_some() {
            s -= 0.35;
        }
        if self.negation_mismatch {
            s -= 0.15;
        }
        s.clamp(0.0, 1.0)
    }
}

/// Query terms as ids (None for terms the bank never uses) with their text.
pub struct Query<'a> {
    pub ids: Vec<Option<u32>>,
    pub terms: &'a [String],
}

/// Features of the query against one phrasing.
pub fn features(
    index: &Index,
    query: &Query<'_>,
    phrasing: &[u32],
    entry_concepts: &[u32],
    contrast: &Contrast,
) -> Features {
    let pset: HashSet<u32> = phrasing.iter().copied().collect();
    let qset: HashSet<Option<u32>> = query.ids.iter().copied().collect();
    let q_total: f64 = qset.iter().map(|&id| index.weight(id)).sum();
    let shared: f64 = qset
        .iter()
        .filter(|id| id.is_some_and(|i| pset.contains(&i)))
        .map(|&id| index.weight(id))
        .sum();
    let p_total: f64 = pset.iter().map(|&id| index.weight(Some(id))).sum();
    let qid: Vec<u32> = query.ids.iter().flatten().copied().collect();
    Features {
        cover_question: ratio(shared, q_total),
        cover_phrasing: ratio(shared, p_total),
        bigrams: bigram_dice(&qid, phrasing),
        chars: char_dice(index, query.terms, phrasing),
        conflict: contrast.conflict(&qid, entry_concepts),
        negation_mismatch: query.terms.iter().any(|t| t == "not") != has_not(index, phrasing),
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { (a / b).min(1.0) } else { 0.0 }
}

fn has_not(index: &Index, ids: &[u32]) -> bool {
    index.term("not").is_some_and(|n| ids.contains(&n))
}

fn bigram_dice(a: &[u32], b: &[u32]) -> f64 {
    let pairs = |v: &[u32]| v.windows(2).map(|w| (w[0], w[1])).collect::<HashSet<_>>();
    let (pa, pb) = (pairs(a), pairs(b));
    if pa.is_empty() || pb.is_empty() {
        return 0.0;
    }
    2.0 * pa.intersection(&pb).count() as f64 / (pa.len() + pb.len()) as f64
}

fn char_dice(index: &Index, query: &[String], phrasing: &[u32]) -> f64 {
    let names: Vec<&str> = phrasing
        .iter()
        .map(|&id| index.names[id as usize].as_str())
        .collect();
    strsim::sorensen_dice(&query.join(" "), &names.join(" "))
}

/// Contrast groups resolved to term ids.
#[derive(Debug, Default)]
pub struct Contrast {
    /// term id → group indexes.
    groups_of: std::collections::HashMap<u32, Vec<usize>>,
    names: std::collections::HashMap<u32, String>,
}

impl Contrast {
    pub fn new(
        index: &Index,
        contrast_of: &std::collections::HashMap<String, Vec<usize>>,
    ) -> Contrast {
        let mut c = Contrast::default();
        for (term, groups) in contrast_of {
            if let Some(id) = index.term(term) {
                c.groups_of.insert(id, groups.clone());
                c.names.insert(id, term.clone());
            }
        }
        c
    }

    /// The terms of a text that belong to any contrast group.
    pub fn concepts(&self, ids: &[u32]) -> Vec<u32> {
        let mut out: Vec<u32> = ids
            .iter()
            .copied()
            .filter(|id| self.groups_of.contains_key(id))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// `Some("transit vs rest")` when, in some group, the query names members and
    /// the entry names others but none of the query's.
    pub fn conflict(&self, query: &[u32], entry: &[u32]) -> Option<String> {
        let q = self.concepts(query);
        let mut groups: Vec<usize> = q
            .iter()
            .flat_map(|id| self.groups_of[id].iter().copied())
            .collect();
        groups.sort_unstable();
        groups.dedup();
        for g in groups {
            let in_group = |id: &&u32| self.groups_of.get(id).is_some_and(|gs| gs.contains(&g));
            let qg: Vec<&u32> = q.iter().filter(in_group).collect();
            let eg: Vec<&u32> = entry.iter().filter(in_group).collect();
            if !eg.is_empty() && !qg.iter().any(|id| eg.contains(id)) {
                let name = |ids: &[&u32]| {
                    ids.iter()
                        .map(|id| self.names[*id].as_str())
                        .collect::<Vec<_>>()
                        .join("/")
                };
                return Some(format!("{} vs {}", name(&qg), name(&eg)));
            }
        }
        None
    }
}
