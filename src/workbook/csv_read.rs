//! Reads a csv questionnaire into one sheet: UTF-8 (with or without BOM),
//! UTF-16 (with BOM, or guessed without), or else the legacy encoding the
//! bytes read best in (Windows-1252, Shift_JIS, GBK…); `,`, `;` or
//! tab or pipe separated (whichever splits the first lines most consistently). The
//! [`Dialect`] it found is what `fill --format csv` writes back in.

use super::{Sheet, Value};
use crate::error::{Error, Result};
use crate::limits::{self, MAX_CSV_BYTES};
use std::collections::HashMap;
use std::path::Path;

pub(super) fn read(path: &Path) -> Result<Sheet> {
    let mut sheet = Sheet::new(&sheet_name(path));
    sheet.rows = records(path)?
        .rows
        .into_iter()
        .map(|record| {
            let mut row: Vec<Value> = record
                .into_iter()
                .map(|f| {
                    if f.is_empty() {
                        Value::Empty
                    } else {
                        Value::Text(f)
                    }
                })
                .collect();
            while row.last().is_some_and(|v| *v == Value::Empty) {
                row.pop();
            }
            row
        })
        .collect();
    Ok(sheet)
}

/// A csv file's decoded text and its records.
pub(crate) struct Records {
    /// The text, decoded, without its byte-order mark.
    pub text: String,
    /// The records as written, one per line (a blank line is an empty
    /// record), every field kept, empty ones at the end included.
    pub rows: Vec<Vec<String>>,
    /// Where each record stands in `text`, its line ending excluded (`None`
    /// for a blank line): the csv writer replaces only the records it
    /// fills and keeps every other byte.
    pub spans: Vec<Option<std::ops::Range<usize>>>,
    /// How the file is written, which a filled copy keeps.
    pub dialect: Dialect,
}

/// The file's records (see [`Records`]).
///
/// # Errors
/// The file cannot be read, is too large, or is malformed.
pub(crate) fn records(path: &Path) -> Result<Records> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_CSV_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            what: format!(
                "the csv file is {}, more than qfill reads ({}); keep only the questionnaire's rows",
                limits::bytes(size),
                limits::bytes(MAX_CSV_BYTES)
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let encoding = Encoding::of(&bytes);
    let text = encoding.decode(&bytes);
    let dialect = Dialect::of_text(encoding, &text);
    let delimiter = dialect.delimiter;
    if let Some((line, problem)) = quote_problem(&text, delimiter) {
        let message = match problem {
            Quote::Unclosed => format!(
                "line {line}: a quoted field opens here and never closes, so the rest of the file would read as one cell; close the quote (write a quote inside a field as \"\") and save again"
            ),
            Quote::Stray => format!(
                "line {line}: a quoted field closes before the field ends, so its cells would run together; write a quote inside a field as \"\" and save again"
            ),
        };
        return Err(Error::Unreadable {
            path: path.to_path_buf(),
            message,
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut spans = Vec::new();
    let mut record = csv::StringRecord::new();
    for i in 1.. {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| Error::Unreadable {
                path: path.to_path_buf(),
                message: format!("record {i}: malformed csv ({e})"),
            })?;
        if !more {
            break;
        }
        // The reader skips blank lines; a spreadsheet shows them as empty
        // rows, and with them the report's rows are the file's lines.
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let blanks = blank_lines_at(text.as_bytes(), start);
        for _ in 0..blanks {
            rows.push(Vec::new());
            spans.push(None);
        }
        // The record itself opens after the blank lines, and ends where the
        // reader stopped, its line ending aside (a line ending inside a
        // quoted field is before the closing quote).
        let bytes = text.as_bytes();
        let split_crlf =
            start > 0 && bytes.get(start - 1) == Some(&b'\r') && bytes.get(start) == Some(&b'\n');
        let after = (start + usize::from(split_crlf)).min(text.len());
        let opens = after + skip_line_ends(&bytes[after..], blanks);
        let stop = (reader.position().byte() as usize).clamp(opens, text.len());
        let ends = opens + text[opens..stop].trim_end_matches(['\r', '\n']).len();
        rows.push(record.iter().map(str::to_string).collect());
        spans.push(Some(opens..ends));
    }
    Ok(Records {
        text,
        rows,
        spans,
        dialect,
    })
}

/// How many bytes the first `lines` line endings of `rest` take (CR LF,
/// LF or CR each).
fn skip_line_ends(rest: &[u8], lines: usize) -> usize {
    let mut i = 0;
    for _ in 0..lines {
        match rest.get(i) {
            Some(b'\r') if rest.get(i + 1) == Some(&b'\n') => i += 2,
            Some(b'\r' | b'\n') => i += 1,
            _ => break,
        }
    }
    i
}

/// How many blank lines (CR LF, LF or CR) open the text at `start`, where
/// the reader began a record: just after the last record's ending, which
/// for CR LF is between the two.
fn blank_lines_at(text: &[u8], start: usize) -> usize {
    let rest = text.get(start..).unwrap_or_default();
    let split_crlf =
        start > 0 && text.get(start - 1) == Some(&b'\r') && rest.first() == Some(&b'\n');
    let mut i = usize::from(split_crlf);
    let mut lines = 0;
    while let Some(&b) = rest.get(i) {
        match b {
            b'\r' if rest.get(i + 1) == Some(&b'\n') => i += 2,
            b'\r' | b'\n' => i += 1,
            _ => break,
        }
        lines += 1;
    }
    lines
}

/// How a csv file is written: what `fill --format csv` keeps of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    pub delimiter: u8,
    /// Records end in CR LF (else LF).
    pub crlf: bool,
    /// Every field is quoted, not only those that need it.
    pub quote_all: bool,
    pub encoding: Encoding,
}

/// A csv file's text encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8 {
        bom: bool,
    },
    Utf16Le,
    Utf16Be,
    /// A one- or two-byte legacy encoding, guessed from the bytes:
    /// Windows-1252 for Western text, Shift_JIS, GBK, Big5, EUC-KR,
    /// Windows-1251 and the like for others.
    Legacy(&'static encoding_rs::Encoding),
}

impl Encoding {
    /// The encoding of a csv file's bytes: by BOM, else UTF-8 when they
    /// are, else what [`without_bom`] guesses.
    fn of(bytes: &[u8]) -> Encoding {
        match encoding_rs::Encoding::for_bom(bytes) {
            Some((e, _)) if e == encoding_rs::UTF_16LE => Encoding::Utf16Le,
            Some((e, _)) if e == encoding_rs::UTF_16BE => Encoding::Utf16Be,
            Some(_) => Encoding::Utf8 { bom: true },
            None if std::str::from_utf8(bytes).is_ok() => Encoding::Utf8 { bom: false },
            None => match without_bom(bytes) {
                e if e == encoding_rs::UTF_16LE => Encoding::Utf16Le,
                e if e == encoding_rs::UTF_16BE => Encoding::Utf16Be,
                e => Encoding::Legacy(e),
            },
        }
    }

    /// `bytes` decoded in this encoding, without its BOM.
    fn decode(self, bytes: &[u8]) -> String {
        let e = match self {
            Encoding::Utf8 { .. } => encoding_rs::UTF_8,
            Encoding::Utf16Le => encoding_rs::UTF_16LE,
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
            Encoding::Legacy(e) => e,
        };
        let bom = encoding_rs::Encoding::for_bom(bytes).map_or(0, |(_, len)| len);
        e.decode_without_bom_handling(&bytes[bom..]).0.into_owned()
    }
}

impl Dialect {
    /// The dialect of the csv file's bytes.
    pub fn of(bytes: &[u8]) -> Dialect {
        let encoding = Encoding::of(bytes);
        Dialect::of_text(encoding, &encoding.decode(bytes))
    }

    /// The dialect of a csv file's `text`, decoded from `encoding`.
    fn of_text(encoding: Encoding, text: &str) -> Dialect {
        let delimiter = guess_delimiter(text);
        let first = text.lines().next().unwrap_or_default();
        let fields = csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(delimiter)
            .from_reader(first.as_bytes())
            .records()
            .next()
            .and_then(|r| r.ok())
            .map_or(0, |r| r.len());
        Dialect {
            delimiter,
            crlf: text.contains("\r\n") || !text.contains('\n'),
            // Each field of the first record opens and closes a quote.
            quote_all: fields > 0
                && first.starts_with('"')
                && first.matches('"').count() >= 2 * fields,
            encoding,
        }
    }

    /// `text` encoded as the input was. Text that Windows-1252 cannot hold
    /// (an answer with an arrow or an emoji) is written as UTF-8 with a
    /// BOM, which spreadsheet applications read as UTF-8, rather than lose
    /// those characters.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        const BOM: &[u8] = b"\xEF\xBB\xBF";
        match self.encoding {
            Encoding::Utf8 { bom } => [if bom { BOM } else { b"" }, text.as_bytes()].concat(),
            Encoding::Utf16Le => [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            Encoding::Utf16Be => [0xFE, 0xFF]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
            Encoding::Legacy(e) => match e.encode(text) {
                (bytes, _, false) => bytes.into_owned(),
                (_, _, true) => [BOM, text.as_bytes()].concat(),
            },
        }
    }
}

/// The sheet name a spreadsheet application gives a csv file: its stem, cut
/// to a name Excel accepts, so the report names the sheet of the filled
/// xlsx.
fn sheet_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Sheet1".into());
    crate::write::excel_sheet_name(&stem)
}

/// Decodes by BOM, else UTF-8, else the encoding [`without_bom`] guesses.
#[cfg(test)]
fn decode(bytes: &[u8]) -> String {
    Encoding::of(bytes).decode(bytes)
}

/// The encoding of text that has no BOM and is not UTF-8: UTF-16 when
/// every other byte of its first kilobyte is mostly NUL (Latin text saved
/// as "Unicode" without a mark), else the guess of the detector browsers
/// use (Windows-1252 for Western text; Shift_JIS from Japanese Excel, GBK,
/// Big5, EUC-KR, Windows-1251…), as a spreadsheet application would read it.
fn without_bom(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let head = &bytes[..bytes.len().min(1024) & !1];
    let nuls = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let pairs = head.len() / 2;
    if pairs >= 2 {
        if nuls(1) * 10 >= pairs * 7 && nuls(0) * 10 < pairs {
            return encoding_rs::UTF_16LE;
        }
        if nuls(0) * 10 >= pairs * 7 && nuls(1) * 10 < pairs {
            return encoding_rs::UTF_16BE;
        }
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// The 1-based line where a quoted field opens and is never closed, if any.
/// A quote opens a field only at its start; inside, `""` is an escaped quote.
/// What is wrong with a csv file's quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    /// A quoted field that never closes.
    Unclosed,
    /// A quoted field that closes with more of the field after it
    /// (`"Q-3,"Do you…`): the reader would join cells.
    Stray,
}

/// The first quoting mistake and the line it is on.
fn quote_problem(text: &str, delimiter: u8) -> Option<(usize, Quote)> {
    let (mut line, mut opened_at) = (1usize, None);
    let mut at_field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if opened_at.is_some() {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    opened_at = None;
                    let delim = delimiter as char;
                    while chars
                        .peek()
                        .is_some_and(|&n| (n == ' ' || n == '\t') && n != delim)
                    {
                        chars.next();
                    }
                    let ends = chars
                        .peek()
                        .is_none_or(|&n| n == delimiter as char || n == '\n' || n == '\r');
                    if !ends {
                        return Some((line, Quote::Stray));
                    }
                }
            }
        } else if c == '"' && at_field_start {
            opened_at = Some(line);
        }
        at_field_start = opened_at.is_none() && (c == delimiter as char || c == '\n' || c == '\r');
        if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
            line += 1;
        }
    }
    opened_at.map(|line| (line, Quote::Unclosed))
}

/// The delimiter (comma, semicolon, tab or pipe) that splits the most of the
/// first rows into the same number of fields: EU locales save CSV with
/// semicolons, ERP exports with pipes. The same width on every row counts,
/// not only a split: a comma inside the questions of a pipe file splits a
/// few rows in two, the pipe every row in seven.
pub fn guess_delimiter(text: &str) -> u8 {
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(text.as_bytes());
        let mut widths: HashMap<usize, usize> = HashMap::new();
        for record in reader.records().take(20).filter_map(|r| r.ok()) {
            if record.len() > 1 {
                *widths.entry(record.len()).or_default() += 1;
            }
        }
        let alike = widths.values().copied().max().unwrap_or(0);
        if alike > best.1 {
            best = (d, alike);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {

    #[test]
    fn legacy_encodings_and_utf16_without_a_mark_are_read_and_written_back() {
        let japanese = "番号,質問,回答\n1,顧客データは保存時に暗号化されていますか？,\n2,全従業員に多要素認証を強制していますか？,\n";
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(japanese);
        let d = Dialect::of(&sjis);
        assert_eq!(d.encoding, Encoding::Legacy(encoding_rs::SHIFT_JIS));
        assert_eq!(decode(&sjis), japanese);
        assert_eq!(d.encode(japanese), sjis.as_ref());
        let latin = "ID,Question\n1,Do you enforce MFA? Ça va\n";
        let utf16: Vec<u8> = latin.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(Dialect::of(&utf16).encoding, Encoding::Utf16Le);
        assert_eq!(decode(&utf16), latin);
        let utf16be: Vec<u8> = latin.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&utf16be), latin);
    }
    use super::*;

    fn read_bytes(bytes: &[u8]) -> Sheet {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("q.csv");
        std::fs::write(&path, bytes).unwrap();
        read(&path).unwrap()
    }

    #[test]
    fn encodings_and_separators() {
        let s = read_bytes(b"\xEF\xBB\xBFID,Question\r\n1,\"Multi\r\nline\"\r\n");
        assert_eq!(s.rows[0][0], Value::Text("ID".into()));
        assert_eq!(s.rows[1][1], Value::Text("Multi\r\nline".into()));
        assert_eq!(s.rows.len(), 2);
        let s = read_bytes(b"a;b\n1;Caf\xe9\n");
        assert_eq!(s.rows[1][1], Value::Text("Café".into()));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("x,y\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(read_bytes(&utf16).rows[0][1], Value::Text("y".into()));
        assert_eq!(s.name, "q");
    }

    #[test]
    fn blank_lines_stay_rows_so_rows_are_line_numbers() {
        let s = read_bytes(
            b"ID,Question

1,\"Multi\nline\"


2,Next
",
        );
        let first: Vec<String> = s
            .rows
            .iter()
            .map(|r| r.first().map(Value::text).unwrap_or_default())
            .collect();
        assert_eq!(first, ["ID", "", "1", "", "", "2"]);
        // The multi-line record took lines 3 and 4; "2" is on line 7.
        let s = read_bytes(b"a\r\n\r\n\"x\r\ny\"\r\nz\r\n");
        assert_eq!(s.rows.len(), 4);
        assert_eq!(s.rows[3][0], Value::Text("z".into()));
    }

    #[test]
    fn dialects_are_found_and_written_back() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a\tb\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let cases: [(&[u8], u8, bool, bool, Encoding); 5] = [
            (
                b"\xEF\xBB\xBFa;b;c\r\n1;2;3\r\n",
                b';',
                true,
                false,
                Encoding::Utf8 { bom: true },
            ),
            (
                b"a,b\n1,2\n",
                b',',
                false,
                false,
                Encoding::Utf8 { bom: false },
            ),
            (
                b"a;b\n1;Caf\xe9\n",
                b';',
                false,
                false,
                Encoding::Legacy(encoding_rs::WINDOWS_1252),
            ),
            (&utf16, b'\t', true, false, Encoding::Utf16Le),
            (
                b"\"a\",\"b, c\"\n",
                b',',
                false,
                true,
                Encoding::Utf8 { bom: false },
            ),
        ];
        for (bytes, delimiter, crlf, quote_all, encoding) in cases {
            let d = Dialect::of(bytes);
            assert_eq!(
                (d.delimiter, d.crlf, d.quote_all, d.encoding),
                (delimiter, crlf, quote_all, encoding)
            );
            assert_eq!(d.encode(&decode(bytes)), bytes, "{bytes:?}");
        }
        let latin = Dialect::of(b"a;b\n1;Caf\xe9\n");
        assert_eq!(
            latin.encode("x \u{2192} y"),
            "\u{feff}x \u{2192} y".as_bytes()
        );
    }

    #[test]
    fn the_sheet_is_named_as_the_filled_xlsx_names_it() {
        let long = Path::new("/tmp/vendor_security_questionnaire_2026_final_v3.csv");
        assert_eq!(sheet_name(long), "vendor_security_questionnaire_2");
        assert_eq!(sheet_name(Path::new("q[1].csv")), "q_1_");
        assert_eq!(sheet_name(Path::new("answers.csv")), "answers");
    }

    #[test]
    fn quoting_mistakes_name_their_line() {
        for (text, want) in [
            ("a,b\n1,\"x\"\n", None),
            (
                "a,b\n1,\"multi\nline, \"\"quoted\"\"\"\n2,5\" screen\n",
                None,
            ),
            ("a,b\r\n1,\"open\r\n2,b\r\n", Some(2)),
            ("a;b\r3;\"x\"\r4;\"y\r", Some(3)),
            ("\"", Some(1)),
        ] {
            assert_eq!(
                quote_problem(text, if text.contains(';') { b';' } else { b',' })
                    .map(|(line, _)| line),
                want,
                "{text:?}"
            );
        }
        assert_eq!(
            quote_problem("a,b\n\"Q-3,\"Do you test?\",\n", b','),
            Some((2, Quote::Stray))
        );
        assert_eq!(quote_problem("a,b\n\"x\" ,y\n", b','), None);
        // A tab after the quote is the delimiter, not space to skip.
        assert_eq!(quote_problem("a\tb\n\"x\"\t\"y\"\n", b'\t'), None);
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("q.csv");
        std::fs::write(&path, "ID,Question\n1,\"Is it on?\n2,Is it off?\n").unwrap();
        let err = read(&path).unwrap_err().to_string();
        assert!(
            err.contains("q.csv: line 2: a quoted field opens here and never closes"),
            "{err}"
        );
    }
}
