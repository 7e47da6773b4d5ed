//! `cargo xtask bench`: wall time, peak memory and stage times of the whole
//! `qfill fill` process (release build) on generated workloads, beside the
//! floor: reading the same workbook with calamine alone and writing its values
//! back with rust_xlsxwriter; the match stage again on one thread
//! (`RAYON_NUM_THREADS=1`); and the start-up of `qfill match` with the starter
//! bank. Prints a table and the targets of issue 8, and writes the figures as
//! JSON (`target/bench/results.json`) for comparison between commits.

use crate::workload;
use anyhow::{Context, Result, bail};
use calamine::{Data, Reader, open_workbook_auto};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// (questions, bank entries) of each workload.
const WORKLOADS: &[(usize, usize)] =
    &[(100, 200), (1_000, 2_000), (2_000, 4_000), (10_000, 10_000)];
const RUNS: usize = 3;
/// Runs of `qfill match` for the start-up figure (it is short, so take more).
const STARTUP_RUNS: usize = 15;
/// The question the start-up figure looks up.
const STARTUP_QUESTION: &str = "Do you enforce MFA?";

#[derive(Serialize)]
struct Row {
    questions: usize,
    entries: usize,
    wall_ms: f64,
    peak_mb: f64,
    stages: serde_json::Value,
    /// The match stage with one thread (`RAYON_NUM_THREADS=1`, best of the runs).
    match_one_thread_ms: f64,
    /// The match stage in this process on one thread: wall time, and the
    /// thread's CPU time (which other load on the machine does not inflate).
    match_in_process_ms: f64,
    match_in_process_cpu_ms: f64,
    floor_ms: f64,
    ratio: f64,
}

#[derive(Serialize)]
struct Results {
    /// `qfill match` with the starter bank, best wall time.
    startup_ms: f64,
    workloads: Vec<Row>,
}

pub fn run(args: &[String]) -> Result<()> {
    if cfg!(debug_assertions) {
        return rerun_in_release(args);
    }
    let dir = crate::root().join("target/bench");
    std::fs::create_dir_all(&dir)?;
    let qfill = build_qfill()?;
    let quick = args.iter().any(|a| a == "--quick");
    let mut rows = Vec::new();
    let startup_ms = startup(&qfill)?;
    println!(
        "questions  entries   wall ms  peak MB   read  detect  index   match  match/1t   write   floor ms  ratio"
    );
    for &(questions, entries) in WORKLOADS.iter().filter(|w| !quick || w.0 <= 1_000) {
        let (input, bank) = prepare(&dir, questions, entries)?;
        let row = measure(&qfill, &input, &bank, &dir, questions, entries)?;
        let s = &row.stages;
        let stage = |k: &str| s[k].as_f64().unwrap_or(0.0);
        println!(
            "{questions:>9}  {entries:>7}  {:>8.1}  {:>7.1}  {:>5.0}  {:>6.0}  {:>5.0}  {:>6.0}  {:>8.0}  {:>6.0}  {:>9.1}  {:>5.2}",
            row.wall_ms,
            row.peak_mb,
            stage("read_ms"),
            stage("detect_ms"),
            stage("load_bank_ms") + stage("index_ms"),
            stage("match_ms"),
            row.match_one_thread_ms,
            stage("write_ms"),
            row.floor_ms,
            row.ratio
        );
        rows.push(row);
    }
    println!("\nmatch stage on one thread, in process (wall / CPU ms):");
    for r in &rows {
        println!(
            "{:>9}  {:>7}  {:>8.0}  {:>6.0}",
            r.questions, r.entries, r.match_in_process_ms, r.match_in_process_cpu_ms
        );
    }
    println!("\nqfill match with the starter bank: {startup_ms:.1} ms (best of {STARTUP_RUNS})");
    print_targets(startup_ms, &rows);
    let out = dir.join("results.json");
    let results = Results {
        startup_ms,
        workloads: rows,
    };
    std::fs::write(&out, serde_json::to_string_pretty(&results)?)?;
    println!("\nwritten to {}", out.display());
    Ok(())
}

fn rerun_in_release(args: &[String]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["run", "--release", "-q", "-p", "xtask", "--", "bench"])
        .args(args)
        .status()?;
    if !status.success() {
        bail!("bench failed");
    }
    Ok(())
}

fn build_qfill() -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "-q", "--bin", "qfill"])
        .current_dir(crate::root())
        .status()?;
    if !status.success() {
        bail!("cargo build --release failed");
    }
    Ok(crate::root().join("target/release/qfill"))
}

fn prepare(dir: &Path, questions: usize, entries: usize) -> Result<(PathBuf, PathBuf)> {
    let bank = dir.join(format!("bank_{entries}"));
    if !bank.join("gen_09.toml").exists() {
        workload::write_bank(&bank, entries)?;
    }
    let input = dir.join(format!("q_{questions}_{entries}.xlsx"));
    if !input.exists() {
        workload::write_questionnaire(&input, questions, entries, 42)?;
    }
    Ok((input, bank))
}

fn measure(
    qfill: &Path,
    input: &Path,
    bank: &Path,
    dir: &Path,
    questions: usize,
    entries: usize,
) -> Result<Row> {
    let mut best: Option<(Duration, f64, serde_json::Value)> = None;
    for _ in 0..RUNS {
        let (wall, peak, stages) = run_once(qfill, input, bank, &dir.join("out.xlsx"), None)?;
        if best.as_ref().is_none_or(|b| wall < b.0) {
            best = Some((wall, peak, stages));
        }
    }
    let (wall, peak, stages) = best.context("no run")?;
    let (match_in_process_ms, match_in_process_cpu_ms) = match_in_process(input, bank)?;
    let mut match_one_thread_ms = f64::INFINITY;
    for _ in 0..RUNS {
        let (_, _, stages) = run_once(qfill, input, bank, &dir.join("out.xlsx"), Some(1))?;
        let ms = stages["match_ms"].as_f64().unwrap_or(f64::INFINITY);
        match_one_thread_ms = match_one_thread_ms.min(ms);
    }
    let floor = (0..RUNS)
        .map(|_| floor(input, &dir.join("floor.xlsx")))
        .collect::<Result<Vec<_>>>()?;
    let floor_ms = floor.into_iter().min().unwrap_or_default().as_secs_f64() * 1000.0;
    let wall_ms = wall.as_secs_f64() * 1000.0;
    Ok(Row {
        questions,
        entries,
        wall_ms,
        peak_mb: peak,
        stages,
        match_one_thread_ms,
        match_in_process_ms,
        match_in_process_cpu_ms,
        floor_ms,
        ratio: wall_ms / floor_ms.max(0.001),
    })
}

/// Runs one fill (on `threads` threads, or as many as there are cores),
/// polling the process's memory high-water mark.
fn run_once(
    qfill: &Path,
    input: &Path,
    bank: &Path,
    out: &Path,
    threads: Option<usize>,
) -> Result<(Duration, f64, serde_json::Value)> {
    let started = Instant::now();
    let mut command = Command::new(qfill);
    if let Some(n) = threads {
        command.env("RAYON_NUM_THREADS", n.to_string());
    }
    let mut child = command
        .arg("fill")
        .arg(input)
        .arg("--bank")
        .arg(bank)
        .arg("-o")
        .arg(out)
        .args(["--force", "-q", "--timings"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0.0_f64;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_path) {
            peak_kb = peak_kb.max(vm_hwm_kb(&text));
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let wall = started.elapsed();
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        std::io::Read::read_to_string(&mut e, &mut stderr)?;
    }
    if !status.success() {
        bail!("qfill failed on {}: {stderr}", input.display());
    }
    let stages = stderr
        .lines()
        .find_map(|l| serde_json::from_str(l).ok())
        .unwrap_or(serde_json::Value::Null);
    Ok((wall, peak_kb / 1024.0, stages))
}

/// The match stage in this process, on this one thread: the questions qfill
/// finds in `input` matched one after another against `bank` (best of
/// [`RUNS`]). Returns the wall time and the thread's CPU time, in ms.
fn match_in_process(input: &Path, bank: &Path) -> Result<(f64, f64)> {
    let bank = qfill::bank::AnswerBank::load(bank)?;
    let matcher = qfill::matcher::Matcher::new(&bank)?;
    let book = qfill::workbook::read(input)?;
    let found = qfill::detect::detect(&book, &Default::default());
    let questions: Vec<&str> = found
        .sheets
        .iter()
        .flat_map(|s| s.questions.iter().map(|q| q.text.as_str()))
        .collect();
    let (mut wall, mut cpu) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..RUNS {
        let (started, cpu_before) = (Instant::now(), thread_cpu_ns());
        for q in &questions {
            std::hint::black_box(matcher.match_question(q));
        }
        wall = wall.min(started.elapsed().as_secs_f64() * 1000.0);
        if let (Some(before), Some(after)) = (cpu_before, thread_cpu_ns()) {
            cpu = cpu.min(after.saturating_sub(before) as f64 / 1e6);
        }
    }
    Ok((wall, cpu))
}

/// The time this thread has spent on a CPU, in ns (Linux only).
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// The best wall time of `qfill match` with the starter bank and the embedded catalogs.
fn startup(qfill: &Path) -> Result<f64> {
    let bank = crate::root().join("answer_bank");
    let mut best = Duration::MAX;
    for _ in 0..STARTUP_RUNS {
        let started = Instant::now();
        let status = Command::new(qfill)
            .args(["match", STARTUP_QUESTION, "--bank"])
            .arg(&bank)
            .stdout(Stdio::null())
            .status()?;
        best = best.min(started.elapsed());
        if !status.success() {
            bail!("qfill match failed");
        }
    }
    Ok(best.as_secs_f64() * 1000.0)
}

/// Prints the targets of issue 8 that these figures check, and whether they hold.
fn print_targets(startup_ms: f64, rows: &[Row]) {
    let mark = |ok: bool| if ok { "ok  " } else { "MISS" };
    println!("\ntargets (issue 8):");
    println!(
        "  {} qfill match start-up under 50 ms: {startup_ms:.1} ms",
        mark(startup_ms < 50.0)
    );
    let find = |q: usize, e: usize| rows.iter().find(|r| r.questions == q && r.entries == e);
    if let Some(r) = find(1_000, 2_000) {
        let (one, cpu) = (r.match_in_process_ms, r.match_in_process_cpu_ms);
        println!(
            "  {} 1,000 x 2,000 matched on one core under 100 ms: {one:.0} ms ({cpu:.0} ms on the CPU)",
            mark(one.min(cpu) < 100.0)
        );
        println!(
            "  {} 1,000 x 2,000 under 0.5 s: {:.0} ms",
            mark(r.wall_ms < 500.0),
            r.wall_ms
        );
        println!(
            "  {} 1,000 x 2,000 within 2x the floor: {:.1}x",
            mark(r.ratio <= 2.0),
            r.ratio
        );
    }
    if let Some(r) = find(10_000, 10_000) {
        let ok = r.wall_ms < 5_000.0 && r.peak_mb < 300.0;
        println!(
            "  {} 10,000 x 10,000 under 5 s and 300 MB: {:.2} s, {:.0} MB",
            mark(ok),
            r.wall_ms / 1000.0,
            r.peak_mb
        );
    }
}

fn vm_hwm_kb(status: &str) -> f64 {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0)
}

/// The floor: read every sheet with calamine and write the values back with rust_xlsxwriter.
fn floor(input: &Path, out: &Path) -> Result<Duration> {
    let started = Instant::now();
    let mut book = open_workbook_auto(input)?;
    let mut writer = rust_xlsxwriter::Workbook::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name)?;
        let ws = writer.add_worksheet().set_name(&name)?;
        for (r, c, v) in range.used_cells() {
            let (r, c) = (r as u32, c as u16);
            match v {
                Data::String(s) => drop(ws.write_string(r, c, s)?),
                Data::Float(f) => drop(ws.write_number(r, c, *f)?),
                Data::Int(i) => drop(ws.write_number(r, c, *i as f64)?),
                other => drop(ws.write_string(r, c, other.to_string())?),
            }
        }
    }
    writer.save(out)?;
    Ok(started.elapsed())
}
