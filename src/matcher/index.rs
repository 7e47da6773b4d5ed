//! The inverted index over the bank: every phrasing (question and alternates)
//! is a document, plus one lower-weighted document per entry for its detail and
//! tags. BM25 over it retrieves a short list of candidate entries per question,
//! so the finer scoring never looks at every pair.

use super::thesaurus::{OPPOSITE, split_opposites};
use rustc_hash::FxHashMap;

const K1: f64 = 1.2;
const B: f64 = 0.75;
/// The weight of a question term the bank never uses, as a share of the highest idf.
const UNKNOWN_WEIGHT: f64 = 0.5;
/// How much the detail/tags document counts against the phrasings.
const DETAIL_WEIGHT: f64 = 0.3;

/// Term ids and postings.
#[derive(Debug, Default)]
pub struct Index {
    pub(crate) term_ids: FxHashMap<String, u32>,
    /// Term text by id.
    pub(crate) names: Vec<String>,
    /// Per phrasing: the entry it belongs to and its term ids in order.
    pub(crate) phrasings: Vec<(u32, Vec<u32>)>,
    /// Per phrasing: the concepts it names by their opposite, sorted.
    pub(crate) opposites: Vec<Vec<u32>>,
    /// The concepts some thesaurus phrase names the opposite of, sorted:
    /// their polarity is compared (see [`super::score::features`]).
    pub(crate) polar: Vec<u32>,
    /// Per entry: the ids of its phrasings.
    pub(crate) entry_phrasings: Vec<Vec<u32>>,
    /// Per entry: term ids of answer, detail and tags.
    pub(crate) details: Vec<Vec<u32>>,
    /// Per term: (phrasing, tf) while building; (phrasing, BM25 impact) by impact after `finish`.
    postings: Vec<Vec<(u32, u16)>>,
    detail_postings: Vec<Vec<(u32, u16)>>,
    impacts: Vec<Vec<(u32, f32)>>,
    detail_impacts: Vec<Vec<(u32, f32)>>,
    /// Inverse document frequency per term id, over phrasings.
    pub(crate) idf: Vec<f64>,
    avg_len: f64,
    avg_detail_len: f64,
}

impl Index {
    /// The id of a term, adding it when new.
    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.term_ids.get(term) {
            return id;
        }
        let id = self.term_ids.len() as u32;
        self.term_ids.insert(term.to_string(), id);
        self.names.push(term.to_string());
        self.postings.push(Vec::new());
        self.detail_postings.push(Vec::new());
        id
    }

    /// The id of a known term.
    pub fn term(&self, term: &str) -> Option<u32> {
        self.term_ids.get(term).copied()
    }

    /// Adds an entry's phrasings (as terms) and its detail terms. The
    /// thesaurus's opposite marks are no terms: a phrasing's are kept in
    /// [`Index::opposites`], a detail's dropped.
    pub fn add_entry(&mut self, phrasings: &[Vec<String>], detail: &[String]) {
        let entry = self.entry_phrasings.len() as u32;
        let mut ids = Vec::new();
        for terms in phrasings {
            let doc = self.phrasings.len() as u32;
            let (terms, opposites) = split_opposites(terms);
            let mut opposites: Vec<u32> = opposites.iter().map(|t| self.intern(t)).collect();
            opposites.sort_unstable();
            opposites.dedup();
            self.opposites.push(opposites);
            let term_ids: Vec<u32> = terms.iter().map(|t| self.intern(t)).collect();
            for (id, tf) in counts(&term_ids) {
                self.postings[id as usize].push((doc, tf));
            }
            self.phrasings.push((entry, term_ids));
            ids.push(doc);
        }
        self.entry_phrasings.push(ids);
        let detail_ids: Vec<u32> = detail
            .iter()
            .filter(|t| *t != OPPOSITE)
            .map(|t| self.intern(t))
            .collect();
        for (id, tf) in counts(&detail_ids) {
            self.detail_postings[id as usize].push((entry, tf));
        }
        self.details.push(detail_ids);
    }

    /// Computes idf and average lengths once all entries are in.
    pub fn finish(&mut self) {
        let n = self.phrasings.len().max(1) as f64;
        self.idf = self
            .postings
            .iter()
            .map(|p| {
                let df = p.len() as f64;
                ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
            })
            .collect();
        self.avg_len = self.phrasings.iter().map(|(_, t)| t.len()).sum::<usize>() as f64 / n;
        let entries = self.details.len().max(1) as f64;
        self.avg_detail_len =
            (self.details.iter().map(Vec::len).sum::<usize>() as f64 / entries).max(1.0);
        let phrasing_len = |doc: u32| self.phrasings[doc as usize].1.len() as f64;
        self.impacts = impacts(&self.postings, &self.idf, 1.0, phrasing_len, self.avg_len);
        let detail_len = |entry: u32| self.details[entry as usize].len() as f64;
        self.detail_impacts = impacts(
            &self.detail_postings,
            &self.idf,
            DETAIL_WEIGHT,
            detail_len,
            self.avg_detail_len,
        );
        self.postings = Vec::new();
        self.detail_postings = Vec::new();
    }

    /// The weight of a term for coverage measures: its idf, or a high weight for unknown terms.
    pub fn weight(&self, id: Option<u32>) -> f64 {
        let max = ((self.phrasings.len() as f64 + 0.5) / 0.5 + 1.0).ln();
        match id {
            Some(id) => self.idf.get(id as usize).copied().unwrap_or(max),
            None => UNKNOWN_WEIGHT * max,
        }
    }

    /// The `limit` best entries for the query terms by BM25, best first (ties by entry order).
    ///
    /// Each term contributes through at most [`MAX_POSTINGS`] of its postings,
    /// highest impact first, so a term that half the bank uses costs the same
    /// as a rare one and retrieval time stops growing with the bank.
    pub fn retrieve(&self, query: &[u32], limit: usize) -> Vec<(u32, f64)> {
        let mut terms = query.to_vec();
        terms.sort_unstable();
        terms.dedup();
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let Scratch {
                phrases,
                entries,
                best,
            } = &mut *scratch;
            phrases.reset(self.phrasings.len());
            entries.reset(self.details.len());
            best.reset(self.details.len());
            for &t in &terms {
                for &(doc, impact) in self.impacts[t as usize].iter().take(MAX_POSTINGS) {
                    phrases.add(doc, f64::from(impact));
                }
                for &(entry, impact) in self.detail_impacts[t as usize].iter().take(MAX_POSTINGS) {
                    entries.add(entry, f64::from(impact));
                }
            }
            for &doc in &phrases.touched {
                best.max(self.phrasings[doc as usize].0, phrases.values[doc as usize]);
            }
            for &entry in &best.touched {
                entries.add(entry, best.values[entry as usize]);
            }
            let mut ranked: Vec<(u32, f64)> = entries
                .touched
                .iter()
                .map(|&e| (e, entries.values[e as usize]))
                .collect();
            let order = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            if ranked.len() > limit {
                ranked.select_nth_unstable_by(limit, order);
                ranked.truncate(limit);
            }
            ranked.sort_by(order);
            ranked
        })
    }
}

/// How many postings of one term retrieval reads at most.
const MAX_POSTINGS: usize = 1024;

/// Per-term postings with their BM25 impact (idf × tf part × weight), highest first.
fn impacts(
    postings: &[Vec<(u32, u16)>],
    idf: &[f64],
    weight: f64,
    len: impl Fn(u32) -> f64,
    avg: f64,
) -> Vec<Vec<(u32, f32)>> {
    postings
        .iter()
        .zip(idf)
        .map(|(list, &idf)| {
            let mut out: Vec<(u32, f32)> = list
                .iter()
                .map(|&(doc, tf)| (doc, (weight * idf * bm25_tf(tf, len(doc), avg)) as f32))
                .collect();
            out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            out
        })
        .collect()
}

/// Retrieval's accumulators, reused across queries on the same thread.
#[derive(Default)]
struct Scratch {
    phrases: Accumulator,
    entries: Accumulator,
    best: Accumulator,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Dense score accumulation with a list of the slots touched.
#[derive(Default)]
struct Accumulator {
    values: Vec<f64>,
    touched: Vec<u32>,
}

impl Accumulator {
    /// Clears the slots touched last time and sizes the array for `len` slots.
    fn reset(&mut self, len: usize) {
        for &slot in &self.touched {
            if let Some(v) = self.values.get_mut(slot as usize) {
                *v = 0.0;
            }
        }
        self.touched.clear();
        self.values.resize(len, 0.0);
    }

    fn add(&mut self, slot: u32, value: f64) {
        let v = &mut self.values[slot as usize];
        if *v == 0.0 {
            self.touched.push(slot);
        }
        *v += value;
    }

    fn max(&mut self, slot: u32, value: f64) {
        let v = &mut self.values[slot as usize];
        if *v == 0.0 {
            self.touched.push(slot);
        }
        *v = v.max(value);
    }
}

fn bm25_tf(tf: u16, len: f64, avg: f64) -> f64 {
    let tf = f64::from(tf);
    tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg.max(1.0)))
}

fn counts(ids: &[u32]) -> Vec<(u32, u16)> {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    let mut out: Vec<(u32, u16)> = Vec::new();
    for id in sorted {
        match out.last_mut() {
            Some((last, n)) if *last == id => *n = n.saturating_add(1),
            _ => out.push((id, 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn retrieves_by_rare_terms_first() {
        let mut idx = Index::default();
        idx.add_entry(&[terms("encrypt data rest")], &[]);
        idx.add_entry(&[terms("encrypt data transit")], &[]);
        idx.add_entry(&[terms("backup data daily")], &terms("encrypt"));
        idx.finish();
        let q: Vec<u32> = ["encrypt", "transit"]
            .iter()
            .filter_map(|t| idx.term(t))
            .collect();
        let ranked = idx.retrieve(&q, 10);
        assert_eq!(ranked[0].0, 1);
        assert_eq!(
            ranked.len(),
            3,
            "the detail document makes entry 2 a weak candidate"
        );
        assert!(ranked[2].1 < ranked[1].1);
        assert!(idx.weight(idx.term("transit")) > idx.weight(idx.term("data")));
    }
}
