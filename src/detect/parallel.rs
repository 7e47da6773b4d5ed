//! Answer columns beside the one qfill fills: a matrix of environments or
//! products ("Production | Staging | Corporate IT"), each column with the
//! answer column's own dropdown. qfill fills one answer column per table,
//! so these are found for the report to name rather than left silently
//! empty.

use super::{SheetLayout, cells};
use crate::cellref::CellRef;
use crate::workbook::Sheet;

/// The columns beside the answer column that take the same answers: on
/// every question row, the same dropdown as the answer cell, and empty. A
/// comment column stops the run, unless it is the answer's own, right
/// beside it, in a run of such pairs ("Response | Comments" for each of
/// several products): then every other column is looked at. Columns to the
/// left count too (when the profile's product chose a column in the
/// middle of the run); the question column ends the run there.
pub fn parallel_answer_columns(sheet: &Sheet, layout: &SheetLayout) -> Vec<u32> {
    let rows: Vec<CellRef> = layout
        .questions
        .iter()
        .filter(|q| q.marks.is_empty())
        .map(|q| q.answer_cell)
        .collect();
    if rows.len() < 2 {
        return Vec::new();
    }
    let taken = |c: u32| {
        Some(c) == layout.comment_col
            || Some(c) == layout.id_col
            || c == layout.question_col
            || layout
                .conditional_comment_cols
                .iter()
                .any(|&(col, _)| col == c)
    };
    let paired = layout.comment_col == Some(layout.answer_col + 1);
    let first = layout.answer_col + if paired { 2 } else { 1 };
    let step = if paired { 2 } else { 1 };
    let same = |col: u32| {
        rows.iter().all(|&cell| {
            let beside = CellRef::new(cell.row, col);
            let list = sheet.dropdown_at(cell);
            list.is_some()
                && sheet.dropdown_at(beside) == list
                && cells::text(sheet, beside.row, col).trim().is_empty()
        })
    };
    let left = (1..=MAX_PARALLEL)
        .map_while(|k| layout.answer_col.checked_sub(k * step))
        .take_while(|&col| col > layout.question_col && !taken(col) && same(col));
    let right = (first..layout.answer_col.saturating_add(1 + MAX_PARALLEL))
        .step_by(step as usize)
        .take_while(|&col| !taken(col) && same(col));
    let mut out: Vec<u32> = left.chain(right).collect();
    out.sort_unstable();
    out
}

/// The most parallel columns looked for.
const MAX_PARALLEL: u32 = 12;

#[cfg(test)]
mod tests {
    use crate::detect::{Overrides, detect};
    use crate::workbook::{Dropdown, Format, Sheet, Workbook};

    /// The sheet's detected layout and its parallel answer columns.
    fn parallel_of(sheet: Sheet) -> (crate::detect::SheetLayout, Vec<u32>) {
        let book = Workbook {
            path: "q.xlsx".into(),
            format: Format::Xlsx,
            sheets: vec![sheet],
        };
        let mut found = detect(&book, &Overrides::default());
        let layout = found.sheets.remove(0);
        let parallel = super::parallel_answer_columns(&book.sheets[0], &layout);
        (layout, parallel)
    }

    #[test]
    fn environment_columns_with_the_answer_dropdown_are_found() {
        let mut sheet = Sheet::from_texts(&[
            &[
                "Ref",
                "Control",
                "Production",
                "Staging",
                "Corporate IT",
                "Notes",
            ],
            &["1", "Is MFA enforced for administrators?", "", "", "", ""],
            &["2", "Is data encrypted at rest?", "", "", "", ""],
        ]);
        sheet.dropdowns.push(Dropdown {
            ranges: vec![crate::cellref::CellRange::parse("C2:E3").unwrap()],
            values: ["Yes", "No", "N/A"].map(String::from).to_vec(),
        });
        let (layout, parallel) = parallel_of(sheet);
        assert_eq!(layout.answer_col, 2);
        assert_eq!(parallel, [3, 4]);
    }

    #[test]
    fn columns_left_of_a_product_chosen_column_are_found() {
        let mut sheet = Sheet::from_texts(&[
            &[
                "ID",
                "Question",
                "Acme Connect",
                "Acme Insights",
                "Acme Mobile",
            ],
            &["1", "Does the product support SSO?", "", "", ""],
            &["2", "Can customers export their data?", "", "", ""],
        ]);
        sheet.dropdowns.push(Dropdown {
            ranges: vec![crate::cellref::CellRange::parse("C2:E3").unwrap()],
            values: ["Yes", "No"].map(String::from).to_vec(),
        });
        let book = Workbook {
            path: "q.xlsx".into(),
            format: Format::Xlsx,
            sheets: vec![sheet],
        };
        let overrides = Overrides {
            product: Some("Acme Insights".into()),
            ..Overrides::default()
        };
        let layout = detect(&book, &overrides).sheets.remove(0);
        assert_eq!(layout.answer_col, 3);
        assert_eq!(
            super::parallel_answer_columns(&book.sheets[0], &layout),
            [2, 4]
        );
    }

    #[test]
    fn products_with_a_response_and_comments_pair_each_are_found() {
        let mut sheet = Sheet::from_texts(&[
            &["", "", "Product A", "", "Product B", "", "Product C", ""],
            &[
                "Ref", "Question", "Response", "Comments", "Response", "Comments", "Response",
                "Comments",
            ],
            &["1", "Is MFA enforced for administrators?"],
            &["2", "Is data encrypted at rest?"],
        ]);
        sheet.dropdowns.push(Dropdown {
            ranges: ["C3:C4", "E3:E4", "G3:G4"]
                .iter()
                .map(|r| crate::cellref::CellRange::parse(r).unwrap())
                .collect(),
            values: ["Yes", "No", "N/A"].map(String::from).to_vec(),
        });
        let (layout, parallel) = parallel_of(sheet);
        assert_eq!((layout.answer_col, layout.comment_col), (2, Some(3)));
        assert_eq!(parallel, [4, 6]);
    }
}
