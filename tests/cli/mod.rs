//! One module per subcommand.

mod bank;
mod coverage;
mod errors;
mod fill;
mod inspect;
mod learn;
mod match_cmd;
