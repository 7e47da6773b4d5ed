//! The integration tests: one binary that runs the `qfill` executable on
//! fixtures and reads what it wrote back (cell grids through calamine, the
//! JSON report through serde_json). One module per subcommand under `cli/`.

mod cli;
mod util;
