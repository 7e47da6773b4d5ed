//! Helpers shared by the integration tests: a temp dir, running the binary,
//! and reading workbooks back as grids of text.

use calamine::{Data, Reader, open_workbook_auto};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A test's output of running qfill.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `qfill` with `args` in `dir`.
pub fn qfill(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_qfill"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("qfill runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A temp dir holding a copy of `answer_bank/` and the given samples.
pub fn workspace(samples: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("answer_bank"), &tmp.path().join("answer_bank"));
    for s in samples {
        std::fs::copy(root().join("samples").join(s), tmp.path().join(s)).expect("copy sample");
    }
    tmp
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        if e.path().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
        }
    }
}

/// Every sheet of a workbook as (name, rows of cell text).
pub fn grids(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book = open_workbook_auto(path).expect("workbook opens");
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("sheet reads");
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut rows = vec![Vec::new(); r0 as usize];
            for row in range.rows() {
                let mut cells = vec![String::new(); c0 as usize];
                cells.extend(row.iter().map(text));
                rows.push(cells);
            }
            (name, rows)
        })
        .collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// The text of one cell (`C7`) of a sheet grid.
pub fn cell(grid: &[Vec<String>], a1: &str) -> String {
    let split = a1.find(|c: char| c.is_ascii_digit()).expect("cell ref");
    let col = a1[..split]
        .bytes()
        .fold(0usize, |n, b| n * 26 + (b - b'A' + 1) as usize)
        - 1;
    let row: usize = a1[split..].parse::<usize>().expect("row") - 1;
    grid.get(row)
        .and_then(|r| r.get(col))
        .cloned()
        .unwrap_or_default()
}

/// The first cell where two grids differ, skipping cells in `allowed` (`C7` form).
pub fn first_difference(
    a: &[Vec<String>],
    b: &[Vec<String>],
    allowed: &[String],
) -> Option<String> {
    let rows = a.len().max(b.len());
    for r in 0..rows {
        let (ra, rb) = (
            a.get(r).cloned().unwrap_or_default(),
            b.get(r).cloned().unwrap_or_default(),
        );
        for c in 0..ra.len().max(rb.len()) {
            let name = format!("{}{}", letters(c), r + 1);
            let (va, vb) = (
                ra.get(c).cloned().unwrap_or_default(),
                rb.get(c).cloned().unwrap_or_default(),
            );
            if va != vb && !allowed.contains(&name) {
                return Some(format!("{name}: {va:?} became {vb:?}"));
            }
        }
    }
    None
}

fn letters(mut c: usize) -> String {
    let mut out = Vec::new();
    c += 1;
    while c > 0 {
        out.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The bytes of a file, for "unchanged" checks.
pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read file")
}
