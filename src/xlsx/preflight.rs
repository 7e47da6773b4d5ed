//! A first pass over an xlsx/xlsm package before calamine reads it. calamine
//! trusts what a file says: it reserves memory for the number of shared
//! strings the file declares, and allocates the whole rectangle between a
//! sheet's outermost cells, so one stray cell at XFD1048576 or a bogus
//! `uniqueCount` aborts the process. (A `<dimension>` claiming A1:XFD1048576
//! is harmless: calamine reserves for it only below 100,000 cells, and
//! neither it nor this pass trusts it.) It also inflates parts without bound.
//! This pass streams every part calamine will read (bounded by
//! [`limits`](crate::limits)), checks that it is well-formed UTF-8 XML, counts
//! sheets, cells and shared strings, and measures each sheet's rectangle, so
//! that a hostile file ends in an error naming the part, line and cell and
//! saying what to do, before any large allocation happens.

use super::package::{Package, WorkbookInfo, rel};
use super::xml::{attr, truncated};
use crate::cellref::CellRef;
use crate::error::{Error, Result};
use crate::limits::{
    self, MAX_CELLS, MAX_PACKAGE_BYTES, MAX_PART_BYTES, MAX_SHARED_STRINGS, MAX_SHEET_AREA,
    MAX_SHEETS,
};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::BufRead;
use std::path::Path;

/// Checks an xlsx or xlsm package against qfill's limits and for damage.
///
/// # Errors
/// [`Error::BadPackage`] naming the part (and line, sheet and cell) for a
/// missing or malformed part or text that is not UTF-8; [`Error::TooLarge`]
/// for a package beyond [`limits`](crate::limits).
pub fn preflight(path: &Path) -> Result<()> {
    let mut pkg = Package::open(path)?;
    let book = pkg.workbook()?;
    let sheets = worksheet_parts(&pkg, &book)?;
    if book.sheets.len().max(sheets.len()) > MAX_SHEETS {
        return Err(too_large(
            path,
            format!(
                "the workbook has {} sheets, more than qfill reads ({}); copy the questionnaire's sheets into a new workbook",
                limits::count(book.sheets.len().max(sheets.len()) as u64),
                limits::count(MAX_SHEETS as u64)
            ),
        ));
    }
    let mut budget = 0u64;
    for part in other_parts(&pkg, &book) {
        scan_part(&mut pkg, &part, Sheet::No, &mut budget)?;
    }
    let mut cells = 0u64;
    for (part, name) in &sheets {
        let label = name.as_deref().unwrap_or(part);
        let facts = scan_part(&mut pkg, part, Sheet::Named(label), &mut budget)?;
        cells += facts.cells;
        check_sheet(path, label, &facts, cells)?;
    }
    Ok(())
}

fn too_large(path: &Path, what: String) -> Error {
    Error::TooLarge {
        path: path.to_path_buf(),
        what,
    }
}

/// The parts other than worksheets that qfill or calamine reads: the workbook,
/// its relationships, shared strings and styles, both where the relationships
/// say and at the fixed names calamine uses.
fn other_parts(pkg: &Package, book: &WorkbookInfo) -> Vec<String> {
    let mut names = vec![
        book.part.clone(),
        super::package::rels_part_for(&book.part),
        "xl/workbook.xml".into(),
        "xl/_rels/workbook.xml.rels".into(),
        "xl/sharedStrings.xml".into(),
        "xl/styles.xml".into(),
    ];
    names.extend(book.related("sharedStrings"));
    names.extend(book.related(rel::STYLES));
    let mut parts: Vec<String> = names.iter().filter_map(|n| pkg.entry(n)).collect();
    parts.sort();
    parts.dedup();
    parts
}

/// Every part that may be read as a worksheet, with its sheet's name when
/// `workbook.xml` names it: the parts the relationships point to, and every
/// part under `xl/worksheets/` (calamine finds sheets by path, not by
/// relationship type, so a damaged package can make it read either).
fn worksheet_parts(pkg: &Package, book: &WorkbookInfo) -> Result<Vec<(String, Option<String>)>> {
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    for sheet in &book.sheets {
        let part = sheet_part(pkg, book, &sheet.name, sheet.part.as_deref())?;
        if sheet.is_worksheet && !out.iter().any(|(p, _)| *p == part) {
            out.push((part, Some(sheet.name.clone())));
        }
    }
    for name in pkg.names() {
        let lower = name.to_ascii_lowercase();
        let listed = out.iter().any(|(p, _)| *p == name);
        if lower.starts_with("xl/worksheets/") && !lower.contains("/_rels/") && !listed {
            out.push((name, None));
        }
    }
    Ok(out)
}

/// The entry of a worksheet's part, or an error saying which link is broken.
fn sheet_part(
    pkg: &Package,
    book: &WorkbookInfo,
    name: &str,
    part: Option<&str>,
) -> Result<String> {
    let rels = super::package::rels_part_for(&book.part);
    let Some(part) = part else {
        let id = book
            .sheet(name)
            .map(|s| s.rel_id.clone())
            .unwrap_or_default();
        return Err(pkg.bad(
            &rels,
            format!(
                "sheet `{name}` points to relationship `{id}`, which this part does not define"
            ),
        ));
    };
    pkg.entry(part).ok_or_else(|| {
        pkg.bad(
            part,
            format!("the part is missing (sheet `{name}` points to it from {rels})"),
        )
    })
}

/// The rectangle and count limits for one sheet; `total` counts every sheet so far.
fn check_sheet(path: &Path, name: &str, facts: &PartFacts, total: u64) -> Result<()> {
    if let Some((first, last)) = facts.span {
        let area = u64::from(last.row - first.row + 1) * u64::from(last.col - first.col + 1);
        if area > MAX_SHEET_AREA {
            return Err(too_large(
                path,
                format!(
                    "sheet `{name}`: its cells span {first}:{last} ({} cells), more than qfill reads ({}); delete the stray cells far from the questions (the farthest is {}) and save again",
                    limits::count(area),
                    limits::count(MAX_SHEET_AREA),
                    facts.farthest.unwrap_or(last)
                ),
            ));
        }
    }
    if total > MAX_CELLS {
        return Err(too_large(
            path,
            format!(
                "sheet `{name}`: the workbook holds more than {} filled cells, more than qfill reads; delete the sheets that hold no questions and save again",
                limits::count(MAX_CELLS)
            ),
        ));
    }
    Ok(())
}

/// What one part holds, as far as the limits care.
#[derive(Debug, Default)]
struct PartFacts {
    /// Cells with a value, formula or inline string.
    cells: u64,
    /// The top-left and bottom-right corners of the rectangle the filled cells span.
    span: Option<(CellRef, CellRef)>,
    /// The filled cell farthest from A1.
    farthest: Option<CellRef>,
}

/// Streams one part, checking XML, UTF-8 and the limits as it goes.
fn scan_part(
    pkg: &mut Package,
    part: &str,
    sheet: Sheet<'_>,
    budget: &mut u64,
) -> Result<PartFacts> {
    let path = pkg.path.clone();
    let used = *budget;
    let mut scan = Scan::new(sheet);
    let outcome = {
        let reader = pkg.stream(part)?;
        scan.run(reader, used)
    };
    *budget += scan.bytes;
    outcome.map_err(|problem| problem.into_error(&path, part, &scan))?;
    Ok(scan.facts)
}

/// Whether a part is read as a worksheet, and the name to show for it.
#[derive(Debug, Clone, Copy)]
enum Sheet<'a> {
    No,
    Named(&'a str),
}

/// Why a scan stopped.
enum Problem {
    Xml(quick_xml::Error),
    NotUtf8,
    PartTooLarge,
    PackageTooLarge,
    TooManyStrings(u64),
}

impl Problem {
    fn into_error(self, path: &Path, part: &str, scan: &Scan) -> Error {
        let mut place = String::new();
        if let Sheet::Named(sheet) = scan.sheet {
            place.push_str(&format!("sheet `{sheet}`, "));
        }
        place.push_str(&format!("line {}", scan.line));
        if let Some(cell) = scan.cell {
            place.push_str(&format!(", cell {cell}"));
        }
        let bad = |message: String| Error::BadPackage {
            path: path.to_path_buf(),
            part: part.to_string(),
            message,
        };
        let large = |what: String| too_large(path, format!("part {part}: {what}"));
        match self {
            Problem::Xml(e) => bad(format!("{place}: malformed XML ({e})")),
            Problem::NotUtf8 => bad(format!(
                "{place}: the text is not valid UTF-8 (the file is damaged or was not written by a spreadsheet application)"
            )),
            Problem::PartTooLarge => large(format!(
                "inflates to more than {}, more than qfill reads (a zip bomb, or a sheet far larger than any questionnaire)",
                limits::bytes(MAX_PART_BYTES)
            )),
            Problem::PackageTooLarge => large(format!(
                "the parts read so far inflate to more than {}, more than qfill reads",
                limits::bytes(MAX_PACKAGE_BYTES)
            )),
            Problem::TooManyStrings(n) => large(format!(
                "{} shared strings, more than qfill reads ({})",
                limits::count(n),
                limits::count(MAX_SHARED_STRINGS)
            )),
        }
    }
}

/// Scanner state.
struct Scan<'a> {
    sheet: Sheet<'a>,
    facts: PartFacts,
    /// The 1-based line of the event being read.
    line: u64,
    /// Inflated bytes read from this part.
    bytes: u64,
    row: u32,
    next_col: u32,
    /// The cell being read, when inside `<c>`.
    cell: Option<CellRef>,
    filled: bool,
    strings: u64,
}

impl<'a> Scan<'a> {
    fn new(sheet: Sheet<'a>) -> Scan<'a> {
        Scan {
            sheet,
            facts: PartFacts::default(),
            line: 1,
            bytes: 0,
            row: 0,
            next_col: 0,
            cell: None,
            filled: false,
            strings: 0,
        }
    }

    fn run(&mut self, reader: impl BufRead, used: u64) -> Result<(), Problem> {
        let mut reader = Reader::from_reader(reader);
        let (mut buf, mut depth) = (Vec::new(), 0usize);
        loop {
            buf.clear();
            let event = reader.read_event_into(&mut buf);
            self.bytes = reader.buffer_position();
            let event = event.map_err(classify)?;
            if used + self.bytes > MAX_PACKAGE_BYTES {
                return Err(Problem::PackageTooLarge);
            }
            if !matches!(event, Event::Eof) && std::str::from_utf8(&event).is_err() {
                return Err(Problem::NotUtf8);
            }
            match &event {
                Event::Start(e) => {
                    depth += 1;
                    self.start(e)?;
                }
                Event::Empty(e) => {
                    self.start(e)?;
                    self.end(e.local_name().as_ref());
                }
                Event::End(e) => {
                    depth = depth.saturating_sub(1);
                    self.end(e.local_name().as_ref());
                }
                Event::Eof if depth > 0 => return Err(Problem::Xml(truncated("root element"))),
                Event::Eof => return Ok(()),
                _ => {}
            }
            self.line += memchr_count(&event);
        }
    }

    fn start(&mut self, e: &BytesStart) -> Result<(), Problem> {
        match e.local_name().as_ref() {
            b"row" if self.is_sheet() => {
                self.row = super::xml::attr_u32(e, "r")
                    .filter(|&r| r >= 1)
                    .map_or(self.row.saturating_add(1), |r| r);
                self.next_col = 0;
            }
            b"c" if self.is_sheet() => {
                let cell =
                    cell_attr(e).unwrap_or(CellRef::new(self.row.saturating_sub(1), self.next_col));
                self.next_col = cell.col.saturating_add(1);
                self.cell = Some(cell);
                self.filled = false;
            }
            b"v" | b"f" | b"is" if self.cell.is_some() => self.filled = true,
            b"sst" if !self.is_sheet() => {
                let declared = attr(e, "uniqueCount")
                    .and_then(|n| n.trim().parse::<u64>().ok())
                    .unwrap_or(0);
                if declared > MAX_SHARED_STRINGS {
                    return Err(Problem::TooManyStrings(declared));
                }
            }
            b"si" if !self.is_sheet() => {
                self.strings += 1;
                if self.strings > MAX_SHARED_STRINGS {
                    return Err(Problem::TooManyStrings(self.strings));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn is_sheet(&self) -> bool {
        matches!(self.sheet, Sheet::Named(_))
    }

    fn end(&mut self, name: &[u8]) {
        if name != b"c" {
            return;
        }
        if let Some(cell) = self.cell.take().filter(|_| self.filled) {
            self.record(cell);
        }
    }

    fn record(&mut self, cell: CellRef) {
        let f = &mut self.facts;
        f.cells += 1;
        f.span = Some(match f.span {
            None => (cell, cell),
            Some((a, b)) => (
                CellRef::new(a.row.min(cell.row), a.col.min(cell.col)),
                CellRef::new(b.row.max(cell.row), b.col.max(cell.col)),
            ),
        });
        let far = |c: CellRef| u64::from(c.row) + u64::from(c.col);
        if f.farthest.is_none_or(|old| far(cell) > far(old)) {
            f.farthest = Some(cell);
        }
    }
}

/// The cell reference in a `<c>`'s `r` attribute, read without allocating
/// (a sheet may hold a million cells).
fn cell_attr(e: &BytesStart) -> Option<CellRef> {
    let a = e
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"r")?;
    let text = std::str::from_utf8(&a.value).ok()?;
    CellRef::parse(text)
}

fn classify(e: quick_xml::Error) -> Problem {
    if let quick_xml::Error::Io(io) = &e
        && io.kind() == std::io::ErrorKind::FileTooLarge
    {
        return Problem::PartTooLarge;
    }
    Problem::Xml(e)
}

fn memchr_count(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_sheet(xml: &str) -> Result<PartFacts, String> {
        let mut scan = Scan::new(Sheet::Named("S"));
        match scan.run(xml.as_bytes(), 0) {
            Ok(()) => Ok(scan.facts),
            Err(p) => Err(p
                .into_error(Path::new("q.xlsx"), "xl/worksheets/sheet1.xml", &scan)
                .to_string()),
        }
    }

    #[test]
    fn measures_the_filled_rectangle() {
        let f = scan_sheet(
            r#"<worksheet><sheetData><row r="2"><c r="B2"><v>1</v></c><c r="C2" s="1"/></row>
            <row><c t="inlineStr"><is><t>x</t></is></c><c><f>A1</f></c></row></sheetData></worksheet>"#,
        )
        .unwrap();
        assert_eq!(f.cells, 3);
        let (a, b) = f.span.unwrap();
        assert_eq!((a.to_string(), b.to_string()), ("A2".into(), "B3".into()));
    }

    #[test]
    fn errors_name_line_and_cell() {
        let err = scan_sheet("<worksheet><sheetData>\n<row r=\"4\"><c r=\"B4\"><v>1</v></c>\n</rows></sheetData></worksheet>").unwrap_err();
        assert!(
            err.contains("part xl/worksheets/sheet1.xml: sheet `S`, line 3: malformed XML"),
            "{err}"
        );
        let bytes = b"<worksheet><sheetData><row r=\"7\"><c r=\"C7\" t=\"inlineStr\"><is><t>a\xffb</t></is></c></row></sheetData></worksheet>";
        let mut scan = Scan::new(Sheet::Named("S"));
        let p = scan.run(&bytes[..], 0).err().unwrap();
        let err = p.into_error(Path::new("q.xlsx"), "x", &scan).to_string();
        assert!(
            err.contains("sheet `S`, line 1, cell C7: the text is not valid UTF-8"),
            "{err}"
        );
        let err = scan_sheet("<worksheet><sheetData>").unwrap_err();
        assert!(err.contains("malformed XML"), "{err}");
    }

    #[test]
    fn shared_string_counts_are_checked() {
        let mut scan = Scan::new(Sheet::No);
        let declared = scan.run(&b"<sst uniqueCount=\"99999999999\"><si/></sst>"[..], 0);
        assert!(matches!(
            declared,
            Err(Problem::TooManyStrings(99_999_999_999))
        ));
        let mut scan = Scan::new(Sheet::No);
        assert!(
            scan.run(&b"<sst uniqueCount=\"2\"><si/><si/></sst>"[..], 0)
                .is_ok()
        );
        assert_eq!(scan.strings, 2);
    }

    #[test]
    fn the_package_budget_stops_the_scan() {
        let mut scan = Scan::new(Sheet::No);
        let out = scan.run(&b"<a>text</a>"[..], MAX_PACKAGE_BYTES);
        assert!(matches!(out, Err(Problem::PackageTooLarge)));
    }
}
