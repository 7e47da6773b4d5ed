//! Control catalogs and the SOC 2 ↔ ISO 27001 crosswalk: what a bank entry's
//! `controls` refer to, and how much of each framework the bank evidences.
//!
//! [`ControlId`] is the one typed id (`SOC2:CC6.1`, `ISO27001:A.8.5`,
//! `ISO27001:9.2.1`). [`lookup`] checks an id strictly against the 2022
//! catalogs; [`resolve`] also accepts ISO 27001:2013 Annex A ids, which
//! questionnaires and older banks still quote, and maps them to their 2022
//! successors. [`coverage`] measures a bank against the catalogs.

pub mod catalog;
pub mod coverage;
pub mod crosswalk;
pub mod questionnaire;
pub mod render;
pub mod soa;

pub use catalog::{Catalog, Category, catalog};
pub use crosswalk::{Tier, TierSet};

use serde::Serialize;
use std::fmt;

/// A control framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Framework {
    #[serde(rename = "SOC2")]
    Soc2,
    #[serde(rename = "ISO27001")]
    Iso27001,
}

impl Framework {
    pub const ALL: [Framework; 2] = [Framework::Soc2, Framework::Iso27001];

    /// The prefix used in control ids.
    pub fn prefix(self) -> &'static str {
        match self {
            Framework::Soc2 => "SOC2",
            Framework::Iso27001 => "ISO27001",
        }
    }

    /// The name a person reads.
    pub fn title(self) -> &'static str {
        match self {
            Framework::Soc2 => "SOC 2",
            Framework::Iso27001 => "ISO/IEC 27001:2022",
        }
    }

    /// Parses `SOC2`, `soc2`, `SOC 2`, `ISO27001`, `iso`, …
    pub fn parse(text: &str) -> Option<Framework> {
        let folded: String = text
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        match folded.as_str() {
            "soc2" | "tsc" => Some(Framework::Soc2),
            "iso27001" | "iso" | "iso270012022" => Some(Framework::Iso27001),
            _ => None,
        }
    }

    /// The other framework (the crosswalk's far side).
    pub fn other(self) -> Framework {
        match self {
            Framework::Soc2 => Framework::Iso27001,
            Framework::Iso27001 => Framework::Soc2,
        }
    }
}

/// A control of one framework: `SOC2:CC6.1`, `ISO27001:A.8.5`, `ISO27001:9.2.1`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ControlId {
    pub framework: Framework,
    /// The id as the framework writes it (`CC6.1`, `A.8.5`, `9.2.1`).
    pub id: String,
}

impl ControlId {
    pub fn soc2(id: &str) -> ControlId {
        ControlId {
            framework: Framework::Soc2,
            id: id.to_string(),
        }
    }

    pub fn iso(id: &str) -> ControlId {
        ControlId {
            framework: Framework::Iso27001,
            id: id.to_string(),
        }
    }

    /// Parses the syntax only: `FRAMEWORK:ID`, case-insensitive, without
    /// checking the catalog. With `infer`, a bare id is accepted and its
    /// framework inferred (`CC6.1` is SOC 2; `A.8.5` and `9.2.1` are ISO).
    ///
    /// # Errors
    /// [`ControlError::Malformed`] or [`ControlError::UnknownFramework`].
    pub fn parse(text: &str, infer: bool) -> Result<ControlId, ControlError> {
        let trimmed = text.trim();
        let malformed = || ControlError::Malformed {
            text: trimmed.to_string(),
        };
        let (framework, id) = match trimmed.split_once(':') {
            Some((prefix, id)) => {
                let framework =
                    Framework::parse(prefix).ok_or_else(|| ControlError::UnknownFramework {
                        text: trimmed.to_string(),
                    })?;
                (framework, id.trim())
            }
            None if infer => (infer_framework(trimmed).ok_or_else(malformed)?, trimmed),
            None => return Err(malformed()),
        };
        let id = id.to_uppercase();
        let well_formed = !id.is_empty()
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
            && !id.starts_with('.')
            && !id.ends_with('.');
        if !well_formed {
            return Err(malformed());
        }
        Ok(ControlId { framework, id })
    }
}

fn infer_framework(id: &str) -> Option<Framework> {
    let upper = id.to_uppercase();
    let first = upper.chars().next()?;
    if upper.starts_with("A.") || first.is_ascii_digit() {
        Some(Framework::Iso27001)
    } else if first.is_ascii_alphabetic() {
        Some(Framework::Soc2)
    } else {
        None
    }
}

impl fmt::Display for ControlId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.framework.prefix(), self.id)
    }
}

impl Serialize for ControlId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A control id that is malformed, unknown or out of date.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ControlError {
    #[error(
        "`{text}` is not a control id: write it as SOC2:CC6.1, ISO27001:A.8.5 or ISO27001:9.2.1"
    )]
    Malformed { text: String },

    #[error("`{text}`: unknown framework (use the SOC2: or ISO27001: prefix)")]
    UnknownFramework { text: String },

    #[error("unknown control `{id}`{}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    Unknown {
        id: ControlId,
        suggestion: Option<ControlId>,
    },

    #[error(
        "`{id}` is an ISO 27001:2013 id; use its 2022 successor {}",
        list(successors)
    )]
    Iso2013 {
        id: ControlId,
        successors: Vec<ControlId>,
    },
}

fn list(ids: &[ControlId]) -> String {
    ids.iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// Checks an id strictly against the 2022 catalogs (the bank's own ids).
///
/// # Errors
/// Malformed and unknown ids (with the nearest known id), and 2013 Annex A ids
/// (with their 2022 successors).
pub fn lookup(text: &str, infer: bool) -> Result<ControlId, ControlError> {
    let id = ControlId::parse(text, infer)?;
    let c = catalog();
    let known = match id.framework {
        Framework::Soc2 => c.criterion(&id.id).is_some(),
        Framework::Iso27001 => c.iso_item(&id.id).is_some(),
    };
    if known {
        return Ok(id);
    }
    if id.framework == Framework::Iso27001 {
        let successors = c.successors_2013(&id.id);
        if !successors.is_empty() {
            return Err(ControlError::Iso2013 {
                successors: successors.into_iter().map(ControlId::iso).collect(),
                id,
            });
        }
    }
    let suggestion = nearest(c, &id);
    Err(ControlError::Unknown { id, suggestion })
}

/// Like [`lookup`], but maps an ISO 27001:2013 Annex A id to its 2022
/// successors (one id, two for `A.18.2.3`).
///
/// # Errors
/// Malformed and unknown ids.
pub fn resolve(text: &str, infer: bool) -> Result<Vec<ControlId>, ControlError> {
    match lookup(text, infer) {
        Ok(id) => Ok(vec![id]),
        Err(ControlError::Iso2013 { successors, .. }) => Ok(successors),
        Err(e) => Err(e),
    }
}

/// The known id closest to an unknown one: the same id under the other
/// framework, else the nearest by edit distance (at most 2 edits).
fn nearest(c: &Catalog, id: &ControlId) -> Option<ControlId> {
    let other = ControlId {
        framework: id.framework.other(),
        id: id.id.clone(),
    };
    let exists_other = match other.framework {
        Framework::Soc2 => c.criterion(&other.id).is_some(),
        Framework::Iso27001 => c.iso_item(&other.id).is_some(),
    };
    if exists_other {
        return Some(other);
    }
    let ids: Vec<&str> = match id.framework {
        Framework::Soc2 => c.criteria.iter().map(|k| k.id.as_str()).collect(),
        Framework::Iso27001 => c.iso.iter().map(|k| k.id.as_str()).collect(),
    };
    ids.into_iter()
        .map(|known| (strsim::levenshtein(known, &id.id), known))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, known)| ControlId {
            framework: id.framework,
            id: known.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_and_print() {
        let cases = [
            ("SOC2:CC6.1", true, "SOC2:CC6.1"),
            ("soc2:cc6.1", false, "SOC2:CC6.1"),
            ("ISO27001:A.8.5", false, "ISO27001:A.8.5"),
            ("ISO27001:9.2.1", false, "ISO27001:9.2.1"),
            (" iso:a.5.1 ", false, "ISO27001:A.5.1"),
            ("CC6.1", true, "SOC2:CC6.1"),
            ("A1.2", true, "SOC2:A1.2"),
            ("A.8.24", true, "ISO27001:A.8.24"),
            ("6.1.2", true, "ISO27001:6.1.2"),
        ];
        for (text, infer, want) in cases {
            let id = ControlId::parse(text, infer).unwrap();
            assert_eq!(id.to_string(), want, "{text}");
        }
    }

    #[test]
    fn bad_ids_say_what_is_wrong() {
        let cases = [
            ("CC6.1", "`CC6.1` is not a control id"),
            ("NIST:AC-2", "unknown framework"),
            ("SOC2:", "is not a control id"),
            (
                "SOC2:CC6.9",
                "unknown control `SOC2:CC6.9` (did you mean `SOC2:CC6.1`?)",
            ),
            ("SOC2:A.8.5", "did you mean `ISO27001:A.8.5`?"),
            (
                "ISO27001:A.9.4.2",
                "`ISO27001:A.9.4.2` is an ISO 27001:2013 id; use its 2022 successor `ISO27001:A.8.5`",
            ),
            (
                "ISO27001:A.18.2.3",
                "successor `ISO27001:A.5.36` and `ISO27001:A.8.8`",
            ),
            ("ISO27001:Z.99", "unknown control `ISO27001:Z.99`"),
        ];
        for (text, want) in cases {
            let err = lookup(text, false).unwrap_err().to_string();
            assert!(err.contains(want), "{text}: got {err}");
        }
    }

    #[test]
    fn iso_2013_ids_resolve_to_2022() {
        let cases = [
            ("ISO27001:A.9.4.2", vec!["ISO27001:A.8.5"]),
            ("ISO27001:A.12.6.1", vec!["ISO27001:A.8.8"]),
            (
                "ISO27001:A.18.2.3",
                vec!["ISO27001:A.5.36", "ISO27001:A.8.8"],
            ),
            ("A.5.1.1", vec!["ISO27001:A.5.1"]),
            ("ISO27001:A.8.5", vec!["ISO27001:A.8.5"]),
        ];
        for (text, want) in cases {
            let got: Vec<String> = resolve(text, true)
                .unwrap()
                .iter()
                .map(ToString::to_string)
                .collect();
            assert_eq!(got, want, "{text}");
        }
        let c = catalog();
        for row in c.iso2013.iter().filter(|r| r.kind == "annex_a") {
            let id = format!("ISO27001:{}", row.iso2013_id);
            assert!(resolve(&id, false).is_ok(), "{id}");
        }
    }
}
