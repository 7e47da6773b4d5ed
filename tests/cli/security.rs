//! Security properties (issue 9): answers never become formulas,
//! `internal_note` never reaches an output, qfill carries no HTTP client,
//! external links in a workbook are kept untouched and never followed, and
//! nothing in a workbook or a bank makes qfill write outside its output.

use crate::util::{bad, bytes, copy_dir, grids, qfill, root};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// The answers and details of `tests/fixtures/bad/bank/formula_injection`,
/// in questionnaire order (see xtask/src/badfiles/security.rs).
const ANSWERS: [(&str, &str); 6] = [
    (
        "=HYPERLINK(\"https://evil.example/\",\"Yes\")",
        "=cmd|' /C calc'!A0",
    ),
    ("+1", "+SUM(1,1)"),
    ("-1", "-2+3"),
    ("@SUM(1,1)", "@IMPORTXML(\"https://evil.example\",\"//a\")"),
    ("\tYes", "\t=1+1"),
    ("\rYes", "\r=1+1"),
];

const SECRET: &str = "INTERNAL-NOTE-DO-NOT-SHIP";

/// A temp dir with the injection bank as `bank/` and the given corpus files.
fn injection_workspace(files: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_dir(&bad("bank/formula_injection"), &tmp.path().join("bank"));
    for f in files {
        std::fs::copy(bad(f), tmp.path().join(f)).expect("copy");
    }
    tmp
}

/// Every entry of a zip, inflated, by name.
fn parts(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("inflate");
        out.insert(entry.name().to_string(), data);
    }
    out
}

/// The `<c>` element of `cell` in a sheet part.
fn cell_xml(sheet: &str, cell: &str) -> String {
    let start = sheet
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("no cell {cell} in {sheet}"));
    let end = sheet[start..]
        .find("</c>")
        .map_or(sheet.len(), |e| start + e + 4);
    sheet[start..end].to_string()
}

/// Answers in column C and details in column D, rows 2–7, are text equal to the bank's.
fn assert_written_as_text(out: &Path, sheet_part: &str) {
    let grid = &grids(out)[0].1;
    let sheet = String::from_utf8(parts(out)[sheet_part].clone()).expect("utf-8 sheet");
    for (i, (answer, detail)) in ANSWERS.iter().enumerate() {
        let row = i + 2;
        for (col, text) in [("C", answer), ("D", detail)] {
            let cell = format!("{col}{row}");
            let xml = cell_xml(&sheet, &cell);
            assert!(
                !xml.contains("<f>") && !xml.contains("<f "),
                "{cell} holds a formula: {xml}"
            );
            assert!(
                xml.contains("t=\"inlineStr\"")
                    || xml.contains("t=\"s\"")
                    || xml.contains("t=\"str\""),
                "{cell} is not a string cell: {xml}"
            );
            assert_eq!(crate::util::cell(grid, &cell), **text, "{cell}");
        }
    }
}

#[test]
fn formula_triggers_are_written_as_text_in_place() {
    let tmp = injection_workspace(&["formula_injection.xlsx"]);
    let run = qfill(
        tmp.path(),
        &[
            "fill",
            "formula_injection.xlsx",
            "--bank",
            "bank",
            "-o",
            "out.xlsx",
            "--answered-at",
            "0.3",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_written_as_text(&tmp.path().join("out.xlsx"), "xl/worksheets/sheet1.xml");
}

#[test]
fn formula_triggers_are_written_as_text_in_a_new_workbook() {
    let tmp = injection_workspace(&["formula_injection.csv"]);
    let run = qfill(
        tmp.path(),
        &[
            "fill",
            "formula_injection.csv",
            "--bank",
            "bank",
            "-o",
            "out.xlsx",
            "--answered-at",
            "0.3",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_written_as_text(&tmp.path().join("out.xlsx"), "xl/worksheets/sheet1.xml");
}

/// The text of every output: zip parts inflated, other files as they are.
fn all_text(path: &Path) -> String {
    let raw = bytes(path);
    if raw.starts_with(b"PK") {
        parts(path)
            .values()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect()
    } else {
        String::from_utf8_lossy(&raw).into_owned()
    }
}

#[test]
fn internal_notes_reach_no_output() {
    let tmp = injection_workspace(&["formula_injection.xlsx", "formula_injection.csv"]);
    let runs: [&[&str]; 9] = [
        &[
            "fill",
            "formula_injection.xlsx",
            "--bank",
            "bank",
            "-o",
            "a.xlsx",
            "--report",
            "a.json",
            "--review-at",
            "0.01",
        ],
        &[
            "fill",
            "formula_injection.csv",
            "--bank",
            "bank",
            "-o",
            "b.xlsx",
            "--report",
            "b.json",
        ],
        &[
            "fill",
            "formula_injection.xlsx",
            "--bank",
            "bank",
            "-o",
            "c.xlsx",
            "--clean",
        ],
        &["bank", "export", "--bank", "bank", "-o", "export.xlsx"],
        &[
            "match",
            "Do you run penetration tests every year?",
            "--bank",
            "bank",
            "--json",
        ],
        &[
            "match",
            "Do you run penetration tests every year?",
            "--bank",
            "bank",
        ],
        &["bank", "lint", "--bank", "bank", "--json"],
        &["inspect", "formula_injection.xlsx", "--json"],
        &["coverage", "--bank", "bank", "--format", "json"],
    ];
    for args in runs {
        let run = qfill(tmp.path(), args);
        assert!(
            !run.stdout.contains(SECRET),
            "{args:?} printed an internal note"
        );
        assert!(
            !run.stderr.contains(SECRET),
            "{args:?} printed an internal note"
        );
    }
    let outputs = [
        "a.xlsx",
        "a.json",
        "b.xlsx",
        "b.json",
        "c.xlsx",
        "export.xlsx",
    ];
    for out in outputs {
        let path = tmp.path().join(out);
        assert!(path.exists(), "{out} was written");
        assert!(
            !all_text(&path).contains(SECRET),
            "{out} holds an internal note"
        );
    }
    let run = qfill(
        tmp.path(),
        &[
            "bank",
            "export",
            "--bank",
            "bank",
            "-o",
            "internal.xlsx",
            "--include-internal",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        all_text(&tmp.path().join("internal.xlsx")).contains(SECRET),
        "the opt-in export keeps them"
    );
}

/// qfill makes no network requests; the cheapest proof that stays true is
/// that no HTTP client is among its dependencies (README: Security).
#[test]
fn no_http_client_in_the_dependency_tree() {
    let lock = String::from_utf8(bytes(&root().join("Cargo.lock"))).expect("Cargo.lock");
    let forbidden = [
        "reqwest",
        "hyper",
        "ureq",
        "curl",
        "isahc",
        "surf",
        "attohttpc",
        "h2",
        "native-tls",
        "rustls",
    ];
    for name in forbidden {
        assert!(
            !lock.contains(&format!("name = \"{name}\"")),
            "`{name}` is in Cargo.lock: qfill must not be able to phone home"
        );
    }
}

#[test]
fn external_links_are_kept_as_they_are() {
    let tmp = injection_workspace(&[]);
    std::fs::copy(bad("external_link.xlsx"), tmp.path().join("q.xlsx")).expect("copy");
    copy_dir(&root().join("answer_bank"), &tmp.path().join("answer_bank"));
    // Without notes, the sheet's relationships need no new entry either.
    let run = qfill(
        tmp.path(),
        &["fill", "q.xlsx", "-o", "out.xlsx", "--no-highlight"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (before, after) = (
        parts(&bad("external_link.xlsx")),
        parts(&tmp.path().join("out.xlsx")),
    );
    for part in [
        "xl/externalLinks/externalLink1.xml",
        "xl/externalLinks/_rels/externalLink1.xml.rels",
        "xl/worksheets/_rels/sheet1.xml.rels",
    ] {
        assert_eq!(before[part], after[part], "{part} changed");
    }
    let sheet = String::from_utf8_lossy(&after["xl/worksheets/sheet1.xml"]).into_owned();
    assert!(
        sheet.contains("<c r=\"E2\"><f>[1]Prices!A1</f><v>42</v></c>"),
        "{sheet}"
    );
    assert!(
        String::from_utf8_lossy(&after["xl/_rels/workbook.xml.rels"])
            .contains("externalLinks/externalLink1.xml")
    );
}

#[test]
fn nothing_is_written_outside_the_output() {
    let outer = tempfile::tempdir().expect("tmp");
    let tmp = outer.path().join("a/b");
    copy_dir(&root().join("answer_bank"), &tmp.join("answer_bank"));
    std::fs::copy(bad("path_escape.xlsx"), tmp.join("q.xlsx")).expect("copy");
    // A layout file names sheets and columns, never paths: a sheet name that
    // looks like one only selects (no) sheet, and far columns stay in the sheet.
    std::fs::write(
        tmp.join("layout.toml"),
        "[[sheet]]\nname = \"../../../../tmp/qfill-escape\"\nquestion_column = \"B\"\nanswer_column = \"C\"\n\n[[sheet]]\nname = \"Security\"\nheader_rows = [1]\nquestion_column = \"B\"\nanswer_column = \"XFD\"\nlast_row = 1048576\n",
    )
    .expect("write layout");
    let before = listing_tree(outer.path());
    let run = qfill(
        &tmp,
        &["fill", "q.xlsx", "-o", "out.xlsx", "--review-at", "0.01"],
    );
    assert!(run.code == 0 || run.code == 2, "{}", run.stderr);
    let laid = qfill(
        &tmp,
        &[
            "fill",
            "q.xlsx",
            "-o",
            "laid.xlsx",
            "--layout",
            "layout.toml",
            "--review-at",
            "0.01",
        ],
    );
    assert!(laid.code == 0 || laid.code == 2, "{}", laid.stderr);
    let mut after = listing_tree(outer.path());
    after.retain(|p| !p.ends_with("a/b/out.xlsx") && !p.ends_with("a/b/laid.xlsx"));
    assert_eq!(after, before, "files appeared outside the output");
    for escaped in [
        "/tmp/qfill-escape.xml",
        "/tmp/qfill-escape-comments.xml",
        "/etc/qfill-escape.xml",
    ] {
        assert!(!Path::new(escaped).exists(), "{escaped} was written");
    }
    if run.code == 0 {
        let input = parts(&bad("path_escape.xlsx"));
        for name in parts(&tmp.join("out.xlsx"))
            .keys()
            .filter(|n| !input.contains_key(*n))
        {
            assert!(
                !name.contains("..") && !name.starts_with('/'),
                "new entry {name} leaves the package"
            );
        }
    }
}

fn listing_tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}
