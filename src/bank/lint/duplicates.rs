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
    let mut best: HashMap<(usize, usize), (f64, &str, &str)> = HashMap::new();
    for (a, (ia, pa, sa)) in phrasings.iter().enumerate() {
        for (ib, pb, sb) in &phrasings[a + 1..] {
            if ia == ib || entries[*ia].id == entries[*ib].id {
                continue;
            }
            let short = sa.len().min(sb.len()) < MIN_WORDS;
            let score = jaccard(sa, sb);
            if score >= NEAR && (!short || sa == sb) {
                let slot = best.entry((*ia, *ib)).or_insert((0.0, pa, pb));
                if score > slot.0 {
                    *slot = (score, pa, pb);
                }
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

fn pair_finding(a: &BankEntry, b: &BankEntry, score: f64, pa: &str, pb: &str) -> Finding {
    let conflict = answers_differ(&a.answer, &b.answer);
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
    finding(Severity::Warning, rule, a, message)
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
