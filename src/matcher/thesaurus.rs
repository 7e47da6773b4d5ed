//! The domain thesaurus (`thesaurus.toml`, embedded; extendable per bank): folds
//! the many ways questionnaires name one security concept into one canonical
//! token, and knows which concepts are siblings that must not be confused.

use super::normalize::Normalizer;
use crate::error::{Error, Result};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use std::borrow::Cow;
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

/// The id of a stem no rule uses.
const UNKNOWN: u32 = u32::MAX;

/// The mark a phrase naming its concept's opposite leaves after the
/// concept's token ("shared account" → `uniqueid ¬`). It is no term: the
/// index and the question's analysis take it off (see
/// [`split_opposites`]).
pub(crate) const OPPOSITE: &str = "¬";

/// `terms` without the [`OPPOSITE`] marks, and the concepts they marked.
pub(crate) fn split_opposites(terms: &[String]) -> (Vec<String>, Vec<String>) {
    let mut kept = Vec::with_capacity(terms.len());
    let mut opposites = Vec::new();
    for t in terms {
        if t == OPPOSITE {
            opposites.extend(kept.last().cloned());
        } else {
            kept.push(t.clone());
        }
    }
    (kept, opposites)
}

/// Whether `pattern` occurs from `start`, allowing short gaps; its positions go to `positions`.
fn find_with_gaps(
    ids: &[u32],
    consumed: &[bool],
    start: usize,
    pattern: &[u32],
    positions: &mut Vec<usize>,
) -> bool {
    positions.clear();
    positions.push(start);
    let mut at = start;
    for &word in &pattern[1..] {
        let next = (at + 1..=at + 1 + MAX_GAP)
            .take_while(|&j| j < ids.len())
            .find(|&j| !consumed[j] && ids[j] == word);
        match next {
            Some(next) => {
                positions.push(next);
                at = next;
            }
            None => return false,
        }
    }
    true
}

/// The stems a phrase starting at `i` can continue with: the next two (a gap is one word).
fn followers(ids: &[u32], i: usize) -> [u32; 1 + MAX_GAP] {
    let at = |j: usize| ids.get(j).copied().unwrap_or(UNKNOWN);
    std::array::from_fn(|k| at(i + 1 + k))
}

/// A cheap test that rejects most rules before [`find_with_gaps`] runs: a
/// phrase's second stem must be one of the followers.
fn could_start(rule: &Rule, followers: [u32; 1 + MAX_GAP]) -> bool {
    rule.second == UNKNOWN || followers.contains(&rule.second)
}

/// A phrase (as stem ids) and the canonical tokens (as ids) that replace it.
#[derive(Debug, Clone)]
struct Rule {
    /// The pattern's second stem (`UNKNOWN` for one word), kept inline so
    /// that rejecting a rule reads no other memory.
    second: u32,
    pattern: Box<[u32]>,
    output: Box<[u32]>,
    /// A generic phrase ("~iso certified"): its concept gives way to a
    /// sibling the text names, and the phrase then stays its own words.
    generic: bool,
    /// A phrase naming its concept's opposite ("!shared account"): its
    /// output ends in [`OPPOSITE`].
    opposite: bool,
}

/// Compiled synonym rules and contrast groups.
///
/// Stems and tokens are interned: rules compare `u32` ids, and the built-in
/// thesaurus's spellings are borrowed from the binary, so loading it allocates
/// little and folding a text compares no strings.
#[derive(Debug, Clone, Default)]
pub struct Thesaurus {
    /// Stem and token spellings by id.
    names: Vec<Cow<'static, str>>,
    ids: FxHashMap<Cow<'static, str>, u32>,
    /// Rules by the id of their first stem, longest pattern first.
    rules: Vec<Vec<Rule>>,
    /// Canonical token → indexes of the contrast groups it belongs to.
    pub(crate) contrast_of: HashMap<String, Vec<usize>>,
    pub(crate) contrast_count: usize,
    /// Every word the phrases use, as written (a vocabulary for typo repair).
    surface_words: Vec<Cow<'static, str>>,
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
        t.add_compiled(BUILTIN_COMPILED, Cow::Borrowed);
        if let Some(path) = user.filter(|p| p.is_file()) {
            let text = crate::bank::read_text(path)?;
            let raw: RawThesaurus =
                toml::from_str(&text).map_err(|e| crate::bank::syntax_error(path, &text, &e))?;
            t.add_compiled(&compile(normalizer, raw), |s| Cow::Owned(s.to_string()));
        }
        t.finish();
        Ok(t)
    }

    /// The id of a spelling, adding it when new.
    fn intern<'a>(&mut self, word: &'a str, keep: &impl Fn(&'a str) -> Cow<'static, str>) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(keep(word));
        self.ids.insert(keep(word), id);
        self.rules.push(Vec::new());
        id
    }

    /// Adds the rules, words and contrast groups of a compiled thesaurus;
    /// `keep` turns a borrowed spelling into one the thesaurus can hold.
    fn add_compiled<'a>(&mut self, compiled: &'a str, keep: impl Fn(&'a str) -> Cow<'static, str>) {
        for line in compiled.lines() {
            let mut fields = line.split('\t');
            match (fields.next(), fields.next(), fields.next()) {
                (Some("R"), Some(pattern), Some(output)) => {
                    let (output, generic) = match output.strip_prefix('~') {
                        Some(rest) => (rest, true),
                        None => (output, false),
                    };
                    let pattern: Box<[u32]> =
                        pattern.split(' ').map(|w| self.intern(w, &keep)).collect();
                    let opposite = output
                        .strip_suffix(OPPOSITE)
                        .is_some_and(|rest| rest.ends_with(' '));
                    let output = output.split(' ').map(|w| self.intern(w, &keep)).collect();
                    let second = pattern.get(1).copied().unwrap_or(UNKNOWN);
                    self.rules[pattern[0] as usize].push(Rule {
                        second,
                        pattern,
                        output,
                        generic,
                        opposite,
                    });
                }
                (Some("W"), Some(words), None) => {
                    self.surface_words.extend(words.split(' ').map(&keep));
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
        for rules in &mut self.rules {
            rules.sort_by_key(|r| std::cmp::Reverse(r.pattern.len()));
            let mut seen = FxHashSet::default();
            let keep: Vec<bool> = rules.iter().map(|r| seen.insert(&*r.pattern)).collect();
            let mut keep = keep.into_iter();
            rules.retain(|_| keep.next().unwrap_or(true));
        }
    }

    /// Replaces every known phrase in `stems` by its canonical tokens (longest
    /// match first). A phrase may have one extra word inside it ("second
    /// authentication factor" still says "second factor"); the extra word is kept.
    /// Returns the tokens and, for explanations, the phrases that were folded.
    pub fn apply<S: AsRef<str>>(&self, stems: &[S]) -> (Vec<String>, Vec<(String, String)>) {
        let mut used = Vec::new();
        let out = self.fold(stems, Some(&mut used));
        (out, used)
    }

    /// The tokens of [`Thesaurus::apply`] without the explanations.
    pub fn terms<S: AsRef<str>>(&self, stems: &[S]) -> Vec<String> {
        self.fold(stems, None)
    }

    fn fold<S: AsRef<str>>(
        &self,
        stems: &[S],
        mut used: Option<&mut Vec<(String, String)>>,
    ) -> Vec<String> {
        let ids: Vec<u32> = stems
            .iter()
            .map(|s| self.ids.get(s.as_ref()).copied().unwrap_or(UNKNOWN))
            .collect();
        let mut out = Vec::with_capacity(stems.len());
        let mut consumed = vec![false; stems.len()];
        let (mut found, mut trial) = (Vec::new(), Vec::new());
        // Generic phrases folded: where their tokens start in `out`, and the rule.
        let mut generic = Vec::new();
        for i in 0..stems.len() {
            if consumed[i] {
                continue;
            }
            match self.best_rule(&ids, &consumed, i, &mut found, &mut trial) {
                Some(rule) => {
                    for &p in &found {
                        consumed[p] = true;
                    }
                    if rule.generic {
                        generic.push((out.len(), rule));
                    } else if let Some(used) = used.as_deref_mut() {
                        used.push(self.describe(rule));
                    }
                    out.extend(rule.output.iter().map(|&t| self.name(t).to_string()));
                }
                None => out.push(stems[i].as_ref().to_string()),
            }
        }
        // Last first, so earlier positions stay right.
        for &(at, rule) in generic.iter().rev() {
            let end = at + rule.output.len();
            let rest: Vec<String> = out[..at].iter().chain(&out[end..]).cloned().collect();
            if rule
                .output
                .iter()
                .any(|&t| self.contrasts_with_any(t, &rest))
            {
                let words = rule.pattern.iter().map(|&w| self.name(w).to_string());
                out.splice(at..end, words);
            } else if let Some(used) = used.as_deref_mut() {
                used.push(self.describe(rule));
            }
        }
        self.add_overlapping(&ids, &mut out, used, &mut trial);
        out
    }

    fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// (phrase, concept) of a rule, for explanations.
    fn describe(&self, rule: &Rule) -> (String, String) {
        let join = |ids: &[u32]| {
            ids.iter()
                .map(|&id| self.name(id))
                .collect::<Vec<_>>()
                .join(" ")
        };
        (join(&rule.pattern), join(&rule.output))
    }

    /// The rules whose pattern starts with the stem `id`.
    fn rules_of(&self, id: u32) -> &[Rule] {
        self.rules.get(id as usize).map_or(&[], Vec::as_slice)
    }

    /// The longest rule matching at `i` (its positions in `found`); at equal
    /// length a contiguous match wins over one with a gap.
    fn best_rule(
        &self,
        ids: &[u32],
        consumed: &[bool],
        i: usize,
        found: &mut Vec<usize>,
        trial: &mut Vec<usize>,
    ) -> Option<&Rule> {
        let mut best: Option<&Rule> = None;
        let next = followers(ids, i);
        // Rules come longest first. A phrase with a gap gives way to an
        // unbroken one of two or more words that starts here, even a shorter
        // one: the word it would skip belongs to a phrase ("SOC 1 Type II"
        // is a SOC 1 report, not "SOC [1] Type II").
        for r in self.rules_of(ids[i]) {
            if best.is_some() && r.pattern.len() < 2 {
                break;
            }
            if could_start(r, next) && find_with_gaps(ids, consumed, i, &r.pattern, trial) {
                let contiguous = trial.windows(2).all(|w| w[1] == w[0] + 1);
                if contiguous {
                    std::mem::swap(found, trial);
                    return Some(r);
                }
                if best.is_none() {
                    found.clone_from(trial);
                    best = Some(r);
                }
            }
        }
        best
    }

    /// Concepts whose phrases overlap a phrase already folded ("code change
    /// reviewed" is both a code change and a code review) are added too, so a
    /// sibling phrasing that names either still meets this one. Only an
    /// unbroken phrase counts: with a gap, "SOC 1 report" would also read as
    /// a "SOC report".
    fn add_overlapping(
        &self,
        ids: &[u32],
        out: &mut Vec<String>,
        mut used: Option<&mut Vec<(String, String)>>,
        positions: &mut Vec<usize>,
    ) {
        let free = vec![false; ids.len()];
        for i in 0..ids.len() {
            let next = followers(ids, i);
            let rules = self.rules_of(ids[i]).iter();
            // An opposite phrase's mark is the text's polarity, which only
            // the phrases folded in order decide.
            let overlapping =
                |r: &&Rule| r.pattern.len() > 1 && !r.opposite && could_start(r, next);
            for r in rules.filter(overlapping) {
                let has = |out: &[String], t: u32| out.iter().any(|o| o == self.name(t));
                if find_with_gaps(ids, &free, i, &r.pattern, positions)
                    && positions.windows(2).all(|w| w[1] == w[0] + 1)
                    && !r.output.iter().all(|&t| has(out, t))
                    && !r.output.iter().any(|&t| self.contrasts_with_any(t, out))
                {
                    if let Some(used) = used.as_deref_mut() {
                        used.push(self.describe(r));
                    }
                    let new: Vec<String> = r
                        .output
                        .iter()
                        .filter(|&&t| !has(out, t))
                        .map(|&t| self.name(t).to_string())
                        .collect();
                    out.extend(new);
                }
            }
        }
    }

    /// Whether `token` shares a contrast group with one of `out` but is not
    /// it: an overlapping phrase must not add a sibling of what the text
    /// already says ("log retention period" is log retention, not also plain
    /// retention by its "retention period").
    fn contrasts_with_any(&self, token: u32, out: &[String]) -> bool {
        let name = self.name(token);
        let Some(groups) = self.contrast_of.get(name) else {
            return false;
        };
        out.iter().any(|o| {
            o != name
                && self
                    .contrast_of
                    .get(o)
                    .is_some_and(|gs| gs.iter().any(|g| groups.contains(g)))
        })
    }

    /// The concepts some phrase names the opposite of ("uniqueid" by
    /// "shared account"): a question and a phrasing that both name one are
    /// compared for polarity.
    pub fn polar(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .rules
            .iter()
            .flatten()
            .filter(|r| r.opposite)
            .flat_map(|r| r.output.iter().map(|&t| self.name(t)))
            .filter(|&t| t != OPPOSITE)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Every surface word the thesaurus phrases use (a vocabulary for typo repair).
    pub fn phrase_words(&self) -> impl Iterator<Item = &str> {
        self.surface_words.iter().map(|w| &**w)
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
        let tokens: Vec<&str> = key.split_whitespace().collect();
        for phrase in phrases {
            // `!phrase`: names the concept's opposite ("shared account" for
            // unique accounts): it folds into the concept and the mark
            // [`OPPOSITE`], which the index and the question's analysis take
            // off and keep as the text's polarity on that concept.
            let (phrase, opposite) = match phrase.strip_prefix('!') {
                Some(rest) => (rest, true),
                None => (phrase.as_str(), false),
            };
            // `~phrase`: generic, giving way to a sibling the text names.
            let (phrase, mut output) = match phrase.strip_prefix('~') {
                Some(rest) => (rest, format!("~{}", tokens.join(" "))),
                None => (phrase, tokens.join(" ")),
            };
            if opposite {
                output.push(' ');
                output.push_str(OPPOSITE);
            }
            // `=phrase`: only in the written order (its reversal means something else).
            let (phrase, reversible) = match phrase.strip_prefix('=') {
                Some(rest) => (rest, false),
                None => (phrase, true),
            };
            words.extend(super::normalize::words(phrase));
            let pattern = normalizer.phrase_stems(phrase);
            if pattern.is_empty() || pattern == tokens {
                continue;
            }
            if reversible && pattern.len() == 2 && pattern[0] != pattern[1] {
                rules.insert((format!("{} {}", pattern[1], pattern[0]), output.clone(), 1));
            }
            rules.insert((pattern.join(" "), output, 0));
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
    fn a_generic_phrase_gives_way_to_a_named_sibling() {
        let n = Normalizer::default();
        let t = Thesaurus::load(&n, None).unwrap();
        let generic = fold(&t, &n, "Are you ISO certified?");
        assert!(generic.contains(&"iso27001".to_string()), "{generic:?}");
        for text in [
            "Are you certified to ISO/IEC 27701?",
            "Is your organisation certified against ISO 22301?",
        ] {
            let terms = fold(&t, &n, text);
            assert!(
                !terms.contains(&"iso27001".to_string()),
                "{text}: {terms:?}"
            );
            assert!(
                terms.contains(&"certifi".to_string()),
                "the words stay: {terms:?}"
            );
        }
        let named = fold(&t, &n, "Are you certified to ISO/IEC 27001?");
        assert!(named.contains(&"iso27001".to_string()), "{named:?}");
    }

    #[test]
    fn a_phrase_naming_the_opposite_leaves_a_mark() {
        let n = Normalizer::default();
        let t = Thesaurus::load(&n, None).unwrap();
        let terms = fold(&t, &n, "Are shared or generic accounts in use?");
        let (kept, opposites) = split_opposites(&terms);
        assert!(kept.contains(&"uniqueid".to_string()), "{terms:?}");
        assert!(!kept.iter().any(|t| t == OPPOSITE), "{kept:?}");
        assert_eq!(opposites[0], "uniqueid", "{terms:?}");
        let plain = fold(&t, &n, "Does every user have a unique account?");
        assert!(plain.contains(&"uniqueid".to_string()), "{plain:?}");
        assert!(!plain.iter().any(|t| t == OPPOSITE), "{plain:?}");
        assert!(t.polar().contains(&"uniqueid"), "{:?}", t.polar());
        assert!(!t.polar().contains(&OPPOSITE), "{:?}", t.polar());
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
    fn a_duration_is_not_a_frequency() {
        let n = Normalizer::default();
        let t = Thesaurus::load(&n, None).unwrap();
        let has = |text: &str, token: &str| fold(&t, &n, text).contains(&token.to_string());
        for (text, cadence) in [
            ("Backups are tested monthly", "monthly"),
            ("Reviewed every month", "monthly"),
            ("Scanned weekly", "weekly"),
            ("Restores are tested quarterly", "quarterly"),
            ("Rotated yearly", "annual"),
            ("Logs are reviewed daily", "daily"),
        ] {
            assert!(has(text, cadence), "{text}");
        }
        for text in [
            "Was a penetration test done in the last 12 months?",
            "Logs are kept for 7 years",
            "Restored within 4 hours",
            "Deleted within one week",
        ] {
            let tokens = fold(&t, &n, text);
            for cadence in ["monthly", "annual", "hourly", "weekly"] {
                assert!(!tokens.contains(&cadence.to_string()), "{text}: {tokens:?}");
            }
        }
    }

    #[test]
    fn an_overlapping_phrase_adds_no_sibling_and_a_gap_skips_no_phrase() {
        let n = Normalizer::default();
        let t = Thesaurus::load(&n, None).unwrap();
        let log = fold(&t, &n, "Log retention period");
        assert!(log.contains(&"logretention".to_string()), "{log:?}");
        assert!(!log.contains(&"retention".to_string()), "{log:?}");
        let soc = fold(&t, &n, "Do you have a SOC 1 Type II report?");
        assert!(soc.contains(&"soc1".to_string()), "{soc:?}");
        assert!(!soc.contains(&"soc2".to_string()), "{soc:?}");
        assert!(fold(&t, &n, "SOC 2 Type II report").contains(&"soc2".to_string()));
    }

    #[test]
    fn a_phrase_marked_with_equals_does_not_fire_reversed() {
        let n = Normalizer::default();
        let t = Thesaurus::load(&n, None).unwrap();
        let has = |text: &str, token: &str| fold(&t, &n, text).contains(&token.to_string());
        // Unmarked two-word phrases also fire reversed ("encryption of data").
        assert!(has("encryption of all data", "encrypt"));
        // Marked ones only in the written order.
        assert!(has(
            "Do you use a service provider for payroll?",
            "thirdparty"
        ));
        assert!(!has("Are you providing consulting services?", "thirdparty"));
        assert!(has("Is stored data encrypted?", "rest"));
        assert!(!has("Where is our data stored?", "rest"));
        assert!(!has("Which data stores hold our records?", "rest"));
        // In a bank's own thesaurus too.
        let raw: RawThesaurus =
            toml::from_str("[concepts]\n\"widget\" = [\"=blue box\", \"red cube\"]\n").unwrap();
        let compiled = compile(&n, raw);
        assert!(compiled.contains("R\tblue box\twidget"));
        assert!(!compiled.contains("R\tbox blue\twidget"));
        assert!(compiled.contains("R\tcube red\twidget"));
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
