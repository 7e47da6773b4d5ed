//! qfill fills vendor security questionnaires offline from a curated answer bank.
//!
//! The pipeline runs one way, each stage a module with plain data between them:
//! [`workbook`] reads the file → [`detect`] finds the question tables →
//! [`matcher`] matches each question against the [`bank`] → [`decide`] gives
//! each row a status → [`write`] produces the filled workbook and [`report`]
//! the JSON report. [`fill`] runs the whole pipeline. The library never prints;
//! the binary does.

pub mod bank;
pub mod cellref;
pub mod controls;
pub mod date;
pub mod decide;
pub mod detect;
pub mod error;
pub mod fill;
#[doc(hidden)]
pub mod fuzzing;
pub mod limits;
pub mod matcher;
pub mod report;
pub mod workbook;
pub mod write;
pub mod xlsx;

pub use error::{Error, Result};
