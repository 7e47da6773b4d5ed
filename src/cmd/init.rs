//! `qfill init`: start a new answer bank in one command, from a profile and a
//! few example entries per domain, or from the full starter bank.

use super::print;
use anyhow::Result;
use qfill::bank::starter;
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where to create the bank.
    #[arg(default_value = "answer_bank")]
    pub dir: PathBuf,
    /// Write the full starter bank (a fictional SaaS company's answers, some 370) instead of examples.
    #[arg(long)]
    pub starter: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let written = starter::init(&args.dir, args.starter)?;
    let mut out = format!(
        "created {} files in {}\n",
        written.len(),
        args.dir.display()
    );
    let bank = args.dir.display();
    let _ = writeln!(
        out,
        "next:\n  1. put your company's facts in {bank}/profile.toml"
    );
    if args.starter {
        let _ = writeln!(
            out,
            "  2. rewrite the answers that do not describe your company, and set `reviewed` on each"
        );
    } else {
        let _ = writeln!(
            out,
            "  2. replace the example entries with your own answers, and set `reviewed` when checked"
        );
    }
    let _ = writeln!(
        out,
        "  3. qfill bank lint --bank {bank}   then   qfill coverage --bank {bank}"
    );
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
