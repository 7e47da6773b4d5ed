//! The inverted index over the bank: every phrasing (question and alternates)
//! is a document, plus one lower-weighted document per entry for its detail and
//! tags. BM25 over it retrieves a short list of candidate entries per question,
//! so the finer scoring never looks at every pair.

use std::collections::HashMap;

const K1: f64 = 1.2;
const B: f64 = 0.75;
/// The weight of a question term the bank never uses, as a share of the highest idf.
const UNKNOWN_WEIGHT: f64 = 0.5;
/// How much the detail/tags document counts against the phrasings.
const DETAIL_WEIGHT: f64 = 0.3;

/// Term ids and postings.
#[derive(Debug, Default)]
pub struct Index {
    pub(crate) term_ids: HashMap<String, u32>,
    /// Term text by id.
    pub(crate) names: Vec<String>,
    /// Per phrasing: the entry it belongs to and its term ids in order.
    pub(crate) phrasings: Vec<(u32, Vec<u32>)>,
    /// Per entry: the ids of its phrasings.
    pub(crate) entry_phrasings: Vec<Vec<u32>>,
    /// Per entry: term ids of detail and tags.
    pub(crate) details: Vec<Vec<u32>>,
    postings: Vec<Vec<(u32, u16)>>,
    detail_postings: Vec<Vec<(u32, u16)>>,
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

    /// Adds an entry's phrasings (as terms) and its detail terms.
    pub fn add_entry(&mut self, phrasings: &[Vec<String>], detail: &[String]) {
        let entry = self.entry_phrasings.len() as u32;
        let mut ids = Vec::new();
        for terms in phrasings {
            let doc = self.phrasings.len() as u32;
            let term_ids: Vec<u32> = terms.iter().map(|t| self.intern(t)).collect();
            for (id, tf) in counts(&term_ids) {
                self.postings[id as usize].push((doc, tf));
            }
            self.phrasings.push((entry, term_ids));
            ids.push(doc);
        }
        self.entry_phrasings.push(ids);
        let detail_ids: Vec<u32> = detail.iter().map(|t| self.intern(t)).collect();
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
    pub fn retrieve(&self, query: &[u32], limit: usize) -> Vec<(u32, f64)> {
        let mut terms = query.to_vec();
        terms.sort_unstable();
        terms.dedup();
        let mut phrase_scores = Accumulator::new(self.phrasings.len());
        let mut by_entry = Accumulator::new(self.details.len());
        for &t in &terms {
            let idf = self.idf[t as usize];
            for &(doc, tf) in &self.postings[t as usize] {
                let len = self.phrasings[doc as usize].1.len() as f64;
                phrase_scores.add(doc, idf * bm25_tf(tf, len, self.avg_len));
            }
            for &(entry, tf) in &self.detail_postings[t as usize] {
                let len = self.details[entry as usize].len() as f64;
                by_entry.add(
                    entry,
                    DETAIL_WEIGHT * idf * bm25_tf(tf, len, self.avg_detail_len),
                );
            }
        }
        let mut best_phrasing = Accumulator::new(self.details.len());
        for &doc in &phrase_scores.touched {
            let entry = self.phrasings[doc as usize].0;
            best_phrasing.max(entry, phrase_scores.values[doc as usize]);
        }
        for &entry in &best_phrasing.touched {
            by_entry.add(entry, best_phrasing.values[entry as usize]);
        }
        let mut ranked: Vec<(u32, f64)> = by_entry
            .touched
            .iter()
            .map(|&e| (e, by_entry.values[e as usize]))
            .collect();
        let order = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if ranked.len() > limit {
            ranked.select_nth_unstable_by(limit, order);
            ranked.truncate(limit);
        }
        ranked.sort_by(order);
        ranked
    }
}

/// Dense score accumulation with a list of the slots touched.
struct Accumulator {
    values: Vec<f64>,
    touched: Vec<u32>,
}

impl Accumulator {
    fn new(len: usize) -> Accumulator {
        Accumulator {
            values: vec![0.0; len],
            touched: Vec::new(),
        }
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
