//! `qfill bank …`: curate the answer bank: lint it, export it to a workbook for
//! subject-matter experts and apply their edits back, and grow it from
//! questionnaires already answered.

use super::{UsageError, exit, print};
use anyhow::Result;
use qfill::bank::AnswerBank;
use qfill::bank::export::{ExportOptions, export};
use qfill::bank::import::{BankImport, ImportOptions, import};
use qfill::bank::import_xlsx::{XlsxImport, import_xlsx};
use qfill::bank::lint::{Finding, LintOptions, LintReport, Severity, lint};
use qfill::matcher::Matcher;
use qfill::write::atomic::Overwrite;
use std::fmt::Write;
use std::path::{Path, PathBuf};
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
    /// Write the bank to a workbook for subject-matter experts (one sheet per file).
    Export(ExportArgs),
    /// Apply the edits made in an exported workbook back to the TOML files.
    #[command(name = "import-xlsx")]
    ImportXlsx(ImportXlsxArgs),
    /// Turn answered questionnaires into draft entries (or alternates of existing ones).
    Import(ImportArgs),
    /// Add the questions a reviewer accepted in a fill report (`"accept": true` or
    /// `"accept": "<entry-id>"` on an item) as alternates of their entries.
    Learn(LearnArgs),
}

#[derive(clap::Args, Debug)]
pub struct LearnArgs {
    /// A report written by `qfill fill --report`, with reviewed items marked `"accept"`.
    pub report: PathBuf,
    /// The answer bank directory [default: the bank the report was filled with, else ./answer_bank].
    #[arg(long, value_name = "DIR")]
    pub bank: Option<PathBuf>,
    /// Show what would be added without writing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// The answer bank directory [default: ./answer_bank].
    #[arg(long, value_name = "DIR")]
    pub bank: Option<PathBuf>,
    /// The workbook to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Also export `internal_note` (keep such a workbook inside the company).
    #[arg(long)]
    pub include_internal: bool,
    /// Replace an existing workbook.
    #[arg(long)]
    pub force: bool,
}

#[derive(clap::Args, Debug)]
pub struct ImportXlsxArgs {
    /// A workbook made by `qfill bank export`.
    pub workbook: PathBuf,
    /// The answer bank directory [default: ./answer_bank].
    #[arg(long, value_name = "DIR")]
    pub bank: Option<PathBuf>,
    /// Show the changes without writing them.
    #[arg(long)]
    pub dry_run: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// Questionnaires that were already answered (xlsx, xlsm, xls, xlsb, ods, csv).
    #[arg(required = true)]
    pub questionnaires: Vec<PathBuf>,
    /// The answer bank directory [default: ./answer_bank].
    #[arg(long, value_name = "DIR")]
    pub bank: Option<PathBuf>,
    /// The file that receives the draft entries [default: <bank>/imported.toml].
    #[arg(long, value_name = "FILE")]
    pub into: Option<PathBuf>,
    /// Match score from which a question becomes an alternate of an existing entry.
    #[arg(long, value_name = "SCORE", default_value_t = 0.85)]
    pub fold_at: f64,
    /// Show what would happen without writing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
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
        BankCommand::Export(a) => run_export(a),
        BankCommand::ImportXlsx(a) => run_import_xlsx(a),
        BankCommand::Import(a) => run_import(a),
        BankCommand::Learn(a) => run_learn(a),
    }
}

fn run_learn(args: LearnArgs) -> Result<ExitCode> {
    qfill::limits::regular_file(&args.report, "fill report")?;
    let bytes = std::fs::read(&args.report).map_err(|source| qfill::Error::Io {
        path: args.report.clone(),
        source,
    })?;
    let report: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        qfill::Error::Usage(format!(
            "{}: not valid JSON ({e}); pass the file written by fill --report",
            args.report.display()
        ))
    })?;
    let dir = learn_bank_dir(args.bank.as_deref(), &report, &args.report)?;
    let bank = AnswerBank::load(&dir)?;
    let outcome = qfill::bank::learn::learn(&bank, &report, &args.report, args.dry_run)?;
    let mut text = String::new();
    let verb = if args.dry_run { "would add" } else { "added" };
    text.push_str(&format!("{verb} {} alternate(s)\n", outcome.added.len()));
    for l in &outcome.added {
        text.push_str(&format!(
            "  {}: {} ← \"{}\"\n",
            l.file.display(),
            l.entry_id,
            l.question
        ));
    }
    if outcome.already_known > 0 {
        text.push_str(&format!(
            "{} accepted question(s) were already phrasings of their entry\n",
            outcome.already_known
        ));
    }
    for (entry, cell) in needs_choice(&bank, &report) {
        text.push_str(&format!(
            "  note: {cell}'s answer fit none of its dropdown's values, and entry `{entry}` has no `choice`: add choice = \"Yes\" (or \"No\", \"N/A\") to it, or the next fill leaves that row for review again\n"
        ));
    }
    if outcome.added.is_empty() && outcome.already_known == 0 {
        text.push_str("no item is marked \"accept\": add \"accept\": true (or \"accept\": \"<entry-id>\") to the items you confirmed\n");
    }
    super::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// Accepted rows whose answer fit no dropdown value, with the entry that
/// answers them when it states no `choice` for such lists: (entry id, cell).
fn needs_choice(bank: &AnswerBank, report: &serde_json::Value) -> Vec<(String, String)> {
    let items = report["items"].as_array().map_or(&[][..], Vec::as_slice);
    items
        .iter()
        .filter(|i| {
            i["note"]
                .as_str()
                .is_some_and(|n| n.contains("fits none of the dropdown values"))
        })
        .filter_map(|i| {
            let id = match &i["accept"] {
                serde_json::Value::Bool(true) => i["entry_id"].as_str()?,
                serde_json::Value::String(id) => id.as_str(),
                _ => return None,
            };
            let entry = bank.entries.iter().find(|e| e.id == id)?;
            entry.choice.is_none().then(|| {
                let cell = format!(
                    "{}!{}",
                    i["sheet"].as_str().unwrap_or("?"),
                    i["answer_cell"].as_str().unwrap_or("?")
                );
                (id.to_string(), cell)
            })
        })
        .collect()
}

/// The bank `learn` edits: `--bank`, else the one the report was filled
/// with (when it is still there), else the default. A `--bank` other than
/// the report's is allowed (a copy, a branch) but said.
fn learn_bank_dir(
    given: Option<&std::path::Path>,
    report: &serde_json::Value,
    report_path: &std::path::Path,
) -> Result<PathBuf> {
    let named = report["bank"].as_str().map(PathBuf::from);
    // A relative bank path is relative to where fill ran: here, or beside
    // the report.
    let filled_with = named.as_ref().and_then(|p| {
        let beside = report_path.parent().map(|d| d.join(p));
        std::iter::once(p.clone())
            .chain(beside.filter(|_| p.is_relative()))
            .find(|p| p.is_dir())
    });
    match (given, filled_with) {
        (Some(dir), Some(theirs)) => {
            let same = |p: &std::path::Path| std::fs::canonicalize(p).ok();
            if same(dir) != same(&theirs) {
                eprintln!(
                    "warning: the report was filled with the bank {}; learning into {} as --bank asks",
                    theirs.display(),
                    dir.display()
                );
            }
            Ok(dir.to_path_buf())
        }
        (Some(dir), None) => Ok(dir.to_path_buf()),
        (None, Some(theirs)) => Ok(theirs),
        // Learning into another bank than the one that answered would file
        // phrasings under entries that may not be the ones reviewed.
        (None, None) => match named {
            Some(named) => Err(qfill::Error::Usage(format!(
                "{}: the report was filled with the bank {}, which is not found from here or beside the report; pass --bank DIR to name it",
                report_path.display(),
                named.display()
            ))
            .into()),
            None => Ok(super::bank_dir(None)),
        },
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
    if report.findings.len() > 1 {
        let _ = writeln!(out, "by rule: {}", by_rule(&report.findings));
    }
    let _ = writeln!(
        out,
        "{}: {} in {}: {}, {}",
        report.bank,
        super::counted(report.entries, "entry", "entries"),
        super::counted(report.files, "file", "files"),
        super::counted(report.errors, "error", "errors"),
        super::counted(report.warnings, "warning", "warnings"),
    );
    out
}

/// "never-reviewed 370, missing-owner 2": how many findings each rule made,
/// errors first, so a long list can be read by its summary.
fn by_rule(findings: &[Finding]) -> String {
    let mut counts: Vec<(Severity, &str, usize)> = Vec::new();
    for f in findings {
        match counts
            .iter_mut()
            .find(|(s, r, _)| *s == f.severity && *r == f.rule)
        {
            Some(c) => c.2 += 1,
            None => counts.push((f.severity, f.rule, 1)),
        }
    }
    counts.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.cmp(&a.2)).then(a.1.cmp(b.1)));
    counts
        .iter()
        .map(|(_, rule, n)| format!("{rule} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn run_export(args: ExportArgs) -> Result<ExitCode> {
    let bank = AnswerBank::load(&super::bank_dir(args.bank.as_deref()))?;
    check_export_target(&args.output, &bank.dir)?;
    let opts = ExportOptions {
        include_internal: args.include_internal,
        overwrite: if args.force {
            Overwrite::Replace
        } else {
            Overwrite::Refuse
        },
    };
    let n = export(&bank, &args.output, opts)?;
    let mut out = format!("exported {n} entries to {}\n", args.output.display());
    if args.include_internal {
        out.push_str("  it includes internal_note: keep this workbook inside the company\n");
    }
    let _ = writeln!(
        out,
        "  apply the edits with: qfill bank import-xlsx {} --bank {}",
        args.output.display(),
        bank.dir.display()
    );
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The export is an xlsx workbook kept outside the bank: a `.toml` name, or
/// any path inside the bank's folder, would replace or add to its sources.
fn check_export_target(output: &Path, bank_dir: &Path) -> Result<()> {
    let is_xlsx = output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        return Err(UsageError(format!(
            "{}: the export is an xlsx workbook; name it .xlsx",
            output.display()
        ))
        .into());
    }
    let dir = match output.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let inside = match (dir.canonicalize(), bank_dir.canonicalize()) {
        (Ok(d), Ok(b)) => d.starts_with(b),
        _ => false,
    };
    if inside {
        return Err(UsageError(format!(
            "{}: write the export outside the bank folder {}, so it never mixes with the bank's files",
            output.display(),
            bank_dir.display()
        ))
        .into());
    }
    Ok(())
}

fn run_import_xlsx(args: ImportXlsxArgs) -> Result<ExitCode> {
    let dir = super::bank_dir(args.bank.as_deref());
    let result = import_xlsx(&args.workbook, &dir, args.dry_run)?;
    let text = if args.json {
        serde_json::to_string_pretty(&result)? + "\n"
    } else {
        xlsx_diff(&result, args.dry_run)
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn xlsx_diff(r: &XlsxImport, dry_run: bool) -> String {
    let mut out = String::new();
    for c in &r.changes {
        let _ = writeln!(
            out,
            "{}:{} {} {}\n  - {}\n  + {}",
            c.file, c.line, c.entry, c.field, c.old, c.new
        );
    }
    for (file, id) in &r.added {
        let _ = writeln!(out, "{file}: new entry {id}");
    }
    if !r.not_in_workbook.is_empty() {
        let _ = writeln!(
            out,
            "not in the workbook (left as they are): {}",
            r.not_in_workbook.join(", ")
        );
    }
    if !r.unmapped_sheets.is_empty() {
        let _ = writeln!(
            out,
            "warning: sheets that map to no bank file were not read (a sheet renamed or added by hand; \
             put new entries on an exported sheet): {}",
            r.unmapped_sheets.join(", ")
        );
    }
    let verb = if dry_run { "would change" } else { "changed" };
    let _ = writeln!(
        out,
        "{verb} {} keys, added {} entries, in {} files",
        r.changes.len(),
        r.added.len(),
        r.files_changed.len()
    );
    out
}

fn run_import(args: ImportArgs) -> Result<ExitCode> {
    let bank = AnswerBank::load(&super::bank_dir(args.bank.as_deref()))?;
    let matcher = Matcher::new(&bank)?;
    let mut opts = ImportOptions::new(
        args.into
            .clone()
            .unwrap_or_else(|| bank.dir.join("imported.toml")),
    );
    opts.fold_at = args.fold_at;
    opts.dry_run = args.dry_run;
    let result = import(&args.questionnaires, &bank, &matcher, &opts)?;
    let text = if args.json {
        serde_json::to_string_pretty(&result)? + "\n"
    } else {
        import_text(&result, &opts)
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn import_text(r: &BankImport, opts: &ImportOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "folded {} into the alternates of existing entries:",
        super::counted(r.folded.len(), "question", "questions")
    );
    for f in &r.folded {
        let _ = writeln!(
            out,
            "  {} <- \"{}\" ({}, score {})",
            f.entry,
            f.question,
            f.source,
            qfill::report::shown(f.score)
        );
    }
    let _ = writeln!(
        out,
        "drafted {} in {}:",
        super::counted(r.drafts.len(), "new entry", "new entries"),
        opts.into.display()
    );
    for d in &r.drafts {
        let from = match d.controls_from.as_deref() {
            Some("question") => "controls quoted by the question".to_string(),
            Some(e) => format!("controls from {e}"),
            None => "no controls".to_string(),
        };
        let _ = writeln!(out, "  {}: {} ({from})", d.id, d.question);
        if let Some(entry) = &d.contradicts {
            let _ = writeln!(
                out,
                "    its answer disagrees with entry `{entry}`: keep the right one"
            );
        }
    }
    let _ = writeln!(
        out,
        "{} already in the bank or repeated, {} without an answer",
        rows(r.already_known),
        rows(r.unanswered)
    );
    if r.unconfirmed > 0 {
        let _ = writeln!(
            out,
            "{} skipped: their answers are qfill's own suggestions, still marked for review on the `qfill summary` sheet (confirm them with `qfill bank learn` on the fill's report)",
            rows(r.unconfirmed)
        );
    }
    if opts.dry_run {
        out.push_str("dry run: nothing written\n");
    } else if !r.drafts.is_empty() {
        out.push_str("drafts have no `reviewed` date: review them, then run qfill bank lint\n");
    }
    out
}

/// "1 row", "3 rows".
fn rows(n: usize) -> String {
    super::counted(n, "row", "rows")
}
