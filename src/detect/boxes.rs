//! Answer cells drawn as tick boxes: "☐ Yes" and "☐ No" side by side where
//! the answer goes, as insurance applications and printed forms lay them
//! out. Each box is a mark column of its own row: the answer ticks its box
//! and leaves the label (see `fill`), and the blank boxes are no answer.

use super::cells;
use crate::cellref::CellRef;
use crate::decide::{EMPTY_BOXES as EMPTY, TICKED_BOXES as TICKED};
use crate::workbook::Sheet;

/// A box a cell draws: a glyph ("☐", "☒", "○") or one typed in ASCII, as
/// forms converted from a word processor print them ("[ ]", "[_]", "( )",
/// "[X]"), and whether it is ticked.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Drawn {
    start: usize,
    end: usize,
    ticked: bool,
}

/// The boxes `text` draws, in order.
fn drawn(text: &str) -> Vec<Drawn> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let glyph = EMPTY.contains(&c) || TICKED.contains(&c);
        if glyph {
            let end = at + c.len_utf8();
            out.push(Drawn {
                start: at,
                end,
                ticked: TICKED.contains(&c),
            });
            continue;
        }
        let close = match c {
            '[' => ']',
            '(' => ')',
            _ => continue,
        };
        // "[ ]", "[  ]", "[_]", "[]", "( )": blanks or underscores inside;
        // "[X]", "(x)", "[✓]": one mark inside.
        let rest = &text[at + 1..];
        let Some(len) = rest.find(close).filter(|&n| n <= 3) else {
            continue;
        };
        let inner = &rest[..len];
        let blank =
            inner.chars().all(|c| c == ' ' || c == '_') && (close == ']' || !inner.is_empty());
        let mark = inner.trim();
        let ticked = matches!(mark, "x" | "X" | "*")
            || mark.chars().count() == 1 && mark.chars().all(|c| TICKED.contains(&c));
        if blank || ticked {
            let end = at + 1 + len + 1;
            out.push(Drawn {
                start: at,
                end,
                ticked: !blank,
            });
            while chars.peek().is_some_and(|&(i, _)| i < end) {
                chars.next();
            }
        }
    }
    out
}

/// The options a cell prints with boxes, each with its label and its box:
/// the label follows its box ("☐ Yes ☐ No", "[ ] Yes [ ] No") or, when the
/// text ends with a box and does not open with one, precedes it ("Yes [ ]
/// No [ ]").
fn options(text: &str) -> Vec<(&str, Drawn)> {
    let boxes = drawn(text);
    let t = text.trim_end();
    let lead = text.len() - text.trim_start().len();
    let before = boxes.first().is_some_and(|b| b.start > lead)
        && boxes.last().is_some_and(|b| b.end == t.len());
    boxes
        .iter()
        .enumerate()
        .map(|(k, b)| {
            let label = if before {
                let from = if k == 0 { 0 } else { boxes[k - 1].end };
                &text[from..b.start]
            } else {
                let to = boxes.get(k + 1).map_or(text.len(), |n| n.start);
                &text[b.end..to]
            };
            (label.trim(), *b)
        })
        .collect()
}

/// The label of a cell that draws one box ("☐ Yes", "☒ No", "[ ] Yes",
/// "Yes [ ]") and whether the box is ticked.
pub(crate) fn boxed(text: &str) -> Option<(String, bool)> {
    let found = options(text);
    let [(label, b)] = found.as_slice() else {
        return None;
    };
    // The box opens or closes the cell: "see [1] above" draws none.
    let t = text.trim();
    let lead = text.len() - text.trim_start().len();
    let at_edge = b.start == lead || b.end == lead + t.len();
    let short = label.split_whitespace().count() <= 4;
    (!label.is_empty() && at_edge && short).then(|| (label.to_string(), b.ticked))
}

/// The text that ticks a cell's empty box where it stands ("☐ Yes" gives
/// "☒ Yes", "[ ] Yes" gives "[X] Yes", "○" gives "●"), when the cell draws
/// one.
pub(crate) fn tick_in_place(text: &str) -> Option<String> {
    if let Some((_, false)) = boxed(text) {
        let b = drawn(text)[0];
        return Some(tick_at(text, b));
    }
    filled(text).map(str::to_string)
}

/// `text` with box `b` ticked: its glyph's filled twin, or an X inside
/// brackets.
fn tick_at(text: &str, b: Drawn) -> String {
    let glyph = &text[b.start..b.end];
    // An ASCII box is one bracket, blanks and its closing bracket: both
    // brackets are one byte.
    let ticked = filled(glyph).map_or_else(
        || match (glyph.get(..1), glyph.get(glyph.len().saturating_sub(1)..)) {
            (Some(open), Some(close)) if glyph.len() >= 2 => format!("{open}X{close}"),
            _ => glyph.to_string(),
        },
        str::to_string,
    );
    format!("{}{ticked}{}", &text[..b.start], &text[b.end..])
}

/// Whether a cell prints two or more options with empty boxes ("☐ Yes
/// ☐ No", "[ ] Yes [ ] No"), as application forms do in the answer cell.
pub(crate) fn prints_options(text: &str) -> bool {
    let found = options(text);
    found
        .iter()
        .filter(|(label, b)| !b.ticked && !label.is_empty())
        .count()
        >= 2
}

/// Whether a cell prints its options with boxes and ticks none: a template
/// still to be answered.
pub(crate) fn none_ticked(text: &str) -> bool {
    prints_options(text) && options(text).iter().all(|(_, b)| !b.ticked)
}

/// A cell that prints its options with empty boxes ("☐ Yes   ☐ No   ☐
/// N/A") with the option meaning `verdict` ticked where it stands ("☒ Yes
/// ☐ No ☐ N/A"); `None` when the cell prints no such options, or none or
/// several of them mean it.
pub(crate) fn tick_option(text: &str, verdict: &str) -> Option<String> {
    if !none_ticked(text) {
        return None;
    }
    let mut chosen = None;
    for (label, b) in options(text) {
        let means = label.eq_ignore_ascii_case(verdict)
            || crate::decide::value_meaning(label) == Some(verdict);
        if means {
            if chosen.is_some() {
                return None;
            }
            chosen = Some(b);
        }
    }
    Some(tick_at(text, chosen?))
}

/// The filled twin of a cell that holds only an empty box or radio button
/// ("○" gives "●", "☐" gives "☒"): how the chosen option is marked there.
fn filled(text: &str) -> Option<&'static str> {
    match text.trim() {
        "○" | "◯" | "◦" | "⚪" => Some("●"),
        "☐" => Some("☒"),
        "□" | "▢" => Some("■"),
        "[ ]" | "[  ]" | "[_]" | "[]" => Some("[X]"),
        "( )" | "(  )" => Some("(X)"),
        _ => None,
    }
}

/// Whether a cell holds only an empty box ("☐", "[ ]", "○"): a tick box of
/// its own, ticked for a yes.
pub(crate) fn lone_box(text: &str) -> bool {
    filled(text).is_some()
}

/// A row's boxes from its answer cell rightwards: two or more adjacent
/// cells each drawing one box, with a Yes and a No among them. Each comes
/// with its label and whether it is ticked already.
pub(crate) fn row_boxes(sheet: &Sheet, row: u32, answer_col: u32) -> Vec<(String, CellRef, bool)> {
    let mut boxes = Vec::new();
    for col in answer_col..answer_col.saturating_add(MAX_BOXES) {
        let cell = cells::anchor(sheet, CellRef::new(row, col));
        if cell != CellRef::new(row, col) {
            break;
        }
        match boxed(&sheet.text(cell)) {
            Some((label, ticked)) => boxes.push((label, cell, ticked)),
            None => break,
        }
    }
    let names = |want: &str| {
        boxes.iter().any(|(label, ..)| {
            label.eq_ignore_ascii_case(want) || crate::decide::value_meaning(label) == Some(want)
        })
    };
    if boxes.len() >= 2 && names("yes") && names("no") {
        boxes
    } else {
        Vec::new()
    }
}

/// The most boxes one row draws.
const MAX_BOXES: u32 = 6;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_printed_in_one_cell_are_ticked_where_they_stand() {
        let cell = "☐ Yes   ☐ No   ☐ N/A";
        assert_eq!(
            tick_option(cell, "yes").as_deref(),
            Some("☒ Yes   ☐ No   ☐ N/A")
        );
        assert_eq!(
            tick_option(cell, "no").as_deref(),
            Some("☐ Yes   ☒ No   ☐ N/A")
        );
        assert_eq!(
            tick_option("○ Yes ○ No", "no").as_deref(),
            Some("○ Yes ● No")
        );
        // Ticked already, one box, or no option that means it: nothing.
        assert_eq!(tick_option("☒ Yes   ☐ No", "no"), None);
        assert_eq!(tick_option("☐ Yes", "yes"), None);
        assert_eq!(tick_option("☐ Daily ☐ Weekly", "yes"), None);
        // Boxes typed in ASCII, before or after their labels.
        assert_eq!(
            tick_option("[ ] Yes   [ ] No   [ ] N/A", "no").as_deref(),
            Some("[ ] Yes   [X] No   [ ] N/A")
        );
        assert_eq!(
            tick_option("( ) Yes ( ) No", "yes").as_deref(),
            Some("(X) Yes ( ) No")
        );
        assert_eq!(
            tick_option("Yes [ ]   No [ ]", "no").as_deref(),
            Some("Yes [ ]   No [X]")
        );
        assert_eq!(
            tick_option("[_] Yes [_] No", "yes").as_deref(),
            Some("[X] Yes [_] No")
        );
        assert_eq!(tick_option("[X] Yes [ ] No", "no"), None, "ticked already");
        assert!(none_ticked("[  ] Yes  [  ] No  [  ] N/A"));
        assert!(!none_ticked("[x] Yes [ ] No"));
        assert!(!prints_options("See [1] and (2) above"));
        assert!(!prints_options("Yes (see policy)"));
    }

    #[test]
    fn cells_that_draw_one_box() {
        assert_eq!(boxed("☐ Yes"), Some(("Yes".into(), false)));
        assert_eq!(boxed(" ☒No "), Some(("No".into(), true)));
        assert_eq!(boxed("Yes"), None);
        assert_eq!(boxed("☐"), None, "a box without a label");
        assert_eq!(boxed("☐ Yes ☐ No"), None, "two boxes in one cell");
        assert_eq!(tick_in_place("☐ Yes").as_deref(), Some("☒ Yes"));
        assert_eq!(tick_in_place("☑ Yes"), None, "ticked already");
        assert_eq!(filled(" ○ "), Some("●"));
        assert_eq!(filled("●"), None);
        assert_eq!(tick_in_place("☐ No").as_deref(), Some("☒ No"));
        assert_eq!(tick_in_place("○").as_deref(), Some("●"));
        assert_eq!(tick_in_place("No"), None);
        assert_eq!(boxed("[ ] Yes"), Some(("Yes".into(), false)));
        assert_eq!(boxed("No [x]"), Some(("No".into(), true)));
        assert_eq!(boxed("see [1]"), None, "a reference, not a box");
        assert_eq!(tick_in_place("[ ] Yes").as_deref(), Some("[X] Yes"));
        assert_eq!(tick_in_place("[ ]").as_deref(), Some("[X]"));
        assert_eq!(tick_in_place("[   ] Yes").as_deref(), Some("[X] Yes"));
        assert!(lone_box(" ☐ ") && lone_box("[ ]") && !lone_box("☐ Yes"));
    }

    #[test]
    fn a_row_of_yes_and_no_boxes() {
        let sheet = Sheet::from_texts(&[
            &["1", "Do you use MFA?", "☐ Yes", "☐ No", ""],
            &["2", "Do you encrypt backups?", "☐ Yes", "☒ No", "☐ N/A"],
            &["3", "Which regions?", "☐ EU", "☐ US", ""],
        ]);
        let labels = |row| {
            row_boxes(&sheet, row, 2)
                .into_iter()
                .map(|(label, cell, ticked)| (label, cell.col, ticked))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            labels(0),
            [("Yes".to_string(), 2, false), ("No".to_string(), 3, false)]
        );
        assert_eq!(labels(1).len(), 3);
        assert!(labels(1)[1].2, "the No box is ticked");
        assert!(labels(2).is_empty(), "no Yes and No: not an answer's boxes");
    }
}
