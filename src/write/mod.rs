//! The last stage: turn decisions into a filled workbook. The plan
//! ([`WritePlan`]) says which cells get which text, which are highlighted for
//! review and what the summary sheet holds; a writer carries it out. xlsx and
//! xlsm inputs are edited in place at the package level so everything else of
//! the prospect's file survives; other formats are re-created as a new xlsx.
//! Every writer goes through [`atomic`], so a failure leaves nothing behind.

pub mod atomic;
mod csv_out;
mod new_xlsx;
pub(crate) mod sticky;

pub use csv_out::{defuse, write_csv};
pub(crate) use new_xlsx::sheet_name as excel_sheet_name;
pub use new_xlsx::{REVIEW_FILL, write_new_xlsx};

use crate::cellref::CellRef;

/// One cell to fill.
#[derive(Debug, Clone, PartialEq)]
pub struct CellWrite {
    /// The sheet's name as in the workbook.
    pub sheet: String,
    pub cell: CellRef,
    /// Written as text, never as a formula, whatever it starts with.
    pub text: String,
    /// Written as this number instead, for a cell that takes only numbers
    /// (`text` is the same number, for csv and messages).
    pub number: Option<f64>,
    /// Written as this boolean instead, for a cell whose dropdown offers
    /// TRUE and FALSE (Excel stores a picked TRUE as the boolean, which a
    /// buyer's `COUNTIF(C:C, TRUE)` counts; `text` is "TRUE" or "FALSE").
    pub boolean: Option<bool>,
    /// Mark the cell for a person to check (a `review` suggestion).
    pub highlight: bool,
    /// A note to attach to the cell (suggested entry and score), when highlighting.
    pub note: Option<String>,
}

/// Text longer than this many characters wraps in its cell.
const WRAP_BEYOND: usize = 40;

/// Whether written text should wrap in its cell: a long or multi-line answer
/// would otherwise run across its neighbours as one line.
pub(crate) fn wraps(text: &str, number: Option<f64>) -> bool {
    number.is_none() && (text.contains('\n') || text.chars().count() > WRAP_BEYOND)
}

/// Everything a writer must do to the workbook.
#[derive(Debug, Clone, Default)]
pub struct WritePlan {
    pub writes: Vec<CellWrite>,
    /// Rows of the `qfill summary` sheet (first row is the header); `None` adds no sheet.
    pub summary: Option<Vec<Vec<String>>>,
}

/// The name of the sheet qfill adds.
pub const SUMMARY_SHEET: &str = "qfill summary";
