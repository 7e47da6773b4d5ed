//! The second stage: find, on every sheet, the question table: its header
//! rows, the question, answer, comment and id columns, and every question row
//! with the cell its answer goes in and whether qfill may write it.
//!
//! Real questionnaires are messy, so the heuristics score shapes, not names,
//! and carry over to families qfill has never seen. Each step is its own
//! module:
//!
//! - **header likeness** (`headers`): a row is a header when its short cells
//!   name column roles (see `labels`: an answer label, a question label beside
//!   an id or comment label, several roles at once) and none of its cells reads
//!   as content (a `?`, an id, a Yes/No value). Tables restart under section
//!   headers, so every header row counts. Once the columns are known, rows that
//!   label the chosen answer or comment column with an empty question cell are
//!   headers too (a section header whose answer label was left empty).
//! - **column choice** (`columns`): the answer column is the one with the best
//!   *answer-column likeness*: header votes for an answer label, plus dropdowns
//!   and cells left unlocked on a protected sheet over the question rows, minus
//!   formula cells; a column any header gives to someone else (analyst notes,
//!   ownership, scoring, follow-up, "Lite" flags) never wins. The question
//!   column is the one headers label as such, else the column whose cells read
//!   most like questions. The id column is the column left of the questions
//!   whose values on question rows look like ids and are mostly distinct (so a
//!   maturity level 1-2-3 loses to a real id). A sheet whose headers name
//!   questions but no answer column (a catalogue) is skipped; a sheet with no
//!   header at all is read only when a column clearly holds questions, taking
//!   the nearest column to its right as the answer.
//! - **question likeness** (`rows`): a row is a question when its question
//!   cell reads as one (`?`, an interrogative or imperative opening, enough
//!   words) or carries an id of the table's dominant id shape. Above the first
//!   header only rows with such an id count (titles and instructions do not).
//!   Where the table's questions carry ids, a row without one must end in `?`
//!   (quality criteria and assertion rows do not); in a table without an id
//!   column, a requirement stated in six words or more counts too (notes and
//!   instructions do not). Captions ("Assertion:"), section titles, and
//!   paragraphs merged across the answer column are not questions; a note
//!   saying rows are populated by the institution marks those rows
//!   `Writable::Institution`. When the user names the question column, any
//!   row of four words or more counts as well.
//! - **writability** (`mirrors`): an answer cell holding a formula links to
//!   the same question elsewhere and is never written; a table whose answer
//!   cells are mostly formulas mirrors another sheet and is skipped (analyst
//!   and report sheets). On a protected sheet the unlocked cells are the
//!   answer cells; a protected sheet with *no* unlocked cell at all carries no
//!   signal (exports lock everything), so its answer cells count as writable
//!   and the layout says the sheet is protected.
//!
//! - **forms** (`forms`): a sheet with no question table whose column of
//!   labels ending in `:` ("Vendor name:") has empty cells beside them is a
//!   form; each empty field is a question, its value cell the answer cell.
//!
//! Hidden sheets are skipped unless named by an override. When detection is
//! wrong, [`Overrides`] fix one run (`--sheet`, `--header-row`, `--*-col`) or
//! a whole layout ([`LayoutFile`], `--layout FILE`); rows are still classified
//! within the given columns.

mod below;
mod boxes;
mod cells;
mod columns;
mod conditions;
mod display;
mod forms;
mod headers;
mod labels;
pub mod layout_file;
mod legend;
mod marks;
mod mirrors;
mod parallel;
mod rows;
pub mod text;

pub(crate) use boxes::{lone_box, prints_options, tick_in_place, tick_option};
pub use parallel::parallel_answer_columns;
pub(crate) use rows::asks_a_value;

pub use conditions::CommentWhen;
pub use layout_file::{LayoutFile, SheetSettings};

use crate::cellref::{CellRef, column_letters};
use crate::error::{Error, Result};
use crate::workbook::{Sheet, Visibility, Workbook};
use std::collections::HashMap;
use std::path::Path;

/// Corrections for one run when detection gets a sheet wrong (zero-based indexes).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Only this sheet (it is then read even when hidden).
    pub sheet: Option<String>,
    pub header_row: Option<u32>,
    pub id_col: Option<u32>,
    pub question_col: Option<u32>,
    pub answer_col: Option<u32>,
    pub comment_col: Option<u32>,
    /// Per-sheet settings; when given, only the sheets it lists are read.
    pub layout: Option<LayoutFile>,
    /// The respondent's product (the bank profile's `product`): of answer
    /// columns side by side, one per product ("Connect | Insights |
    /// Mobile"), the one it heads is filled, not the first.
    pub product: Option<String>,
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

    /// Fails when no sheet holds a question, saying what was seen on each sheet.
    ///
    /// # Errors
    /// [`Error::NoQuestions`] naming the file and every sheet with the reason it was skipped.
    pub fn require_questions(&self, path: &Path) -> Result<()> {
        if self.question_count() > 0 {
            return Ok(());
        }
        let seen = if self.skipped.is_empty() {
            " the workbook has no sheets".to_string()
        } else {
            self.skipped
                .iter()
                .map(|s| format!("\n  sheet `{}`: {}", s.name, s.reason))
                .collect()
        };
        Err(Error::NoQuestions {
            path: path.to_path_buf(),
            seen,
        })
    }
}

/// A sheet that holds no questions, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedSheet {
    pub name: String,
    pub reason: String,
    /// When detection found no table on the sheet (rather than the sheet
    /// being left out on purpose: hidden, not chosen): how many of its cells
    /// read as questions. Several means a questionnaire qfill could not read,
    /// which the user must hear about.
    pub question_cells: usize,
}

/// Whether a sheet is protected, and what that says about its answer cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protection {
    Unprotected,
    /// Protected with some cells unlocked: only those are answer cells.
    UnlockedCells,
    /// Protected with every cell locked: no signal; answer cells count as writable.
    AllLocked,
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
    /// When the comment column is meant to be filled ("If No, please explain").
    pub comment_when: CommentWhen,
    /// Further comment columns for some answers only ("If Yes, describe"
    /// beside "If No, explain").
    pub conditional_comment_cols: Vec<(u32, CommentWhen)>,
    /// Zero-based bounds given by a layout file.
    pub first_row: Option<u32>,
    pub last_row: Option<u32>,
    /// Each answer cell is below its question (see `below`).
    pub answers_below: bool,
    pub protection: Protection,
    pub questions: Vec<QuestionRow>,
}

impl SheetLayout {
    /// The most common set of values the answer cells take (a dropdown's,
    /// or those the header spells out), if any.
    pub fn answer_choices(&self) -> Option<Vec<String>> {
        let mut counts: HashMap<&[String], usize> = HashMap::new();
        for q in &self.questions {
            if let Some(c) = q.allowed() {
                *counts.entry(c).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(c, _)| c.to_vec())
    }

    /// The layout as a layout file entry (what `--layout` reads back).
    pub fn settings(&self) -> SheetSettings {
        SheetSettings {
            name: self.name.clone(),
            header_rows: self.header_rows.clone(),
            id_col: self.id_col,
            question_col: self.question_col,
            answer_col: self.answer_col,
            comment_col: self.comment_col,
            first_row: self.first_row,
            last_row: self.last_row,
            answers_below: self.answers_below,
        }
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
    /// The answer cell is merged across other questions' rows too.
    Shared,
    /// A form field for the person who completes or signs the questionnaire
    /// ("Completed by:", "Signature:", "Date completed:", "Job title:").
    Signatory,
    /// The sender's own column says the question does not apply ("In
    /// Scope? (Y/N)": N).
    OutOfScope,
    /// The sender filled the answer cell black, where the table's other
    /// answer cells are open (a section's qualifier row).
    Blacked,
}

impl Writable {
    /// Why qfill leaves the answer cell alone, or `None` when it may write it.
    pub fn reason(self) -> Option<&'static str> {
        match self {
            Writable::Yes => None,
            Writable::Formula => Some(
                "the answer cell holds a formula (it links to the same question elsewhere); left as it is",
            ),
            Writable::Locked => {
                Some("the answer cell is locked on a protected sheet; left as it is")
            }
            Writable::Institution => {
                Some("the questionnaire says the institution fills this row; left as it is")
            }
            Writable::Shared => Some(
                "the answer cell is merged across other questions' rows, so one answer would answer them all; left for a person",
            ),
            Writable::Signatory => Some(
                "the field is for the person who completes or signs the questionnaire (name, title, signature or date); left for them",
            ),
            Writable::OutOfScope => Some(
                "the questionnaire's own scope column says this question does not apply; left as it is",
            ),
            Writable::Blacked => Some(
                "the questionnaire blacks out this answer cell (the rows below answer it); left as it is",
            ),
        }
    }
}

/// One question and where its answer goes.
#[derive(Debug, Clone)]
pub struct QuestionRow {
    /// Zero-based row.
    pub row: u32,
    pub id: Option<String>,
    /// The question as one clean line.
    pub text: String,
    /// Where the answer goes (the top-left cell when the answer cell is merged).
    pub answer_cell: CellRef,
    pub comment_cell: Option<CellRef>,
    /// When the comment cell is meant to be filled.
    pub comment_when: CommentWhen,
    /// Comment cells for some answers only, besides `comment_cell`.
    pub conditional_comments: Vec<ConditionalComment>,
    /// In a table with a column per answer ("Yes | No | N/A"), each
    /// answer's cell on this row: the answer is an `X` in one of them, and
    /// `choices` lists the answers.
    pub marks: Vec<(String, CellRef)>,
    /// Allowed answer values when the answer cell has a dropdown.
    pub choices: Option<Vec<String>>,
    /// What each of `choices` means, when they are codes the sheet's
    /// legend spells out ("C = Compliant"): aligned with `choices`.
    pub choice_meanings: Option<Vec<String>>,
    /// The question id and answer a portal's display logic shows this row
    /// for ("Show if SEC-1 = Yes"): asked only when that one got it.
    pub shown_if: Option<(String, &'static str)>,
    /// The values the answer column's header spells out ("Response (Y / N
    /// / NA)") when the cell has no dropdown: answers take one of them.
    pub spelled: Option<Vec<String>>,
    /// The most characters the answer cell takes, when its header or the
    /// question says so ("Comments (max 200 characters)").
    pub answer_limit: Option<usize>,
    /// The same for the comment cell, from its header.
    pub comment_limit: Option<usize>,
    /// The most words the answer cell takes, when its header or the
    /// question says so ("Answer (max 50 words)").
    pub answer_words: Option<usize>,
    /// A form's field ("Vendor name:"): its cell takes a value, never a
    /// paragraph of detail.
    pub field: bool,
    /// What the answer cell already holds (trimmed).
    pub existing_answer: String,
    /// What the comment cell already holds (trimmed).
    pub existing_comment: String,
    pub writable: Writable,
    /// The question names a document or evidence the sender requests
    /// ("Document Requested": "SOC 2 Type II report"): a Yes says it is
    /// provided, so a person attaches it and confirms.
    pub requested: bool,
    /// What the sender's own type column declares the answer to be
    /// ("Answer Type: Number", "Date"), where no validation says it.
    pub declared: Option<crate::workbook::Accepts>,
}

/// A comment cell meant for some answers only ("If No, please explain").
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionalComment {
    pub cell: CellRef,
    pub when: CommentWhen,
    /// What the cell already holds (trimmed).
    pub existing: String,
}

/// What is fixed for one sheet before detection (zero-based). `None` means
/// "detect"; `Some(None)` for an optional column means "there is none".
#[derive(Debug, Clone, Default)]
pub(crate) struct Fixed {
    pub header_rows: Option<Vec<u32>>,
    pub id_col: Option<Option<u32>>,
    pub question_col: Option<u32>,
    pub answer_col: Option<u32>,
    pub comment_col: Option<Option<u32>>,
    pub first_row: Option<u32>,
    pub last_row: Option<u32>,
    /// The user named this sheet: read it even when it looks like a mirror.
    pub forced: bool,
    /// The layout file says each answer cell is below its question.
    pub answers_below: bool,
    /// See [`Overrides::product`].
    pub product: Option<String>,
}

/// The chosen columns of a question table (zero-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Columns {
    pub id: Option<u32>,
    pub question: u32,
    /// The answer column; in a mark table, the first mark column.
    pub answer: u32,
    pub comment: Option<u32>,
    /// When the comment column is meant to be filled.
    pub comment_when: CommentWhen,
    /// Further conditional comment columns (at most two).
    pub conditional: Conditional,
    /// A mark table's columns ("Yes | No | N/A"): the header row that names
    /// them, the first column and how many.
    pub marks: Option<Marks>,
}

impl Columns {
    /// The question, answer, comment and id columns: a column of the
    /// sender's is none of them.
    pub(crate) fn taken(&self) -> [Option<u32>; 4] {
        [
            Some(self.question),
            Some(self.answer),
            self.comment,
            self.id,
        ]
    }

    /// The first column outside [`Columns::taken`] that a header row labels
    /// as `names` says ("Answer Type", "Display Logic").
    pub(crate) fn labelled(
        &self,
        sheet: &crate::workbook::Sheet,
        headers: &[u32],
        names: impl Fn(&str) -> bool,
    ) -> Option<u32> {
        let taken = self.taken();
        headers.iter().find_map(|&h| {
            cells::row_texts(sheet, h)
                .into_iter()
                .find(|(c, label)| !taken.contains(&Some(*c)) && names(label))
                .map(|(c, _)| c)
        })
    }
}

/// Up to two comment columns meant for some answers only, with their conditions.
pub(crate) type Conditional = [Option<(u32, CommentWhen)>; 2];

/// Where a mark table's answer columns are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marks {
    pub header_row: u32,
    pub first: u32,
    pub count: u32,
}

/// Finds the question tables of every sheet.
pub fn detect(book: &Workbook, overrides: &Overrides) -> Questionnaire {
    let mut out = Questionnaire::default();
    for (index, sheet) in book.sheets.iter().enumerate() {
        let skip = |reason: String, question_cells: usize| SkippedSheet {
            name: sheet.name.clone(),
            reason,
            question_cells,
        };
        let tables = match plan(sheet, overrides) {
            Ok(tables) => tables,
            Err(reason) => {
                out.skipped.push(skip(reason, 0));
                continue;
            }
        };
        for fixed in tables {
            // Fields above a table are found only when qfill finds the table.
            let found = overrides.layout.is_none()
                && fixed.header_rows.is_none()
                && fixed.question_col.is_none()
                && fixed.answer_col.is_none();
            let layouts = detect_sheet(index, sheet, &fixed).map(|l| {
                if found {
                    with_fields_above(index, sheet, l)
                } else {
                    l
                }
            });
            match layouts {
                Ok(layouts) => out.sheets.extend(layouts),
                Err(reason) => out.skipped.push(skip(reason, question_cells(sheet))),
            }
        }
    }
    out.skipped.extend(missing_sheets(book, overrides));
    out
}

/// Sheets the layout file or `--sheet` names that the workbook lacks: said,
/// since the usual cause is a typo or a renamed tab.
fn missing_sheets(book: &Workbook, o: &Overrides) -> Vec<SkippedSheet> {
    let named: Vec<&str> = match (&o.layout, &o.sheet) {
        (Some(layout), _) => layout.sheets.iter().map(|s| s.name.as_str()).collect(),
        (None, Some(only)) => vec![only.as_str()],
        (None, None) => Vec::new(),
    };
    let present: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    let mut out: Vec<SkippedSheet> = Vec::new();
    for name in named {
        if present.iter().any(|p| same_name(p, name)) || out.iter().any(|s| s.name == name) {
            continue;
        }
        out.push(SkippedSheet {
            name: name.to_string(),
            reason: format!(
                "named for reading, but the workbook has no such sheet (its sheets: {})",
                present.join(", ")
            ),
            question_cells: 0,
        });
    }
    out
}

/// How many cells of a sheet read as questions.
fn question_cells(sheet: &Sheet) -> usize {
    (0..cells::height(sheet))
        .flat_map(|row| cells::row_texts(sheet, row))
        .filter(|(_, t)| text::reads_as_question(t))
        .count()
}

/// Whether a sheet's name says it lists sections, terms or versions, not
/// questions: a contents sheet's "Status" column beside section counts or
/// descriptions is no answer column.
fn is_reference_sheet(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "contents",
        "table of contents",
        "toc",
        "index",
        "glossary",
        "definitions",
        "terms and definitions",
        "change log",
        "changelog",
        "version history",
        "revision history",
        "document history",
    ];
    let n = name.trim().to_lowercase();
    NAMES.contains(&n.as_str())
}

/// Whether to read a sheet, and what the overrides fix on it: per table
/// when a layout file lists several for the sheet.
fn plan(sheet: &Sheet, o: &Overrides) -> std::result::Result<Vec<Fixed>, String> {
    if let Some(layout) = &o.layout {
        let tables = layout.tables_of(&sheet.name);
        if tables.is_empty() {
            return Err("not listed in the layout file".into());
        }
        return Ok(tables.into_iter().map(|s| s.fixed()).collect());
    }
    if let Some(only) = &o.sheet {
        if !same_name(&sheet.name, only) {
            return Err(format!("not the sheet chosen with --sheet ({only})"));
        }
    } else if is_fill_summary(&sheet.name) {
        return Err("qfill's summary of an earlier fill".into());
    } else if is_reference_sheet(&sheet.name) {
        return Err(
            "by its name a table of contents, glossary or change log (name it with --sheet to read it)"
                .into(),
        );
    } else if sheet.visibility != Visibility::Visible {
        return Err("hidden sheet".into());
    }
    Ok(vec![Fixed {
        header_rows: o.header_row.map(|h| vec![h]),
        id_col: o.id_col.map(Some),
        question_col: o.question_col,
        answer_col: o.answer_col,
        comment_col: o.comment_col.map(Some),
        first_row: None,
        last_row: None,
        forced: o.sheet.is_some(),
        answers_below: false,
        product: o.product.clone(),
    }])
}

/// Whether a sheet is the summary an earlier `qfill fill` added
/// (`qfill summary`, or `qfill summary (2)` when that name was taken).
pub fn is_fill_summary(name: &str) -> bool {
    name.strip_prefix(crate::write::SUMMARY_SHEET)
        .is_some_and(|rest| rest.is_empty() || (rest.starts_with(" (") && rest.ends_with(')')))
}

/// Sheet names as a person types them: surrounding spaces and case do not matter.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The question tables of one sheet: usually one; one per shape when the
/// sheet holds tables whose columns differ (see [`headers::tables`]), each
/// bounded by the rows between its header and the next table's.
fn detect_sheet(
    index: usize,
    sheet: &Sheet,
    fixed: &Fixed,
) -> std::result::Result<Vec<SheetLayout>, String> {
    let found = headers::find(sheet, fixed.header_rows.as_deref());
    let detected =
        fixed.header_rows.is_none() && fixed.question_col.is_none() && fixed.answer_col.is_none();
    let tables = if detected {
        headers::tables(found)
    } else {
        vec![found]
    };
    if fixed.answers_below {
        return answers_below(index, sheet, fixed)
            .map(|layout| vec![layout])
            .ok_or_else(|| "no question has an answer cell below it".to_string());
    }
    if detected
        && tables.iter().all(Vec::is_empty)
        && let Some(layout) = answers_below(index, sheet, fixed)
    {
        return Ok(vec![layout]);
    }
    if tables.len() < 2 {
        let found = tables.into_iter().next().unwrap_or_default();
        if detected {
            let parts = headers::side_by_side(found.clone());
            if parts.len() > 1 {
                return detect_parts(index, sheet, fixed, &parts);
            }
        }
        return match detect_table(index, sheet, fixed, &found) {
            Ok(table) => Ok(vec![table]),
            Err(e) if detected => Some(form(index, sheet))
                .filter(|forms| !forms.is_empty())
                .ok_or(e),
            Err(e) => Err(e),
        };
    }
    let starts: Vec<u32> = tables
        .iter()
        .filter_map(|t| t.first())
        .map(|h| h.row)
        .collect();
    let mut layouts = Vec::new();
    let mut first_error = None;
    for (i, found) in tables.iter().enumerate() {
        let bounded = Fixed {
            first_row: if i == 0 {
                fixed.first_row
            } else {
                Some(starts[i])
            },
            last_row: match starts.get(i + 1) {
                Some(&next) => Some(next.saturating_sub(1)),
                None => fixed.last_row,
            },
            ..fixed.clone()
        };
        let parts = if detected {
            headers::side_by_side(found.clone())
        } else {
            vec![found.clone()]
        };
        match detect_parts(index, sheet, &bounded, &parts) {
            Ok(found) => layouts.extend(found),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) if layouts.is_empty() => Err(e),
        _ => Ok(layouts),
    }
}

/// The tables of one band of rows: one, or several side by side (see
/// [`headers::side_by_side`]). A part that holds no questions is left out
/// unless every part fails.
fn detect_parts(
    index: usize,
    sheet: &Sheet,
    fixed: &Fixed,
    parts: &[Vec<headers::HeaderRow>],
) -> std::result::Result<Vec<SheetLayout>, String> {
    let mut layouts = Vec::new();
    let mut first_error = None;
    for part in parts {
        match detect_table(index, sheet, fixed, part) {
            Ok(layout) => layouts.push(layout),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) if layouts.is_empty() => Err(e),
        _ => Ok(layouts),
    }
}

/// A sheet with no header whose answers go below their questions (see `below`).
fn answers_below(index: usize, sheet: &Sheet, fixed: &Fixed) -> Option<SheetLayout> {
    let (question_col, answer_col, mut questions) = below::find(sheet)?;
    questions.retain(|q| {
        fixed.first_row.is_none_or(|f| q.row >= f) && fixed.last_row.is_none_or(|l| q.row <= l)
    });
    if questions.is_empty() {
        return None;
    }
    let mut layout = untabled(index, sheet, (question_col, answer_col), questions)?;
    (layout.first_row, layout.last_row) = (fixed.first_row, fixed.last_row);
    layout.answers_below = true;
    Some(layout)
}

/// The tables of a sheet, after the fields above its first table ("Vendor
/// name: ____" over the header row) when it has some.
fn with_fields_above(index: usize, sheet: &Sheet, tables: Vec<SheetLayout>) -> Vec<SheetLayout> {
    // Above the table's header row, or above its first question when it
    // has none (an application form's numbered questions under its fields).
    let top = tables
        .iter()
        .filter(|t| !t.answers_below)
        .filter_map(|t| {
            t.header_rows
                .iter()
                .min()
                .copied()
                .or_else(|| t.questions.iter().map(|q| q.row).min())
        })
        .min();
    let Some(header_row) = top else {
        return tables;
    };
    let mut forms = forms::above(sheet, header_row);
    // Rows above the header that the table reads itself (by their ids)
    // are its questions, not a form's.
    for form in &mut forms {
        form.fields.retain(|f| {
            !tables
                .iter()
                .any(|t| t.questions.iter().any(|q| q.row == f.row))
        });
    }
    forms.retain(|f| !f.fields.is_empty());
    if forms.is_empty() {
        return tables;
    }
    let fields: Vec<SheetLayout> = forms
        .into_iter()
        .filter_map(|form| {
            let last = form.fields.iter().map(|f| f.row).max();
            let first = form.fields.iter().map(|f| f.row).min();
            let mut fields = untabled(index, sheet, (form.label_col, form.value_col), form.fields)?;
            (fields.first_row, fields.last_row) = (first, last);
            Some(fields)
        })
        .collect();
    if fields.is_empty() {
        return tables;
    }
    // Bounded, so a layout file lists them without overlap.
    let tables = tables.into_iter().map(|mut t| {
        t.first_row = t.first_row.or(Some(header_row));
        t
    });
    fields.into_iter().chain(tables).collect()
}

/// A sheet with no question table read as a form of fields (see `forms`).
fn form(index: usize, sheet: &Sheet) -> Vec<SheetLayout> {
    forms::find(sheet)
        .into_iter()
        .filter_map(|f| untabled(index, sheet, (f.label_col, f.value_col), f.fields))
        .collect()
}

/// The layout of questions found without a header table (a form, answers
/// below their questions), with protection, writability and signatory
/// fields marked; `None` when the answer cells are formulas that repeat
/// answers given elsewhere.
fn untabled(
    index: usize,
    sheet: &Sheet,
    (question_col, answer_col): (u32, u32),
    mut questions: Vec<QuestionRow>,
) -> Option<SheetLayout> {
    let protection = mirrors::protection(sheet, &questions);
    mirrors::mark_writable(sheet, protection, &mut questions);
    forms::mark_signatory(&mut questions);
    if mirrors::is_mirror(&questions) {
        return None;
    }
    Some(SheetLayout {
        sheet_index: index,
        name: sheet.name.clone(),
        header_rows: Vec::new(),
        id_col: None,
        question_col,
        answer_col,
        comment_col: None,
        comment_when: CommentWhen::Always,
        conditional_comment_cols: Vec::new(),
        first_row: None,
        last_row: None,
        answers_below: false,
        protection,
        questions,
    })
}

/// One question table: its columns, question rows and where answers go.
fn detect_table(
    index: usize,
    sheet: &Sheet,
    fixed: &Fixed,
    found: &[headers::HeaderRow],
) -> std::result::Result<SheetLayout, String> {
    let found = found.to_vec();
    let cols = columns::choose(sheet, &found, fixed)?;
    tracing::debug!(
        "sheet `{}`: header rows {:?}, columns {cols:?}",
        sheet.name,
        found.iter().map(|h| h.row + 1).collect::<Vec<_>>()
    );
    let bounds = (fixed.first_row, fixed.last_row);
    let within = |r: &u32| bounds.0.is_none_or(|f| *r >= f) && bounds.1.is_none_or(|l| *r <= l);
    let header_rows = match &fixed.header_rows {
        Some(rows) => rows.clone(),
        None => headers::with_section_headers(sheet, &found, &cols)
            .into_iter()
            .filter(within)
            .collect(),
    };
    let trust = if fixed.question_col.is_some() {
        rows::Trust::Given
    } else {
        rows::Trust::Detected
    };
    let mut questions = rows::find(sheet, &cols, &header_rows, bounds, trust);
    if questions.is_empty() {
        let height = cells::height(sheet);
        if let Some(past) = header_rows.iter().find(|&&r| r >= height) {
            return Err(format!(
                "header row {} is past the sheet's last row ({height})",
                past + 1
            ));
        }
        // Questions across the header row ("Vendor Name | … | Do you hold a
        // SOC 2 report?") over one row to fill.
        if let Some(why) = columns::transposed(sheet, 3) {
            return Err(why);
        }
        return Err(format!(
            "no question rows (question column {}, answer column {})",
            column_letters(cols.question),
            column_letters(cols.answer)
        ));
    }
    let protection = mirrors::protection(sheet, &questions);
    mirrors::mark_writable(sheet, protection, &mut questions);
    forms::mark_signatory(&mut questions);
    marks::mark_institution_rows(sheet, &cols, &mut questions);
    marks::mark_out_of_scope(sheet, &cols, &header_rows, &mut questions);
    legend::annotate(sheet, &mut questions);
    display::mark_conditions(sheet, &cols, &header_rows, &mut questions);
    if !fixed.forced && mirrors::is_mirror(&questions) {
        return Err("its answer cells are formulas that mirror another sheet".into());
    }
    let layout = SheetLayout {
        sheet_index: index,
        name: sheet.name.clone(),
        header_rows,
        id_col: cols.id,
        question_col: cols.question,
        answer_col: cols.answer,
        comment_col: cols.comment,
        comment_when: cols.comment_when,
        conditional_comment_cols: cols.conditional.iter().flatten().copied().collect(),
        first_row: fixed.first_row,
        last_row: fixed.last_row,
        answers_below: false,
        protection,
        questions,
    };
    match product_column(sheet, fixed, &layout) {
        Some(col) => {
            // Its own comment column, when each product has one beside it.
            let paired = layout.comment_col == Some(layout.answer_col + 1);
            let retargeted = Fixed {
                answer_col: Some(col),
                comment_col: if paired {
                    Some(Some(col + 1))
                } else {
                    fixed.comment_col
                },
                product: None,
                ..fixed.clone()
            };
            detect_table(index, sheet, &retargeted, &found).or(Ok(layout))
        }
        None => Ok(layout),
    }
}

/// The answer column, among the layout's own and those side by side with
/// it (see [`parallel_answer_columns`]), that the respondent's product
/// heads, in the header row or a band above it, when it is not the one
/// chosen.
fn product_column(sheet: &Sheet, fixed: &Fixed, layout: &SheetLayout) -> Option<u32> {
    let product = fixed.product.as_deref().map(text::clean)?.to_lowercase();
    if fixed.answer_col.is_some() || product.is_empty() {
        return None;
    }
    let parallel = parallel_answer_columns(sheet, layout);
    // Without a header row qfill knows, the row over the first question
    // labels the columns.
    let above = layout
        .questions
        .first()
        .and_then(|q| q.row.checked_sub(1))
        .filter(|_| layout.header_rows.is_empty());
    let label_rows: Vec<u32> = layout.header_rows.iter().copied().chain(above).collect();
    let labels = |col: u32| {
        label_rows.iter().flat_map(move |&h| {
            let cell = CellRef::new(h, col);
            let band = h.checked_sub(1).map(|b| CellRef::new(b, col));
            [Some(cell), band]
                .into_iter()
                .flatten()
                .map(|c| sheet.merged_into(c).map_or(c, |m| m.first))
                .map(|c| text::clean(&sheet.text(c)).to_lowercase())
        })
    };
    let heads = |col: u32| labels(col).any(|l| !l.is_empty() && l.contains(&product));
    if parallel.is_empty() || heads(layout.answer_col) {
        return None;
    }
    parallel.into_iter().find(|&c| heads(c))
}

#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod tests;
