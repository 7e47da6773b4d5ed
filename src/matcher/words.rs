//! Soft coverage: how well each content word of a question is echoed, by the
//! same or a kindred word, anywhere in an entry. A near miss shares an entry's
//! topic but adds a word the entry has nothing like ("drug testing" against a
//! background-check entry); a paraphrase's words all find a kin ("headcount"
//! and "employees"). Word vectors come from the adapted embedding table, so
//! kinship is the domain's.

use super::embed::Embedder;
use super::normalize::{is_stop_word, words};
use super::vectors::{dot, dots};
use crate::bank::BankEntry;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// How alike two words' vectors must be for an explanation to call them kin.
const KINDRED: f64 = 0.5;

/// The distinct content words of every entry and, on first use, their vectors.
pub(super) struct EntryWords {
    embedder: &'static Embedder,
    /// Distinct words of the whole bank, by id, and their ids.
    words: Vec<Box<str>>,
    ids: FxHashMap<Box<str>, u32>,
    /// Per entry: the ids of its distinct content words.
    by_entry: Vec<Vec<u32>>,
    /// Per word: its unit vector (zero when no piece is known), flattened.
    vectors: OnceLock<Vec<f32>>,
}

/// The distinct content words of `text` (folded, stop words and single letters left out).
fn content_words(text: &str) -> impl Iterator<Item = String> {
    words(text)
        .into_iter()
        .filter(|w| w.chars().count() > 1 && !is_stop_word(w))
}

impl EntryWords {
    /// Collects the content words of each entry's phrasings, answer, detail and tags.
    pub(super) fn new(embedder: &'static Embedder, entries: &[BankEntry]) -> EntryWords {
        let mut ids: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut words = Vec::new();
        let by_entry = entries
            .iter()
            .map(|e| {
                let texts = e
                    .phrasings()
                    .chain([e.answer.as_str(), e.detail.as_deref().unwrap_or("")])
                    .chain(e.tags.iter().map(String::as_str));
                let mut mine: Vec<u32> = texts
                    .flat_map(content_words)
                    .map(|w| {
                        *ids.entry(w.as_str().into()).or_insert_with(|| {
                            words.push(w.into_boxed_str());
                            words.len() as u32 - 1
                        })
                    })
                    .collect();
                mine.sort_unstable();
                mine.dedup();
                mine
            })
            .collect();
        EntryWords {
            embedder,
            words,
            ids,
            by_entry,
            vectors: OnceLock::new(),
        }
    }

    fn vectors(&self) -> &[f32] {
        self.vectors.get_or_init(|| {
            self.words
                .iter()
                .flat_map(|w| self.embedder.sentence(w))
                .collect()
        })
    }

    /// The soft coverage of the question by each of `entries`: the mean, over
    /// the question's content words, of each one's best cosine with a word of
    /// the entry (0 when either side has no known word). Second, the same
    /// where `known(entry, word)` overrides a word's cover: 1 when the entry
    /// has its term or thesaurus concept ("RTO" is echoed by "recovery time
    /// objective"), 0 when the entry names a contrasting concept ("transit"
    /// is not echoed by "at rest", however close the words). A word the
    /// entries share is compared with the question once.
    pub(super) fn soft_covers(
        &self,
        question: &QuestionWords,
        entries: &[usize],
        known: impl Fn(usize, usize) -> Option<f64>,
    ) -> Vec<(f64, f64)> {
        let question = &question.vectors;
        if question.is_empty() {
            return vec![(0.0, 0.0); entries.len()];
        }
        let dims = self.embedder.dims();
        let all = self.vectors();
        let mut union: Vec<u32> = entries
            .iter()
            .flat_map(|&e| self.by_entry[e].iter().copied())
            .collect();
        union.sort_unstable();
        union.dedup();
        let rows: Vec<&[f32]> = union
            .iter()
            .map(|&w| &all[w as usize * dims..(w as usize + 1) * dims])
            .collect();
        // cosines[u * n + q]: union word u against question word q, so the
        // best cover of every question word by an entry is an element-wise
        // maximum over the rows of its words (exact, in any order).
        let n = question.len();
        let cosines: Vec<f32> = rows
            .iter()
            .flat_map(|row| question.iter().map(|q| dot(q, row)))
            .collect();
        let mut best = vec![0.0f32; n];
        entries
            .iter()
            .map(|&e| {
                best.fill(0.0);
                let mut any = false;
                for at in self.by_entry[e]
                    .iter()
                    .filter_map(|w| union.binary_search(w).ok())
                {
                    any = true;
                    for (b, c) in best.iter_mut().zip(&cosines[at * n..(at + 1) * n]) {
                        *b = b.max(*c);
                    }
                }
                if !any {
                    return (0.0, 0.0);
                }
                let (mut plain, mut with_terms) = (0.0, 0.0);
                for (word, &b) in best.iter().enumerate() {
                    let b = f64::from(b);
                    plain += b;
                    with_terms += known(e, word).unwrap_or(b);
                }
                (plain / n as f64, with_terms / n as f64)
            })
            .collect()
    }

    /// The question's words that `entry` does not use itself but echoes with
    /// a kindred word (cosine at least [`KINDRED`]): (question word, entry
    /// word, cosine), closest first. They explain a paraphrase's match.
    pub(super) fn kindred(
        &self,
        question: &QuestionWords,
        entry: usize,
    ) -> Vec<(String, String, f64)> {
        let dims = self.embedder.dims();
        let all = self.vectors();
        let mine = &self.by_entry[entry];
        let rows: Vec<&[f32]> = mine
            .iter()
            .map(|&w| &all[w as usize * dims..(w as usize + 1) * dims])
            .collect();
        let mut out: Vec<(String, String, f64)> = question
            .words
            .iter()
            .zip(&question.vectors)
            .filter(|(w, _)| {
                self.ids
                    .get(w.as_str())
                    .is_none_or(|id| mine.binary_search(id).is_err())
            })
            .filter_map(|(w, v)| {
                let cosines = dots(v, &rows);
                let (at, best) = cosines
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))?;
                let kin = &self.words[mine[at] as usize];
                (f64::from(*best) >= KINDRED)
                    .then(|| (w.clone(), kin.to_string(), f64::from(*best)))
            })
            .collect();
        out.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// A question's distinct content words with a known piece, and their unit
    /// vectors (a word the bank uses too is looked up, not embedded again).
    pub(super) fn question(&self, text: &str) -> QuestionWords {
        let dims = self.embedder.dims();
        let mut seen: Vec<String> = content_words(text).collect();
        seen.sort_unstable();
        seen.dedup();
        let (mut words, mut vectors) = (Vec::new(), Vec::new());
        for w in seen {
            let vector = match self.ids.get(w.as_str()) {
                Some(&id) => {
                    let start = id as usize * dims;
                    self.vectors()[start..start + dims].to_vec()
                }
                None => self.embedder.sentence(&w),
            };
            if vector.iter().any(|x| *x != 0.0) {
                words.push(w);
                vectors.push(vector);
            }
        }
        QuestionWords { words, vectors }
    }
}

/// A question's content words (those with a known piece) and their unit vectors.
pub(super) struct QuestionWords {
    pub(super) words: Vec<String>,
    vectors: Vec<Vec<f32>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cover(entry: &str, question: &str) -> f64 {
        let embedder = Embedder::global().unwrap();
        let words = EntryWords::new(embedder, &[BankEntry::new("e", entry, "Yes")]);
        words.soft_covers(&words.question(question), &[0], |_, _| None)[0].0
    }

    #[test]
    fn kindred_words_cover_a_question_and_a_twist_does_not() {
        let entry = "Do you perform background checks on employees before they start?";
        let paraphrase = cover(entry, "Are new hires screened before their first day?");
        let twist = cover(entry, "Does screening include drug testing?");
        let unrelated = cover(entry, "Do you use honeypots?");
        assert!(paraphrase > twist, "{paraphrase} vs {twist}");
        assert!(twist > unrelated, "{twist} vs {unrelated}");
        assert!((cover(entry, "background checks employees") - 1.0).abs() < 1e-3);
    }

    #[test]
    fn kindred_words_explain_a_paraphrase_but_not_words_the_entry_has() {
        let embedder = Embedder::global().unwrap();
        let entry = "How many employees does your company have?";
        let words = EntryWords::new(embedder, &[BankEntry::new("e", entry, "120")]);
        let kin = words.kindred(&words.question("How many people work for your company?"), 0);
        assert!(
            kin.iter()
                .any(|(q, e, c)| q == "people" && e == "employees" && *c >= KINDRED),
            "{kin:?}"
        );
        assert!(kin.iter().all(|(q, _, _)| q != "company"), "{kin:?}");
        assert!(kin.windows(2).all(|w| w[0].2 >= w[1].2), "{kin:?}");
        let unrelated = words.kindred(&words.question("Do you run honeypots?"), 0);
        assert!(unrelated.is_empty(), "{unrelated:?}");
    }

    #[test]
    fn known_words_override_the_cosine_in_the_second_cover_only() {
        let embedder = Embedder::global().unwrap();
        let words = EntryWords::new(
            embedder,
            &[BankEntry::new("e", "Do you encrypt data at rest?", "Yes")],
        );
        let q = words.question("Is data encrypted in transit?");
        let transit = q.words.iter().position(|w| w == "transit").unwrap();
        let [(plain, none)] = words.soft_covers(&q, &[0], |_, _| None)[..] else {
            panic!()
        };
        assert_eq!(plain, none);
        let [(same, contradicted)] =
            words.soft_covers(&q, &[0], |_, w| (w == transit).then_some(0.0))[..]
        else {
            panic!()
        };
        assert_eq!(same, plain);
        assert!(contradicted < plain, "{contradicted} vs {plain}");
        let [(_, covered)] = words.soft_covers(&q, &[0], |_, _| Some(1.0))[..] else {
            panic!()
        };
        assert_eq!(covered, 1.0);
    }

    #[test]
    fn no_known_word_covers_nothing() {
        assert_eq!(cover("Do you encrypt data?", "the of and"), 0.0);
        assert_eq!(cover("", "Do you encrypt data?"), 0.0);
    }
}
