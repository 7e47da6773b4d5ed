//! Turns a text into the terms the matcher compares: normalised words, typos
//! repaired against the bank's own vocabulary, thesaurus phrases folded into
//! canonical concepts. Bank phrasings and questions go through the same path.

use super::normalize::Normalizer;
use super::thesaurus::Thesaurus;
use std::collections::{HashMap, HashSet};

/// A text's terms and what was done to get them (for explanations).
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub terms: Vec<String>,
    /// (phrase as written, canonical concept) pairs the thesaurus folded.
    pub synonyms: Vec<(String, String)>,
    /// (typo, correction) pairs.
    pub corrections: Vec<(String, String)>,
}

/// Known surface words, bucketed by first letter for quick typo lookup.
#[derive(Debug, Default)]
pub struct Vocabulary {
    words: HashSet<String>,
    stems: HashSet<String>,
    by_initial: HashMap<char, Vec<String>>,
}

impl Vocabulary {
    /// Adds a known stem (a word whose other inflections need no repair).
    pub fn insert_stem(&mut self, stem: &str) {
        self.stems.insert(stem.to_string());
    }

    pub fn insert(&mut self, word: &str) {
        if word.chars().count() >= 4
            && word.chars().all(char::is_alphabetic)
            && self.words.insert(word.to_string())
            && let Some(c) = word.chars().next()
        {
            self.by_initial.entry(c).or_default().push(word.to_string());
        }
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

    /// The closest known word within a small edit distance (1 for short words, 2 for long).
    fn repair(&self, word: &str) -> Option<&str> {
        let len = word.chars().count();
        if len < 5 || !word.chars().all(char::is_alphabetic) {
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
            _ => w.stem.clone(),
        })
        .collect();
    let (terms, synonyms) = thesaurus.apply(&stems);
    Analysis {
        terms,
        synonyms,
        corrections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
