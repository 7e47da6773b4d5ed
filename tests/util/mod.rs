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

#[allow(dead_code)]
#[path = "../../xtask/src/badfiles/big.rs"]
pub mod big;
/// The builders of the hostile corpus (`cargo xtask badfiles`), for the
/// cases built at test time.
#[allow(dead_code)]
#[path = "../../xtask/src/badfiles/craft.rs"]
pub mod craft;
#[allow(dead_code)]
#[path = "../../xtask/src/badfiles/xlsx.rs"]
pub mod xlsx;

/// A file of the hostile corpus, `tests/fixtures/bad/<name>`.
pub fn bad(name: &str) -> PathBuf {
    root().join("tests/fixtures/bad").join(name)
}

/// A 64-bit FNV-1a hash of a file's bytes, for "the input is unchanged" checks.
pub fn hash(path: &Path) -> u64 {
    bytes(path).iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The names of the files in a directory, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs `qfill` with `args` in `dir` under an address-space limit of
/// `mem_mib` MiB (so a runaway allocation aborts instead of swapping) and a
/// wall-clock limit; returns the run and how long it took.
pub fn qfill_bounded(
    dir: &Path,
    args: &[&str],
    mem_mib: u64,
    secs: u64,
) -> (Run, std::time::Duration) {
    let started = std::time::Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {}; exec \"$0\" \"$@\"", mem_mib * 1024))
        .arg(env!("CARGO_BIN_EXE_qfill"))
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("qfill runs");
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut p) = pipe {
                std::io::Read::read_to_end(&mut p, &mut text).ok();
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed().as_secs() > secs {
            child.kill().ok();
            panic!("qfill {args:?} ran for more than {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: out.join().expect("stdout"),
        stderr: err.join().expect("stderr"),
    };
    (run, started.elapsed())
}

/// Writes `sheets` (name, grid) as an xlsx; `hidden` names sheets to hide.
pub fn write_grids(path: &Path, sheets: &[(String, Vec<Vec<String>>)], hidden: &str) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(name).expect("name");
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    sheet.write_string(r as u32, c as u16, text).expect("cell");
                }
            }
        }
        if name == hidden {
            sheet.set_hidden(true);
        }
    }
    book.save(path).expect("save");
}
