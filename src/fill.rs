//! The whole pipeline for one questionnaire: read → detect → match → decide →
//! write the filled workbook (atomically) → report. The binary's `fill`
//! command is a thin shell around [`fill`].

use crate::bank::AnswerBank;
use crate::bank::attestation::{self, StaleAttestation};
use crate::date::Date;
use crate::decide::{self, Status, Thresholds};
use crate::detect::{self, Overrides, QuestionRow};
use crate::error::{Error, Result};
use crate::matcher::{MatchOutcome, Matcher};
use crate::report::{self, Alternative, Item, Report, Summary, Timings, Why};
use crate::workbook::{self, Accepts, Format, Workbook};
use crate::write::atomic::{self, Overwrite};
use crate::write::{CellWrite, WritePlan};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What marks the chosen answer's cell in a table with a column per answer.
const MARK: &str = "X";

/// How to fill, decided once from the command line.
#[derive(Debug, Clone)]
pub struct FillOptions {
    pub output: PathBuf,
    pub overwrite: Overwrite,
    pub overrides: Overrides,
    pub thresholds: Thresholds,
    /// Highlight `review` cells and attach notes.
    pub highlight: bool,
    /// Add the `qfill summary` sheet.
    pub summary: bool,
    /// Write suggestions for `review` rows (off for a clean hand-off).
    pub write_review: bool,
    /// Replace answers already in the questionnaire.
    pub overwrite_answers: bool,
    /// The day attestations in the profile are judged on.
    pub today: Date,
    /// Entries last reviewed longer ago than this (as of `today`) are stale:
    /// their confident answers are named in a warning.
    pub max_age_days: i64,
    /// Write a csv (csv questionnaires only) instead of an xlsx.
    pub csv_output: bool,
}

impl FillOptions {
    /// Defaults for writing to `output`.
    pub fn new(output: PathBuf) -> FillOptions {
        FillOptions {
            output,
            overwrite: Overwrite::Refuse,
            overrides: Overrides::default(),
            thresholds: Thresholds::default(),
            highlight: true,
            csv_output: false,
            summary: true,
            write_review: true,
            overwrite_answers: false,
            today: Date::today(),
            max_age_days: 365,
        }
    }
}

/// Where the filled copy of `input` goes by default: beside it,
/// `<stem>.filled.<ext>`. A text copy keeps the input's own extension
/// (a tab-separated `.tsv` stays `.tsv`).
pub fn default_output(input: &Path, format: Format, csv: bool) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "questionnaire".into());
    let own = input
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .filter(|e| ["csv", "tsv", "tab", "txt", "psv"].contains(&e.as_str()));
    let ext = match (csv, format) {
        (true, _) => own.as_deref().unwrap_or("csv"),
        (false, Format::Xlsm) => "xlsm",
        _ => "xlsx",
    };
    input.with_file_name(format!("{stem}.filled.{ext}"))
}

/// Fills one questionnaire and returns its report.
///
/// # Errors
/// Unreadable input, no questions found, an output that may not be written.
pub fn fill(
    input: &Path,
    bank: &AnswerBank,
    matcher: &Matcher,
    opts: &FillOptions,
) -> Result<Report> {
    let mut clock = Stopwatch::start();
    let book = workbook::read(input)?;
    let read_ms = clock.lap();
    atomic::check_output(input, &opts.output, opts.overwrite)?;
    check_output_format(input, book.format, opts)?;
    let mut overrides = opts.overrides.clone();
    if overrides.product.is_none() {
        overrides.product = bank
            .profile
            .as_ref()
            .and_then(|p| p.values.get("product").cloned());
    }
    let found = detect::detect(&book, &overrides);
    let detect_ms = clock.lap();
    found.require_questions(input)?;
    let rows: Vec<(&str, &QuestionRow)> = found
        .sheets
        .iter()
        .flat_map(|s| s.questions.iter().map(move |q| (s.name.as_str(), q)))
        .collect();
    let outcomes: Vec<MatchOutcome> = rows
        .par_iter()
        .map(|(_, q)| matcher.match_question(&field_query(&q.text, q.field)))
        .collect();
    let match_ms = clock.lap();
    let stale = bank
        .profile
        .as_ref()
        .map(|p| attestation::check(p, opts.today))
        .unwrap_or_default();
    let mut plan = WritePlan::default();
    let ctx = RowContext {
        bank,
        opts,
        stale: &stale,
        suggested: earlier_suggestions(&book),
        book: &book,
    };
    // The verdict confidently given on the sheet's previous question, for
    // follow-ups asked only after one answer ("If no, please explain…").
    let mut above: Option<(&str, Option<&'static str>)> = None;
    // The verdicts confidently given, by sheet and question id, for rows a
    // portal shows only after one answer ("Show if SEC-1 = Yes").
    let mut by_id: std::collections::HashMap<(&str, &str), &'static str> =
        std::collections::HashMap::new();
    let items: Vec<Item> = rows
        .iter()
        .zip(&outcomes)
        .map(|((sheet, q), outcome)| {
            let given = above.filter(|(s, _)| s == sheet).and_then(|(_, v)| v);
            let hidden = q.shown_if.as_ref().and_then(|(id, want)| {
                let got = *by_id.get(&(*sheet, id.as_str()))?;
                (got != *want).then(|| {
                    format!(
                        "shown only when {id} is {}, and it is {}; left empty",
                        say(want),
                        say(got)
                    )
                })
            });
            let item = match hidden.or_else(|| follow_up_not_asked(&q.text, given)) {
                Some(why) => {
                    // Decided as usual for the report, but nothing is written.
                    let mut item = decide_row(sheet, q, outcome, &ctx, &mut WritePlan::default());
                    item.comment_cell = None;
                    item.comment = None;
                    add_note(&mut item, why);
                    finish(item, Status::Unanswered, None)
                }
                None => decide_row(sheet, q, outcome, &ctx, &mut plan),
            };
            let verdict = (item.status == Status::Answered)
                .then(|| item.answer.as_deref().and_then(decide::verdict))
                .flatten();
            if let (Some(v), Some(id)) = (verdict, q.id.as_deref()) {
                by_id.insert((*sheet, id), v);
            }
            above = Some((sheet, verdict));
            item
        })
        .collect();
    let summary = Summary::of(&items);
    if opts.summary {
        plan.summary = Some(summary_rows(&summary, &items));
    }
    let mut warnings: Vec<String> = stale.iter().map(|s| s.message.clone()).collect();
    warnings.extend(parallel_columns_warnings(&book, &found.sheets));
    warnings.extend(hidden_rows_warning(&book, &items));
    warnings.extend(unreviewed_warning(bank, &items));
    warnings.extend(stale_warning(bank, &items, opts));
    warnings.extend(write(&book, &plan, opts)?);
    let timings = Timings {
        read_ms,
        detect_ms,
        match_ms,
        write_ms: clock.lap(),
    };
    Ok(Report {
        timings,
        input: input.display().to_string(),
        output: opts.output.display().to_string(),
        bank: bank.dir.display().to_string(),
        summary,
        items,
        skipped_sheets: found
            .skipped
            .iter()
            .map(|s| report::SkippedSheet {
                name: s.name.clone(),
                reason: s.reason.clone(),
                question_cells: s.question_cells,
            })
            .collect(),
        warnings,
    })
}

/// Refuses an output the written file would not match: `--format csv` for
/// a workbook, or an output named for another format than the one written
/// (an xlsm's macros under an .xlsx name make a file Excel will not open).
fn check_output_format(input: &Path, format: Format, opts: &FillOptions) -> Result<()> {
    if opts.csv_output && format != Format::Csv {
        return Err(Error::Usage(format!(
            "{}: --format csv needs a csv questionnaire; this one is {}",
            input.display(),
            format.extension()
        )));
    }
    let written = match (opts.csv_output, format) {
        (true, _) => "csv",
        (false, Format::Xlsm) => "xlsm",
        _ => "xlsx",
    };
    let named = opts
        .output
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    const SPREADSHEETS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods", "csv"];
    match named {
        Some(ext) if ext != written && SPREADSHEETS.contains(&ext.as_str()) => {
            Err(Error::Usage(format!(
                "{}: the filled copy of this {} questionnaire is {} {written} file; name the output .{written}",
                opts.output.display(),
                format.extension(),
                if written == "csv" { "a" } else { "an" },
            )))
        }
        _ => Ok(()),
    }
}

/// Milliseconds between laps.
struct Stopwatch(std::time::Instant);

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch(std::time::Instant::now())
    }

    fn lap(&mut self) -> f64 {
        let now = std::time::Instant::now();
        let ms = (now - self.0).as_secs_f64() * 1000.0;
        self.0 = now;
        ms
    }
}

/// Edits xlsx and xlsm in place (everything else of the prospect's file
/// survives); re-creates other formats as a new xlsx. Returns what the
/// filled copy left out, for the report.
fn write(book: &Workbook, plan: &WritePlan, opts: &FillOptions) -> Result<Vec<String>> {
    atomic::write_atomically(&opts.output, opts.overwrite, |tmp| {
        if opts.csv_output {
            crate::write::write_csv(book, plan, tmp).map(|()| Vec::new())
        } else if book.format.is_open_xml() {
            crate::xlsx::fill_in_place(&book.path, plan, tmp)
        } else {
            crate::write::write_new_xlsx(book, plan, tmp).map(|()| rebuilt_warning(book))
        }
    })
}

/// Tables whose answer column has siblings taking the same answers
/// ("Production | Staging | Corporate IT"), each said: qfill fills one.
fn parallel_columns_warnings(book: &Workbook, layouts: &[detect::SheetLayout]) -> Vec<String> {
    layouts
        .iter()
        .filter_map(|layout| {
            let sheet = book.sheets.get(layout.sheet_index)?;
            let cols = detect::parallel_answer_columns(sheet, layout);
            if cols.is_empty() {
                return None;
            }
            let header = layout.header_rows.first().copied();
            // The band over a column ("Product B" over "Response | Comments"),
            // merged or not.
            let band = |col: u32| {
                let cell = crate::cellref::CellRef::new(header?.checked_sub(1)?, col);
                let own = sheet.text(cell);
                let text = if own.trim().is_empty() {
                    sheet.merged_into(cell).map(|m| sheet.text(m.first))?
                } else {
                    own
                };
                Some(text.trim().to_string()).filter(|t| !t.is_empty())
            };
            let label_of = |col: u32| {
                header
                    .map(|h| sheet.text(crate::cellref::CellRef::new(h, col)))
                    .filter(|t| !t.trim().is_empty())
            };
            // Labels alike ("Response" under each product) are told apart
            // by their bands.
            let alike = cols
                .iter()
                .all(|&c| label_of(c) == label_of(layout.answer_col));
            let name = |col: u32| {
                let letters = crate::cellref::column_letters(col);
                let label = label_of(col).map(|t| match band(col).filter(|_| alike) {
                    Some(b) if b != t.trim() => format!("{b}: {}", t.trim()),
                    _ => t,
                });
                match label {
                    Some(label) => format!("{letters} ({})", label.trim()),
                    None => letters,
                }
            };
            let others: Vec<String> = cols.iter().map(|&c| name(c)).collect();
            let (columns, take, left) = match others.len() {
                1 => ("column", "takes", "it is"),
                _ => ("columns", "take", "they are"),
            };
            Some(format!(
                "sheet `{}`: {columns} {} also {take} answers from the same dropdown as column {}; qfill fills one answer column per table, so {left} left for a person (or run again with --answer-col)",
                layout.name,
                others.join(", "),
                name(layout.answer_col),
            ))
        })
        .collect()
}

/// Answers written on rows or in columns the sender hid (retired
/// questions, a collapsed group, a column detection could not avoid): kept,
/// since a collapsed group's questions are real, but named, since nobody
/// reviewing the sheet will see them.
fn hidden_rows_warning(book: &Workbook, items: &[Item]) -> Option<String> {
    let hidden: Vec<String> = items
        .iter()
        .filter(|i| i.written)
        .filter(|i| {
            let cell = crate::cellref::CellRef::parse(&i.answer_cell);
            book.sheets
                .iter()
                .find(|s| s.name == i.sheet)
                .is_some_and(|s| {
                    s.hidden_rows.contains(&i.row.saturating_sub(1))
                        || cell.is_some_and(|c| s.hidden_cols.contains(&c.col))
                })
        })
        .map(|i| format!("{}!{}", i.sheet, i.answer_cell))
        .collect();
    (!hidden.is_empty()).then(|| {
        let what = match hidden.len() {
            1 => "1 answer was written in a hidden row or column".to_string(),
            n => format!("{n} answers were written in hidden rows or columns"),
        };
        format!(
            "{what}, which a reviewer will not see without unhiding: {}",
            hidden.join(", ")
        )
    })
}

/// Confident answers taken from entries nobody has reviewed (no `reviewed`
/// date, as `init --starter` writes them): said, since such an answer may
/// still describe the starter bank's fictional company.
fn unreviewed_warning(bank: &AnswerBank, items: &[Item]) -> Option<String> {
    let ids = confident_from(bank, items, |e| e.reviewed.is_none());
    entries_warning(
        &ids,
        "nobody has reviewed (no `reviewed` date)",
        "then set `reviewed` in the bank",
    )
}

/// Confident answers taken from entries last reviewed longer ago than
/// `--max-age` (the age `bank lint` and `coverage` call stale): said, as
/// the practice they describe may have changed since.
fn stale_warning(bank: &AnswerBank, items: &[Item], opts: &FillOptions) -> Option<String> {
    let ids = confident_from(bank, items, |e| {
        e.reviewed
            .is_some_and(|r| r.days_until(opts.today) > opts.max_age_days)
    });
    entries_warning(
        &ids,
        &format!("last reviewed more than {} days ago", opts.max_age_days),
        "then update `reviewed` in the bank",
    )
}

/// The entry ids behind the confident answers qfill wrote whose entry
/// meets `pick`, one per answer.
fn confident_from<'a>(
    bank: &'a AnswerBank,
    items: &'a [Item],
    pick: impl Fn(&crate::bank::BankEntry) -> bool,
) -> Vec<&'a str> {
    let picked: std::collections::HashSet<&str> = bank
        .entries
        .iter()
        .filter(|e| pick(e))
        .map(|e| e.id.as_str())
        .collect();
    items
        .iter()
        // Rows kept as the questionnaire had them are not qfill's answers.
        .filter(|i| i.status == Status::Answered && i.written)
        .filter_map(|i| i.entry_id.as_deref())
        .filter(|id| picked.contains(id))
        .collect()
}

/// "N confident answer(s) come from bank entries {what}: a, b, …; check
/// them before sending, {then}", or `None` for no answers.
fn entries_warning(answers: &[&str], what: &str, then: &str) -> Option<String> {
    let mut ids = answers.to_vec();
    ids.sort_unstable();
    ids.dedup();
    (!answers.is_empty()).then(|| {
        let shown: Vec<&str> = ids.iter().take(5).copied().collect();
        let more = match ids.len() > 5 {
            true => format!(" and {} more", ids.len() - 5),
            false => String::new(),
        };
        format!(
            "{} confident answer(s) come from bank entries {what}: {}{more}; check them before sending, {then}",
            answers.len(),
            shown.join(", ")
        )
    })
}

/// What a filled copy rebuilt from cell values loses (xls, xlsb, ods):
/// said in the report, since the prospect may expect their formatting.
fn rebuilt_warning(book: &Workbook) -> Vec<String> {
    let kept = match book.format {
        Format::Csv => return Vec::new(),
        // qfill reads an ods or xls file's list dropdowns: the copy carries
        // them and answers were fitted to them.
        Format::Ods | Format::Xls => {
            "formulas (as their last values), formatting, notes, images and \
                        protection are not carried over (list dropdowns are)"
        }
        _ => {
            "formulas (as their last values), formatting, dropdowns, notes, images and \
              protection are not carried over, and answers were not checked against any \
              dropdown list the file has (qfill cannot read them from this format)"
        }
    };
    let mut out = vec![format!(
        "the filled copy of this {} file is a new xlsx rebuilt from its cell values: {kept}. \
         For a faithful copy, save the questionnaire as xlsx in a spreadsheet application and \
         fill that",
        book.format.extension()
    )];
    // Excel's sheet names are shorter and plainer than an ods file's.
    out.extend(book.sheets.iter().filter_map(|s| {
        let renamed = crate::write::excel_sheet_name(&s.name);
        (renamed != s.name).then(|| {
            format!(
                "sheet `{}` is named `{renamed}` in the filled copy (Excel allows 31 characters and no []:*?/\\)",
                s.name
            )
        })
    }));
    out
}

/// What every row's decision needs besides the row itself.
struct RowContext<'a> {
    bank: &'a AnswerBank,
    opts: &'a FillOptions,
    /// Profile attestations that no longer hold: answers quoting them need review.
    stale: &'a [StaleAttestation],
    /// The suggestions an earlier fill left for review.
    suggested: EarlierSuggestions,
    /// The questionnaire, for what its cells accept.
    book: &'a Workbook,
}

/// The suggestions an earlier `qfill fill` of this workbook left for
/// review, from the summary sheets it added: where a cell still holds one,
/// it is qfill's suggestion, not a person's answer.
#[derive(Debug, Default)]
pub(crate) struct EarlierSuggestions(HashMap<(String, u32), String>);

impl EarlierSuggestions {
    /// Whether the answer cell of `sheet`'s 1-based `row`, now holding
    /// `answer`, still holds qfill's suggestion: a reviewer who typed over
    /// it made it their own, though the summary sheet still lists the row.
    pub(crate) fn holds(&self, sheet: &str, row: u32, answer: &str) -> bool {
        self.0
            .get(&(sheet.to_string(), row))
            .is_some_and(|suggested| same_suggestion(answer, suggested))
    }
}

/// Whether a cell's text is the suggestion the summary lists: the same
/// (a mark column reads as its label), or the same cut short to a cell's
/// limit, at a sentence end or with "…".
fn same_suggestion(cell: &str, suggested: &str) -> bool {
    let (cell, suggested) = (cell.trim(), suggested.trim());
    if suggested.is_empty() || cell.eq_ignore_ascii_case(suggested) {
        return true;
    }
    let head = cell.strip_suffix('…').unwrap_or(cell).trim_end();
    head.chars().count() >= MIN_CUT_CHARS && suggested.starts_with(head)
}

/// A cut suggestion is at least this long (a cell's limit keeps half of it);
/// a shorter head of it is a person's answer that happens to begin the same.
const MIN_CUT_CHARS: usize = 12;

pub(crate) fn earlier_suggestions(book: &Workbook) -> EarlierSuggestions {
    let mut out = HashMap::new();
    for sheet in book
        .sheets
        .iter()
        .filter(|s| detect::is_fill_summary(&s.name))
    {
        let text = |row: &[workbook::Value], c: usize| {
            row.get(c)
                .map(|v| v.text().trim().to_string())
                .unwrap_or_default()
        };
        let Some((header, status, suggestion)) =
            sheet.rows.iter().enumerate().find_map(|(i, row)| {
                let labels: Vec<String> = (0..row.len()).map(|c| text(row, c)).collect();
                let status = labels.iter().position(|l| l == "Status")?;
                let suggestion = labels.iter().position(|l| l == "Suggestion");
                (labels.first().is_some_and(|l| l == "Sheet")
                    && labels.get(1).is_some_and(|l| l == "Row"))
                .then_some((i, status, suggestion))
            })
        else {
            continue;
        };
        for row in &sheet.rows[header + 1..] {
            if text(row, status) == Status::Review.as_str()
                && let Ok(n) = text(row, 1).parse::<u32>()
            {
                let suggested = suggestion.map(|c| text(row, c)).unwrap_or_default();
                out.insert((text(row, 0), n), suggested);
            }
        }
    }
    EarlierSuggestions(out)
}

/// An answer the answer cell cannot take (no dropdown value fits it, or
/// the cell takes only a number or a date, and qfill writes text) is not
/// written into it; when the row has an empty comment cell meant for that
/// answer (an "If No, explain" column is not, for a Yes or for an answer
/// that is neither), the suggestion goes there, cut to the cell's limit and
/// highlighted like any review, so the reviewer sees it beside the cell
/// they must set. Returns the row's item, for review.
fn suggest_beside(
    ctx: &RowContext<'_>,
    (sheet, q): (&str, &QuestionRow),
    (mut item, plan): (Item, &mut WritePlan),
    (answer, detail): (String, Option<&str>),
    outcome: &MatchOutcome,
) -> Item {
    let review = |mut item: Item, answer: String| {
        item.answer = Some(answer);
        finish(item, Status::Review, None)
    };
    let opts = ctx.opts;
    let Some(best) = outcome.best() else {
        return review(item, answer);
    };
    let from = (ctx.bank.entries[best.entry].id.as_str(), best.score);
    let Some((cell, existing)) = q.comment_for(decide::verdict(&answer)) else {
        return review(item, answer);
    };
    if !existing.is_empty() || !opts.write_review {
        return review(item, answer);
    }
    if let Some(why) = kept_out(outcome, &opts.thresholds) {
        add_note(&mut item, why);
        return review(item, answer);
    }
    let limit = ctx
        .book
        .sheets
        .iter()
        .find(|s| s.name == sheet)
        .and_then(|s| s.accepts_at(cell))
        .or(q.comment_limit.map(|max| Accepts::Text { max }));
    let text = fit_cell(
        &mut item,
        suggestion_text(&answer, detail),
        limit,
        "suggestion",
    );
    item.comment_cell = Some(cell.to_string());
    item.comment = Some(text.clone());
    plan.writes.push(CellWrite {
        sheet: sheet.to_string(),
        cell,
        text,
        number: None,
        boolean: None,
        highlight: opts.highlight,
        note: opts.highlight.then(|| {
            format!(
                "qfill: please review, and set the answer cell beside it yourself (it cannot take this text). Suggested from bank entry `{}` (score {}).",
                from.0, crate::report::shown(from.1)
            )
        }),
    });
    review(item, answer)
}

/// A runner-up scoring at least this share of the best one's score is
/// named in the review note as fitting nearly as well.
const NEAR_RUNNER_UP: f64 = 0.6;

/// Why a review suggestion stays out of the prospect's cells, when it
/// does: it scores under `--write-at`, or it contradicts the question (SOC 1
/// asked, SOC 2 offered), whatever its capped score. A weak "Yes" in a
/// prospect's cell is too easy to send on unread.
fn kept_out(outcome: &MatchOutcome, t: &Thresholds) -> Option<String> {
    let best = outcome.best()?;
    let w = &outcome.why;
    let why = if let Some(c) = &w.conflict {
        format!("the suggestion contradicts the question ({c})")
    } else if w.negation_mismatch {
        "the suggestion negates what the question asks".to_string()
    } else if best.score < t.written_at {
        format!(
            "score {}, where one is written into the cell from {:.2}",
            crate::report::shown(best.score),
            t.written_at
        )
    } else {
        return None;
    };
    Some(format!(
        "a weak suggestion ({why}): not written; check it before using it"
    ))
}

/// Why a follow-up is not asked, when it opens with the answer it follows
/// ("If no, please explain…", "If yes, how often…") and the question above
/// was confidently answered otherwise.
fn follow_up_not_asked(question: &str, above: Option<&'static str>) -> Option<String> {
    let above = above?;
    let wanted = crate::matcher::follow_up_condition(question)?;
    (wanted != above).then(|| {
        format!(
            "asked only when the answer above is {}, and it is {}; left empty",
            say(wanted),
            say(above)
        )
    })
}

/// The dropdown value that says what `answer` says; for codes a legend
/// spells out ("C = Compliant"), the code whose meaning says it.
fn to_choice(answer: &str, q: &QuestionRow, choices: &[String]) -> Option<String> {
    match &q.choice_meanings {
        Some(meanings) if meanings.len() == choices.len() => {
            let meaning = decide::map_to_choice(answer, meanings)?;
            let at = meanings.iter().position(|m| *m == meaning)?;
            choices.get(at).cloned()
        }
        _ => decide::map_to_choice(answer, choices),
    }
}

/// A verdict as a person writes it.
fn say(verdict: &str) -> &'static str {
    match verdict {
        "yes" => "Yes",
        "no" => "No",
        _ => "N/A",
    }
}

/// The answer with its detail, as one text ("Yes. Okta enforces…").
/// A detail that opens with the answer ("About 320" and "About 320
/// full-time employees…") is the whole text.
fn suggestion_text(answer: &str, detail: Option<&str>) -> String {
    let short = answer.trim().trim_end_matches('.');
    match detail {
        Some(d) if !short.is_empty() && starts_with_ignoring_case(d.trim_start(), short) => {
            d.to_string()
        }
        Some(d) => format!("{short}. {d}"),
        None => answer.to_string(),
    }
}

fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// Decides one row: its status, what to write, and its report item.
fn decide_row(
    sheet: &str,
    q: &QuestionRow,
    outcome: &MatchOutcome,
    ctx: &RowContext<'_>,
    plan: &mut WritePlan,
) -> Item {
    let (bank, opts) = (ctx.bank, ctx.opts);
    let mut item = base_item(sheet, q, outcome, bank);
    let mut status = decide::status(outcome, &opts.thresholds);
    // Why a suggestion is only a suggestion, for the summary sheet's Note
    // column; a more particular reason later replaces or follows it.
    if let Some(best) = outcome.best().filter(|_| status == Status::Review) {
        let t = &opts.thresholds;
        item.note = Some(if best.score < t.answered_at {
            // What held it down: the evidence qfill found thin, or else a
            // neighbouring entry that fits nearly as well.
            let held = match (&outcome.why.thin_evidence, outcome.candidates.get(1)) {
                (Some(thin), _) => format!("; {thin}"),
                (None, Some(next)) if next.score >= NEAR_RUNNER_UP * best.score => format!(
                    "; the entry `{}` fits nearly as well (score {})",
                    bank.entries[next.entry].id,
                    crate::report::shown(next.score)
                ),
                _ => String::new(),
            };
            format!(
                "not confident: score {}, where a confident answer needs {:.2}{held}",
                crate::report::shown(best.score),
                t.answered_at
            )
        } else {
            format!(
                "not confident: the runner-up is close (lead {}, where a confident answer needs {:.2})",
                crate::report::shown(outcome.margin()),
                t.margin
            )
        });
    }
    if let Some(reason) = q.writable.reason() {
        // The match is still worth knowing: a person may copy it by hand.
        let nearest = outcome
            .best()
            .filter(|_| status != Status::Unanswered)
            .map(|best| {
                let entry = &bank.entries[best.entry];
                format!(
                    "; the bank's answer would be `{}` (entry `{}`, score {})",
                    bank.render(&entry.answer),
                    entry.id,
                    crate::report::shown(best.score)
                )
            })
            .unwrap_or_default();
        item.note = Some(format!("{reason}{nearest}"));
        return finish(item, Status::Unanswered, None);
    }
    if !q.existing_answer.is_empty() && !opts.overwrite_answers {
        item.answer = Some(q.existing_answer.clone());
        if ctx.suggested.holds(sheet, q.row + 1, &q.existing_answer) {
            // qfill's own suggestion, which no person has confirmed.
            item.note = Some(
                "suggested by an earlier qfill run and still to review; kept (use --overwrite-answers to replace)"
                    .into(),
            );
            return finish(item, Status::Review, None);
        }
        item.note = Some(
            "already answered in the questionnaire; kept (use --overwrite-answers to replace)"
                .into(),
        );
        return finish(item, Status::Answered, None);
    }
    let Some(best) = outcome.best().filter(|_| status != Status::Unanswered) else {
        return finish(item, Status::Unanswered, None);
    };
    let persons =
        !q.existing_answer.is_empty() && !ctx.suggested.holds(sheet, q.row + 1, &q.existing_answer);
    if persons && status != Status::Answered {
        // --overwrite-answers replaces a person's answer with a confident
        // one only, never with a suggestion qfill itself doubts: the row
        // is listed for review with the suggestion, and the cell is kept.
        let entry = &bank.entries[best.entry];
        item.answer = Some(bank.render(&entry.answer));
        item.note = Some(format!(
            "already answered in the questionnaire; kept, as qfill's own suggestion (entry `{}`, score {}) is not confident enough to replace it",
            entry.id,
            crate::report::shown(best.score)
        ));
        return finish(item, Status::Review, None);
    }
    let entry = &bank.entries[best.entry];
    if q.requested && status == Status::Answered {
        // "Provided: Y" beside "SOC 2 Type II report" promises the
        // document: a person attaches it before the answer goes out.
        status = Status::Review;
        item.note = Some(
            "the questionnaire asks for the document itself: attach it, then confirm the answer"
                .into(),
        );
    }
    if status == Status::Answered && crate::matcher::refers_above(&q.text) {
        status = Status::Review;
        item.note = Some(
            "the follow-up names its subject only as `it` or `they`: check the answer is about what the question above asks"
                .into(),
        );
    }
    if let Some(s) = attestation::affecting(entry, ctx.stale) {
        status = Status::Review;
        item.note = Some(format!(
            "the answer quotes an attestation that no longer holds: {}",
            s.message
        ));
    }
    let mut answer = bank.render(&entry.answer);
    let mut detail = entry.detail.as_deref().map(|d| bank.render(d));
    // A placeholder the profile does not define (a typo in either) would
    // reach the prospect as `{{soc2.categories}}`.
    let unknown = [Some(answer.as_str()), detail.as_deref()]
        .into_iter()
        .flatten()
        .find_map(|t| crate::bank::placeholders(t).into_iter().next());
    if let Some(name) = unknown {
        item.note = Some(format!(
            "the entry `{}` uses the placeholder `{{{{{name}}}}}`, which the bank's profile does not define; not written (`qfill bank lint` names it)",
            entry.id
        ));
        item.answer = Some(answer);
        return finish(item, Status::Review, None);
    }
    // "Where is our data stored?" is not answered "Yes: in the EU" (unless
    // its cell offers Yes and No: then the question was one of whether).
    let takes_verdicts = q.allowed().is_some() || !q.marks.is_empty();
    if let Some(rest) = decide::value_after_yes(&answer)
        .filter(|_| !takes_verdicts && crate::matcher::asks_open(&q.text))
    {
        add_note(
            &mut item,
            format!(
                "the question asks what, not whether: `{}` is written without its Yes",
                answer.trim()
            ),
        );
        answer = rest;
    }
    // A form's field ("Primary contact:") asks for a value; a bare Yes
    // from a matched entry about something else is no value for it, nor is
    // a doubtful suggestion that opens with one ("Team/Application" →
    // "Yes, for new services…").
    let verdict_only = decide::is_bare_verdict(&answer)
        || status != Status::Answered && decide::verdict(&answer).is_some();
    if q.field && q.allowed().is_none() && verdict_only {
        item.note = Some(format!(
            "a form field takes a value, and the nearest entry (`{}`) answers yes or no: `{}`",
            entry.id,
            answer.trim()
        ));
        return finish(item, Status::Unanswered, None);
    }
    if let Some(choices) = q.allowed() {
        let stated = || {
            let choice = entry.choice.as_deref()?;
            to_choice(choice, q, choices)
        };
        // An option's tick box (a dropdown of "X" alone) stays empty for a No.
        if decide::tick_box(choices).is_some() && decide::verdict(&answer) == Some("no") {
            item.note = Some(format!(
                "the answer is `{}`: the option's tick box stays empty",
                answer.trim()
            ));
            item.answer = Some(answer);
            return finish(item, status, None);
        }
        match to_choice(&answer, q, choices) {
            Some(value) => answer = value,
            // The curator's Yes / No / N/A goes in the dropdown; the phrase
            // itself is kept, leading the comment.
            None if let Some(value) = stated() => {
                add_note(
                    &mut item,
                    format!("`{value}` is the entry's stated choice for its answer `{answer}`"),
                );
                detail = Some(suggestion_text(&answer, detail.as_deref()));
                answer = value;
            }
            None => {
                item.note = Some(format!(
                    "the answer `{answer}` fits none of the dropdown values ({}); not written",
                    choices.join(", ")
                ));
                return suggest_beside(
                    ctx,
                    (sheet, q),
                    (item, plan),
                    (answer, detail.as_deref()),
                    outcome,
                );
            }
        }
    } else if let Some(d) = detail.take_if(|_| {
        let bare = decide::is_bare_verdict(&answer);
        // A value asked for ("What is your RTO?": "8 hours") stays short
        // when a comment cell takes the detail, and a cell
        // that takes only a number or a date gets the value alone.
        let beside = q.comment_for(decide::verdict(&answer)).is_some()
            && !bare
            && crate::matcher::asks_open(&q.text);
        answer.split_whitespace().count() <= SHORT_ANSWER_WORDS
            && crate::matcher::asks_for_account(&q.text)
            && !beside
            && !takes_only_values(ctx, sheet, q)
    }) {
        // "Describe…" wants the account, not a bare "Yes" or a short
        // "Annually" beside it: the answer cell takes the detail, led by
        // a short answer that says more than a verdict.
        let bare = decide::is_bare_verdict(&answer);
        let why = if bare {
            format!(
                "the question asks for an account: the entry's detail is written in place of `{}`",
                answer.trim()
            )
        } else {
            "the question asks for an account: the entry's detail follows its short answer in the answer cell".to_string()
        };
        add_note(&mut item, why);
        answer = if bare {
            d
        } else {
            suggestion_text(&answer, Some(&d))
        };
    } else if q.comment_for(decide::verdict(&answer)).is_none()
        && !q.field
        && !crate::detect::asks_a_value(&q.text)
        && let Some(d) = detail.take()
    {
        // No comment cell takes it: the detail follows the answer.
        answer = suggestion_text(&answer, Some(&d));
    }
    let sheet_of = ctx.book.sheets.iter().find(|s| s.name == sheet);
    let accepts_at = |cell| sheet_of.and_then(|s| s.accepts_at(cell));
    let mut accepts = accepts_at(q.answer_cell)
        .or(q.declared)
        .filter(|_| q.marks.is_empty())
        .filter(|a| !matches!(a, Accepts::Text { .. }));
    // A cell that takes only a number takes the one the answer states, in
    // the unit the question asks in ("RTO in hours": "8 hours" is 8), or
    // the row's own Unit column gives.
    let mut number = None;
    // Looked for only where a number is wanted: it reads the rows above.
    let asked_in = || match sheet_of.and_then(|s| row_unit(s, q.answer_cell.row)) {
        Some(unit) => format!("{} ({unit})", q.text),
        None => q.text.clone(),
    };
    // A fraction might break a whole-number rule; a number outside the
    // cell's bounds the cell refuses (320 where 1 to 250 is allowed).
    if let Some(rule @ (Accepts::Number | Accepts::NumberIn { .. })) = accepts
        && let Some(n) = decide::number_for(&answer, &asked_in())
            .filter(|n| n.fract() == 0.0 && rule.admits_number(*n))
    {
        add_note(
            &mut item,
            format!("the answer cell takes only a number: `{answer}` is written as {n}"),
        );
        number = Some(n);
        accepts = None;
        answer = n.to_string();
    }
    // qfill writes text, which such a cell refuses even when it reads as a
    // number ("320" as text is not the number 320): a person sets it.
    if let Some(accepts) = accepts {
        item.note = Some(if accepts == Accepts::Listed {
            format!(
                "the answer cell's dropdown list comes from a formula qfill cannot read; `{answer}` is suggested beside it, not written: pick the value from the list"
            )
        } else if accepts == Accepts::Ruled {
            format!(
                "the answer cell has a validation formula qfill does not evaluate; `{answer}` is suggested beside it, not written"
            )
        } else {
            format!(
                "the answer cell takes only {} and qfill writes text; `{answer}` is suggested beside it, not written",
                accepts.name()
            )
        });
        return suggest_beside(
            ctx,
            (sheet, q),
            (item, plan),
            (answer, detail.as_deref()),
            outcome,
        );
    }
    // A suggestion without the number the question asks for ("Yes" under
    // "Cyber insurance cover (USD)" or "% of staff trained") is no value
    // for its cell: it goes beside it, and the cell stays empty.
    if status == Status::Review
        && q.marks.is_empty()
        && q.choices.is_none()
        && crate::matcher::lacks_asked_number(&q.text, &answer)
    {
        add_note(
            &mut item,
            format!(
                "the question asks for a number the suggestion does not give; `{answer}` is suggested beside it, not written"
            ),
        );
        return suggest_beside(
            ctx,
            (sheet, q),
            (item, plan),
            (answer, detail.as_deref()),
            outcome,
        );
    }
    if status == Status::Review {
        let kept_out = opts
            .write_review
            .then(|| kept_out(outcome, &opts.thresholds))
            .flatten();
        if !opts.write_review || kept_out.is_some() {
            if let Some(why) = kept_out {
                add_note(&mut item, why);
            }
            item.answer = Some(answer);
            return finish(item, status, None);
        }
    }
    let highlight = status == Status::Review && opts.highlight;
    let note = highlight.then(|| {
        format!(
            "qfill: please review. Suggested from bank entry `{}` (score {}).",
            entry.id,
            crate::report::shown(best.score)
        )
    });
    // In a mark table the answer is an X under its column, or the mark its
    // dropdown offers ("☒", "✓").
    // A mark column that takes only a number (a 0–1 validation the
    // sender's SUM counts) is marked with 1.
    let mut mark_number = None;
    let (cell, text) = match q.marks.iter().find(|(label, _)| *label == answer) {
        Some((_, cell)) if accepts_at(*cell).is_some_and(|a| a.admits_number(1.0)) => {
            mark_number = Some(1.0);
            (*cell, "1".to_string())
        }
        Some((_, cell)) => {
            let list = sheet_of.and_then(|s| s.dropdown_at(*cell));
            // A box drawn in the cell ("☐ Yes", "○") is ticked where it stands.
            let drawn = match list {
                None => sheet_of.and_then(|s| crate::detect::tick_in_place(&s.text(*cell))),
                Some(_) => None,
            };
            let Some(mark) = drawn.as_deref().or_else(|| mark_for(list)) else {
                let why = format!(
                    "the `{answer}` column's dropdown offers no tick ({}); not written: pick its value by hand",
                    list.unwrap_or_default().join(", ")
                );
                add_note(&mut item, why);
                item.answer = Some(answer);
                return finish(item, Status::Review, None);
            };
            (*cell, mark.to_string())
        }
        None => match printed_options(sheet_of, q.answer_cell, &answer) {
            // The cell prints its options with boxes ("☐ Yes ☐ No"): the
            // answer's box is ticked where it stands.
            Some(Ok(ticked)) => (q.answer_cell, ticked),
            Some(Err(why)) => {
                add_note(&mut item, why.to_string());
                item.answer = Some(answer);
                return finish(item, Status::Review, None);
            }
            None => (q.answer_cell, answer.clone()),
        },
    };
    let limited =
        |cell, limit: Option<usize>| accepts_at(cell).or(limit.map(|max| Accepts::Text { max }));
    let text = fit_cell(&mut item, text, limited(cell, q.answer_limit), "answer");
    let text = match q.answer_words {
        Some(words) if cell == q.answer_cell => fit_words(&mut item, text, words),
        _ => text,
    };
    item.answer_cell = cell.to_string();
    // A checkbox takes its boolean: TRUE or FALSE as the dropdown offers
    // them, or the answer's Yes or No; any other answer is a person's to set.
    let checkbox = sheet_of.and_then(|s| boolean_cell(s, cell)).is_some();
    let boolean = checkbox
        .then(|| match text.trim().to_ascii_uppercase().as_str() {
            "TRUE" => Some(true),
            "FALSE" => Some(false),
            _ => match decide::verdict(&answer) {
                Some("yes") => Some(true),
                Some("no") => Some(false),
                _ => None,
            },
        })
        .flatten();
    if checkbox && boolean.is_none() {
        add_note(
            &mut item,
            format!(
                "the answer cell is a TRUE/FALSE checkbox and `{answer}` is neither Yes nor No; not written: set it by hand"
            ),
        );
        item.answer = Some(answer);
        return finish(item, Status::Review, None);
    }
    let text = match boolean {
        Some(b) => if b { "TRUE" } else { "FALSE" }.to_string(),
        None => text,
    };
    // A list of numbers ("1,0" under "1 = Yes, 0 = No") takes a number, as
    // a person picking from it stores one: the sender's SUM counts it.
    let number = number.or_else(|| sheet_of.and_then(|s| listed_number(s, cell, &text)));
    plan.writes.push(CellWrite {
        sheet: sheet.to_string(),
        cell,
        text,
        number: mark_number.or(number.filter(|_| cell == q.answer_cell)),
        boolean,
        highlight,
        note,
    });
    match (q.comment_for(decide::verdict(&answer)), &detail) {
        // A person's note is replaced only by a confident answer's detail.
        (Some((cell, existing)), Some(d))
            if existing.is_empty() || (opts.overwrite_answers && status == Status::Answered) =>
        {
            let text = fit_cell(
                &mut item,
                d.clone(),
                limited(cell, q.comment_limit),
                "detail",
            );
            plan.writes.push(CellWrite {
                sheet: sheet.to_string(),
                cell,
                text: text.clone(),
                number: None,
                boolean: None,
                highlight,
                note: None,
            });
            item.comment_cell = Some(cell.to_string());
            item.comment = Some(text);
        }
        (None, Some(_)) if q.comment_cell.is_some() => {
            let why = format!(
                "the entry's detail is not written: the comment column is meant only {}",
                q.comment_when
            );
            add_note(&mut item, why);
        }
        _ => {}
    }
    item.answer = Some(answer);
    finish(item, status, Some(()))
}

/// For an answer cell that prints its options with empty boxes ("☐ Yes
/// ☐ No", "[ ] Yes [ ] No"): its text with the answer's option ticked, or
/// `Err` when no option is the answer's. For a cell that holds one empty
/// box ("☐" under "Compliant"): the box ticked for a yes, `Err` otherwise.
/// `None` for any other cell.
fn printed_options(
    sheet: Option<&crate::workbook::Sheet>,
    cell: crate::cellref::CellRef,
    answer: &str,
) -> Option<Result<String, &'static str>> {
    let text = sheet?.text(cell);
    let verdict = decide::verdict(answer);
    if crate::detect::lone_box(&text) {
        return Some(match verdict {
            Some("yes") => crate::detect::tick_in_place(&text)
                .ok_or("the answer cell is a tick box qfill cannot tick; set it by hand"),
            Some("no") => Err(
                "the answer cell is a tick box and the answer is No: left unticked; check that an empty box reads as No here",
            ),
            _ => Err(
                "the answer cell is a tick box and the answer is not a yes; not ticked: set it by hand",
            ),
        });
    }
    if !crate::detect::prints_options(&text) {
        return None;
    }
    Some(
        verdict
            .and_then(|v| crate::detect::tick_option(&text, v))
            .ok_or("the answer cell prints its options with boxes and none of them is the answer's; not written: tick one by hand"),
    )
}

/// `Some` when a cell takes a boolean: its dropdown offers TRUE and FALSE
/// and nothing else, or it holds one already (a checkbox cell).
fn boolean_cell(sheet: &crate::workbook::Sheet, cell: crate::cellref::CellRef) -> Option<()> {
    let listed = sheet.dropdown_at(cell).is_some_and(|list| {
        !list.is_empty()
            && list.iter().all(|v| {
                v.trim().eq_ignore_ascii_case("true") || v.trim().eq_ignore_ascii_case("false")
            })
    });
    let held = matches!(sheet.value(cell), crate::workbook::Value::Bool(_));
    (listed || held).then_some(())
}

/// The number a cell's dropdown offers as `text`, when every value it
/// offers is a number.
fn listed_number(
    sheet: &crate::workbook::Sheet,
    cell: crate::cellref::CellRef,
    text: &str,
) -> Option<f64> {
    let number = |v: &str| v.trim().parse::<f64>().ok().filter(|n| n.is_finite());
    let list = sheet.dropdown_at(cell)?;
    (!list.is_empty() && list.iter().all(|v| number(v).is_some()))
        .then(|| number(text))
        .flatten()
}

/// Whether the answer cell takes only a number or a date (a validation
/// rule), so prose cannot go in it.
fn takes_only_values(ctx: &RowContext<'_>, sheet: &str, q: &QuestionRow) -> bool {
    ctx.book
        .sheets
        .iter()
        .find(|s| s.name == sheet)
        .and_then(|s| s.accepts_at(q.answer_cell))
        .is_some_and(|a| !matches!(a, Accepts::Text { .. } | Accepts::Listed))
}

/// The mark to write in a mark column: "X" when it has no dropdown, else
/// the dropdown's only value (unless that is the empty box) or the first
/// tick it offers; `None` when it offers none, as any text would break the
/// list's rule.
fn mark_for(list: Option<&[String]>) -> Option<&str> {
    match list {
        None => Some(MARK),
        Some([only]) if !only.trim().is_empty() && only.trim() != "☐" => Some(only.trim()),
        Some(values) => decide::TICKS
            .iter()
            .find(|t| values.iter().any(|v| v.trim() == **t))
            .copied(),
    }
}

/// An answer of at most this many words is short: a question that asks
/// for an account gets the entry's detail with it in the answer cell.
const SHORT_ANSWER_WORDS: usize = 6;

/// `text` shortened to a text-length validation's limit, at a sentence or
/// word end, with a note saying so (the bank entry keeps the whole text).
fn fit_cell(item: &mut Item, text: String, accepts: Option<Accepts>, what: &str) -> String {
    let Some(Accepts::Text { max }) = accepts else {
        return text;
    };
    let Some(fitted) = shorten(&text, max) else {
        return text;
    };
    add_note(
        item,
        format!(
            "the {what} is shortened to the cell's limit of {max} characters; the bank entry has all of it"
        ),
    );
    fitted
}

/// `text` cut to at most `words` words, as [`shorten`] cuts it, with a note
/// saying so: the header asked for "max 50 words".
fn fit_words(item: &mut Item, text: String, words: usize) -> String {
    let Some(fitted) = shorten_words(&text, words) else {
        return text;
    };
    add_note(
        item,
        format!(
            "the answer is shortened to the cell's limit of {words} words; the bank entry has all of it"
        ),
    );
    fitted
}

/// `text` cut to at most `words` words as [`shorten`] cuts it; `None` when
/// it fits already.
fn shorten_words(text: &str, words: usize) -> Option<String> {
    // The character where the first word past the limit starts.
    let next = text.split_whitespace().nth(words)?;
    let offset = next.as_ptr() as usize - text.as_ptr() as usize;
    let max = text[..offset].trim_end().chars().count() + 1;
    shorten(text, max)
}

/// `text` cut to at most `max` characters, ending with "…": at the last
/// sentence end that keeps half of it, else the last word end. `None`
/// when it fits already.
fn shorten(text: &str, max: usize) -> Option<String> {
    if text.chars().count() <= max {
        return None;
    }
    let room = max.saturating_sub(1);
    let end = text.char_indices().nth(room).map_or(text.len(), |(i, _)| i);
    let head = &text[..end];
    // A full stop ends a sentence unless it ends an abbreviation ("N.",
    // "e.g.", "Inc.") or falls inside brackets ("AWS us-east-1 (N.
    // Virginia)").
    let ends_sentence = |i: usize| {
        let before = head[..i - 1].split_whitespace().last().unwrap_or_default();
        let letters = before.chars().filter(|c| c.is_alphabetic()).count();
        let abbreviation = letters <= 1
            || ["e.g", "i.e", "etc", "inc", "ltd", "vs", "approx", "no"]
                .contains(&before.to_lowercase().as_str());
        let open = head[..i].matches('(').count() > head[..i].matches(')').count();
        !abbreviation && !open
    };
    let sentence = head
        .rmatch_indices(". ")
        .map(|(i, _)| i + 1)
        .find(|&i| i >= head.len() / 2 && ends_sentence(i));
    let word = head
        .rfind(char::is_whitespace)
        .filter(|&i| i >= head.len() / 2);
    let cut = match (sentence, word) {
        // A whole sentence fits: it needs no ellipsis.
        (Some(i), _) => return Some(head[..i].to_string()),
        (None, Some(i)) => &head[..i],
        (None, None) => head,
    };
    Some(format!("{}…", cut.trim_end_matches([',', ';', ':', ' '])))
}

/// Adds `why` to the item's note, after any earlier one.
fn add_note(item: &mut Item, why: String) {
    item.note = Some(match item.note.take() {
        Some(earlier) => format!("{earlier}; {why}"),
        None => why,
    });
}

fn finish(mut item: Item, status: Status, written: Option<()>) -> Item {
    item.status = status;
    item.written = written.is_some();
    if status == Status::Unanswered {
        item.entry_id = None;
        if item.note.is_none() || !item.written {
            item.answer = item.answer.filter(|_| item.note.is_some());
        }
        item.controls.clear();
    }
    item
}

fn base_item(sheet: &str, q: &QuestionRow, outcome: &MatchOutcome, bank: &AnswerBank) -> Item {
    let best = outcome.best();
    let entry = best.map(|b| &bank.entries[b.entry]);
    let w = &outcome.why;
    Item {
        sheet: sheet.to_string(),
        row: q.row + 1,
        question_id: q.id.clone(),
        question: q.text.clone(),
        answer_cell: q.answer_cell.to_string(),
        status: Status::Unanswered,
        score: report::round(best.map_or(0.0, |b| b.score)),
        entry_id: entry.map(|e| e.id.clone()),
        answer: None,
        controls: entry.map(|e| e.controls.clone()).unwrap_or_default(),
        comment_cell: None,
        comment: None,
        alternatives: outcome
            .candidates
            .iter()
            .skip(1)
            .take(3)
            .map(|c| Alternative {
                entry_id: bank.entries[c.entry].id.clone(),
                score: report::round(c.score),
            })
            .collect(),
        why: Why::from(w),
        written: false,
        note: None,
    }
}

/// The `qfill summary` sheet: counts, then one row per question that needs a person.
fn summary_rows(summary: &Summary, items: &[Item]) -> Vec<Vec<String>> {
    let mut rows = vec![
        vec!["qfill summary".to_string(), String::new()],
        vec!["Questions".into(), summary.questions.to_string()],
        vec!["Answered".into(), summary.answered.to_string()],
        vec!["Review".into(), summary.review.to_string()],
        vec!["Unanswered".into(), summary.unanswered.to_string()],
        vec![],
        [
            "Sheet",
            "Row",
            "Question",
            "Suggestion",
            "Score",
            "Entry",
            "Status",
            "Note",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for i in items.iter().filter(|i| i.status != Status::Answered) {
        rows.push(vec![
            i.sheet.clone(),
            i.row.to_string(),
            i.question.clone(),
            i.answer.clone().unwrap_or_default(),
            if i.entry_id.is_some() {
                crate::report::shown(i.score)
            } else {
                String::new()
            },
            i.entry_id.clone().unwrap_or_default(),
            i.status.as_str().to_string(),
            i.note.clone().unwrap_or_default(),
        ]);
    }
    rows
}

/// What a row asks the bank. A form field named by a party alone
/// ("Supplier:", "Vendor", "Organisation") asks for its name, as "Supplier
/// name" would; one named by the role the form gives the respondent
/// ("Name of Applicant:", "Named Insured", "Tenderer") asks for the company's
/// name ("applicant" stems as "application" does, so it is not matched as
/// written); everything else is matched as written.
fn field_query(text: &str, field: bool) -> std::borrow::Cow<'_, str> {
    const ROLES: &[&str] = &[
        "applicant",
        "named insured",
        "insured",
        "respondent",
        "tenderer",
        "proposer",
        "offeror",
    ];
    const PARTIES: &[&str] = &[
        "vendor",
        "supplier",
        "company",
        "organisation",
        "organization",
        "provider",
        "service provider",
        "bidder",
        "legal entity",
        "entity",
    ];
    let label = text
        .trim()
        .trim_end_matches(crate::detect::text::COLONS)
        .trim()
        .to_lowercase();
    let role = ["name of the ", "name of "]
        .iter()
        .find_map(|p| label.strip_prefix(p))
        .or_else(|| label.strip_suffix("'s name"))
        .or_else(|| label.strip_suffix(" name"))
        .unwrap_or(&label);
    if field && ROLES.contains(&role) {
        return std::borrow::Cow::Borrowed("Company name");
    }
    if field && PARTIES.contains(&label.as_str()) {
        std::borrow::Cow::Owned(format!(
            "{} name",
            text.trim()
                .trim_end_matches(crate::detect::text::COLONS)
                .trim()
        ))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The unit a metrics table gives a row in a column of its own ("Metric |
/// Value | Unit" with "hours" beside the RTO): the row's cell under a
/// "Unit" label above it.
fn row_unit(sheet: &workbook::Sheet, row: u32) -> Option<String> {
    const LABELS: &[&str] = &["unit", "units", "unit of measure", "uom"];
    let col = (0..sheet.width()).find(|&c| {
        (0..row).any(|r| {
            let label = sheet.text(crate::cellref::CellRef::new(r, c));
            LABELS.contains(
                &label
                    .trim()
                    .trim_end_matches(crate::detect::text::COLONS)
                    .to_lowercase()
                    .as_str(),
            )
        })
    })?;
    let unit = sheet.text(crate::cellref::CellRef::new(row, col));
    let unit = unit.trim();
    (!unit.is_empty() && unit.len() <= 20).then(|| unit.to_string())
}

#[cfg(test)]
mod tests {
    use super::{
        EarlierSuggestions, field_query, follow_up_not_asked, mark_for, row_unit, same_suggestion,
        shorten, shorten_words, suggestion_text,
    };

    #[test]
    fn a_text_copy_keeps_the_inputs_extension() {
        use crate::workbook::Format;
        use std::path::Path;
        let out = |name: &str, format, csv| {
            super::default_output(Path::new(name), format, csv)
                .display()
                .to_string()
        };
        assert_eq!(out("q.tsv", Format::Csv, true), "q.filled.tsv");
        assert_eq!(out("q.csv", Format::Csv, true), "q.filled.csv");
        assert_eq!(out("q.dat", Format::Csv, true), "q.filled.csv");
        assert_eq!(out("q.tsv", Format::Csv, false), "q.filled.xlsx");
        assert_eq!(out("q.xlsm", Format::Xlsm, false), "q.filled.xlsm");
    }

    #[test]
    fn a_field_named_by_the_respondents_role_asks_for_the_company_name() {
        for label in [
            "Name of Applicant:",
            "Applicant Name",
            "Applicant's name",
            "Named Insured:",
            "Tenderer",
        ] {
            assert_eq!(field_query(label, true), "Company name", "{label}");
        }
        assert_eq!(field_query("Supplier:", true), "Supplier name");
        for (label, is_field) in [
            ("Applicant's website", true),
            ("Name of the application", true),
            ("Applicant", false),
        ] {
            assert_eq!(field_query(label, is_field), label);
        }
    }

    #[test]
    fn a_metrics_table_gives_each_row_its_unit() {
        let sheet = crate::workbook::Sheet::from_texts(&[
            &["Metric", "Value", "Unit"],
            &["Recovery time objective (RTO)", "", "hours"],
            &["Staff in the security team", "", ""],
        ]);
        assert_eq!(row_unit(&sheet, 1).as_deref(), Some("hours"));
        assert_eq!(row_unit(&sheet, 2), None);
        let asked = format!("Recovery time objective (RTO) ({})", "hours");
        assert_eq!(crate::decide::number_for("8 hours", &asked), Some(8.0));
        assert_eq!(crate::decide::number_for("2 days", &asked), Some(48.0));
        let plain = crate::workbook::Sheet::from_texts(&[&["Question", "Answer"], &["RTO", ""]]);
        assert_eq!(row_unit(&plain, 1), None);
    }

    #[test]
    fn a_cell_a_reviewer_typed_over_is_no_longer_qfills_suggestion() {
        let mut earlier = EarlierSuggestions::default();
        earlier.0.insert(("S".into(), 8), "Yes".into());
        earlier
            .0
            .insert(("S".into(), 9), "Deleted within 30 days.".into());
        assert!(earlier.holds("S", 8, " yes "));
        assert!(!earlier.holds("S", 8, "No, only for admins"));
        assert!(!earlier.holds("S", 7, "Yes"), "a row never suggested");
        // Cut to a cell's limit, with an ellipsis or at a sentence end, it
        // is still the suggestion.
        assert!(earlier.holds("S", 9, "Deleted within…"));
        earlier.0.insert(
            ("S".into(), 10),
            "Yes. Okta enforces MFA for all staff. Keys for admins.".into(),
        );
        assert!(earlier.holds("S", 10, "Yes. Okta enforces MFA for all staff."));
        assert!(!earlier.holds("S", 10, "Yes"), "a short head is a person's");
        assert!(
            same_suggestion("anything", ""),
            "an older summary without it"
        );
        assert!(!same_suggestion(
            "Deleted after 90 days",
            "Deleted within 30 days."
        ));
    }

    #[test]
    fn a_mark_column_takes_the_tick_its_dropdown_offers() {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(mark_for(None), Some("X"));
        assert_eq!(mark_for(Some(&list(&["✓"]))), Some("✓"));
        assert_eq!(mark_for(Some(&list(&["☐", "☒"]))), Some("☒"));
        assert_eq!(mark_for(Some(&list(&["✔", "✘"]))), Some("✔"));
        assert_eq!(mark_for(Some(&list(&["x", "-"]))), Some("x"));
        // No tick on offer: nothing the list would take.
        assert_eq!(mark_for(Some(&list(&["Done", "Open"]))), None);
        assert_eq!(mark_for(Some(&list(&["☐"]))), None);
    }

    #[test]
    fn codes_a_legend_spells_out_take_the_answer_they_mean() {
        use crate::cellref::CellRange;
        use crate::workbook::{Dropdown, Format, Sheet, Workbook};
        let mut sheet = Sheet::from_texts(&[
            &[
                "Codes: C = Compliant | PC = Partially Compliant | NC = Non-Compliant | NA = Not Applicable",
            ],
            &[
                "Req ID",
                "Requirement",
                "C/PC/NC/NA",
                "Vendor Justification",
            ],
            &[
                "R-01",
                "Supplier maintains a documented information security policy.",
            ],
            &["R-02", "Supplier enforces MFA on all privileged accounts."],
            &["R-03", "Supplier encrypts data at rest using AES-256."],
        ]);
        sheet.dropdowns.push(Dropdown {
            ranges: vec![CellRange::parse("C3:C5").unwrap()],
            values: ["C", "PC", "NC", "NA"].map(String::from).to_vec(),
        });
        let book = Workbook {
            path: "q.xlsx".into(),
            format: Format::Xlsx,
            sheets: vec![sheet],
        };
        let found = crate::detect::detect(&book, &crate::detect::Overrides::default());
        let q = &found.sheets[0].questions[0];
        let choices = q.allowed().unwrap();
        let pick = |answer: &str| super::to_choice(answer, q, choices);
        assert_eq!(pick("Yes, annually").as_deref(), Some("C"));
        assert_eq!(pick("Partially: on email only").as_deref(), Some("PC"));
        assert_eq!(pick("No").as_deref(), Some("NC"));
        assert_eq!(pick("N/A").as_deref(), Some("NA"));
    }

    #[test]
    fn follow_ups_after_the_other_answer_are_not_asked() {
        let q = "If no, please explain why MFA is not enforced.";
        assert!(follow_up_not_asked(q, Some("yes")).is_some());
        assert_eq!(follow_up_not_asked(q, Some("no")), None);
        // Nothing confident above: the follow-up is matched as usual.
        assert_eq!(follow_up_not_asked(q, None), None);
        assert!(follow_up_not_asked("If so, how often?", Some("na")).is_some());
    }

    #[test]
    fn a_detail_that_repeats_the_answer_is_not_joined_to_it() {
        assert_eq!(
            suggestion_text("About 320", Some("About 320 full-time employees.")),
            "About 320 full-time employees."
        );
        assert_eq!(
            suggestion_text("Yes.", Some("Okta enforces MFA.")),
            "Yes. Okta enforces MFA."
        );
        assert_eq!(suggestion_text("Annually", None), "Annually");
    }

    #[test]
    fn a_word_limit_cuts_at_a_sentence_or_word_within_it() {
        let text = "One two three four. Five six seven eight nine ten.";
        assert_eq!(shorten_words(text, 20), None);
        assert_eq!(shorten_words(text, 10), None);
        assert_eq!(
            shorten_words(text, 6).as_deref(),
            Some("One two three four.")
        );
        let long = "alpha beta gamma delta epsilon zeta eta theta";
        assert_eq!(
            shorten_words(long, 5).as_deref(),
            Some("alpha beta gamma delta…")
        );
    }

    #[test]
    fn shortening_keeps_whole_sentences_or_words() {
        assert_eq!(shorten("Yes.", 10), None);
        // "N." inside brackets ends no sentence.
        let regions = "AWS us-east-1 (N. Virginia) and eu-west-1 (Ireland)";
        assert_eq!(
            shorten(regions, 30).as_deref(),
            Some("AWS us-east-1 (N. Virginia)…")
        );
        let text = "Yes. Okta enforces MFA for all staff. Hardware keys are required for admins.";
        // A whole sentence fits: no ellipsis.
        assert_eq!(
            shorten(text, 50).as_deref(),
            Some("Yes. Okta enforces MFA for all staff.")
        );
        // Only part of the second sentence fits: cut at a word, with an ellipsis.
        let cut = shorten(text, 30).unwrap();
        assert_eq!(cut, "Yes. Okta enforces MFA for…");
        assert!(cut.chars().count() <= 30);
        // One long word is cut inside it.
        assert_eq!(shorten("abcdefghij", 5).as_deref(), Some("abcd…"));
        // Characters, not bytes.
        assert_eq!(shorten("ééééé ééééé", 8).as_deref(), Some("ééééé…"));
    }
}
