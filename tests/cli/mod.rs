//! One module per subcommand.

mod errors;
mod fill;
mod match_cmd;
