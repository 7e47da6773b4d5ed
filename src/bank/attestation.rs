//! Whether the attestations in the company profile still hold. An expired ISO
//! 27001 certificate, or a SOC 2 report whose period ended more than 12 months
//! ago (customers then need a bridge letter), makes every answer that quotes
//! them (through `{{iso27001.*}}` or `{{soc2.*}}` placeholders) suspect: `fill`
//! marks those answers `review` and both `fill` and `bank lint` warn.

use super::{BankEntry, Profile, placeholders};
use crate::date::Date;
use serde::Serialize;

/// Which attestation is out of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Attestation {
    Soc2,
    Iso27001,
}

impl Attestation {
    /// The placeholder prefix of answers that depend on it.
    fn prefix(self) -> &'static str {
        match self {
            Attestation::Soc2 => "soc2.",
            Attestation::Iso27001 => "iso27001.",
        }
    }
}

/// An attestation that no longer holds, with the sentence to show a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaleAttestation {
    pub attestation: Attestation,
    pub message: String,
}

/// The date one year after `date` (29 February becomes 28 February).
fn one_year_after(date: Date) -> Date {
    Date::new(date.year + 1, date.month, date.day)
        .or_else(|| Date::new(date.year + 1, date.month, 28))
        .unwrap_or(date)
}

/// The attestations in `profile` that no longer hold on `today`.
pub fn check(profile: &Profile, today: Date) -> Vec<StaleAttestation> {
    let mut out = Vec::new();
    if let Some(expires) = profile.iso27001_expires
        && expires < today
    {
        out.push(StaleAttestation {
            attestation: Attestation::Iso27001,
            message: format!(
                "the ISO/IEC 27001 certificate expired on {expires} ({}); answers that quote it need review until profile.toml holds the renewed certificate",
                profile.path.display()
            ),
        });
    }
    if let Some(end) = profile.soc2_period_end
        && one_year_after(end) < today
    {
        out.push(StaleAttestation {
            attestation: Attestation::Soc2,
            message: format!(
                "the SOC 2 report period ended on {end}, more than 12 months ago: customers need a bridge letter, and answers that quote the report need review until profile.toml holds the new period"
            ),
        });
    }
    out
}

/// The first stale attestation that `entry`'s answer or detail quotes.
pub fn affecting<'a>(
    entry: &BankEntry,
    stale: &'a [StaleAttestation],
) -> Option<&'a StaleAttestation> {
    let texts = std::iter::once(entry.answer.as_str()).chain(entry.detail.as_deref());
    let names: Vec<&str> = texts.flat_map(placeholders).collect();
    stale
        .iter()
        .find(|s| names.iter().any(|n| n.starts_with(s.attestation.prefix())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const PROFILE: &str = "[soc2]\nperiod_end = 2025-09-30\n[iso27001]\nexpires = 2028-04-14\n";

    #[test]
    fn attestations_go_stale_on_time() {
        let p = Profile::parse(Path::new("profile.toml"), PROFILE).unwrap();
        let kinds = |today: &str| -> Vec<Attestation> {
            check(&p, Date::parse(today).unwrap())
                .into_iter()
                .map(|s| s.attestation)
                .collect()
        };
        let cases = [
            ("2026-09-30", vec![]),
            ("2026-10-01", vec![Attestation::Soc2]),
            ("2028-04-14", vec![Attestation::Soc2]),
            ("2028-04-15", vec![Attestation::Iso27001, Attestation::Soc2]),
        ];
        for (today, want) in cases {
            assert_eq!(kinds(today), want, "{today}");
        }
        assert_eq!(
            one_year_after(Date::parse("2024-02-29").unwrap()),
            Date::parse("2025-02-28").unwrap()
        );
    }

    #[test]
    fn only_entries_quoting_the_attestation_are_affected() {
        let p = Profile::parse(Path::new("profile.toml"), PROFILE).unwrap();
        let stale = check(&p, Date::parse("2026-11-28").unwrap());
        let mut quoting = BankEntry::new(
            "soc2-report",
            "Do you have a SOC 2 report?",
            "Yes, {{soc2.report_type}}",
        );
        assert!(affecting(&quoting, &stale).is_some());
        quoting.answer = "Yes".into();
        quoting.detail = Some("Period ending {{soc2.period_end}}.".into());
        assert!(affecting(&quoting, &stale).is_some());
        let iso = BankEntry::new(
            "iso",
            "ISO certified?",
            "Yes, by {{iso27001.certification_body}}",
        );
        assert!(affecting(&iso, &stale).is_none());
        let plain = BankEntry::new("mfa", "MFA?", "Yes, at {{company}}");
        assert!(affecting(&plain, &stale).is_none());
    }
}
