//! Comment columns meant for some answers only: "If No, please explain",
//! "If Yes, describe", "Justification (if N/A)". The detail behind a "Yes"
//! does not belong under "If No"; reading the condition lets a table with
//! one column per case take each answer's detail in the right one.

use super::QuestionRow;
use crate::cellref::CellRef;
use std::fmt;

/// When a comment column is meant to be filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CommentWhen {
    /// Beside any answer ("Comments").
    #[default]
    Always,
    /// Only beside answers with one of these verdicts.
    Only { yes: bool, no: bool, na: bool },
}

impl CommentWhen {
    /// Whether the column takes the detail of an answer with this verdict
    /// (`"yes"`, `"no"`, `"na"`, as [`crate::decide::verdict`] gives it). An
    /// answer with no verdict ("AWS", "Annually") goes only where any goes.
    pub fn admits(self, verdict: Option<&str>) -> bool {
        match (self, verdict) {
            (CommentWhen::Always, _) => true,
            (CommentWhen::Only { yes, .. }, Some("yes")) => yes,
            (CommentWhen::Only { no, .. }, Some("no")) => no,
            (CommentWhen::Only { na, .. }, Some("na")) => na,
            (CommentWhen::Only { .. }, _) => false,
        }
    }

    /// The condition a header label states, if it states one: "if" followed
    /// by verdicts ("If no or N/A, explain", "Comments (if 'No')").
    pub(crate) fn of_label(label: &str) -> CommentWhen {
        let lower = label.to_lowercase().replace("n/a", "na");
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let (mut yes, mut no, mut na) = (false, false, false);
        // "Comments (mandatory if No)" takes any comment, and must have one
        // beside a No.
        const ANY_CASE: &[&str] = &["mandatory", "required", "compulsory", "especially"];
        for (i, _) in words
            .iter()
            .enumerate()
            .filter(|(i, w)| **w == "if" && !(*i > 0 && ANY_CASE.contains(&words[i - 1])))
        {
            let mut rest = words[i + 1..].iter().copied().peekable();
            while let Some(w) = rest.next() {
                match w {
                    "yes" | "y" | "so" => yes = true,
                    "no" | "n" | "not" => {
                        // "If not applicable" is N/A; "If not" is no.
                        if rest.peek() == Some(&"applicable") {
                            rest.next();
                            na = true;
                        } else {
                            no = true;
                        }
                    }
                    "na" => na = true,
                    "or" | "and" => continue,
                    _ => break,
                }
            }
        }
        // "N/A justification", "Not applicable reason": a column named
        // after the verdict it explains.
        let named_for_na = matches!(
            words.as_slice(),
            ["na", _, ..] | ["not", "applicable", _, ..]
        );
        if yes || no || na {
            CommentWhen::Only { yes, no, na }
        } else if named_for_na {
            CommentWhen::Only {
                yes: false,
                no: false,
                na: true,
            }
        } else {
            CommentWhen::Always
        }
    }
}

impl QuestionRow {
    /// The values the answer may take: the dropdown's, else those the
    /// header spells out.
    pub fn allowed(&self) -> Option<&[String]> {
        self.choices.as_deref().or(self.spelled.as_deref())
    }

    /// The comment cell for the detail of an answer with this verdict, and
    /// what it already holds: a cell meant for that verdict ("If No, please
    /// explain" beside a No) first, else one meant for any answer. `None`
    /// when every comment cell is meant for other answers.
    pub fn comment_for(&self, verdict: Option<&str>) -> Option<(CellRef, &str)> {
        let main = self
            .comment_cell
            .map(|c| (c, self.comment_when, self.existing_comment.as_str()));
        let others = self
            .conditional_comments
            .iter()
            .map(|cc| (cc.cell, cc.when, cc.existing.as_str()));
        let admitted: Vec<_> = main
            .into_iter()
            .chain(others)
            .filter(|(_, when, _)| when.admits(verdict))
            .collect();
        admitted
            .iter()
            .find(|(_, when, _)| *when != CommentWhen::Always)
            .or(admitted.first())
            .map(|&(cell, _, existing)| (cell, existing))
    }
}

impl fmt::Display for CommentWhen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let CommentWhen::Only { yes, no, na } = *self else {
            return f.write_str("always");
        };
        let names: Vec<&str> = [(yes, "yes"), (no, "no"), (na, "n/a")]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, n)| *n)
            .collect();
        write!(f, "if {}", names.join(" or "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only(yes: bool, no: bool, na: bool) -> CommentWhen {
        CommentWhen::Only { yes, no, na }
    }

    #[test]
    fn labels_state_their_condition() {
        for (label, want) in [
            ("Comments", CommentWhen::Always),
            ("Additional Information", CommentWhen::Always),
            ("If applicable, comment", CommentWhen::Always),
            ("If other, specify", CommentWhen::Always),
            ("If no, please explain", only(false, true, false)),
            (
                "If 'No', explain compensating controls",
                only(false, true, false),
            ),
            ("If not, why not?", only(false, true, false)),
            ("If yes, describe", only(true, false, false)),
            ("If so, how often?", only(true, false, false)),
            ("If No or N/A, explain", only(false, true, true)),
            ("If No/N/A, justify", only(false, true, true)),
            (
                "Justification (if not applicable)",
                only(false, false, true),
            ),
            ("Comments (if Yes)", only(true, false, false)),
            ("Supplier Comments (mandatory if No)", CommentWhen::Always),
            ("Explanation (required if N/A)", CommentWhen::Always),
            ("N/A justification", only(false, false, true)),
            ("Not applicable - reason", only(false, false, true)),
            ("NA comments", only(false, false, true)),
            ("N/A", CommentWhen::Always),
        ] {
            assert_eq!(CommentWhen::of_label(label), want, "{label}");
        }
    }

    #[test]
    fn answers_go_where_their_verdict_is_asked_for() {
        let if_no = only(false, true, false);
        assert!(if_no.admits(Some("no")));
        assert!(!if_no.admits(Some("yes")));
        assert!(!if_no.admits(None));
        assert!(CommentWhen::Always.admits(None));
        assert_eq!(only(false, true, true).to_string(), "if no or n/a");
    }
}
