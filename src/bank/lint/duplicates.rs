//! The same question answered twice: two entries whose phrasings (question or
//! alternates) share nearly all their content words. When their short answers
//! say different things the pair is a conflict, which matters more, because
//! the matcher may pick either.

use super::{Finding, Severity, finding};
use crate::bank::BankEntry;
use crate::matcher::normalize::Normalizer;
use std::collections::{BTreeSet, HashMap};

/// Share of content words two phrasings must have in common (Jaccard).
const NEAR: f64 = 0.85;
/// Shorter phrasings ("Do you have a firewall?") are compared only for the
/// same words: sharing most of a few generic words says little.
const MIN_WORDS: usize = 3;

/// Near-duplicate and conflicting entry pairs, one finding per pair.
pub(super) fn near_duplicates(entries: &[BankEntry]) -> Vec<Finding> {
    let normalizer = Normalizer::default();
    // (entry index, phrasing, its stems) for every phrasing with content words.
    let mut phrasings: Vec<(usize, &str, BTreeSet<String>)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        for p in e.phrasings() {
            let stems: BTreeSet<String> = normalizer.phrase_stems(p).into_iter().collect();
            if !stems.is_empty() {
                phrasings.push((i, p, stems));
            }
        }
    }
    let sets: Vec<&BTreeSet<String>> = phrasings.iter().map(|(_, _, s)| s).collect();
    let mut best: HashMap<(usize, usize), (f64, &str, &str)> = HashMap::new();
    // In the order of a comparison of every pair, so ties resolve the same.
    for (a, b, score) in similar_pairs(&sets) {
        let ((ia, pa, sa), (ib, pb, sb)) = (&phrasings[a], &phrasings[b]);
        if ia == ib || entries[*ia].id == entries[*ib].id {
            continue;
        }
        let short = sa.len().min(sb.len()) < MIN_WORDS;
        if !short || sa == sb {
            let slot = best.entry((*ia, *ib)).or_insert((0.0, pa, pb));
            if score > slot.0 {
                *slot = (score, pa, pb);
            }
        }
    }
    let mut pairs: Vec<_> = best.into_iter().collect();
    pairs.sort_by_key(|((a, b), _)| (*a, *b));
    pairs
        .into_iter()
        .map(|((a, b), (score, pa, pb))| pair_finding(&entries[a], &entries[b], score, pa, pb))
        .collect()
}

/// Every pair (a < b) of sets with a Jaccard similarity of at least
/// [`NEAR`], in ascending order, with it. Found by prefix filtering, not by
/// comparing every pair (a bank of 10,000 entries has some 40,000
/// phrasings): with each set's words ordered rarest first, two sets that
/// similar share a word among the first `|s| - ⌈NEAR·|s|⌉ + 1` of each.
fn similar_pairs(sets: &[&BTreeSet<String>]) -> Vec<(usize, usize, f64)> {
    let mut frequency: HashMap<&str, usize> = HashMap::new();
    for s in sets {
        for w in s.iter() {
            *frequency.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut out = Vec::new();
    let mut seen: Vec<usize> = vec![usize::MAX; sets.len()];
    for (b, set) in sets.iter().enumerate() {
        let mut words: Vec<&str> = set.iter().map(String::as_str).collect();
        words.sort_by_key(|w| (frequency[w], *w));
        // Less a hair, so 0.85 × 20 rounding up to 17.000…004 cannot shorten it.
        let needed = (NEAR * set.len() as f64 - 1e-9).ceil() as usize;
        let prefix = set.len() - needed.min(set.len()) + 1;
        for w in &words[..prefix.min(words.len())] {
            for &a in index.get(w).map_or(&[][..], Vec::as_slice) {
                if seen[a] == b {
                    continue;
                }
                seen[a] = b;
                let score = jaccard(sets[a], set);
                if score >= NEAR {
                    out.push((a, b, score));
                }
            }
        }
        for w in &words[..prefix.min(words.len())] {
            index.entry(w).or_default().push(b);
        }
    }
    out.sort_by_key(|&(a, b, _)| (a, b));
    out
}

fn pair_finding(a: &BankEntry, b: &BankEntry, score: f64, pa: &str, pb: &str) -> Finding {
    let conflict = answers_differ(&a.answer, &b.answer);
    // The very same words with two answers: fill picks either, whichever
    // wins by a hair, so the bank contradicts itself. Similar wording may
    // still ask different things; that stays a warning.
    let severity = if conflict && same_words(pa, pb) {
        Severity::Error
    } else {
        Severity::Warning
    };
    let (rule, what) = if conflict {
        (
            "conflict",
            format!("different answers (`{}` and `{}`)", a.answer, b.answer),
        )
    } else {
        (
            "near-duplicate",
            "the same question answered twice".to_string(),
        )
    };
    let message = format!(
        "entries `{}` and `{}` ({}:{}): {what}; \"{pa}\" ~ \"{pb}\" ({:.0}% shared words); merge them or make the questions distinct",
        a.id,
        b.id,
        b.source.display(),
        b.line,
        score * 100.0
    );
    finding(severity, rule, a, message)
}

/// Whether two phrasings are the same words in the same order, ignoring
/// case and punctuation.
fn same_words(a: &str, b: &str) -> bool {
    words(a) == words(b)
}

/// A phrasing's words, lowercase, without punctuation: two phrasings with
/// the same words say the same thing.
pub(super) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let shared = a.intersection(b).count();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

/// What a short answer commits to: yes, no, n/a, or its folded text.
fn meaning(answer: &str) -> String {
    let folded: String = answer
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '/' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let first = folded.split_whitespace().next().unwrap_or("");
    match first {
        "yes" | "y" => "yes".into(),
        "no" | "n" => "no".into(),
        "n/a" | "na" => "n/a".into(),
        _ if folded.trim().starts_with("not applicable") => "n/a".into(),
        _ => folded.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

fn answers_differ(a: &str, b: &str) -> bool {
    meaning(a) != meaning(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(id: &str, q: &str, answer: &str) -> BankEntry {
        BankEntry::new(id, q, answer)
    }

    #[test]
    fn prefix_filtering_finds_exactly_the_pairs_a_full_comparison_finds() {
        // Sets of 1 to 24 words from a small vocabulary, so many pairs are
        // near the threshold, with sizes where NEAR × n rounds awkwardly.
        let mut seed = 11u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let mut owned: Vec<BTreeSet<String>> = Vec::new();
        for _ in 0..400 {
            let base = next(3) * 8;
            let len = 1 + next(24);
            let mut s: BTreeSet<String> = (0..len).map(|i| format!("w{}", base + i)).collect();
            if next(2) == 0 {
                s.insert(format!("w{}", next(40)));
            }
            owned.push(s);
        }
        let sets: Vec<&BTreeSet<String>> = owned.iter().collect();
        let mut brute = Vec::new();
        for a in 0..sets.len() {
            for b in a + 1..sets.len() {
                let score = jaccard(sets[a], sets[b]);
                if score >= NEAR {
                    brute.push((a, b, score));
                }
            }
        }
        assert!(
            brute.len() > 100,
            "the test has near pairs: {}",
            brute.len()
        );
        assert_eq!(similar_pairs(&sets), brute);
    }

    #[test]
    fn answers_are_compared_by_meaning() {
        let cases = [
            ("Yes", "Yes, annually", false),
            ("Yes", "No", true),
            ("N/A", "Not applicable", false),
            ("Annually", "Quarterly", true),
            ("Annually.", "annually", false),
        ];
        for (a, b, differ) in cases {
            assert_eq!(answers_differ(a, b), differ, "{a} vs {b}");
        }
    }

    #[test]
    fn near_duplicates_and_conflicts_are_found() {
        let entries = vec![
            e("enc-rest", "Is customer data encrypted at rest?", "Yes"),
            e(
                "enc-stored",
                "Is customer data at rest encrypted?",
                "Yes, AES-256",
            ),
            e("pentest", "Do you perform annual penetration tests?", "Yes"),
            e(
                "pentest-2",
                "Do you perform penetration tests annually?",
                "No",
            ),
            e("mfa", "Is MFA required for all workforce access?", "Yes"),
        ];
        let found = near_duplicates(&entries);
        let rules: Vec<(&str, &str)> = found
            .iter()
            .map(|f| (f.rule, f.entry.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            rules,
            [("near-duplicate", "enc-rest"), ("conflict", "pentest")]
        );
        assert!(
            found[1].message.contains("`pentest` and `pentest-2`"),
            "{}",
            found[1].message
        );
        assert_eq!(found[1].severity, Severity::Warning, "different wording");
    }

    #[test]
    fn the_same_question_with_two_answers_is_an_error() {
        let entries = vec![
            e("enc-a", "Do you encrypt data at rest?", "Yes"),
            e("enc-b", "do you encrypt data at rest", "No"),
            e("enc-c", "Do you encrypt data at rest?", "Yes, AES-256"),
        ];
        let found = near_duplicates(&entries);
        let got: Vec<(&str, Severity, &str)> = found
            .iter()
            .map(|f| (f.rule, f.severity, f.entry.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            got,
            [
                ("conflict", Severity::Error, "enc-a"),
                ("near-duplicate", Severity::Warning, "enc-a"),
                ("conflict", Severity::Error, "enc-b"),
            ]
        );
    }

    #[test]
    fn short_phrasings_conflict_only_when_they_are_the_same() {
        let entries = vec![
            e("fw-yes", "Do you have a firewall?", "Yes"),
            e("fw-no", "Firewall?", "No"),
            e("waf", "Do you have a web application firewall?", "Yes"),
            e("sso", "Do you use SSO?", "Yes"),
        ];
        let rules: Vec<(&str, String)> = near_duplicates(&entries)
            .iter()
            .map(|f| (f.rule, f.message.clone()))
            .collect();
        assert_eq!(rules.len(), 1, "{rules:?}");
        assert_eq!(rules[0].0, "conflict");
        assert!(rules[0].1.contains("`fw-yes` and `fw-no`"), "{rules:?}");
    }
}
