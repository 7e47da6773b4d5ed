//! One bank entry and the parser for one bank file. Parsing is strict: unknown
//! keys, wrong types, empty answers and malformed ids are errors with a line.

use crate::date::Date;
use crate::error::{Error, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// One curated answer.
#[derive(Debug, Clone, PartialEq)]
pub struct BankEntry {
    /// Unique kebab-case id.
    pub id: String,
    /// The canonical question.
    pub question: String,
    /// Other phrasings of the same question.
    pub alternates: Vec<String>,
    /// The short answer (Yes / No / N/A or a short phrase).
    pub answer: String,
    /// What the answer amounts to where a questionnaire offers only Yes / No /
    /// N/A (`Yes`, `No` or `N/A`), when `answer` is a phrase such as "At least
    /// annually". Stated by the bank's curator: qfill never guesses it.
    pub choice: Option<String>,
    /// The explanation written to comment columns.
    pub detail: Option<String>,
    /// Framework-prefixed control ids (`SOC2:CC6.1`, `ISO27001:A.8.24`).
    pub controls: Vec<String>,
    pub tags: Vec<String>,
    pub owner: Option<String>,
    /// Date of the last review.
    pub reviewed: Option<Date>,
    /// Never written to any output.
    pub internal_note: Option<String>,
    /// The file the entry came from.
    pub source: PathBuf,
    /// The 1-based line of its `[[entry]]` table.
    pub line: usize,
}

impl BankEntry {
    /// A minimal entry (tests, generated banks).
    pub fn new(id: &str, question: &str, answer: &str) -> BankEntry {
        BankEntry {
            id: id.into(),
            question: question.into(),
            alternates: Vec::new(),
            answer: answer.into(),
            choice: None,
            detail: None,
            controls: Vec::new(),
            tags: Vec::new(),
            owner: None,
            reviewed: None,
            internal_note: None,
            source: PathBuf::new(),
            line: 0,
        }
    }

    /// The question and its alternates.
    pub fn phrasings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.question.as_str()).chain(self.alternates.iter().map(String::as_str))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    entry: Vec<Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: String,
    question: String,
    #[serde(default)]
    alternates: Vec<String>,
    answer: String,
    choice: Option<String>,
    detail: Option<String>,
    #[serde(default)]
    controls: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    owner: Option<String>,
    reviewed: Option<toml::value::Datetime>,
    internal_note: Option<String>,
}

/// Parses one bank file's text.
pub(crate) fn parse_file(path: &Path, text: &str) -> Result<Vec<BankEntry>> {
    let raw: RawFile = toml::from_str(text).map_err(|e| syntax_error(path, text, &e))?;
    let mut out = Vec::with_capacity(raw.entry.len());
    // Entries come in file order, so count newlines incrementally (not from the start each time).
    let (mut line, mut counted_to) = (1, 0);
    for spanned in raw.entry {
        let start = spanned.span().start.min(text.len()).max(counted_to);
        line += text.as_bytes()[counted_to..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted_to = start;
        let end = headers_after(text, start);
        let body = &text[start..end];
        let at = |key: &str| key_line(text, start, body, key);
        out.push(
            validate(path, line, spanned.into_inner(), &at).map_err(|mut e| e.swap_remove(0))?,
        );
    }
    Ok(out)
}

/// Parses one bank file's text as `bank lint` reads it: every entry that is
/// valid, and every problem of the others, so one run shows them all. A file
/// that is not TOML, or has keys outside `[[entry]]` tables, is one error.
pub(crate) fn parse_file_all(path: &Path, text: &str) -> (Vec<BankEntry>, Vec<Error>) {
    let first = match parse_file(path, text) {
        Ok(entries) => return (entries, Vec::new()),
        Err(e) => e,
    };
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Tables {
        #[serde(default)]
        entry: Vec<Spanned<toml::Table>>,
    }
    let Ok(tables) = toml::from_str::<Tables>(text) else {
        return (Vec::new(), vec![first]);
    };
    // A span covers the `[[entry]]` header; the entry's keys run to the next one.
    let headers: Vec<std::ops::Range<usize>> = tables.entry.iter().map(|t| t.span()).collect();
    let (mut entries, mut errors) = (Vec::new(), Vec::new());
    for (i, header) in headers.iter().enumerate() {
        let end = headers.get(i + 1).map_or(text.len(), |next| next.start);
        let Some(body) = text.get(header.end..end) else {
            continue;
        };
        let line = line_of(text, header.start);
        match toml::from_str::<RawEntry>(body) {
            Ok(raw) => match validate(path, line, raw, &|key| {
                key_line(text, header.end, body, key)
            }) {
                Ok(entry) => entries.push(entry),
                Err(found) => errors.extend(found),
            },
            Err(e) => {
                let each = key_problems(path, text, header.end, body);
                if each.is_empty() {
                    errors.push(syntax_error_at(path, text, &e, header.end));
                } else {
                    errors.extend(each);
                }
            }
        }
    }
    if errors.is_empty() {
        // Whatever failed the whole file was not in one entry.
        errors.push(first);
    }
    (entries, errors)
}

/// Every key of one entry's `body` (which starts at `base` in `text`) that
/// is unknown or has a value of the wrong type, and every required key it
/// lacks, each at its own line: serde stops at the first. Empty when the
/// body is not a table of keys.
fn key_problems(path: &Path, text: &str, base: usize, body: &str) -> Vec<Error> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct AnyKey {
        id: Option<String>,
        question: Option<String>,
        alternates: Option<Vec<String>>,
        answer: Option<String>,
        choice: Option<String>,
        detail: Option<String>,
        controls: Option<Vec<String>>,
        tags: Option<Vec<String>>,
        owner: Option<String>,
        reviewed: Option<toml::value::Datetime>,
        internal_note: Option<String>,
    }
    let Ok(table) = toml::from_str::<toml::Table>(body) else {
        return Vec::new();
    };
    let header_line = line_of(text, base);
    let mut found: Vec<(usize, String)> = table
        .iter()
        .filter_map(|(key, value)| {
            let one = toml::Table::from_iter([(key.clone(), value.clone())]);
            let e = toml::Value::Table(one).try_into::<AnyKey>().err()?;
            let message = e.message().trim().replace('\n', " ");
            let message = match message.strip_prefix("unknown field") {
                Some(rest) => format!("unknown key{rest}"),
                None => keyed(key, &message),
            };
            Some((
                key_line(text, base, body, key).unwrap_or(header_line),
                message,
            ))
        })
        .collect();
    // A misspelt key ("answr") is named once, as unknown, not again as the
    // key it lacks.
    const KNOWN: [&str; 11] = [
        "id",
        "question",
        "alternates",
        "answer",
        "choice",
        "detail",
        "controls",
        "tags",
        "owner",
        "reviewed",
        "internal_note",
    ];
    let misspelt = |key: &str| {
        table
            .keys()
            .any(|k| !KNOWN.contains(&k.as_str()) && strsim::levenshtein(k, key) <= 2)
    };
    for key in ["id", "question", "answer"] {
        if !table.contains_key(key) && !misspelt(key) {
            found.push((header_line, format!("missing field `{key}`")));
        }
    }
    found.sort();
    found
        .into_iter()
        .map(|(line, message)| Error::BankSyntax {
            path: path.to_path_buf(),
            line,
            message,
        })
        .collect()
}

/// Where the entry that starts at `start` ends: the next `[[entry]]`
/// header, or the end of the text.
fn headers_after(text: &str, start: usize) -> usize {
    let from = text[start..].find('\n').map_or(text.len(), |n| start + n);
    text[from..]
        .find("\n[[")
        .map_or(text.len(), |n| from + n + 1)
}

/// The line of `text` where `key = …` is written in the entry body that
/// starts at `base`.
fn key_line(text: &str, base: usize, body: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let written = line.trim_start().trim_start_matches(['"', '\'']);
        if let Some(rest) = written.strip_prefix(key)
            && rest
                .trim_start_matches(['"', '\''])
                .trim_start()
                .starts_with('=')
        {
            return Some(line_of(text, base + offset));
        }
        offset += line.len();
    }
    None
}

/// Checks a parsed entry: every problem, each naming the entry's line.
/// `key_line` gives the line a key of the entry is written on, so that a
/// problem with one key names its own line.
fn validate(
    path: &Path,
    line: usize,
    raw: RawEntry,
    key_line: &dyn Fn(&str) -> Option<usize>,
) -> std::result::Result<BankEntry, Vec<Error>> {
    let mut problems: Vec<(&str, String)> = Vec::new();
    if !is_kebab(&raw.id) {
        problems.push((
            "id",
            format!(
                "entry id `{}` must be kebab-case: lowercase letters, digits and single hyphens (e.g. `enc-at-rest`)",
                raw.id
            ),
        ));
    }
    for (key, value) in [("question", &raw.question), ("answer", &raw.answer)] {
        if value.trim().is_empty() {
            problems.push((
                key,
                format!("entry `{}`: key `{key}` must not be empty", raw.id),
            ));
        }
    }
    let choice = raw.choice.as_deref().map(str::trim).and_then(|c| {
        let normal = normal_choice(c);
        if normal.is_none() {
            problems.push((
                "choice",
                format!(
                    "entry `{}`: key `choice` must be `Yes`, `No` or `N/A`, not `{c}`",
                    raw.id
                ),
            ));
        }
        normal
    });
    let reviewed = raw.reviewed.and_then(|dt| {
        let date = toml_date(&dt);
        if date.is_none() {
            problems.push((
                "reviewed",
                format!(
                    "entry `{}`: key `reviewed` must be a date like 2026-05-01, not `{dt}`",
                    raw.id
                ),
            ));
        }
        date
    });
    if !problems.is_empty() {
        return Err(problems
            .into_iter()
            .map(|(key, message)| Error::BankSyntax {
                path: path.to_path_buf(),
                line: key_line(key).unwrap_or(line),
                message,
            })
            .collect());
    }
    Ok(BankEntry {
        id: raw.id,
        question: raw.question,
        alternates: raw.alternates,
        answer: raw.answer,
        choice,
        detail: raw.detail.filter(|d| !d.trim().is_empty()),
        controls: raw.controls,
        tags: raw.tags,
        owner: raw.owner,
        reviewed,
        internal_note: raw.internal_note,
        source: path.to_path_buf(),
        line,
    })
}

/// `Yes`, `No` or `N/A` for the spellings a curator may use (`yes`, `n/a`,
/// `NA`, `Not applicable`), or `None` for anything else.
pub(crate) fn normal_choice(value: &str) -> Option<String> {
    let folded: String = value
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect();
    match folded.trim() {
        "yes" => Some("Yes".into()),
        "no" => Some("No".into()),
        "na" | "not applicable" => Some("N/A".into()),
        _ => None,
    }
}

/// A TOML local date (no time, no offset) as a [`Date`].
pub(crate) fn toml_date(dt: &toml::value::Datetime) -> Option<Date> {
    match (dt.date, dt.time, dt.offset) {
        (Some(d), None, None) => Date::new(i32::from(d.year), d.month, d.day),
        _ => None,
    }
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub fn syntax_error(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    syntax_error_at(path, text, e, 0)
}

/// [`syntax_error`] for an error in the part of `text` that starts at `base`.
fn syntax_error_at(path: &Path, text: &str, e: &toml::de::Error, base: usize) -> Error {
    let span = e.span().map(|s| base + s.start..base + s.end);
    let line = span.as_ref().map(|s| line_of(text, s.start)).unwrap_or(1);
    let message = e.message().trim().replace('\n', " ");
    let single_table = text.lines().any(|l| l.trim() == "[entry]");
    let message = match message.strip_prefix("unknown field") {
        Some(rest) => format!("unknown key{rest}"),
        None if single_table && message.contains("expected a sequence") => {
            "entries are written `[[entry]]` (two brackets: one table per entry), not `[entry]`"
                .to_string()
        }
        None => match span.and_then(|s| key_before(text, s.start)) {
            Some(key) => keyed(&key, &message),
            None => message,
        },
    };
    Error::BankSyntax {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// A schema error of one key, as lint and the loader say it; a date in
/// quotes (`reviewed = "2026-05-01"`, text to TOML) is told how to write it.
fn keyed(key: &str, message: &str) -> String {
    if message.contains("string") && message.contains("expected a TOML datetime") {
        format!("key `{key}`: {message}; write the date without quotes (`{key} = 2026-05-01`)")
    } else {
        format!("key `{key}`: {message}")
    }
}

/// The key of a `key = value` line when `offset` points into its value.
fn key_before(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    let line = before.rsplit('\n').next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    bare.then(|| key.to_string())
}

pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<BankEntry>> {
        parse_file(Path::new("bank/x.toml"), text)
    }

    #[test]
    fn a_problem_with_one_key_names_its_line() {
        let text = "[[entry]]\nid = \"a\"\nquestion = \"Q\"\n\nanswer = \"\"\n\n[[entry]]\nid = \"b\"\nquestion = \"Q2\"\nanswer = \"Yes\"\nchoice = \"Maybe\"\n";
        let err = parse(text).unwrap_err().to_string();
        assert!(err.contains(":5:") || err.contains(":5 "), "{err}");
        let (_, errors) = parse_file_all(Path::new("bank/x.toml"), text);
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            lines
                .iter()
                .any(|l| l.contains(":5") && l.contains("`answer`")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.contains(":11") && l.contains("`choice`")),
            "{lines:?}"
        );
    }

    #[test]
    fn a_date_in_quotes_is_told_how_to_write_it() {
        let text = "[[entry]]\nid = \"a\"\nquestion = \"Q\"\nanswer = \"Yes\"\nreviewed = \"2026-05-01\"\n";
        let err = parse(text).unwrap_err().to_string();
        assert!(
            err.contains("write the date without quotes (`reviewed = 2026-05-01`)"),
            "{err}"
        );
        assert!(err.contains(":5"), "{err}");
    }

    #[test]
    fn full_entry_parses() {
        let text = r#"
[[entry]]
id = "enc-at-rest"
question = "Is customer data encrypted at rest?"
alternates = ["Do you encrypt stored data?"]
answer = "No"
detail = "AES-256."
controls = ["SOC2:CC6.1"]
tags = ["encryption"]
owner = "sec@example.com"
reviewed = 2026-05-01
internal_note = "secret"
"#;
        let e = &parse(text).unwrap()[0];
        assert_eq!(e.answer, "No", "TOML keeps No a string");
        assert_eq!(e.line, 2);
        assert_eq!(e.reviewed, Date::new(2026, 5, 1));
        assert_eq!(e.phrasings().count(), 2);
        assert_eq!(e.choice, None);
        let with =
            "[[entry]]\nid = \"a\"\nquestion = \"Q\"\nanswer = \"Daily\"\nchoice = \"n/a\"\n";
        assert_eq!(parse(with).unwrap()[0].choice.as_deref(), Some("N/A"));
    }

    #[test]
    fn lint_parse_reports_every_entry_and_keeps_the_valid_ones() {
        let text = "[[entry]]\nid = \"one\"\nquestion = \"Q1?\"\nanswr = \"Yes\"\n\n\
                    [[entry]]\nid = \"two\"\nquestion = \"Q2?\"\nanswer = 5\n\n\
                    [[entry]]\nid = \"ok\"\nquestion = \"Q3?\"\nanswer = \"Yes\"\n\n\
                    [[entry]]\nid = \"Bad Id\"\nquestion = \" \"\nanswer = \"Yes\"\nchoice = \"Maybe\"\n";
        let path = Path::new("bank/x.toml");
        let (entries, errors) = parse_file_all(path, text);
        assert_eq!(entries.len(), 1);
        assert_eq!((entries[0].id.as_str(), entries[0].line), ("ok", 11));
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 5, "{lines:#?}");
        // The misspelt key is named once, not again as the key it lacks.
        assert!(
            lines[0].contains("x.toml:4: unknown key `answr`"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].contains("x.toml:9: key `answer`: invalid type"),
            "{}",
            lines[1]
        );
        // Each at its own key's line.
        for (line, (at, what)) in lines[2..].iter().zip([
            ("x.toml:17:", "kebab-case"),
            ("x.toml:18:", "`question` must not be empty"),
            ("x.toml:20:", "`choice`"),
        ]) {
            assert!(line.contains(at) && line.contains(what), "{line}");
        }
        // The loader still stops at the first.
        assert_eq!(parse_file(path, text).unwrap_err().to_string(), lines[0]);
        // Whole-file problems stay one error.
        let (entries, errors) = parse_file_all(path, "title = 1\n[[entry]]\nid = \"a\"\n");
        assert!(entries.is_empty() && errors.len() == 1, "{errors:?}");
    }

    #[test]
    fn lint_parse_reports_every_bad_key_of_an_entry() {
        let text = "[[entry]]\nid = \"one\"\nquestion = 5\nanswer = [\"Yes\"]\n\
                    controls = \"SOC2:CC6.1\"\nowner = 3\nanswr = \"Yes\"\n";
        let (entries, errors) = parse_file_all(Path::new("x.toml"), text);
        assert!(entries.is_empty());
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let want = [
            "x.toml:3: key `question`: invalid type",
            "x.toml:4: key `answer`: invalid type",
            "x.toml:5: key `controls`: invalid type",
            "x.toml:6: key `owner`: invalid type",
            "x.toml:7: unknown key `answr`",
        ];
        assert_eq!(lines.len(), want.len(), "{lines:#?}");
        for (line, want) in lines.iter().zip(want) {
            assert!(line.contains(want), "{line} lacks {want}");
        }
        // A key left out, beside a bad one, is named too.
        let text = "[[entry]]\nid = \"two\"\nanswer = 5\n";
        let (_, errors) = parse_file_all(Path::new("x.toml"), text);
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            lines[0].contains("x.toml:1: missing field `question`"),
            "{lines:?}"
        );
        assert!(lines[1].contains("x.toml:3: key `answer`"), "{lines:?}");
    }

    #[test]
    fn errors_name_line_and_key() {
        let cases = [
            (
                "[[entry]]\nid = \"a\"\nquestion = \"Q\"\nanwser = \"Yes\"\n",
                "x.toml:4: unknown key `anwser`",
            ),
            (
                "[[entry]]\nid = \"a\"\nquestion = \"Q\"\n",
                "missing field `answer`",
            ),
            (
                "[[entry]]\nid = \"A b\"\nquestion = \"Q\"\nanswer = \"Y\"\n",
                "x.toml:2: entry id `A b` must be kebab-case",
            ),
            (
                "[[entry]]\nid = \"a\"\nquestion = \"Q\"\nanswer = \" \"\n",
                "key `answer` must not be empty",
            ),
            (
                "[[entry]]\nid = \"a\"\nquestion = \"Q\"\nanswer = \"Daily\"\nchoice = \"Daily\"\n",
                "x.toml:5: entry `a`: key `choice` must be `Yes`, `No` or `N/A`, not `Daily`",
            ),
            (
                "[[entry]]\nid = \"a\"\nquestion = \"Q\"\nanswer = \"Y\"\nreviewed = \"May\"\n",
                "x.toml:5",
            ),
            (
                "[[entry]]\nid = \"a\"\nquestion = \"Q\"\nanswer = 42\n",
                "x.toml:4: key `answer`: invalid type: integer `42`, expected a string",
            ),
            (
                "[[entry]]\nid = \"a\"\nquestion = \"Q\"\nanswer = \"Y\"\nreviewed = 2026-13-45\n",
                "x.toml:5: key `reviewed`: invalid date",
            ),
            (
                "[[entry]]\nid = \"a\"\nquestion = \"Q\"\nanswer = \"Y\"\nreviewed = 2026-05-01T10:00:00Z\n",
                "key `reviewed` must be a date",
            ),
            ("[[entry]]\nid = \"a\"\nquestion = = \"Q\"\n", "x.toml:3"),
            ("[[entrys]]\nid = \"a\"\n", "unknown key `entrys`"),
            (
                "[entry]\nid = \"a\"\nquestion = \"Q\"\nanswer = \"Y\"\n",
                "written `[[entry]]` (two brackets",
            ),
        ];
        for (text, want) in cases {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.contains(want), "{text:?}: got {err}");
        }
    }
}
