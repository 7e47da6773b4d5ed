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

/// The built-in thesaurus compiled to stems (`cargo xtask codegen` writes it;
/// a test fails when it drifts from `thesaurus.toml`). Loading it needs no
/// stemming, which keeps start-up fast.
pub const BUILTIN_COMPILED: &str = include_str!("thesaurus.compiled");

impl Thesaurus {
    /// The built-in thesaurus plus, when given, a bank's own `thesaurus.toml`.
    ///
    /// # Errors
    /// A user thesaurus that is not valid TOML of the same shape.
    pub fn load(normalizer: &Normalizer, user: Option<&Path>) -> Result<Thesaurus> {
        let mut t = Thesaurus::default();
        t.add_compiled(BUILTIN_COMPILED);
        if let Some(path) = user.filter(|p| p.is_file()) {
            let text = crate::bank::read_text(path)?;
            let raw: RawThesaurus =
                toml::from_str(&text).map_err(|e| crate::bank::syntax_error(path, &text, &e))?;
            t.add_compiled(&compile(normalizer, raw));
        }
        t.finish();
        Ok(t)
    }

    /// Adds the rules, words and contrast groups of a compiled thesaurus.
    fn add_compiled(&mut self, compiled: &str) {
        for line in compiled.lines() {
            let mut fields = line.split('\t');
            match (fields.next(), fields.next(), fields.next()) {
                (Some("R"), Some(pattern), Some(output)) => {
                    let pattern: Vec<String> = pattern.split(' ').map(str::to_string).collect();
                    let output = output.split(' ').map(str::to_string).collect();
                    self.rules
                        .entry(pattern[0].clone())
                        .or_default()
                        .push(Rule { pattern, output });
                }
                (Some("W"), Some(words), None) => {
                    self.surface_words
                        .extend(words.split(' ').map(str::to_string));
                }
                (Some("C"), Some(group), None) => {
                    let index = self.contrast_count;
                    self.contrast_count += 1;
                    for token in group.split(' ') {
                        self.contrast_of
                            .entry(token.to_string())
                            .or_default()
                            .push(index);
                    }
                }
                _ => {}
            }
        }
    }

    /// Orders each first-stem's rules longest first; earlier (built-in) rules win ties.
    fn finish(&mut self) {
        for rules in self.rules.values_mut() {
            rules.sort_by_key(|r| std::cmp::Reverse(r.pattern.len()));
            let mut seen = std::collections::HashSet::new();
            rules.retain(|r| seen.insert(r.pattern.clone()));
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
            match self.best_rule(stems, &consumed, i) {
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
        self.add_overlapping(stems, &mut out, &mut used);
        (out, used)
    }

    /// The longest rule matching at `i`; at equal length a contiguous match wins over one with a gap.
    fn best_rule(
        &self,
        stems: &[String],
        consumed: &[bool],
        i: usize,
    ) -> Option<(&Rule, Vec<usize>)> {
        let rules = self.rules.get(&stems[i])?;
        let mut best: Option<(&Rule, Vec<usize>)> = None;
        for r in rules {
            if best
                .as_ref()
                .is_some_and(|(b, _)| b.pattern.len() > r.pattern.len())
            {
                break;
            }
            if let Some(at) = find_with_gaps(stems, consumed, i, &r.pattern) {
                let contiguous = at.windows(2).all(|w| w[1] == w[0] + 1);
                if contiguous {
                    return Some((r, at));
                }
                best.get_or_insert((r, at));
            }
        }
        best
    }

    /// Concepts whose phrases overlap a phrase already folded ("code change
    /// reviewed" is both a code change and a code review) are added too, so a
    /// sibling phrasing that names either still meets this one.
    fn add_overlapping(
        &self,
        stems: &[String],
        out: &mut Vec<String>,
        used: &mut Vec<(String, String)>,
    ) {
        let free = vec![false; stems.len()];
        for i in 0..stems.len() {
            let Some(rules) = self.rules.get(&stems[i]) else {
                continue;
            };
            for r in rules.iter().filter(|r| r.pattern.len() > 1) {
                if find_with_gaps(stems, &free, i, &r.pattern).is_some()
                    && !r.output.iter().all(|t| out.contains(t))
                {
                    used.push((r.pattern.join(" "), r.output.join(" ")));
                    out.extend(
                        r.output
                            .iter()
                            .filter(|t| !out.contains(t))
                            .cloned()
                            .collect::<Vec<_>>(),
                    );
                }
            }
        }
    }

    /// Every surface word the thesaurus phrases use (a vocabulary for typo repair).
    pub fn phrase_words(&self) -> impl Iterator<Item = &str> {
        self.surface_words.iter().map(String::as_str)
    }
}

/// Compiles thesaurus TOML into the line format [`Thesaurus`] loads: `R`
/// (pattern stems, output tokens), `W` (the phrases' words, for typo repair) and
/// `C` (a contrast group), tab-separated. Two-word phrases also match in the
/// other order. The output is sorted, so it is stable across runs.
fn compile(normalizer: &Normalizer, raw: RawThesaurus) -> String {
    let mut rules = std::collections::BTreeSet::new();
    let mut words = std::collections::BTreeSet::new();
    for (key, phrases) in &raw.concepts {
        let output: Vec<&str> = key.split_whitespace().collect();
        for phrase in phrases {
            words.extend(super::normalize::words(phrase));
            let pattern = normalizer.phrase_stems(phrase);
            if pattern.is_empty() || pattern == output {
                continue;
            }
            if pattern.len() == 2 && pattern[0] != pattern[1] {
                rules.insert((
                    format!("{} {}", pattern[1], pattern[0]),
                    output.join(" "),
                    1,
                ));
            }
            rules.insert((pattern.join(" "), output.join(" "), 0));
        }
    }
    let mut out =
        String::from("# compiled from thesaurus.toml by `cargo xtask codegen`; do not edit\n");
    // Direct phrases before reversed ones, so a real phrase wins over a reversal.
    let mut ordered: Vec<_> = rules.into_iter().collect();
    ordered.sort_by(|a, b| a.2.cmp(&b.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    for (pattern, output, _) in ordered {
        out.push_str(&format!("R\t{pattern}\t{output}\n"));
    }
    out.push_str(&format!(
        "W\t{}\n",
        words.into_iter().collect::<Vec<_>>().join(" ")
    ));
    for group in &raw.contrasts.groups {
        out.push_str(&format!("C\t{}\n", group.join(" ")));
    }
    out
}

/// The built-in `thesaurus.toml` compiled (what `cargo xtask codegen` writes).
///
/// # Errors
/// The built-in TOML is malformed (a bug caught by the tests).
pub fn compile_builtin() -> Result<String> {
    let raw: RawThesaurus =
        toml::from_str(BUILTIN).map_err(|e| Error::Internal(format!("built-in thesaurus: {e}")))?;
    Ok(compile(&Normalizer::default(), raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(t: &Thesaurus, n: &Normalizer, text: &str) -> Vec<String> {
        t.apply(&n.phrase_stems(text)).0
    }

    #[test]
    fn compiled_thesaurus_is_current() {
        assert!(
            compile_builtin().unwrap() == BUILTIN_COMPILED,
            "thesaurus.compiled is stale: run `cargo xtask codegen`"
        );
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
    fn plain_english_and_vendor_names_reach_their_concept() {
        let n = Normalizer::default();
        let t = Thesaurus::load(&n, None).unwrap();
        for (text, concept) in [
            (
                "Do staff have local admin rights on their laptops?",
                "localadmin",
            ),
            ("Do you support AWS PrivateLink?", "privatelink"),
            ("Do webhooks come from static IP addresses?", "staticip"),
            (
                "What happens after several failed login attempts?",
                "lockout",
            ),
            ("Is access removed for former employees?", "deprovision"),
            ("Can users sign in with Google?", "sso"),
        ] {
            let folded = fold(&t, &n, text);
            assert!(folded.contains(&concept.to_string()), "{text}: {folded:?}");
        }
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
