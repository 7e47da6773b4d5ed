//! Generates the bundled sample questionnaires in `samples/`: three layouts a
//! new user meets first (a title above a header on row 4 with section rows and
//! a dropdown; repeated section headers with a notes column over two sheets;
//! a plain csv). The question text is written for qfill, not taken from any
//! real questionnaire.

use anyhow::{Context, Result, bail};
use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet,
};
use std::path::Path;

type Generator = fn() -> Result<Vec<u8>>;
/// A section title and its (id, question) rows.
type Section<'a> = (&'a str, &'a [(&'a str, &'a str)]);

/// Every sample file and its generator.
const SAMPLES: &[(&str, Generator)] = &[
    ("acme_vendor_security.xlsx", acme),
    ("globex_due_diligence.xlsx", globex),
    ("initech_quick_review.csv", initech),
];

pub fn run(args: &[String]) -> Result<()> {
    let dir = crate::root().join("samples");
    let check = args.iter().any(|a| a == "--check");
    let stale = write_or_check(&dir, check)?;
    if check && !stale.is_empty() {
        bail!(
            "samples are out of date: {}; run `cargo xtask samples`",
            stale.join(", ")
        );
    }
    println!(
        "{} {} sample(s) in {}",
        if check { "checked" } else { "wrote" },
        SAMPLES.len(),
        dir.display()
    );
    Ok(())
}

/// Writes the samples (or, with `check`, lists the files that differ).
fn write_or_check(dir: &Path, check: bool) -> Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let mut stale = Vec::new();
    for (name, generate) in SAMPLES {
        let bytes = generate()?;
        let path = dir.join(name);
        if check {
            if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
                stale.push(name.to_string());
            }
        } else {
            std::fs::write(&path, bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    Ok(stale)
}

fn workbook() -> Result<Workbook> {
    let mut book = Workbook::new();
    let when = ExcelDateTime::from_ymd(2026, 1, 15)?;
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&when)
            .set_author("qfill samples"),
    );
    Ok(book)
}

fn bold() -> Format {
    Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(0xD9E1F2)
}

/// Acme: a title, a header on row 4, section rows, a Yes/No/N/A dropdown, a comments column.
fn acme() -> Result<Vec<u8>> {
    let mut book = workbook()?;
    let intro = book.add_worksheet().set_name("Instructions")?;
    intro.write(0, 0, "Acme Corp vendor security questionnaire")?;
    intro.write(
        2,
        0,
        "Answer every question on the Security sheet. Use the Comments column for explanations.",
    )?;
    let ws = book.add_worksheet().set_name("Security")?;
    ws.merge_range(
        0,
        0,
        0,
        3,
        "Acme Corp — Vendor Security Assessment",
        &Format::new().set_bold().set_font_size(14),
    )?;
    ws.write(1, 0, "Vendor name:")?;
    let header = ["Ref", "Question", "Response", "Comments"];
    write_row(ws, 3, &header, &bold())?;
    let sections: &[Section] = &[
        (
            "Access management",
            &[
                (
                    "AM-1",
                    "Do you enforce multi-factor authentication for all employees accessing company systems?",
                ),
                (
                    "AM-2",
                    "Are user access rights reviewed at least quarterly?",
                ),
                (
                    "AM-3",
                    "Is access removed promptly when an employee leaves?",
                ),
                (
                    "AM-4",
                    "Do you support SAML single sign-on for customer accounts?",
                ),
            ],
        ),
        (
            "Data protection",
            &[
                ("DP-1", "Is customer data encrypted at rest?"),
                (
                    "DP-2",
                    "Is all data in transit protected with TLS 1.2 or higher?",
                ),
                (
                    "DP-3",
                    "Can customers supply and manage their own encryption keys?",
                ),
                ("DP-4", "Is customer data deleted when the contract ends?"),
            ],
        ),
        (
            "Operations",
            &[
                (
                    "OP-1",
                    "Do you perform an independent penetration test at least annually?",
                ),
                ("OP-2", "Are backups taken daily and restore-tested?"),
                ("OP-3", "Do you have a documented incident response plan?"),
                ("OP-4", "Do your offices have an on-site gym?"),
            ],
        ),
    ];
    let mut row = 4;
    let yes_no = DataValidation::new().allow_list_strings(&["Yes", "No", "N/A"])?;
    for (title, questions) in sections {
        ws.write_with_format(row, 0, *title, &Format::new().set_bold())?;
        row += 1;
        for (id, q) in *questions {
            ws.write(row, 0, *id)?;
            ws.write_with_format(row, 1, *q, &Format::new().set_text_wrap())?;
            ws.add_data_validation(row, 2, row, 2, &yes_no)?;
            row += 1;
        }
    }
    ws.set_column_width(1, 70)?;
    ws.set_column_width(3, 50)?;
    Ok(book.save_to_buffer()?)
}

/// Globex: repeated section headers ("Vendor Answers" / "Additional Information"), two question sheets.
fn globex() -> Result<Vec<u8>> {
    let mut book = workbook()?;
    let sheets: &[(&str, &[Section])] = &[
        (
            "Organization",
            &[
                (
                    "Policies and people",
                    &[
                        (
                            "ORG-01",
                            "Does your organization maintain a documented information security policy approved by management?",
                        ),
                        (
                            "ORG-02",
                            "Are background checks performed on new employees\nprior to hire?",
                        ),
                        (
                            "ORG-03",
                            "Do all staff complete security awareness training at least annually?",
                        ),
                    ],
                ),
                (
                    "Third parties",
                    &[
                        (
                            "ORG-04",
                            "Do you assess the security of your critical suppliers before onboarding them?",
                        ),
                        (
                            "ORG-05",
                            "Do you publish a list of the subprocessors that handle customer data?",
                        ),
                    ],
                ),
            ],
        ),
        (
            "Infrastructure",
            &[
                (
                    "Hosting and resilience",
                    &[
                        ("INF-01", "Which cloud provider hosts the service?"),
                        ("INF-02", "What is your recovery time objective (RTO)?"),
                        ("INF-03", "What is your recovery point objective (RPO)?"),
                        (
                            "INF-04",
                            "Is your disaster recovery plan tested at least once a year?",
                        ),
                    ],
                ),
                (
                    "Monitoring",
                    &[
                        (
                            "INF-05",
                            "Are security logs centrally collected and monitored 24x7?",
                        ),
                        ("INF-06", "How long are security logs retained?"),
                        (
                            "INF-07",
                            "Do you hold a current ISO/IEC 27001 certification?",
                        ),
                    ],
                ),
            ],
        ),
    ];
    for (name, sections) in sheets {
        let ws = book.add_worksheet().set_name(*name)?;
        ws.write_with_format(
            0,
            0,
            format!("Globex security due diligence — {name}"),
            &Format::new().set_bold(),
        )?;
        let mut row = 2;
        for (title, questions) in *sections {
            write_row(
                ws,
                row,
                &[title, "", "Vendor Answers", "Additional Information"],
                &bold(),
            )?;
            row += 1;
            for (id, q) in *questions {
                ws.write(row, 0, *id)?;
                ws.write(row, 1, *q)?;
                row += 1;
            }
        }
        ws.set_column_width(1, 70)?;
        ws.set_column_width(2, 20)?;
        ws.set_column_width(3, 50)?;
    }
    Ok(book.save_to_buffer()?)
}

/// Initech: a plain csv with a header row, as many procurement portals export.
fn initech() -> Result<Vec<u8>> {
    let rows = [
        ["#", "Question", "Answer", "Notes"],
        ["1", "Do you have a SOC 2 Type II report?", "", ""],
        ["2", "Is there a vulnerability disclosure program?", "", ""],
        [
            "3",
            "Are production changes peer reviewed before deployment?",
            "",
            "",
        ],
        [
            "4",
            "Do you scan your infrastructure for vulnerabilities?",
            "",
            "",
        ],
        ["5", "Where is customer data stored (region)?", "", ""],
        ["6", "Do you carry cyber insurance?", "", ""],
    ];
    let mut out = String::new();
    for r in rows {
        let fields: Vec<String> = r
            .iter()
            .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
            .collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    Ok(out.into_bytes())
}

fn write_row(ws: &mut Worksheet, row: u32, cells: &[&str], format: &Format) -> Result<()> {
    for (c, text) in cells.iter().enumerate() {
        ws.write_with_format(row, c as u16, *text, format)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic() {
        for (name, generate) in SAMPLES {
            assert_eq!(generate().unwrap(), generate().unwrap(), "{name}");
        }
    }

    #[test]
    fn committed_samples_match_the_generator() {
        let dir = crate::root().join("samples");
        let stale = write_or_check(&dir, true).unwrap();
        assert!(
            stale.is_empty(),
            "run `cargo xtask samples`: stale {stale:?}"
        );
    }
}
