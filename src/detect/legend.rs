//! Answer codes and the legend that spells them out. A compliance matrix
//! offers "C | PC | NC | NA" and says above the table what they stand for
//! ("C = Compliant; PC = Partially Compliant; NC = Non-Compliant"). Read
//! with their legend, the codes are verdicts like any others: the column is
//! an answer column, and a Yes is written as `C`.

use super::cells;
use crate::cellref::CellRef;
use crate::workbook::Sheet;

/// The longest code a legend spells out ("PC", "N/A", "NMI").
const MAX_CODE: usize = 4;
/// The most words a code's meaning has ("Partially in place").
const MAX_MEANING_WORDS: usize = 8;

/// What each of a dropdown's values means, by the sheet's legend, aligned
/// with `values`: the legend's words for a code it spells out, the value
/// itself for one that already says something ("N/A"). `None` when the
/// values are not short codes, or the sheet spells none of them out.
pub(crate) fn meanings(sheet: &Sheet, values: &[String]) -> Option<Vec<String>> {
    let short = values.len() >= 2
        && values
            .iter()
            .all(|v| (1..=MAX_CODE).contains(&v.trim().chars().count()));
    // Numbers ("1 = Yes, 2 = No, 3 = N/A") are codes only when the legend
    // spells out every one of them as a verdict; a bare scale (1–5) is a
    // rating of its own.
    let numeric = values.iter().all(|v| v.trim().parse::<f64>().is_ok());
    if short && numeric {
        return numeric_meanings(sheet, values);
    }
    let codes = short && values.iter().all(|v| v.chars().any(char::is_alphabetic));
    // Values that say yes and no already ("Yes | No | N/A", "Y | N") need
    // no legend.
    let unexplained = values
        .iter()
        .any(|v| crate::decide::value_meaning(v).is_none());
    if !codes || !unexplained {
        return None;
    }
    let legend = legend_of(sheet, values);
    let mut spelled = 0;
    let out: Vec<String> = values
        .iter()
        .map(|v| {
            match legend
                .iter()
                .find(|(code, _)| code.eq_ignore_ascii_case(v.trim()))
            {
                Some((_, meaning)) => {
                    spelled += 1;
                    Some(meaning.clone())
                }
                None => crate::decide::value_meaning(v).map(|_| v.clone()),
            }
        })
        .collect::<Option<_>>()?;
    (spelled > 0).then_some(out)
}

/// The meanings of numeric codes, when the sheet spells out each of them
/// and they say yes and no ("1 = Yes, 2 = No, 3 = N/A"; a Score | Meaning
/// table of "3 | Fully meets" … "0 | Does not meet").
fn numeric_meanings(sheet: &Sheet, values: &[String]) -> Option<Vec<String>> {
    let legend = legend_of(sheet, values);
    let out: Vec<String> = values
        .iter()
        .map(|v| {
            legend
                .iter()
                .find(|(code, m)| code == v.trim() && !m.contains('?'))
                .map(|(_, m)| m.clone())
        })
        .collect::<Option<_>>()?;
    crate::decide::is_verdict_list(&out).then_some(out)
}

/// Sets each question's `choice_meanings` from the sheet's legend, reading
/// the sheet once per distinct list.
pub(crate) fn annotate(sheet: &Sheet, questions: &mut [super::QuestionRow]) {
    let mut seen: Vec<(Vec<String>, Option<Vec<String>>)> = Vec::new();
    for q in questions.iter_mut() {
        let Some(choices) = &q.choices else { continue };
        let known = seen
            .iter()
            .find(|(c, _)| c == choices)
            .map(|(_, m)| m.clone());
        let found = known.unwrap_or_else(|| {
            let m = meanings(sheet, choices);
            seen.push((choices.clone(), m.clone()));
            m
        });
        q.choice_meanings = found;
    }
}

/// The (code, meaning) pairs the sheet spells out for any of `values`,
/// outside the cells the values are chosen in: "C = Compliant" (several to
/// a cell, split by `;`, `|`, `,` or lines) or a code in one cell and its
/// meaning in the next.
fn legend_of(sheet: &Sheet, values: &[String]) -> Vec<(String, String)> {
    let is_code = |t: &str| {
        values
            .iter()
            .any(|v| v.trim().eq_ignore_ascii_case(t.trim()))
    };
    let mut out = Vec::new();
    for row in 0..cells::height(sheet) {
        for (col, text) in cells::row_texts(sheet, row) {
            let cell = CellRef::new(row, col);
            if sheet.dropdown_at(cell).is_some() {
                continue;
            }
            if is_code(&text) {
                // "Y | P | N" in a header is a row of codes, not a legend.
                let next = cells::text(sheet, row, col + 1);
                if let Some(meaning) = meaning(&next).filter(|m| !is_code(m)) {
                    out.push((text.trim().to_string(), meaning));
                }
                continue;
            }
            for part in text.split([';', '|', ',', '\n']) {
                out.extend(spelled_out(part, &is_code));
            }
        }
    }
    out
}

/// "PC = Partially Compliant", "P – Partially in place", "Codes: NC:
/// Non-Compliant": the code is the word before a separator.
fn spelled_out(part: &str, is_code: &dyn Fn(&str) -> bool) -> Option<(String, String)> {
    const SEPARATORS: &[char] = &['=', ':', '\u{2013}', '\u{2014}', '-'];
    part.char_indices()
        .filter(|(_, c)| SEPARATORS.contains(c))
        .find_map(|(at, sep)| {
            let code = part[..at].split_whitespace().last()?;
            let rest = &part[at + sep.len_utf8()..];
            // A hyphen inside a word ("Non-Compliant") separates nothing.
            let spaced = sep != '-' || part[..at].ends_with(' ');
            (spaced && is_code(code))
                .then(|| meaning(rest).map(|m| (code.to_string(), m)))
                .flatten()
        })
}

/// A meaning: a few words, with a letter.
fn meaning(text: &str) -> Option<String> {
    let t = text.trim();
    let words = t.split_whitespace().count();
    ((1..=MAX_MEANING_WORDS).contains(&words) && t.chars().any(char::is_alphabetic))
        .then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cellref::CellRange;
    use crate::workbook::Dropdown;

    fn values(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn codes_spelled_out_in_one_cell_read_as_their_meanings() {
        let sheet = Sheet::from_texts(&[
            &[
                "Compliance codes: C = Compliant | PC = Partially Compliant | NC = Non-Compliant | NA = Not Applicable",
            ],
            &["Ref", "Requirement", "C/PC/NC/NA"],
        ]);
        let m = meanings(&sheet, &values(&["C", "PC", "NC", "NA"])).unwrap();
        assert_eq!(
            m,
            [
                "Compliant",
                "Partially Compliant",
                "Non-Compliant",
                "Not Applicable"
            ]
        );
    }

    #[test]
    fn numeric_codes_are_read_only_when_each_is_spelled_out_as_a_verdict() {
        let sheet = Sheet::from_texts(&[
            &["Response codes: 1 = Yes, 2 = No, 3 = N/A"],
            &["Ref", "Question", "Response code"],
            &["1", "Do you encrypt data at rest?"],
        ]);
        let m = meanings(&sheet, &values(&["1", "2", "3"])).unwrap();
        assert_eq!(m, ["Yes", "No", "N/A"]);
        // A scale nobody spells out is a rating of its own.
        let bare = Sheet::from_texts(&[&["Ref", "Question", "Maturity (1-5)"], &["1", "Do you?"]]);
        assert_eq!(meanings(&bare, &values(&["1", "2", "3", "4", "5"])), None);
        // A row number beside a short question is no legend.
        let numbered =
            Sheet::from_texts(&[&["#", "Question", "Score"], &["1", "MFA?"], &["2", "SSO?"]]);
        assert_eq!(meanings(&numbered, &values(&["1", "2"])), None);
    }

    #[test]
    fn a_legend_table_of_code_and_meaning_cells_is_read() {
        let mut sheet = Sheet::from_texts(&[
            &["Code", "Meaning"],
            &["Y", "Fully in place"],
            &["P", "Partially in place"],
            &["N", "Not in place"],
            &["", ""],
            &["Ref", "Control", "Response"],
            &["1", "Is MFA enforced?", "P"],
        ]);
        sheet.dropdowns.push(Dropdown {
            ranges: vec![CellRange::parse("C7:C7").unwrap()],
            values: values(&["Y", "P", "N", "NA"]),
        });
        let m = meanings(&sheet, &values(&["Y", "P", "N", "NA"])).unwrap();
        assert_eq!(
            m,
            ["Fully in place", "Partially in place", "Not in place", "NA"]
        );
    }

    #[test]
    fn words_and_unexplained_codes_have_no_legend() {
        let sheet = Sheet::from_texts(&[&["Answer Yes or No"], &["C = Compliant"]]);
        assert!(meanings(&sheet, &values(&["Yes", "No"])).is_none());
        // "X" is spelled out nowhere and says nothing itself.
        assert!(meanings(&sheet, &values(&["C", "X"])).is_none());
        // Nothing spelled out at all.
        assert!(meanings(&sheet, &values(&["Y", "N"])).is_none());
        // A header row of the codes themselves is no legend.
        let header = Sheet::from_texts(&[&["Ref", "Control", "Y", "P", "N"]]);
        assert!(meanings(&header, &values(&["Y", "P", "N"])).is_none());
    }
}
