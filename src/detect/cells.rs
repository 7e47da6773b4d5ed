//! Reading cells the way detection needs them: the text a person sees (error
//! values such as `#REF!` and `#N/A` read as empty, since they are broken
//! formulas, not content), and the merges that hide or swallow a cell. Every
//! lookup is bounds-safe: a cell outside the grid is simply empty.

use crate::cellref::CellRef;
use crate::workbook::{Sheet, Value};

/// The trimmed text of a cell; empty for blanks and error values.
pub(crate) fn text(sheet: &Sheet, row: u32, col: u32) -> String {
    match sheet.value(CellRef::new(row, col)) {
        Value::Error(_) => String::new(),
        v => v.text().trim().to_string(),
    }
}

/// Number of rows in the grid.
pub(crate) fn height(sheet: &Sheet) -> u32 {
    u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX)
}

/// The non-empty cells of a row, with their zero-based columns.
pub(crate) fn row_texts(sheet: &Sheet, row: u32) -> Vec<(u32, String)> {
    let width = sheet.rows.get(row as usize).map_or(0, Vec::len);
    (0..width as u32)
        .map(|c| (c, text(sheet, row, c)))
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

/// Whether a merge that starts at or left of `left_col` covers `cell`: the
/// cell belongs to a paragraph or title spread across the row.
pub(crate) fn swallowed(sheet: &Sheet, cell: CellRef, left_col: u32) -> bool {
    sheet
        .merged
        .iter()
        .any(|m| m.contains(cell) && m.first.col <= left_col && m.first != cell)
}

/// The cell a value written to `cell` lands in: the top-left of its merge.
pub(crate) fn anchor(sheet: &Sheet, cell: CellRef) -> CellRef {
    sheet.merged_into(cell).map_or(cell, |m| m.first)
}

/// Whether a cell's text only stands in for an answer ("Please select",
/// "[Enter response]", "-- Select --", "Click or tap here to enter text."):
/// a form's prompt, not something a person answered.
pub(crate) fn is_placeholder(text: &str) -> bool {
    const OPENINGS: &[&str] = &[
        "select",
        "please select",
        "choose",
        "please choose",
        "pick",
        "enter",
        "please enter",
        "type",
        "please type",
        "insert",
        "click",
        "click or tap",
        "fill in",
        "please fill",
        "please complete",
        "to be completed",
        "your answer",
        "your response",
        "answer here",
        "response here",
        "add response",
        "add comment",
        "add comments",
    ];
    /// Words that hold a place for an answer still to come.
    const PENDING: &[&str] = &[
        "tbd",
        "tbc",
        "to be determined",
        "to be confirmed",
        "pending",
    ];
    let t = text.trim();
    // Empty tick boxes ("☐ Yes ☐ No"): a template with nothing ticked.
    if t.contains('\u{2610}') && !t.contains(['\u{2611}', '\u{2612}'])
        || super::boxes::none_ticked(t)
        || super::boxes::lone_box(t)
    {
        return true;
    }
    // An empty radio button or box alone ("○" under each option).
    let mut glyphs = t.chars();
    if glyphs
        .next()
        .is_some_and(|c| crate::decide::EMPTY_BOXES.contains(&c))
        && glyphs.next().is_none()
    {
        return true;
    }
    let bracketed = |open, close| t.starts_with(open) && t.ends_with(close);
    let inner = t
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    if inner.is_empty() {
        // Dashes or dots only ("-", "--", "…") stand for a blank.
        // Invisible characters alone (a zero-width space pasted from a web
        // page) show nothing.
        return !t.is_empty()
            && t.chars().all(|c| {
                matches!(
                    c,
                    '-' | '.'
                        | '\u{2013}'
                        | '\u{2014}'
                        | '\u{2026}'
                        | '_'
                        | ' '
                        | '?'
                        | '\u{200b}'
                        | '\u{200c}'
                        | '\u{200d}'
                        | '\u{2060}'
                        | '\u{feff}'
                        | '\u{ad}'
                )
            });
    }
    if inner.split_whitespace().count() > 8 {
        return false;
    }
    if PENDING.contains(&inner.as_str()) || lists_options(t) {
        return true;
    }
    let prompt = inner.chars().any(char::is_alphabetic) && !is_answer_value(&inner);
    (bracketed('[', ']') || bracketed('<', '>')) && prompt
        || names_the_slot(&inner)
        || asks_for_it(&inner)
        || OPENINGS.iter().any(|o| {
            inner
                .strip_prefix(o)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '.', ':', ',']))
        })
}

/// Whether a cell's words only ask for what goes there ("Provide URL",
/// "Describe briefly", "Please describe", "Provide details"): an
/// instruction in the answer cell, not an answer. `inner` is lowercase.
fn asks_for_it(inner: &str) -> bool {
    const VERBS: &[&str] = &[
        "provide", "describe", "explain", "specify", "list", "state", "give", "attach", "upload",
    ];
    const WHAT: &[&str] = &[
        "details",
        "detail",
        "briefly",
        "url",
        "link",
        "here",
        "below",
        "description",
        "explanation",
        "answer",
        "response",
        "text",
        "the",
        "a",
        "an",
        "your",
        "evidence",
        "reference",
        "website",
        "value",
        "number",
        "date",
        "name",
        "email",
        "address",
        "document",
        "file",
        "if",
        "applicable",
        "yes",
        "no",
        "more",
        "further",
        "info",
        "information",
    ];
    let mut words = inner
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let first = match words.next() {
        Some("please") => words.next(),
        other => other,
    };
    let rest: Vec<&str> = words.collect();
    first.is_some_and(|v| VERBS.contains(&v))
        && rest.len() <= 3
        && rest.iter().all(|w| WHAT.contains(w))
}

/// Whether a cell's words only name the slot it is ("Answer", "Vendor
/// answer", "(response)", "{answer}", "(vendor to complete)"): a label
/// repeated as a prompt, in brackets or none. `inner` is lowercase, without
/// the brackets.
fn names_the_slot(inner: &str) -> bool {
    const SLOT: &[&str] = &["answer", "response", "reply", "comment", "comments"];
    const PROMPT: &[&str] = &[
        "vendor",
        "supplier",
        "provider",
        "your",
        "to",
        "be",
        "complete",
        "completed",
        "here",
        "please",
        "enter",
        "insert",
        "fill",
        "in",
        "text",
    ];
    let words: Vec<&str> = inner.split_whitespace().collect();
    let named = words.iter().any(|w| SLOT.contains(w));
    let to_complete =
        words.ends_with(&["to", "complete"]) || words.ends_with(&["to", "be", "completed"]);
    (named || to_complete)
        && words.len() <= 4
        && words.iter().all(|w| SLOT.contains(w) || PROMPT.contains(w))
}

/// Whether a cell's text lists the answers to choose from ("Yes / No /
/// N/A", "Y/N", "Yes or No"), as a template prints in every answer cell: two
/// or more different answer values, and nothing else.
fn lists_options(text: &str) -> bool {
    let lower = text.to_lowercase().replace(" or ", "/");
    // "N/A" is one value, not "N" and "A".
    let lower = lower.replace("n/a", "na");
    let mut values: Vec<&str> = lower.split(['/', '|', ',', '\\']).map(str::trim).collect();
    if values.len() < 2 || !values.iter().all(|v| is_answer_value(v)) {
        return false;
    }
    values.sort_unstable();
    values.dedup();
    values.len() >= 2
}

/// Whether a cell's text is a typical short answer (Yes, No, N/A, True, …).
pub(crate) fn is_answer_value(text: &str) -> bool {
    const VALUES: &[&str] = &[
        "yes",
        "no",
        "n/a",
        "na",
        "true",
        "false",
        "y",
        "n",
        "partial",
        "partially",
    ];
    let t = text.trim().trim_end_matches('.').to_lowercase();
    VALUES.contains(&t.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cellref::CellRange;

    #[test]
    fn errors_read_as_empty_and_lookups_are_bounded() {
        let mut s = Sheet::new("S");
        s.rows = vec![vec![
            Value::Error("#REF!".into()),
            Value::Text(" a ".into()),
        ]];
        let cases = [
            ((0, 0), ""),
            ((0, 1), "a"),
            ((5, 9), ""),
            ((u32::MAX, 0), ""),
        ];
        for ((r, c), want) in cases {
            assert_eq!(text(&s, r, c), want);
        }
        assert_eq!(row_texts(&s, 0), [(1, "a".to_string())]);
        assert!(row_texts(&s, 99).is_empty());
    }

    #[test]
    fn merges_swallow_and_anchor() {
        let mut s = Sheet::new("S");
        s.merged = vec![
            CellRange::parse("A5:E5").unwrap(),
            CellRange::parse("C7:D7").unwrap(),
        ];
        let cases = [
            ("C5", 1, true),
            ("C7", 1, false),
            ("D7", 1, false),
            ("D7", 2, true),
            ("C8", 1, false),
        ];
        for (cell, left, want) in cases {
            let cell = CellRef::parse(cell).unwrap();
            assert_eq!(swallowed(&s, cell, left), want, "{cell} {left}");
        }
        assert_eq!(anchor(&s, CellRef::parse("D7").unwrap()).to_string(), "C7");
        assert_eq!(anchor(&s, CellRef::parse("C9").unwrap()).to_string(), "C9");
    }

    #[test]
    fn placeholders_are_not_answers() {
        for t in [
            "○",
            "◯",
            "Please select",
            "[Enter response]",
            "Select...",
            "<Please enter your answer>",
            "-- Select --",
            "Choose an item.",
            "Click or tap here to enter text.",
            "[Enter comments]",
            "Type here",
            "Enter your response here",
            "TBD",
            "--",
            "\u{2610} Yes   \u{2610} No",
            "___",
            "Yes / No / N/A",
            "Y/N",
            "Yes or No",
            "Yes | No",
            "(answer)",
            "(response)",
            "{answer}",
            "(vendor to complete)",
            "Vendor to complete",
            "Answer",
            "Response",
            "Vendor answer",
            "?",
            "\u{200b}",
            "\u{feff}\u{2060}",
            "Provide URL",
            "Describe briefly",
            "Please describe",
            "Provide details",
            "Please provide details if applicable",
        ] {
            assert!(is_placeholder(t), "{t}");
        }
        for t in [
            "Yes",
            "Selected staff only, reviewed quarterly",
            "Enterprise SSO is enforced",
            "Typed passwords are never logged",
            "",
            "[1]",
            "[Yes]",
            "\u{2612} Yes   \u{2610} No",
            "TBD by the CISO in Q3, after the audit",
            "N/A",
            "No / no",
            "Yes/No depending on the plan",
            "Provided on request",
            "Describe in the SOC 2 report, section 4",
            "List available under NDA",
            "Select administrators have production access; every grant is approved by the CISO and reviewed each quarter.",
            "(see attached)",
            "Complete",
            "Response time is 4 hours",
            "Vendor to complete the audit by Q3",
        ] {
            assert!(!is_placeholder(t), "{t}");
        }
    }

    #[test]
    fn answer_values() {
        for (t, want) in [
            ("Yes", true),
            ("N/A", true),
            ("no.", true),
            ("Maybe later", false),
        ] {
            assert_eq!(is_answer_value(t), want, "{t}");
        }
    }
}
