//! How much of each framework the answer bank evidences: per in-scope control,
//! whether a fresh bank entry evidences it directly, only through the crosswalk
//! (an entry tagged with a related control of the other framework), only
//! through stale entries, or not at all. Stale entries (never reviewed, or
//! reviewed longer ago than the maximum age) are not evidence and are counted
//! apart. This is the CI gate: see [`Coverage::passed`].

use super::catalog::{Catalog, Category, IsoKind, catalog};
use super::crosswalk::{TierSet, partners};
use super::soa::Soa;
use super::{ControlId, Framework, resolve};
use crate::bank::{AnswerBank, BankEntry, Profile};
use crate::date::Date;
use std::collections::{BTreeMap, BTreeSet};

mod model;
pub use model::*;

/// What to measure, decided once from the command line.
#[derive(Debug, Clone)]
pub struct CoverageOptions {
    pub frameworks: Vec<Framework>,
    /// SOC 2 categories in scope (security is always added).
    pub categories: Vec<Category>,
    pub soa: Option<Soa>,
    /// Entries reviewed longer ago than this (or never) are stale.
    pub max_age_days: i64,
    pub today: Date,
    pub tiers: TierSet,
    /// The gate: the share of in-scope controls evidenced directly, in percent.
    pub min_percent: f64,
}

impl CoverageOptions {
    /// Defaults from the profile: the frameworks it declares (both when it
    /// declares neither) and its SOC 2 categories.
    pub fn from_profile(profile: Option<&Profile>, today: Date) -> CoverageOptions {
        let declared: Vec<Framework> = Framework::ALL
            .into_iter()
            .filter(|f| profile.is_some_and(|p| p.declares(&f.prefix().to_lowercase())))
            .collect();
        CoverageOptions {
            frameworks: if declared.is_empty() {
                Framework::ALL.to_vec()
            } else {
                declared
            },
            categories: profile_categories(profile),
            soa: None,
            max_age_days: 365,
            today,
            tiers: TierSet::default(),
            min_percent: 100.0,
        }
    }
}

/// The SOC 2 categories the profile names (unknown names are left to lint).
pub fn profile_categories(profile: Option<&Profile>) -> Vec<Category> {
    profile
        .map(|p| {
            p.soc2_categories
                .iter()
                .filter_map(|c| Category::parse(c))
                .collect()
        })
        .unwrap_or_default()
}

/// Which entries evidence each control, split by freshness.
#[derive(Default)]
struct EvidenceIndex {
    fresh: BTreeMap<ControlId, Vec<String>>,
    stale: BTreeMap<ControlId, Vec<String>>,
}

/// Measures `bank` against the catalogs.
pub fn coverage(bank: &AnswerBank, opts: &CoverageOptions) -> Coverage {
    let cat = catalog();
    let (index, unknown) = index_entries(bank, opts);
    let categories = scope_categories(&opts.categories);
    let frameworks: Vec<FrameworkCoverage> = opts
        .frameworks
        .iter()
        .map(|&f| framework_coverage(cat, f, &categories, &index, opts))
        .collect();
    let in_scope: BTreeSet<&ControlId> = frameworks
        .iter()
        .flat_map(|f| &f.controls)
        .filter(|c| c.evidence != Evidence::Excluded)
        .map(|c| &c.id)
        .collect();
    let stale_entries = stale_entries(bank, opts, &in_scope);
    let passed = stale_entries.is_empty()
        && frameworks
            .iter()
            .all(|f| f.percent_direct + 1e-9 >= opts.min_percent);
    Coverage {
        bank: bank.dir.display().to_string(),
        as_of: opts.today.to_string(),
        max_age_days: opts.max_age_days,
        min_percent: opts.min_percent,
        soc2_categories: categories.iter().map(|c| c.as_str()).collect(),
        frameworks,
        stale_entries,
        unknown_controls: unknown,
        passed,
    }
}

/// Security, plus the categories asked for, in catalog order.
fn scope_categories(asked: &[Category]) -> Vec<Category> {
    Category::ALL
        .into_iter()
        .filter(|c| *c == Category::Security || asked.contains(c))
        .collect()
}

/// Whether an entry is stale on `today`.
pub fn is_stale(entry: &BankEntry, max_age_days: i64, today: Date) -> bool {
    entry
        .reviewed
        .is_none_or(|r| r.days_until(today) > max_age_days)
}

/// The resolved control ids of an entry, and the ids it holds that do not resolve.
pub fn entry_controls(entry: &BankEntry) -> (Vec<ControlId>, Vec<UnknownControl>) {
    let (mut ids, mut unknown) = (Vec::new(), Vec::new());
    for text in &entry.controls {
        match resolve(text, false) {
            Ok(resolved) => ids.extend(resolved),
            Err(e) => unknown.push(UnknownControl {
                entry: entry.id.clone(),
                control: text.clone(),
                message: e.to_string(),
            }),
        }
    }
    (ids, unknown)
}

fn index_entries(
    bank: &AnswerBank,
    opts: &CoverageOptions,
) -> (EvidenceIndex, Vec<UnknownControl>) {
    let mut index = EvidenceIndex::default();
    let mut unknown = Vec::new();
    for e in &bank.entries {
        let (ids, bad) = entry_controls(e);
        unknown.extend(bad);
        let map = if is_stale(e, opts.max_age_days, opts.today) {
            &mut index.stale
        } else {
            &mut index.fresh
        };
        for id in ids {
            let list = map.entry(id).or_default();
            if !list.contains(&e.id) {
                list.push(e.id.clone());
            }
        }
    }
    (index, unknown)
}

/// The controls of a framework in catalog order: (id, title, group, group title).
fn framework_controls(
    cat: &Catalog,
    f: Framework,
    categories: &[Category],
) -> Vec<(ControlId, String, String, String)> {
    match f {
        Framework::Soc2 => cat
            .criteria
            .iter()
            .filter(|c| categories.contains(&c.category))
            .map(|c| {
                (
                    ControlId::soc2(&c.id),
                    c.title.clone(),
                    c.series.clone(),
                    c.series_title.clone(),
                )
            })
            .collect(),
        Framework::Iso27001 => cat
            .iso_requirements()
            .map(|i| {
                let group_title = match i.kind {
                    IsoKind::AnnexA => format!("Annex A: {} controls", i.theme),
                    _ => i.group_title.clone(),
                };
                (
                    ControlId::iso(&i.id),
                    i.title.clone(),
                    i.group().to_string(),
                    group_title,
                )
            })
            .collect(),
    }
}

fn framework_coverage(
    cat: &Catalog,
    f: Framework,
    categories: &[Category],
    index: &EvidenceIndex,
    opts: &CoverageOptions,
) -> FrameworkCoverage {
    let mut totals = Totals::default();
    let mut groups: Vec<GroupTotals> = Vec::new();
    let mut controls = Vec::new();
    for (id, title, group, group_title) in framework_controls(cat, f, categories) {
        let c = control_coverage(cat, id, title, group.clone(), index, opts);
        totals.add(c.evidence);
        match groups.iter_mut().find(|g| g.group == group) {
            Some(g) => g.totals.add(c.evidence),
            None => {
                let mut t = Totals::default();
                t.add(c.evidence);
                groups.push(GroupTotals {
                    group,
                    title: group_title,
                    totals: t,
                });
            }
        }
        controls.push(c);
    }
    FrameworkCoverage {
        framework: f,
        percent_direct: (totals.percent_direct() * 10.0).round() / 10.0,
        totals,
        groups,
        controls,
    }
}

fn control_coverage(
    cat: &Catalog,
    id: ControlId,
    title: String,
    group: String,
    index: &EvidenceIndex,
    opts: &CoverageOptions,
) -> ControlCoverage {
    let entries = index.fresh.get(&id).cloned().unwrap_or_default();
    let stale_entries = index.stale.get(&id).cloned().unwrap_or_default();
    let via: Vec<Via> = partners(cat, &id, &opts.tiers)
        .into_iter()
        .filter_map(|(partner, _)| {
            let fresh = index.fresh.get(&partner)?;
            Some(Via {
                control: partner,
                entries: fresh.clone(),
            })
        })
        .collect();
    let justification = opts
        .soa
        .as_ref()
        .filter(|_| id.framework == Framework::Iso27001)
        .and_then(|soa| soa.exclusion(&id.id))
        .map(str::to_string);
    let evidence = if justification.is_some() {
        Evidence::Excluded
    } else if !entries.is_empty() {
        Evidence::Direct
    } else if !stale_entries.is_empty() {
        Evidence::Stale
    } else if !via.is_empty() {
        Evidence::ViaCrosswalk
    } else {
        Evidence::Missing
    };
    ControlCoverage {
        id,
        title,
        group,
        evidence,
        entries,
        stale_entries,
        via,
        justification,
    }
}

fn stale_entries(
    bank: &AnswerBank,
    opts: &CoverageOptions,
    in_scope: &BTreeSet<&ControlId>,
) -> Vec<StaleEntry> {
    bank.entries
        .iter()
        .filter(|e| is_stale(e, opts.max_age_days, opts.today))
        .filter_map(|e| {
            let controls: Vec<ControlId> = entry_controls(e)
                .0
                .into_iter()
                .filter(|id| in_scope.contains(id))
                .collect();
            (!controls.is_empty()).then(|| StaleEntry {
                id: e.id.clone(),
                file: e.source.display().to_string(),
                line: e.line,
                reviewed: e.reviewed.map(|d| d.to_string()),
                controls,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
