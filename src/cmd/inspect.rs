//! `qfill inspect`: what qfill sees in a questionnaire, without matching, so a
//! person can check detection before trusting a fill (and correct it with the
//! override flags).

use super::print;
use anyhow::Result;
use qfill::cellref::column_letters;
use qfill::detect::{self, Overrides, Questionnaire, SheetLayout};
use serde::Serialize;
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
    #[arg(long, default_value_t = 5)]
    pub show: usize,
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
    answer_choices: Option<Vec<String>>,
    questions: Vec<JsonQuestion>,
}

#[derive(Serialize)]
struct JsonQuestion {
    row: u32,
    id: Option<String>,
    text: String,
    answer_cell: String,
    answer_choices: Option<Vec<String>>,
    writable: bool,
}

#[derive(Serialize)]
struct JsonSkipped {
    name: String,
    reason: String,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let book = qfill::workbook::read(&args.questionnaire)?;
    let found = detect::detect(&book, &Overrides::default());
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
        answer_choices: s.answer_choices(),
        questions: s
            .questions
            .iter()
            .map(|q| JsonQuestion {
                row: q.row + 1,
                id: q.id.clone(),
                text: q.text.clone(),
                answer_cell: q.answer_cell.to_string(),
                answer_choices: q.choices.clone(),
                writable: q.writable == detect::Writable::Yes,
            })
            .collect(),
    }
}

fn human(args: &Args, found: &Questionnaire) -> String {
    let mut out = format!(
        "{}: {} questions on {} sheet(s)\n",
        args.questionnaire.display(),
        found.question_count(),
        found.sheets.len()
    );
    for s in &found.sheets {
        let rows: Vec<String> = s
            .header_rows
            .iter()
            .take(8)
            .map(|r| (r + 1).to_string())
            .collect();
        let more = if s.header_rows.len() > 8 {
            format!(" (+{} more)", s.header_rows.len() - 8)
        } else {
            String::new()
        };
        out.push_str(&format!("\n[sheet \"{}\"]\n", s.name));
        out.push_str(&format!("  header rows:     {}{more}\n", rows.join(", ")));
        out.push_str(&format!(
            "  id column:       {}\n",
            s.id_col.map(column_letters).unwrap_or_else(|| "-".into())
        ));
        out.push_str(&format!(
            "  question column: {}\n",
            column_letters(s.question_col)
        ));
        out.push_str(&format!(
            "  answer column:   {}\n",
            column_letters(s.answer_col)
        ));
        out.push_str(&format!(
            "  comment column:  {}\n",
            s.comment_col
                .map(column_letters)
                .unwrap_or_else(|| "-".into())
        ));
        if let Some(choices) = s.answer_choices() {
            out.push_str(&format!("  answer choices:  {}\n", choices.join(" | ")));
        }
        let unwritable = s
            .questions
            .iter()
            .filter(|q| q.writable != detect::Writable::Yes)
            .count();
        out.push_str(&format!(
            "  questions:       {}{}\n",
            s.questions.len(),
            if unwritable > 0 {
                format!(" ({unwritable} with formula or locked answer cells)")
            } else {
                String::new()
            }
        ));
        for q in s.questions.iter().take(args.show) {
            let id =
                q.id.as_deref()
                    .map(|i| format!("{i}  "))
                    .unwrap_or_default();
            out.push_str(&format!(
                "    {:>5}  {id}{}\n",
                q.answer_cell.to_string(),
                shorten(&q.text, 90)
            ));
        }
    }
    if !found.skipped.is_empty() {
        out.push_str("\nskipped sheets:\n");
        for s in &found.skipped {
            out.push_str(&format!(
                "  {:<30} {}\n",
                format!("\"{}\"", s.name),
                s.reason
            ));
        }
    }
    out
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}
