//! Reading and editing xlsx and xlsm packages directly, for what calamine and
//! rust_xlsxwriter cannot do: [`read_meta`] reads the dropdowns, protection,
//! hidden rows and columns and column widths of each sheet, and
//! [`fill_in_place`] writes answers into the prospect's own file, changing only
//! the target cells (plus the styles, notes and summary sheet the plan asks
//! for) and copying every other part of the package byte for byte.

mod meta;
mod package;
mod protection;
mod validation;
mod xml;

pub use meta::read_meta;

/// Placeholder until the editor lands.
pub fn fill_in_place(
    _input: &std::path::Path,
    _plan: &crate::write::WritePlan,
    _output: &std::path::Path,
) -> crate::Result<()> {
    Err(crate::Error::Internal("not yet".into()))
}

#[cfg(test)]
mod realq_tests;
