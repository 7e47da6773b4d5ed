//! Questions whose answer cell is below them, not beside: a block per
//! question ("Question 1 | text", then "Answer: | ___" and "Comments: | ___"
//! rows), a question merged across the page over an empty slot merged the
//! same way, or a question over an empty shaded cell. Such a sheet has no
//! header and no column of answers, so the table readers either refuse it
//! or would answer beside the question, inside its merge or in a cell
//! nobody reads.

use super::labels::{self, Role};
use super::{CommentWhen, QuestionRow, Writable, cells, text};
use crate::cellref::CellRef;
use crate::workbook::Sheet;

/// A sheet is read this way when at least this many questions have a slot
/// below them…
const MIN_QUESTIONS: usize = 2;
/// …and most of its question-like cells do.
const MIN_SHARE: f64 = 0.6;
/// A cell reads as a question at this likeness (a `?`, or an opening
/// such as "Describe" with a few words).
const MIN_LIKENESS: f64 = 0.6;
/// How many rows below its question an answer label may be.
const MAX_LABEL_GAP: u32 = 2;

/// The questions of a sheet laid out question-above-answer, with the
/// question column (where their text is) and the answer column; `None`
/// when the sheet is not laid out so.
pub(crate) fn find(sheet: &Sheet) -> Option<(u32, u32, Vec<QuestionRow>)> {
    let candidates: Vec<(CellRef, String)> = (0..cells::height(sheet))
        .filter_map(|row| question_in(sheet, row))
        .collect();
    let found: Vec<QuestionRow> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, (cell, text))| {
            // The slot must come before the next question.
            let next = candidates.get(i + 1).map_or(u32::MAX, |(c, _)| c.row);
            question(sheet, *cell, text, next)
        })
        .collect();
    let share = found.len() as f64 / candidates.len().max(1) as f64;
    if found.len() < MIN_QUESTIONS || share < MIN_SHARE {
        return None;
    }
    let question_col = candidates.first()?.0.col;
    let answer_col = found.first()?.answer_cell.col;
    Some((question_col, answer_col, found))
}

/// The question of a row: its most question-like cell, when one reads as
/// a question once a leading id ("1.", "Q3") is set aside.
fn question_in(sheet: &Sheet, row: u32) -> Option<(CellRef, String)> {
    cells::row_texts(sheet, row)
        .into_iter()
        .filter(|(col, _)| !cells::swallowed(sheet, CellRef::new(row, *col), *col))
        .map(|(col, t)| {
            let body = text::split_leading_id(&t).map_or(t.as_str(), |(_, rest)| rest);
            (text::question_likeness(body), col, t.clone())
        })
        .filter(|(likeness, _, t)| *likeness >= MIN_LIKENESS && !is_label(t))
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, col, t)| (CellRef::new(row, col), t))
}

/// A short label that names a role ("Answer:", "Vendor response").
fn is_label(text: &str) -> bool {
    text.split_whitespace().count() <= 3 && labels::role(text).is_some()
}

/// The question at `cell` with its answer slot, if it has one above row `next`.
fn question(sheet: &Sheet, cell: CellRef, raw: &str, next: u32) -> Option<QuestionRow> {
    let (answer_cell, comment_cell) = labelled_slot(sheet, cell, next)
        .or_else(|| merged_slot(sheet, cell, next))
        .or_else(|| shaded_slot(sheet, cell, next))?;
    let (id, body) = match text::split_leading_id(raw) {
        Some((id, rest)) => (Some(id.to_string()), rest),
        None => (label_id(sheet, cell), raw),
    };
    let existing = |c: CellRef| super::rows::answer_text(sheet, c);
    Some(QuestionRow {
        row: cell.row,
        id,
        text: text::clean(body),
        answer_cell,
        comment_cell,
        comment_when: CommentWhen::Always,
        conditional_comments: Vec::new(),
        marks: Vec::new(),
        choices: sheet.dropdown_at(answer_cell).map(<[String]>::to_vec),
        spelled: None,
        answer_limit: None,
        answer_words: None,
        comment_limit: None,
        field: false,
        existing_answer: existing(answer_cell),
        existing_comment: comment_cell.map(existing).unwrap_or_default(),
        writable: Writable::Yes,
        requested: false,
        declared: None,
        choice_meanings: None,
        shown_if: None,
    })
}

/// "Answer:" (or "Response") a row or two below the question, its cell to
/// the right; and "Comments:" on a later row of the block.
fn labelled_slot(sheet: &Sheet, q: CellRef, next: u32) -> Option<(CellRef, Option<CellRef>)> {
    let mut rows = q.row + 1..=(q.row + MAX_LABEL_GAP).min(next.saturating_sub(1));
    let (row, label_col) = rows.find_map(|r| label_at(sheet, r, Role::Answer).map(|c| (r, c)))?;
    let answer = beside(sheet, CellRef::new(row, label_col))?;
    let comment = (row + 1..=(row + MAX_LABEL_GAP).min(next.saturating_sub(1)))
        .find_map(|r| label_at(sheet, r, Role::Comment).map(|c| CellRef::new(r, c)))
        .and_then(|label| beside(sheet, label));
    Some((answer, comment))
}

/// The column of a row's label for `role`, when the row is that label alone
/// (an answer of its own beside it does not count).
fn label_at(sheet: &Sheet, row: u32, role: Role) -> Option<u32> {
    let texts = cells::row_texts(sheet, row);
    let (col, t) = texts.first()?;
    (is_label(t) && labels::role(t) == Some(role)).then_some(*col)
}

/// The cell right of a label (past its merge), when it is empty or a prompt.
fn beside(sheet: &Sheet, label: CellRef) -> Option<CellRef> {
    let col = sheet
        .merge_at(label)
        .map_or(label.col + 1, |m| m.last.col + 1);
    let cell = cells::anchor(sheet, CellRef::new(label.row, col));
    let t = cells::text(sheet, cell.row, cell.col);
    (t.is_empty() || cells::is_placeholder(&t) || sheet.dropdown_at(cell).is_some()).then_some(cell)
}

/// A question merged across columns over an empty cell merged across the
/// same columns: the slot to write in.
fn merged_slot(sheet: &Sheet, q: CellRef, next: u32) -> Option<(CellRef, Option<CellRef>)> {
    let question = sheet.merge_at(q)?;
    let slot = CellRef::new(question.last.row + 1, q.col);
    if slot.row >= next {
        return None;
    }
    let merge = sheet.merge_at(slot)?;
    let same_span = merge.first.col == question.first.col && merge.last.col == question.last.col;
    let t = cells::text(sheet, slot.row, slot.col);
    (same_span && (t.is_empty() || cells::is_placeholder(&t))).then_some((slot, None))
}

/// An empty shaded cell right under an unshaded question, with nothing
/// shaded or written beside the question: "type your answer in the shaded
/// cell below each question".
fn shaded_slot(sheet: &Sheet, q: CellRef, next: u32) -> Option<(CellRef, Option<CellRef>)> {
    let slot = cells::anchor(sheet, CellRef::new(q.row + 1, q.col));
    let beside = CellRef::new(q.row, q.col + 1);
    let empty = |c: CellRef| cells::text(sheet, c.row, c.col).is_empty();
    let fits = slot.row > q.row
        && slot.row < next
        && sheet.filled.contains(&slot)
        && empty(slot)
        && !sheet.filled.contains(&q)
        && !sheet.filled.contains(&beside)
        && empty(beside);
    fits.then_some((slot, None))
}

/// A short id-like label left of the question ("Question 3", "Q3", "3.1").
fn label_id(sheet: &Sheet, q: CellRef) -> Option<String> {
    let (_, t) = cells::row_texts(sheet, q.row)
        .into_iter()
        .rfind(|(c, _)| *c < q.col)?;
    let last = t.split_whitespace().last()?;
    (t.split_whitespace().count() <= 2 && text::is_id_like(last)).then(|| last.to_string())
}

#[cfg(test)]
mod tests;
