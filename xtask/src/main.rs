//! `cargo xtask <task>`: the project's own tooling, kept out of the product.
//! Each task is a module with a `run`; generated files are checked by tests
//! that fail when the generator and the committed files drift.

mod badfiles;
mod baselines;
mod bench;
mod codegen;
mod embed_eval;
mod eval;
mod fixtures;
mod fuzz;
mod libreoffice;
mod realq;
mod samples;
mod workload;

use anyhow::{Result, bail};
use std::path::PathBuf;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  codegen             regenerate derived files (the compiled thesaurus)
  samples [--check]   generate samples/ (or check the committed files are current)
  eval [--set DIR] [--errors] [--curve] [--dump FILE] [--features FILE] [--candidates FILE]
       [--answered-at S] [--review-at S] [--margin M]
       [--min-top1 P] [--min-precision P] [--max-negatives P]
                      measure matching on a labelled set (default xtask/data/eval),
                      beside two baselines; dump inputs for xtask/calibrate.py and
                      xtask/fit_ranking.py; fail when a gate (percent) is not met
  libreoffice [DIR...]
                      fill samples (and xlsx/xlsm under DIR) and check LibreOffice opens the output
  bench [--quick]     time and measure qfill fill on generated workloads (release build)
  embed-eval          rank the dev set by static MiniLM embeddings alone (release build)
  fixtures [--check]  generate tests/fixtures/layout/ (or check the committed files are current)
  realq [DIR] [--answered-at S]
                      measure layout detection against the real questionnaires in DIR
                      (default ../shared/realq) and their truth.json, and the starter
                      bank's answers to them (at S, qfill's default otherwise)
  badfiles [--check] [--big DIR]
                      generate tests/fixtures/bad/ (or check it; --big writes the test-time cases to DIR)
  fuzz [--minutes N] [--target read|fill|bank|csv]
                      mutation-fuzz qfill's entry points on stable (cargo-fuzz targets are in fuzz/);
                      findings go to tests/fixtures/bad/regressions/";

/// The allocator `qfill` itself uses, so the in-process benchmarks measure
/// what the binary does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(task) = args.first() else {
        bail!("{USAGE}")
    };
    let rest = &args[1..];
    match task.as_str() {
        "samples" => samples::run(rest),
        "eval" => eval::run(rest),
        "codegen" => codegen::run(rest),
        "bench" => bench::run(rest),
        "libreoffice" => libreoffice::run(rest),
        "embed-eval" => embed_eval::run(rest),
        "fixtures" => fixtures::run(rest),
        "realq" => realq::run(rest),
        "badfiles" => badfiles::run(rest),
        "fuzz" => fuzz::run(rest),
        "fuzz-worker" => fuzz::worker(rest),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown task `{other}`\n{USAGE}"),
    }
}

/// The workspace root (the parent of xtask/).
pub fn root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}
