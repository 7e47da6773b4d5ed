//! `qfill inspect`: what qfill sees in a questionnaire, without matching, so a
//! person can check detection before trusting a fill. The human output *is* a
//! layout file: the `[[sheet]]` tables say where the questions are and every
//! other line is a `#` comment (counts, choices, the first questions, skipped
//! sheets), so it can be saved, corrected and passed back with `--layout`.
//! `--json` prints the same as a contract other tools read.

use super::layout_args::LayoutArgs;
use super::print;
use anyhow::Result;
use qfill::cellref::column_letters;
use qfill::detect::{
    self, CommentWhen, Protection, QuestionRow, Questionnaire, SheetLayout, Writable,
};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The questionnaire to look at.
    pub questionnaire: PathBuf,
    /// Print the layout as JSON.
    #[arg(long)]
    pub json: bool,
    /// How many questions to show per sheet (all with --json).
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub show: usize,
    #[command(flatten)]
    pub layout: LayoutArgs,
}

#[derive(Serialize)]
struct JsonLayout {
    file: String,
    sheets: Vec<JsonSheet>,
    skipped_sheets: Vec<JsonSkipped>,
}

#[derive(Serialize)]
struct JsonSheet {
    name: String,
    header_row: Option<u32>,
    header_rows: Vec<u32>,
    id_column: Option<String>,
    question_column: String,
    answer_column: String,
    comment_column: Option<String>,
    /// When the comment column is meant to be filled: `always`, or a
    /// condition such as `if no or n/a`.
    comment_when: String,
    /// Further comment columns meant for some answers only, with their conditions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    conditional_comment_columns: Vec<(String, String)>,
    answer_choices: Option<Vec<String>>,
    protected: bool,
    questions: Vec<JsonQuestion>,
}

#[derive(Serialize)]
struct JsonQuestion {
    row: u32,
    id: Option<String>,
    text: String,
    answer_cell: String,
    comment_cell: Option<String>,
    answer_choices: Option<Vec<String>>,
    /// In a table with a column per answer: each answer's cell, where `fill`
    /// writes an `X`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    mark_cells: Vec<(String, String)>,
    writable: bool,
    /// Why the answer cell is left alone: `formula`, `locked`, `institution`
    /// or `shared`.
    not_writable: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonSkipped {
    name: String,
    reason: String,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let overrides = args.layout.overrides()?;
    let book = qfill::workbook::read(&args.questionnaire)?;
    let found = detect::detect(&book, &overrides);
    found.require_questions(&args.questionnaire)?;
    let text = if args.json {
        serde_json::to_string_pretty(&json(&args, &found))? + "\n"
    } else {
        human(&args, &found)
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn json(args: &Args, found: &Questionnaire) -> JsonLayout {
    JsonLayout {
        file: args.questionnaire.display().to_string(),
        sheets: found.sheets.iter().map(json_sheet).collect(),
        skipped_sheets: found
            .skipped
            .iter()
            .map(|s| JsonSkipped {
                name: s.name.clone(),
                reason: s.reason.clone(),
            })
            .collect(),
    }
}

fn json_sheet(s: &SheetLayout) -> JsonSheet {
    JsonSheet {
        name: s.name.clone(),
        header_row: s.header_rows.first().map(|r| r + 1),
        header_rows: s.header_rows.iter().map(|r| r + 1).collect(),
        id_column: s.id_col.map(column_letters),
        question_column: column_letters(s.question_col),
        answer_column: column_letters(s.answer_col),
        comment_column: s.comment_col.map(column_letters),
        comment_when: s.comment_when.to_string(),
        conditional_comment_columns: s
            .conditional_comment_cols
            .iter()
            .map(|(c, when)| (column_letters(*c), when.to_string()))
            .collect(),
        answer_choices: s.answer_choices(),
        protected: s.protection != Protection::Unprotected,
        questions: s.questions.iter().map(json_question).collect(),
    }
}

fn json_question(q: &QuestionRow) -> JsonQuestion {
    JsonQuestion {
        row: q.row + 1,
        id: q.id.clone(),
        text: q.text.clone(),
        answer_cell: q.answer_cell.to_string(),
        comment_cell: q.comment_cell.map(|c| c.to_string()),
        answer_choices: q.allowed().map(<[String]>::to_vec),
        mark_cells: q
            .marks
            .iter()
            .map(|(label, cell)| (label.clone(), cell.to_string()))
            .collect(),
        writable: q.writable == Writable::Yes,
        not_writable: match q.writable {
            Writable::Yes => None,
            Writable::Formula => Some("formula"),
            Writable::Locked => Some("locked"),
            Writable::Institution => Some("institution"),
            Writable::Shared => Some("shared"),
            Writable::Signatory => Some("signatory"),
            Writable::OutOfScope => Some("out of scope"),
            Writable::Blacked => Some("blacked out"),
        },
    }
}

/// The layout file, with what a person needs to judge it as comments.
fn human(args: &Args, found: &Questionnaire) -> String {
    let source = args.questionnaire.display().to_string();
    let mut out = detect::layout_file::preamble(&source);
    let mut names: Vec<&str> = found.sheets.iter().map(|s| s.name.as_str()).collect();
    names.dedup();
    let sheets = names.len();
    let _ = writeln!(
        out,
        "# Found {} questions on {} sheet(s){}.",
        found.question_count(),
        sheets,
        if found.sheets.len() > sheets {
            format!(" in {} tables", found.sheets.len())
        } else {
            String::new()
        }
    );
    for s in &found.sheets {
        out.push('\n');
        out.push_str(&s.settings().to_toml());
        out.push_str(&sheet_notes(s, args.show));
    }
    if !found.skipped.is_empty() {
        out.push_str("\n# Skipped sheets:\n");
        for s in &found.skipped {
            let _ = writeln!(out, "#   \"{}\": {}", s.name, s.reason);
        }
    }
    out
}

fn sheet_notes(s: &SheetLayout, show: usize) -> String {
    let mut out = format!(
        "# {}",
        super::counted(s.questions.len(), "question", "questions")
    );
    match s.questions.first().map(|q| &q.marks) {
        Some(marks) if !marks.is_empty() => {
            let columns: Vec<String> = marks
                .iter()
                .map(|(label, cell)| format!("{label} ({})", column_letters(cell.col)))
                .collect();
            let _ = write!(out, "; answers marked X under {}", columns.join(" | "));
        }
        _ => {
            if let Some(choices) = s.answer_choices() {
                let _ = write!(out, "; answer choices: {}", with_meanings(s, &choices));
            }
        }
    }
    out.push('\n');
    let conditional: Vec<String> = s
        .comment_col
        .filter(|_| s.comment_when != CommentWhen::Always)
        .map(|c| (c, s.comment_when))
        .into_iter()
        .chain(s.conditional_comment_cols.iter().copied())
        .map(|(c, when)| format!("{} {when}", column_letters(c)))
        .collect();
    if !conditional.is_empty() {
        let _ = writeln!(
            out,
            "# comment columns for some answers only: {} (an answer's detail goes where its Yes/No/N/A is asked for)",
            conditional.join(", ")
        );
    }
    for (what, kind) in [
        ("formulas linking elsewhere", Writable::Formula),
        ("locked on the protected sheet", Writable::Locked),
        ("reserved for the institution", Writable::Institution),
        ("merged across several questions", Writable::Shared),
        ("for the person who signs", Writable::Signatory),
        (
            "ruled out by the sender's scope column",
            Writable::OutOfScope,
        ),
        ("blacked out by the sender", Writable::Blacked),
    ] {
        let rows: Vec<String> = s
            .questions
            .iter()
            .filter(|q| q.writable == kind)
            .map(|q| q.answer_cell.to_string())
            .collect();
        if !rows.is_empty() {
            let _ = writeln!(
                out,
                "# not written ({what}): {}",
                shorten(&rows.join(", "), 80)
            );
        }
    }
    if s.protection == Protection::AllLocked {
        out.push_str("# the sheet is protected with every cell locked, which says nothing about where\n# answers go: qfill writes them anyway (unprotect the filled copy to edit them)\n");
    }
    for q in s.questions.iter().take(show) {
        let id =
            q.id.as_deref()
                .map(|i| format!("{i}  "))
                .unwrap_or_default();
        let _ = writeln!(
            out,
            "#   {:>6}  {id}{}",
            q.answer_cell.to_string(),
            shorten(&q.text, 80)
        );
    }
    if s.questions.len() > show {
        let _ = writeln!(out, "#   … {} more", s.questions.len() - show);
    }
    out
}

fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max.saturating_sub(1)) {
        Some((i, _)) if text.chars().count() > max => format!("{}…", &text[..i]),
        _ => text.to_string(),
    }
}

/// The choices joined, each code with what the sheet's legend says it
/// means ("C (Compliant) | PC (Partially Compliant)").
fn with_meanings(s: &SheetLayout, choices: &[String]) -> String {
    let meanings = s
        .questions
        .iter()
        .find(|q| q.allowed() == Some(choices))
        .and_then(|q| q.choice_meanings.as_ref())
        .filter(|m| m.len() == choices.len());
    let shown: Vec<String> = match meanings {
        Some(m) => choices
            .iter()
            .zip(m)
            .map(|(c, m)| {
                if c == m {
                    c.clone()
                } else {
                    format!("{c} ({m})")
                }
            })
            .collect(),
        None => choices.to_vec(),
    };
    shown.join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_on_characters() {
        let cases = [
            ("abc", 5, "abc"),
            ("abcdef", 4, "abc…"),
            ("ééééé", 3, "éé…"),
            ("abcd", 4, "abcd"),
        ];
        for (text, max, want) in cases {
            assert_eq!(shorten(text, max), want);
        }
    }
}
