//! The Statement of Applicability: which ISO 27001 Annex A controls the ISMS
//! excludes, and why. Excluded controls are not coverage gaps. The file is a
//! simple TOML or CSV list of (control id, applicable yes/no, justification):
//!
//! ```toml
//! [[control]]
//! id = "A.7.4"
//! applicable = false
//! justification = "No company-run premises hold information processing facilities"
//! ```
//!
//! A CSV may be separated by commas, semicolons (as EU locales save it) or
//! tabs.
//!
//! ```csv
//! control,applicable,justification
//! A.7.4,no,No company-run premises hold information processing facilities
//! ```

use super::resolve;
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A parsed Statement of Applicability.
#[derive(Debug, Clone, Default)]
pub struct Soa {
    pub path: PathBuf,
    /// 2022 Annex A id → justification, for the controls that do not apply.
    excluded: BTreeMap<String, String>,
    /// How many controls the file lists.
    pub listed: usize,
}

impl Soa {
    /// Reads a `.toml` or `.csv` SoA.
    ///
    /// # Errors
    /// An unreadable file, a bad row (with its line), an unknown control id, or
    /// an excluded control without a justification.
    pub fn load(path: &Path) -> Result<Soa> {
        let text = crate::bank::read_text(path)?;
        let rows = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            csv_rows(path, &text)?
        } else {
            toml_rows(path, &text)?
        };
        let mut soa = Soa {
            path: path.to_path_buf(),
            listed: rows.len(),
            ..Soa::default()
        };
        for row in rows {
            let fail = |message: String| Error::Soa {
                path: path.to_path_buf(),
                line: row.line,
                message,
            };
            let id = annex_a_id(&row.id).map_err(fail)?;
            let ids = resolve(&format!("ISO27001:{id}"), false).map_err(|e| fail(e.to_string()))?;
            if row.applicable {
                continue;
            }
            if row.justification.trim().is_empty() {
                return Err(fail(format!(
                    "`{}` is excluded without a justification",
                    row.id
                )));
            }
            for id in ids {
                soa.excluded
                    .insert(id.id, row.justification.trim().to_string());
            }
        }
        Ok(soa)
    }

    /// Why the SoA excludes this 2022 id, when it does.
    pub fn exclusion(&self, id: &str) -> Option<&str> {
        self.excluded.get(id).map(String::as_str)
    }

    /// The excluded ids and their justifications.
    pub fn excluded(&self) -> impl Iterator<Item = (&str, &str)> {
        self.excluded.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

struct Row {
    line: usize,
    id: String,
    applicable: bool,
    justification: String,
}

fn strip_prefix(id: &str) -> &str {
    let id = id.trim();
    match id.split_once(':') {
        Some((_, rest)) => rest.trim(),
        None => id,
    }
}

fn is_year(token: &str) -> bool {
    token.len() == 4 && token.bytes().all(|b| b.is_ascii_digit())
}

/// The Annex A id an SoA row names, written the way the catalog writes it.
/// SoAs are often exported from spreadsheets, so the row may carry the
/// control's title after its id ("A.5.1 Policies for information
/// security"), omit the "A." that the 2022 standard's own Annex A table
/// omits ("5.1"), or drop the dot ("A5.1"). An SoA lists Annex A controls
/// only: clauses 4 to 10 are requirements no ISMS may exclude, so a row
/// naming one is an error rather than a silent exclusion.
fn annex_a_id(raw: &str) -> std::result::Result<String, String> {
    let rest = strip_prefix(raw);
    // "2022 A.7.4" from "ISO/IEC 27001:2022 A.7.4": the year is not the id.
    let token = rest
        .split(|c: char| c.is_whitespace() || c == '(')
        .find(|t| !(t.is_empty() || is_year(t)))
        .unwrap_or("")
        .trim_end_matches(['.', ':', ',', ')']);
    let (annex, number) = match token.strip_prefix(['A', 'a']) {
        Some(n) => (true, n.strip_prefix('.').unwrap_or(n)),
        None => (false, token),
    };
    let levels: Vec<&str> = number.split('.').collect();
    let numeric = !number.is_empty()
        && levels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()));
    if !numeric {
        // Not a number we can read: the catalog's lookup names the problem.
        return Ok(rest.to_string());
    }
    let first: u32 = levels[0].parse().unwrap_or(0);
    // 2022 Annex A ids have two levels in themes 5-8; 2013 ones three in 5-18.
    let annex_shaped = match levels.len() {
        2 => (5..=8).contains(&first),
        3 => (5..=18).contains(&first),
        _ => false,
    };
    if !annex && levels.len() == 3 {
        let title = rest.split_once(token).map_or("", |(_, after)| {
            after.trim_matches(|c: char| !c.is_alphanumeric())
        });
        if let Some(clause) = clause_not_control(number, title) {
            return Err(clause);
        }
    }
    if annex || annex_shaped {
        return Ok(format!("A.{number}"));
    }
    Err(format!(
        "`{}` names a clause of ISO 27001, not an Annex A control: clauses 4 to 10 \
         apply to every ISMS and cannot be excluded; list Annex A controls (A.5.1 to A.8.34)",
        raw.trim()
    ))
}

/// For an id without "A." that is both a clause of ISO 27001 and a 2013
/// Annex A control ("6.1.2": the risk assessment, or segregation of
/// duties), the error to give when the row means the clause, judged by the
/// title written after the id; with no title to tell, the error asks for
/// "A." (an SoA lists controls, and excluding the wrong one is silent).
fn clause_not_control(number: &str, title: &str) -> Option<String> {
    let catalog = super::catalog::catalog();
    let clause = catalog
        .iso_item(number)
        .filter(|i| i.kind == super::catalog::IsoKind::Clause)?;
    let control = catalog.annex_a_2013(&format!("A.{number}"))?;
    let shared = |other: &str| {
        let words = |t: &str| -> std::collections::HashSet<String> {
            t.split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() > 3)
                .map(str::to_lowercase)
                .collect()
        };
        words(title).intersection(&words(other)).count()
    };
    let (as_clause, as_control) = (shared(&clause.title), shared(&control.iso2013_title));
    if !title.is_empty() && as_control > as_clause {
        return None;
    }
    Some(if as_clause > as_control {
        format!(
            "`{number} {title}` names a clause of ISO 27001, not an Annex A control: \
             clauses 4 to 10 apply to every ISMS and cannot be excluded; list Annex A controls (A.5.1 to A.8.34)"
        )
    } else {
        format!(
            "`{number}` is both clause {number} of ISO 27001 ({}) and the 2013 Annex A control \
             A.{number} ({}): write `A.{number}` for the control (clauses cannot be excluded)",
            clause.title, control.iso2013_title
        )
    })
}

fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "applicable" | "1" => Some(true),
        "no" | "n" | "false" | "not applicable" | "excluded" | "0" => Some(false),
        _ => None,
    }
}

fn csv_rows(path: &Path, text: &str) -> Result<Vec<Row>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(crate::workbook::guess_delimiter(text))
        .from_reader(text.as_bytes());
    let fail = |line: usize, message: String| Error::Soa {
        path: path.to_path_buf(),
        line,
        message,
    };
    let headers = reader
        .headers()
        .map_err(|e| fail(1, e.to_string()))?
        .clone();
    let col = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.contains(&h.trim().to_lowercase().as_str()))
    };
    let (Some(id_col), Some(app_col)) =
        (col(&["control", "id", "control id"]), col(&["applicable"]))
    else {
        return Err(fail(
            1,
            "the header must name the columns control, applicable and justification".into(),
        ));
    };
    let just_col = col(&["justification", "reason"]);
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| fail(line, e.to_string()))?;
        let cell = |c: usize| record.get(c).unwrap_or("").to_string();
        if cell(id_col).trim().is_empty() {
            continue;
        }
        let applicable = yes_no(&cell(app_col)).ok_or_else(|| {
            fail(
                line,
                format!("applicable must be yes or no, not `{}`", cell(app_col)),
            )
        })?;
        rows.push(Row {
            line,
            id: cell(id_col),
            applicable,
            justification: just_col.map(cell).unwrap_or_default(),
        });
    }
    Ok(rows)
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSoa {
    #[serde(default)]
    control: Vec<toml::Spanned<RawControl>>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawControl {
    id: String,
    applicable: toml::Value,
    #[serde(default)]
    justification: String,
}

fn toml_rows(path: &Path, text: &str) -> Result<Vec<Row>> {
    let raw: RawSoa = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| crate::bank::line_of(text, s.start))
            .unwrap_or(1);
        Error::Soa {
            path: path.to_path_buf(),
            line,
            message: e.message().trim().replace('\n', " "),
        }
    })?;
    raw.control
        .into_iter()
        .map(|spanned| {
            let line = crate::bank::line_of(text, spanned.span().start);
            let c = spanned.into_inner();
            let applicable = match &c.applicable {
                toml::Value::Boolean(b) => Some(*b),
                toml::Value::String(s) => yes_no(s),
                _ => None,
            }
            .ok_or_else(|| Error::Soa {
                path: path.to_path_buf(),
                line,
                message: format!("`{}`: applicable must be true/false or yes/no", c.id),
            })?;
            Ok(Row {
                line,
                id: c.id,
                applicable,
                justification: c.justification,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str, text: &str) -> Result<Soa> {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(name);
        std::fs::write(&path, text).unwrap();
        Soa::load(&path)
    }

    #[test]
    fn toml_and_csv_agree() {
        let t = load(
            "soa.toml",
            "[[control]]\nid = \"A.7.4\"\napplicable = false\njustification = \"no premises\"\n\n[[control]]\nid = \"ISO27001:A.8.5\"\napplicable = \"yes\"\n",
        )
        .unwrap();
        let c = load(
            "soa.csv",
            "control,applicable,justification\nA.7.4,No,no premises\nA.8.5,yes,\n",
        )
        .unwrap();
        let semicolons = load(
            "soa.csv",
            "Control;Applicable;Justification\nA.7.4;No;no premises, none planned\nA.8.5;yes;\n",
        )
        .unwrap();
        assert_eq!(
            semicolons.exclusion("A.7.4"),
            Some("no premises, none planned")
        );
        for soa in [t, c, semicolons] {
            assert!(
                soa.exclusion("A.7.4")
                    .is_some_and(|j| j.starts_with("no premises"))
            );
            assert_eq!(soa.exclusion("A.8.5"), None);
            assert_eq!(soa.listed, 2);
        }
    }

    #[test]
    fn bad_files_name_the_line() {
        let cases = [
            (
                "soa.csv",
                "control,applicable\nA.7.4,maybe\n",
                "soa.csv:2: applicable must be yes or no",
            ),
            (
                "soa.csv",
                "control,applicable\nA.7.4,no\n",
                "soa.csv:2: `A.7.4` is excluded without a justification",
            ),
            ("soa.csv", "id,x\n", "soa.csv:1: the header must name"),
            (
                "soa.csv",
                "control,applicable,justification\nA.9.9,no,x\n",
                "soa.csv:2: unknown control `ISO27001:A.9.9`",
            ),
            (
                "soa.toml",
                "[[control]]\nid = \"A.7.4\"\napplicable = 3\n",
                "soa.toml:1: `A.7.4`: applicable must be",
            ),
            ("soa.toml", "[[contrl]]\n", "soa.toml:1: unknown field"),
        ];
        for (name, text, want) in cases {
            let err = load(name, text).unwrap_err().to_string();
            assert!(err.contains(want), "{text:?}: got {err}");
        }
    }

    #[test]
    fn ids_as_spreadsheets_write_them() {
        for id in [
            "A.7.4",
            "7.4",
            "A7.4",
            "a.7.4.",
            "A.7.4 Physical security monitoring",
            "7.4 - Physical security monitoring",
            "A.7.4 (Physical security monitoring)",
            "ISO 27001:A.7.4",
            "ISO/IEC 27001:2022 A.7.4",
        ] {
            let text = format!("control,applicable,justification\n\"{id}\",no,none\n");
            let soa = load("soa.csv", &text).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(soa.exclusion("A.7.4"), Some("none"), "{id}");
        }
        let soa = load("soa.csv", "control,applicable,justification\n11.1.1,no,x\n").unwrap();
        assert_eq!(
            soa.exclusion("A.7.1"),
            Some("x"),
            "a 2013 id without its A."
        );
    }

    #[test]
    fn a_clause_is_not_an_exclusion() {
        for id in ["4.1", "9.1", "10.2"] {
            let text = format!("control,applicable,justification\n{id},no,x\n");
            let err = load("soa.csv", &text).unwrap_err().to_string();
            assert!(err.contains("names a clause of ISO 27001"), "{id}: {err}");
        }
    }

    #[test]
    fn a_number_both_a_clause_and_a_2013_control_is_told_by_its_title() {
        let row = |id: &str| {
            load(
                "soa.csv",
                &format!("control,applicable,justification\n\"{id}\",no,x\n"),
            )
        };
        let err = row("6.1.2 Information security risk assessment")
            .unwrap_err()
            .to_string();
        assert!(err.contains("names a clause of ISO 27001"), "{err}");
        let soa = row("6.1.2 Segregation of duties").unwrap();
        assert_eq!(soa.exclusion("A.5.3"), Some("x"));
        let err = row("6.1.2").unwrap_err().to_string();
        assert!(err.contains("write `A.6.1.2` for the control"), "{err}");
        let soa = row("A.6.1.2").unwrap();
        assert_eq!(soa.exclusion("A.5.3"), Some("x"));
        // A number that is no clause stays a 2013 control.
        assert!(row("11.1.1").unwrap().exclusion("A.7.1").is_some());
    }

    #[test]
    fn iso_2013_ids_map_to_2022() {
        let soa = load(
            "soa.csv",
            "control,applicable,justification\nA.11.1.1,no,cloud only\n",
        )
        .unwrap();
        assert_eq!(soa.exclusion("A.7.1"), Some("cloud only"));
    }
}
