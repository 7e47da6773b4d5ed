//! The layout flags `fill` and `inspect` share: per-run corrections
//! (`--sheet`, `--header-row`, `--*-col`) or a whole layout file
//! (`--layout FILE`, as `qfill inspect` prints it). They become the library's
//! plain `Overrides` here, once.

use anyhow::Result;
use qfill::detect::{LayoutFile, Overrides};
use std::path::PathBuf;

/// Flags that correct layout detection.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct LayoutArgs {
    /// Read only this sheet (even when hidden).
    #[arg(long, value_name = "NAME", help_heading = "Layout")]
    pub sheet: Option<String>,
    /// The header row (1-based).
    #[arg(long, value_name = "N", value_parser = super::parse_row, help_heading = "Layout")]
    pub header_row: Option<u32>,
    /// The question id column (letters or 1-based number).
    #[arg(long, value_name = "COL", value_parser = super::parse_column, help_heading = "Layout")]
    pub id_col: Option<u32>,
    /// The question column.
    #[arg(long, value_name = "COL", value_parser = super::parse_column, help_heading = "Layout")]
    pub question_col: Option<u32>,
    /// The answer column.
    #[arg(long, value_name = "COL", value_parser = super::parse_column, help_heading = "Layout")]
    pub answer_col: Option<u32>,
    /// The comment/notes column.
    #[arg(long, value_name = "COL", value_parser = super::parse_column, help_heading = "Layout")]
    pub comment_col: Option<u32>,
    /// Per-sheet layout (TOML, as `qfill inspect` prints it); only its sheets are read.
    #[arg(
        long,
        value_name = "FILE",
        help_heading = "Layout",
        conflicts_with_all = ["sheet", "header_row", "id_col", "question_col", "answer_col", "comment_col"]
    )]
    pub layout: Option<PathBuf>,
}

impl LayoutArgs {
    /// The overrides for the library (reads the layout file).
    ///
    /// # Errors
    /// An unreadable or invalid layout file.
    pub fn overrides(&self) -> Result<Overrides> {
        let named = [
            ("--id-col", self.id_col),
            ("--question-col", self.question_col),
            ("--answer-col", self.answer_col),
            ("--comment-col", self.comment_col),
        ];
        for (i, (a, ca)) in named.iter().enumerate() {
            for (b, cb) in &named[i + 1..] {
                if ca.is_some() && ca == cb {
                    return Err(super::UsageError(format!(
                        "{a} and {b} name the same column; each role needs its own"
                    ))
                    .into());
                }
            }
        }
        let layout = match &self.layout {
            Some(path) => Some(LayoutFile::load(path)?),
            None => None,
        };
        Ok(Overrides {
            sheet: self.sheet.clone(),
            header_row: self.header_row,
            id_col: self.id_col,
            question_col: self.question_col,
            answer_col: self.answer_col,
            comment_col: self.comment_col,
            layout,
            // fill takes it from the bank's profile.
            product: None,
        })
    }
}
