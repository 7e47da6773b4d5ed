//! Display logic a portal exports beside each question ("Show if SEC-1 =
//! Yes"): the row is asked only when another question got that answer. A
//! row whose condition the answers do not meet is left empty, as the
//! portal would hide it.

use super::{Columns, QuestionRow, cells};
use crate::workbook::Sheet;

/// Labels of a column that says when a question is shown.
const LABELS: &[&str] = &[
    "display logic",
    "display condition",
    "show if",
    "shown if",
    "visible if",
    "display if",
    "condition",
    "conditional on",
    "depends on",
    "dependency",
];

/// Sets each question's `shown_if` from the table's display-logic column.
pub(crate) fn mark_conditions(
    sheet: &Sheet,
    cols: &Columns,
    headers: &[u32],
    questions: &mut [QuestionRow],
) {
    let Some(col) = cols.labelled(sheet, headers, names_condition) else {
        return;
    };
    for q in questions.iter_mut() {
        q.shown_if = condition(&cells::text(sheet, q.row, col));
    }
}

fn names_condition(label: &str) -> bool {
    let n = label.trim().to_lowercase();
    LABELS.iter().any(|l| n.starts_with(l)) && n.split_whitespace().count() <= 4
}

/// The question id and the answer a condition asks for: "Show if SEC-1 =
/// Yes" gives ("SEC-1", "yes"), "Display when Q12 is No" ("Q12", "no").
pub(crate) fn condition(text: &str) -> Option<(String, &'static str)> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '"' || c == '\'')
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(3).find_map(|w| {
        let (id, op, value) = (w[0], w[1], w[2].trim_end_matches(['.', ',', ';', ')']));
        let equals = matches!(op.to_lowercase().as_str(), "=" | "==" | "is" | "equals");
        let id_like = super::text::is_id_like(id) && id.chars().any(|c| c.is_ascii_digit());
        let meaning = crate::decide::value_meaning(value)?;
        (equals && id_like).then(|| (id.to_string(), meaning))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_name_a_question_and_an_answer() {
        assert_eq!(
            condition("Show if SEC-1 = Yes"),
            Some(("SEC-1".into(), "yes"))
        );
        assert_eq!(
            condition("Display when Q12 is No."),
            Some(("Q12".into(), "no"))
        );
        assert_eq!(
            condition("Only if PHI-2 == \"Yes\""),
            Some(("PHI-2".into(), "yes"))
        );
        assert_eq!(condition("Always shown"), None);
        assert_eq!(condition("Show if the answer is Yes"), None);
    }
}
