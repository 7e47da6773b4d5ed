//! The `qfill` binary: parse arguments, set up diagnostics, run one command,
//! turn the outcome into an exit code. Errors print once, as `error: …`, with a
//! line of advice when there is an obvious fix. A panic is a bug in qfill: it
//! prints as one `error: internal error` line and exits 1 (temporary files
//! are removed as the stack unwinds, and by the handler of Ctrl-C and
//! SIGTERM, which exits 130).

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
    // Ctrl-C or `kill` mid-write: no hidden temporary file may stay beside
    // the output. 130 is the shell's code for a run ended by SIGINT.
    let _ = ctrlc::set_handler(|| {
        qfill::write::atomic::remove_pending();
        std::process::exit(130);
    });
    match std::panic::catch_unwind(|| cmd::run(cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(err)) => cmd::report_error(&err),
        Err(_) => cmd::report_panic(),
    }
}
