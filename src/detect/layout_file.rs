//! The layout file (`--layout FILE`): per-sheet settings a person saves from
//! `qfill inspect`, edits where detection was wrong, and passes back to
//! `inspect` or `fill`. It is small TOML, one `[[sheet]]` table per sheet to
//! read; rows are 1-based and columns are letters, as the spreadsheet shows
//! them. Sheets not listed are not read. Within a listed sheet qfill still
//! decides which rows between the headers are questions.
//!
//! ```toml
//! [[sheet]]
//! name = "Security"
//! header_rows = [4]
//! id_column = "A"
//! question_column = "B"
//! answer_column = "C"
//! comment_column = "D"
//! first_row = 5    # optional
//! last_row = 40    # optional
//! ```
//!
//! A sheet whose answer cells are below their questions (an "Answer:" row
//! under each, or an empty merged row) says `answers = "below"`; qfill then
//! finds each question's slot itself.

use super::Fixed;
use crate::cellref::{column_index, column_letters};
use crate::error::{Error, Result};
use serde::Deserialize;
use std::fmt::Write as _;
use std::path::Path;
use toml::Spanned;

/// Per-sheet layout settings read from a layout file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LayoutFile {
    pub sheets: Vec<SheetSettings>,
}

/// Where one sheet's question table is (zero-based rows and columns).
#[derive(Debug, Clone, PartialEq)]
pub struct SheetSettings {
    pub name: String,
    pub header_rows: Vec<u32>,
    pub id_col: Option<u32>,
    pub question_col: u32,
    pub answer_col: u32,
    pub comment_col: Option<u32>,
    pub first_row: Option<u32>,
    pub last_row: Option<u32>,
    /// Each answer cell is below its question, not in an answer column.
    pub answers_below: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    sheet: Vec<Spanned<RawSheet>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSheet {
    name: String,
    #[serde(default)]
    header_rows: Vec<i64>,
    id_column: Option<String>,
    question_column: String,
    answer_column: String,
    comment_column: Option<String>,
    first_row: Option<i64>,
    last_row: Option<i64>,
    answers: Option<String>,
}

impl LayoutFile {
    /// Reads a layout file.
    ///
    /// # Errors
    /// An unreadable file, invalid TOML, unknown keys, impossible rows or columns.
    pub fn load(path: &Path) -> Result<LayoutFile> {
        crate::limits::regular_file(path, "layout")?;
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        LayoutFile::parse(path, &text)
    }

    /// Parses a layout file's text (`path` names it in errors).
    ///
    /// # Errors
    /// As [`LayoutFile::load`].
    pub fn parse(path: &Path, text: &str) -> Result<LayoutFile> {
        let fail = |line: usize, message: String| Error::Layout {
            path: path.to_path_buf(),
            line,
            message,
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            let message = e.message().trim().replace('\n', " ");
            fail(line, message.replace("unknown field", "unknown key"))
        })?;
        if raw.sheet.is_empty() {
            return Err(fail(
                1,
                "no [[sheet]] table: list at least one sheet to read".into(),
            ));
        }
        let mut sheets: Vec<SheetSettings> = Vec::with_capacity(raw.sheet.len());
        for spanned in raw.sheet {
            let line = line_of(text, spanned.span().start);
            let settings =
                validate(spanned.into_inner()).map_err(|m| fail(key_line(text, line, &m), m))?;
            if let Some(other) = sheets
                .iter()
                .find(|s| super::same_name(&s.name, &settings.name) && s.overlaps(&settings))
            {
                return Err(fail(
                    line,
                    format!(
                        "sheet `{}` is listed twice for the same rows and columns; a sheet with \
                         several tables lists each with first_row and last_row that do not \
                         overlap, or with columns of its own",
                        other.name
                    ),
                ));
            }
            sheets.push(settings);
        }
        Ok(LayoutFile { sheets })
    }

    /// The settings for a sheet's tables, by name (spaces around and case
    /// do not matter): one per table, most sheets have one.
    pub fn tables_of(&self, name: &str) -> Vec<&SheetSettings> {
        self.sheets
            .iter()
            .filter(|s| super::same_name(&s.name, name))
            .collect()
    }

    /// The file's text: what `qfill inspect` prints for a person to save.
    pub fn render(&self, source: &str) -> String {
        let mut out = preamble(source);
        for s in &self.sheets {
            out.push('\n');
            out.push_str(&s.to_toml());
        }
        out
    }
}

/// The line of the key a validation message opens with ("answer_column
/// `3C` is not a column"), within the `[[sheet]]` table starting at the
/// 1-based `table_line`; that line itself when the key is not found.
fn key_line(text: &str, table_line: usize, message: &str) -> usize {
    let key = message.split([' ', '`', ':']).next().unwrap_or_default();
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
        return table_line;
    }
    text.lines()
        .enumerate()
        .skip(table_line)
        .take_while(|(_, l)| !l.trim_start().starts_with('['))
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(table_line, |(i, _)| i + 1)
}

impl SheetSettings {
    /// Whether two tables overlap: their rows do (an unset bound is the
    /// sheet's edge), and so do their columns (tables side by side share rows).
    fn overlaps(&self, other: &SheetSettings) -> bool {
        let rows = |s: &SheetSettings| (s.first_row.unwrap_or(0), s.last_row.unwrap_or(u32::MAX));
        let cols = |s: &SheetSettings| {
            let used = [
                s.id_col,
                Some(s.question_col),
                Some(s.answer_col),
                s.comment_col,
            ];
            let used = used.iter().flatten();
            (
                used.clone().min().copied().unwrap_or(0),
                used.max().copied().unwrap_or(0),
            )
        };
        let meet = |a: (u32, u32), b: (u32, u32)| a.0 <= b.1 && b.0 <= a.1;
        meet(rows(self), rows(other)) && meet(cols(self), cols(other))
    }

    /// What the settings fix for detection.
    pub(crate) fn fixed(&self) -> Fixed {
        Fixed {
            header_rows: Some(self.header_rows.clone()),
            id_col: Some(self.id_col),
            question_col: Some(self.question_col),
            answer_col: Some(self.answer_col),
            comment_col: Some(self.comment_col),
            first_row: self.first_row,
            last_row: self.last_row,
            forced: true,
            answers_below: self.answers_below,
            // The layout file names the answer column.
            product: None,
        }
    }

    /// This sheet's `[[sheet]]` table, unset optional keys as comments.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        let rows: Vec<String> = self
            .header_rows
            .iter()
            .map(|r| (r + 1).to_string())
            .collect();
        let column = |key: &str, what: &str, col: Option<u32>| match col {
            Some(c) => format!("{key} = \"{}\"\n", column_letters(c)),
            None => format!("# no {what} column found; add {key} = \"<letter>\" to use one\n"),
        };
        let bound = |key: &str, r: Option<u32>| r.map(|r| format!("{key} = {}\n", r + 1));
        let bounds = match (
            bound("first_row", self.first_row),
            bound("last_row", self.last_row),
        ) {
            (None, None) => "# first_row and last_row (optional) limit the rows read\n".to_string(),
            (f, l) => f.unwrap_or_default() + &l.unwrap_or_default(),
        };
        let below = if self.answers_below {
            "answers = \"below\"   # each answer cell is below its question\n"
        } else {
            ""
        };
        let _ = write!(
            out,
            "[[sheet]]\nname = {}\nheader_rows = [{}]\n{}{}{}{}{below}{bounds}",
            toml::Value::String(self.name.clone()),
            rows.join(", "),
            column("id_column", "id", self.id_col),
            column("question_column", "question", Some(self.question_col)),
            column("answer_column", "answer", Some(self.answer_col)),
            column("comment_column", "comment", self.comment_col),
        );
        out
    }
}

/// The comment lines a layout file opens with.
pub fn preamble(source: &str) -> String {
    format!(
        "# qfill layout for {source}\n\
         # Save this, correct what is wrong and pass it back: qfill fill --layout FILE\n\
         # Rows are 1-based as the spreadsheet shows them; columns are letters.\n"
    )
}

fn validate(raw: RawSheet) -> std::result::Result<SheetSettings, String> {
    let settings = SheetSettings {
        header_rows: raw
            .header_rows
            .iter()
            .map(|&r| row("header_rows", r))
            .collect::<std::result::Result<_, _>>()?,
        id_col: raw
            .id_column
            .as_deref()
            .map(|c| column("id_column", c))
            .transpose()?,
        question_col: column("question_column", &raw.question_column)?,
        answer_col: column("answer_column", &raw.answer_column)?,
        comment_col: raw
            .comment_column
            .as_deref()
            .map(|c| column("comment_column", c))
            .transpose()?,
        first_row: raw.first_row.map(|r| row("first_row", r)).transpose()?,
        last_row: raw.last_row.map(|r| row("last_row", r)).transpose()?,
        answers_below: match raw.answers.as_deref().map(str::trim) {
            None | Some("beside") => false,
            Some("below") => true,
            Some(other) => {
                return Err(format!(
                    "answers `{other}` is neither \"beside\" nor \"below\""
                ));
            }
        },
        name: raw.name,
    };
    if settings.name.trim().is_empty() {
        return Err("the sheet name is empty".into());
    }
    if settings.question_col == settings.answer_col && !settings.answers_below {
        return Err("question_column and answer_column are the same column".into());
    }
    if let (Some(f), Some(l)) = (settings.first_row, settings.last_row)
        && f > l
    {
        return Err(format!("first_row {} is after last_row {}", f + 1, l + 1));
    }
    Ok(settings)
}

fn column(key: &str, letters: &str) -> std::result::Result<u32, String> {
    column_index(letters.trim())
        .ok_or_else(|| format!("{key} `{letters}` is not a column (use letters such as C)"))
}

fn row(key: &str, n: i64) -> std::result::Result<u32, String> {
    u32::try_from(n)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .ok_or_else(|| format!("{key}: {n} is not a row number (rows start at 1)"))
}

fn line_of(text: &str, offset: usize) -> usize {
    1 + text.bytes().take(offset).filter(|&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<LayoutFile> {
        LayoutFile::parse(Path::new("layout.toml"), text)
    }

    const GOOD: &str = "[[sheet]]\nname = \"Security\"\nheader_rows = [4, 12]\nid_column = \"A\"\n\
                        question_column = \"B\"\nanswer_column = \"c\"\nfirst_row = 5\n";

    #[test]
    fn a_sheet_lists_each_of_its_tables() {
        let two = format!(
            "{}last_row = 3\n\n{GOOD}",
            GOOD.replace("first_row = 5\n", "")
        );
        let layout = parse(&two).unwrap();
        let bounds: Vec<_> = layout
            .tables_of("Security")
            .iter()
            .map(|s| (s.first_row, s.last_row))
            .collect();
        assert_eq!(bounds, [(None, Some(2)), (Some(4), None)]);
        let overlapping = two.replace("last_row = 3", "last_row = 5");
        let msg = parse(&overlapping).unwrap_err().to_string();
        assert!(msg.contains("listed twice for the same rows"), "{msg}");
    }

    #[test]
    fn parses_and_round_trips() {
        let layout = parse(GOOD).unwrap();
        let s = &layout.sheets[0];
        assert_eq!(s.header_rows, [3, 11]);
        assert_eq!(
            (s.id_col, s.question_col, s.answer_col, s.comment_col),
            (Some(0), 1, 2, None)
        );
        assert_eq!((s.first_row, s.last_row), (Some(4), None));
        let text = layout.render("q.xlsx");
        assert!(text.contains("answer_column = \"C\""), "{text}");
        assert!(text.contains("# no comment column found"), "{text}");
        assert_eq!(parse(&text).unwrap(), layout);
        assert_eq!(layout.tables_of(" security ").len(), 1);
    }

    #[test]
    fn errors_name_the_line_and_the_rule() {
        let cases = [
            ("", "1: no [[sheet]]"),
            (
                "[[sheet]]\nname = \"S\"\nquestion_column = \"B\"\n",
                "answer_column",
            ),
            (
                "[[sheet]]\nname = \"S\"\nquestion_column = \"B\"\nanswer_column = \"3C\"\n",
                "4: answer_column `3C` is not a column",
            ),
            (
                "[[sheet]]\nname = \"S\"\nquestion_column = \"B\"\nanswer_column = \"C\"\nheader_rows = [0]\n",
                "5: header_rows: 0 is not a row number",
            ),
            (
                "[[sheet]]\nname = \"S\"\nquestion_column = \"B\"\nanswer_column = \"C\"\nanwser = 1\n",
                "5: unknown key `anwser`",
            ),
            (
                "[[sheet]]\nname = \"S\"\nquestion_column = \"B\"\nanswer_column = \"B\"\n",
                "the same column",
            ),
            (
                "[[sheet]]\nname = \"S\"\nquestion_column = \"B\"\nanswer_column = \"C\"\nfirst_row = 9\nlast_row = 3\n",
                "5: first_row 9 is after last_row 3",
            ),
            (
                &format!("{GOOD}\n{GOOD}"),
                "9: sheet `Security` is listed twice for the same rows",
            ),
        ];
        for (text, want) in cases {
            let msg = parse(text).unwrap_err().to_string();
            assert!(msg.starts_with("layout.toml:"), "{msg}");
            assert!(msg.contains(want), "{msg:?} should contain {want:?}");
        }
    }
}
