//! Header likeness: which rows carry the column labels of a question table.
//! A row scores by the roles its short cells name (an answer label weighs
//! most, then a question label, then comment, id and someone-else's labels)
//! and loses score for cells that read as content: a question mark, an id, a
//! Yes/No value. Tables restart under section headers, so every row that
//! scores high enough is a header. After the columns are chosen, rows that
//! label the answer or comment column while their question cell is empty are
//! section headers too, even when the answer label itself was left empty.

use super::Columns;
use super::cells;
use super::labels::{self, Role};
use super::text;
use crate::cellref::CellRef;
use crate::workbook::Sheet;

/// A header row and the roles its cells name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HeaderRow {
    /// Zero-based.
    pub row: u32,
    pub roles: Vec<(u32, Role)>,
}

impl HeaderRow {
    pub(crate) fn has(&self, role: Role) -> bool {
        self.roles.iter().any(|(_, r)| *r == role)
    }

    /// The role this header gives a column, if any.
    pub(crate) fn role_of(&self, col: u32) -> Option<Role> {
        self.roles.iter().find(|(c, _)| *c == col).map(|(_, r)| *r)
    }
}

/// The least score a header row needs.
const HEADER_SCORE: f64 = 2.5;

/// The header rows of a sheet; with `fixed`, exactly those rows.
pub(crate) fn find(sheet: &Sheet, fixed: Option<&[u32]>) -> Vec<HeaderRow> {
    let lists = dropdown_lists(sheet);
    if let Some(rows) = fixed {
        return rows
            .iter()
            .map(|&row| HeaderRow {
                row,
                roles: roles_of(sheet, row, &lists),
            })
            .collect();
    }
    (0..cells::height(sheet))
        .filter_map(|row| {
            let roles = roles_of(sheet, row, &lists);
            (header_likeness(sheet, row, &roles) >= HEADER_SCORE)
                .then_some(HeaderRow { row, roles })
        })
        .collect()
}

/// The header rows grouped into tables: a header row that puts the question
/// or the answer in another column than the table above it starts a new
/// table (two tables of different shapes on one sheet), and so does one
/// further down that labels an answer, mark or comment column the table's
/// headers did not ("# | Question | Answer" over "# | Requirement |
/// Compliant (Y/N) | Evidence | Comments":
/// the first table has no comment column). A header repeated under each
/// section, one naming fewer roles, and the second row of a two-row header
/// stay in their table.
pub(crate) fn tables(found: Vec<HeaderRow>) -> Vec<Vec<HeaderRow>> {
    let mut tables: Vec<Vec<HeaderRow>> = Vec::new();
    let mut shape: (Option<u32>, Option<u32>) = (None, None);
    for h in found {
        let col = |role: Role| h.roles.iter().find(|(_, r)| *r == role).map(|(c, _)| *c);
        let (question, answer) = (col(Role::Question), col(Role::Answer));
        let differs = |ours: Option<u32>, table: Option<u32>| {
            ours.is_some() && table.is_some() && ours != table
        };
        let new_shape = question.is_some()
            && answer.is_some()
            && (differs(question, shape.0)
                || differs(answer, shape.1)
                || tables.last().is_some_and(|t| widens(t, &h)));
        // A band over the header ("Requirement" merged over A:C, "Supplier
        // Response" over D:E) heads no table of its own: the row right
        // under it names the columns.
        let band = |table: &Vec<HeaderRow>| table.len() == 1 && table[0].row + 1 == h.row;
        match tables.last_mut() {
            Some(table) if !new_shape => {
                shape = (shape.0.or(question), shape.1.or(answer));
                table.push(h);
            }
            Some(table) if band(table) => {
                shape = (question, answer);
                *table = vec![h];
            }
            _ => {
                shape = (question, answer);
                tables.push(vec![h]);
            }
        }
    }
    tables
}

/// Whether `h`, a header row below `table`'s and not right under its last,
/// labels an answer, mark or comment column that none of the table's
/// headers labels so.
fn widens(table: &[HeaderRow], h: &HeaderRow) -> bool {
    let Some(last) = table.last() else {
        return false;
    };
    if h.row <= last.row + 1 {
        return false;
    }
    // Only the columns qfill writes count: a section title over the id or
    // question column ("Security Requirements" under "Stream") names a role
    // there by chance.
    h.roles.iter().any(|&(c, role)| {
        matches!(role, Role::Answer | Role::Mark | Role::Comment)
            && !table.iter().any(|t| t.role_of(c) == Some(role))
    })
}

/// A table's header rows split into tables side by side: when its first
/// header row labels a second question column right of an answer column
/// ("# | Question | Answer | Notes" twice across the row), each part of the
/// row heads a table of its own over the same rows. A part starts right
/// after the previous part's last answer, mark or comment column.
pub(crate) fn side_by_side(table: Vec<HeaderRow>) -> Vec<Vec<HeaderRow>> {
    let Some(first) = table.first() else {
        return vec![table];
    };
    let starts = part_starts(first.roles.iter().copied());
    if starts.len() < 2 {
        return vec![table];
    }
    let ends: Vec<u32> = starts
        .iter()
        .skip(1)
        .map(|s| s - 1)
        .chain([u32::MAX])
        .collect();
    starts
        .iter()
        .zip(ends)
        .map(|(&from, to)| {
            table
                .iter()
                .map(|h| HeaderRow {
                    row: h.row,
                    roles: h
                        .roles
                        .iter()
                        .copied()
                        .filter(|(c, _)| (from..=to).contains(c))
                        .collect(),
                })
                .collect()
        })
        .collect()
}

/// Where the parts of a header row start, left to right, when it heads
/// tables side by side: a question column right of an answer, mark or
/// comment column starts a part, right after that column. Each part must
/// name its questions before its answers ("Response | # | Question |
/// Comments" is one table with the answer on the left), and the last part
/// must have its answer column too. One part: `[0]`.
fn part_starts(roles: impl Iterator<Item = (u32, Role)>) -> Vec<u32> {
    let mut starts = vec![0u32];
    let (mut questioned, mut answered, mut last) = (false, false, 0u32);
    for (c, r) in roles {
        match r {
            Role::Question if answered => {
                starts.push(last + 1);
                answered = false;
            }
            Role::Question => questioned = true,
            Role::Answer | Role::Mark if questioned => (answered, last) = (true, c),
            Role::Comment if answered => last = c,
            _ => {}
        }
    }
    if !answered && starts.len() > 1 {
        starts.pop();
    }
    starts
}

/// The roles a row's cells name. Adjacent cells labelled with answers,
/// "Yes" and "No" among them, are mark columns (see [`mark_run`]).
fn roles_of(sheet: &Sheet, row: u32, lists: &[&[String]]) -> Vec<(u32, Role)> {
    let mut texts = cells::row_texts(sheet, row);
    texts.retain(|(c, t)| !lists_a_dropdown(sheet, lists, row, *c, t));
    let marks = mark_run(&texts);
    let roles: Vec<(u32, Role, &str)> = texts
        .iter()
        .filter_map(|(c, t)| {
            if marks.contains(c) {
                Some((*c, Role::Mark, t.as_str()))
            } else {
                labels::role(t).map(|r| (*c, r, t.as_str()))
            }
        })
        .collect();
    let roles = under_respondent_band(sheet, row, requests_asked(visible_first(sheet, roles)));
    // Tables side by side ("Question | Answer" beside "Control | Yes/No")
    // each keep their own answer and comment columns.
    let starts = part_starts(roles.iter().map(|&(c, r, _)| (c, r)));
    let part = |c: u32| starts.iter().filter(|&&s| s <= c).count();
    let ranked = roles
        .iter()
        .map(|&(c, r, _)| {
            let peers = roles.iter().filter(|&&(pc, _, _)| part(pc) == part(c));
            (c, weaker_than_peer(peers, c, r))
        })
        .collect();
    by_group(sheet, row, ranked)
}

/// A row that names answers but no questions, beside a column of what the
/// sender requests ("Document Requested | Provided (Y/N) | Link"): the
/// requests are what is asked, so that column is the question column.
fn requests_asked(mut roles: Vec<(u32, Role, &str)>) -> Vec<(u32, Role, &str)> {
    let asks = roles.iter().any(|(_, r, _)| *r == Role::Question);
    let first_answer = roles
        .iter()
        .find(|(_, r, _)| matches!(r, Role::Answer | Role::Mark))
        .map(|(c, _, _)| *c);
    let (false, Some(first_answer)) = (asks, first_answer) else {
        return roles;
    };
    if let Some(request) = roles
        .iter_mut()
        .find(|(c, r, t)| *c < first_answer && *r == Role::Other && labels::names_request(t))
    {
        request.1 = Role::Question;
    }
    roles
}

/// The sheet's distinct dropdown value lists, once (a generated sheet may
/// give every answer cell a validation of its own, all with one list).
fn dropdown_lists(sheet: &Sheet) -> Vec<&[String]> {
    let mut lists: Vec<&[String]> = Vec::new();
    for d in &sheet.dropdowns {
        if !lists.contains(&d.values.as_slice()) {
            lists.push(&d.values);
        }
    }
    lists
}

/// Whether a cell is one item of a dropdown's source list, the list's
/// items written down a column ("Compliant", "Partially compliant", "Not
/// compliant" in helper column X): a value to pick, not a column's label.
fn lists_a_dropdown(sheet: &Sheet, lists: &[&[String]], row: u32, col: u32, text: &str) -> bool {
    let at = |r: u32| cells::text(sheet, r, col);
    lists.iter().any(|values| {
        values.iter().enumerate().any(|(k, v)| {
            v.trim() == text.trim()
                && (values
                    .get(k + 1)
                    .is_some_and(|n| at(row + 1).trim() == n.trim())
                    || k > 0
                        && row > 0
                        && values
                            .get(k - 1)
                            .is_some_and(|p| at(row - 1).trim() == p.trim()))
        })
    })
}

/// `role` for column `col`, or `Other` when it labels an answer (or comment)
/// column more weakly than another of `peers` does: of two, the weaker label
/// belongs to something else (last year's response, an evidence reference).
fn weaker_than_peer<'a>(
    peers: impl Iterator<Item = &'a (u32, Role, &'a str)>,
    col: u32,
    role: Role,
) -> Role {
    if !matches!(role, Role::Answer | Role::Comment) {
        return role;
    }
    let peers: Vec<_> = peers.filter(|(_, r, _)| *r == role).collect();
    let ours = peers
        .iter()
        .find(|(c, _, _)| *c == col)
        .map(|(_, _, t)| labels::preference(t, role));
    let top = peers
        .iter()
        .map(|(_, _, t)| labels::preference(t, role))
        .max();
    if ours < top { Role::Other } else { role }
}

/// A hidden answer or comment column (last year's responses the sender
/// hid beside this year's) belongs to someone else when a visible column
/// in the row takes the same role; alone, it stays, and fill names the
/// cells it writes there.
fn visible_first<'a>(sheet: &Sheet, roles: Vec<(u32, Role, &'a str)>) -> Vec<(u32, Role, &'a str)> {
    let hidden = |c: u32| sheet.hidden_cols.contains(&c);
    let shown = |role: Role| roles.iter().any(|&(c, r, _)| r == role && !hidden(c));
    let (answer, comment) = (shown(Role::Answer), shown(Role::Comment));
    roles
        .iter()
        .map(|&(c, r, t)| {
            let shadowed =
                hidden(c) && (r == Role::Answer && answer || r == Role::Comment && comment);
            (c, if shadowed { Role::Other } else { r }, t)
        })
        .collect()
}

/// Columns under the respondent's band ("Business Associate Response" over
/// "Yes / No / N/A | Description of Safeguard | Evidence Attached?") are the
/// respondent's: a label there that would head questions ("safeguard")
/// heads the respondent's description, a comment.
fn under_respondent_band<'a>(
    sheet: &Sheet,
    row: u32,
    roles: Vec<(u32, Role, &'a str)>,
) -> Vec<(u32, Role, &'a str)> {
    let Some(above) = row.checked_sub(1) else {
        return roles;
    };
    let band = |c: u32| {
        let cell = CellRef::new(above, c);
        let merged = sheet.merge_at(cell).or_else(|| sheet.merged_into(cell))?;
        (merged.first.col != merged.last.col).then(|| group_label(sheet, above, c))?
    };
    let respondents: Vec<String> = roles
        .iter()
        .filter(|(_, r, _)| *r == Role::Answer)
        .filter_map(|&(c, _, _)| band(c))
        .filter(|label| labels::group_rank(label) == 2)
        .collect();
    if respondents.is_empty() {
        return roles;
    }
    roles
        .into_iter()
        .map(|(c, r, t)| {
            let ours = r == Role::Question && band(c).is_some_and(|b| respondents.contains(&b));
            (c, if ours { Role::Comment } else { r }, t)
        })
        .collect()
}

/// Answer labels repeated under group labels in the row above ("Bidder A |
/// Bidder B | Your response", each over "Answer | Score"): only the group
/// that reads most as the respondent's keeps its answer and comment
/// columns. A group for the sender ("Assessor") loses them, then one of
/// several numbered ones ("Bidder A", "Vendor 2"); one that says whose
/// answer it is ("Your response", "Supplier response") wins. When nothing
/// tells the groups apart, the roles stand (the leftmost answer column wins).
fn by_group(sheet: &Sheet, row: u32, roles: Vec<(u32, Role)>) -> Vec<(u32, Role)> {
    let answers: Vec<u32> = roles
        .iter()
        .filter(|(_, r)| *r == Role::Answer)
        .map(|(c, _)| *c)
        .collect();
    if answers.len() < 2 || row == 0 {
        return roles;
    }
    let rank = |col: u32| group_label(sheet, row - 1, col).map_or(0, |g| labels::group_rank(&g));
    let ranks: Vec<i32> = answers.iter().map(|&c| rank(c)).collect();
    let best = ranks.iter().copied().max().unwrap_or(0);
    if ranks.iter().all(|&r| r == best) {
        return roles;
    }
    roles
        .into_iter()
        .map(|(c, r)| {
            // A comment column under no group is the table's own.
            let grouped = r == Role::Answer || group_label(sheet, row - 1, c).is_some();
            let outranked = matches!(r, Role::Answer | Role::Comment) && grouped && rank(c) < best;
            (c, if outranked { Role::Other } else { r })
        })
        .collect()
}

/// The label of the group above a column: the cell itself, or the merged
/// range that covers it.
fn group_label(sheet: &Sheet, row: u32, col: u32) -> Option<String> {
    let cell = CellRef::new(row, col);
    let own = sheet.text(cell);
    let label = if own.is_empty() {
        sheet
            .merged_into(cell)
            .map(|range| sheet.text(range.first))
            .unwrap_or_default()
    } else {
        own
    };
    (!label.is_empty()).then_some(label)
}

/// The columns of a row's run of answer labels ("Yes | No | N/A"): adjacent
/// cells, at least two, with both "Yes" and "No" among them; else none.
/// A short label between two answer labels, unless it heads comments,
/// questions or ids, is one more answer ("In Place | In Place with CCW |
/// Not Applicable | Not Tested | Not in Place").
fn mark_run(texts: &[(u32, String)]) -> Vec<u32> {
    let is = |t: &str, want: &str| t.trim().eq_ignore_ascii_case(want);
    let known = |i: usize| texts.get(i).is_some_and(|(_, t)| labels::is_mark_label(t));
    let adjacent_to = |i: usize, j: usize| texts[i].0.abs_diff(texts[j].0) == 1;
    let between = |i: usize| {
        let t = &texts[i].1;
        i > 0
            && known(i - 1)
            && known(i + 1)
            && adjacent_to(i - 1, i)
            && adjacent_to(i, i + 1)
            && t.split_whitespace().count() <= 5
            && !matches!(
                labels::role(t),
                Some(Role::Comment | Role::Question | Role::Id)
            )
    };
    let mut run: Vec<&(u32, String)> = Vec::new();
    for (i, cell) in texts.iter().enumerate() {
        let adjacent = run.last().is_some_and(|(c, _)| c + 1 == cell.0);
        if !known(i) && !between(i) {
            if run.len() >= 2 {
                break;
            }
            run.clear();
            continue;
        }
        if !adjacent && run.len() >= 2 {
            break;
        }
        if !adjacent {
            run.clear();
        }
        run.push(cell);
    }
    // Yes and No in any wording: "Compliant | Non-Compliant", "Met | Not Met".
    let has = |want: &str| {
        run.iter()
            .any(|(_, t)| is(t, want) || crate::decide::value_meaning(t) == Some(want))
    };
    // Status columns offer no No ("Implemented | Partially Implemented |
    // Planned | Alternative Implementation | Not Applicable"): three or more
    // with a Yes and an N/A are marks too, and a No goes to review.
    if run.len() >= 2 && has("yes") && (has("no") || run.len() >= 3 && has("na")) {
        run.iter().map(|(c, _)| *c).collect()
    } else {
        Vec::new()
    }
}

/// How much a row looks like a header row: the roles it names, less the
/// cells that read as content. Needs two labels and a core role to count.
pub(crate) fn header_likeness(sheet: &Sheet, row: u32, roles: &[(u32, Role)]) -> f64 {
    let has = |want: Role| roles.iter().any(|(_, r)| *r == want);
    let core = has(Role::Answer) || has(Role::Question) || has(Role::Comment) || has(Role::Mark);
    if roles.len() < 2 || !core {
        return 0.0;
    }
    let mut score: f64 = roles
        .iter()
        .map(|(_, r)| match r {
            Role::Answer => 2.0,
            Role::Question => 1.5,
            Role::Comment | Role::Mark => 1.0,
            Role::Id | Role::Other => 0.5,
        })
        .sum();
    let mark = |c: u32| roles.iter().any(|&(m, r)| m == c && r == Role::Mark);
    let texts = cells::row_texts(sheet, row);
    // Ids of one shape across the row ("IG1 | IG2 | IG3", "Tier1 | Tier2")
    // label columns: a content row has one id, its own.
    let series = |t: &str| {
        let shape = text::id_shape(t);
        texts
            .iter()
            .filter(|(_, o)| is_content_id(o.trim()) && text::id_shape(o.trim()) == shape)
            .count()
            >= 2
    };
    for (c, t) in texts.iter().map(|(c, t)| (*c, t.as_str())) {
        if mark(c) {
            continue;
        }
        let t = t.trim_end_matches('*').trim_end();
        // A label that ends in `?` ("Control in place?") already has its role.
        let labelled = roles.iter().any(|&(m, _)| m == c);
        // "No." heads an id column; "No" may be an answer, unless numbers
        // follow it ("No | Question | Response" over "1 | Do you…").
        let numbered = || text::is_id_like(cells::text(sheet, row + 1, c).trim());
        let numero =
            roles.iter().any(|&(m, r)| m == c && r == Role::Id) && (t.ends_with('.') || numbered());
        // A label qfill does not know over a column whose next cell offers a
        // list ("Compliance" over a Yes/No dropdown) heads an input.
        let over_a_list = || sheet.dropdown_at(CellRef::new(row + 1, c)).is_some();
        if text::reads_as_question(t) && !labelled {
            score -= 3.0;
        } else if !labelled && !is_content_id(t) && !cells::is_answer_value(t) && over_a_list() {
            score += 1.0;
        } else if !numero && (is_content_id(t) && !series(t) || cells::is_answer_value(t)) {
            score -= 2.0;
        }
    }
    score
}

/// An id that marks a content row; a bare number (a count or score beside a
/// header) does not.
fn is_content_id(t: &str) -> bool {
    text::is_id_like(t) && !t.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The header rows plus the section headers that label the chosen columns,
/// sorted (zero-based).
pub(crate) fn with_section_headers(sheet: &Sheet, found: &[HeaderRow], cols: &Columns) -> Vec<u32> {
    let mut rows: Vec<u32> = found.iter().map(|h| h.row).collect();
    for row in 0..cells::height(sheet) {
        if is_section_header(sheet, row, cols) {
            rows.push(row);
        }
    }
    rows.sort_unstable();
    rows.dedup();
    rows
}

/// A row whose answer or comment cell carries that column's label while its
/// question and id cells hold nothing of a question.
fn is_section_header(sheet: &Sheet, row: u32, cols: &Columns) -> bool {
    let question = cells::text(sheet, row, cols.question);
    let question_empty = question.is_empty()
        || sheet
            .merged_into(CellRef::new(row, cols.question))
            .is_some();
    let id_free = cols
        .id
        .is_none_or(|c| !text::is_id_like(&cells::text(sheet, row, c)));
    let labels = |col: Option<u32>, want: Role| {
        col.is_some_and(|c| labels::role(&cells::text(sheet, row, c)) == Some(want))
    };
    question_empty
        && id_free
        && (labels(Some(cols.answer), Role::Answer) || labels(cols.comment, Role::Comment))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet::from_texts(rows)
    }

    #[test]
    fn header_likeness_cases() {
        let cases: &[(&[&str], bool)] = &[
            (&["No.", "Question", "", "Comments"], true),
            // Ids of one shape label columns ("IG1 | IG2 | IG3").
            (
                &["Safeguard", "Question", "IG1", "IG2", "IG3", "Response"],
                true,
            ),
            (
                &[
                    "Question ID",
                    "Question",
                    "Provider Assessment Answer",
                    "Shared Control Ownership",
                ],
                true,
            ),
            (
                &[
                    "Qualifiers",
                    "",
                    "Vendor Answer",
                    "Additional Information",
                    "Guidance",
                ],
                true,
            ),
            (
                &["Level", "Strategy", "", "Yes/No", "Discussion Notes", "2"],
                true,
            ),
            (
                &[
                    "Control ID",
                    "Question ID",
                    "Shared Assessment Question",
                    "Lite Edition",
                ],
                true,
            ),
            (
                &[
                    "Q1",
                    "Do you have an incident response plan?",
                    "Yes",
                    "See notes",
                ],
                false,
            ),
            (&["Q1", "Incident response", "Yes", "See notes"], false),
            (&["Vendor Response"], false),
            (
                &["ID", "Question", "", "Vendor Answer", "", "", "Compliant?"],
                true,
            ),
            (&["General Information", "", "Answer"], false),
            (&["ID", "Question"], false),
        ];
        for (cells, want) in cases {
            let s = sheet(&[cells]);
            let roles = roles_of(&s, 0, &[]);
            let got = header_likeness(&s, 0, &roles) >= HEADER_SCORE;
            assert_eq!(got, *want, "{cells:?}");
        }
    }

    #[test]
    fn section_headers_follow_the_chosen_columns() {
        let s = sheet(&[
            &["Company", "", "Vendor Answer", "Additional Information"],
            &["C-01", "Do you?", "Yes", ""],
            &["General Information", "", "Answer"],
            &["Third Party", "", "", "Additional Information"],
            &["C-02", "Support desk phone number", "", ""],
        ]);
        let found = find(&s, None);
        assert_eq!(found.iter().map(|h| h.row).collect::<Vec<_>>(), [0]);
        let cols = Columns {
            id: Some(0),
            question: 1,
            answer: 2,
            comment: Some(3),
            comment_when: super::super::CommentWhen::Always,
            conditional: [None; 2],
            marks: None,
        };
        assert_eq!(with_section_headers(&s, &found, &cols), [0, 2, 3]);
    }

    #[test]
    fn only_a_second_question_after_an_answer_splits_a_row() {
        let row = |roles: &[(u32, Role)]| {
            vec![HeaderRow {
                row: 0,
                roles: roles.to_vec(),
            }]
        };
        use Role::*;
        let split = |roles: &[(u32, Role)]| side_by_side(row(roles)).len();
        assert_eq!(
            split(&[
                (0, Id),
                (1, Question),
                (2, Answer),
                (3, Comment),
                (5, Id),
                (6, Question),
                (7, Answer)
            ]),
            2
        );
        // The answer on the left of one table.
        assert_eq!(
            split(&[(0, Answer), (1, Id), (2, Question), (3, Comment)]),
            1
        );
        // A second question column with no answer of its own.
        assert_eq!(split(&[(0, Question), (1, Answer), (2, Question)]), 1);
    }

    #[test]
    fn tables_side_by_side_keep_their_own_answer_and_comment_columns() {
        let roles = |cells: &[&str]| roles_of(&sheet(&[cells]), 0, &[]);
        // "Answer" outranks "Y/N" as a label, yet each table keeps its own.
        let got = roles(&["Question", "Answer", "", "Question", "Y/N"]);
        assert_eq!(
            got,
            [
                (0, Role::Question),
                (1, Role::Answer),
                (3, Role::Question),
                (4, Role::Answer)
            ]
        );
        let got = roles(&[
            "#", "Question", "Answer", "Comments", "", "#", "Control", "Yes/No", "Notes",
        ]);
        let comments: Vec<u32> = got
            .iter()
            .filter(|(_, r)| *r == Role::Comment)
            .map(|&(c, _)| c)
            .collect();
        assert_eq!(comments, [3, 8], "{got:?}");
        // Within one table the weaker of two answer labels is something else.
        let got = roles(&["Question", "Answer", "Previous Answer"]);
        assert!(!got.contains(&(2, Role::Answer)), "{got:?}");
    }

    #[test]
    fn a_dropdowns_source_list_beside_the_rows_labels_nothing() {
        let mut s = sheet(&[
            &["#", "Question", "Answer", "Comments", "Answers"],
            &[
                "1",
                "Customer data is encrypted at rest.",
                "",
                "",
                "Compliant",
            ],
            &[
                "2",
                "Workforce access requires MFA.",
                "",
                "",
                "Partially compliant",
            ],
            &["3", "Logs are kept for a year.", "", "", "Not compliant"],
        ]);
        s.dropdowns.push(crate::workbook::Dropdown {
            ranges: vec![crate::cellref::CellRange::parse("C2:C4").unwrap()],
            values: ["Compliant", "Partially compliant", "Not compliant"]
                .map(String::from)
                .to_vec(),
        });
        let rows: Vec<u32> = find(&s, None).iter().map(|h| h.row).collect();
        assert_eq!(rows, [0]);
    }

    #[test]
    fn a_band_right_over_the_header_heads_no_table_of_its_own() {
        let h = |row: u32, roles: &[(u32, Role)]| HeaderRow {
            row,
            roles: roles.to_vec(),
        };
        use Role::*;
        // "Requirement" merged over A:C and "Supplier Response" over D:E,
        // above "ID | Requirement | Required | Response | Comments".
        let band = h(0, &[(0, Question), (3, Answer)]);
        let header = h(1, &[(0, Id), (1, Question), (3, Answer), (4, Comment)]);
        let got = tables(vec![band.clone(), header.clone()]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].iter().map(|h| h.row).collect::<Vec<_>>(), [1]);
        // With rows between them, they head two tables.
        let lower = h(5, &[(0, Id), (1, Question), (3, Answer), (4, Comment)]);
        assert_eq!(tables(vec![band, lower]).len(), 2);
    }

    #[test]
    fn a_short_label_between_answer_labels_is_one_more_answer() {
        let texts: Vec<(u32, String)> = [
            "In Place",
            "In Place with CCW",
            "Not Applicable",
            "Not Tested",
            "Not in Place",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| (i as u32 + 3, t.to_string()))
        .collect();
        assert_eq!(mark_run(&texts), [3, 4, 5, 6, 7]);
        // A comment column between two answers stays a comment column.
        let texts: Vec<(u32, String)> = ["Yes", "Comments", "No"]
            .iter()
            .enumerate()
            .map(|(i, t)| (i as u32, t.to_string()))
            .collect();
        assert!(mark_run(&texts).is_empty(), "{:?}", mark_run(&texts));
    }

    #[test]
    fn status_columns_without_a_no_are_marks() {
        let run = |labels: &[&str]| {
            let texts: Vec<(u32, String)> = labels
                .iter()
                .enumerate()
                .map(|(i, t)| (i as u32 + 2, t.to_string()))
                .collect();
            mark_run(&texts)
        };
        assert_eq!(
            run(&[
                "Implemented",
                "Partially Implemented",
                "Planned",
                "Alternative Implementation",
                "Not Applicable",
            ]),
            [2, 3, 4, 5, 6]
        );
        // Two labels with a Yes and an N/A are no verdict run.
        assert!(run(&["Yes", "N/A"]).is_empty());
    }
}
