use super::*;
use crate::controls::soa::Soa;

fn entry(id: &str, controls: &[&str], reviewed: Option<&str>) -> BankEntry {
    let mut e = BankEntry::new(id, "Q?", "Yes");
    e.controls = controls.iter().map(|c| c.to_string()).collect();
    e.reviewed = reviewed.and_then(Date::parse);
    e
}

fn opts(frameworks: &[Framework]) -> CoverageOptions {
    CoverageOptions {
        frameworks: frameworks.to_vec(),
        categories: vec![],
        soa: None,
        max_age_days: 365,
        today: Date::parse("2026-11-28").unwrap(),
        tiers: TierSet::default(),
        min_percent: 100.0,
    }
}

fn status(cov: &Coverage, id: &str) -> Evidence {
    cov.frameworks
        .iter()
        .flat_map(|f| &f.controls)
        .find(|c| c.id.to_string() == id)
        .map(|c| c.evidence)
        .unwrap()
}

#[test]
fn evidence_is_direct_via_stale_or_missing() {
    let bank = AnswerBank::from_entries(vec![
        entry("a", &["SOC2:CC6.1", "ISO27001:A.9.4.2"], Some("2026-06-01")),
        entry("b", &["SOC2:CC7.4"], Some("2024-01-01")),
        entry("c", &["SOC2:CC8.1"], None),
        entry("d", &["SOC2:CC9.9"], Some("2026-06-01")),
    ]);
    let cov = coverage(&bank, &opts(&Framework::ALL));
    let cases = [
        ("SOC2:CC6.1", Evidence::Direct),
        ("ISO27001:A.8.5", Evidence::Direct),
        ("SOC2:CC7.4", Evidence::Stale),
        ("SOC2:CC8.1", Evidence::Stale),
        ("SOC2:CC1.1", Evidence::Missing),
        ("ISO27001:A.5.1", Evidence::Missing),
    ];
    for (id, want) in cases {
        assert_eq!(status(&cov, id), want, "{id}");
    }
    let via = cov.frameworks[1]
        .controls
        .iter()
        .find(|c| c.evidence == Evidence::ViaCrosswalk)
        .expect("some ISO control is reached through CC6.1");
    assert!(via.via.iter().any(|v| v.control.id == "CC6.1"));
    assert_eq!(cov.stale_entries.len(), 2);
    assert_eq!(cov.unknown_controls.len(), 1);
    assert!(!cov.passed);
}

#[test]
fn scope_follows_categories_and_the_soa() {
    let bank = AnswerBank::from_entries(vec![entry("a", &["SOC2:CC6.1"], Some("2026-06-01"))]);
    let mut o = opts(&[Framework::Soc2]);
    let cov = coverage(&bank, &o);
    assert_eq!(cov.frameworks[0].totals.in_scope, 33, "security only");
    o.categories = vec![Category::Availability, Category::Privacy];
    let cov = coverage(&bank, &o);
    assert_eq!(cov.frameworks[0].totals.in_scope, 33 + 3 + 18);
    assert_eq!(cov.soc2_categories, ["security", "availability", "privacy"]);

    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("soa.csv");
    std::fs::write(
        &path,
        "control,applicable,justification\nA.7.4,no,no premises\n",
    )
    .unwrap();
    let mut o = opts(&[Framework::Iso27001]);
    o.soa = Some(Soa::load(&path).unwrap());
    let cov = coverage(&bank, &o);
    assert_eq!(status(&cov, "ISO27001:A.7.4"), Evidence::Excluded);
    assert_eq!(cov.frameworks[0].totals.in_scope, 122);
    assert_eq!(cov.frameworks[0].totals.excluded, 1);
}

#[test]
fn the_gate_uses_the_minimum_per_framework() {
    let bank = AnswerBank::from_entries(vec![entry("a", &["SOC2:CC6.1"], Some("2026-06-01"))]);
    let mut o = opts(&[Framework::Soc2]);
    assert!(!coverage(&bank, &o).passed);
    o.min_percent = 3.0;
    assert!(coverage(&bank, &o).passed, "1 of 33 is 3.03%");
    let groups = &coverage(&bank, &o).frameworks[0].groups;
    let cc6 = groups.iter().find(|g| g.group == "CC6").unwrap();
    assert_eq!((cc6.totals.in_scope, cc6.totals.direct), (8, 1));
}

#[test]
fn the_starter_bank_covers_every_control() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("answer_bank");
    let bank = AnswerBank::load(&dir).unwrap();
    let mut o = opts(&Framework::ALL);
    o.categories = Category::ALL.to_vec();
    o.max_age_days = 100_000;
    let cov = coverage(&bank, &o);
    let gaps: Vec<String> = cov.gaps().map(|c| c.id.to_string()).collect();
    assert!(gaps.is_empty(), "{gaps:?}");
    assert!(
        cov.unknown_controls.is_empty(),
        "{:?}",
        cov.unknown_controls
    );
    assert_eq!(cov.frameworks[0].totals.in_scope, 61);
    assert_eq!(cov.frameworks[1].totals.in_scope, 123);
}

#[test]
fn renderings_name_the_gaps() {
    let bank = AnswerBank::from_entries(vec![entry("a", &["SOC2:CC6.1"], Some("2026-06-01"))]);
    let cov = coverage(&bank, &opts(&[Framework::Soc2]));
    let text = crate::controls::render::text(&cov);
    assert!(
        text.contains("1/33 in-scope controls evidenced directly"),
        "{text}"
    );
    assert!(text.contains("coverage gate FAILED"), "{text}");
    assert!(text.contains("SOC2:CC1.1"), "{text}");
    let md = crate::controls::render::markdown(&cov);
    assert!(
        md.contains("❌ failed") && md.contains("| SOC 2 (security) | 33 | 1 |"),
        "{md}"
    );
    let xml = crate::controls::render::junit(&cov);
    assert!(xml.contains("tests=\"33\" failures=\"32\""), "{xml}");
    assert!(xml.contains("name=\"SOC2:CC6.1 "), "{xml}");
}

#[test]
fn junit_agrees_with_the_gate() {
    let bank = AnswerBank::from_entries(vec![entry("a", &["SOC2:CC6.1"], Some("2026-06-01"))]);
    let mut o = opts(&[Framework::Soc2]);
    o.min_percent = 2.0;
    let cov = coverage(&bank, &o);
    assert!(cov.passed);
    let xml = crate::controls::render::junit(&cov);
    assert!(
        xml.contains("tests=\"33\" failures=\"0\" skipped=\"32\""),
        "{xml}"
    );
    assert!(xml.contains("a gap, not a failure: 3.0%"), "{xml}");
    assert!(!xml.contains("<failure"), "{xml}");
}
