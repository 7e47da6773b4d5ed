//! `qfill bank …`: curate the answer bank: lint it, export it to a workbook for
//! subject-matter experts and apply their edits back, and grow it from
//! questionnaires already answered.

use super::{exit, print};
use anyhow::Result;
use qfill::bank::lint::{LintOptions, LintReport, Severity, lint};
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub command: BankCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum BankCommand {
    /// Check the bank: errors exit 1, warnings do not.
    Lint(LintArgs),
}

#[derive(clap::Args, Debug)]
pub struct LintArgs {
    /// The answer bank directory [default: ./answer_bank].
    #[arg(long, value_name = "DIR")]
    pub bank: Option<PathBuf>,
    /// Warn about entries reviewed longer ago than this.
    #[arg(long, value_name = "DAYS", default_value_t = 365)]
    pub max_age: i64,
    /// Judge dates as of this day (YYYY-MM-DD) [default: today, or $QFILL_TODAY].
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Print JSON (for CI).
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        BankCommand::Lint(a) => run_lint(a),
    }
}

fn run_lint(args: LintArgs) -> Result<ExitCode> {
    let opts = LintOptions {
        max_age_days: args.max_age,
        today: super::today(args.as_of.as_deref())?,
    };
    let report = lint(&super::bank_dir(args.bank.as_deref()), &opts)?;
    let text = if args.json {
        serde_json::to_string_pretty(&report)? + "\n"
    } else {
        human(&report)
    };
    print(&text)?;
    Ok(ExitCode::from(if report.passed() {
        exit::OK
    } else {
        exit::CHECK_FAILED
    }))
}

fn human(report: &LintReport) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let place = if f.line > 0 {
            format!("{}:{}", f.file, f.line)
        } else {
            f.file.clone()
        };
        let _ = writeln!(out, "{place}: {level}[{}]: {}", f.rule, f.message);
    }
    let _ = writeln!(
        out,
        "{}: {} entries in {} files: {} errors, {} warnings",
        report.bank, report.entries, report.files, report.errors, report.warnings
    );
    out
}
