//! The limits qfill puts on what it reads, so that a hostile or broken file
//! (a zip bomb, a sheet that claims a billion cells, a 10,000-sheet workbook)
//! ends in a clear error in bounded time and memory instead of a hang or an
//! out-of-memory abort. Each limit is far above any real questionnaire (the
//! largest real ones run to a few megabytes of XML, tens of thousands of
//! cells and a few dozen sheets); the README lists them under "Limits".

/// The most bytes one part of an xlsx/xlsm package may inflate to.
pub const MAX_PART_BYTES: u64 = 128 * 1024 * 1024;

/// The most bytes all the parts qfill reads of one package may inflate to.
pub const MAX_PACKAGE_BYTES: u64 = 1024 * 1024 * 1024;

/// The most sheets a workbook may have.
pub const MAX_SHEETS: usize = 1_000;

/// The most cells holding a value or a formula, over the whole workbook.
pub const MAX_CELLS: u64 = 1_000_000;

/// The most cells (rows × columns) the rectangle spanned by one sheet's
/// filled cells may cover: the spreadsheet reader allocates that rectangle.
pub const MAX_SHEET_AREA: u64 = 10_000_000;

/// The most entries the shared strings table may hold (or declare).
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;

/// The characters of a question the matcher reads (the rest is ignored).
pub const MAX_QUESTION_CHARS: usize = 2_000;

/// The largest csv questionnaire, in bytes.
pub const MAX_CSV_BYTES: u64 = 256 * 1024 * 1024;

/// The largest bank file, in bytes (the starter bank's largest is about 40 kB).
pub const MAX_BANK_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The most entries a bank may hold.
pub const MAX_BANK_ENTRIES: usize = 50_000;

/// A byte count for messages: `256 MiB`, `1 GiB`, `3 kB`.
pub fn bytes(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    match n {
        n if n >= 1024 * MIB && n.is_multiple_of(1024 * MIB) => format!("{} GiB", n / (1024 * MIB)),
        n if n >= MIB => format!("{} MiB", n / MIB),
        n if n >= 1000 => format!("{} kB", n / 1000),
        n => format!("{n} bytes"),
    }
}

/// A count with thousands separators: `1,000,000`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Refuses a path that names a pipe, socket or device: reading one blocks
/// until something writes to it, or never ends. A path that does not exist
/// passes, so that opening it reports that. `what` names the file expected
/// ("fill report", "layout file").
///
/// # Errors
/// [`crate::Error::Unreadable`] for anything but a regular file or a directory.
pub fn regular_file(path: &std::path::Path, what: &str) -> crate::Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => Err(crate::Error::Unreadable {
            path: path.to_path_buf(),
            message: format!(
                "not a regular file (a pipe, socket or device); save the {what} to a file and pass its path"
            ),
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        for (n, want) in [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (17_179_869_184, "17,179,869,184"),
        ] {
            assert_eq!(count(n), want);
        }
        assert_eq!(bytes(MAX_PART_BYTES), "128 MiB");
        assert_eq!(bytes(MAX_PACKAGE_BYTES), "1 GiB");
        assert_eq!(bytes(3_500), "3 kB");
        assert_eq!(bytes(12), "12 bytes");
    }
}
