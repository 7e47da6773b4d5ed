//! Turns a text into the terms the matcher compares: normalised words, typos
//! repaired against the bank's own vocabulary, thesaurus phrases folded into
//! canonical concepts. Bank phrasings and questions go through the same path.

use super::embed::{Embedder, PieceCache};
use super::normalize::{Normalizer, StemCache, Word};
use super::thesaurus::Thesaurus;
use crate::bank::BankEntry;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

/// A text's terms and what was done to get them (for explanations).
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub terms: Vec<String>,
    /// (phrase as written, canonical concept) pairs the thesaurus folded.
    pub synonyms: Vec<(String, String)>,
    /// (typo, correction) pairs.
    pub corrections: Vec<(String, String)>,
    /// The concepts the text names by their opposite ("shared account" for
    /// `uniqueid`; see [`super::thesaurus::OPPOSITE`]).
    pub opposites: Vec<String>,
}

/// Known surface words, bucketed by first letter for quick typo lookup.
#[derive(Debug, Default)]
pub struct Vocabulary {
    words: FxHashSet<String>,
    stems: FxHashSet<String>,
    by_initial: FxHashMap<char, Vec<String>>,
    /// Common English words, never repaired into a bank word: "stuff" is
    /// no typo of "staff".
    english: Option<&'static Embedder>,
}

impl Vocabulary {
    /// Adds a known stem (a word whose other inflections need no repair).
    pub fn insert_stem(&mut self, stem: &str) {
        if !self.stems.contains(stem) {
            self.stems.insert(stem.to_string());
        }
    }

    pub fn insert(&mut self, word: &str) {
        if word.chars().count() >= 4
            && word.chars().all(char::is_alphabetic)
            && !self.words.contains(word)
            && self.words.insert(word.to_string())
            && let Some(c) = word.chars().next()
        {
            self.by_initial.entry(c).or_default().push(word.to_string());
        }
    }

    /// Leaves the words `english` knows whole alone when repairing.
    pub fn keep_common_words(&mut self, english: &'static Embedder) {
        self.english = Some(english);
    }

    /// Sorts the buckets so repair is deterministic.
    pub fn finish(&mut self) {
        for list in self.by_initial.values_mut() {
            list.sort();
        }
    }

    fn knows(&self, word: &str, stem: &str) -> bool {
        self.words.contains(word) || self.stems.contains(stem)
    }

    /// Whether a word whose stem is known is still no word: neither the
    /// bank's nor a common English one.
    fn misspelt(&self, word: &str) -> bool {
        !self.words.contains(word) && self.english.is_some_and(|e| !e.is_common_word(word))
    }

    /// The closest known word within a small edit distance (1 for short words, 2 for long).
    fn repair(&self, word: &str) -> Option<&str> {
        // A typo the British-spelling rule rewrote ("phising" became
        // "phizing") is repaired as it was typed.
        self.nearest(word).or_else(|| {
            word.contains("iz")
                .then(|| self.nearest(&word.replace("iz", "is")))
                .flatten()
        })
    }

    fn nearest(&self, word: &str) -> Option<&str> {
        let len = word.chars().count();
        if len < 5
            || !word.chars().all(char::is_alphabetic)
            || self.english.is_some_and(|e| e.is_common_word(word))
        {
            return None;
        }
        let max = if len >= 8 { 2 } else { 1 };
        let first = word.chars().next()?;
        let mut best: Option<(usize, &str)> = None;
        for candidate in self.by_initial.get(&first)? {
            if candidate.chars().count().abs_diff(len) > max {
                continue;
            }
            let d = strsim::osa_distance(word, candidate);
            if d <= max && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, candidate));
            }
        }
        best.map(|(_, w)| w)
    }
}

/// `text` with its repaired typos spelt right, for what reads words rather
/// than stems (the sentence vector, soft coverage); `text` itself when none
/// was repaired. Lower case, as those readers fold case anyway.
pub fn respelt<'a>(text: &'a str, corrections: &[(String, String)]) -> std::borrow::Cow<'a, str> {
    if corrections.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let lower = text.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let fixed = corrections.iter().find(|(typo, _)| typo == word);
        out.push_str(fixed.map_or(word.as_str(), |(_, f)| f.as_str()));
        word.clear();
    };
    for c in lower.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    std::borrow::Cow::Owned(out)
}

/// Analyses `text`. With `vocab`, unknown words are repaired first.
pub fn analyze(
    text: &str,
    normalizer: &Normalizer,
    thesaurus: &Thesaurus,
    vocab: Option<&Vocabulary>,
) -> Analysis {
    let words = normalizer.content_words(text);
    let mut corrections = Vec::new();
    let stems: Vec<String> = words
        .iter()
        .map(|w| match vocab {
            Some(v) if !v.knows(&w.surface, &w.stem) => match v.repair(&w.surface) {
                Some(fixed) => {
                    corrections.push((w.surface.clone(), fixed.to_string()));
                    normalizer.stem(fixed)
                }
                None => w.stem.clone(),
            },
            // A typo whose stem happens to be known ("employes" gives
            // "employ", "awarness" gives "awar" like "awareness") is still
            // no word: neither the bank's nor a common one.
            Some(v) if v.misspelt(&w.surface) => match v.repair(&w.surface) {
                Some(fixed) => {
                    corrections.push((w.surface.clone(), fixed.to_string()));
                    normalizer.stem(fixed)
                }
                None => w.stem.clone(),
            },
            _ => w.stem.clone(),
        })
        .collect();
    let (terms, synonyms) = thesaurus.apply(&stems);
    let (terms, opposites) = super::thesaurus::split_opposites(&terms);
    Analysis {
        terms,
        synonyms,
        corrections,
        opposites,
    }
}

/// The terms of a bank text's words (bank texts need no typo repair, and
/// nobody reads their explanations), with the thesaurus's [`OPPOSITE`]
/// marks, which the index takes off.
///
/// [`OPPOSITE`]: super::thesaurus::OPPOSITE
pub fn terms(words: &[Word], thesaurus: &Thesaurus) -> Vec<String> {
    let stems: Vec<&str> = words.iter().map(|w| w.stem.as_str()).collect();
    thesaurus.terms(&stems)
}

/// One bank entry analysed before indexing.
pub(super) struct AnalysedEntry {
    /// Per phrasing (question, then alternates): its terms.
    pub phrasings: Vec<Vec<String>>,
    /// The terms of the detail and tags.
    pub detail: Vec<String>,
    /// Per phrasing: its sentence vector (when the batch embeds).
    pub vectors: Vec<Vec<f32>>,
    /// The sentence vector of the detail (when the batch embeds).
    pub detail_vector: Option<Vec<f32>>,
}

/// The tools and caches one batch of entries is analysed with. A bank says
/// the same words again and again, so each distinct word is stemmed and split
/// into word pieces once per batch, not once per use.
struct Batch<'a> {
    normalizer: &'a Normalizer,
    thesaurus: &'a Thesaurus,
    /// Computes sentence vectors too, when given.
    embedder: Option<&'a Embedder>,
    stems: StemCache,
    pieces: PieceCache,
    /// Content words of phrasings and details, and their stems (the typo-repair vocabulary).
    surfaces: FxHashSet<String>,
    stem_words: FxHashSet<String>,
}

impl Batch<'_> {
    fn entry(&mut self, e: &BankEntry) -> AnalysedEntry {
        let phrasings = e.phrasings().map(|p| self.words(p, true)).collect();
        let detail = e.detail.as_deref().unwrap_or("");
        let detail_words = self.words(detail, true);
        // The answer often says what the question is about ("Annually",
        // "Zero-trust access through Okta"), so its words count with the
        // detail's; answer, detail and tags are one text, as a phrase may span them.
        let mut detail_terms = if e.tags.is_empty() && e.answer.trim().is_empty() {
            detail_words
        } else {
            let tags = e.tags.join(" ");
            self.words(&format!("{} {detail} {tags}", e.answer), false)
        };
        // The plain stems of words the thesaurus folded into a concept still
        // echo a question that says them without the whole phrase ("phishing
        // sims" against "fake phishing campaigns"), so they count with the detail.
        // A set keeps this linear: a detail may run to many thousand words.
        let mut seen: FxHashSet<String> = detail_terms.iter().cloned().collect();
        let texts: Vec<&str> = e.phrasings().chain([detail]).collect();
        for text in texts {
            for w in self.normalizer.content_words_cached(text, &mut self.stems) {
                if seen.insert(w.stem.clone()) {
                    detail_terms.push(w.stem);
                }
            }
        }
        let Some(embedder) = self.embedder else {
            return AnalysedEntry {
                phrasings,
                detail: detail_terms,
                vectors: Vec::new(),
                detail_vector: None,
            };
        };
        AnalysedEntry {
            phrasings,
            detail: detail_terms,
            vectors: e
                .phrasings()
                .map(|p| embedder.sentence_cached(p, &mut self.pieces))
                .collect(),
            detail_vector: Some(embedder.sentence_cached(detail, &mut self.pieces)),
        }
    }

    /// The terms of `text`; with `remember`, its words join the vocabulary.
    fn words(&mut self, text: &str, remember: bool) -> Vec<String> {
        let words = self.normalizer.content_words_cached(text, &mut self.stems);
        if remember {
            for w in &words {
                if !self.surfaces.contains(&w.surface) {
                    self.surfaces.insert(w.surface.clone());
                }
                if !self.stem_words.contains(&w.stem) {
                    self.stem_words.insert(w.stem.clone());
                }
            }
        }
        terms(&words, self.thesaurus)
    }
}

/// Analyses the bank's entries in parallel batches (with their sentence
/// vectors when given an embedder); returns them in bank order and adds their
/// words to `vocab`.
pub(super) fn analyse_bank(
    entries: &[BankEntry],
    normalizer: &Normalizer,
    thesaurus: &Thesaurus,
    embedder: Option<&Embedder>,
    vocab: &mut Vocabulary,
) -> Vec<AnalysedEntry> {
    // Two batches per thread balance the load; bigger batches reuse more.
    let batch_len = entries
        .len()
        .div_ceil(2 * rayon::current_num_threads())
        .max(16);
    let batches: Vec<(Vec<AnalysedEntry>, FxHashSet<String>, FxHashSet<String>)> = entries
        .par_chunks(batch_len)
        .map(|chunk| {
            let mut batch = Batch {
                normalizer,
                thesaurus,
                embedder,
                stems: StemCache::default(),
                pieces: PieceCache::default(),
                surfaces: FxHashSet::default(),
                stem_words: FxHashSet::default(),
            };
            let analysed = chunk.iter().map(|e| batch.entry(e)).collect();
            (analysed, batch.surfaces, batch.stem_words)
        })
        .collect();
    let mut all = Vec::with_capacity(entries.len());
    for (analysed, surfaces, stems) in batches {
        // The vocabulary is a set with sorted buckets: the order words arrive in does not matter.
        for w in &surfaces {
            vocab.insert(w);
        }
        for s in &stems {
            vocab.insert_stem(s);
        }
        all.extend(analysed);
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_respelt_word_by_word() {
        let fixes = [("encripted".to_string(), "encrypted".to_string())];
        assert_eq!(
            respelt("Are Backups encripted?", &fixes),
            "are backups encrypted?"
        );
        // Part of a longer word is no typo of its own.
        assert_eq!(respelt("unencripted", &fixes), "unencripted");
        assert_eq!(respelt("As written", &[]), "As written");
    }

    #[test]
    fn repairs_typos_against_known_words() {
        let n = Normalizer::default();
        let t = Thesaurus::load(&n, None).unwrap();
        let mut v = Vocabulary::default();
        for w in [
            "encryption",
            "penetration",
            "authentication",
            "backup",
            "test",
        ] {
            v.insert(w);
            v.insert_stem(&n.stem(w));
        }
        v.finish();
        let a = analyze("Is encyrption used? penetraton tests", &n, &t, Some(&v));
        assert_eq!(
            a.corrections,
            [
                ("encyrption".to_string(), "encryption".to_string()),
                ("penetraton".into(), "penetration".into())
            ]
        );
        assert!(a.terms.contains(&"encrypt".to_string()));
        assert!(a.terms.contains(&"pentest".to_string()), "{:?}", a.terms);
        let a = analyze("xyzzy backupp", &n, &t, Some(&v));
        assert!(a.terms.contains(&"backup".to_string()), "{:?}", a.terms);
        // The British-spelling rule turned "phising" into "phizing".
        v.insert("phishing");
        v.insert_stem(&n.stem("phishing"));
        v.finish();
        let a = analyze("phising tests", &n, &t, Some(&v));
        assert_eq!(
            a.corrections,
            [("phizing".to_string(), "phishing".to_string())]
        );
    }

    #[test]
    fn a_common_word_is_no_typo_of_a_bank_word() {
        let n = Normalizer::default();
        let t = Thesaurus::load(&n, None).unwrap();
        let mut v = Vocabulary::default();
        for w in ["staff", "employees"] {
            v.insert(w);
            v.insert_stem(&n.stem(w));
        }
        v.keep_common_words(Embedder::global().unwrap());
        v.finish();
        let a = analyze("do staff lose access to our stuff", &n, &t, Some(&v));
        assert!(a.corrections.is_empty(), "{:?}", a.corrections);
        let a = analyze("are employes screened", &n, &t, Some(&v));
        assert_eq!(
            a.corrections,
            [("employes".to_string(), "employees".to_string())]
        );
    }
}
