//! The result of a coverage run: per control, how it is evidenced; totals per
//! group and framework; the stale entries and unknown ids met on the way.

use crate::controls::{ControlId, Framework};
use serde::Serialize;

/// How a control is evidenced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    Direct,
    ViaCrosswalk,
    /// Only stale entries evidence it.
    Stale,
    Missing,
    /// Out of scope by the Statement of Applicability.
    Excluded,
}

impl Evidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Direct => "direct",
            Evidence::ViaCrosswalk => "via crosswalk",
            Evidence::Stale => "stale",
            Evidence::Missing => "missing",
            Evidence::Excluded => "excluded",
        }
    }
}

/// A related control of the other framework, and the fresh entries tagged with it.
#[derive(Debug, Clone, Serialize)]
pub struct Via {
    pub control: ControlId,
    pub entries: Vec<String>,
}

/// One in-scope (or excluded) control.
#[derive(Debug, Clone, Serialize)]
pub struct ControlCoverage {
    pub id: ControlId,
    pub title: String,
    /// The SOC 2 series, ISO clause or Annex A theme.
    pub group: String,
    pub evidence: Evidence,
    /// Fresh entries that evidence it directly.
    pub entries: Vec<String>,
    pub stale_entries: Vec<String>,
    pub via: Vec<Via>,
    /// Why the SoA excludes it.
    pub justification: Option<String>,
}

/// Totals for one group (series, clause or theme).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Totals {
    pub in_scope: usize,
    pub direct: usize,
    pub via_crosswalk: usize,
    pub stale: usize,
    pub missing: usize,
    pub excluded: usize,
}

impl Totals {
    pub(crate) fn add(&mut self, e: Evidence) {
        match e {
            Evidence::Excluded => self.excluded += 1,
            other => {
                self.in_scope += 1;
                match other {
                    Evidence::Direct => self.direct += 1,
                    Evidence::ViaCrosswalk => self.via_crosswalk += 1,
                    Evidence::Stale => self.stale += 1,
                    _ => self.missing += 1,
                }
            }
        }
    }

    /// The share evidenced directly, in percent (100 when nothing is in scope).
    pub fn percent_direct(&self) -> f64 {
        if self.in_scope == 0 {
            100.0
        } else {
            100.0 * self.direct as f64 / self.in_scope as f64
        }
    }
}

/// A group's totals.
#[derive(Debug, Clone, Serialize)]
pub struct GroupTotals {
    pub group: String,
    pub title: String,
    #[serde(flatten)]
    pub totals: Totals,
}

/// One framework's coverage.
#[derive(Debug, Clone, Serialize)]
pub struct FrameworkCoverage {
    pub framework: Framework,
    pub totals: Totals,
    pub percent_direct: f64,
    pub groups: Vec<GroupTotals>,
    pub controls: Vec<ControlCoverage>,
}

/// A stale entry that evidences in-scope controls.
#[derive(Debug, Clone, Serialize)]
pub struct StaleEntry {
    pub id: String,
    pub file: String,
    pub line: usize,
    /// `None` when the entry was never reviewed.
    pub reviewed: Option<String>,
    pub controls: Vec<ControlId>,
}

/// A control id in the bank that the catalogs do not know (lint reports these).
#[derive(Debug, Clone, Serialize)]
pub struct UnknownControl {
    pub entry: String,
    pub control: String,
    pub message: String,
}

/// The coverage of a bank.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub bank: String,
    pub as_of: String,
    pub max_age_days: i64,
    pub min_percent: f64,
    pub soc2_categories: Vec<&'static str>,
    pub frameworks: Vec<FrameworkCoverage>,
    pub stale_entries: Vec<StaleEntry>,
    pub unknown_controls: Vec<UnknownControl>,
    pub passed: bool,
}

impl Coverage {
    /// In-scope controls not evidenced directly, over all frameworks.
    pub fn gaps(&self) -> impl Iterator<Item = &ControlCoverage> {
        self.frameworks.iter().flat_map(|f| {
            f.controls
                .iter()
                .filter(|c| !matches!(c.evidence, Evidence::Direct | Evidence::Excluded))
        })
    }
}
