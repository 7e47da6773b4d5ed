//! The zip package of an xlsx or xlsm file: bounded reads of its parts, the
//! relationships between them, and the workbook part's list of sheets and
//! defined names. Everything that reads or edits the package goes through here,
//! so a damaged part is always reported as [`Error::BadPackage`] naming the part,
//! and no part is inflated beyond [`PART_LIMIT`] however it is compressed.

use super::xml::{attr, attr_u32, local, push_text};
use crate::error::{Error, Result};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use zip::ZipArchive;
use zip::read::ZipFile;

/// An XML part's bytes without a leading UTF-8 byte-order mark.
///
/// The XML reader skips the mark and reports positions after it, so every
/// edit made at those positions in the raw bytes would land three bytes
/// early and break the part. The edited part is written without the mark,
/// which XML does not need for UTF-8.
fn without_bom(part: &str, mut bytes: Vec<u8>) -> Vec<u8> {
    const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
    let xml = part.ends_with(".xml") || part.ends_with(".rels");
    if xml && bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    bytes
}

/// The most bytes any one part may inflate to (a zip bomb stops here).
pub(crate) const PART_LIMIT: u64 = crate::limits::MAX_PART_BYTES;

/// Relationship types by their last path segment (transitional and strict share it).
pub(crate) mod rel {
    pub const OFFICE_DOCUMENT: &str = "officeDocument";
    pub const WORKSHEET: &str = "worksheet";
    pub const STYLES: &str = "styles";
    pub const COMMENTS: &str = "comments";
    pub const VML_DRAWING: &str = "vmlDrawing";
    pub const CALC_CHAIN: &str = "calcChain";

    /// The full transitional type for a last segment.
    pub fn full(kind: &str) -> String {
        format!("http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}")
    }
}

/// A bounded, buffered reader over one part's inflated bytes.
type PartReader<'a> = BufReader<Limited<ZipFile<'a, BufReader<File>>>>;

/// An open package.
pub(crate) struct Package {
    pub path: PathBuf,
    archive: ZipArchive<BufReader<File>>,
}

/// One relationship from a `.rels` part.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Relationship {
    pub id: String,
    pub kind: String,
    pub target: String,
    pub external: bool,
}

impl Relationship {
    /// Whether the type's last segment is `kind` (`worksheet`, `styles`, …).
    pub fn is(&self, kind: &str) -> bool {
        self.kind.rsplit('/').next() == Some(kind)
    }
}

/// A sheet as `workbook.xml` lists it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SheetEntry {
    pub name: String,
    pub sheet_id: u32,
    pub rel_id: String,
    /// The zip entry name of the sheet's part, when its relationship resolves.
    pub part: Option<String>,
    /// Whether the relationship says it is a worksheet (not a chartsheet or dialog).
    pub is_worksheet: bool,
}

/// A defined name; `local_sheet` is the index into the workbook's sheet list.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DefinedName {
    pub name: String,
    pub local_sheet: Option<usize>,
    pub formula: String,
}

/// What `workbook.xml` and its relationships say.
#[derive(Debug, Clone)]
pub(crate) struct WorkbookInfo {
    /// The zip entry name of the workbook part (`xl/workbook.xml`).
    pub part: String,
    pub sheets: Vec<SheetEntry>,
    pub names: Vec<DefinedName>,
    pub rels: Vec<Relationship>,
}

impl WorkbookInfo {
    /// The entry of a sheet by its exact name.
    pub fn sheet(&self, name: &str) -> Option<&SheetEntry> {
        self.sheets.iter().find(|s| s.name == name)
    }

    /// The zip entry name of the part a workbook relationship of `kind` points to.
    pub fn related(&self, kind: &str) -> Option<String> {
        self.rels
            .iter()
            .find(|r| r.is(kind) && !r.external)
            .map(|r| resolve_target(&self.part, &r.target))
    }
}

impl Package {
    /// Opens a package.
    ///
    /// # Errors
    /// The file cannot be opened or is not a zip archive.
    pub fn open(path: &Path) -> Result<Package> {
        let file = File::open(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let archive = ZipArchive::new(BufReader::new(file)).map_err(|e| Error::Unreadable {
            path: path.to_path_buf(),
            message: format!("the file is damaged or truncated ({e})"),
        })?;
        Ok(Package {
            path: path.to_path_buf(),
            archive,
        })
    }

    /// A [`Error::BadPackage`] for this file.
    pub fn bad(&self, part: &str, message: impl Into<String>) -> Error {
        Error::BadPackage {
            path: self.path.clone(),
            part: part.to_string(),
            message: message.into(),
        }
    }

    /// A [`Error::BadPackage`] for XML that does not parse.
    pub fn malformed(&self, part: &str, e: impl std::fmt::Display) -> Error {
        self.bad(part, format!("malformed XML ({e})"))
    }

    /// The entry names in archive order.
    pub fn names(&self) -> Vec<String> {
        (0..self.archive.len())
            .filter_map(|i| self.archive.name_for_index(i))
            .map(str::to_string)
            .collect()
    }

    /// The archive itself, for raw copies.
    pub fn archive(&mut self) -> &mut ZipArchive<BufReader<File>> {
        &mut self.archive
    }

    /// The entry name for a part name, matching case-insensitively as OPC does.
    pub fn entry(&self, part: &str) -> Option<String> {
        let part = part.trim_start_matches('/');
        if self.archive.index_for_name(part).is_some() {
            return Some(part.to_string());
        }
        self.archive
            .file_names()
            .find(|n| n.eq_ignore_ascii_case(part))
            .map(str::to_string)
    }

    /// Whether the package holds a part.
    pub fn has(&self, part: &str) -> bool {
        self.entry(part).is_some()
    }

    /// A part's bytes.
    ///
    /// # Errors
    /// The part is missing, damaged or larger than [`PART_LIMIT`].
    pub fn read(&mut self, part: &str) -> Result<Vec<u8>> {
        self.read_optional(part)?
            .ok_or_else(|| self.bad(part, "the part is missing"))
    }

    /// A part's bytes, or `None` when the package has no such part.
    ///
    /// # Errors
    /// The part is damaged or larger than [`PART_LIMIT`].
    pub fn read_optional(&mut self, part: &str) -> Result<Option<Vec<u8>>> {
        let path = self.path.clone();
        let Some(mut reader) = self.stream_optional(part)? else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        match reader.read_to_end(&mut bytes) {
            Ok(_) => Ok(Some(without_bom(part, bytes))),
            Err(e) => Err(Error::BadPackage {
                path,
                part: part.to_string(),
                message: e.to_string(),
            }),
        }
    }

    /// A buffered, bounded reader over a part's inflated bytes.
    ///
    /// # Errors
    /// The part is missing or cannot be opened.
    pub fn stream(&mut self, part: &str) -> Result<impl BufRead + '_> {
        if !self.has(part) {
            return Err(self.bad(part, "the part is missing"));
        }
        self.stream_optional(part)?
            .ok_or_else(|| Error::Internal(format!("part {part} vanished")))
    }

    fn stream_optional(&mut self, part: &str) -> Result<Option<PartReader<'_>>> {
        let Some(name) = self.entry(part) else {
            return Ok(None);
        };
        let (path, shown) = (self.path.clone(), name.clone());
        let file = self.archive.by_name(&name).map_err(|e| Error::BadPackage {
            path,
            part: shown,
            message: format!("cannot open the part ({e})"),
        })?;
        Ok(Some(BufReader::new(Limited::new(file, PART_LIMIT))))
    }

    /// Reads `workbook.xml` and its relationships.
    ///
    /// # Errors
    /// A missing or malformed workbook part or relationships part.
    pub fn workbook(&mut self) -> Result<WorkbookInfo> {
        let part = self.workbook_part()?;
        let rels_part = rels_part_for(&part);
        let rels = match self.read_optional(&rels_part)? {
            Some(bytes) => parse_rels(&bytes).map_err(|e| self.malformed(&rels_part, e))?,
            None => return Err(self.bad(&rels_part, "the part is missing")),
        };
        let bytes = self.read(&part)?;
        let (mut sheets, names) = parse_workbook(&bytes).map_err(|e| self.malformed(&part, e))?;
        let by_id: std::collections::HashMap<&str, &Relationship> = rels
            .iter()
            .rev()
            .filter(|r| !r.external)
            .map(|r| (r.id.as_str(), r))
            .collect();
        for sheet in &mut sheets {
            let rel = by_id.get(sheet.rel_id.as_str());
            sheet.part = rel.map(|r| resolve_target(&part, &r.target));
            sheet.is_worksheet = rel.is_some_and(|r| r.is(rel::WORKSHEET));
        }
        Ok(WorkbookInfo {
            part,
            sheets,
            names,
            rels,
        })
    }

    /// The workbook part named by the package relationships (`xl/workbook.xml` as a fallback).
    fn workbook_part(&mut self) -> Result<String> {
        let fallback = "xl/workbook.xml".to_string();
        let Some(bytes) = self.read_optional("_rels/.rels")? else {
            return Ok(fallback);
        };
        let rels = parse_rels(&bytes).map_err(|e| self.malformed("_rels/.rels", e))?;
        Ok(rels
            .iter()
            .find(|r| r.is(rel::OFFICE_DOCUMENT) && !r.external)
            .map(|r| resolve_target("", &r.target))
            .filter(|p| self.has(p))
            .unwrap_or(fallback))
    }
}

/// Parses a `.rels` part.
pub(crate) fn parse_rels(bytes: &[u8]) -> Result<Vec<Relationship>, quick_xml::Error> {
    let mut reader = Reader::from_reader(bytes);
    let mut out = Vec::new();
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) if local(&e) == "Relationship" => {
                out.push(Relationship {
                    id: attr(&e, "Id").unwrap_or_default(),
                    kind: attr(&e, "Type").unwrap_or_default(),
                    target: attr(&e, "Target").unwrap_or_default(),
                    external: attr(&e, "TargetMode").is_some_and(|m| m == "External"),
                });
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

type SheetsAndNames = (Vec<SheetEntry>, Vec<DefinedName>);

fn parse_workbook(bytes: &[u8]) -> Result<SheetsAndNames, quick_xml::Error> {
    let mut reader = Reader::from_reader(bytes);
    let (mut sheets, mut names) = (Vec::new(), Vec::new());
    let mut open_name: Option<(String, Option<usize>, String)> = None;
    loop {
        let event = reader.read_event()?;
        match &event {
            Event::Start(e) | Event::Empty(e) if local(e) == "sheet" => sheets.push(SheetEntry {
                name: attr(e, "name").unwrap_or_default(),
                sheet_id: attr_u32(e, "sheetId").unwrap_or(0),
                rel_id: attr(e, "id").unwrap_or_default(),
                part: None,
                is_worksheet: false,
            }),
            Event::Start(e) if local(e) == "definedName" => {
                let sheet = attr_u32(e, "localSheetId").map(|i| i as usize);
                open_name = Some((attr(e, "name").unwrap_or_default(), sheet, String::new()));
            }
            Event::End(e) if e.local_name().as_ref() == b"definedName" => {
                if let Some((name, local_sheet, formula)) = open_name.take() {
                    names.push(DefinedName {
                        name,
                        local_sheet,
                        formula,
                    });
                }
            }
            Event::Eof => return Ok((sheets, names)),
            _ => {
                if let Some((_, _, text)) = open_name.as_mut() {
                    push_text(&event, text);
                }
            }
        }
    }
}

/// The relationships part of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
pub(crate) fn rels_part_for(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The entry name a relationship target points to, relative to its source part.
pub(crate) fn resolve_target(source_part: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let mut segments: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        let dir = source_part.rsplit_once('/').map_or("", |(d, _)| d);
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

/// A relative target from `source_part` to `target_part` (both entry names).
pub(crate) fn relative_target(source_part: &str, target_part: &str) -> String {
    let from: Vec<&str> = source_part.split('/').collect();
    let from_dir = &from[..from.len().saturating_sub(1)];
    let to: Vec<&str> = target_part.split('/').collect();
    let common = from_dir.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

/// A reader that fails instead of reading more than `left` bytes.
pub(crate) struct Limited<R> {
    inner: R,
    left: u64,
}

impl<R> Limited<R> {
    pub(crate) fn new(inner: R, limit: u64) -> Limited<R> {
        Limited { inner, left: limit }
    }
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let want = buf.len().min(self.left.saturating_add(1) as usize);
        let n = self.inner.read(&mut buf[..want])?;
        if n as u64 > self.left {
            return Err(std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                format!(
                    "the part inflates to more than {} MiB; qfill does not read parts this large",
                    PART_LIMIT / (1024 * 1024)
                ),
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relationship_targets() {
        for (source, target, want) in [
            (
                "xl/workbook.xml",
                "worksheets/sheet1.xml",
                "xl/worksheets/sheet1.xml",
            ),
            (
                "xl/workbook.xml",
                "/xl/worksheets/sheet2.xml",
                "xl/worksheets/sheet2.xml",
            ),
            (
                "xl/worksheets/sheet1.xml",
                "../comments1.xml",
                "xl/comments1.xml",
            ),
            (
                "xl/worksheets/sheet1.xml",
                "../drawings/vmlDrawing1.vml",
                "xl/drawings/vmlDrawing1.vml",
            ),
            ("", "xl/workbook.xml", "xl/workbook.xml"),
            ("xl/workbook.xml", "./styles.xml", "xl/styles.xml"),
        ] {
            assert_eq!(resolve_target(source, target), want, "{source} + {target}");
        }
        for (source, target, want) in [
            (
                "xl/worksheets/sheet1.xml",
                "xl/comments1.xml",
                "../comments1.xml",
            ),
            (
                "xl/worksheets/sheet1.xml",
                "xl/drawings/vmlDrawing2.vml",
                "../drawings/vmlDrawing2.vml",
            ),
            (
                "xl/workbook.xml",
                "xl/worksheets/sheet9.xml",
                "worksheets/sheet9.xml",
            ),
        ] {
            assert_eq!(relative_target(source, target), want);
            assert_eq!(
                resolve_target(source, &relative_target(source, target)),
                target
            );
        }
        assert_eq!(
            rels_part_for("xl/workbook.xml"),
            "xl/_rels/workbook.xml.rels"
        );
        assert_eq!(
            rels_part_for("xl/worksheets/sheet3.xml"),
            "xl/worksheets/_rels/sheet3.xml.rels"
        );
    }

    #[test]
    fn parses_workbook_sheets_and_names() {
        let xml = br#"<workbook xmlns:r="r"><sheets><sheet name="A &amp; B" sheetId="4" r:id="rId1"/>
            <sheet name="Values" sheetId="2" state="hidden" r:id="rId2"/></sheets><definedNames>
            <definedName name="yes">Values!$A$1:$A$2</definedName>
            <definedName name="dr" localSheetId="1">#REF!</definedName>
            <definedName name="network">V+Values!$A$15:$A$19</definedName></definedNames></workbook>"#;
        let (sheets, names) = parse_workbook(xml).unwrap();
        assert_eq!(sheets.len(), 2);
        assert_eq!(sheets[0].name, "A & B");
        assert_eq!(sheets[0].sheet_id, 4);
        assert_eq!(sheets[1].rel_id, "rId2");
        assert_eq!(names.len(), 3);
        assert_eq!(names[0].formula, "Values!$A$1:$A$2");
        assert_eq!(names[1].local_sheet, Some(1));
        assert!(parse_workbook(b"<workbook><sheets></workbook>").is_err());
    }

    #[test]
    fn limited_reader_stops_bombs() {
        let data = [0u8; 100];
        let mut ok = Vec::new();
        Limited::new(&data[..], 100).read_to_end(&mut ok).unwrap();
        assert_eq!(ok.len(), 100);
        let err = Limited::new(&data[..], 99)
            .read_to_end(&mut Vec::new())
            .unwrap_err();
        assert!(err.to_string().contains("more than 128 MiB"));
    }
}
