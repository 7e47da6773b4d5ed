//! The `qfill` binary: parse arguments, set up diagnostics, run one command,
//! turn the outcome into an exit code. Errors print once, as `error: …`, with a
//! line of advice when there is an obvious fix. A panic is a bug in qfill: it
//! prints as one `error: internal error` line and exits 1 (temporary files
//! are removed as the stack unwinds).

mod cmd;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: matching makes many small,
/// short-lived vectors, and glibc's malloc and free were an eighth of a
/// one-thread fill.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = <cmd::Cli as clap::Parser>::parse();
    cmd::init_tracing(cli.verbose, cli.quiet);
    cmd::quiet_panics();
    match std::panic::catch_unwind(|| cmd::run(cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(err)) => cmd::report_error(&err),
        Err(_) => cmd::report_panic(),
    }
}
