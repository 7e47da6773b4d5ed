//! Answer cells drawn as tick boxes: "☐ Yes" and "☐ No" side by side where
//! the answer goes, as insurance applications and printed forms lay them
//! out. Each box is a mark column of its own row: the answer ticks its box
//! and leaves the label (see `fill`), and the blank boxes are no answer.

use super::cells;
use crate::cellref::CellRef;
use crate::decide::{EMPTY_BOXES as EMPTY, TICKED_BOXES as TICKED};
use crate::workbook::Sheet;

/// The label of a cell that draws one box ("☐ Yes", "☒ No") and whether
/// the box is ticked.
pub(crate) fn boxed(text: &str) -> Option<(String, bool)> {
    let t = text.trim();
    let first = t.chars().next()?;
    let ticked = TICKED.contains(&first);
    if !ticked && !EMPTY.contains(&first) {
        return None;
    }
    let label = t[first.len_utf8()..].trim();
    let one_box = !label.contains(EMPTY) && !label.contains(TICKED);
    let short = label.split_whitespace().count() <= 4;
    (!label.is_empty() && one_box && short).then(|| (label.to_string(), ticked))
}

/// The text that ticks a cell's empty box where it stands ("☐ Yes" gives
/// "☒ Yes", "○" gives "●"), when the cell draws one.
pub(crate) fn tick_in_place(text: &str) -> Option<String> {
    ticked(text).or_else(|| filled(text).map(str::to_string))
}

/// A cell's text with its empty box ticked ("☐ Yes" gives "☒ Yes"), when it
/// draws one.
fn ticked(text: &str) -> Option<String> {
    let (label, ticked) = boxed(text)?;
    (!ticked).then(|| format!("☒ {label}"))
}

/// Whether a cell prints two or more options with empty boxes ("☐ Yes
/// ☐ No"), as application forms do in the answer cell.
pub(crate) fn prints_options(text: &str) -> bool {
    text.chars().filter(|c| EMPTY.contains(c)).count() >= 2
}

/// A cell that prints its options with empty boxes ("☐ Yes   ☐ No   ☐
/// N/A") with the option meaning `verdict` ticked where it stands ("☒ Yes
/// ☐ No ☐ N/A"); `None` when the cell prints no such options, or none or
/// several of them mean it.
pub(crate) fn tick_option(text: &str, verdict: &str) -> Option<String> {
    let starts: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(_, c)| EMPTY.contains(c))
        .collect();
    if !prints_options(text) || text.contains(TICKED) {
        return None;
    }
    let mut chosen = None;
    for (k, &(at, glyph)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(text.len(), |n| n.0);
        let label = text[at + glyph.len_utf8()..end].trim();
        let means = label.eq_ignore_ascii_case(verdict)
            || crate::decide::value_meaning(label) == Some(verdict);
        if means {
            if chosen.is_some() {
                return None;
            }
            chosen = Some((at, glyph));
        }
    }
    let (at, glyph) = chosen?;
    let twin = filled(&glyph.to_string())?;
    Some(format!(
        "{}{twin}{}",
        &text[..at],
        &text[at + glyph.len_utf8()..]
    ))
}

/// The filled twin of a cell that holds only an empty box or radio button
/// ("○" gives "●", "☐" gives "☒"): how the chosen option is marked there.
fn filled(text: &str) -> Option<&'static str> {
    match text.trim() {
        "○" | "◯" | "◦" | "⚪" => Some("●"),
        "☐" => Some("☒"),
        "□" | "▢" => Some("■"),
        _ => None,
    }
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
    }

    #[test]
    fn cells_that_draw_one_box() {
        assert_eq!(boxed("☐ Yes"), Some(("Yes".into(), false)));
        assert_eq!(boxed(" ☒No "), Some(("No".into(), true)));
        assert_eq!(boxed("Yes"), None);
        assert_eq!(boxed("☐"), None, "a box without a label");
        assert_eq!(boxed("☐ Yes ☐ No"), None, "two boxes in one cell");
        assert_eq!(ticked("☐ Yes").as_deref(), Some("☒ Yes"));
        assert_eq!(ticked("☑ Yes"), None, "ticked already");
        assert_eq!(filled(" ○ "), Some("●"));
        assert_eq!(filled("●"), None);
        assert_eq!(tick_in_place("☐ No").as_deref(), Some("☒ No"));
        assert_eq!(tick_in_place("○").as_deref(), Some("●"));
        assert_eq!(tick_in_place("No"), None);
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
