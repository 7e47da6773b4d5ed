//! Which answer cells qfill may write, and which tables only mirror another
//! sheet. A formula in an answer cell links to the same question elsewhere
//! (the place it is really answered), so it is never written; a table whose
//! answer cells are mostly formulas is an analyst or report copy and is
//! skipped. Protection is a signal only when the author left some cells
//! unlocked: then those are the answer cells and the rest are locked. A sheet
//! protected with every cell locked (what some exports produce) says nothing
//! about where answers go, so its answer cells stay writable; qfill writes a
//! new workbook, and the layout reports the protection so a person knows.
//! An answer cell merged across several questions' rows is shared: whatever
//! qfill wrote there would answer them all, so it is never written.

use super::{Protection, QuestionRow, Writable};
use crate::cellref::CellRef;
use crate::workbook::Sheet;
use std::collections::HashMap;

/// Share of formula answer cells at which a table is a mirror.
const MIRROR_SHARE: f64 = 0.8;

/// What the sheet's protection says about its answer cells.
pub(crate) fn protection(sheet: &Sheet, questions: &[QuestionRow]) -> Protection {
    match &sheet.unlocked {
        None => Protection::Unprotected,
        Some(unlocked) => {
            let any_answer_unlocked = questions.iter().any(|q| {
                unlocked.contains(&q.answer_cell)
                    || q.comment_cell.is_some_and(|c| unlocked.contains(&c))
            });
            if any_answer_unlocked {
                Protection::UnlockedCells
            } else {
                Protection::AllLocked
            }
        }
    }
}

/// Marks formula, locked and shared answer cells; a comment cell that
/// another question also uses is dropped (the detail joins the answer).
pub(crate) fn mark_writable(sheet: &Sheet, protection: Protection, questions: &mut [QuestionRow]) {
    let mut uses: HashMap<CellRef, usize> = HashMap::new();
    for q in questions.iter() {
        *uses.entry(q.answer_cell).or_default() += 1;
        for c in q
            .comment_cell
            .iter()
            .chain(q.conditional_comments.iter().map(|cc| &cc.cell))
        {
            *uses.entry(*c).or_default() += 1;
        }
    }
    let shared = |cell: CellRef| uses.get(&cell).is_some_and(|&n| n > 1);
    // Black answer cells are the sender's only where most are open (a
    // dark-styled sheet fills them all).
    let blacked = |cell: CellRef| sheet.blacked.contains(&cell);
    let dark_rows = questions.iter().filter(|q| blacked(q.answer_cell)).count();
    let rows = questions.len();
    let blacked_out = |cell: CellRef| blacked(cell) && 2 * dark_rows < rows;
    for q in questions {
        q.writable = if sheet.formulas.contains(&q.answer_cell) {
            Writable::Formula
        } else if protection == Protection::UnlockedCells && !sheet.is_editable(q.answer_cell) {
            Writable::Locked
        } else if shared(q.answer_cell) {
            Writable::Shared
        } else if blacked_out(q.answer_cell) {
            Writable::Blacked
        } else {
            Writable::Yes
        };
        // A locked comment cell on a sheet that leaves cells editable is not
        // for the respondent (the detail then joins the answer, as when shared),
        // and neither is one holding a formula.
        let locked = |c: CellRef| {
            protection == Protection::UnlockedCells && !sheet.is_editable(c)
                || sheet.formulas.contains(&c)
        };
        q.comment_cell = q.comment_cell.filter(|&c| !shared(c) && !locked(c));
        q.conditional_comments
            .retain(|cc| !shared(cc.cell) && !locked(cc.cell));
    }
}

/// Whether the table's answer cells are mostly formulas (a copy of another sheet).
pub(crate) fn is_mirror(questions: &[QuestionRow]) -> bool {
    let formulas = questions
        .iter()
        .filter(|q| q.writable == Writable::Formula)
        .count();
    !questions.is_empty() && formulas as f64 >= MIRROR_SHARE * questions.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn question(row: u32) -> QuestionRow {
        QuestionRow {
            row,
            id: None,
            text: "Do you?".into(),
            answer_cell: CellRef::new(row, 2),
            comment_cell: Some(CellRef::new(row, 3)),
            comment_when: super::super::CommentWhen::Always,
            conditional_comments: Vec::new(),
            marks: Vec::new(),
            field: false,
            choices: None,
            spelled: None,
            answer_limit: None,
            answer_words: None,
            comment_limit: None,
            existing_answer: String::new(),
            existing_comment: String::new(),
            writable: Writable::Yes,
            requested: false,
            declared: None,
            choice_meanings: None,
            shown_if: None,
        }
    }

    #[test]
    fn protection_cases() {
        let qs = [question(1), question(2)];
        let cases = [
            (None, Protection::Unprotected),
            (Some(vec![]), Protection::AllLocked),
            (Some(vec![CellRef::new(9, 9)]), Protection::AllLocked),
            (Some(vec![CellRef::new(1, 2)]), Protection::UnlockedCells),
            (Some(vec![CellRef::new(2, 3)]), Protection::UnlockedCells),
        ];
        for (unlocked, want) in cases {
            let mut s = Sheet::new("S");
            s.unlocked = unlocked.map(|v| v.into_iter().collect::<HashSet<_>>());
            assert_eq!(protection(&s, &qs), want);
        }
    }

    #[test]
    fn formulas_locks_and_mirrors() {
        let mut s = Sheet::new("S");
        s.formulas.insert(CellRef::new(1, 2));
        s.unlocked = Some(HashSet::from([CellRef::new(1, 2), CellRef::new(3, 2)]));
        let mut qs = vec![question(1), question(2), question(3)];
        mark_writable(&s, Protection::UnlockedCells, &mut qs);
        let got: Vec<Writable> = qs.iter().map(|q| q.writable).collect();
        assert_eq!(got, [Writable::Formula, Writable::Locked, Writable::Yes]);
        // The comment cells (column D) are locked: nothing goes there.
        assert!(qs.iter().all(|q| q.comment_cell.is_none()));
        let mut open = vec![question(3)];
        s.unlocked = Some(HashSet::from([CellRef::new(3, 2), CellRef::new(3, 3)]));
        mark_writable(&s, Protection::UnlockedCells, &mut open);
        assert_eq!(open[0].comment_cell, Some(CellRef::new(3, 3)));
        mark_writable(&s, Protection::AllLocked, &mut qs);
        assert_eq!(qs[1].writable, Writable::Yes);
        assert!(!is_mirror(&qs));
        s.formulas.extend([CellRef::new(2, 2), CellRef::new(3, 2)]);
        mark_writable(&s, Protection::Unprotected, &mut qs);
        assert!(is_mirror(&qs));
        assert!(!is_mirror(&[]));
    }

    #[test]
    fn a_cell_two_questions_share_is_never_written() {
        // Rows 1 and 2 share the merged answer cell C2 (the anchor of C2:C3);
        // row 3's comment cell is row 4's answer cell.
        let s = Sheet::new("S");
        let mut qs = vec![question(1), question(2), question(3), question(4)];
        qs[1].answer_cell = CellRef::new(1, 2);
        qs[3].answer_cell = CellRef::new(3, 3);
        mark_writable(&s, Protection::Unprotected, &mut qs);
        let got: Vec<Writable> = qs.iter().map(|q| q.writable).collect();
        assert_eq!(
            got,
            [
                Writable::Shared,
                Writable::Shared,
                Writable::Yes,
                Writable::Shared
            ]
        );
        assert_eq!(qs[2].comment_cell, None);
        assert_eq!(qs[0].comment_cell, Some(CellRef::new(1, 3)));
    }
}
