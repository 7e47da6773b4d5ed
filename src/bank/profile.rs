//! The company profile (`profile.toml` in the bank directory): the company's name
//! and the attestation facts many questions ask about. Entries refer to them as
//! `{{company}}`, `{{soc2.period_end}}`, `{{iso27001.expires}}` and so on, filled in
//! when answers are written, so a new audit period means one edit, not fifty.

use super::entry::{syntax_error, toml_date};
use crate::date::Date;
use crate::error::Result;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The parsed profile: placeholder name → text, plus the dates that expire.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub path: PathBuf,
    /// Every placeholder the profile defines (`company`, `product`, `soc2.period_end`, …).
    pub values: BTreeMap<String, String>,
    /// `[soc2] period_end`, when given.
    pub soc2_period_end: Option<Date>,
    /// `[iso27001] expires`, when given.
    pub iso27001_expires: Option<Date>,
    /// `[soc2] categories`: the trust services categories in the report's scope.
    pub soc2_categories: Vec<String>,
    /// Attestation dates written as something other than a TOML date
    /// (`"2026-09-30"` in quotes, say), as `section.key`: the expiry checks
    /// cannot read them, so lint says so.
    pub undated: Vec<String>,
    /// Keys a letter or two away from one qfill reads (`[soc2] categorie`),
    /// as (`section.key`, the key meant): a typo there changes what coverage
    /// and the expiry checks measure without a word.
    pub misspelt: Vec<(String, String)>,
}

/// The keys qfill itself reads (others are free placeholders).
const READ_KEYS: &[(&str, &str)] = &[
    ("company", "name"),
    ("company", "product"),
    ("soc2", "categories"),
    ("soc2", "period_start"),
    ("soc2", "period_end"),
    ("iso27001", "issued"),
    ("iso27001", "expires"),
];

/// The profile's keys that look like misspellings of a key qfill reads.
fn misspelt(table: &toml::Table) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (section, value) in table {
        let Some(inner) = value.as_table() else {
            continue;
        };
        for key in inner.keys() {
            let meant = READ_KEYS.iter().find(|(s, k)| {
                s == section && k != key && strsim::damerau_levenshtein(k, key) <= 2
            });
            if let Some((_, k)) = meant.filter(|(_, k)| !inner.contains_key(*k)) {
                out.push((format!("{section}.{key}"), k.to_string()));
            }
        }
    }
    out
}

/// The attestation keys that must be TOML dates.
const DATE_KEYS: &[(&str, &str)] = &[
    ("soc2", "period_start"),
    ("soc2", "period_end"),
    ("iso27001", "issued"),
    ("iso27001", "expires"),
];

impl Profile {
    /// Parses profile text.
    ///
    /// # Errors
    /// Invalid TOML, with file and line.
    pub fn parse(path: &Path, text: &str) -> Result<Profile> {
        let table: toml::Table = toml::from_str(text).map_err(|e| syntax_error(path, text, &e))?;
        let mut values = BTreeMap::new();
        for (section, value) in &table {
            let Some(inner) = value.as_table() else {
                continue;
            };
            for (key, v) in inner {
                let name = match (section.as_str(), key.as_str()) {
                    ("company", "name") => "company".to_string(),
                    ("company", "product") => "product".to_string(),
                    _ => format!("{section}.{key}"),
                };
                if let Some(text) = scalar_text(v) {
                    values.insert(name, text);
                }
            }
        }
        let date = |section: &str, key: &str| {
            table
                .get(section)?
                .get(key)?
                .as_datetime()
                .and_then(toml_date)
        };
        let soc2_categories = table
            .get("soc2")
            .and_then(|s| s.get("categories"))
            .and_then(toml::Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let undated = DATE_KEYS
            .iter()
            .filter(|(section, key)| {
                table
                    .get(*section)
                    .and_then(|t| t.get(*key))
                    .is_some_and(|v| v.as_datetime().and_then(toml_date).is_none())
            })
            .map(|(section, key)| format!("{section}.{key}"))
            .collect();
        Ok(Profile {
            path: path.to_path_buf(),
            misspelt: misspelt(&table),
            undated,
            soc2_categories,
            soc2_period_end: date("soc2", "period_end"),
            iso27001_expires: date("iso27001", "expires"),
            values,
        })
    }

    /// Whether the profile has a `[section]` table (`soc2`, `iso27001`).
    pub fn declares(&self, section: &str) -> bool {
        let prefix = format!("{section}.");
        self.values.keys().any(|k| k.starts_with(&prefix))
    }

    /// Replaces every known `{{name}}` in `text`; unknown ones stay as they are.
    pub fn render(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            match after.find("}}") {
                Some(end) => {
                    let name = after[..end].trim();
                    match self.values.get(name) {
                        Some(value) => out.push_str(value),
                        None => out.push_str(&rest[start..start + 4 + end]),
                    }
                    rest = &after[end + 2..];
                }
                None => {
                    out.push_str(&rest[start..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// Placeholder names used in `text` (`{{ name }}` → `name`).
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        out.push(after[..end].trim());
        rest = &after[end + 2..];
    }
    out
}

fn scalar_text(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(if *b { "Yes" } else { "No" }.to_string()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        toml::Value::Array(items) => Some(
            items
                .iter()
                .filter_map(scalar_text)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        toml::Value::Table(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROFILE: &str = r#"
[company]
name = "Acme, Inc."
product = "Acme Cloud"
[soc2]
period_end = 2026-09-30
categories = ["security", "availability"]
[iso27001]
expires = 2028-04-14
"#;

    #[test]
    fn renders_known_placeholders_only() {
        let p = Profile::parse(Path::new("profile.toml"), PROFILE).unwrap();
        assert_eq!(
            p.render("{{company}} runs {{ product }}; SOC 2 to {{soc2.period_end}} ({{soc2.categories}}) {{nope}} {{"),
            "Acme, Inc. runs Acme Cloud; SOC 2 to 2026-09-30 (security, availability) {{nope}} {{"
        );
        assert_eq!(p.iso27001_expires, Date::new(2028, 4, 14));
        assert_eq!(p.soc2_categories, ["security", "availability"]);
        assert!(p.declares("soc2") && p.declares("iso27001") && !p.declares("pci"));
        assert_eq!(placeholders("a {{x}} b {{ y.z }}"), ["x", "y.z"]);
    }

    #[test]
    fn keys_a_letter_away_from_those_qfill_reads_are_noted() {
        let text = "[soc2]\ncategorie = [\"security\"]\nauditor = \"X\"\n[iso27001]\nexpires = 2028-01-01\nexpired = 2027-01-01\n";
        let p = Profile::parse(Path::new("profile.toml"), text).unwrap();
        assert_eq!(
            p.misspelt,
            [("soc2.categorie".to_string(), "categories".to_string())]
        );
    }
}
