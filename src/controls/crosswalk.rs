//! The SOC 2 ↔ ISO 27001:2022 crosswalk and its confidence tiers. Pairs come
//! from three public control frameworks; `consensus` pairs are given by at
//! least two of them, `sole_source` pairs are the only mapping any source gives
//! for a criterion (processing integrity and privacy), and `single` pairs are
//! one source's low-confidence suggestions. The default trusts `consensus`, plus
//! `sole_source` for processing integrity and privacy.

use super::catalog::{Catalog, Category, Pair};
use super::{ControlId, Framework};
use serde::{Deserialize, Serialize};

/// How much to trust a crosswalk pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Given by at least two of the three sources.
    Consensus,
    /// The only source that maps this criterion at all.
    SoleSource,
    /// One source only, while others map the criterion elsewhere.
    Single,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Consensus => "consensus",
            Tier::SoleSource => "sole_source",
            Tier::Single => "single",
        }
    }

    /// Parses `consensus`, `sole_source` (or `sole-source`) and `single`.
    pub fn parse(text: &str) -> Option<Tier> {
        match text.trim().to_lowercase().replace('-', "_").as_str() {
            "consensus" => Some(Tier::Consensus),
            "sole_source" => Some(Tier::SoleSource),
            "single" => Some(Tier::Single),
            _ => None,
        }
    }
}

/// Which pairs count as a mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierSet {
    pub tiers: Vec<Tier>,
}

impl Default for TierSet {
    /// `consensus`, plus `sole_source` for processing integrity and privacy.
    fn default() -> Self {
        TierSet {
            tiers: vec![Tier::Consensus, Tier::SoleSource],
        }
    }
}

impl TierSet {
    /// Whether `pair` counts under this set.
    pub fn admits(&self, catalog: &Catalog, pair: &Pair) -> bool {
        if !self.tiers.contains(&pair.tier) {
            return false;
        }
        if pair.tier != Tier::SoleSource {
            return true;
        }
        catalog.criterion(&pair.soc2_id).is_some_and(|c| {
            matches!(
                c.category,
                Category::ProcessingIntegrity | Category::Privacy
            )
        })
    }
}

/// The controls of the other framework that `id` maps to under `tiers`, with the
/// pair behind each, in catalog order.
pub fn partners<'c>(
    catalog: &'c Catalog,
    id: &ControlId,
    tiers: &TierSet,
) -> Vec<(ControlId, &'c Pair)> {
    catalog
        .crosswalk
        .iter()
        .filter(|p| tiers.admits(catalog, p))
        .filter_map(|p| match id.framework {
            Framework::Soc2 if p.soc2_id == id.id => Some((ControlId::iso(&p.iso_id), p)),
            Framework::Iso27001 if p.iso_id == id.id => Some((ControlId::soc2(&p.soc2_id), p)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::controls::catalog::catalog;

    #[test]
    fn default_tiers_cover_every_criterion_with_a_trusted_source() {
        let c = catalog();
        let tiers = TierSet::default();
        let mapped = c
            .criteria
            .iter()
            .filter(|k| !partners(c, &ControlId::soc2(&k.id), &tiers).is_empty())
            .count();
        // 38 consensus criteria (CC, A, C) + 19 sole-source (PI and P); P5.1,
        // P5.2, P6.2 and P7.1 have no mapping at all.
        assert_eq!(mapped, 57);
        let admitted = c.crosswalk.iter().filter(|p| tiers.admits(c, p)).count();
        assert_eq!(admitted, 561 + 93);
    }

    #[test]
    fn partners_go_both_ways() {
        let c = catalog();
        let tiers = TierSet::default();
        let of_cc61: Vec<String> = partners(c, &ControlId::soc2("CC6.1"), &tiers)
            .into_iter()
            .map(|(id, _)| id.to_string())
            .collect();
        assert!(
            of_cc61.contains(&"ISO27001:A.8.5".to_string()),
            "{of_cc61:?}"
        );
        let back = partners(c, &ControlId::iso("A.8.5"), &tiers);
        assert!(back.iter().any(|(id, _)| id.id == "CC6.1"));
        let only_single = TierSet {
            tiers: vec![Tier::Single],
        };
        assert!(partners(c, &ControlId::iso("A.8.33"), &tiers).is_empty());
        assert!(!partners(c, &ControlId::iso("A.8.33"), &only_single).is_empty());
    }

    #[test]
    fn tiers_parse() {
        let cases = [
            ("consensus", Some(Tier::Consensus)),
            ("sole-source", Some(Tier::SoleSource)),
            ("Single", Some(Tier::Single)),
            ("all", None),
        ];
        for (text, want) in cases {
            assert_eq!(Tier::parse(text), want, "{text}");
        }
    }
}
