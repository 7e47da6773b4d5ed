//! The embedded catalogs: the SOC 2 Trust Services Criteria, ISO/IEC 27001:2022
//! (clauses and Annex A), the 2013 → 2022 correspondence and the SOC 2 ↔ ISO
//! crosswalk. The CSV files under `data/` are facts copied from the shared
//! controls folder (see `data/NOTICE.md` for their sources); they are compiled
//! into the binary and parsed once, on first use.

use super::crosswalk::Tier;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

const SOC2_TSC: &str = include_str!("data/soc2_tsc.csv");
const ISO27001_2022: &str = include_str!("data/iso27001_2022.csv");
const ISO_2013_TO_2022: &str = include_str!("data/iso27001_2013_to_2022.csv");
const CROSSWALK: &str = include_str!("data/soc2_iso_crosswalk.csv");

/// A SOC 2 trust services category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Security,
    Availability,
    ProcessingIntegrity,
    Confidentiality,
    Privacy,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::Security,
        Category::Availability,
        Category::ProcessingIntegrity,
        Category::Confidentiality,
        Category::Privacy,
    ];

    /// The name used in the profile and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Availability => "availability",
            Category::ProcessingIntegrity => "processing_integrity",
            Category::Confidentiality => "confidentiality",
            Category::Privacy => "privacy",
        }
    }

    /// Parses `security`, `processing integrity`, `processing-integrity`, `PI`, …
    pub fn parse(text: &str) -> Option<Category> {
        let folded: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .collect();
        Some(match folded.as_str() {
            "security" | "cc" | "commoncriteria" => Category::Security,
            "availability" | "a" => Category::Availability,
            "processingintegrity" | "pi" => Category::ProcessingIntegrity,
            "confidentiality" | "c" => Category::Confidentiality,
            "privacy" | "p" => Category::Privacy,
            _ => return None,
        })
    }
}

/// One SOC 2 criterion (`CC6.1`).
#[derive(Debug, Clone, Deserialize)]
pub struct Criterion {
    pub id: String,
    pub category: Category,
    /// `CC1` … `CC9`, `A1`, `C1`, `PI1`, `P1` … `P8`.
    pub series: String,
    pub series_title: String,
    pub title: String,
}

/// What an ISO 27001:2022 row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IsoKind {
    Clause,
    AnnexATheme,
    AnnexA,
}

/// One ISO 27001:2022 clause, Annex A theme or Annex A control.
#[derive(Debug, Clone, Deserialize)]
pub struct IsoItem {
    pub id: String,
    pub kind: IsoKind,
    pub parent: String,
    /// `organizational`, `people`, `physical`, `technological` for Annex A rows.
    pub theme: String,
    pub group_title: String,
    pub title: String,
    /// A requirement clause or an Annex A control (not a heading or a theme).
    pub is_requirement: bool,
    pub new_in_2022: bool,
    pub iso2013_predecessors: String,
}

impl IsoItem {
    /// The group totals are kept by: the top-level clause (`9`) or the theme (`A.8`).
    pub fn group(&self) -> &str {
        match self.kind {
            IsoKind::AnnexA => &self.parent,
            IsoKind::AnnexATheme => &self.id,
            IsoKind::Clause => self.id.split('.').next().unwrap_or(&self.id),
        }
    }
}

/// One row of the 2013 → 2022 correspondence.
#[derive(Debug, Clone, Deserialize)]
pub struct Correspondence {
    pub iso2013_id: String,
    pub iso2013_title: String,
    pub iso2022_id: String,
    pub kind: String,
    pub relationship: String,
}

/// One crosswalk pair (SOC 2 criterion, ISO 27001:2022 requirement).
#[derive(Debug, Clone, Deserialize)]
pub struct Pair {
    pub soc2_id: String,
    pub iso_id: String,
    pub tier: Tier,
    pub n_sources: u8,
    pub sources: String,
}

/// Every catalog, with lookup indexes.
#[derive(Debug)]
pub struct Catalog {
    pub criteria: Vec<Criterion>,
    pub iso: Vec<IsoItem>,
    pub iso2013: Vec<Correspondence>,
    pub crosswalk: Vec<Pair>,
    criterion_index: HashMap<String, usize>,
    iso_index: HashMap<String, usize>,
}

/// The embedded catalogs, parsed on first use.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        // The data is compiled in and every file is parsed by the unit tests,
        // so a failure here is a build defect, not bad user input.
        Catalog::parse().expect("the embedded control catalogs parse (checked by tests)")
    })
}

impl Catalog {
    fn parse() -> Result<Catalog, String> {
        let criteria: Vec<Criterion> = rows(SOC2_TSC, "soc2_tsc.csv")?;
        let iso: Vec<IsoItem> = rows(ISO27001_2022, "iso27001_2022.csv")?;
        let criterion_index = criteria
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let iso_index = iso
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        Ok(Catalog {
            criteria,
            iso,
            iso2013: rows(ISO_2013_TO_2022, "iso27001_2013_to_2022.csv")?,
            crosswalk: rows(CROSSWALK, "soc2_iso_crosswalk.csv")?,
            criterion_index,
            iso_index,
        })
    }

    /// The SOC 2 criterion with this id (`CC6.1`).
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criterion_index.get(id).map(|&i| &self.criteria[i])
    }

    /// The ISO 27001:2022 row with this id (`A.8.5`, `9.2.1`, `A.5`).
    pub fn iso_item(&self, id: &str) -> Option<&IsoItem> {
        self.iso_index.get(id).map(|&i| &self.iso[i])
    }

    /// The ISO 27001:2022 requirements: requirement clauses, then Annex A controls.
    pub fn iso_requirements(&self) -> impl Iterator<Item = &IsoItem> {
        self.iso.iter().filter(|i| i.is_requirement)
    }

    /// The Annex A controls of 2022.
    pub fn annex_a(&self) -> impl Iterator<Item = &IsoItem> {
        self.iso.iter().filter(|i| i.kind == IsoKind::AnnexA)
    }

    /// The 2022 ids an ISO 27001:2013 Annex A id became (empty when unknown).
    pub fn successors_2013(&self, id_2013: &str) -> Vec<&str> {
        self.iso2013
            .iter()
            .filter(|c| c.kind == "annex_a" && c.iso2013_id == id_2013)
            .map(|c| c.iso2022_id.as_str())
            .collect()
    }

    /// The 2013 Annex A row with this id, for its title.
    pub fn annex_a_2013(&self, id_2013: &str) -> Option<&Correspondence> {
        self.iso2013
            .iter()
            .find(|c| c.kind == "annex_a" && c.iso2013_id == id_2013)
    }
}

fn rows<T: for<'de> Deserialize<'de>>(text: &str, name: &str) -> Result<Vec<T>, String> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .enumerate()
        .map(|(i, row)| row.map_err(|e| format!("{name} row {}: {e}", i + 2)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count<T>(items: impl Iterator<Item = T>) -> usize {
        items.count()
    }

    #[test]
    fn soc2_counts_match_the_readme() {
        let c = catalog();
        assert_eq!(c.criteria.len(), 61);
        let cases = [
            (Category::Security, 33),
            (Category::Availability, 3),
            (Category::Confidentiality, 2),
            (Category::ProcessingIntegrity, 5),
            (Category::Privacy, 18),
        ];
        for (category, want) in cases {
            let got = count(c.criteria.iter().filter(|x| x.category == category));
            assert_eq!(got, want, "{category:?}");
        }
        let series = [("CC6", 8), ("CC7", 5), ("CC9", 2), ("P6", 7), ("PI1", 5)];
        for (s, want) in series {
            assert_eq!(
                count(c.criteria.iter().filter(|x| x.series == s)),
                want,
                "{s}"
            );
        }
    }

    #[test]
    fn iso_counts_match_the_readme() {
        let c = catalog();
        assert_eq!(c.iso.len(), 138);
        assert_eq!(count(c.annex_a()), 93);
        let themes = [
            ("organizational", 37),
            ("people", 8),
            ("physical", 14),
            ("technological", 34),
        ];
        for (theme, want) in themes {
            assert_eq!(
                count(c.annex_a().filter(|x| x.theme == theme)),
                want,
                "{theme}"
            );
        }
        let new: Vec<&str> = c
            .annex_a()
            .filter(|x| x.new_in_2022)
            .map(|x| x.id.as_str())
            .collect();
        assert_eq!(
            new,
            [
                "A.5.7", "A.5.23", "A.5.30", "A.7.4", "A.8.9", "A.8.10", "A.8.11", "A.8.12",
                "A.8.16", "A.8.23", "A.8.28"
            ]
        );
        let clauses = c.iso_requirements().filter(|x| x.kind == IsoKind::Clause);
        assert_eq!(count(clauses), 30);
        assert_eq!(count(c.iso_requirements()), 123);
    }

    #[test]
    fn correspondence_and_crosswalk_counts() {
        let c = catalog();
        assert_eq!(c.iso2013.len(), 144);
        let annex_2013: std::collections::HashSet<&str> = c
            .iso2013
            .iter()
            .filter(|x| x.kind == "annex_a")
            .map(|x| x.iso2013_id.as_str())
            .collect();
        assert_eq!(annex_2013.len(), 114);
        assert_eq!(c.successors_2013("A.9.4.2"), ["A.8.5"]);
        assert_eq!(c.successors_2013("A.18.2.3"), ["A.5.36", "A.8.8"]);
        assert_eq!(c.crosswalk.len(), 1892);
        let tier = |t: Tier| count(c.crosswalk.iter().filter(|p| p.tier == t));
        assert_eq!(
            (
                tier(Tier::Consensus),
                tier(Tier::SoleSource),
                tier(Tier::Single)
            ),
            (561, 93, 1238)
        );
        for p in &c.crosswalk {
            assert!(c.criterion(&p.soc2_id).is_some(), "{}", p.soc2_id);
            assert!(
                c.iso_item(&p.iso_id).is_some_and(|i| i.is_requirement),
                "{}",
                p.iso_id
            );
        }
    }

    #[test]
    fn groups_and_categories() {
        let c = catalog();
        let cases = [("A.8.5", "A.8"), ("9.2.1", "9"), ("4", "4"), ("A.5", "A.5")];
        for (id, want) in cases {
            assert_eq!(c.iso_item(id).map(IsoItem::group), Some(want), "{id}");
        }
        let parsed = [
            ("Processing Integrity", Some(Category::ProcessingIntegrity)),
            ("processing_integrity", Some(Category::ProcessingIntegrity)),
            ("Security", Some(Category::Security)),
            ("safety", None),
        ];
        for (text, want) in parsed {
            assert_eq!(Category::parse(text), want, "{text}");
        }
    }

    /// The embedded files are copies of ../shared/controls; when that folder is
    /// beside the checkout (as on developer machines and in CI), they must agree.
    #[test]
    fn embedded_data_matches_the_shared_folder() {
        let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/controls");
        if !shared.is_dir() {
            return;
        }
        let files = [
            ("soc2_tsc.csv", SOC2_TSC),
            ("iso27001_2022.csv", ISO27001_2022),
            ("iso27001_2013_to_2022.csv", ISO_2013_TO_2022),
            ("soc2_iso_crosswalk.csv", CROSSWALK),
        ];
        for (name, embedded) in files {
            let on_disk = std::fs::read_to_string(shared.join(name)).unwrap();
            assert!(
                on_disk == embedded,
                "src/controls/data/{name} drifted from shared/controls; copy it again"
            );
        }
    }
}
