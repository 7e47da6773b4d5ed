//! Choosing the columns of a question table. Labels vote first (every header
//! row has one vote per role); content decides where labels are silent:
//!
//! - question column: the labelled one, else the column with the most cells
//!   that read as questions (left of the answer label when there is one);
//! - answer column: the best *answer-column likeness*: `3 ×` the share of
//!   answer-labelled headers that label it, `+` the share of question rows
//!   whose cell carries a dropdown, `+` the share left unlocked on a protected
//!   sheet, `−2 ×` the share holding formulas, and a small bonus right of the
//!   questions. A column any header gives to someone else never wins, and a
//!   column needs a label or a dropdown/unlocked signal to qualify. With no
//!   header at all, the nearest column right of a clear question column;
//! - id column: left of the questions, the column whose values on question
//!   rows are id-like (coverage) and distinct (so 1-2-3 maturity levels lose);
//! - comment column: the labelled one, if any.

use super::headers::HeaderRow;
use super::labels::Role;
use super::{Columns, CommentWhen, Conditional, Fixed, Marks, cells, text};
use crate::cellref::{CellRef, column_letters};
use crate::workbook::Sheet;
use std::collections::{BTreeMap, HashSet};

/// A cell reads as a question at this likeness.
const QUESTION_LIKE: f64 = 0.5;

/// Chooses the question, answer, id and comment columns.
pub(crate) fn choose(
    sheet: &Sheet,
    headers: &[HeaderRow],
    fixed: &Fixed,
) -> Result<Columns, String> {
    let labelled = fixed
        .answer_col
        .or_else(|| top(&votes(headers, Role::Answer, &[])));
    // A run of "Yes | No | N/A" columns is the answer, unless an answer
    // label elsewhere says otherwise.
    let marks = mark_columns(headers)
        .filter(|m| labelled.is_none_or(|c| (m.first..m.first + m.count).contains(&c)));
    let answer_label = marks.map(|m| m.first).or(labelled);
    let question = match fixed.question_col {
        Some(c) => c,
        None => question_column(sheet, headers, answer_label, fixed)
            .ok_or_else(|| "no column of questions".to_string())?,
    };
    let rows = question_rows(sheet, headers, question);
    let (answer, freed) = match (
        marks.map(|m| m.first).or(fixed.answer_col),
        answer_by_likeness(sheet, headers, question, &rows),
    ) {
        (Some(c), _) => (c, None),
        (None, Some(c)) => verdict_before(sheet, headers, question, c, &rows),
        (None, None) if headers.is_empty() => (headerless_answer(sheet, question, &rows)?, None),
        (None, None) => match details_as_answer(sheet, headers, question, &rows) {
            Some(c) => (c, None),
            None => return Err(no_answer(headers)),
        },
    };
    let id = match fixed.id_col {
        Some(c) => c,
        None => labelled_id(sheet, headers, &[Some(question), Some(answer)], &rows)
            .or_else(|| id_by_content(sheet, question, answer, &rows)),
    };
    let (comment, comment_when, conditional) = match fixed.comment_col {
        Some(None) => (None, CommentWhen::Always, [None; 2]),
        // A layout file names the comment column; the header still says
        // when it and any other comment column are meant to be filled.
        Some(Some(c)) => {
            let others =
                comment_columns(sheet, headers, &[Some(question), Some(answer), id, Some(c)]);
            let mut conditional = others
                .0
                .map(|l| (l, others.1))
                .into_iter()
                .chain(others.2.into_iter().flatten())
                .filter(|(_, w)| *w != CommentWhen::Always);
            (
                Some(c),
                label_condition(sheet, headers, c),
                [conditional.next(), conditional.next()],
            )
        }
        None => match comment_columns(sheet, headers, &[Some(question), Some(answer), id]) {
            // "Evidence Attached?" with a Yes/No dropdown takes no prose.
            (Some(c), ..) if picks_from_list(sheet, c, &rows) => {
                (None, CommentWhen::Always, [None; 2])
            }
            (None, ..) if freed.is_some() => (freed, CommentWhen::Always, [None; 2]),
            (None, ..) if vendor_rationale(sheet, headers, answer, &rows) => {
                (Some(answer + 1), CommentWhen::Always, [None; 2])
            }
            found => found,
        },
    };
    Ok(Columns {
        id,
        question,
        answer,
        comment,
        comment_when,
        conditional,
        marks,
    })
}

/// Whether most question rows' cells in `col` take a value from a list
/// dropdown: a column for a choice, not for prose.
fn picks_from_list(sheet: &Sheet, col: u32, rows: &[u32]) -> bool {
    let listed = rows
        .iter()
        .filter(|&&r| sheet.dropdown_at(CellRef::new(r, col)).is_some())
        .count();
    !rows.is_empty() && 2 * listed > rows.len()
}

/// The condition a header states over column `col` ("If No, explain").
fn label_condition(sheet: &Sheet, headers: &[HeaderRow], col: u32) -> CommentWhen {
    headers
        .iter()
        .map(|h| cells::text(sheet, h.row, col))
        .find(|t| !t.is_empty())
        .map_or(CommentWhen::Always, |t| CommentWhen::of_label(&t))
}

/// The comment column, when it is meant to be filled, and up to two more
/// for some answers only. The most-voted comment column leads, unless its
/// label states a condition and its header row has a column for any answer:
/// "Comments" leads "If No, please explain".
fn comment_columns(
    sheet: &Sheet,
    headers: &[HeaderRow],
    exclude: &[Option<u32>],
) -> (Option<u32>, CommentWhen, Conditional) {
    let Some(top) = top(&votes(headers, Role::Comment, exclude)) else {
        return (None, CommentWhen::Always, [None; 2]);
    };
    let Some(header) = headers
        .iter()
        .find(|h| h.role_of(top) == Some(Role::Comment))
    else {
        return (Some(top), CommentWhen::Always, [None; 2]);
    };
    let mut all: Vec<(u32, CommentWhen)> = header
        .roles
        .iter()
        .filter(|(c, r)| *r == Role::Comment && !exclude.contains(&Some(*c)))
        .map(|&(c, _)| (c, CommentWhen::of_label(&cells::text(sheet, header.row, c))))
        .collect();
    let lead = all
        .iter()
        .position(|(c, w)| *c == top && *w == CommentWhen::Always)
        .or_else(|| all.iter().position(|(_, w)| *w == CommentWhen::Always))
        .or_else(|| all.iter().position(|(c, _)| *c == top))
        .unwrap_or(0);
    let (first, when) = all.remove(lead);
    let mut conditional = all.into_iter().filter(|(_, w)| *w != CommentWhen::Always);
    (Some(first), when, [conditional.next(), conditional.next()])
}

/// Whether the column right after the answer is the vendor's rationale:
/// labelled "Rationale" or "Reason", and empty on every question row. A
/// sender's rationale ("why we ask") comes filled in.
fn vendor_rationale(sheet: &Sheet, headers: &[HeaderRow], answer: u32, rows: &[u32]) -> bool {
    let col = answer + 1;
    let labelled = headers.iter().any(|h| {
        let label = cells::text(sheet, h.row, col).trim().to_lowercase();
        let label = label.trim_end_matches([':', '*']).trim_end();
        matches!(
            label,
            "rationale" | "reason" | "reasoning" | "vendor rationale"
        )
    });
    labelled && !rows.is_empty() && rows.iter().all(|&r| cells::text(sheet, r, col).is_empty())
}

/// A table that labels only its items and their details ("Item |
/// Details", "Topic | Comments") asks for the details: the comment column
/// right of the questions, empty on every question row, is the answer.
fn details_as_answer(
    sheet: &Sheet,
    headers: &[HeaderRow],
    question: u32,
    rows: &[u32],
) -> Option<u32> {
    let col = top(&votes(headers, Role::Comment, &[Some(question)]))?;
    let empty = rows
        .iter()
        .all(|&r| cells::text(sheet, r, col).trim().is_empty());
    // Right beside the items: a column between, labelled or not, may be
    // the answer qfill does not recognise ("Compliance" with its own list,
    // a blank header whose label sits in a note).
    (col == question + 1 && !rows.is_empty() && empty).then_some(col)
}

/// The first header row's run of mark columns ("Yes | No | N/A"), if any.
fn mark_columns(headers: &[HeaderRow]) -> Option<Marks> {
    headers.iter().find_map(|h| {
        let cols: Vec<u32> = h
            .roles
            .iter()
            .filter(|(_, r)| *r == Role::Mark)
            .map(|(c, _)| *c)
            .collect();
        let (&first, &last) = (cols.first()?, cols.last()?);
        Some(Marks {
            header_row: h.row,
            first,
            count: last - first + 1,
        })
    })
}

fn no_answer(headers: &[HeaderRow]) -> String {
    let rows: Vec<String> = headers
        .iter()
        .take(3)
        .map(|h| (h.row + 1).to_string())
        .collect();
    format!(
        "no answer column (header row {} names none, and no column right of the questions has a Yes/No dropdown, or is unlabelled with dropdowns or unlocked cells)",
        rows.join(", ")
    )
}

/// Votes per column for a role, leaving out `exclude`.
fn votes(headers: &[HeaderRow], role: Role, exclude: &[Option<u32>]) -> BTreeMap<u32, usize> {
    let mut counts = BTreeMap::new();
    for h in headers {
        for (c, r) in &h.roles {
            if *r == role && !exclude.contains(&Some(*c)) {
                *counts.entry(*c).or_default() += 1;
                break;
            }
        }
    }
    counts
}

/// The id column the headers label. Of several in one header row, the first
/// whose cells tell the questions apart: a portal export's "Event ID" with
/// the same value on every row names the export, and its "Question ID" the
/// question.
fn labelled_id(
    sheet: &Sheet,
    headers: &[HeaderRow],
    exclude: &[Option<u32>],
    rows: &[u32],
) -> Option<u32> {
    let constant = |c: u32| {
        let values: Vec<String> = rows
            .iter()
            .map(|&r| cells::text(sheet, r, c))
            .filter(|t| !t.trim().is_empty())
            .collect();
        values.len() >= 3 && values.iter().all(|v| *v == values[0])
    };
    let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
    for h in headers {
        let ids: Vec<u32> = h
            .roles
            .iter()
            .filter(|(c, r)| *r == Role::Id && !exclude.contains(&Some(*c)))
            .map(|(c, _)| *c)
            .collect();
        if let Some(&c) = ids.iter().find(|&&c| !constant(c)).or(ids.first()) {
            *counts.entry(c).or_default() += 1;
        }
    }
    top(&counts)
}

/// The column with the most votes (ties go to the leftmost).
fn top(votes: &BTreeMap<u32, usize>) -> Option<u32> {
    votes
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(c, _)| *c)
}

/// The labelled question column, unless its cells hold far fewer questions
/// than another column's (a section title such as "Required Questions" in the
/// label position), else the column whose cells read most like questions.
/// A sentence or two elsewhere (an instruction above the table) outweighs
/// no label: the labelled column of statements ("Vendor shall…") stands.
fn question_column(
    sheet: &Sheet,
    headers: &[HeaderRow],
    answer: Option<u32>,
    fixed: &Fixed,
) -> Option<u32> {
    let counts = question_counts(sheet, fixed);
    let labelled = question_labelled(sheet, headers, answer, &counts);
    let by_content = question_by_content(&counts, answer);
    let count = |c: Option<u32>| c.and_then(|c| counts.get(&c)).copied().unwrap_or(0);
    let outweighs = count(by_content) >= MIN_CONTENT_QUESTIONS;
    match labelled {
        Some(l) if !outweighs || 2 * count(Some(l)) >= count(by_content) => Some(l),
        _ => by_content,
    }
}

/// How many question-like cells a column needs to win over the labelled one.
const MIN_CONTENT_QUESTIONS: usize = 3;

/// The column headers label as the questions. When one header row labels
/// several ("Control | Statement"), the one whose cells read more like
/// questions, then hold longer text, wins: "Control" over ids loses to the
/// statements beside it.
fn question_labelled(
    sheet: &Sheet,
    headers: &[HeaderRow],
    answer: Option<u32>,
    counts: &BTreeMap<u32, usize>,
) -> Option<u32> {
    let voted = top(&votes(headers, Role::Question, &[answer]))?;
    let Some(header) = headers
        .iter()
        .find(|h| h.role_of(voted) == Some(Role::Question))
    else {
        return Some(voted);
    };
    let labelled: Vec<u32> = header
        .roles
        .iter()
        .filter(|(c, r)| *r == Role::Question && Some(*c) != answer)
        .map(|(c, _)| *c)
        .collect();
    if labelled.len() < 2 {
        return Some(voted);
    }
    let length = |col: u32| -> usize {
        (header.row + 1..cells::height(sheet).min(header.row + 200))
            .map(|r| cells::text(sheet, r, col).len())
            .sum()
    };
    // A bilingual sheet ("Pregunta (ES) | Question (EN)"): the matcher
    // reads English, so the English column wins a tie.
    let english = |col: u32| -> usize {
        (header.row + 1..cells::height(sheet).min(header.row + 200))
            .filter(|&r| text::reads_english(&cells::text(sheet, r, col)))
            .count()
    };
    labelled.into_iter().max_by_key(|&c| {
        (
            counts.get(&c).copied().unwrap_or(0),
            english(c),
            length(c),
            std::cmp::Reverse(c),
        )
    })
}

/// Cells per column that read as questions.
/// Per column, its question-like cells within the table's rows (another
/// table on the sheet counts for itself).
fn question_counts(sheet: &Sheet, fixed: &Fixed) -> BTreeMap<u32, usize> {
    let mut counts = BTreeMap::new();
    tracing::trace!("sheet `{}`: counting question-like cells", sheet.name);
    let first = fixed.first_row.unwrap_or(0);
    let end = fixed
        .last_row
        .map_or(cells::height(sheet), |last| last.saturating_add(1));
    for row in first..end.min(cells::height(sheet)) {
        for (c, t) in cells::row_texts(sheet, row) {
            if text::question_likeness(&text::clean(&t)) >= QUESTION_LIKE {
                *counts.entry(c).or_default() += 1;
            }
        }
    }
    counts
}

/// The column whose cells read most like questions, left of the answer label when known.
fn question_by_content(counts: &BTreeMap<u32, usize>, answer: Option<u32>) -> Option<u32> {
    let left: BTreeMap<u32, usize> = counts
        .iter()
        .filter(|(c, _)| answer.is_none_or(|a| **c < a))
        .map(|(c, n)| (*c, *n))
        .collect();
    top(&left).or_else(|| top(counts).filter(|c| Some(*c) != answer))
}

/// Rows whose question cell reads as a question (outside header rows), or
/// every row with text there when none does.
fn question_rows(sheet: &Sheet, headers: &[HeaderRow], question: u32) -> Vec<u32> {
    let headers: HashSet<u32> = headers.iter().map(|h| h.row).collect();
    let with_text: Vec<(u32, String)> = (0..cells::height(sheet))
        .filter(|r| !headers.contains(r))
        .map(|r| (r, text::clean(&cells::text(sheet, r, question))))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let like: Vec<u32> = with_text
        .iter()
        .filter(|(_, t)| text::question_likeness(t) >= QUESTION_LIKE)
        .map(|(r, _)| *r)
        .collect();
    if like.is_empty() {
        with_text.into_iter().map(|(r, _)| r).collect()
    } else {
        like
    }
}

/// Signals that a column takes answers, as shares of the question rows.
#[derive(Debug, Default, Clone, Copy)]
struct Signals {
    dropdown: f64,
    unlocked: f64,
    formula: f64,
}

fn signals(sheet: &Sheet, col: u32, rows: &[u32]) -> Signals {
    if rows.is_empty() {
        return Signals::default();
    }
    let share = |f: &dyn Fn(CellRef) -> bool| {
        rows.iter().filter(|&&r| f(CellRef::new(r, col))).count() as f64 / rows.len() as f64
    };
    let has_unlocked = sheet.unlocked.as_ref().is_some_and(|u| !u.is_empty());
    Signals {
        dropdown: share(&|c| sheet.dropdown_at(c).is_some()),
        unlocked: if has_unlocked {
            share(&|c| sheet.is_editable(c))
        } else {
            0.0
        },
        formula: share(&|c| sheet.formulas.contains(&c)),
    }
}

/// The column with the best answer-column likeness, when one qualifies.
fn answer_by_likeness(
    sheet: &Sheet,
    headers: &[HeaderRow],
    question: u32,
    rows: &[u32],
) -> Option<u32> {
    let answer_votes = votes(headers, Role::Answer, &[Some(question)]);
    let labelled = headers
        .iter()
        .filter(|h| h.has(Role::Answer))
        .count()
        .max(1) as f64;
    let vetoed = |c: u32| {
        headers
            .iter()
            .any(|h| matches!(h.role_of(c), Some(Role::Other | Role::Id | Role::Question)))
            || holds_ids(sheet, c, rows)
    };
    let mut best: Option<(u32, f64)> = None;
    let blank_label = |c: u32| {
        headers
            .iter()
            .all(|h| cells::text(sheet, h.row, c).is_empty())
    };
    for col in (0..sheet.width()).filter(|&c| c != question && !vetoed(c)) {
        let label = answer_votes.get(&col).copied().unwrap_or(0) as f64 / labelled;
        let s = signals(sheet, col, rows);
        let unlabelled_input = col > question && blank_label(col) && s.dropdown + s.unlocked >= 0.5;
        // A label qfill does not know ("Compliance", "Attestation", "Met /
        // Not Met") over a Yes/No dropdown still heads the answers.
        let verdict_input = col > question && s.dropdown >= 0.5 && verdict_list(sheet, col, rows);
        // Any list beside the questions, still empty, under a label qfill
        // does not know ("Frequency": Daily…Never, "Extent": Fully…Not at
        // all, "Timeframe"): the respondent picks from it.
        // (Worked out only when nothing else makes the column a candidate.)
        let typed = || {
            rows.iter()
                .filter(|&&r| sheet.accepts_at(CellRef::new(r, col)).is_some())
                .count()
        };
        let listed_input = || {
            col > question
                && label == 0.0
                && (s.dropdown >= 0.5 && respondents_list(sheet, col, rows)
                    || s.dropdown < 0.5 && 2 * typed() > rows.len())
                && mostly_empty(sheet, col, rows)
        };
        // A column of checkbox cells (booleans) beside the questions, none
        // ticked yet, under any label ("Done?", "Confirmed"). Booleans set
        // already are the sender's (a control matrix's TRUE/FALSE per
        // architecture).
        let checkboxes = col > question && unticked_share(sheet, col, rows) >= 0.5;
        // Content alone never makes a hidden column the answer.
        if label == 0.0
            && (!unlabelled_input && !verdict_input && !checkboxes && !listed_input()
                || sheet.hidden_cols.contains(&col))
        {
            continue;
        }
        let right = if col > question { 0.25 } else { 0.0 };
        let score = 3.0 * label + s.dropdown + s.unlocked - 2.0 * s.formula + right;
        tracing::trace!("answer column {}: {score:.2}", column_letters(col));
        if best.is_none_or(|(_, b)| score > b) {
            best = Some((col, score));
        }
    }
    best.map(|(c, _)| c)
}

/// Whether the column's list reads as the respondent's to pick from: not
/// a rating the sender gives ("High | Medium | Low") and not a bare scale
/// of numbers ("0 | 1 | 2 | 3"), unless a legend says what they mean.
fn respondents_list(sheet: &Sheet, col: u32, rows: &[u32]) -> bool {
    let Some(values) = rows
        .iter()
        .find_map(|&r| sheet.dropdown_at(CellRef::new(r, col)))
    else {
        return false;
    };
    let rating = super::labels::is_rating(values);
    let numbers = values
        .iter()
        .all(|v| v.trim().parse::<f64>().is_ok() || crate::decide::value_meaning(v).is_some());
    !rating && (!numbers || super::legend::meanings(sheet, values).is_some())
}

/// Whether most question rows' cells in `col` are still empty.
fn mostly_empty(sheet: &Sheet, col: u32, rows: &[u32]) -> bool {
    let empty = rows
        .iter()
        .filter(|&&r| cells::text(sheet, r, col).trim().is_empty())
        .count();
    2 * empty > rows.len()
}

/// The answer column, and the column it frees for comments: a free-text
/// answer column ("Supplier Response") with a column of Yes/No-like
/// dropdowns between it and the questions, or right after it
/// ("Compliance": Comply / Partially / Do not comply), takes the detail,
/// and the dropdown takes the verdict.
fn verdict_before(
    sheet: &Sheet,
    headers: &[HeaderRow],
    question: u32,
    answer: u32,
    rows: &[u32],
) -> (u32, Option<u32>) {
    if answer <= question || signals(sheet, answer, rows).dropdown >= 0.5 {
        return (answer, None);
    }
    // A column a header gives to someone else ("In Scope (Y/N)") never
    // counts; an answer label the response's label outranked ("Status") does.
    let unclaimed = |c: u32| {
        headers.iter().all(|h| {
            matches!(h.role_of(c), None | Some(Role::Answer))
                || super::labels::role(&cells::text(sheet, h.row, c)) == Some(Role::Answer)
        })
    };
    let verdict_at = |c: u32| {
        unclaimed(c) && signals(sheet, c, rows).dropdown >= 0.5 && verdict_list(sheet, c, rows)
    };
    // Between the questions and the response, or right after a response
    // the vendor writes ("Supplier Response | Compliance"; a response of
    // formulas mirrors answers given elsewhere, and the dropdown after it
    // is a reviewer's verdict on them).
    let written = signals(sheet, answer, rows).formula < 0.5;
    let verdict = (question + 1..answer)
        .rev()
        .find(|&c| verdict_at(c))
        .or_else(|| Some(answer + 1).filter(|&c| written && verdict_at(c)));
    match verdict {
        Some(c) => (c, Some(answer)),
        None => (answer, None),
    }
}

/// The share of question rows whose cell in `col` is an unticked checkbox
/// (the boolean FALSE, as Excel's checkbox cells start), or 0 when any of
/// them is ticked.
fn unticked_share(sheet: &Sheet, col: u32, rows: &[u32]) -> f64 {
    use crate::workbook::Value;
    let value = |r: u32| sheet.value(CellRef::new(r, col));
    if rows.is_empty() || rows.iter().any(|&r| *value(r) == Value::Bool(true)) {
        return 0.0;
    }
    let unticked = rows
        .iter()
        .filter(|&&r| *value(r) == Value::Bool(false))
        .count();
    unticked as f64 / rows.len() as f64
}

/// Whether the column's dropdown (at its first question row that has one)
/// offers yes and no in some wording.
fn verdict_list(sheet: &Sheet, col: u32, rows: &[u32]) -> bool {
    rows.iter()
        .find_map(|&r| sheet.dropdown_at(CellRef::new(r, col)))
        .is_some_and(|values| {
            crate::decide::is_verdict_list(values)
                || super::legend::meanings(sheet, values)
                    .is_some_and(|m| crate::decide::is_verdict_list(&m))
        })
}

/// Whether most question rows hold a distinct id in this column (an id
/// column is never the answer column, whatever a section title above it
/// says). Bare numbers do not count: they may be numeric answers or zeros a
/// formula shows.
fn holds_ids(sheet: &Sheet, col: u32, rows: &[u32]) -> bool {
    let ids: Vec<String> = rows
        .iter()
        .map(|&r| cells::text(sheet, r, col))
        .filter(|t| text::is_id_like(t) && !t.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .collect();
    let distinct = ids.iter().collect::<HashSet<_>>().len();
    !rows.is_empty() && 2 * ids.len() > rows.len() && 2 * distinct > ids.len()
}

/// How far right of the questions a headerless sheet's printed options may sit.
const MAX_BOX_OFFSET: u32 = 6;

/// With no header at all: a column that clearly holds questions, and as the
/// answer the first column printing boxed options on most question rows, or
/// else the nearest column to its right. A row above the questions that
/// labels that column with something else (a crosswalk of standards, say)
/// means the sheet has a header that names no answer, so nothing is guessed.
fn headerless_answer(sheet: &Sheet, question: u32, rows: &[u32]) -> Result<u32, String> {
    const MIN_QUESTIONS: usize = 3;
    let strong: Vec<u32> = rows
        .iter()
        .copied()
        .filter(|&r| text::question_likeness(&cells::text(sheet, r, question)) >= 0.8)
        .collect();
    let (Some(&first), true) = (strong.first(), strong.len() >= MIN_QUESTIONS) else {
        return Err(transposed(sheet, MIN_QUESTIONS)
            .unwrap_or_else(|| "no header row and no clear column of questions".into()));
    };
    // An FAQ or a page of instructions answers each question in the line
    // beneath it: those lines are text to read, not a table to fill.
    let answered_beneath = strong
        .iter()
        .filter(|&&r| {
            let next = cells::text(sheet, r + 1, question);
            next.split_whitespace().count() >= 3 && text::question_likeness(&next) < 0.5
        })
        .count();
    if 2 * answered_beneath >= strong.len() {
        return Err(format!(
            "no header row, and {answered_beneath} of its {} questions have their answer written beneath them (an FAQ or instructions, not a table to fill)",
            strong.len()
        ));
    }
    // A column that prints the options with boxes on most question rows
    // ("☐ Yes   ☐ No" in one cell, or "☐ Yes" beside "☐ No") is where the
    // answers go; else the one beside.
    let printed = |c: u32| {
        let boxed = strong
            .iter()
            .filter(|&&r| {
                let t = cells::text(sheet, r, c);
                super::boxes::prints_options(&t)
                    || super::boxes::boxed(&t).is_some_and(|(_, ticked)| !ticked)
            })
            .count();
        2 * boxed > strong.len()
    };
    // A question merged across columns ("B:E") ends where its merge does.
    let beside = strong
        .iter()
        .filter_map(|&r| sheet.merge_at(CellRef::new(r, question)))
        .map(|m| m.last.col + 1)
        .max()
        .unwrap_or(question + 1);
    let answer = (beside..sheet.width().min(beside + MAX_BOX_OFFSET))
        .find(|&c| printed(c))
        .unwrap_or(beside);
    match (0..first).find(|&r| !cells::text(sheet, r, answer).is_empty()) {
        Some(r) => Err(format!(
            "no header row names an answer column (row {} labels column {} `{}`)",
            r + 1,
            column_letters(answer),
            shorten(&cells::text(sheet, r, answer))
        )),
        None => Ok(answer),
    }
}

/// The first row holding at least `min` cells that read as questions: a
/// table laid out sideways.
/// What to do with a sheet whose questions run across a row (at least
/// `min` of them), when it is one.
pub(crate) fn transposed(sheet: &Sheet, min: usize) -> Option<String> {
    across_a_row(sheet, min).map(|row| {
        format!(
            "its questions run across row {} rather than down a column; qfill reads \
             a question per row, so transpose the table (copy, then Paste Special > \
             Transpose) and fill that",
            row + 1
        )
    })
}

fn across_a_row(sheet: &Sheet, min: usize) -> Option<u32> {
    (0..cells::height(sheet)).find(|&r| {
        cells::row_texts(sheet, r)
            .iter()
            .filter(|(_, t)| text::question_likeness(t) >= 0.8)
            .count()
            >= min
    })
}

fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// Left of the questions: the column whose values on question rows are most
/// often id-like and distinct.
fn id_by_content(sheet: &Sheet, question: u32, answer: u32, rows: &[u32]) -> Option<u32> {
    const MIN_COVERAGE: f64 = 0.5;
    const MIN_DISTINCT: f64 = 0.25;
    if rows.is_empty() {
        return None;
    }
    let mut best: Option<(u32, f64)> = None;
    for col in (0..question).rev().filter(|&c| c != answer) {
        let ids: Vec<String> = rows
            .iter()
            .map(|&r| cells::text(sheet, r, col))
            .filter(|t| text::is_id_like(t))
            .collect();
        let distinct = ids.iter().collect::<HashSet<_>>().len() as f64 / ids.len().max(1) as f64;
        let coverage = ids.len() as f64 / rows.len() as f64;
        let score = coverage * distinct;
        if coverage >= MIN_COVERAGE
            && distinct >= MIN_DISTINCT
            && best.is_none_or(|(_, b)| score > b)
        {
            best = Some((col, score));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::headers;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet::from_texts(rows)
    }

    fn cols(s: &Sheet) -> Result<(Option<u32>, u32, u32, Option<u32>), String> {
        let found = headers::find(s, None);
        let c = choose(s, &found, &Fixed::default())?;
        Ok((c.id, c.question, c.answer, c.comment))
    }

    #[test]
    fn labelled_tables() {
        let s = sheet(&[
            &[
                "Question ID",
                "Question",
                "Provider Answer",
                "Control Ownership",
                "Implementation Description",
            ],
            &["AB-01.1", "Is there a policy?", "", "", ""],
        ]);
        assert_eq!(cols(&s), Ok((Some(0), 1, 2, Some(4))));
    }

    #[test]
    fn an_id_with_one_value_on_every_row_names_the_export_not_the_question() {
        let s = sheet(&[
            &[
                "Event ID",
                "Question ID",
                "Question",
                "Response",
                "Response Comments",
            ],
            &["Doc17844", "1", "Resilience", "", ""],
            &["Doc17844", "1.1", "Do you have a documented BCP?", "", ""],
            &["Doc17844", "1.2", "Are backups encrypted?", "", ""],
            &["Doc17844", "2", "Third Parties", "", ""],
            &["Doc17844", "2.1", "Do you use sub-processors?", "", ""],
        ]);
        assert_eq!(cols(&s), Ok((Some(1), 2, 3, Some(4))));
    }

    #[test]
    fn ids_by_content_prefer_distinct_values() {
        let s = sheet(&[
            &[
                "",
                "Stream",
                "Level",
                "Practice",
                "",
                "Answer",
                "",
                "",
                "Discussion Notes",
            ],
            &["G-1", "Plan", "1", "Do you plan?"],
            &["", "", "", "Criteria text for the plan"],
            &["G-2", "", "2", "Do you review?"],
            &["G-3", "", "3", "Do you measure?"],
            &["P-1", "Train", "1", "Do you train?"],
            &["P-2", "", "2", "Do you test?"],
            &["P-3", "", "3", "Do you audit?"],
        ]);
        assert_eq!(cols(&s), Ok((Some(0), 3, 5, Some(8))));
    }

    #[test]
    fn a_catalogue_without_answer_column_is_refused() {
        let s = sheet(&[
            &["Control ID", "Question ID", "Assessment Question", "Lite"],
            &["A-1", "A-1.1", "Is there a policy?", "Yes"],
        ]);
        assert!(cols(&s).unwrap_err().contains("no answer column"));
    }

    #[test]
    fn a_headerless_sheet_answers_where_its_boxes_are_printed() {
        let q = [
            "Is multi-factor authentication required for all remote access?",
            "Does the applicant use an EDR solution on all endpoints?",
            "Does the applicant have a written incident response plan?",
        ];
        let rows = |yes: &'static str, no: &'static str| -> Vec<Vec<&str>> {
            q.iter()
                .map(|&question| vec!["1.", question, "", "", "", yes, no])
                .collect()
        };
        for (yes, no) in [("☐ Yes   ☐ No", ""), ("☐ Yes", "☐ No")] {
            let rows = rows(yes, no);
            let refs: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
            let (_, question, answer, _) = cols(&sheet(&refs)).expect("read");
            assert_eq!((question, answer), (1, 5), "{yes:?}");
        }
    }

    #[test]
    fn unticked_checkboxes_head_the_answers_and_a_filled_boolean_matrix_does_not() {
        use crate::workbook::Value;
        let checklist = |ticks: [bool; 2]| {
            let mut s = sheet(&[
                &["Control", "Done?"],
                &["Is customer data encrypted at rest?"],
                &["Do you enforce MFA for administrative access?"],
            ]);
            for (row, tick) in [1, 2].into_iter().zip(ticks) {
                s.rows[row].push(Value::Bool(tick));
            }
            s
        };
        assert_eq!(cols(&checklist([false, false])), Ok((None, 0, 1, None)));
        // A control matrix's TRUE/FALSE per architecture is the sender's.
        assert!(cols(&checklist([true, false])).is_err());
    }

    #[test]
    fn a_verdict_dropdown_before_a_free_text_response_takes_the_verdict() {
        let dropdown = |range: &str, values: &[&str]| crate::workbook::Dropdown {
            ranges: vec![crate::cellref::CellRange::parse(range).unwrap()],
            values: values.iter().map(|v| v.to_string()).collect(),
        };
        let requirements = |third: &str, fourth: &str| {
            sheet(&[
                &["#", "Requirement", third, fourth],
                &["1", "The supplier shall encrypt data at rest.", "", ""],
                &[
                    "2",
                    "The supplier shall enforce MFA for administrators.",
                    "",
                    "",
                ],
            ])
        };
        for (flag, want) in [
            ("Compliance", Ok((Some(0), 1, 2, Some(3)))),
            // The sender's own flag is never the answer.
            ("In Scope (Y/N)", Ok((Some(0), 1, 3, None))),
        ] {
            let mut s = requirements(flag, "Supplier Response");
            s.dropdowns.push(dropdown(
                "C2:C3",
                &["Comply", "Partially Comply", "Do Not Comply"],
            ));
            assert_eq!(cols(&s), want, "{flag}");
        }
        // The dropdown right after the response takes the verdict too.
        let mut s = requirements("Supplier Response", "Compliance");
        s.dropdowns.push(dropdown(
            "D2:D3",
            &["Fully Compliant", "Partially Compliant", "Non-Compliant"],
        ));
        assert_eq!(cols(&s), Ok((Some(0), 1, 3, Some(2))));
    }

    #[test]
    fn a_sentence_above_the_table_does_not_outweigh_the_labelled_question_column() {
        let s = sheet(&[
            &["Indicate whether you meet each requirement and initial each line."],
            &[
                "Req #",
                "Requirement",
                "Meets Requirement (Yes/No)",
                "Notes",
            ],
            &["1", "Vendor shall encrypt State data at rest.", "", ""],
            &["2", "Vendor shall enforce MFA for administrators.", "", ""],
        ]);
        let (_, question, answer, _) = cols(&s).unwrap();
        assert_eq!((question, answer), (1, 2));
    }

    #[test]
    fn a_table_of_items_and_their_details_takes_the_details() {
        let s = sheet(&[
            &["Item", "Details"],
            &["Full legal name of the entity", ""],
            &["Who is your hosting provider?", ""],
        ]);
        assert_eq!(cols(&s), Ok((None, 0, 1, None)));
        // Details already given are the sender's: no answer column.
        let s = sheet(&[
            &["Item", "Details"],
            &["Encryption", "AES-256 at rest"],
            &["Who is your hosting provider?", "See the appendix"],
        ]);
        assert!(cols(&s).is_err());
    }

    #[test]
    fn a_yes_no_dropdown_heads_the_answers_under_any_label() {
        for label in ["Compliance", "Attestation", "Conformity", "Verdict"] {
            let mut s = sheet(&[
                &["#", "Question", label, "Comments"],
                &["1", "Do you encrypt data at rest?", "", ""],
                &["2", "Do you encrypt data in transit?", "", ""],
            ]);
            let dropdown = |values: &[&str]| crate::workbook::Dropdown {
                ranges: vec![crate::cellref::CellRange::parse("C2:C3").unwrap()],
                values: values.iter().map(|v| v.to_string()).collect(),
            };
            s.dropdowns.push(dropdown(&["High", "Medium", "Low"]));
            assert!(cols(&s).is_err(), "{label}: a priority list is no answer");
            s.dropdowns = vec![dropdown(&["0", "1", "2", "3"])];
            assert!(cols(&s).is_err(), "{label}: a scale is no yes/no list");
            s.dropdowns = vec![dropdown(&["1 - Yes", "2 - No", "3 - N/A"])];
            assert_eq!(cols(&s), Ok((Some(0), 1, 2, Some(3))), "{label}");
        }
    }

    #[test]
    fn any_empty_list_beside_the_questions_heads_the_answers() {
        for (label, values) in [
            (
                "Frequency",
                &["Daily", "Weekly", "Monthly", "Annually", "Never"][..],
            ),
            (
                "Extent",
                &["Fully", "Largely", "Partially", "Not at all"][..],
            ),
            (
                "Timeframe",
                &["Within 24 hours", "24-72 hours", "> 72 hours"][..],
            ),
        ] {
            let mut s = sheet(&[
                &["#", "Question", label, "Comments"],
                &["1", "How often are backups taken?", "", ""],
                &["2", "How often are firewall rules reviewed?", "", ""],
            ]);
            s.dropdowns.push(crate::workbook::Dropdown {
                ranges: vec![crate::cellref::CellRange::parse("C2:C3").unwrap()],
                values: values.iter().map(|v| v.to_string()).collect(),
            });
            assert_eq!(cols(&s), Ok((Some(0), 1, 2, Some(3))), "{label}");
        }
    }

    #[test]
    fn headerless_sheet_with_clear_questions() {
        let s = sheet(&[
            &["1", "Do you encrypt data at rest?", ""],
            &["2", "Do you encrypt data in transit?", ""],
            &["3", "Do you rotate keys every year?", ""],
        ]);
        assert_eq!(cols(&s), Ok((Some(0), 1, 2, None)));
        let s = sheet(&[&["Welcome"], &["Please read the instructions."]]);
        assert!(cols(&s).is_err());
        // An FAQ: each question's answer is the line beneath it.
        let faq = sheet(&[
            &["How do I complete this questionnaire?"],
            &["Answer every question on the domain sheets."],
            &["Which response should I choose if a control is partial?"],
            &["Select Partial and explain in the Comments column."],
            &["Do I need to attach evidence?"],
            &["Only where the Evidence column says so."],
        ]);
        let err = cols(&faq).unwrap_err();
        assert!(err.contains("an FAQ or instructions"), "{err}");
    }
}
