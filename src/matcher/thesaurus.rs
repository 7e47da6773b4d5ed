//! The domain thesaurus (`thesaurus.toml`, embedded; extendable per bank): folds
//! the many ways questionnaires name one security concept into one canonical
//! token, and knows which concepts are siblings that must not be confused.

use super::normalize::Normalizer;
use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// The thesaurus shipped with qfill.
pub const BUILTIN: &str = include_str!("thesaurus.toml");

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawThesaurus {
    #[serde(default)]
    concepts: HashMap<String, Vec<String>>,
    #[serde(default)]
    contrasts: RawContrasts,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawContrasts {
    #[serde(default)]
    groups: Vec<Vec<String>>,
}

/// How many extra words may sit between two words of a phrase.
const MAX_GAP: usize = 1;

/// Where `pattern` occurs from `start`, allowing short gaps; `None` if it does not.
fn find_with_gaps(
    stems: &[String],
    consumed: &[bool],
    start: usize,
    pattern: &[String],
) -> Option<Vec<usize>> {
    let mut positions = vec![start];
    let mut at = start;
    for word in &pattern[1..] {
        let next = (at + 1..=at + 1 + MAX_GAP)
            .take_while(|&j| j < stems.len())
            .find(|&j| !consumed[j] && stems[j] == *word)?;
        positions.push(next);
        at = next;
    }
    Some(positions)
}

/// A phrase (as stems) and the canonical tokens that replace it.
#[derive(Debug, Clone)]
struct Rule {
    pattern: Vec<String>,
    output: Vec<String>,
}

/// Compiled synonym rules and contrast groups.
#[derive(Debug, Clone, Default)]
pub struct Thesaurus {
    /// Rules by first stem, longest pattern first.
    rules: HashMap<String, Vec<Rule>>,
    /// Canonical token → indexes of the contrast groups it belongs to.
    pub(crate) contrast_of: HashMap<String, Vec<usize>>,
    pub(crate) contrast_count: usize,
    /// Every word the phrases use, as written (a vocabulary for typo repair).
    surface_words: Vec<String>,
}

impl Thesaurus {
    /// The built-in thesaurus plus, when given, a bank's own `thesaurus.toml`.
    ///
    /// # Errors
    /// A user thesaurus that is not valid TOML of the same shape.
    pub fn load(normalizer: &Normalizer, user: Option<&Path>) -> Result<Thesaurus> {
        let mut t = Thesaurus::default();
        let builtin: RawThesaurus = toml::from_str(BUILTIN)
            .map_err(|e| Error::Internal(format!("built-in thesaurus: {e}")))?;
        t.add(normalizer, builtin);
        if let Some(path) = user.filter(|p| p.is_file()) {
            let text = crate::bank::read_text(path)?;
            let raw: RawThesaurus =
                toml::from_str(&text).map_err(|e| crate::bank::syntax_error(path, &text, &e))?;
            t.add(normalizer, raw);
        }
        Ok(t)
    }

    fn add(&mut self, normalizer: &Normalizer, raw: RawThesaurus) {
        for (key, phrases) in raw.concepts {
            let output: Vec<String> = key.split_whitespace().map(str::to_string).collect();
            for phrase in phrases {
                self.surface_words.extend(super::normalize::words(&phrase));
                let pattern = normalizer.phrase_stems(&phrase);
                if pattern.is_empty() || pattern == output {
                    continue;
                }
                self.rules
                    .entry(pattern[0].clone())
                    .or_default()
                    .push(Rule {
                        pattern,
                        output: output.clone(),
                    });
            }
        }
        for rules in self.rules.values_mut() {
            rules.sort_by(|a, b| {
                b.pattern
                    .len()
                    .cmp(&a.pattern.len())
                    .then(a.pattern.cmp(&b.pattern))
            });
        }
        for group in raw.contrasts.groups {
            let index = self.contrast_count;
            self.contrast_count += 1;
            for token in group {
                self.contrast_of.entry(token).or_default().push(index);
            }
        }
    }

    /// Replaces every known phrase in `stems` by its canonical tokens (longest
    /// match first). A phrase may have one extra word inside it ("second
    /// authentication factor" still says "second factor"); the extra word is kept.
    /// Returns the tokens and, for explanations, the phrases that were folded.
    pub fn apply(&self, stems: &[String]) -> (Vec<String>, Vec<(String, String)>) {
        let mut out = Vec::with_capacity(stems.len());
        let mut used = Vec::new();
        let mut consumed = vec![false; stems.len()];
        for i in 0..stems.len() {
            if consumed[i] {
                continue;
            }
            let hit = self.rules.get(&stems[i]).and_then(|rules| {
                rules
                    .iter()
                    .find_map(|r| find_with_gaps(stems, &consumed, i, &r.pattern).map(|at| (r, at)))
            });
            match hit {
                Some((rule, positions)) => {
                    for p in positions {
                        consumed[p] = true;
                    }
                    used.push((rule.pattern.join(" "), rule.output.join(" ")));
                    out.extend(rule.output.iter().cloned());
                }
                None => out.push(stems[i].clone()),
            }
        }
        (out, used)
    }

    /// Every surface word the thesaurus phrases use (a vocabulary for typo repair).
    pub fn phrase_words(&self) -> impl Iterator<Item = &str> {
        self.surface_words.iter().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(t: &Thesaurus, n: &Normalizer, text: &str) -> Vec<String> {
        t.apply(&n.phrase_stems(text)).0
    }

    #[test]
    fn folds_synonyms_to_one_concept() {
        let n = Normalizer::default();
        let t = Thesaurus::load(&n, None).unwrap();
        for text in [
            "Do you enforce two-factor authentication?",
            "Is 2FA enforced?",
            "two-step verification enforced",
        ] {
            assert!(
                fold(&t, &n, text).contains(&"mfa".to_string()),
                "{text}: {:?}",
                fold(&t, &n, text)
            );
        }
        assert_eq!(
            fold(&t, &n, "annual penetration tests"),
            ["annual", "pentest"]
        );
        let rest = fold(&t, &n, "Is stored data encrypted?");
        assert!(rest.contains(&"rest".to_string()), "{rest:?}");
        assert!(fold(&t, &n, "data in transit").contains(&"transit".to_string()));
        assert!(t.contrast_of.contains_key("rest"));
    }

    #[test]
    fn user_thesaurus_extends_and_bad_one_is_named() {
        let n = Normalizer::default();
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("thesaurus.toml");
        std::fs::write(&path, "[concepts]\n\"okta\" = [\"identity provider\"]\n").unwrap();
        let t = Thesaurus::load(&n, Some(&path)).unwrap();
        assert_eq!(fold(&t, &n, "identity provider"), ["okta"]);
        std::fs::write(&path, "[concept]\n").unwrap();
        let err = Thesaurus::load(&n, Some(&path)).unwrap_err().to_string();
        assert!(err.contains("thesaurus.toml:1"), "{err}");
    }
}
