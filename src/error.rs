//! The library's typed errors. Every message names the file (and the sheet, cell,
//! part, line or bank entry where it knows them) and the rule that was broken, so
//! the binary can print it as it is. Style: lowercase, no final period.

use std::path::PathBuf;

/// Everything that can go wrong in qfill's library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No answer-bank directory where one was expected.
    #[error("no answer bank at {}", dir.display())]
    BankNotFound { dir: PathBuf },

    /// A bank path that names a file, not the bank's directory.
    #[error("{} is a file, not an answer bank directory", path.display())]
    BankIsFile { path: PathBuf },

    /// A bank directory without any entries (no entry files, or files
    /// without a single `[[entry]]`).
    #[error("the answer bank at {} holds no entries", dir.display())]
    BankEmpty { dir: PathBuf },

    /// A bank file that is not valid TOML or breaks the entry schema.
    #[error("{}:{line}: {message}", path.display())]
    BankSyntax {
        path: PathBuf,
        line: usize,
        message: String,
    },

    /// Two entries share an id.
    #[error("{}:{line}: duplicate entry id `{id}` (first defined at {}:{first_line})", path.display(), first_path.display())]
    DuplicateId {
        id: String,
        path: PathBuf,
        line: usize,
        first_path: PathBuf,
        first_line: usize,
    },

    /// A file that could not be read or written.
    #[error("{}: {}", path.display(), plain_io(source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    /// An input that does not exist.
    #[error("{}: no such file", path.display())]
    InputMissing { path: PathBuf },

    /// A questionnaire that could not be opened as a spreadsheet.
    #[error("{}: {message}", path.display())]
    Unreadable { path: PathBuf, message: String },

    /// A file of the wrong kind for its place (a questionnaire given as a
    /// fill report or as a bank export); `hint` says what belongs there.
    #[error("{}: {message}", path.display())]
    WrongFile {
        path: PathBuf,
        message: String,
        hint: &'static str,
    },

    /// A workbook file whose package is damaged (a part or relationship is missing or malformed).
    #[error("{}: part {part}: {message}", path.display())]
    BadPackage {
        path: PathBuf,
        part: String,
        message: String,
    },

    /// An input beyond one of qfill's limits ([`crate::limits`]); the message
    /// names the place, the limit and what to do.
    #[error("{}: {what}", path.display())]
    TooLarge { path: PathBuf, what: String },

    /// A questionnaire in which no question table was found.
    #[error("{}: no questions found; what qfill saw:{seen}", path.display())]
    NoQuestions { path: PathBuf, seen: String },

    /// A layout file (`--layout`) that is not valid TOML or names impossible rows or columns.
    #[error("{}:{line}: {message}", path.display())]
    Layout {
        path: PathBuf,
        line: usize,
        message: String,
    },

    /// An output path that already exists.
    #[error("{} already exists", path.display())]
    OutputExists { path: PathBuf },

    /// An output path that would overwrite the input.
    #[error("{}: the output would overwrite the input questionnaire", path.display())]
    OutputIsInput { path: PathBuf },

    /// A workbook cell that holds something qfill cannot use.
    #[error("{}: sheet `{sheet}` cell {cell}: {message}", path.display())]
    Cell {
        path: PathBuf,
        sheet: String,
        cell: String,
        message: String,
    },

    /// A Statement of Applicability that cannot be used.
    #[error("{}:{line}: {message}", path.display())]
    Soa {
        path: PathBuf,
        line: usize,
        message: String,
    },

    /// A control id that is malformed or unknown.
    #[error(transparent)]
    Control(#[from] crate::controls::ControlError),

    /// An option or a layout file that does not make sense.
    #[error("{0}")]
    Usage(String),

    /// A fault in qfill itself, not in its input.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// Whether the problem is in the user's input or usage (exit 2) rather than in qfill (exit 1).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, Error::Internal(_))
    }

    /// A one-line hint on how to fix the problem, when there is an obvious one.
    pub fn advice(&self) -> Option<String> {
        let text = match self {
            Error::BankNotFound { .. } => {
                "pass --bank DIR, or run qfill from a directory that holds answer_bank/ (`qfill init` creates one)"
            }
            Error::BankIsFile { path } => {
                let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
                return Some(match dir {
                    Some(dir) => format!(
                        "--bank takes the directory that holds the .toml files: --bank {}",
                        dir.display()
                    ),
                    None => "--bank takes the directory that holds the .toml files".to_string(),
                });
            }
            Error::BankEmpty { .. } => {
                "add [[entry]] tables to a .toml file there (see README: the answer bank)"
            }
            Error::BankSyntax { .. } => {
                "fix the entry (README: the answer bank lists every key and its type)"
            }
            Error::DuplicateId { .. } => "give one of the two entries a new id",
            Error::Soa { .. } => {
                "list one control per row: control id, applicable yes/no, justification (docs/ci.md shows the format)"
            }
            Error::Control(_) => "`qfill controls` lists the ids of each framework",
            Error::InputMissing { .. } => "check the path of the questionnaire",
            Error::Unreadable { message, .. } if message.contains("not a regular file") => {
                "qfill reads files, not pipes or devices: write the content to a file first"
            }
            Error::Unreadable { message, .. } if message.contains("a link to a file") => {
                "restore the file the link points to, or delete the link (ls -l shows where it points)"
            }
            Error::Unreadable { message, .. } if message.contains("password") => {
                "save an unprotected copy (File > Info > Protect Workbook > Encrypt, clear the password) and pass that"
            }
            Error::Unreadable { .. } => {
                "qfill reads xlsx, xlsm, xls, xlsb, ods and csv; open the file in a spreadsheet application and save a fresh copy"
            }
            Error::BadPackage { .. } => {
                "open the file in a spreadsheet application and save a fresh copy"
            }
            Error::WrongFile { hint, .. } => hint,
            Error::TooLarge { .. } => {
                "qfill stops here to keep time and memory bounded (README: Limits lists every limit)"
            }
            Error::NoQuestions { .. } => {
                "point qfill at the table with --sheet, --header-row, --question-col and --answer-col, or save `qfill inspect` output of a similar file as a layout, edit it and pass --layout FILE"
            }
            Error::Layout { .. } => {
                "each [[sheet]] needs name, question_column and answer_column; columns are letters (C), rows 1-based; `qfill inspect FILE` prints a valid layout to start from"
            }
            Error::OutputExists { .. } => {
                "pass --force to replace it, or choose another path (-o for a filled copy, --report for a report)"
            }
            Error::OutputIsInput { .. } => {
                "choose another path with -o; qfill never overwrites the questionnaire"
            }
            Error::Io { source, .. } => return io_advice(source.kind()).map(str::to_string),
            _ => return None,
        };
        Some(text.to_string())
    }
}

/// An I/O error as a person reads it: without the operating system's error
/// number, and without the name of a temporary file qfill chose (the path
/// the message starts with is the one that means something).
fn plain_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    // A message qfill wrote itself says more than the kind.
    let os = e.raw_os_error().is_some();
    let text = match e.kind() {
        _ if !os => e.to_string(),
        K::IsADirectory => return "is a directory".into(),
        K::NotFound => return "not found".into(),
        K::PermissionDenied => return "permission denied".into(),
        _ => e.to_string(),
    };
    let text = text.split(" at path \"").next().unwrap_or(&text);
    match text.find(" (os error ") {
        Some(at) => text[..at].to_string(),
        None => text.to_string(),
    }
}

/// What to do about a failed read or write, by its kind.
fn io_advice(kind: std::io::ErrorKind) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    Some(match kind {
        K::NotFound => {
            "check the path: a file to read must exist, and so must an output's directory (qfill creates none)"
        }
        K::IsADirectory => {
            "name a file, not a directory (for every questionnaire in a folder: qfill fill DIR/*.xlsx)"
        }
        K::AlreadyExists => "the path exists already; choose a new one",
        K::PermissionDenied => {
            "check the permissions: qfill must read the questionnaire and the bank, and write in the output's directory"
        }
        K::ReadOnlyFilesystem => "the disk is read-only; write elsewhere with -o",
        K::StorageFull | K::QuotaExceeded => {
            "the disk is full; free some space or write elsewhere with -o (nothing was left behind)"
        }
        _ => return None,
    })
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_place() {
        let e = Error::BankSyntax {
            path: "bank/a.toml".into(),
            line: 7,
            message: "unknown key `anwser`".into(),
        };
        assert_eq!(e.to_string(), "bank/a.toml:7: unknown key `anwser`");
        let e = Error::DuplicateId {
            id: "mfa".into(),
            path: "b.toml".into(),
            line: 3,
            first_path: "a.toml".into(),
            first_line: 1,
        };
        assert_eq!(
            e.to_string(),
            "b.toml:3: duplicate entry id `mfa` (first defined at a.toml:1)"
        );
        assert!(e.is_user_error());
        assert!(!Error::Internal("x".into()).is_user_error());
        let e = Error::Layout {
            path: "layout.toml".into(),
            line: 4,
            message: "answer_column `3C` is not a column".into(),
        };
        assert_eq!(
            e.to_string(),
            "layout.toml:4: answer_column `3C` is not a column"
        );
        assert!(e.advice().unwrap().contains("qfill inspect"));
        let full = Error::Io {
            path: "o.xlsx".into(),
            source: std::io::Error::from(std::io::ErrorKind::StorageFull),
        };
        assert!(full.advice().unwrap().contains("the disk is full"));
        // The OS's error number and a temporary file's name stay out of it.
        let dir = Error::Io {
            path: "q".into(),
            source: std::io::Error::from_raw_os_error(21),
        };
        assert_eq!(dir.to_string(), "q: is a directory");
        let temp = Error::Io {
            path: "o.xlsx".into(),
            source: std::io::Error::other(
                "Operation not permitted (os error 1) at path \"/x/.qfill-a.tmp\"",
            ),
        };
        assert_eq!(temp.to_string(), "o.xlsx: Operation not permitted");
        assert!(
            Error::OutputExists {
                path: "o.xlsx".into()
            }
            .advice()
            .unwrap()
            .contains("--force")
        );
    }
}
