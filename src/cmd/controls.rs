//! `qfill controls`: list a framework's catalog, or show one control with the
//! bank entries that evidence it and its crosswalk partners.

use super::{UsageError, print};
use anyhow::Result;
use qfill::bank::AnswerBank;
use qfill::controls::catalog::IsoKind;
use qfill::controls::coverage::entry_controls;
use qfill::controls::crosswalk::partners;
use qfill::controls::questionnaire::title_of;
use qfill::controls::{ControlId, Framework, Tier, TierSet, catalog, resolve};
use serde::Serialize;
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    Soc2,
    Iso27001,
}

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// Which catalog to list [default: both].
    #[arg(value_enum)]
    pub framework: Option<Which>,
    /// Print JSON.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub show: Option<Show>,
}

#[derive(clap::Subcommand, Debug)]
pub enum Show {
    /// Show one control, the bank entries that evidence it and its crosswalk partners.
    Show {
        /// The control: CC6.1, A.8.5, 9.2.1, SOC2:CC6.1, or a 2013 id such as A.9.4.2.
        id: String,
        /// The answer bank directory [default: ./answer_bank].
        #[arg(long, value_name = "DIR")]
        bank: Option<PathBuf>,
    },
}

#[derive(Serialize)]
struct Row {
    id: String,
    kind: &'static str,
    group: String,
    group_title: String,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    new_in_2022: Option<bool>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if let Some(Show::Show { id, bank }) = &args.show {
        return show(id, bank.clone(), args.json);
    }
    let rows = list(args.framework);
    let text = if args.json {
        serde_json::to_string_pretty(&rows)? + "\n"
    } else {
        let mut out = String::new();
        for r in &rows {
            let new = if r.new_in_2022 == Some(true) {
                "  (new in 2022)"
            } else {
                ""
            };
            let _ = writeln!(out, "{:<18} {:<34} {}{new}", r.id, r.group_title, r.title);
        }
        out
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn list(which: Option<Which>) -> Vec<Row> {
    let cat = catalog();
    let mut rows = Vec::new();
    if which != Some(Which::Iso27001) {
        rows.extend(cat.criteria.iter().map(|c| Row {
            id: ControlId::soc2(&c.id).to_string(),
            kind: "criterion",
            group: c.series.clone(),
            group_title: c.series_title.clone(),
            title: c.title.clone(),
            new_in_2022: None,
        }));
    }
    if which != Some(Which::Soc2) {
        rows.extend(
            cat.iso
                .iter()
                .filter(|i| i.kind != IsoKind::AnnexATheme)
                .map(|i| Row {
                    id: ControlId::iso(&i.id).to_string(),
                    kind: match (i.kind, i.is_requirement) {
                        (IsoKind::AnnexA, _) => "annex_a",
                        (_, true) => "clause",
                        _ => "heading",
                    },
                    group: i.group().to_string(),
                    group_title: i.group_title.clone(),
                    title: i.title.clone(),
                    new_in_2022: (i.kind == IsoKind::AnnexA).then_some(i.new_in_2022),
                }),
        );
    }
    rows
}

#[derive(Serialize)]
struct Shown {
    control: ControlId,
    title: String,
    /// Set when the id asked for was an ISO 27001:2013 id.
    iso2013: Option<String>,
    entries: Vec<ShownEntry>,
    partners: Vec<Partner>,
    suggestions: Vec<Partner>,
}

#[derive(Serialize)]
struct ShownEntry {
    id: String,
    question: String,
    file: String,
    line: usize,
}

#[derive(Serialize)]
struct Partner {
    control: ControlId,
    title: String,
    tier: Tier,
    sources: String,
}

fn show(text: &str, bank: Option<PathBuf>, json: bool) -> Result<ExitCode> {
    let ids = resolve(text, true).map_err(qfill::Error::from)?;
    let dir = super::bank_dir(bank.as_deref());
    let bank = match AnswerBank::load(&dir) {
        Ok(b) => Some(b),
        Err(qfill::Error::BankNotFound { .. }) if bank.is_none() => None,
        Err(e) => return Err(e.into()),
    };
    let asked = ControlId::parse(text, true).map_err(qfill::Error::from)?;
    let from_2013 = (ids.len() != 1 || ids[0] != asked).then(|| asked.id.clone());
    let shown: Vec<Shown> = ids
        .iter()
        .map(|id| shown(id, bank.as_ref(), from_2013.clone()))
        .collect();
    if shown.is_empty() {
        return Err(UsageError(format!("`{text}` names no control")).into());
    }
    let out = if json {
        serde_json::to_string_pretty(&shown)? + "\n"
    } else {
        shown.iter().map(human).collect()
    };
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn shown(id: &ControlId, bank: Option<&AnswerBank>, iso2013: Option<String>) -> Shown {
    let cat = catalog();
    let entries = bank
        .map(|b| {
            b.entries
                .iter()
                .filter(|e| entry_controls(e).0.contains(id))
                .map(|e| ShownEntry {
                    id: e.id.clone(),
                    question: e.question.clone(),
                    file: e.source.display().to_string(),
                    line: e.line,
                })
                .collect()
        })
        .unwrap_or_default();
    let partner = |(control, pair): (ControlId, &qfill::controls::catalog::Pair)| Partner {
        title: title_of(&control),
        control,
        tier: pair.tier,
        sources: pair.sources.clone(),
    };
    let trusted = TierSet::default();
    let all = TierSet {
        tiers: vec![Tier::Consensus, Tier::SoleSource, Tier::Single],
    };
    let suggestions = partners(cat, id, &all)
        .into_iter()
        .filter(|(_, p)| !trusted.admits(cat, p))
        .map(partner)
        .collect();
    Shown {
        control: id.clone(),
        title: title_of(id),
        iso2013: iso2013.map(|old| {
            let title = cat
                .annex_a_2013(&old)
                .map(|c| c.iso2013_title.clone())
                .unwrap_or_default();
            format!("{old} ({title}) in ISO 27001:2013")
        }),
        entries,
        partners: partners(cat, id, &trusted)
            .into_iter()
            .map(partner)
            .collect(),
        suggestions,
    }
}

fn human(s: &Shown) -> String {
    let mut out = format!("{} {}\n", s.control, s.title);
    if let Some(old) = &s.iso2013 {
        let _ = writeln!(out, "  was {old}");
    }
    let framework = match s.control.framework {
        Framework::Soc2 => "ISO 27001",
        Framework::Iso27001 => "SOC 2",
    };
    let _ = writeln!(out, "bank entries that evidence it: {}", s.entries.len());
    for e in &s.entries {
        let _ = writeln!(out, "  {} ({}:{}) {}", e.id, e.file, e.line, e.question);
    }
    let _ = writeln!(
        out,
        "{framework} partners (consensus; sole source for PI and P): {}",
        s.partners.len()
    );
    for p in &s.partners {
        let _ = writeln!(
            out,
            "  {} {} [{}: {}]",
            p.control,
            p.title,
            p.tier.as_str(),
            p.sources
        );
    }
    if !s.suggestions.is_empty() {
        let _ = writeln!(
            out,
            "low-confidence suggestions (one source only): {}",
            s.suggestions.len()
        );
        for p in s.suggestions.iter().take(15) {
            let _ = writeln!(out, "  {} {} [{}]", p.control, p.title, p.sources);
        }
        if s.suggestions.len() > 15 {
            let _ = writeln!(
                out,
                "  … and {} more (--json lists all)",
                s.suggestions.len() - 15
            );
        }
    }
    out
}
