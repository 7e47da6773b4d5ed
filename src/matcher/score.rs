//! Fine scoring of one question against one candidate entry: idf-weighted
//! coverage in both directions, phrase (bigram) agreement, character-level
//! similarity for what typo repair missed, and penalties for a contrasting
//! concept (at rest vs in transit, RTO vs RPO, staff vs customers) and for a
//! negation on one side only. The result is a score in [0, 1].

use super::index::Index;
use rustc_hash::FxHashMap;

/// The features of one (question, phrasing) pair.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Share of the question's weight found in the phrasing.
    pub cover_question: f64,
    /// Share of the phrasing's weight found in the question.
    pub cover_phrasing: f64,
    /// Share of the question's weight found in the phrasing or the entry's answer, detail and tags.
    pub cover_with_detail: f64,
    /// Dice overlap of adjacent-term pairs.
    pub bigrams: f64,
    /// Sørensen-Dice similarity of the two term strings.
    pub chars: f64,
    /// Mean over the question's content words of the best cosine with a word
    /// of the entry (see `words.rs`).
    pub soft_cover: f64,
    /// [`Features::soft_cover`] where a word whose term or concept the entry
    /// has counts as covered.
    pub soft_cover_terms: f64,
    /// A concept of the question contradicted by a sibling concept of the entry.
    pub conflict: Option<String>,
    /// "not"/"no"/"without" on one side only.
    pub negation_mismatch: bool,
    /// Share of the question's weight in terms the bank never uses.
    pub unknown_share: f64,
    /// Number of distinct question terms.
    pub query_terms: usize,
    /// Best cosine of the question's sentence vector with the entry's phrasings.
    pub semantic: f64,
    /// Cosine of the question's sentence vector with the entry's detail.
    pub semantic_detail: f64,
    /// The question asks for a number (or a share) the entry's answer does not give.
    pub number_missing: bool,
    /// The question asks which, what, when, where or how often, and the
    /// entry's answer is a bare Yes, No or N/A.
    pub verdict_only: bool,
    /// The question asks for a name ("Which firm…") and the entry's
    /// question only asks whether.
    pub name_missing: bool,
    /// The question asks when something last happened and the entry's
    /// answer gives no date.
    pub date_missing: bool,
    /// The question asks about the prospect's people or systems ("our
    /// administrators") and the entry is not customer-facing (no phrasing
    /// speaks of customers or from their side, and no tag says so).
    pub about_ours: bool,
    /// The question asks about the vendor's own employees and the entry,
    /// customer-facing, never speaks of them.
    pub about_staff: bool,
    /// A measure the question names ("after 5 minutes", "Level 2"), or a
    /// party it asks about (subprocessors, contractors), that the entry's
    /// text never states; or, after a `!`, a whole sentence on a subject
    /// the phrasing has and the question lacks.
    pub unstated: Option<String>,
    /// A sibling concept the question also asks about and the entry does
    /// not cover (see [`Contrast::half_answered`]).
    pub half_answered: Option<String>,
    /// The learned ranking's score of this candidate, penalties included (a
    /// logit, set when the shortlist is ranked). Unlike the relevance, a
    /// share of the shortlist, it says how good the match is on its own.
    pub ranking_logit: f64,
}

/// Logistic-regression weights that turn a best candidate's features into the
/// probability that it is the right entry (fitted by `xtask/refit.sh` on the
/// first four labelled sets with `xtask/calibrate.py`; global weights only).
/// Each set's features came from a build whose ranking forest was fitted on
/// the other three, so the relevance, margin and logit it learned from are
/// those of questions the forest had not seen. Order: bias, then the inputs
/// in the order `calibration_inputs` returns them. The inputs are the few
/// that carry over from one labelled set to another: with the question's own
/// coverage, character similarity and the two cosines as inputs too, weights
/// fitted on one set answered less than 5% of the other at 97% precision, and
/// 17% without them (the cosines still count, through the ranking's share;
/// see `docs/matching-experiments.md`).
const CALIBRATION: [f64; CALIBRATION_INPUTS + 1] = [
    -6.120, 2.225, 0.551, 0.190, 1.356, -0.161, 1.260, 1.197, -2.026, 0.642, 3.386, 0.441,
];

/// How many inputs the calibration has.
pub const CALIBRATION_INPUTS: usize = 11;

// The learned ranking that orders the shortlist is a forest of small
// regression trees over [`ranking_inputs`] (LambdaRank gradient boosting,
// fitted with `cargo xtask eval --candidates` on the four labelled sets and
// `xtask/fit_trees.py`, which writes `ranking_trees.rs`). A contrasting
// concept and a one-sided negation are not inputs: `ranking_score` subtracts
// fixed penalties for them, and the trees were fitted on top of those
// penalties, so no fit can learn to forgive them.

/// How many inputs the ranking has.
pub const RANKING_INPUTS: usize = 17;

/// What the ranking knows about one shortlisted entry besides its features.
#[derive(Debug, Clone, Copy, Default)]
pub struct Standing {
    /// BM25 score over the best BM25 score in the shortlist.
    pub bm25_share: f64,
    /// Semantic similarity minus the shortlist's best.
    pub semantic_gap: f64,
    /// Detail similarity minus the shortlist's best.
    pub detail_gap: f64,
    /// Question coverage minus the shortlist's best.
    pub cover_gap: f64,
    /// Coverage with detail minus the shortlist's best.
    pub cover_detail_gap: f64,
    /// Soft coverage minus the shortlist's best.
    pub soft_cover_gap: f64,
    /// Places behind the first by relevance, by BM25 and by semantic similarity.
    pub relevance_rank: usize,
    pub bm25_rank: usize,
    pub semantic_rank: usize,
}

/// The inputs of the learned ranking for one candidate.
pub fn ranking_inputs(f: &Features, s: &Standing) -> [f64; RANKING_INPUTS] {
    let rank = |r: usize| (1.0 + r as f64).ln();
    [
        f.cover_question,
        f.cover_phrasing,
        f.cover_with_detail,
        f.bigrams,
        f.chars,
        f.semantic,
        f.semantic_detail,
        s.bm25_share,
        s.semantic_gap,
        s.detail_gap,
        s.cover_gap,
        s.cover_detail_gap,
        f.soft_cover_terms,
        s.soft_cover_gap,
        rank(s.relevance_rank),
        rank(s.bm25_rank),
        rank(s.semantic_rank),
    ]
}

/// The learned ranking score of one candidate (a logit: only differences
/// between candidates of one question mean anything), less the fixed
/// penalties for a contrasting concept and a one-sided negation.
pub fn ranking_score(forest_score: f64, f: &Features) -> f64 {
    let mut z = forest_score;
    if f.conflict.is_some() {
        z -= CONFLICT_LOGIT_PENALTY;
    }
    if f.negation_mismatch {
        z -= NEGATION_LOGIT_PENALTY;
    }
    z
}

/// The forest's score of each candidate: the sum of the leaf each tree sends
/// its inputs to. Trees are the outer loop, so one tree's nodes stay in cache
/// while every candidate walks it, and the walks of different candidates,
/// each a fixed number of steps with no data-dependent branch, overlap.
pub fn forest(inputs: &[[f64; RANKING_INPUTS]]) -> Vec<f64> {
    use super::ranking_trees::{DEPTH, INPUTS, LEAVES, THRESHOLDS};
    let mut scores = vec![0.0; inputs.len()];
    for ((tree_inputs, thresholds), leaves) in INPUTS.iter().zip(&THRESHOLDS).zip(&LEAVES) {
        for (x, score) in inputs.iter().zip(scores.iter_mut()) {
            let mut node = 0;
            for _ in 0..DEPTH {
                let right = x[usize::from(tree_inputs[node])] > thresholds[node];
                node = 2 * node + 1 + usize::from(right);
            }
            *score += leaves[node - thresholds.len()];
        }
    }
    scores
}

/// What a contrasting concept costs in the ranking (a logit): enough that an
/// entry about "at rest" falls well behind one about "in transit".
const CONFLICT_LOGIT_PENALTY: f64 = 6.0;
/// What a negation on one side only costs in the ranking (a logit).
const NEGATION_LOGIT_PENALTY: f64 = 1.0;

/// The highest confidence a candidate with a contrasting concept or one-sided negation gets.
const CONTRADICTED_CAP: f64 = 0.5;

/// A confident answer needs evidence in the entry itself, not only a lead
/// over entries that fit worse: at least this share of the question's weight
/// found in the entry's text, and this soft coverage of its words. Every right
/// answer above 0.95 in the labelled sets clears both (their lowest: 0.45
/// and 0.62; in eval5, which played no part in choosing them, 0.56 and 0.70);
/// a long question that shares two generic words with the only entry near
/// its topic does not.
const MIN_COVER: f64 = 0.4;
const MIN_SOFT_COVER: f64 = 0.55;
/// The highest confidence a candidate with thin evidence gets: a suggestion to review.
const THIN_EVIDENCE_CAP: f64 = 0.9;

/// The share of relevance that comes from sentence vectors (the rest is lexical).
const SEMANTIC_SHARE: f64 = 0.5;

/// How much a question term found only in an entry's detail or tags counts
/// against one found in its question or alternates.
const DETAIL_SHARE: f64 = 0.8;

impl Features {
    /// The inputs of the calibration, given the relevance and its margin over the next entry.
    pub fn calibration_inputs(&self, relevance: f64, margin: f64) -> [f64; CALIBRATION_INPUTS] {
        [
            relevance,
            margin,
            self.cover_phrasing,
            self.cover_with_detail,
            self.bigrams,
            f64::from(u8::from(self.conflict.is_some())),
            f64::from(u8::from(self.negation_mismatch)),
            self.unknown_share,
            (1.0 + self.query_terms as f64).ln(),
            self.soft_cover,
            self.ranking_logit,
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
        } else if self.thin_evidence().is_some() {
            p.min(THIN_EVIDENCE_CAP)
        } else {
            p
        }
    }

    /// Why the entry's own text is too little evidence for a confident
    /// answer, when it is (see [`MIN_COVER`]).
    pub fn thin_evidence(&self) -> Option<String> {
        if self.number_missing {
            Some(
                "the question asks for a number (or a share) the entry's answer does not give"
                    .into(),
            )
        } else if self.cover_with_detail < MIN_COVER {
            Some(format!(
                "{:.0}% of the question's weight is in the entry (a confident answer needs {:.0}%)",
                100.0 * self.cover_with_detail,
                100.0 * MIN_COVER
            ))
        } else if self.soft_cover < MIN_SOFT_COVER {
            Some(format!(
                "the entry echoes the question's words {:.2} on average (a confident answer needs {MIN_SOFT_COVER})",
                self.soft_cover
            ))
        } else if let Some(c) = &self.half_answered {
            Some(format!(
                "the question also asks about {c}, which the entry does not cover"
            ))
        } else if let Some(n) = &self.unstated {
            // A subject the entry's phrasing has and the question lacks is
            // written as a whole sentence ("the entry speaks of …").
            Some(match n.strip_prefix('!') {
                Some(sentence) => sentence.to_string(),
                None => format!("the question names {n} and the entry never does"),
            })
        } else if self.about_ours {
            Some("the question asks about the customer's own people or systems and the entry speaks only of the vendor's".into())
        } else if self.about_staff {
            Some("the question asks about the vendor's own employees and the entry speaks only of customers".into())
        } else if self.date_missing {
            Some(
                "the question asks when it last happened and the entry's answer gives no date"
                    .into(),
            )
        } else if self.verdict_only {
            Some("the question asks for more than yes or no and the entry's answer is only a verdict".into())
        } else if self.name_missing {
            Some("the question asks which one and the entry only whether".into())
        } else {
            None
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
        let lexical = 0.55 * f + 0.2 * q.max(p) + 0.15 * self.bigrams + 0.1 * self.chars;
        let semantic = self.semantic.max(self.semantic_detail).max(0.0);
        let mut s = (1.0 - SEMANTIC_SHARE) * lexical + SEMANTIC_SHARE * semantic;
        if self.conflict.is_some() {
            s -= 0.35;
        }
        if self.negation_mismatch {
            s -= 0.15;
        }
        s.clamp(0.0, 1.0)
    }
}

/// A text's terms prepared once for fast comparison: distinct ids, weights,
/// adjacent pairs and character bigrams (phrasings at index time, the question
/// once per match).
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// Distinct known term ids, sorted.
    ids: Vec<u32>,
    /// Sum of the weights of the distinct terms (unknown ones included).
    total: f64,
    /// Sum of the weights of the distinct unknown terms.
    unknown: f64,
    /// Distinct adjacent (term, term) pairs, sorted.
    pairs: Vec<(u32, u32)>,
    /// Character bigrams of the terms joined without spaces, sorted (a multiset).
    chars: Vec<(char, char)>,
    /// Byte length of the joined terms without spaces (as strsim's Dice counts it).
    chars_len: usize,
    /// The joined text, for the equal-strings case.
    joined: String,
    has_not: bool,
    /// The concepts it names by their opposite, sorted (see [`Index::polar`]).
    opposites: Vec<u32>,
    /// Number of distinct terms.
    distinct: usize,
}

impl Prepared {
    /// Prepares terms given as (text, id if known), with the ids of the
    /// concepts the text names by their opposite.
    pub fn new(index: &Index, terms: &[(&str, Option<u32>)], opposites: Vec<u32>) -> Prepared {
        let mut distinct: Vec<(&str, Option<u32>)> = terms.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        let mut ids: Vec<u32> = distinct.iter().filter_map(|t| t.1).collect();
        ids.sort_unstable();
        ids.dedup();
        let total = distinct.iter().map(|t| index.weight(t.1)).sum();
        let unknown = distinct
            .iter()
            .filter(|t| t.1.is_none())
            .map(|_| index.weight(None))
            .sum();
        let known: Vec<u32> = terms.iter().filter_map(|t| t.1).collect();
        let mut pairs: Vec<(u32, u32)> = known.windows(2).map(|w| (w[0], w[1])).collect();
        pairs.sort_unstable();
        pairs.dedup();
        let joined: String = terms
            .iter()
            .flat_map(|t| t.0.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        let letters: Vec<char> = joined.chars().collect();
        let mut chars: Vec<(char, char)> = letters.windows(2).map(|w| (w[0], w[1])).collect();
        chars.sort_unstable();
        Prepared {
            ids,
            total,
            unknown,
            pairs,
            chars,
            chars_len: joined.len(),
            joined,
            // A ban says "not" too: "Are shared accounts prohibited?" is
            // the opposite of "Do you use shared accounts?" and the same
            // as "Are shared accounts not allowed?".
            has_not: terms.iter().any(|t| t.0 == "not") != terms.iter().any(|t| is_ban(t.0)),
            opposites,
            distinct: distinct.len(),
        }
    }
}

/// Features of the prepared question against one prepared phrasing of an
/// entry whose contrasting concept, if any, is `conflict` (see
/// [`Contrast::conflict`]: it depends on the entry, not the phrasing).
pub fn features(
    index: &Index,
    query: &Prepared,
    phrasing: &Prepared,
    detail: &[u32],
    conflict: Option<String>,
) -> Features {
    let (mut shared, mut with_detail) = (0.0, 0.0);
    for &id in &query.ids {
        let w = index.weight(Some(id));
        if phrasing.ids.binary_search(&id).is_ok() {
            shared += w;
            with_detail += w;
        } else if detail.binary_search(&id).is_ok() {
            with_detail += w;
        }
    }
    Features {
        cover_question: ratio(shared, query.total),
        cover_phrasing: ratio(shared, phrasing.total),
        cover_with_detail: ratio(with_detail, query.total),
        bigrams: dice(&query.pairs, &phrasing.pairs, |a, b| 2.0 * a / b),
        chars: char_dice(query, phrasing),
        conflict,
        negation_mismatch: negation_mismatch(index, query, phrasing),
        unknown_share: ratio(query.unknown, query.total),
        soft_cover: 0.0,
        soft_cover_terms: 0.0,
        query_terms: query.distinct,
        semantic: 0.0,
        semantic_detail: 0.0,
        number_missing: false,
        verdict_only: false,
        name_missing: false,
        about_staff: false,
        date_missing: false,
        about_ours: false,
        unstated: None,
        half_answered: None,
        ranking_logit: 0.0,
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { (a / b).min(1.0) } else { 0.0 }
}

/// Whether one side negates and the other does not. When both name a
/// concept that has an opposite ("uniqueid", which "shared account" names
/// the other way round), naming it by its opposite counts as one more
/// negation: "Are shared accounts in use?" is the negation of "Does every
/// user have a unique account?", and says what "Are unique accounts
/// not required?" says, while "Do you prohibit shared accounts?" says what
/// "Unique accounts for everyone" says.
fn negation_mismatch(index: &Index, query: &Prepared, phrasing: &Prepared) -> bool {
    let shared_polar = |id: &u32| {
        index.polar.binary_search(id).is_ok()
            && query.ids.binary_search(id).is_ok()
            && phrasing.ids.binary_search(id).is_ok()
    };
    let opposite = |p: &Prepared| p.opposites.iter().any(shared_polar);
    (query.has_not != opposite(query)) != (phrasing.has_not != opposite(phrasing))
}

/// Whether a term (a stem) forbids: "prohibited", "forbidden", "banned",
/// "disallowed", or the thesaurus's `forbid` ("kept out of").
fn is_ban(term: &str) -> bool {
    matches!(
        term,
        "prohibit" | "forbid" | "forbidden" | "ban" | "disallow"
    )
}

/// Size of the multiset intersection of two sorted lists.
fn common<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Dice overlap of two sorted sets of pairs (0 when either is empty).
fn dice<T: Ord>(a: &[T], b: &[T], f: impl Fn(f64, f64) -> f64) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    f(common(a, b) as f64, (a.len() + b.len()) as f64)
}

/// Sørensen-Dice over character bigrams, computed as `strsim::sorensen_dice`
/// computes it on the space-joined terms (the calibration was fitted on that).
fn char_dice(a: &Prepared, b: &Prepared) -> f64 {
    if a.joined == b.joined {
        return 1.0;
    }
    if a.chars_len < 2 || b.chars_len < 2 {
        return 0.0;
    }
    (2 * common(&a.chars, &b.chars)) as f64 / (a.chars_len + b.chars_len - 2) as f64
}

/// The frequency concepts of the thesaurus, least frequent first.
pub(super) const FREQUENCIES: &[&str] = &[
    "biennial",
    "annual",
    "semiannual",
    "quarterly",
    "monthly",
    "weekly",
    "daily",
    "hourly",
];

/// Contrast groups resolved to term ids.
#[derive(Debug, Default)]
pub struct Contrast {
    /// term id → group indexes (looked up for every shortlisted entry and
    /// question word, so with a fast hash).
    groups_of: FxHashMap<u32, Vec<usize>>,
    names: FxHashMap<u32, String>,
    /// Group members no bank text uses, by name, with ids of their own (from
    /// `u32::MAX` down, clear of the index's): a question can still name one.
    absent: FxHashMap<String, u32>,
}

impl Contrast {
    pub fn new(
        index: &Index,
        contrast_of: &std::collections::HashMap<String, Vec<usize>>,
    ) -> Contrast {
        let mut c = Contrast::default();
        let mut terms: Vec<(&String, &Vec<usize>)> = contrast_of.iter().collect();
        terms.sort();
        for (term, groups) in terms {
            let id = index.term(term).unwrap_or_else(|| {
                let id = u32::MAX - c.absent.len() as u32;
                c.absent.insert(term.clone(), id);
                id
            });
            c.groups_of.insert(id, groups.clone());
            c.names.insert(id, term.clone());
        }
        c
    }

    /// The question's concepts with, when they name a frequency as a floor
    /// ("at least quarterly"), every more frequent one too: an entry
    /// answering "Weekly" then shares a concept with it and does not
    /// contradict it, while one answering "Annually" still does.
    pub fn at_least(&self, query_concepts: &[u32]) -> Vec<u32> {
        let id = |name: &str| {
            self.names
                .iter()
                .find(|(_, n)| n.as_str() == name)
                .map(|(&id, _)| id)
        };
        let ranks: Vec<Option<u32>> = FREQUENCIES.iter().map(|f| id(f)).collect();
        let least = ranks
            .iter()
            .position(|r| r.is_some_and(|r| query_concepts.contains(&r)));
        let mut out = query_concepts.to_vec();
        if let Some(least) = least {
            out.extend(ranks[least..].iter().flatten());
            out.sort_unstable();
            out.dedup();
        }
        out
    }

    /// The contrast concepts of a question's terms (with their index ids),
    /// those no bank text uses included: an "in transit" question is no match
    /// for an at-rest entry even when no entry speaks of transit.
    pub fn query_concepts(&self, terms: &[String], ids: &[Option<u32>]) -> Vec<u32> {
        let mut out: Vec<u32> = terms
            .iter()
            .zip(ids)
            .filter_map(|(term, id)| id.or_else(|| self.absent.get(term).copied()))
            .filter(|id| self.groups_of.contains_key(id))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
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

    /// Whether the entry (its contrast concepts `entry`) names a sibling of
    /// `term` in some group but not `term` itself ("transit" against an
    /// at-rest entry).
    pub fn contradicts(&self, term: u32, entry: &[u32]) -> bool {
        let Some(groups) = self.groups_of.get(&term) else {
            return false;
        };
        !entry.contains(&term)
            && entry.iter().any(|e| {
                self.groups_of
                    .get(e)
                    .is_some_and(|gs| gs.iter().any(|g| groups.contains(g)))
            })
    }

    /// A concept the question asks about beside a sibling the entry covers,
    /// when the entry does not cover it: "onboarding and offboarding" against
    /// an offboarding entry, "a DPA and a BAA" against the BAA entry. The
    /// entry answers half the question, and its No may hide the other
    /// half's Yes.
    pub fn half_answered(&self, query_concepts: &[u32], entry: &[u32]) -> Option<String> {
        let groups = |id: &u32| self.groups_of.get(id).map_or(&[][..], Vec::as_slice);
        let covered: Vec<u32> = query_concepts
            .iter()
            .copied()
            .filter(|c| entry.contains(c))
            .collect();
        query_concepts
            .iter()
            .filter(|c| !entry.contains(c))
            .find(|c| {
                covered
                    .iter()
                    .any(|u| groups(u).iter().any(|g| groups(c).contains(g)))
            })
            .map(|c| self.names[c].clone())
    }

    /// The contrast groups the question's concepts belong to, ascending
    /// (computed once per question for [`Contrast::conflict`]).
    pub fn query_groups(&self, query_concepts: &[u32]) -> Vec<usize> {
        let mut groups: Vec<usize> = query_concepts
            .iter()
            .filter_map(|id| self.groups_of.get(id))
            .flatten()
            .copied()
            .collect();
        groups.sort_unstable();
        groups.dedup();
        groups
    }

    /// `Some("transit vs rest")` when, in some group (of `query_groups`, the
    /// question's), the query names members and the entry names others but
    /// none of the query's. Runs for every shortlisted entry, so it allocates
    /// only to name a conflict.
    /// `accepted` is what the entry may name instead (see [`Contrast::at_least`]).
    pub fn conflict(
        &self,
        query_concepts: &[u32],
        accepted: &[u32],
        query_groups: &[usize],
        entry: &[u32],
    ) -> Option<String> {
        let q = query_concepts;
        let in_group =
            |id: u32, g: usize| self.groups_of.get(&id).is_some_and(|gs| gs.contains(&g));
        for &g in query_groups {
            let mut entry_names = false;
            let mut shared = false;
            for &e in entry.iter().filter(|&&e| in_group(e, g)) {
                entry_names = true;
                if accepted.contains(&e) {
                    shared = true;
                    break;
                }
            }
            if entry_names && !shared {
                let name = |ids: &[u32]| {
                    ids.iter()
                        .filter(|&&id| in_group(id, g))
                        .map(|id| self.names[id].as_str())
                        .collect::<Vec<_>>()
                        .join("/")
                };
                return Some(format!("{} vs {}", name(q), name(entry)));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_and_negation_cost_the_ranking_whatever_the_fit() {
        let plain = ranking_score(0.0, &Features::default());
        let contrasted = Features {
            conflict: Some("transit vs rest".into()),
            ..Features::default()
        };
        let negated = Features {
            negation_mismatch: true,
            ..Features::default()
        };
        assert!(plain - ranking_score(0.0, &contrasted) >= 3.0);
        assert!(plain - ranking_score(0.0, &negated) >= 1.0);
    }

    #[test]
    fn the_forest_is_well_formed_and_ranks_evidence_first() {
        use crate::matcher::ranking_trees::{DEPTH, INPUTS, LEAVES, THRESHOLDS, TREES};
        const { assert!(TREES > 0) };
        for t in 0..TREES {
            assert_eq!(INPUTS[t].len(), (1 << DEPTH) - 1);
            assert_eq!(LEAVES[t].len(), 1 << DEPTH);
            assert!(INPUTS[t].iter().all(|&i| usize::from(i) < RANKING_INPUTS));
            assert!(THRESHOLDS[t].iter().all(|t| !t.is_nan()));
            assert!(LEAVES[t].iter().all(|v| v.is_finite()));
        }
        // A candidate that covers the question and leads the shortlist in
        // every respect outranks one that covers little and trails.
        let strong = Features {
            cover_question: 0.9,
            cover_phrasing: 0.9,
            cover_with_detail: 0.9,
            bigrams: 0.6,
            chars: 0.8,
            semantic: 0.9,
            semantic_detail: 0.7,
            soft_cover_terms: 0.9,
            ..Features::default()
        };
        let weak = Features {
            cover_question: 0.2,
            cover_phrasing: 0.2,
            cover_with_detail: 0.3,
            chars: 0.3,
            semantic: 0.5,
            semantic_detail: 0.4,
            soft_cover_terms: 0.5,
            ..Features::default()
        };
        let leading = Standing {
            bm25_share: 1.0,
            ..Standing::default()
        };
        let trailing = Standing {
            bm25_share: 0.3,
            semantic_gap: -0.4,
            detail_gap: -0.3,
            cover_gap: -0.7,
            cover_detail_gap: -0.6,
            soft_cover_gap: -0.4,
            relevance_rank: 5,
            bm25_rank: 5,
            semantic_rank: 5,
        };
        let scores = forest(&[
            ranking_inputs(&strong, &leading),
            ranking_inputs(&weak, &trailing),
        ]);
        assert!(scores[0] > scores[1] + 1.0, "{scores:?}");
    }

    #[test]
    fn the_forest_scores_each_candidate_as_if_alone() {
        let a = ranking_inputs(
            &Features {
                cover_question: 0.7,
                semantic: 0.8,
                ..Features::default()
            },
            &Standing::default(),
        );
        let b = ranking_inputs(&Features::default(), &Standing::default());
        let together = forest(&[a, b, a]);
        assert_eq!(
            together,
            [forest(&[a])[0], forest(&[b])[0], forest(&[a])[0]]
        );
    }

    #[test]
    fn a_lead_without_evidence_in_the_entry_is_never_confident() {
        let strong = Features {
            cover_phrasing: 0.9,
            cover_with_detail: 0.9,
            soft_cover: 0.9,
            query_terms: 8,
            ranking_logit: 4.0,
            ..Features::default()
        };
        assert!(strong.confidence(1.0, 0.9) > 0.95);
        for thin in [
            Features {
                cover_with_detail: 0.3,
                ..strong.clone()
            },
            Features {
                soft_cover: 0.5,
                ..strong.clone()
            },
        ] {
            assert!(thin.confidence(1.0, 0.9) <= THIN_EVIDENCE_CAP);
        }
    }
}
