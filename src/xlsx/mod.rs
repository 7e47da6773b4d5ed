//! Reading and editing xlsx and xlsm packages directly, for what calamine and
//! rust_xlsxwriter cannot do: [`read_meta`] reads the dropdowns, protection,
//! hidden rows and columns and column widths of each sheet, and
//! [`fill_in_place`] writes answers into the prospect's own file, changing only
//! the target cells (plus the styles, notes and summary sheet the plan asks
//! for) and copying every other part of the package byte for byte.
//! [`preflight`] checks a package against qfill's limits before anything
//! else reads it.

mod cells;
mod comments;
mod edit;
mod fills;
mod layout;
mod meta;
mod opc;
mod package;
mod preflight;
mod protection;
mod recalc;
mod styles;
mod summary;
mod tables;
mod validation;
mod xml;

pub use edit::fill_in_place;
pub use meta::read_meta;
pub(crate) use package::Package;
pub use preflight::preflight;
pub(crate) use xml::{attr, local};

#[cfg(test)]
mod realq_tests;
#[cfg(test)]
mod tests;
