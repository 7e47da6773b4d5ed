//! `cargo xtask libreoffice [DIR...]`: proves that a real spreadsheet
//! application opens what `qfill fill` writes. Fills every xlsx/xlsm sample
//! (and every xlsx/xlsm under the given directories, e.g. ../shared/realq),
//! converts each output to csv with LibreOffice headless (all sheets), and
//! checks that every value the report says was written appears. LibreOffice is
//! not needed by `cargo test`; install it with `apt-get install libreoffice-calc`.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn run(args: &[String]) -> Result<()> {
    if Command::new("soffice").arg("--version").output().is_err() {
        bail!("LibreOffice is not installed (apt-get install libreoffice-calc)");
    }
    let root = crate::root();
    let mut inputs = spreadsheets(&root.join("samples"))?;
    for dir in args {
        inputs.extend(spreadsheets(Path::new(dir))?);
    }
    let qfill = root.join("target/release/qfill");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--release", "-q", "--bin", "qfill"])
        .current_dir(&root)
        .status()?;
    if !status.success() {
        bail!("cargo build --release failed");
    }
    let work = tempfile::tempdir()?;
    let mut failures = 0;
    for input in &inputs {
        match check(&qfill, input, work.path()) {
            Ok(n) => println!("ok    {} ({n} written values found)", input.display()),
            Err(e) => {
                failures += 1;
                println!("FAIL  {}: {e:#}", input.display());
            }
        }
    }
    if failures > 0 {
        bail!("{failures} of {} workbooks failed", inputs.len());
    }
    Ok(())
}

fn spreadsheets(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(spreadsheets(&path)?);
        } else if path.extension().is_some_and(|e| e == "xlsx" || e == "xlsm")
            && !path.to_string_lossy().contains(".filled.")
        {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Fills `input`, converts the result with LibreOffice, and counts the written values found.
fn check(qfill: &Path, input: &Path, work: &Path) -> Result<usize> {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = input
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    let out = work.join(format!("{stem}.filled.{ext}"));
    let report = work.join(format!("{stem}.json"));
    let bank = crate::root().join("answer_bank");
    let fill = Command::new(qfill)
        .arg("fill")
        .arg(input)
        .arg("--bank")
        .arg(&bank)
        .arg("-o")
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .args(["--force", "-q"])
        .output()?;
    let stderr = String::from_utf8_lossy(&fill.stderr);
    if fill.status.code() == Some(2) && stderr.contains("no questions found") {
        return Ok(0);
    }
    if !fill.status.success() {
        bail!("qfill failed: {stderr}");
    }
    let csv_dir = work.join(format!("{stem}-csv"));
    std::fs::create_dir_all(&csv_dir)?;
    let convert = Command::new("soffice")
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
        ])
        .arg(&csv_dir)
        .arg(&out)
        .output()?;
    if !convert.status.success() {
        bail!(
            "LibreOffice could not convert it: {}",
            String::from_utf8_lossy(&convert.stderr)
        );
    }
    let mut text = String::new();
    for f in std::fs::read_dir(&csv_dir)? {
        text.push_str(&std::fs::read_to_string(f?.path()).unwrap_or_default());
    }
    if text.is_empty() {
        bail!("LibreOffice produced no csv (the file may not open)");
    }
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&report)?)?;
    let mut found = 0;
    for item in report["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|i| i["written"] == true)
    {
        let answer = item["answer"].as_str().unwrap_or_default();
        let first_line = answer.lines().next().unwrap_or_default();
        if !text.contains(first_line) {
            bail!(
                "written value {first_line:?} ({}!{}) is missing after conversion",
                item["sheet"],
                item["answer_cell"]
            );
        }
        found += 1;
    }
    Ok(found)
}
