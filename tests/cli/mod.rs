//! One module per subcommand.

mod bank;
mod coverage;
mod errors;
mod fill;
mod inspect;
mod match_cmd;
