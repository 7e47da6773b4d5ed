//! The measures `realq` reports: a hit/total ratio per measure, summed over
//! files, printed as a small block, and which of them gate the run.

use std::fmt::Write as _;

/// A count of hits out of a total; 100% when there is nothing to count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Ratio {
    hits: usize,
    total: usize,
}

impl Ratio {
    pub(super) fn add(&mut self, hit: bool) {
        self.total += 1;
        self.hits += usize::from(hit);
    }

    pub(super) fn merge(&mut self, other: Ratio) {
        self.hits += other.hits;
        self.total += other.total;
    }

    pub(super) fn is_full(self) -> bool {
        self.hits == self.total
    }

    fn percent(self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.hits as f64 * 100.0 / self.total as f64
        }
    }
}

impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{} {:.1}%", self.hits, self.total, self.percent())
    }
}

/// Every measure of one file (or the total).
#[derive(Debug, Clone, Default)]
pub(super) struct Scores {
    pub(super) question_precision: Ratio,
    pub(super) question_recall: Ratio,
    pub(super) sheet_precision: Ratio,
    pub(super) sheet_recall: Ratio,
    pub(super) answer_col: Ratio,
    pub(super) notes_col: Ratio,
    pub(super) id_col: Ratio,
    pub(super) ids: Ratio,
    pub(super) dropdowns: Ratio,
    pub(super) formula_flagged: Ratio,
    /// Rows flagged as formula answers that are not (hits = rows not wrongly flagged).
    pub(super) formula_false: Ratio,
    pub(super) merged_top_left: Ratio,
    pub(super) header_rows: Ratio,
    pub(super) institution_flagged: Ratio,
}

impl Scores {
    pub(super) fn merge(&mut self, o: &Scores) {
        self.question_precision.merge(o.question_precision);
        self.question_recall.merge(o.question_recall);
        self.sheet_precision.merge(o.sheet_precision);
        self.sheet_recall.merge(o.sheet_recall);
        self.answer_col.merge(o.answer_col);
        self.notes_col.merge(o.notes_col);
        self.id_col.merge(o.id_col);
        self.ids.merge(o.ids);
        self.dropdowns.merge(o.dropdowns);
        self.formula_flagged.merge(o.formula_flagged);
        self.formula_false.merge(o.formula_false);
        self.merged_top_left.merge(o.merged_top_left);
        self.header_rows.merge(o.header_rows);
        self.institution_flagged.merge(o.institution_flagged);
    }

    /// The measures that must be 100%, by name.
    pub(super) fn gates(&self) -> Vec<(&'static str, Ratio)> {
        vec![
            ("question precision", self.question_precision),
            ("question recall", self.question_recall),
            ("sheet precision", self.sheet_precision),
            ("sheet recall", self.sheet_recall),
            ("answer column", self.answer_col),
            ("notes column", self.notes_col),
            ("id column", self.id_col),
            ("question ids", self.ids),
            ("formula answers flagged", self.formula_flagged),
            ("answers wrongly flagged as formulas", self.formula_false),
            ("merged answers at top-left", self.merged_top_left),
            ("dropdown values", self.dropdowns),
        ]
    }

    pub(super) fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "  questions  precision {}   recall {}",
            self.question_precision, self.question_recall
        );
        let _ = writeln!(
            s,
            "  sheets     precision {}   recall {}",
            self.sheet_precision, self.sheet_recall
        );
        let _ = writeln!(
            s,
            "  columns    answer {}   notes {}   id {}   ids per row {}",
            self.answer_col, self.notes_col, self.id_col, self.ids
        );
        let _ = writeln!(s, "  dropdowns  {}", self.dropdowns);
        let _ = writeln!(
            s,
            "  writable   formula answers flagged {}   not wrongly flagged {}   merged at top-left {}",
            self.formula_flagged, self.formula_false, self.merged_top_left
        );
        let _ = writeln!(
            s,
            "  info       header rows found {}   institution rows flagged {}",
            self.header_rows, self.institution_flagged
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_count_and_print() {
        let cases = [
            (&[][..], "0/0 100.0%", true),
            (&[true, false][..], "1/2 50.0%", false),
            (&[true, true, true][..], "3/3 100.0%", true),
        ];
        for (hits, shown, full) in cases {
            let mut r = Ratio::default();
            for h in hits {
                r.add(*h);
            }
            assert_eq!(r.to_string(), shown);
            assert_eq!(r.is_full(), full);
        }
    }
}
