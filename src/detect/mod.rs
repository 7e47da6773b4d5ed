//! The second stage: find, on every sheet, the question table: its header
//! rows, the question, answer, comment and id columns, and every question row
//! with the cell its answer goes in.
//!
//! The heuristics score shapes, not names, so they carry over to questionnaires
//! qfill has never seen:
//! - **header likeness**: a row whose short cells name column roles (see
//!   `labels`): an answer label, or a question label beside a comment label.
//!   Tables often restart, so every such row counts and the columns are chosen
//!   by a vote across them;
//! - **answer-column likeness**: the column the header rows label as the answer;
//!   columns for analysts, scoring or ownership never win;
//! - **question likeness**: a row is a question when its question cell reads as
//!   one (a `?`, an interrogative or imperative opening, enough words) or carries
//!   an id in the id column; section titles, instructions and rows whose answer
//!   cell is swallowed by a merged paragraph are not questions;
//! - **mirrors**: a table whose answer cells are formulas copies another sheet,
//!   so it is skipped, and single formula answer cells are never written.

mod labels;
pub mod text;

use crate::cellref::{CellRef, column_letters};
use crate::workbook::{Sheet, Visibility, Workbook};
use labels::Role;
use std::collections::HashMap;

/// Per-run corrections when detection gets a sheet wrong (zero-based indexes).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Only this sheet (it is then read even when hidden).
    pub sheet: Option<String>,
    pub header_row: Option<u32>,
    pub question_col: Option<u32>,
    pub answer_col: Option<u32>,
    pub comment_col: Option<u32>,
}

/// What detection found in a workbook.
#[derive(Debug, Clone, Default)]
pub struct Questionnaire {
    pub sheets: Vec<SheetLayout>,
    pub skipped: Vec<SkippedSheet>,
}

impl Questionnaire {
    /// Number of question rows over all sheets.
    pub fn question_count(&self) -> usize {
        self.sheets.iter().map(|s| s.questions.len()).sum()
    }
}

/// A sheet that holds no questions, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedSheet {
    pub name: String,
    pub reason: String,
}

/// The question table of one sheet.
#[derive(Debug, Clone)]
pub struct SheetLayout {
    /// Index into `Workbook::sheets`.
    pub sheet_index: usize,
    pub name: String,
    /// Zero-based header rows (a table may restart under section headers).
    pub header_rows: Vec<u32>,
    pub id_col: Option<u32>,
    pub question_col: u32,
    pub answer_col: u32,
    pub comment_col: Option<u32>,
    pub questions: Vec<QuestionRow>,
}

impl SheetLayout {
    /// The most common dropdown over the answer cells, if any.
    pub fn answer_choices(&self) -> Option<Vec<String>> {
        let mut counts: HashMap<&[String], usize> = HashMap::new();
        for q in &self.questions {
            if let Some(c) = &q.choices {
                *counts.entry(c.as_slice()).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(c, _)| c.to_vec())
    }
}

/// Whether qfill may write a question's answer cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writable {
    Yes,
    /// The cell holds a formula (often a link to the same question elsewhere).
    Formula,
    /// The sheet is protected and the cell is locked.
    Locked,
    /// The sheet says the institution, not the vendor, fills this row.
    Institution,
}

/// One question and where its answer goes.
#[derive(Debug, Clone)]
pub struct QuestionRow {
    /// Zero-based row.
    pub row: u32,
    pub id: Option<String>,
    /// The question as one clean line.
    pub text: String,
    pub answer_cell: CellRef,
    pub comment_cell: Option<CellRef>,
    /// Allowed answer values when the answer cell has a dropdown.
    pub choices: Option<Vec<String>>,
    /// What the answer cell already holds (trimmed).
    pub existing_answer: String,
    /// What the comment cell already holds (trimmed).
    pub existing_comment: String,
    pub writable: Writable,
}

/// Finds the question tables of every sheet.
pub fn detect(book: &Workbook, overrides: &Overrides) -> Questionnaire {
    let mut out = Questionnaire::default();
    for (index, sheet) in book.sheets.iter().enumerate() {
        let skip = |reason: &str| SkippedSheet {
            name: sheet.name.clone(),
            reason: reason.to_string(),
        };
        if let Some(only) = &overrides.sheet {
            if sheet.name.trim() != only.trim() {
                out.skipped.push(skip("not the sheet chosen with --sheet"));
                continue;
            }
        } else if sheet.visibility != Visibility::Visible {
            out.skipped.push(skip("hidden sheet"));
            continue;
        }
        match detect_sheet(index, sheet, overrides) {
            Ok(layout) => out.sheets.push(layout),
            Err(reason) => out.skipped.push(skip(&reason)),
        }
    }
    out
}

/// Zero-based header rows and the roles their cells name.
fn header_rows(sheet: &Sheet, overrides: &Overrides) -> Vec<(u32, Vec<(u32, Role)>)> {
    let mut found = Vec::new();
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32;
        if overrides.header_row.is_some_and(|h| h != r) {
            continue;
        }
        let roles: Vec<(u32, Role)> = row
            .iter()
            .enumerate()
            .filter_map(|(c, v)| labels::role(&v.text()).map(|role| (c as u32, role)))
            .collect();
        let has = |want: Role| roles.iter().any(|(_, role)| *role == want);
        let is_header = has(Role::Answer) && roles.len() >= 2
            || has(Role::Question) && has(Role::Comment)
            || overrides.header_row == Some(r);
        if is_header {
            found.push((r, roles));
        }
    }
    found
}

/// The column most header rows give `role` (ties go to the leftmost).
fn vote(
    headers: &[(u32, Vec<(u32, Role)>)],
    role: Role,
    filter: impl Fn(u32) -> bool,
) -> Option<u32> {
    let mut counts: HashMap<u32, usize> = HashMap::new();
    for (_, roles) in headers {
        if let Some((c, _)) = roles.iter().find(|(c, r)| *r == role && filter(*c)) {
            *counts.entry(*c).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(c, _)| c)
}

fn detect_sheet(index: usize, sheet: &Sheet, overrides: &Overrides) -> Result<SheetLayout, String> {
    let headers = header_rows(sheet, overrides);
    if headers.is_empty() {
        return Err("no header row naming an answer column".into());
    }
    let answer_col = overrides
        .answer_col
        .or_else(|| vote(&headers, Role::Answer, |_| true))
        .ok_or("no answer column")?;
    let first_header = headers[0].0;
    let question_col = overrides
        .question_col
        .or_else(|| vote(&headers, Role::Question, |c| c != answer_col))
        .or_else(|| question_col_by_content(sheet, first_header, answer_col))
        .ok_or("no question column")?;
    let id_col = vote(&headers, Role::Id, |c| c != question_col && c != answer_col)
        .or_else(|| id_col_by_content(sheet, first_header, question_col));
    let comment_col = overrides.comment_col.or_else(|| {
        vote(&headers, Role::Comment, |c| {
            c != answer_col && c != question_col && Some(c) != id_col
        })
    });
    let header_set: Vec<u32> = headers.iter().map(|(r, _)| *r).collect();
    let mut layout = SheetLayout {
        sheet_index: index,
        name: sheet.name.clone(),
        header_rows: header_set,
        id_col,
        question_col,
        answer_col,
        comment_col,
        questions: Vec::new(),
    };
    layout.questions = question_rows(sheet, &layout);
    if layout.questions.is_empty() {
        return Err(format!(
            "no question rows under the header (question column {}, answer column {})",
            column_letters(question_col),
            column_letters(answer_col)
        ));
    }
    let formulas = layout
        .questions
        .iter()
        .filter(|q| q.writable == Writable::Formula)
        .count();
    if overrides.sheet.is_none() && formulas * 5 >= layout.questions.len() * 4 {
        return Err("its answer cells are formulas that mirror another sheet".into());
    }
    Ok(layout)
}

/// The column left of the answer column whose cells read most like questions.
fn question_col_by_content(sheet: &Sheet, from_row: u32, answer_col: u32) -> Option<u32> {
    (0..answer_col)
        .map(|c| {
            let score: f64 = (from_row..sheet.rows.len() as u32)
                .map(|r| text::question_likeness(&sheet.text(CellRef::new(r, c))))
                .sum();
            (c, score)
        })
        .filter(|(_, s)| *s > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

/// A column left of the question column where most filled rows hold an id.
fn id_col_by_content(sheet: &Sheet, from_row: u32, question_col: u32) -> Option<u32> {
    (0..question_col).rev().find(|&c| {
        let (mut ids, mut rows) = (0, 0);
        for r in from_row..sheet.rows.len() as u32 {
            if sheet.text(CellRef::new(r, question_col)).is_empty() {
                continue;
            }
            rows += 1;
            ids += usize::from(text::is_id_like(&sheet.text(CellRef::new(r, c))));
        }
        rows > 0 && ids * 2 >= rows
    })
}

fn question_rows(sheet: &Sheet, layout: &SheetLayout) -> Vec<QuestionRow> {
    let first_header = layout.header_rows.first().copied().unwrap_or(0);
    let mut out = Vec::new();
    for r in 0..sheet.rows.len() as u32 {
        if layout.header_rows.contains(&r) {
            continue;
        }
        let raw = sheet.text(CellRef::new(r, layout.question_col));
        let question = text::clean(&raw);
        if question.is_empty() || labels::role(&question).is_some() && question.len() < 40 {
            continue;
        }
        let id = layout
            .id_col
            .map(|c| sheet.text(CellRef::new(r, c)))
            .filter(|s| !s.is_empty());
        let has_id = id.as_deref().is_some_and(text::is_id_like);
        let likeness = text::question_likeness(&question);
        let accept = if r < first_header {
            has_id
        } else {
            has_id || likeness >= 0.5
        };
        let answer_cell = CellRef::new(r, layout.answer_col);
        let swallowed = sheet
            .merged_into(answer_cell)
            .is_some_and(|m| m.first.col <= layout.question_col);
        if !accept || swallowed {
            continue;
        }
        out.push(question_row(sheet, layout, r, id, question));
    }
    out
}

fn question_row(
    sheet: &Sheet,
    layout: &SheetLayout,
    r: u32,
    id: Option<String>,
    text: String,
) -> QuestionRow {
    let answer_cell = CellRef::new(r, layout.answer_col);
    let comment_cell = layout.comment_col.map(|c| CellRef::new(r, c)).filter(|&c| {
        sheet
            .merged_into(c)
            .is_none_or(|m| !m.contains(answer_cell))
    });
    let writable = if sheet.formulas.contains(&answer_cell) {
        Writable::Formula
    } else if !sheet.is_editable(answer_cell) {
        Writable::Locked
    } else {
        Writable::Yes
    };
    QuestionRow {
        row: r,
        id,
        text,
        answer_cell,
        comment_cell,
        choices: sheet.dropdown_at(answer_cell).map(<[String]>::to_vec),
        existing_answer: sheet.text(answer_cell),
        existing_comment: comment_cell.map(|c| sheet.text(c)).unwrap_or_default(),
        writable,
    }
}

#[cfg(test)]
mod tests;
