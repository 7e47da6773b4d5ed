//! One module per subcommand.

mod bank;
mod coverage;
mod errors;
mod fill;
mod match_cmd;
