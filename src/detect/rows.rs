//! Question likeness of rows, once the columns are known. A row is a question
//! when its question cell holds text that is not a caption, a title or a
//! paragraph merged across the answer column, and either reads as a question
//! or carries an id of the table's dominant shape. Above the first header only
//! id-carrying rows count, and their id must share a shape with the ids below
//! (so a version number in a title row does not). Where most questions carry
//! ids, a row without one must end in `?` (quality criteria and assertions
//! under a question do not). Notes that say rows are populated by the
//! institution mark those rows so they are not written.

use super::{Columns, ConditionalComment, QuestionRow, Writable, cells, text};
use crate::cellref::CellRef;
use crate::workbook::Sheet;
use std::collections::{BTreeSet, HashMap};

/// A cell reads as a question at this likeness.
const QUESTION_LIKE: f64 = 0.5;
/// Share of question-like rows with an id above which ids are expected.
const IDS_EXPECTED: f64 = 0.8;
/// Share of id rows an id shape needs to count as the table's scheme.
const COMMON_SHAPE: f64 = 0.25;

/// A row with question text, before the decision.
#[derive(Debug, Clone)]
struct Candidate {
    row: u32,
    id: Option<String>,
    text: String,
    likeness: f64,
    /// The question cell's text opens with spaces (an option listed under
    /// its question).
    indented: bool,
    /// The answer cell offers a list of answers.
    listed: bool,
    /// The id column's text, id-like or not ("webapp_auth_saml").
    key: Option<String>,
    /// A letter in a column of its own between the id and the question
    /// ("2 | a | Is MFA enforced…?"): the row is an item.
    sub: bool,
    /// The row's id, answer or comment cell marks it as the form's worked
    /// example ("Example | Do you have a firewall? | Yes").
    example: bool,
    /// The answer cell is a checkbox (it holds TRUE or FALSE): the row is
    /// one to tick, however short ("Host firewall enabled on laptops").
    boxed: bool,
}

/// How far to trust the question column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trust {
    /// Detected: rows must read as questions or carry an id.
    Detected,
    /// Named by the user: any row of four words or more counts too.
    Given,
}

/// The question rows of a sheet, in row order.
pub(crate) fn find(
    sheet: &Sheet,
    cols: &Columns,
    headers: &[u32],
    bounds: (Option<u32>, Option<u32>),
    trust: Trust,
) -> Vec<QuestionRow> {
    let first_header = headers.first().copied();
    let sub_cols = sub_question_columns(sheet, cols, headers);
    // A table without headers that a layout file gives is a form (as
    // `inspect` lists one): its "Label:" cells are fields, not captions.
    let given_form = trust == Trust::Given && headers.is_empty();
    let candidates: Vec<Candidate> = (0..cells::height(sheet))
        .filter(|r| bounds.0.is_none_or(|f| *r >= f) && bounds.1.is_none_or(|l| *r <= l))
        .filter(|r| !headers.contains(r))
        .filter_map(|r| candidate(sheet, cols, r, &sub_cols, given_form))
        .collect();
    let candidates = join_sharing_an_answer(sheet, cols, candidates);
    let candidates = join_continuations(candidates);
    let candidates = join_bulleted_details(candidates);
    let candidates = scoped(sheet, cols, headers, candidates);
    let mut scheme = Scheme::of(&candidates, first_header);
    scheme.has_id_col = cols.id.is_some();
    scheme.trust = trust;
    // The sender's column saying what each answer is ("Answer Type").
    let type_col = cols.labelled(sheet, headers, names_answer_type);
    let documents_requested = headers
        .iter()
        .any(|&h| super::labels::names_request(&cells::text(sheet, h, cols.question)));
    scheme.requests = headers
        .iter()
        .any(|&h| super::labels::names_items(&cells::text(sheet, h, cols.question)));
    let (lead_ins, items) = lead_ins(&candidates);
    let headings = unlisted_headings(sheet, cols, &candidates);
    let notes = notes_block(sheet, cols.question, headers, bounds);
    let foreign = foreign_table(sheet, cols, headers, bounds);
    // "Response (Y / N / NA)" over cells without a dropdown: the header's
    // values are the answers it takes.
    let spelled: HashMap<u32, Vec<String>> = headers
        .iter()
        .filter_map(|&h| {
            super::labels::spelled_values(&cells::text(sheet, h, cols.answer)).map(|v| (h, v))
        })
        .collect();
    // "Comments (max 200 characters)": read once per header and column.
    let limits: HashMap<(u32, u32), Option<usize>> = headers
        .iter()
        .flat_map(|&h| {
            [Some(cols.answer), cols.comment]
                .into_iter()
                .flatten()
                .map(move |c| (h, c))
        })
        .map(|(h, c)| ((h, c), text::char_limit(&cells::text(sheet, h, c))))
        .collect();
    let hinted = |row: u32| {
        let header = headers.iter().rev().find(|&&h| h < row)?;
        spelled.get(header).cloned()
    };
    let considered = |i: usize, c: &Candidate| {
        !lead_ins.contains(&i)
            && !headings.contains(&i)
            && !notes.contains(&c.row)
            && !foreign.contains(&c.row)
    };
    let accepted: Vec<bool> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            considered(i, c) && (items.contains_key(&i) || scheme.accepts(c, first_header))
        })
        .collect();
    let mut fields = field_runs(&candidates, &accepted, first_header, trust);
    // "Sub-processor name | Service / purpose | Location | Safeguard" over an
    // empty list: the header of a table to fill in, not a field.
    fields.retain(|&i| {
        let row = candidates[i].row;
        !labels_a_list(sheet, cols, row) && !pairs_another_label(sheet, cols, headers, row)
    });
    let title = sheet_title(&candidates, &accepted, first_header);
    let rows = candidates
        .into_iter()
        .enumerate()
        .filter(|(i, c)| {
            considered(*i, c) && (accepted[*i] || fields.contains(i)) && title != Some(*i)
        })
        .map(|(i, mut c)| {
            // An item reads as a question with its lead-in ("Does your
            // password policy require the following: a minimum length of 12?").
            if let Some(lead) = items.get(&i) {
                let own = strip_enumerator(&c.text);
                c.text = if stands_alone(own) {
                    own.to_string()
                } else {
                    format!("{lead} {own}")
                };
            }
            let mut q = question_row(sheet, cols, c);
            if q.choices.is_none() {
                let header = headers.iter().rev().find(|&&h| h < q.row).copied();
                q.spelled = row_options(sheet, cols, q.row, header)
                    .or_else(|| hinted(q.row))
                    .or_else(|| asked_values(&q.text));
            }
            let limit_in = |col: u32| {
                let header = headers.iter().rev().find(|&&h| h < q.row)?;
                limits.get(&(*header, col)).copied().flatten()
            };
            q.answer_limit = limit_in(cols.answer).or_else(|| bracketed_limit(&q.text));
            q.answer_words = headers
                .iter()
                .rev()
                .find(|&&h| h < q.row)
                .and_then(|&h| text::word_limit(&cells::text(sheet, h, cols.answer)))
                .or_else(|| bracketed(&q.text, text::word_limit));
            q.comment_limit = cols.comment.and_then(limit_in);
            q.field = fields.contains(&i);
            if q.marks.is_empty() && all_that_apply(&q.text) {
                let header = headers.iter().rev().find(|&&h| h < q.row).copied();
                if let Some(header) = header {
                    options_under(sheet, cols, header, &mut q);
                }
            }
            q.requested = documents_requested;
            q.declared = type_col.and_then(|c| declared_type(&cells::text(sheet, q.row, c)));
            q
        })
        .collect::<Vec<_>>();
    unticked_checkboxes(sheet, rows)
}

/// The rows with a column of checkbox cells nobody has ticked yet (every
/// answer cell holds the boolean FALSE, as Excel's checkboxes start): FALSE
/// is the template's, not the vendor's No, and the cells are to fill.
fn unticked_checkboxes(sheet: &Sheet, mut rows: Vec<QuestionRow>) -> Vec<QuestionRow> {
    let unticked = rows.len() >= 2
        && rows.iter().all(|q| {
            matches!(
                sheet.value(q.answer_cell),
                crate::workbook::Value::Bool(false)
            )
        });
    if unticked {
        for q in &mut rows {
            q.existing_answer.clear();
        }
    }
    rows
}

/// The values a row spells out in a cell of its own ("Response options:
/// Yes / No / N/A" beside each question, with no dropdown): answers take
/// one of them. Any list counts under a header that names it ("Allowed
/// Values": "AWS;Azure;GCP") or after a label saying so ("Response options:
/// …"); elsewhere only a list of yes and no values does, in a column that
/// is not the question, answer or comment column.
fn row_options(
    sheet: &Sheet,
    cols: &Columns,
    row: u32,
    header: Option<u32>,
) -> Option<Vec<String>> {
    if cols.marks.is_some() {
        return None;
    }
    let taken = cols.taken();
    let conditional = cols.conditional.iter().flatten().map(|(c, _)| Some(*c));
    let taken: Vec<Option<u32>> = taken.into_iter().chain(conditional).collect();
    let free = || (0..sheet.width()).filter(|c| !taken.contains(&Some(*c)));
    let listed = free().find_map(|c| {
        let text = cells::text(sheet, row, c);
        let under_list =
            header.is_some_and(|h| super::labels::lists_allowed_values(&cells::text(sheet, h, c)));
        let labelled = text
            .split_once(crate::detect::text::COLONS)
            .filter(|(label, _)| super::labels::lists_allowed_values(label));
        match labelled {
            Some((_, values)) => super::labels::listed_values(values),
            None if under_list => super::labels::listed_values(&text),
            None => None,
        }
    });
    listed.or_else(|| {
        free()
            .map(|c| cells::text(sheet, row, c))
            .filter(|t| !t.is_empty() && t.len() <= 40)
            .find_map(|t| super::labels::format_values(&t))
    })
}

/// A limit the question sets in brackets ("Describe your process (max 500
/// characters)"); one in its own words ("Are passwords at most 64
/// characters?") is what it asks about.
fn bracketed_limit(question: &str) -> Option<usize> {
    bracketed(question, text::char_limit)
}

/// The first limit `read` finds in the question's brackets.
fn bracketed(question: &str, read: fn(&str) -> Option<usize>) -> Option<usize> {
    question
        .split(['(', '['])
        .skip(1)
        .filter_map(|part| part.split([')', ']']).next())
        .find_map(read)
}

/// The fewest short labels in a row that make a block of form fields.
const MIN_FIELD_RUN: usize = 3;
/// The most rows apart two fields of one block are.
const MAX_FIELD_GAP: u32 = 2;

/// Form fields among a table's rows: short labels that are not questions
/// but name a value a form asks for ("Company legal name", "Security
/// contact email", "Number of employees"). Under a header each such label
/// is one; without a header, only runs of at least [`MIN_FIELD_RUN`]
/// labels, most of them naming values, are. A section title ("Section 1 –
/// Company details") or a list of domains ("Access Control", "Encryption")
/// is no field.
fn field_runs(
    candidates: &[Candidate],
    accepted: &[bool],
    first_header: Option<u32>,
    trust: Trust,
) -> BTreeSet<usize> {
    let fieldish = |i: usize| {
        let c = &candidates[i];
        !accepted[i]
            && first_header.is_none_or(|h| c.row > h)
            && (super::forms::plain_label(&c.text).is_some()
                || trust == Trust::Given && super::forms::field_label(&c.text).is_some())
            && !is_section_title(&c.text)
    };
    let mut runs: Vec<Vec<usize>> = Vec::new();
    for i in (0..candidates.len()).filter(|&i| fieldish(i)) {
        match runs.last_mut() {
            Some(run)
                if run.last().is_some_and(|&l| {
                    l + 1 == i && candidates[i].row - candidates[l].row <= MAX_FIELD_GAP
                }) =>
            {
                run.push(i);
            }
            _ => runs.push(vec![i]),
        }
    }
    // Under a header, a label that names a value or asks for a description
    // is a field on its own ("Company legal name", "Brief description of
    // the service"); without one, only a block of them makes a form.
    let named =
        |i: &usize| names_a_value(&candidates[*i].text) || asks_in_noun_form(&candidates[*i].text);
    if first_header.is_some() {
        return runs.into_iter().flatten().filter(named).collect();
    }
    // A layout file that gives the rows vouches for fields written as
    // "Label:" (the fields above a table that `inspect` lists), even one.
    let colon = |i: &usize| super::forms::field_label(&candidates[*i].text).is_some();
    runs.into_iter()
        .filter(|run| {
            let given = trust == Trust::Given && run.iter().all(colon);
            given
                || run.len() >= MIN_FIELD_RUN
                    && 2 * run.iter().filter(|i| named(i)).count() >= run.len()
        })
        .flatten()
        .collect()
}

/// A request written as a noun ("Brief description of the service",
/// "Summary of your backup process", "List of sub-processors").
fn asks_in_noun_form(label: &str) -> bool {
    const NOUNS: &[&str] = &[
        "description",
        "details",
        "summary",
        "list",
        "overview",
        "explanation",
        "outline",
    ];
    let lower = label.to_lowercase();
    let mut words = lower.split_whitespace();
    let first = words.next().unwrap_or_default();
    let noun = if ["brief", "short", "detailed", "full", "high-level"].contains(&first) {
        words.next().unwrap_or_default()
    } else {
        first
    };
    NOUNS.contains(&noun) && words.next() == Some("of")
}

/// Whether a question is a short label that names a value ("Security
/// contact email", "Number of employees"): its answer is the value alone,
/// without the entry's detail.
pub(crate) fn asks_a_value(text: &str) -> bool {
    super::forms::plain_label(text).is_some() && names_a_value(text)
}

/// Whether a label names a value a form asks for: a name, an address, a
/// number, a date.
fn names_a_value(label: &str) -> bool {
    const NOUNS: &[&str] = &[
        "name",
        "email",
        "e-mail",
        "address",
        "phone",
        "telephone",
        "mobile",
        "website",
        "url",
        "number",
        "title",
        "date",
        "signature",
        "employees",
        "headcount",
        "country",
        "registration",
        "revenue",
        "founded",
        "duns",
        "vat",
        "tax",
        "id",
        "city",
        "postcode",
        "zip",
        "headquarters",
        // A party or a measure named in the singular ("Hosting provider",
        // "Payment processor", "Policy limit", "Primary hosting region");
        // in the plural it heads a section ("Service Providers").
        "provider",
        "processor",
        "insurer",
        "amount",
        "limit",
        "region",
        "percentage",
        "currency",
        "version",
    ];
    // A unit in brackets asks for a figure ("Coverage (USD)", "Uptime (%)").
    const UNITS: &[&str] = &[
        "(usd)", "($)", "(%)", "(eur)", "(gbp)", "(€)", "(£)", "(days)", "(hours)",
    ];
    let lower = label.to_lowercase();
    UNITS.iter().any(|u| lower.contains(u))
        || lower
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|w| NOUNS.contains(&w))
}

/// Whether a label row holds a second label between the question and
/// answer columns, in a column no header names ("Bank name | [box] |
/// Account holder | [box]" under a question table whose questions span
/// those columns): a form's pairs, not one of the table's fields.
fn pairs_another_label(sheet: &Sheet, cols: &Columns, headers: &[u32], row: u32) -> bool {
    let (low, high) = (
        cols.question.min(cols.answer),
        cols.question.max(cols.answer),
    );
    cells::row_texts(sheet, row).iter().any(|(c, t)| {
        let unlabelled = headers
            .iter()
            .all(|&h| cells::text(sheet, h, *c).trim().is_empty());
        low < *c && *c < high && unlabelled && super::forms::plain_label(t).is_some()
    })
}

/// Whether a row reads as the header of a list to fill in: four or more
/// short labels side by side (no digits, no question, no colon), over a
/// row whose question cell is still empty.
fn labels_a_list(sheet: &Sheet, cols: &Columns, row: u32) -> bool {
    let open_below = cells::text(sheet, row + 1, cols.question).trim().is_empty();
    open_below
        && cells::row_texts(sheet, row)
            .iter()
            .filter(|(_, t)| {
                let t = t.trim();
                !t.is_empty()
                    && words(t) <= 5
                    && !t.chars().any(|c| c.is_ascii_digit())
                    && !t.ends_with(['?', ':'])
            })
            .count()
            >= 4
}

/// A title over sections ("Section 2 – Contacts", "PART B", "COMPANY
/// DETAILS") or a sum below them, not a field.
fn is_section_title(text: &str) -> bool {
    // Titles, and the sums a sheet works out below its questions ("Total
    // 'No' answers", "Overall result").
    const OPENINGS: &[&str] = &[
        "section", "part", "chapter", "appendix", "annex", "module", "domain", "category", "step",
        "score",
    ];
    const SUMS: &[&str] = &[
        "total",
        "totals",
        "sum",
        "count",
        "overall",
        "average",
        "subtotal",
        "percentage",
        "percent",
    ];
    // What a sum below the questions counts: a total of the vendor's own
    // staff ("Total number of employees") is a field.
    const TALLIED: &[&str] = &[
        "answer",
        "answers",
        "score",
        "scores",
        "points",
        "result",
        "results",
        "yes",
        "no",
        "question",
        "questions",
        "item",
        "items",
        "compliant",
        "compliance",
        "responses",
        "response",
        "weight",
        "weighted",
        "rating",
        "met",
        "n/a",
        "na",
    ];
    let lower = text.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .filter(|w| !w.is_empty())
        .collect();
    let first = tokens.first().copied().unwrap_or_default();
    let tallied = tokens.iter().any(|w| TALLIED.contains(w));
    let sum =
        SUMS.contains(&first) && (tokens.len() == 1 || tallied) || first == "number" && tallied;
    // A heading in capitals ("COMPANY DETAILS"); one word in capitals is
    // more likely an acronym field ("DUNS", "URL").
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    OPENINGS.contains(&first)
        || sum
        || words(text) >= 2 && letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// Whether a text heads a part of the questionnaire ("Section B – Security
/// questions (answer Yes or No in column B)", "Part 2: Privacy"): a part
/// word and its number or letter, and no question mark.
fn opens_a_part(text: &str) -> bool {
    const PARTS: &[&str] = &["section", "part", "chapter", "appendix", "annex", "module"];
    let lower = text.to_lowercase();
    let mut tokens = lower
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .filter(|w| !w.is_empty());
    let (Some(first), Some(second)) = (tokens.next(), tokens.next()) else {
        return false;
    };
    let numbered = second.len() <= 4
        && (second.len() == 1
            || second.chars().any(|c| c.is_ascii_digit())
            || second.chars().all(|c| "ivxl".contains(c)));
    PARTS.contains(&first) && numbered && !text.contains('?')
}

/// The sheet's title, on a sheet read without a header: a first row that
/// is no question, with a blank row after it ("Internal evaluation – do
/// not send to vendors" over the table).
fn sheet_title(
    candidates: &[Candidate],
    accepted: &[bool],
    first_header: Option<u32>,
) -> Option<usize> {
    if first_header.is_some() {
        return None;
    }
    let first = candidates.first()?;
    let next = candidates.get(1)?;
    (accepted[0]
        && first.id.is_none()
        && first.likeness < QUESTION_LIKE
        && !ends_in_question_mark(&first.text)
        && next.row > first.row + 1)
        .then_some(0)
}

/// Rows that head a group of questions: a short row that does not read as
/// a question, has no dropdown of its own, and whose id the next row's id
/// extends ("1.1 Information Security Policies" over "1.1.1 Do you…?"), or
/// whose next row is an item without an id ("(a) Is the plan tested…?").
/// Fields with ids of their own ("GNRL-01 Solution Name") are no headings.
fn unlisted_headings(sheet: &Sheet, cols: &Columns, candidates: &[Candidate]) -> BTreeSet<usize> {
    let answer = |c: &Candidate| cells::anchor(sheet, CellRef::new(c.row, cols.answer));
    // A dropdown of its own makes a row a question; one laid over the whole
    // column, the heading and its items alike, does not.
    let listed = |head: &Candidate, next: &Candidate| {
        sheet.dropdown_at(answer(head)).is_some()
            && !sheet.same_dropdown_range(answer(head), answer(next))
    };
    candidates
        .windows(2)
        .enumerate()
        .filter(|(_, pair)| {
            let (head, next) = (&pair[0], &pair[1]);
            let extends = match (&head.id, &next.id) {
                // "2.1" under "2"; "2(a)", "2 (a)", "AC-2(1)" and "2a" too
                // when they ask (a control's enhancement, "AC-2 (3) Disable
                // Accounts" under "AC-2 Account Management", is a control
                // of its own); not "21" or "2.".
                (Some(h), Some(n)) => n.strip_prefix(h.as_str()).is_some_and(|rest| {
                    let asks = next.likeness >= QUESTION_LIKE;
                    (rest.starts_with(['.', '-', '_']) && rest.len() > 1)
                        || asks && rest.trim_start().starts_with('(') && rest.trim_start().len() > 2
                        || asks
                            && h.ends_with(|c: char| c.is_ascii_digit())
                            && rest.len() <= 2
                            && rest.starts_with(|c: char| c.is_ascii_alphabetic())
                }),
                // "5 Business continuity" over "(a) Is the plan tested…?"
                // with no id of its own.
                (Some(_), None) => enumerator(&next.text).is_some(),
                _ => false,
            };
            // "4 | | Access management" over "| a | Is MFA enforced…?".
            let extends = extends || head.id.is_some() && !head.sub && next.sub;
            // A field ("4 | Corporate web address") is no heading, whatever
            // follows it ("4a | If yes, …").
            extends
                && head.likeness < QUESTION_LIKE
                && words(&head.text) <= 6
                && !listed(head, next)
                && !names_a_value(&head.text)
        })
        .map(|(i, _)| i)
        .collect()
}

/// The rows of a notes block: everything after a "Notes:" or "Footnotes:"
/// caption in the question column, up to the next header row. Footnotes
/// read like questions ("† Does the plan cover notification…?") but are
/// the sender's explanations.
fn notes_block(
    sheet: &Sheet,
    question_col: u32,
    headers: &[u32],
    bounds: (Option<u32>, Option<u32>),
) -> std::ops::Range<u32> {
    const CAPTIONS: &[&str] = &[
        "notes",
        "note",
        "footnotes",
        "footnote",
        "notes and definitions",
    ];
    let first = bounds.0.unwrap_or(0);
    let last = bounds.1.unwrap_or(u32::MAX).min(cells::height(sheet));
    let caption = (first..last).find(|&r| {
        let t = cells::text(sheet, r, question_col).to_lowercase();
        let t = t
            .trim()
            .trim_end_matches(crate::detect::text::COLONS)
            .trim();
        CAPTIONS.contains(&t)
    });
    match caption {
        Some(at) => {
            let end = headers
                .iter()
                .copied()
                .find(|&h| h > at)
                .unwrap_or(u32::MAX);
            at + 1..end
        }
        None => 0..0,
    }
}

/// The rows of another table under the questions: from a row of labels
/// that heads the question column ("Control Title") but none of the answer
/// or comment columns ("ISO 27001:2022 | SOC 2 TSC": a reference crosswalk)
/// to the next header row. Its rows would otherwise read as questions whose
/// answer cells the sender filled.
fn foreign_table(
    sheet: &Sheet,
    cols: &Columns,
    headers: &[u32],
    bounds: (Option<u32>, Option<u32>),
) -> std::ops::Range<u32> {
    use super::labels::{Role, role};
    let Some(&first_header) = headers.first() else {
        return 0..0;
    };
    let first = bounds.0.unwrap_or(0).max(first_header + 1);
    let last = bounds.1.unwrap_or(u32::MAX).min(cells::height(sheet));
    let heads_other_table = |r: u32| {
        let labels = cells::row_texts(sheet, r);
        if labels.len() < 3 {
            return false;
        }
        let short = labels
            .iter()
            .all(|(_, t)| words(t) <= 6 && !t.contains('?'));
        let label_of = |c: Option<u32>| {
            c.and_then(|c| labels.iter().find(|(at, _)| *at == c))
                .map(|(_, t)| t.as_str())
        };
        let names_question =
            || label_of(Some(cols.question)).and_then(role) == Some(Role::Question);
        let vendor_role = |c: Option<u32>| {
            label_of(c)
                .and_then(role)
                .is_some_and(|r| matches!(r, Role::Answer | Role::Comment))
        };
        short
            && label_of(Some(cols.answer)).is_some()
            && names_question()
            && !vendor_role(Some(cols.answer))
            && !vendor_role(cols.comment)
    };
    match (first..last).find(|&r| !headers.contains(&r) && heads_other_table(r)) {
        Some(at) => {
            let end = headers
                .iter()
                .copied()
                .find(|&h| h > at)
                .unwrap_or(u32::MAX);
            at..end
        }
        None => 0..0,
    }
}

/// A question wrapped over rows without a merge ("Do you have a
/// documented disaster recovery plan" then "for the service, reviewed at
/// least annually?") is one question: each row below, with no id of its
/// own, goes on in lower case from a row that ends without punctuation.
/// Each part alone would be matched without the others' condition.
fn join_continuations(candidates: Vec<Candidate>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::with_capacity(candidates.len());
    let mut rest: std::collections::VecDeque<Candidate> = candidates.into();
    while let Some(mut head) = rest.pop_front() {
        let mut parts: Vec<Candidate> = Vec::new();
        while parts.len() < MAX_WRAPPED_ROWS {
            let prev = parts.last().unwrap_or(&head);
            match rest.front() {
                Some(next) if goes_on(prev, next) => parts.extend(rest.pop_front()),
                _ => break,
            }
        }
        // Without ids, a list of terse lower-case items ("mfa for admins")
        // is not one question: the last part must close the sentence.
        let closing = parts
            .iter()
            .rposition(|p| head.id.is_some() || p.text.trim_end().ends_with(['?', '.']));
        let keep = closing.map_or(0, |at| at + 1);
        for part in parts.drain(..keep) {
            head.text = format!("{} {}", head.text.trim_end(), part.text.trim_start());
        }
        if keep > 0 {
            head.likeness = text::question_likeness(&head.text);
        }
        out.push(head);
        // Rows that went on but never closed the sentence stand alone.
        for part in parts.into_iter().rev() {
            rest.push_front(part);
        }
    }
    out
}

/// Rows under one answer cell merged down over them, the later ones
/// without an id of their own, are one question on its lines: a check
/// sheet's question and its translation on the row below ("情報セキュリティ
/// 方針を策定していますか。" over "Have you established an information
/// security policy?"), both beside one merged answer. Each alone would
/// share the answer cell with the other and so be left unanswered.
fn join_sharing_an_answer(
    sheet: &Sheet,
    cols: &Columns,
    candidates: Vec<Candidate>,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::with_capacity(candidates.len());
    for c in candidates {
        let shares = out.last().is_some_and(|head| {
            let merged = sheet.merge_at(CellRef::new(head.row, cols.answer));
            c.id.is_none() && merged.is_some_and(|m| m.first.row < c.row && c.row <= m.last.row)
        });
        match out.last_mut() {
            Some(head) if shares => {
                head.text = format!("{}\n{}", head.text.trim_end(), c.text.trim_start());
                head.likeness = head.likeness.max(c.likeness);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A question already asked, then a list of what it covers ("Do you screen
/// new hires? Checks should include:" over "• criminal record", "•
/// employment history"): the bullets are details of the one question,
/// answered on its row, not questions of their own. Lettered or numbered
/// items, items that ask, and items with a dropdown their question lacks
/// stay items (see [`lead_ins`]).
fn join_bulleted_details(candidates: Vec<Candidate>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::with_capacity(candidates.len());
    // The row of the last bullet joined to the last question kept.
    let mut last_row = None;
    for c in candidates {
        let detail = out.last().is_some_and(|head| {
            (last_row.is_some() || asked_then_lists(&head.text))
                && c.row == last_row.unwrap_or(head.row) + 1
                && c.id.is_none()
                && bullet(&c.text)
                && !c.text.contains(text::QUESTION_MARKS)
                && (!c.listed || head.listed)
        });
        match out.last_mut() {
            Some(head) if detail => {
                let sep = if last_row.is_none() { " " } else { "; " };
                head.text = format!("{}{sep}{}", head.text.trim_end(), strip_enumerator(&c.text));
                last_row = Some(c.row);
            }
            _ => {
                out.push(c);
                last_row = None;
            }
        }
    }
    out
}

/// A cell that asks its question, then opens a list with a colon ("Do you
/// screen new hires? Checks should include:").
fn asked_then_lists(text: &str) -> bool {
    let t = text.trim_end();
    let Some(body) = t.strip_suffix(text::COLONS) else {
        return false;
    };
    body.trim_end()
        .rfind(text::QUESTION_MARKS)
        .is_some_and(|at| {
            !body[at..]
                .trim_start_matches(text::QUESTION_MARKS)
                .trim()
                .is_empty()
        })
}

/// An item opened by a bullet or dash ("• criminal record", "- SOC 2").
fn bullet(text: &str) -> bool {
    enumerator(text).is_some()
        && text
            .trim_start()
            .starts_with(['-', '\u{2022}', '\u{2013}', '*'])
}

/// The most rows below its first that one wrapped question runs on over.
const MAX_WRAPPED_ROWS: usize = 3;

/// Whether `next` goes on with the sentence `prev` leaves open.
fn goes_on(prev: &Candidate, next: &Candidate) -> bool {
    let open_end = !prev
        .text
        .trim_end()
        .ends_with(['?', '.', ':', ';', '!', ')', '"']);
    let lower_start = next
        .text
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    next.row == prev.row + 1
        && next.id.is_none()
        && !lettered_key(next)
        && open_end
        && lower_start
        && enumerator(&next.text).is_none()
}

/// Lead-ins and their items: a row ending in a colon ("Does your password
/// policy require the following:", "Regarding backups of customer data:"),
/// or a question that points at a list ("…for each of the following?"),
/// followed by rows that enumerate ("a)", "(b)", "-", "•") or extend its id
/// ("5.1" then "5.1a"). The lead-in is answered by its items, so it is no
/// question; each item is one, even when written as a statement ("(a) MFA
/// is required for administrative access"). Returns the lead-ins' indexes
/// and, per item index, its lead-in's text.
fn lead_ins(candidates: &[Candidate]) -> (BTreeSet<usize>, HashMap<usize, String>) {
    let mut leads = BTreeSet::new();
    let mut items = HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        let text = c.text.trim_end();
        if !(text.ends_with(crate::detect::text::COLONS)
            || text.ends_with('?') && (names_a_list(text) || parts_follow(candidates, i))
            || all_that_apply(text))
        {
            continue;
        }
        let lead_text = lead_question(&without_tick_hint(text));
        let mut next = i + 1;
        let mut row = c.row;
        while let Some(item) = candidates.get(next) {
            let extends = match (&c.id, &item.id) {
                // "5.1a" and "5.1.2" extend "5.1"; "5.10" does not.
                (Some(lead), Some(own)) => own
                    .strip_prefix(lead.as_str())
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(|c| !c.is_ascii_digit()),
                // Keys without digits extend after a separator
                // ("webapp_auth_saml" under "webapp_auth").
                _ => c
                    .key
                    .as_ref()
                    .zip(item.key.as_ref())
                    .is_some_and(|(lead, own)| {
                        own.strip_prefix(lead.as_str())
                            .and_then(|rest| rest.chars().next())
                            .is_some_and(|c| "_-./:".contains(c))
                    }),
            };
            // Items follow their lead-in closely (a blank spacer at most),
            // numbered after it, enumerated or indented under it.
            let listed = extends
                || enumerator(&item.text).is_some()
                || lettered_key(item)
                || item.indented && !c.indented
                || item.sub && !c.sub;
            if item.row > row + 2 || !listed {
                break;
            }
            items.insert(next, lead_text.clone());
            row = item.row;
            next += 1;
        }
        if next > i + 1 {
            leads.insert(i);
        }
    }
    (leads, items)
}

/// A "select all that apply" question whose header names the options, a
/// column each ("Ref | Question | AWS | Azure | Google Cloud | Comments"):
/// each option is a column to mark, as a Yes | No table's are, and the
/// comments go under this header's own "Comments" (tables stacked down a
/// sheet place it differently). The answer column's tick list ("X") would
/// otherwise mark the first option for any Yes.
fn options_under(sheet: &Sheet, cols: &Columns, header: u32, q: &mut QuestionRow) {
    use super::labels::{Role, is_mark_label, role};
    let mut options = Vec::new();
    let mut comment = None;
    for (col, label) in cells::row_texts(sheet, header) {
        if col < cols.answer {
            continue;
        }
        match role(&label) {
            Some(Role::Comment) => {
                comment = Some(col);
                break;
            }
            Some(Role::Question | Role::Id) => break,
            // A "Response" column is the answer, not an option.
            Some(Role::Answer) => return,
            // "ISO 27001" heads a crosswalk's column elsewhere; here it is
            // an option.
            _ => options.push((label.trim().to_string(), CellRef::new(q.row, col))),
        }
    }
    if options.len() < 2 || options.iter().any(|(label, _)| is_mark_label(label)) {
        return;
    }
    q.choices = Some(options.iter().map(|(label, _)| label.clone()).collect());
    q.marks = options;
    if let Some(col) = comment {
        q.comment_cell = Some(CellRef::new(q.row, col));
    }
}

/// Whether the question at `i` is followed by at least two short bulleted
/// parts on rows of their own ("Is customer data encrypted?" over "- at
/// rest" and "- in transit"): each part asks the question of one thing,
/// as "and" would join them. Bulleted rows that ask a question themselves
/// are questions of their own.
fn parts_follow(candidates: &[Candidate], i: usize) -> bool {
    let mut row = candidates[i].row;
    candidates[i + 1..]
        .iter()
        .take_while(|c| {
            let part = c.row <= row + 2
                && bullet(&c.text)
                && !c.text.contains('?')
                && c.text.split_whitespace().count() <= 6;
            row = c.row;
            part
        })
        .count()
        >= 2
}

/// What a lead-in asks, to be read with each item: its question without
/// the closing mark or the guidance after it ("Is customer data encrypted
/// in each of the following states? Please answer for each:" gives "Is
/// customer data encrypted in each of the following states"), so that the
/// matcher reads the item with it rather than the question alone.
fn lead_question(text: &str) -> String {
    let asked = match text.rfind('?') {
        Some(at) if !text[at + 1..].trim().is_empty() => &text[..at],
        _ => text,
    };
    asked.trim_end_matches([':', '?']).trim_end().to_string()
}

/// How a question asks to tick its options ("check all that apply").
const TICK_ALL: &[&str] = &["all that apply", "all which apply", "all applicable"];

/// Where a question asks to tick its options ("Which certifications do you
/// hold? (check all that apply)"): each option below it is a question.
/// ASCII lowercase keeps the byte offsets of `text`.
fn tick_all_at(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    TICK_ALL.iter().find_map(|p| lower.find(p))
}

fn all_that_apply(text: &str) -> bool {
    tick_all_at(text).is_some()
}

/// A lead-in without its "(check all that apply)": the option follows it
/// as the thing asked about ("…currently hold ISO/IEC 27001").
fn without_tick_hint(text: &str) -> String {
    let Some(at) = tick_all_at(text) else {
        return text.to_string();
    };
    let open = text[..at].rfind(['(', '[']);
    let close = text[at..].find([')', ']']).map(|c| at + c + 1);
    match (open, close) {
        (Some(o), Some(c)) => format!("{} {}", text[..o].trim_end(), text[c..].trim_start())
            .trim()
            .to_string(),
        _ => text.to_string(),
    }
}

/// Whether a question points at a list of items after it ("Do you have
/// plans for each of the following?", "Which of these apply?").
fn names_a_list(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "the following",
        "following:",
        "listed below",
        "items below",
        "of these",
        "below?",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

/// The values a question spells out at its end ("Do you use MFA? (Y/N)"):
/// its answer takes one of them, like a header's "Response (Y / N)".
fn asked_values(question: &str) -> Option<Vec<String>> {
    let t = question.trim_end();
    if !t.ends_with(')') {
        return None;
    }
    super::labels::format_values(t)
}

/// Whether an item under a lead-in is a whole question of its own ("c) Do
/// you encrypt your backups?" under "Regarding encryption of customer data,
/// please confirm:"): the lead-in would only pull its match towards the
/// lead-in's topic. An item that points back at the lead-in ("Are they
/// screened?") needs it.
fn stands_alone(item: &str) -> bool {
    const BACK: &[&str] = &[
        "they", "them", "their", "these", "this", "those", "it", "its", "such",
    ];
    let t = item.trim();
    let opener = t
        .split_whitespace()
        .next()
        .is_some_and(|w| text::OPENERS.contains(&w.to_lowercase().as_str()));
    let points_back = t
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| BACK.iter().any(|b| w.eq_ignore_ascii_case(b)));
    t.ends_with('?') && opener && t.split_whitespace().count() >= 4 && !points_back
}

/// The length of an item's enumerator ("a) ", "(b) ", "[c] ", "iii. ", "- ", "• "),
/// when the text opens with one.
fn enumerator(text: &str) -> Option<usize> {
    let t = text.trim_start();
    let offset = text.len() - t.len();
    if let Some(rest) = t.strip_prefix(['-', '\u{2022}', '\u{2013}', '*']) {
        return rest
            .starts_with(' ')
            .then_some(offset + t.len() - rest.len());
    }
    let inner = t.strip_prefix(['(', '[']).unwrap_or(t);
    let label: String = inner
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    let roman = !label.is_empty() && label.chars().all(|c| "ivx".contains(c)) && label.len() <= 4;
    if !(label.len() == 1 || roman) {
        return None;
    }
    let after = &inner[label.len()..];
    let rest = after.strip_prefix([')', '.', ']'])?;
    rest.starts_with(' ')
        .then_some(offset + t.len() - rest.len())
}

/// Whether a row's id cell holds only an item's letter or numeral ("a.",
/// "b)", "(c)", "ii."), as forms letter the items under a lead-in in the
/// id column ("1." then "a.", "b.").
fn lettered_key(c: &Candidate) -> bool {
    c.key
        .as_deref()
        .is_some_and(|k| enumerator(&format!("{k} item")) == Some(k.len()))
}

/// The item's text without its enumerator.
fn strip_enumerator(text: &str) -> &str {
    enumerator(text).map_or(text, |n| text[n..].trim_start())
}

/// Columns between the question and answer columns that hold indented
/// sub-questions: no header label of their own, or the question header
/// merged over them ("Question" over B:C, with "1.a Is the policy reviewed
/// annually?" in C while B is empty). At most two.
fn sub_question_columns(sheet: &Sheet, cols: &Columns, headers: &[u32]) -> Vec<u32> {
    if headers.is_empty() || cols.answer <= cols.question + 1 {
        return Vec::new();
    }
    let taken = [cols.id, cols.comment];
    (cols.question + 1..cols.answer.min(cols.question + 3))
        .take_while(|c| !taken.contains(&Some(*c)))
        .take_while(|&c| {
            headers.iter().all(|&h| {
                let cell = CellRef::new(h, c);
                cells::text(sheet, h, c).trim().is_empty()
                    || sheet
                        .merged_into(cell)
                        .is_some_and(|m| m.first.col == cols.question)
            })
        })
        .collect()
}

/// A row with question text in the question column (or, where that is
/// empty, in a sub-question column), or `None`.
fn candidate(
    sheet: &Sheet,
    cols: &Columns,
    row: u32,
    sub_cols: &[u32],
    given_form: bool,
) -> Option<Candidate> {
    let question_cell = CellRef::new(row, cols.question);
    if sheet.merged_into(question_cell).is_some() {
        return None;
    }
    let mut text = text::clean(&text::english_part(&cells::text(sheet, row, cols.question)));
    if text.is_empty() {
        text = sub_cols
            .iter()
            .filter(|&&c| sheet.merged_into(CellRef::new(row, c)).is_none())
            .map(|&c| text::clean(&cells::text(sheet, row, c)))
            .find(|t| !t.is_empty())
            .unwrap_or_default();
    }
    let answer_cell = CellRef::new(row, cols.answer);
    let left = cols.question.min(cols.answer);
    // A short label ending in a colon is a caption ("Assertion:"), unless a
    // dropdown beside it asks for its answer ("Paid bug bounty program:").
    let caption = text::is_caption(&text)
        && !given_form
        && sheet
            .dropdown_at(cells::anchor(sheet, answer_cell))
            .is_none();
    // A question has words: a count ("2") or a date in the question column
    // is a contents sheet's or a tally's.
    // An Excel table's made-up header ("Column2") is no question either.
    let wordless = text.chars().filter(|c| c.is_alphabetic()).count() < 2
        || text.strip_prefix("Column").is_some_and(|n| {
            !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit())
        });
    if text.is_empty() || wordless || caption || cells::swallowed(sheet, answer_cell, left) {
        return None;
    }
    let spans_answer = sheet
        .merge_at(question_cell)
        .is_some_and(|m| m.contains(answer_cell));
    if spans_answer {
        return None;
    }
    let id_text = cols.id.map(|c| cells::text(sheet, row, c));
    let key = id_text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 40 && !t.contains(char::is_whitespace))
        .map(str::to_string);
    let sub = sub_label(sheet, cols, row);
    let example = marks_example(sheet, cols, row, id_text.as_deref());
    let id = id_text
        .filter(|t| text::is_id_like(t))
        .map(|id| match &sub {
            Some(letter) => format!("{id}.{letter}"),
            None => id,
        });
    let sub = sub.is_some();
    // A number written before the question is its id, not part of it.
    let (id, text) = match text::split_leading_id(&text) {
        Some((own, rest)) => (id.or_else(|| Some(own.to_string())), rest.to_string()),
        None => (id, text),
    };
    let indented = sheet
        .value(question_cell)
        .text()
        .starts_with([' ', '\t', '\u{a0}'])
        || sheet.indented.contains(&question_cell);
    let listed = sheet
        .dropdown_at(cells::anchor(sheet, answer_cell))
        .is_some();
    Some(Candidate {
        row,
        id,
        likeness: text::question_likeness(&text),
        text,
        indented,
        listed,
        key,
        sub,
        example,
        boxed: matches!(sheet.value(answer_cell), crate::workbook::Value::Bool(_)),
    })
}

/// Whether a row's id cell reads as an example mark ("Example", "e.g.",
/// "Sample"), or its answer or comment cell does ("EXAMPLE – delete before
/// returning", "Example answer"): the form's worked example, whose question
/// nobody answers and whose answer is not the vendor's.
fn marks_example(sheet: &Sheet, cols: &Columns, row: u32, id: Option<&str>) -> bool {
    let given = [Some(cols.answer), cols.comment]
        .into_iter()
        .flatten()
        .map(|c| cells::text(sheet, row, c));
    id.is_some_and(is_example_mark)
        || given
            .into_iter()
            .any(|t| is_example_mark(&t) || (is_example(&t) && !opens_eg(&t)))
}

/// "e.g. AWS KMS" in an answer cell is the vendor's answer, giving examples.
fn opens_eg(text: &str) -> bool {
    let t = text.trim_start().to_lowercase();
    t.starts_with("e.g") || t.starts_with("eg ")
}

/// A cell that is only an example mark: "Example", "e.g.", "Sample row",
/// "(Example)", "Beispiel".
fn is_example_mark(text: &str) -> bool {
    let t = text
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let t = ["row", "answer", "response", "question", "entry", "only"]
        .iter()
        .find_map(|w| t.strip_suffix(w))
        .map_or(t.as_str(), str::trim_end);
    ["example", "examples", "sample", "e.g", "eg", "ex"]
        .iter()
        .chain(text::EXAMPLE_ABROAD)
        .any(|w| t == *w)
}

/// The item letter a row holds between its id and question columns ("a",
/// "b)", "iii"), when those columns have one between them.
fn sub_label(sheet: &Sheet, cols: &Columns, row: u32) -> Option<String> {
    let id = cols.id.filter(|&id| id + 2 == cols.question)?;
    let t = cells::text(sheet, row, id + 1);
    let label = t
        .trim()
        .trim_start_matches('(')
        .trim_end_matches([')', '.']);
    // Lowercase only, and not a mark or flag ("X", "Y", "N" in a column
    // that marks critical questions).
    let roman = label.chars().all(|c| "ivx".contains(c)) && label.len() <= 4 && label != "x";
    let letter = label.len() == 1
        && label.chars().all(|c| c.is_ascii_lowercase())
        && !matches!(label, "n" | "x" | "y");
    (!label.is_empty() && (letter || roman)).then(|| label.to_string())
}

/// What the table's ids look like, and how much to trust its question column.
#[derive(Debug)]
struct Scheme {
    /// Id shapes below the first header and their shares of the id rows.
    shapes: HashMap<String, f64>,
    /// Most question-like rows carry an id.
    ids_expected: bool,
    /// Only rows that do not read as questions carry ids, and questions
    /// outnumber them: the ids number sections.
    sections_numbered: bool,
    has_id_col: bool,
    trust: Trust,
    /// The question column's header names what the sender requests
    /// ("Document Requested"): its rows are items ("SOC 2 report"), not
    /// sentences.
    requests: bool,
}

impl Scheme {
    fn of(candidates: &[Candidate], first_header: Option<u32>) -> Scheme {
        let below: Vec<&Candidate> = candidates
            .iter()
            .filter(|c| first_header.is_none_or(|h| c.row > h))
            .collect();
        let with_id: Vec<&str> = below.iter().filter_map(|c| c.id.as_deref()).collect();
        let mut shapes: HashMap<String, f64> = HashMap::new();
        for id in &with_id {
            *shapes.entry(text::id_shape(id)).or_default() += 1.0 / with_id.len() as f64;
        }
        let like: Vec<&&Candidate> = below
            .iter()
            .filter(|c| c.likeness >= QUESTION_LIKE)
            .collect();
        let like_with_id = like.iter().filter(|c| c.id.is_some()).count();
        // "1. Access Control" over questions without numbers: the numbers
        // count sections, and no question carries one.
        let unlike_with_id = below
            .iter()
            .filter(|c| c.id.is_some() && c.likeness < QUESTION_LIKE)
            .count();
        let sections_numbered =
            like_with_id == 0 && unlike_with_id > 0 && like.len() > unlike_with_id;
        Scheme {
            shapes,
            sections_numbered,
            ids_expected: !like.is_empty()
                && like_with_id as f64 >= IDS_EXPECTED * like.len() as f64,
            has_id_col: false,
            trust: Trust::Detected,
            requests: false,
        }
    }

    /// Whether an id has a shape the table uses (`common`: as its scheme).
    /// An enhancement of a control ("AC-2 (3)" among "AC-2", "AC-6") has
    /// the shape of the control it enhances.
    fn knows(&self, id: &str, common: bool) -> bool {
        let share = |id: &str| self.shapes.get(&text::id_shape(id)).copied().unwrap_or(0.0);
        let enhanced = id
            .strip_suffix(')')
            .and_then(|rest| rest.rsplit_once('('))
            .filter(|(base, n)| {
                !base.trim().is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric())
            })
            .map_or(0.0, |(base, _)| share(base.trim_end()));
        let share = share(id).max(enhanced);
        if common {
            share >= COMMON_SHAPE
        } else {
            share > 0.0
        }
    }

    fn accepts(&self, c: &Candidate, first_header: Option<u32>) -> bool {
        if c.example
            || opens_a_part(&c.text)
            || is_example(&c.text)
            || is_retired(&c.text)
            || instructs(&c.text)
            || declares(&c.text)
            || (c.id.is_none() && is_guidance(&c.text))
        {
            return false;
        }
        let like = c.likeness >= QUESTION_LIKE;
        if first_header.is_some_and(|h| c.row < h) {
            return c.id.as_deref().is_some_and(|id| self.knows(id, false));
        }
        let given = self.trust == Trust::Given && words(&c.text) >= 4
            || (self.requests || c.boxed) && words(&c.text) >= 2;
        match c.id.as_deref() {
            // A follow-up with an id of its own ("B.2.1 | If yes, please
            // describe.") asks, though it does not open as a question.
            Some(_) if self.sections_numbered => like || given || sub_item(c),
            Some(id) => like || given || self.knows(id, true) || sub_item(c),
            // An enumerated item with a list of its own to answer from
            // ("[a] authorized users are identified;" under a practice).
            None if c.listed && enumerator(&c.text).is_some() => true,
            None if self.ids_expected => {
                ends_in_question_mark(&c.text) || sub_item(c) || asks_then_instructs(&c.text)
            }
            None => like || given || sub_item(c) || (!self.has_id_col && is_statement(&c.text)),
        }
    }
}

/// Header labels of a column that names, row by row, what part of a
/// question each answer is for ("Scope": "At rest", "In transit").
const SCOPE_LABELS: &[&str] = &[
    "scope",
    "applies to",
    "applicable to",
    "component",
    "aspect",
    "environment",
    "data state",
    "layer",
];

/// The column between the question and the answer that names each row's
/// scope, by its header label (see [`SCOPE_LABELS`]).
fn scope_column(sheet: &Sheet, cols: &Columns, headers: &[u32]) -> Option<u32> {
    let header = *headers.first()?;
    let taken = cols.taken();
    (cols.question + 1..cols.answer)
        .filter(|c| !taken.contains(&Some(*c)))
        .find(|&c| {
            let label = cells::text(sheet, header, c).trim().to_lowercase();
            SCOPE_LABELS.contains(&label.trim_end_matches(':'))
        })
}

/// A question asked once for several scopes: merged (or written once) over
/// rows that each name a scope in a column of their own and have an answer
/// cell of their own ("Is customer data encrypted?" over "At rest | In
/// transit | In backups"). Each scope row becomes the question for its
/// scope ("Is customer data encrypted? (In transit)"); before, only the
/// first row was read, for all of them.
fn scoped(
    sheet: &Sheet,
    cols: &Columns,
    headers: &[u32],
    candidates: Vec<Candidate>,
) -> Vec<Candidate> {
    let Some(scope_col) = scope_column(sheet, cols, headers) else {
        return candidates;
    };
    let rows: std::collections::BTreeSet<u32> = candidates.iter().map(|c| c.row).collect();
    let scope_of = |row: u32| cells::text(sheet, row, scope_col).trim().to_string();
    let mut out = Vec::with_capacity(candidates.len());
    for c in candidates {
        let anchor = CellRef::new(c.row, cols.question);
        let id_cell = cols.id.map(|col| CellRef::new(c.row, col));
        // The rows below that continue this question: its cell merged over
        // them or left empty, no id of their own, and a scope of their own.
        let continues = |row: u32| {
            let q = CellRef::new(row, cols.question);
            let merged = sheet.merged_into(q).is_some_and(|m| m.first == anchor);
            let blank = sheet.merged_into(q).is_none()
                && cells::text(sheet, row, cols.question).trim().is_empty();
            let own_id = cols.id.is_some_and(|col| {
                let cell = CellRef::new(row, col);
                let merged_id =
                    id_cell.is_some_and(|i| sheet.merged_into(cell).is_some_and(|m| m.first == i));
                !merged_id && !cells::text(sheet, row, col).trim().is_empty()
            });
            (merged || blank) && !own_id && !rows.contains(&row) && !scope_of(row).is_empty()
        };
        let more: Vec<u32> = (c.row + 1..)
            .take(MAX_SCOPES)
            .take_while(|&r| continues(r))
            .collect();
        let own = scope_of(c.row);
        if more.is_empty() || own.is_empty() {
            out.push(c);
            continue;
        }
        let question = c.text.clone();
        for row in std::iter::once(c.row).chain(more) {
            let mut scoped = c.clone();
            scoped.row = row;
            scoped.text = format!("{question} ({})", scope_of(row));
            out.push(scoped);
        }
    }
    out
}

/// The most scope rows one question spans.
const MAX_SCOPES: usize = 12;

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Whether a row asks a question and then says what to do with the answer
/// ("Does your service store card data? If No, skip to Section 3.", "Do you
/// use subcontractors? Please list them in Comments."), after a section
/// title at most ("SECTION 2 – CARDHOLDER DATA: Does…?"): it is a question
/// though its text does not end in a question mark.
fn asks_then_instructs(text: &str) -> bool {
    let Some((head, tail)) = text.split_once('?') else {
        return false;
    };
    let asked = head
        .rsplit_once(text::COLONS)
        .map_or(head, |(_, q)| q)
        .trim();
    let tail_words = words(tail.trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace()));
    // The words must ask, not the mark alone ("Questions? Contact…").
    (1..=25).contains(&tail_words)
        && words(asked) >= 4
        && text::question_likeness(asked) >= QUESTION_LIKE
}

/// A row without an id that asks something of its own though it does not
/// read as a question by its opening: an item under the question above ("(b) Describe
/// how personnel are vetted.", "(c) Backups are encrypted with KMS keys.")
/// or a follow-up ("If no, please explain how personnel are vetted."). A
/// listed option ("(a) Daily") asks nothing.
fn sub_item(c: &Candidate) -> bool {
    let own = strip_enumerator(&c.text);
    // "If no, please explain…" asks what follows its condition.
    let follow_up = crate::matcher::follow_up_condition(own).is_some();
    let asked = if follow_up {
        own.split_once(',').map(|(_, rest)| rest.trim())
    } else {
        Some(own)
    };
    // A follow-up's request may be a word or two ("If yes, please
    // describe.", "If No, explain.").
    let requests = |t: &str| {
        const VERBS: &[&str] = &[
            "please",
            "describe",
            "explain",
            "provide",
            "specify",
            "list",
            "state",
            "detail",
            "indicate",
            "give",
            "justify",
            "elaborate",
            "comment",
            "outline",
            "attach",
        ];
        let first = t
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_lowercase();
        VERBS.contains(&first.trim_matches(|c: char| !c.is_alphabetic()))
    };
    let asks = asked.is_some_and(|t| {
        ends_in_question_mark(t)
            || text::question_likeness(t) >= QUESTION_LIKE
            || follow_up && requests(t)
    });
    (enumerator(&c.text).is_some() && (asks || !follow_up && is_statement(own)))
        || (follow_up && asks)
}

/// A requirement phrased as a statement ("Customer data is encrypted at rest
/// with keys rotated yearly."): a question in a table without ids, unless it
/// opens as a note or instruction.
fn is_statement(text: &str) -> bool {
    // A short one reads as a sentence by its verb and full stop ("Access
    // rights are reviewed periodically.").
    let sentence = || {
        let t = text.trim();
        words(t) >= 3
            && t.ends_with('.')
            && t.split_whitespace()
                .any(|w| matches!(w.to_lowercase().as_str(), "is" | "are" | "has" | "have"))
    };
    (words(text) >= 6 || sentence())
        && !text::opens_as_note(text)
        && !directs_the_reader(text)
        && !declares(text)
}

/// Guidance under a question, led by its label ("Guidance: Which TLS
/// versions are accepted? Is HSTS enabled?", "What we look for: …"): the
/// questions in it explain the one above and take no answer of their own
/// (a row with an id is a question whatever its opening).
fn is_guidance(text: &str) -> bool {
    const LABELS: &[&str] = &[
        "guidance",
        "guide",
        "hint",
        "hints",
        "help",
        "tip",
        "note",
        "notes",
        "example",
        "examples",
        "explanation",
        "clarification",
        "intent",
        "purpose",
        "rationale",
        "expected evidence",
        "evidence expected",
        "what we look for",
        "assessor guidance",
        "guidance for vendors",
        "guidance notes",
    ];
    let Some((label, _)) = text.split_once(':') else {
        return false;
    };
    let label = label.trim().to_lowercase();
    LABELS.contains(&label.as_str())
}

/// An instruction to whoever fills the form in ("Please complete all yellow
/// fields and return to …", "Please answer every question"), not a
/// request to the vendor such as "Please describe your backup process".
fn instructs(text: &str) -> bool {
    const VERBS: &[&str] = &[
        "complete",
        "fill",
        "return",
        "read",
        "note",
        "ensure",
        "submit",
        "send this",
        "send the completed",
        "save",
        "sign",
        "refer",
        "contact",
        "answer all",
        "answer each",
        "answer every",
        "answer the following",
        "respond to all",
        "respond to each",
        "use this",
        "do not",
    ];
    let t = text.trim_start().to_lowercase();
    let Some(rest) = t.strip_prefix("please ") else {
        return false;
    };
    !ends_in_question_mark(text) && VERBS.iter().any(|v| rest.starts_with(v))
}

/// The signatory's declaration at the end of a form ("I confirm that the
/// information provided is complete and accurate."): signed, not answered.
fn declares(text: &str) -> bool {
    const OPENINGS: &[&str] = &[
        "i confirm",
        "we confirm",
        "i/we confirm",
        "i certify",
        "we certify",
        "i/we certify",
        "i declare",
        "we declare",
        "i/we declare",
        "i hereby",
        "we hereby",
        "by signing",
        "i acknowledge",
        "i attest",
        "we attest",
        "the undersigned",
    ];
    let t = text.trim_start().to_lowercase();
    OPENINGS.iter().any(|o| t.starts_with(o))
}

/// An instruction that routes the reader ("If you do not store customer
/// data, skip to Section 3 and leave this section blank.").
fn directs_the_reader(text: &str) -> bool {
    const PHRASES: &[&str] = &[
        "skip to",
        "go to section",
        "go to question",
        "proceed to",
        "continue to section",
        "continue to question",
        "move on to",
        "leave this section",
        "leave this blank",
        "leave blank",
        "do not answer",
        "need not answer",
        "not required to answer",
    ];
    let t = text.to_lowercase();
    PHRASES.iter().any(|p| t.contains(p))
}

/// A worked example the form fills in itself ("Example: Do you have a
/// firewall?" with "Yes" beside it), not a question to answer.
fn is_example(text: &str) -> bool {
    let t = text
        .trim_start_matches(|c: char| c == '(' || c == '[' || c.is_whitespace())
        .to_lowercase();
    let Some(rest) = ["example", "sample", "e.g."]
        .iter()
        .chain(text::EXAMPLE_ABROAD)
        .find_map(|w| t.strip_prefix(w))
    else {
        return false;
    };
    let rest = rest.trim_start();
    let rest = ["question", "row", "answer", "entry"]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .map_or(rest, str::trim_start);
    t.starts_with("e.g.") || rest.starts_with([':', '-', ')', ']', '\u{2013}', '\u{2014}'])
}

/// A question the questionnaire marks as withdrawn ("[RETIRED] Are you
/// FedRAMP authorized?", "(Deprecated) …", "REMOVED: …"): kept for its
/// numbering, answered by nobody.
fn is_retired(text: &str) -> bool {
    let t = text.trim_start().to_lowercase();
    let Some(rest) = t.strip_prefix(['[', '(']) else {
        return [
            "retired:",
            "deprecated:",
            "removed:",
            "withdrawn:",
            "obsolete:",
        ]
        .iter()
        .any(|m| t.starts_with(m));
    };
    [
        "retired",
        "deprecated",
        "removed",
        "withdrawn",
        "obsolete",
        "no longer used",
    ]
    .iter()
    .any(|m| rest.trim_start().starts_with(m))
}

fn ends_in_question_mark(text: &str) -> bool {
    text::ends_asking(text)
}

/// What a person wrote in an answer or comment cell: its text, unless that
/// is a placeholder such as "Please select".
pub(crate) fn answer_text(sheet: &Sheet, cell: CellRef) -> String {
    let text = cells::text(sheet, cell.row, cell.col);
    if cells::is_placeholder(&text) {
        String::new()
    } else {
        text
    }
}

fn question_row(sheet: &Sheet, cols: &Columns, c: Candidate) -> QuestionRow {
    let below = answers_on_row_below(sheet, cols, c.row);
    let at = |col: u32| {
        let row = if below { c.row + 1 } else { c.row };
        cells::anchor(sheet, CellRef::new(row, col))
    };
    let answer_cell = at(cols.answer);
    let comment_cell = cols.comment.map(at).filter(|&cell| cell != answer_cell);
    let mut marks: Vec<(String, CellRef)> = cols.marks.map_or_else(Vec::new, |m| {
        (m.first..m.first + m.count)
            .map(|col| {
                let label = cells::text(sheet, m.header_row, col)
                    .trim_end_matches('*')
                    .trim_end()
                    .to_string();
                (label, cells::anchor(sheet, CellRef::new(c.row, col)))
            })
            .filter(|(label, _)| !label.is_empty())
            .collect()
    });
    // "☐ Yes | ☐ No" drawn in the answer cells: each box is a mark.
    let boxes = if marks.is_empty() {
        super::boxes::row_boxes(sheet, c.row, answer_cell.col)
    } else {
        Vec::new()
    };
    let existing_answer = if !boxes.is_empty() {
        marks = boxes
            .iter()
            .map(|(label, cell, _)| (label.clone(), *cell))
            .collect();
        boxes
            .iter()
            .find(|(.., ticked)| *ticked)
            .map(|(label, ..)| label.clone())
            .unwrap_or_default()
    } else if marks.is_empty() {
        answer_text(sheet, answer_cell)
    } else {
        // The answer whose cell is marked.
        marks
            .iter()
            .find(|(_, cell)| !answer_text(sheet, *cell).is_empty())
            .map(|(label, _)| label.clone())
            .unwrap_or_default()
    };
    QuestionRow {
        row: c.row,
        id: c.id,
        text: c.text,
        answer_cell,
        comment_cell,
        comment_when: cols.comment_when,
        conditional_comments: cols
            .conditional
            .iter()
            .flatten()
            .map(|&(col, when)| {
                let cell = at(col);
                ConditionalComment {
                    cell,
                    when,
                    existing: answer_text(sheet, cell),
                }
            })
            .filter(|cc| cc.cell != answer_cell && Some(cc.cell) != comment_cell)
            .collect(),
        choices: if marks.is_empty() {
            sheet.dropdown_at(answer_cell).map(<[String]>::to_vec)
        } else {
            Some(marks.iter().map(|(label, _)| label.clone()).collect())
        },
        spelled: None,
        answer_limit: None,
        answer_words: None,
        comment_limit: None,
        marks,
        field: false,
        existing_answer,
        existing_comment: comment_cell
            .map(|cell| answer_text(sheet, cell))
            .unwrap_or_default(),
        writable: Writable::Yes,
        requested: false,
        declared: None,
        choice_meanings: None,
        shown_if: None,
    }
}

/// Whether a question's answer goes on the row below it: its own answer
/// cell is shaded and has no dropdown, while the cell below has one and the
/// row below asks nothing ("answer on the white row under each grey
/// question row").
fn answers_on_row_below(sheet: &Sheet, cols: &Columns, row: u32) -> bool {
    if cols.marks.is_some() {
        return false;
    }
    let here = CellRef::new(row, cols.answer);
    let below = CellRef::new(row + 1, cols.answer);
    sheet.filled.contains(&here)
        && sheet.dropdown_at(here).is_none()
        && cells::text(sheet, row, cols.answer).is_empty()
        && sheet.dropdown_at(below).is_some()
        && !sheet.filled.contains(&below)
        && cells::text(sheet, row + 1, cols.question).is_empty()
}

/// Whether a header labels the type each answer takes ("Answer Type",
/// "Response Type", "Data type").
fn names_answer_type(label: &str) -> bool {
    let n = label.trim().to_lowercase();
    [
        "answer type",
        "response type",
        "question type",
        "data type",
        "input type",
        "answer format",
        "response format",
        "type",
    ]
    .contains(&n.as_str())
}

/// The validation a declared answer type stands for: a number or a date.
fn declared_type(text: &str) -> Option<crate::workbook::Accepts> {
    use crate::workbook::Accepts;
    match text.trim().to_lowercase().as_str() {
        "number" | "numeric" | "integer" | "whole number" | "decimal" | "count" => {
            Some(Accepts::Number)
        }
        "date" => Some(Accepts::Date),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tick_all_hint_is_cut_from_its_lead_in() {
        assert_eq!(
            without_tick_hint("Which do you hold? (check all that apply)"),
            "Which do you hold?"
        );
        assert_eq!(
            without_tick_hint("Select [Tick ALL that apply] the services used"),
            "Select the services used"
        );
        // Letters whose lowercase is longer ("İ") must not shift the cut.
        assert_eq!(
            without_tick_hint("İSTANBUL ofisleri? (check all that apply)"),
            "İSTANBUL ofisleri?"
        );
        assert_eq!(without_tick_hint("No hint here"), "No hint here");
        assert!(!all_that_apply("Do all staff apply patches?"));
    }

    #[test]
    fn a_short_label_naming_a_value_asks_for_the_value_alone() {
        assert!(asks_a_value("Security contact email"));
        assert!(asks_a_value("Number of employees"));
        assert!(!asks_a_value("Is MFA required for all employees?"));
        assert!(!asks_a_value("Describe your incident response plan"));
    }

    #[test]
    fn a_lead_in_is_read_without_the_guidance_after_its_question() {
        assert_eq!(
            lead_question(
                "Is customer data encrypted in each of the following states? Please answer for each:"
            ),
            "Is customer data encrypted in each of the following states"
        );
        assert_eq!(
            lead_question("Does your password policy require the following:"),
            "Does your password policy require the following"
        );
        assert_eq!(
            lead_question("Do you have plans for each of the following?"),
            "Do you have plans for each of the following"
        );
    }

    #[test]
    fn guidance_under_a_question_is_no_question() {
        assert!(is_guidance(
            "Guidance: Which TLS versions are accepted? Is HSTS enabled?"
        ));
        assert!(is_guidance("What we look for: a tested plan?"));
        assert!(!is_guidance("Do you encrypt data in transit (TLS 1.2+)?"));
        assert!(!is_guidance("Encryption: is data encrypted at rest?"));
    }

    #[test]
    fn a_question_sets_a_limit_only_in_brackets() {
        assert_eq!(
            bracketed_limit("Describe your IR process (max 500 characters)"),
            Some(500)
        );
        assert_eq!(
            bracketed_limit("Are passwords limited to a maximum of 64 characters?"),
            None
        );
    }

    #[test]
    fn titles_instructions_and_declarations_are_no_fields_or_questions() {
        for t in [
            "Section 2 – Contacts",
            "COMPANY DETAILS",
            "Total 'No' answers",
            "Total",
            "Overall score",
            "Number of 'No' answers",
            "Percentage",
            "Score",
        ] {
            assert!(is_section_title(t), "{t}");
        }
        for t in [
            "DUNS",
            "Company legal name",
            "VAT number",
            "Total number of employees (full-time)",
            "Total headcount",
            "Percentage of staff trained",
            "Security rating score from BitSight",
        ] {
            assert!(!is_section_title(t), "{t}");
        }
        for t in [
            "Section B – Security questions (answer Yes or No in column B and give details in column C)",
            "Part 2: Privacy",
            "Annex IV – Technical and organisational measures",
        ] {
            assert!(opens_a_part(t), "{t}");
        }
        for t in [
            "Section 3.2: Do you encrypt backups?",
            "Part-time staff receive the same security training.",
            "Module access is reviewed quarterly.",
        ] {
            assert!(!opens_a_part(t), "{t}");
        }
        assert!(instructs(
            "Please complete all yellow fields and return to us"
        ));
        assert!(!instructs("Please describe your backup process"));
        assert!(!instructs("Please confirm you encrypt data at rest?"));
        assert!(declares(
            "I confirm that the information provided is accurate."
        ));
        assert!(!declares(
            "We agree to notify customers of breaches within 72 hours."
        ));
        assert!(asks_in_noun_form("Brief description of the service"));
        assert!(!asks_in_noun_form("Description"));
        // A party or a measure in the singular, or a unit, names a value; a
        // plural or a domain heads a section.
        for t in [
            "Primary cloud hosting provider",
            "Payment processor",
            "Policy limit",
            "Primary hosting region",
            "Cyber insurance coverage amount (USD)",
            "Planned uptime (%)",
        ] {
            assert!(names_a_value(t), "{t}");
        }
        for t in [
            "Third-Party Service Providers",
            "Access Control",
            "Encryption",
        ] {
            assert!(!names_a_value(t), "{t}");
        }
    }

    #[test]
    fn short_statements_read_by_their_verb_and_full_stop() {
        assert!(is_statement("Access rights are reviewed periodically."));
        assert!(is_statement("Backups are encrypted."));
        assert!(!is_statement("Access rights reviewed periodically"));
        assert!(!is_statement("See above."));
    }

    #[test]
    fn statements_and_notes() {
        let cases = [
            ("Customer data is encrypted at rest with AES-256.", true),
            ("Note: the questions below apply to hosted services.", false),
            ("Please answer every question in this section.", false),
            ("Access Control", false),
        ];
        for (text, want) in cases {
            assert_eq!(is_statement(text), want, "{text}");
        }
    }

    #[test]
    fn worked_examples() {
        for (t, want) in [
            ("Example: Do you have a firewall?", true),
            ("EXAMPLE - Is data encrypted at rest?", true),
            ("(Example) Do you run background checks?", true),
            ("Example question: Do you use MFA?", true),
            ("e.g. Do you have a firewall?", true),
            (
                "Beispiel: Verfügt Ihr Unternehmen über eine Firewall?",
                true,
            ),
            ("Exemple : Disposez-vous d'un pare-feu ?", true),
            ("Ejemplo: ¿Tiene un cortafuegos?", true),
            ("Sample: Describe your backup strategy.", true),
            ("Example policies you maintain?", false),
            ("Do you have an example of an incident report?", false),
            ("Samples of logs retained?", false),
        ] {
            assert_eq!(is_example(t), want, "{t}");
        }
    }

    #[test]
    fn question_marks_at_the_end() {
        for (t, want) in [
            ("Is it?", true),
            ("Is it?*", true),
            ("(Is it?)", true),
            ("It is.", false),
        ] {
            assert_eq!(ends_in_question_mark(t), want, "{t}");
        }
    }
}
