//! The in-place writer: carries out a [`WritePlan`] on the prospect's own xlsx
//! or xlsm. Parts that must change (the target sheets, styles for highlights,
//! notes, the summary sheet and the package bookkeeping) are staged in memory;
//! the output zip then copies every other entry's compressed bytes unchanged,
//! in the original order and under the original names, so macros, images,
//! charts, pivot caches and everything qfill does not understand survive.

use super::cells::Target;
use super::comments::{add_notes, declared_blocks};
use super::layout::{self, Formula, SheetLayout};
use super::opc::{ContentTypeChanges, remove_relationships};
use super::package::{Package, WorkbookInfo, rel, rels_part_for};
use super::recalc;
use super::styles::{Look, restyle};
use super::summary::add_summary;
use super::xml::apply_edits;
use crate::cellref::CellRef;
use crate::error::{Error, Result};
use crate::write::sticky::Sticky;
use crate::write::{REVIEW_FILL, WritePlan};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{BufWriter, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const CONTENT_TYPES: &str = "[Content_Types].xml";
const LAST_ROW: u32 = 1_048_575;
const LAST_COL: u32 = 16_383;

/// Writes the xlsx or xlsm at `input`, with `plan` carried out, to `output`
/// (normally a temporary path from [`crate::write::atomic`]). Only target cells
/// change in the sheets; every untouched zip entry is copied byte for byte.
/// Text is always written as an inline string, never as a formula.
///
/// # Errors
/// A plan naming a sheet the workbook lacks or a cell that anchors a shared
/// formula; a damaged package (malformed XML in a part that must change,
/// missing parts); failure to write `output`.
pub fn fill_in_place(input: &Path, plan: &WritePlan, output: &Path) -> Result<Vec<String>> {
    let mut ctx = Ctx::new(Package::open(input)?);
    let book = ctx.pkg.workbook()?;
    // A Strict Open XML package takes no parts in the transitional
    // namespaces qfill writes its notes and summary sheet in.
    let workbook = ctx.required(&book.part)?;
    let strict = is_strict(&workbook);
    if strict && (plan.summary.is_some() || plan.writes.iter().any(|w| w.note.is_some())) {
        ctx.warnings.push(
            "the workbook is in Strict Open XML: the review notes and the qfill summary sheet are left out of the filled copy (the report lists every row to review)".into(),
        );
    }
    // A sheet added to a workbook whose structure the sender locked could
    // not be deleted before the file goes back without their password.
    let locked = locks_structure(&workbook);
    if locked && plan.summary.is_some() && !strict {
        ctx.warnings.push(
            "the workbook's structure is protected, so the qfill summary sheet (which you could not delete) is left out of the filled copy; the report lists every row to review".into(),
        );
    }
    let mut sheets = Vec::new();
    for writes in group_writes(&ctx, &book, plan)? {
        let bytes = ctx.required(&writes.part)?;
        let rows = writes.targets.keys().map(|c| c.row).collect();
        let layout = layout::scan(&bytes, &rows).map_err(|e| ctx.malformed(&writes.part, e))?;
        check_writable(&ctx, &writes, &layout)?;
        sheets.push((writes, bytes, layout));
    }
    let formats = written_formats(&mut ctx, &book, &sheets)?;
    let mut replaced_formula = false;
    // Whether a sheet holds formulas, which may read the cells filled.
    let mut formulas = false;
    let edited_parts: HashSet<String> = sheets.iter().map(|(w, _, _)| w.part.clone()).collect();
    for (writes, bytes, layout) in sheets {
        formulas = formulas || recalc::has_formula(&bytes);
        let format = |cell: CellRef, t: &Target| {
            let f = layout.current_format(cell);
            formats.get(&(f, look(t))).copied().unwrap_or(f)
        };
        let mut edits = layout.cell_edits(&bytes, &writes.targets, &format);
        if !writes.notes.is_empty() && !strict {
            edits.extend(add_notes(
                &mut ctx,
                &writes.name,
                &writes.part,
                &layout,
                &writes.notes,
            )?);
        }
        replaced_formula |= writes
            .targets
            .keys()
            .any(|&c| layout.formula(c) != Formula::None);
        let edited = apply_edits(&bytes, edits)?;
        ctx.stage(&writes.part, edited);
    }
    if replaced_formula {
        drop_calc_chain(&mut ctx, &book)?;
    }
    if let Some(rows) = plan.summary.as_ref().filter(|_| !strict && !locked) {
        add_summary(&mut ctx, &book, rows)?;
    }
    if !plan.writes.is_empty() {
        recalculate_on_open(&mut ctx, &book, formulas, &edited_parts)?;
    }
    let bytes = ctx.required(CONTENT_TYPES)?;
    let mut edited = bytes.clone();
    if !ctx.types.is_empty() {
        edited = ctx
            .types
            .apply(&bytes)
            .map_err(|e| ctx.malformed(CONTENT_TYPES, e))?;
    }
    let edited = untemplated(edited);
    if edited != bytes {
        ctx.stage(CONTENT_TYPES, edited);
    }
    let warnings = std::mem::take(&mut ctx.warnings);
    ctx.write(output)?;
    Ok(warnings)
}

/// The content types of a template (.xltx, .xltm) made those of a workbook.
///
/// The filled copy is saved as .xlsx or .xlsm, which Excel refuses to open
/// while its main part still declares a template.
fn untemplated(types: Vec<u8>) -> Vec<u8> {
    const SWAPS: [(&str, &str); 2] = [
        (
            "spreadsheetml.template.main+xml",
            "spreadsheetml.sheet.main+xml",
        ),
        (
            "ms-excel.template.macroEnabled",
            "ms-excel.sheet.macroEnabled",
        ),
    ];
    match String::from_utf8(types) {
        Ok(text) => SWAPS
            .iter()
            .fold(text, |text, (from, to)| text.replace(from, to))
            .into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// Whether a workbook part is in the Strict Open XML namespace.
fn is_strict(workbook: &[u8]) -> bool {
    const STRICT: &[u8] = b"http://purl.oclc.org/ooxml/spreadsheetml/main";
    workbook.windows(STRICT.len()).any(|w| w == STRICT)
}

/// Whether `workbook.xml` protects the workbook's structure (no sheet may
/// be added, deleted or renamed without the password).
fn locks_structure(workbook: &[u8]) -> bool {
    let mut reader = quick_xml::Reader::from_reader(workbook);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e))
                if super::xml::local(&e) == "workbookProtection" =>
            {
                return super::xml::attr(&e, "lockStructure")
                    .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return false,
            _ => {}
        }
    }
}

/// The writes for one sheet.
struct SheetWrites {
    name: String,
    part: String,
    targets: BTreeMap<CellRef, Target>,
    notes: Vec<(CellRef, String)>,
}

fn group_writes(ctx: &Ctx, book: &WorkbookInfo, plan: &WritePlan) -> Result<Vec<SheetWrites>> {
    let mut out: Vec<SheetWrites> = Vec::new();
    for w in &plan.writes {
        if w.cell.row > LAST_ROW || w.cell.col > LAST_COL {
            return Err(Error::Usage(format!(
                "{}: cell {} of sheet `{}` is outside the sheet",
                ctx.pkg.path.display(),
                w.cell,
                w.sheet
            )));
        }
        let index = match out.iter().position(|s| s.name == w.sheet) {
            Some(i) => i,
            None => {
                let part = book
                    .sheet(&w.sheet)
                    .filter(|e| e.is_worksheet)
                    .and_then(|e| e.part.clone())
                    .ok_or_else(|| {
                        Error::Usage(format!(
                            "{}: no worksheet named `{}` to write into",
                            ctx.pkg.path.display(),
                            w.sheet
                        ))
                    })?;
                out.push(SheetWrites {
                    name: w.sheet.clone(),
                    part,
                    targets: BTreeMap::new(),
                    notes: Vec::new(),
                });
                out.len() - 1
            }
        };
        let sheet = &mut out[index];
        let target = Target {
            text: w.text.clone(),
            number: w.number,
            boolean: w.boolean,
            highlight: w.highlight,
        };
        sheet.targets.insert(w.cell, target);
        sheet.notes.retain(|(c, _)| *c != w.cell);
        if let Some(note) = w.note.as_ref().filter(|_| w.highlight) {
            sheet.notes.push((w.cell, note.clone()));
        }
    }
    Ok(out)
}

/// Refuses plans that would break the sheet: no `sheetData`, or a target that
/// anchors a shared formula other cells depend on.
fn check_writable(ctx: &Ctx, writes: &SheetWrites, layout: &SheetLayout) -> Result<()> {
    if !layout.has_sheet_data() {
        return Err(ctx.bad(&writes.part, "the sheet has no <sheetData>"));
    }
    for &cell in writes.targets.keys() {
        if let Formula::SharedAnchor(range) = layout.formula(cell) {
            return Err(Error::Usage(format!(
                "{}: sheet `{}` cell {cell} anchors a formula shared over {range}; qfill will not overwrite it",
                ctx.pkg.path.display(),
                writes.name
            )));
        }
    }
    Ok(())
}

/// How a written cell's format changes: review cells are highlighted, and
/// long or multi-line text wraps rather than running across its neighbours.
fn look(t: &Target) -> Look {
    Look {
        highlight: t.highlight,
        wrap: crate::write::wraps(&t.text, t.number),
    }
}

/// Adds the review fill and the twins of the formats written cells need.
fn written_formats(
    ctx: &mut Ctx,
    book: &WorkbookInfo,
    sheets: &[(SheetWrites, Vec<u8>, SheetLayout)],
) -> Result<HashMap<(u32, Look), u32>> {
    let wanted: BTreeSet<(u32, Look)> = sheets
        .iter()
        .flat_map(|(w, _, layout)| {
            w.targets
                .iter()
                .map(|(&c, t)| (layout.current_format(c), look(t)))
                .filter(|(_, look)| *look != Look::default())
        })
        .collect();
    if wanted.is_empty() {
        return Ok(HashMap::new());
    }
    let Some(part) = book.related(rel::STYLES).filter(|p| ctx.exists(p)) else {
        if wanted.iter().any(|(_, look)| look.highlight) {
            ctx.warn("the workbook has no styles part; review cells are not highlighted".into());
        }
        return Ok(HashMap::new());
    };
    let bytes = ctx.required(&part)?;
    let done = restyle(&bytes, &wanted, REVIEW_FILL, &|e| ctx.malformed(&part, e))?;
    if done.bytes != bytes {
        ctx.stage(&part, done.bytes);
    }
    Ok(done.formats)
}

/// Asks for a recalculation on opening when a sheet has formulas, which may
/// read the cells just filled and would otherwise show results cached before.
fn recalculate_on_open(
    ctx: &mut Ctx,
    book: &WorkbookInfo,
    mut formulas: bool,
    edited: &HashSet<String>,
) -> Result<()> {
    let others = book
        .sheets
        .iter()
        .filter(|s| s.is_worksheet)
        .filter_map(|s| s.part.as_deref())
        .filter(|p| !edited.contains(*p));
    for part in others {
        if formulas {
            break;
        }
        formulas = ctx
            .pkg
            .read_optional(part)?
            .is_some_and(|bytes| recalc::has_formula(&bytes));
    }
    if formulas {
        let workbook = ctx.required(&book.part)?;
        let edited = recalc::request_recalc(&workbook).map_err(|e| ctx.malformed(&book.part, e))?;
        ctx.stage(&book.part, edited);
    }
    Ok(())
}

/// Removes the calculation chain, which may list cells that no longer hold formulas; Excel rebuilds it.
fn drop_calc_chain(ctx: &mut Ctx, book: &WorkbookInfo) -> Result<()> {
    let Some(part) = book
        .related(rel::CALC_CHAIN)
        .and_then(|p| ctx.pkg.entry(&p))
    else {
        return Ok(());
    };
    let rels_part = rels_part_for(&book.part);
    let rels = ctx.required(&rels_part)?;
    let rels = remove_relationships(&rels, |kind, _| {
        kind.rsplit('/').next() == Some(rel::CALC_CHAIN)
    })
    .map_err(|e| ctx.malformed(&rels_part, e))?;
    ctx.stage(&rels_part, rels);
    ctx.types.removed.push(part.clone());
    ctx.removed.insert(part);
    Ok(())
}

/// The package being edited and the parts staged for the output.
pub(crate) struct Ctx {
    pub pkg: Package,
    /// New bytes by entry name, in the order first staged.
    staged: Vec<(String, Vec<u8>)>,
    removed: HashSet<String>,
    pub types: ContentTypeChanges,
    next_vml_block: Option<u32>,
    /// What was left out of the filled copy, for the report.
    pub warnings: Vec<String>,
}

impl Ctx {
    /// Notes something left out of the filled copy (logged, and in the report).
    pub fn warn(&mut self, message: String) {
        tracing::warn!("{message}");
        self.warnings.push(message);
    }

    fn new(pkg: Package) -> Ctx {
        Ctx {
            pkg,
            staged: Vec::new(),
            removed: HashSet::new(),
            types: ContentTypeChanges::default(),
            next_vml_block: None,
            warnings: Vec::new(),
        }
    }

    /// The entry name to use for a part: the existing entry's spelling if there is one.
    fn name(&self, part: &str) -> String {
        let part = part.trim_start_matches('/');
        self.staged
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(part))
            .map(|(n, _)| n.clone())
            .or_else(|| self.pkg.entry(part))
            .unwrap_or_else(|| part.to_string())
    }

    /// A part's current bytes (staged, else from the package); `None` when absent.
    pub fn current(&mut self, part: &str) -> Result<Option<Vec<u8>>> {
        let name = self.name(part);
        if self.removed.contains(&name) {
            return Ok(None);
        }
        if let Some((_, bytes)) = self.staged.iter().find(|(n, _)| *n == name) {
            return Ok(Some(bytes.clone()));
        }
        self.pkg.read_optional(&name)
    }

    /// A part's current bytes, which must exist.
    pub fn required(&mut self, part: &str) -> Result<Vec<u8>> {
        self.current(part)?
            .ok_or_else(|| self.bad(part, "the part is missing"))
    }

    /// Whether a part exists in the output as planned so far.
    pub fn exists(&self, part: &str) -> bool {
        let name = self.name(part);
        !self.removed.contains(&name)
            && (self.pkg.has(&name) || self.staged.iter().any(|(n, _)| *n == name))
    }

    /// Sets a part's bytes in the output.
    pub fn stage(&mut self, part: &str, bytes: Vec<u8>) {
        let name = self.name(part);
        match self.staged.iter_mut().find(|(n, _)| *n == name) {
            Some((_, b)) => *b = bytes,
            None => self.staged.push((name, bytes)),
        }
    }

    /// The first name `make(n)` (n = 1, 2, …) that no part has.
    pub fn fresh(&self, make: impl Fn(u32) -> String) -> String {
        (1..)
            .map(&make)
            .find(|n| !self.exists(n))
            .unwrap_or_else(|| make(u32::MAX))
    }

    /// Fresh VML shape-id blocks, enough for `shapes` shapes.
    pub fn vml_blocks(&mut self, shapes: usize) -> Result<Vec<u32>> {
        let next = match self.next_vml_block {
            Some(n) => n,
            None => self.max_vml_block()? + 1,
        };
        let count = shapes.div_ceil(1023).max(1) as u32;
        self.next_vml_block = Some(next + count);
        Ok((next..next + count).collect())
    }

    fn max_vml_block(&mut self) -> Result<u32> {
        let mut max = 0;
        let names: Vec<String> = self.pkg.names();
        for name in names
            .iter()
            .filter(|n| n.to_ascii_lowercase().ends_with(".vml"))
        {
            if let Some(bytes) = self.current(name)? {
                let text = String::from_utf8_lossy(&bytes);
                max = declared_blocks(&text).into_iter().fold(max, u32::max);
            }
        }
        Ok(max)
    }

    pub fn bad(&self, part: &str, message: impl Into<String>) -> Error {
        self.pkg.bad(part, message)
    }

    pub fn malformed(&self, part: &str, e: impl std::fmt::Display) -> Error {
        self.pkg.malformed(part, e)
    }

    /// Writes the output zip: staged parts in place of the originals, the rest raw-copied.
    fn write(mut self, output: &Path) -> Result<()> {
        let io = |e: std::io::Error| Error::Io {
            path: output.to_path_buf(),
            source: e,
        };
        let zip_err = |e: zip::result::ZipError| match e {
            zip::result::ZipError::Io(e) => io(e),
            e => io(std::io::Error::other(e)),
        };
        let file = std::fs::File::create(output).map_err(io)?;
        let mut zip = ZipWriter::new(Sticky::new(BufWriter::new(file)));
        let names = self.pkg.names();
        for (i, name) in names.iter().enumerate() {
            if self.removed.contains(name) {
                continue;
            }
            let path = self.pkg.path.clone();
            let entry = self
                .pkg
                .archive()
                .by_index_raw(i)
                .map_err(|e| Error::BadPackage {
                    path,
                    part: name.clone(),
                    message: format!("cannot read the entry ({e})"),
                })?;
            match self.staged.iter().find(|(n, _)| n == name) {
                Some((_, bytes)) => {
                    let options =
                        options().last_modified_time(entry.last_modified().unwrap_or_default());
                    drop(entry);
                    zip.start_file(name.as_str(), options).map_err(zip_err)?;
                    zip.write_all(bytes).map_err(io)?;
                }
                None => zip.raw_copy_file(entry).map_err(zip_err)?,
            }
        }
        for (name, bytes) in self.staged.iter().filter(|(n, _)| !names.contains(n)) {
            zip.start_file(name.as_str(), options()).map_err(zip_err)?;
            zip.write_all(bytes).map_err(io)?;
        }
        let mut inner = zip.finish().map_err(zip_err)?;
        inner.flush().map_err(io)
    }
}

fn options() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)
}
