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
    /// Share of the question's weight found in the phrasing or the entry's detail and tags.
    pub cover_with_detail: f64,
    /// Dice overlap of adjacent-term pairs.
    pub bigrams: f64,
    /// Sørensen-Dice similarity of the two term strings.
    pub chars: f64,
    /// A concept of the question contradicted by a sibling concept of the entry.
    pub conflict: Option<String>,
    /// "not"/"no"/"without" on one side only.
    pub negation_mismatch: bool,
    /// Share of the question's weight in terms the bank never uses.
    pub unknown_share: f64,
    /// Number of distinct question terms.
    pub query_terms: usize,
}

/// Logistic-regression weights that turn a best candidate's features into the
/// probability that it is the right entry (fitted with `cargo xtask eval
/// --features` and `xtask/calibrate.py` on the dev set; global weights only).
/// Order: bias, relevance, margin, cover_question, cover_phrasing,
/// cover_with_detail, bigrams, chars, conflict, negation, unknown_share, ln(1 + terms).
const CALIBRATION: [f64; 12] = [
    -5.034, 1.415, 2.688, 0.123, 0.711, 4.085, -0.325, 1.564, 0.0, 0.384, -3.012, 0.804,
];

/// The highest confidence a candidate with a contrasting concept or one-sided negation gets.
const CONTRADICTED_CAP: f64 = 0.5;

/// How much a question term found only in an entry's detail or tags counts
/// against one found in its question or alternates.
const DETAIL_SHARE: f64 = 0.8;

impl Features {
    /// The inputs of the calibration, given the relevance and its margin over the next entry.
    pub fn calibration_inputs(&self, relevance: f64, margin: f64) -> [f64; 11] {
        [
            relevance,
            margin,
            self.cover_question,
            self.cover_phrasing,
            self.cover_with_detail,
            self.bigrams,
            self.chars,
            f64::from(u8::from(self.conflict.is_some())),
            f64::from(u8::from(self.negation_mismatch)),
            self.unknown_share,
            (1.0 + self.query_terms as f64).ln(),
        ]
    }

    /// The probability in [0, 1] that this candidate is the right entry. A
    /// contrasting concept or a one-sided negation caps it below any sensible
    /// `answered` threshold, whatever the fitted weights say: those are the
    /// near misses that must never be answered with confidence.
    pub fn confidence(&self, relevance: f64, margin: f64) -> f64 {
        let x = self.calibration_inputs(relevance, margin);
        let z = CALIBRATION[0]
            + x.iter()
                .zip(&CALIBRATION[1..])
                .map(|(a, b)| a * b)
                .sum::<f64>();
        let p = 1.0 / (1.0 + (-z).exp());
        if self.conflict.is_some() || self.negation_mismatch {
            p.min(CONTRADICTED_CAP)
        } else {
            p
        }
    }

    /// The relevance used for ranking, in [0, 1].
    pub fn relevance(&self) -> f64 {
        let q = self.cover_question + DETAIL_SHARE * (self.cover_with_detail - self.cover_question);
        let p = self.cover_phrasing;
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
    detail: &[u32],
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
    let with_detail: f64 = qset
        .iter()
        .filter(|id| id.is_some_and(|i| pset.contains(&i) || detail.contains(&i)))
        .map(|&id| index.weight(id))
        .sum();
    let qid: Vec<u32> = query.ids.iter().flatten().copied().collect();
    let unknown: f64 = qset
        .iter()
        .filter(|id| id.is_none())
        .map(|&id| index.weight(id))
        .sum();
    Features {
        cover_question: ratio(shared, q_total),
        cover_phrasing: ratio(shared, p_total),
        cover_with_detail: ratio(with_detail, q_total),
        bigrams: bigram_dice(&qid, phrasing),
        chars: char_dice(index, query.terms, phrasing),
        conflict: contrast.conflict(&qid, entry_concepts),
        negation_mismatch: query.terms.iter().any(|t| t == "not") != has_not(index, phrasing),
        unknown_share: ratio(unknown, q_total),
        query_terms: query.terms.iter().collect::<HashSet<_>>().len(),
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
