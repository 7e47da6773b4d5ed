//! The `qfill` binary: parse arguments, set up diagnostics, run one command,
//! turn the outcome into an exit code. Errors print once, as `error: …`, with a
//! line of advice when there is an obvious fix.

mod cmd;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = <cmd::Cli as clap::Parser>::parse();
    cmd::init_tracing(cli.verbose, cli.quiet);
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) => cmd::report_error(&err),
    }
}
