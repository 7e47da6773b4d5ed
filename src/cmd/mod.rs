//! Command-line parsing and dispatch: one module per subcommand, each with its
//! clap arguments and a `run`. Arguments become the library's plain option
//! structs here; the library never sees clap.

mod bank;
mod controls;
mod coverage;
mod fill;
mod init;
mod inspect;
mod layout_args;
mod match_cmd;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit codes (also in `--help` and the README).
pub mod exit {
    pub const OK: u8 = 0;
    pub const INTERNAL: u8 = 1;
    /// A check that ran and failed (bank lint errors, the coverage gate).
    pub const CHECK_FAILED: u8 = 1;
    pub const BAD_INPUT: u8 = 2;
    pub const NEEDS_REVIEW: u8 = 3;
}

const EXIT_CODES: &str = "Exit codes:\n  0  success\n  1  internal error (a bug in qfill), or a failed check (bank lint, coverage gate)\n  2  bad input or usage: the message says what to fix\n  3  fill --fail-on-review: some answers need review\n  130  interrupted (Ctrl-C, SIGTERM); files being written are removed";

/// Fill vendor security questionnaires offline from a curated answer bank.
#[derive(Parser, Debug)]
#[command(name = "qfill", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    /// More diagnostics on stderr (-v debug, -vv trace).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only errors on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Fill questionnaires from the answer bank.
    Fill(fill::Args),
    /// Show the question tables qfill finds in a questionnaire, without matching.
    Inspect(inspect::Args),
    /// Look up one question in the answer bank.
    Match(match_cmd::Args),
    /// List the SOC 2 and ISO 27001 catalogs, or show one control.
    Controls(controls::Args),
    /// Create a new answer bank (examples, or --starter for the full starter bank).
    Init(init::Args),
    /// Curate the answer bank: lint, export, import-xlsx, import, learn.
    Bank(bank::Args),
    /// Measure how much of SOC 2 and ISO 27001 the bank evidences (the CI gate).
    Coverage(coverage::Args),
}

/// Runs the chosen command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Fill(args) => fill::run(args, cli.quiet),
        Command::Inspect(args) => inspect::run(args),
        Command::Match(args) => match_cmd::run(args),
        Command::Init(args) => init::run(args),
        Command::Bank(args) => bank::run(args),
        Command::Controls(args) => controls::run(args),
        Command::Coverage(args) => coverage::run(args),
    }
}

/// Sets up tracing on stderr.
pub fn init_tracing(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("QFILL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("qfill={level}")));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, not in a CI log or a pipe.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .without_time()
        .try_init();
}

/// Prints an error once, with advice, and picks the exit code.
#[allow(clippy::print_stderr)]
pub fn report_error(err: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(err) {
        return ExitCode::from(exit::OK);
    }
    let lib = err.chain().find_map(|e| e.downcast_ref::<qfill::Error>());
    eprintln!("error: {}", chain_text(err));
    if let Some(advice) = lib.and_then(qfill::Error::advice) {
        eprintln!("  hint: {advice}");
    }
    let code = match lib {
        Some(e) if !e.is_user_error() => exit::INTERNAL,
        Some(_) => exit::BAD_INPUT,
        None if err.downcast_ref::<UsageError>().is_some() => exit::BAD_INPUT,
        None => exit::INTERNAL,
    };
    ExitCode::from(code)
}

/// The error and its causes joined by `: `, leaving out a cause whose text
/// the message already holds (an I/O error shown by its wrapper, then again,
/// or in plainer words).
fn chain_text(err: &anyhow::Error) -> String {
    let mut out = String::new();
    let mut io_shown = false;
    for cause in err.chain() {
        let text = cause.to_string();
        let shown = io_shown && cause.downcast_ref::<std::io::Error>().is_some();
        io_shown = matches!(
            cause.downcast_ref::<qfill::Error>(),
            Some(qfill::Error::Io { .. })
        );
        if shown || out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Where and why the last panic happened, kept by the hook [`quiet_panics`] installs.
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Replaces the default panic message (several lines, a backtrace note) with
/// a record for [`report_panic`]; a panic that qfill catches and turns into
/// an error (a spreadsheet reader failing on a damaged file) then prints nothing.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tracing::debug!("panic{place}: {message}");
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(format!("{message}{place}"));
        }
    }));
}

/// Prints a panic that reached `main` as an internal error (exit 1).
#[allow(clippy::print_stderr)]
pub fn report_panic() -> ExitCode {
    let what = LAST_PANIC
        .lock()
        .ok()
        .and_then(|mut last| last.take())
        .unwrap_or_else(|| "a panic".into());
    eprintln!("error: internal error: {what}");
    eprintln!(
        "  hint: this is a bug in qfill; please report it with the command and, if you can, the file that caused it"
    );
    ExitCode::from(exit::INTERNAL)
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// A usage mistake found by a command (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// "1 entry", "3 entries": a count and its noun, singular or plural.
pub fn counted(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// The answer bank directory: `--bank`, else `./answer_bank`.
pub fn bank_dir(flag: Option<&Path>) -> PathBuf {
    flag.map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("answer_bank"))
}

/// The date staleness is judged on: `--as-of`, else `$QFILL_TODAY`, else today (UTC).
pub fn today(as_of: Option<&str>) -> Result<qfill::date::Date> {
    let env = std::env::var("QFILL_TODAY").ok();
    let given = match (as_of, env.as_deref()) {
        (Some(text), _) => Some(("--as-of", text)),
        (None, Some(text)) => Some(("QFILL_TODAY", text)),
        (None, None) => None,
    };
    match given {
        Some((source, text)) => qfill::date::Date::parse(text).ok_or_else(|| {
            UsageError(format!("{source}: `{text}` is not a date (use YYYY-MM-DD)")).into()
        }),
        None => Ok(qfill::date::Date::today()),
    }
}

/// Writes text to stdout, treating a closed pipe as success. Control
/// characters that a questionnaire's cells may carry (escape sequences
/// that retitle or clear a terminal) are shown as `\u001b`, never sent.
pub fn print(text: &str) -> Result<()> {
    let text = printable(text);
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("cannot write to stdout")?;
    Ok(())
}

/// The text with control characters other than line breaks and tabs
/// written out as `\u001b`, which is also a valid escape inside JSON strings.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let shown = |c: char| !c.is_control() || matches!(c, '\n' | '\t' | '\r');
    if text.chars().all(shown) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if shown(c) {
                c.to_string()
            } else {
                format!("\\u{:04x}", u32::from(c))
            }
        })
        .collect::<String>()
        .into()
}

/// Parses a column given as letters (`C`) or a 1-based number (`3`).
pub fn parse_column(text: &str) -> Result<u32, String> {
    if let Ok(n) = text.parse::<u32>() {
        return n
            .checked_sub(1)
            .ok_or_else(|| "columns start at 1 (or A)".to_string());
    }
    qfill::cellref::column_index(text.trim())
        .ok_or_else(|| format!("`{text}` is not a column (use letters like C, or a number)"))
}

/// Parses a 1-based row number.
pub fn parse_row(text: &str) -> Result<u32, String> {
    match text.parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n - 1),
        _ => Err(format!("`{text}` is not a row number (rows start at 1)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(printable("Is MFA on?\n\tYes"), "Is MFA on?\n\tYes");
        assert_eq!(
            printable("Do you\u{1b}]0;owned\u{7} encrypt?"),
            "Do you\\u001b]0;owned\\u0007 encrypt?"
        );
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn causes_already_shown_are_not_repeated() {
        let io = std::io::Error::from(std::io::ErrorKind::StorageFull);
        let shown = io.to_string();
        let err = anyhow::Error::new(qfill::Error::Io {
            path: "o.xlsx".into(),
            source: io,
        })
        .context("cannot fill q.xlsx");
        assert_eq!(
            chain_text(&err),
            format!("cannot fill q.xlsx: o.xlsx: {shown}")
        );
    }

    #[test]
    fn columns_and_rows() {
        assert_eq!(parse_column("C"), Ok(2));
        assert_eq!(parse_column("3"), Ok(2));
        assert!(parse_column("0").is_err());
        assert!(parse_column("C3").is_err());
        assert_eq!(parse_row("4"), Ok(3));
        assert!(parse_row("0").is_err());
    }
}
