//! One module per subcommand.

mod bank;
mod coverage;
mod errors;
mod fill;
mod hostile;
mod inspect;
mod learn;
mod match_cmd;
mod security;
