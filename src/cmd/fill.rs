//! `qfill fill`: one command turns incoming questionnaires into filled drafts,
//! a JSON report and a short list of what a person must look at.

use super::{UsageError, exit, print};
use anyhow::{Context, Result};
use qfill::bank::AnswerBank;
use qfill::decide::Thresholds;
use qfill::fill::{FillOptions, default_output, fill};
use qfill::matcher::Matcher;
use qfill::report::Report;
use qfill::write::atomic::{Overwrite, check_output, same_destination, write_atomically};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Questionnaires to fill (xlsx, xlsm, xls, xlsb, ods, csv).
    #[arg(required = true)]
    pub questionnaires: Vec<PathBuf>,
    /// The answer bank directory [default: ./answer_bank].
    #[arg(long, value_name = "DIR")]
    pub bank: Option<PathBuf>,
    /// Output file (one questionnaire) or directory (several) [default: <input>.filled.xlsx beside the input].
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Write the JSON report here (a directory when several questionnaires are given).
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
    /// Replace existing output and report files.
    #[arg(long)]
    pub force: bool,
    /// Minimum score for a confident answer.
    #[arg(long, value_name = "SCORE", default_value_t = Thresholds::default().answered_at)]
    pub answered_at: f64,
    /// Minimum score for a suggestion to review.
    #[arg(long, value_name = "SCORE", default_value_t = Thresholds::default().review_at)]
    pub review_at: f64,
    /// Minimum score for a suggestion to be written (highlighted) into its answer cell; weaker ones are only listed on the summary sheet and in the report.
    #[arg(long, value_name = "SCORE", default_value_t = Thresholds::default().written_at)]
    pub write_at: f64,
    /// Exit with code 3 when any answer needs review.
    #[arg(long)]
    pub fail_on_review: bool,
    #[command(flatten)]
    pub layout: super::layout_args::LayoutArgs,
    /// Do not highlight review cells or attach notes.
    #[arg(long)]
    pub no_highlight: bool,
    /// Do not add the `qfill summary` sheet.
    #[arg(long)]
    pub no_summary: bool,
    /// Hand-off mode: confident answers only; no suggestions, highlights, notes or summary sheet.
    #[arg(long)]
    pub clean: bool,
    /// Output format: xlsx (default), or csv for csv questionnaires (confident answers only; formulas defused).
    #[arg(long, value_enum, default_value_t = OutputFormat::Xlsx)]
    pub format: OutputFormat,
    /// Replace answers the questionnaire already holds (with confident answers only).
    #[arg(long)]
    pub overwrite_answers: bool,
    /// Name confident answers from entries reviewed longer ago than this.
    #[arg(long, value_name = "DAYS", default_value_t = 365)]
    pub max_age: i64,
    /// Print stage timings as one JSON line per questionnaire on stderr (for benchmarks).
    #[arg(long, hide = true)]
    pub timings: bool,
}

/// The file format `fill` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Xlsx,
    Csv,
}

pub fn run(args: Args, quiet: bool) -> Result<ExitCode> {
    let thresholds = Thresholds {
        answered_at: args.answered_at,
        review_at: args.review_at,
        written_at: args.write_at,
        ..Thresholds::default()
    };
    thresholds.validate().map_err(UsageError)?;
    let several = args.questionnaires.len() > 1;
    if several && args.output.as_deref().is_some_and(|o| !o.is_dir()) {
        return Err(UsageError(
            "with several questionnaires, -o must be an existing directory".into(),
        )
        .into());
    }
    // A missing bank is the first thing to fix, before any output path.
    let bank_dir = super::bank_dir(args.bank.as_deref());
    qfill::bank::check_dir(&bank_dir)?;
    let jobs = plan(&args, thresholds)?;
    let started = std::time::Instant::now();
    // The embedding table loads while the bank is read.
    qfill::matcher::embed::Embedder::preload();
    let bank = AnswerBank::load(&bank_dir)?;
    let load_ms = started.elapsed().as_secs_f64() * 1000.0;
    let matcher = Matcher::new(&bank)?;
    let index_ms = started.elapsed().as_secs_f64() * 1000.0 - load_ms;
    let bank_errors = bank_errors_warning(&bank)?;
    let progress = progress_bar(jobs.len(), quiet);
    let (mut needs_review, mut failed) = (false, Vec::new());
    for job in &jobs {
        progress.set_message(job.input.display().to_string());
        // The report's directory must take a file before the filled copy is
        // written, and a report that still fails takes back a new copy.
        if let Some(path) = &job.report {
            probe_writable(path)?;
        }
        let existed = job.opts.output.exists();
        let mut report = match fill(&job.input, &bank, &matcher, &job.opts) {
            Ok(report) => report,
            // With several questionnaires, one bad file does not stop the rest.
            Err(e) if several => {
                let code = progress.suspend(|| super::report_error(&e.into()));
                failed.push((job.input.display().to_string(), code));
                progress.inc(1);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        report.warnings.extend(bank_errors.clone());
        if let Some(path) = &job.report
            && let Err(e) = write_report(&report, path, args.force)
        {
            let output = job.opts.output.display();
            if !existed && std::fs::remove_file(&job.opts.output).is_ok() {
                return Err(e.context(format!(
                    "the report was not written, so the filled copy {output} was removed too"
                )));
            }
            return Err(e.context(format!(
                "the filled copy {output} was written, but its report was not"
            )));
        }
        needs_review |= report.summary.review > 0;
        if args.timings {
            print_timings(&report, load_ms, index_ms);
        }
        progress.suspend(|| print(&summary_text(&report, &job.opts, job.report.is_some())))?;
        progress.inc(1);
    }
    progress.finish_and_clear();
    if let Some((_, code)) = failed.first() {
        let names: Vec<&str> = failed.iter().map(|(n, _)| n.as_str()).collect();
        eprintln!(
            "{} of {} questionnaires were not filled: {}",
            failed.len(),
            jobs.len(),
            names.join(", ")
        );
        return Ok(*code);
    }
    Ok(ExitCode::from(if args.fail_on_review && needs_review {
        exit::NEEDS_REVIEW
    } else {
        exit::OK
    }))
}

/// One questionnaire to fill: its options (with the output path) and where its report goes.
struct Job {
    input: PathBuf,
    opts: FillOptions,
    report: Option<PathBuf>,
}

/// Every questionnaire's output and report paths, checked before anything is
/// read or written: no destination is a questionnaire, no two questionnaires
/// write the same file, and without `--force` nothing already exists. A run
/// that would fail on a path fails before it writes its first file.
fn plan(args: &Args, thresholds: Thresholds) -> Result<Vec<Job>> {
    let several = args.questionnaires.len() > 1;
    let inputs = batch_inputs(&args.questionnaires);
    let mut jobs = Vec::with_capacity(inputs.len());
    for input in inputs {
        lock_file_check(input)?;
        jobs.push(Job {
            input: input.clone(),
            opts: options(args, input, thresholds)?,
            report: report_path(args, input, several)?,
        });
    }
    let mut taken: Vec<(&Path, &Path, usize)> = Vec::new();
    for (index, job) in jobs.iter().enumerate() {
        if job.input.exists() {
            check_output(&job.input, &job.opts.output, job.opts.overwrite)?;
        }
        let destinations = [Some(job.opts.output.as_path()), job.report.as_deref()];
        for dest in destinations.into_iter().flatten() {
            if let Some(q) = jobs
                .iter()
                .find(|j| j.input.exists() && same_destination(&j.input, dest))
            {
                return Err(UsageError(format!(
                    "{} is the questionnaire {}: qfill never writes over a questionnaire; \
                     choose another {} path",
                    dest.display(),
                    q.input.display(),
                    if Some(dest) == job.report.as_deref() {
                        "--report"
                    } else {
                        "-o"
                    }
                ))
                .into());
            }
            if let Some((_, other, by)) = taken.iter().find(|(d, ..)| same_destination(d, dest)) {
                if *by == index {
                    return Err(UsageError(format!(
                        "{} is given both as the filled copy (-o) and as the report (--report); \
                         give them different names",
                        dest.display()
                    ))
                    .into());
                }
                if same_destination(other, &job.input) {
                    return Err(UsageError(format!(
                        "the questionnaire {} is given twice; name it once",
                        job.input.display()
                    ))
                    .into());
                }
                return Err(UsageError(format!(
                    "{} would be written for both {} and {}; give them different names \
                     or fill them in separate runs",
                    dest.display(),
                    other.display(),
                    job.input.display()
                ))
                .into());
            }
            taken.push((dest, &job.input, index));
        }
        if let Some(report) = &job.report {
            check_report(report, args.force)?;
        }
    }
    Ok(jobs)
}

/// A warning when the bank has errors `bank lint` would fail on and that
/// can reach a filled cell (an unknown placeholder, a profile date that is
/// not a date): `fill` still runs, as most answers are sound, but says so.
fn bank_errors_warning(bank: &AnswerBank) -> Result<Option<String>> {
    let errors = qfill::bank::lint::errors_of(bank, super::today(None)?);
    let Some(first) = errors.first() else {
        return Ok(None);
    };
    let place = if first.line > 0 {
        format!("{}:{}", first.file, first.line)
    } else {
        first.file.clone()
    };
    Ok(Some(format!(
        "the answer bank has {} error(s) that `qfill bank lint` reports, first {place}: {}; answers from it may be wrong: fix them before sending",
        errors.len(),
        first.message
    )))
}

/// The questionnaires of a batch (`qfill fill *.xlsx` run again), without
/// what such a glob also picks up: a filled copy qfill wrote beside an
/// original the batch fills anyway (`x.filled.xlsx` with `x.xlsx`), and a
/// spreadsheet application's lock file (`~$x.xlsx`). Each is named on
/// stderr. One questionnaire is always filled as given.
fn batch_inputs(given: &[PathBuf]) -> Vec<&PathBuf> {
    if given.len() < 2 {
        return given.iter().collect();
    }
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let originals: Vec<PathBuf> = given
        .iter()
        .map(|p| {
            let format = qfill::workbook::sniff_format(p).unwrap_or(qfill::workbook::Format::Xlsx);
            default_output(p, format, false)
        })
        .collect();
    given
        .iter()
        .filter(|p| {
            if name(p).starts_with("~$") {
                eprintln!("note: skipping {}: a lock file a spreadsheet application keeps while the workbook is open", p.display());
                return false;
            }
            // Only a copy qfill recognisably wrote (its summary sheet): a
            // questionnaire that is merely named so is filled, and never
            // replaced by another input's copy.
            if originals.iter().any(|o| same_destination(o, p)) && is_filled_copy(p) {
                eprintln!("note: skipping {}: qfill's filled copy of another questionnaire in this batch", p.display());
                return false;
            }
            true
        })
        .collect()
}

/// A spreadsheet application's lock file given as the questionnaire
/// (`~$vendor_q.xlsx`, a few hundred bytes kept while `vendor_q.xlsx` is
/// open): says so, and names the workbook to fill instead.
fn lock_file_check(input: &Path) -> Result<()> {
    let Some(workbook) = input
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix("~$"))
    else {
        return Ok(());
    };
    let small = std::fs::metadata(input).is_ok_and(|m| m.is_file() && m.len() < 4096);
    if !small {
        return Ok(());
    }
    Err(UsageError(format!(
        "{} is a lock file a spreadsheet application keeps while a workbook is open, not a questionnaire; fill the workbook itself: `{workbook}` (or, as Excel names some lock files, the name whose first two letters `~$` replaced)",
        input.display()
    ))
    .into())
}

/// Whether `path` is a workbook an earlier `qfill fill` wrote: it has the
/// `qfill summary` sheet.
fn is_filled_copy(path: &Path) -> bool {
    qfill::workbook::read(path).is_ok_and(|book| {
        book.sheets
            .iter()
            .any(|s| qfill::detect::is_fill_summary(&s.name))
    })
}

/// Whether a path that is not a directory was still meant as one: it ends
/// with a separator (`out/`), or is `.` or `..` spelled some other way.
fn names_a_directory(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    text.ends_with(std::path::MAIN_SEPARATOR)
        || text.ends_with('/')
        || matches!(
            path.components().next_back(),
            Some(std::path::Component::CurDir | std::path::Component::ParentDir)
        )
}

/// The report path names a file that may be written.
fn check_report(path: &Path, force: bool) -> Result<()> {
    if path.is_dir() {
        return Err(UsageError(format!(
            "--report {} is a directory; with one questionnaire, --report names the JSON file to write",
            path.display()
        ))
        .into());
    }
    if path.exists() && !force {
        return Err(qfill::Error::OutputExists {
            path: path.to_path_buf(),
        }
        .into());
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(UsageError(format!(
            "the directory of --report {} does not exist; create it first",
            path.display()
        ))
        .into());
    }
    Ok(())
}

fn options(args: &Args, input: &Path, thresholds: Thresholds) -> Result<FillOptions> {
    let format = qfill::workbook::sniff_format(input).unwrap_or(qfill::workbook::Format::Xlsx);
    let csv = args.format == OutputFormat::Csv;
    let output = match &args.output {
        Some(dir) if dir.is_dir() => dir.join(
            default_output(input, format, csv)
                .file_name()
                .unwrap_or_default(),
        ),
        Some(dir) if names_a_directory(dir) => {
            return Err(UsageError(format!(
                "-o {}: no such directory; create it first (mkdir), or name the output file",
                dir.display()
            ))
            .into());
        }
        Some(file) => file.clone(),
        None => default_output(input, format, csv),
    };
    let mut opts = FillOptions::new(output);
    opts.overwrite = if args.force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    opts.thresholds = thresholds;
    opts.overrides = args.layout.overrides()?;
    opts.highlight = !args.no_highlight && !args.clean;
    opts.csv_output = csv;
    opts.summary = !args.no_summary && !args.clean && !csv;
    opts.highlight = opts.highlight && !csv;
    opts.write_review = !args.clean && !csv;
    opts.overwrite_answers = args.overwrite_answers;
    opts.today = super::today(None)?;
    opts.max_age_days = args.max_age;
    Ok(opts)
}

fn report_path(args: &Args, input: &Path, several: bool) -> Result<Option<PathBuf>> {
    let Some(path) = &args.report else {
        return Ok(None);
    };
    if !several {
        return Ok(Some(path.clone()));
    }
    std::fs::create_dir_all(path)
        .with_context(|| format!("cannot create the report directory {}", path.display()))?;
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Some(path.join(format!("{stem}.report.json"))))
}

/// Fails when the report's directory will not take a new file (read-only,
/// missing), leaving nothing behind.
fn probe_writable(report: &Path) -> Result<()> {
    let dir = match report.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    tempfile::Builder::new()
        .prefix(".qfill-")
        .tempfile_in(dir)
        .map(drop)
        .map_err(|e| qfill::Error::Io {
            path: report.to_path_buf(),
            // Without the temporary file's name, which means nothing to the user.
            source: std::io::Error::from(e.kind()),
        })
        .context("the report cannot be written there, so nothing was filled")
}

fn write_report(report: &Report, path: &Path, force: bool) -> Result<()> {
    let overwrite = if force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    if path.exists() && !force {
        return Err(qfill::Error::OutputExists {
            path: path.to_path_buf(),
        }
        .into());
    }
    let json = serde_json::to_string_pretty(report)?;
    write_atomically(path, overwrite, |tmp| {
        std::fs::write(tmp, json.as_bytes()).map_err(|source| qfill::Error::Io {
            path: path.to_path_buf(),
            source,
        })
    })?;
    Ok(())
}

fn progress_bar(files: usize, quiet: bool) -> indicatif::ProgressBar {
    if files < 2 || quiet {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    let style = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// The one-screen summary printed after each questionnaire.
fn summary_text(report: &Report, opts: &FillOptions, has_report: bool) -> String {
    let s = &report.summary;
    let mut out = format!(
        "{} → {}\n  {} question{}: {} answered, {} to review, {} unanswered\n",
        report.input,
        report.output,
        s.questions,
        if s.questions == 1 { "" } else { "s" },
        s.answered,
        s.review,
        s.unanswered
    );
    let kept = report
        .items
        .iter()
        .filter(|i| {
            i.note
                .as_deref()
                .is_some_and(|n| n.starts_with("already answered"))
        })
        .count();
    if kept > 0 {
        out.push_str(&format!(
            "  {kept} rows were already answered and were kept\n"
        ));
    }
    for w in &report.warnings {
        out.push_str(&format!("  warning: {w}\n"));
    }
    if s.review + s.unanswered > 0 {
        out.push_str(&where_to_look(report, opts, has_report));
    }
    for s in &report.skipped_sheets {
        if s.question_cells >= MANY_QUESTIONS {
            out.push_str(&format!(
                "  warning: sheet `{}` skipped, though {} of its cells read as questions: {} (describe it with --layout; `qfill inspect` writes one to edit)\n",
                s.name, s.question_cells, s.reason
            ));
        } else {
            tracing::info!("skipped sheet `{}`: {}", s.name, s.reason);
        }
    }
    out
}

/// What a person should look at next, naming only what this run wrote:
/// highlights, the summary sheet and the report each only when present.
fn where_to_look(report: &Report, opts: &FillOptions, has_report: bool) -> String {
    let mut lists = Vec::new();
    if opts.summary {
        lists.push("on the `qfill summary` sheet");
    }
    if has_report {
        lists.push("in the report");
    }
    let listed = match lists.is_empty() {
        true => " (add --report PATH for the full list)".to_string(),
        false => format!(" (listed {})", lists.join(" and ")),
    };
    let mut out = if opts.csv_output {
        format!(
            "  csv output holds confident answers only: the rows to review and the unanswered rows are not written{listed}\n"
        )
    } else if !opts.write_review {
        format!(
            "  look first at: the rows to review, whose suggestions were not written, then the unanswered rows{listed}\n"
        )
    } else {
        let cells = match opts.highlight {
            true => "the highlighted review cells",
            false => "the review cells",
        };
        match report.summary.review {
            0 => format!("  look first at: the unanswered rows{listed}\n"),
            _ if report.summary.unanswered == 0 => format!("  look first at: {cells}{listed}\n"),
            _ => format!("  look first at: {cells}, then the unanswered rows{listed}\n"),
        }
    };
    let review: Vec<_> = report
        .items
        .iter()
        .filter(|i| i.status == qfill::decide::Status::Review)
        .collect();
    for i in review.iter().take(SHOWN_REVIEWS) {
        out.push_str(&format!(
            "    {}!{}  {}\n",
            i.sheet,
            i.answer_cell,
            truncate(&i.question, 70)
        ));
    }
    if review.len() > SHOWN_REVIEWS {
        out.push_str(&format!(
            "    … and {} more to review\n",
            review.len() - SHOWN_REVIEWS
        ));
    }
    out
}

/// How many rows to review the console lists after each questionnaire.
const SHOWN_REVIEWS: usize = 5;

/// A skipped sheet with this many cells reading as questions is named on
/// the console: it is likely a questionnaire qfill could not read.
const MANY_QUESTIONS: usize = 3;

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    format!("{}…", text.chars().take(max - 1).collect::<String>())
}

#[allow(clippy::print_stderr)]
fn print_timings(report: &Report, load_ms: f64, index_ms: f64) {
    let t = report.timings;
    eprintln!(
        "{{\"load_bank_ms\":{load_ms:.2},\"index_ms\":{index_ms:.2},\"read_ms\":{:.2},\"detect_ms\":{:.2},\"match_ms\":{:.2},\"write_ms\":{:.2}}}",
        t.read_ms, t.detect_ms, t.match_ms, t.write_ms
    );
}
