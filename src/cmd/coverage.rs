//! `qfill coverage`: how much of SOC 2 and ISO 27001 the answer bank evidences,
//! as a CI gate (exit 1 below the minimum or on stale evidence), and, with
//! `--report`, which controls one filled questionnaire touched.

use super::{UsageError, exit, print};
use anyhow::Result;
use qfill::bank::AnswerBank;
use qfill::controls::coverage::{CoverageOptions, coverage};
use qfill::controls::soa::Soa;
use qfill::controls::{Category, Framework, Tier, TierSet, questionnaire, render};
use qfill::matcher::Matcher;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameworkArg {
    Soc2,
    Iso27001,
    All,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
    Junit,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The answer bank directory [default: ./answer_bank].
    #[arg(long, value_name = "DIR")]
    pub bank: Option<PathBuf>,
    /// Which framework to measure [default: those the profile declares, else all].
    #[arg(long, value_enum)]
    pub framework: Option<FrameworkArg>,
    /// SOC 2 categories in scope, comma-separated (security is always in) [default: the profile's].
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub categories: Vec<String>,
    /// Statement of Applicability (TOML or CSV: control, applicable yes/no, justification); excluded controls are not gaps.
    #[arg(long, value_name = "FILE")]
    pub soa: Option<PathBuf>,
    /// Minimum share of in-scope controls evidenced directly, in percent.
    #[arg(long, value_name = "PERCENT", default_value_t = 100.0)]
    pub min: f64,
    /// Entries reviewed longer ago than this, or never, are stale and are not evidence.
    #[arg(long, value_name = "DAYS", default_value_t = 365)]
    pub max_age: i64,
    /// Crosswalk tiers to trust, comma-separated (consensus, sole_source, single).
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        default_value = "consensus,sole_source"
    )]
    pub tiers: Vec<String>,
    /// Judge staleness as of this date (YYYY-MM-DD) [default: today, or $QFILL_TODAY].
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Summarise one questionnaire's fill report (from `qfill fill --report`) by control instead
    /// (no gate: --min does not apply).
    #[arg(long, value_name = "REPORT", conflicts_with = "min")]
    pub report: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let bank = AnswerBank::load(&super::bank_dir(args.bank.as_deref()))?;
    if let Some(report) = &args.report {
        return questionnaire_view(&args, &bank, report);
    }
    let opts = options(&args, &bank)?;
    let cov = coverage(&bank, &opts);
    let text = match args.format {
        Format::Text => render::text(&cov),
        Format::Json => serde_json::to_string_pretty(&cov)? + "\n",
        Format::Markdown => render::markdown(&cov),
        Format::Junit => render::junit(&cov),
    };
    print(&text)?;
    Ok(ExitCode::from(if cov.passed {
        exit::OK
    } else {
        exit::CHECK_FAILED
    }))
}

fn options(args: &Args, bank: &AnswerBank) -> Result<CoverageOptions> {
    let today = super::today(args.as_of.as_deref())?;
    let mut opts = CoverageOptions::from_profile(bank.profile.as_ref(), today);
    match args.framework {
        Some(FrameworkArg::Soc2) => opts.frameworks = vec![Framework::Soc2],
        Some(FrameworkArg::Iso27001) => opts.frameworks = vec![Framework::Iso27001],
        Some(FrameworkArg::All) => opts.frameworks = Framework::ALL.to_vec(),
        None => {}
    }
    if !args.categories.is_empty() {
        opts.categories = args
            .categories
            .iter()
            .map(|c| {
                Category::parse(c).ok_or_else(|| {
                    UsageError(format!(
                        "unknown SOC 2 category `{c}` (use security, availability, processing_integrity, confidentiality, privacy)"
                    ))
                })
            })
            .collect::<Result<_, _>>()?;
    }
    if !(0.0..=100.0).contains(&args.min) {
        return Err(
            UsageError(format!("--min must be between 0 and 100, not {}", args.min)).into(),
        );
    }
    if args.max_age < 0 {
        return Err(UsageError("--max-age must not be negative".into()).into());
    }
    opts.min_percent = args.min;
    opts.max_age_days = args.max_age;
    opts.tiers = tiers(&args.tiers)?;
    opts.soa = args.soa.as_deref().map(Soa::load).transpose()?;
    Ok(opts)
}

/// Parses `--tiers`.
pub fn tiers(list: &[String]) -> Result<TierSet> {
    let tiers = list
        .iter()
        .map(|t| {
            Tier::parse(t).ok_or_else(|| {
                UsageError(format!(
                    "unknown crosswalk tier `{t}` (use consensus, sole_source, single)"
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(TierSet { tiers })
}

fn questionnaire_view(
    args: &Args,
    bank: &AnswerBank,
    report: &std::path::Path,
) -> Result<ExitCode> {
    let matcher = Matcher::new(bank)?;
    let view = questionnaire::from_report(report, bank, &matcher)?;
    let text = match args.format {
        Format::Text => render::questionnaire_text(&view),
        Format::Markdown => format!("```\n{}```\n", render::questionnaire_text(&view)),
        Format::Json => serde_json::to_string_pretty(&view)? + "\n",
        Format::Junit => {
            return Err(UsageError(
                "--format junit applies to the bank's coverage, not to --report".into(),
            )
            .into());
        }
    };
    print(&text)?;
    Ok(ExitCode::from(exit::OK))
}
