//! `cargo xtask fuzz [--minutes N] [--target NAME]`: a mutation fuzzer that
//! runs on the stable toolchain, for machines without cargo-fuzz. It drives
//! the same entry points as the cargo-fuzz targets in `fuzz/`
//! (`qfill::fuzzing`): seeds come from the committed corpus, the samples
//! and the bank; each input is a seed with random byte flips, truncations,
//! splices and interesting tokens, and zip inputs are also mutated inside
//! one part and re-zipped (so the mutation survives the CRC check).
//!
//! A supervisor runs each target in a child process under a memory limit.
//! Panics are caught in the child and saved; an abort, an out-of-memory kill
//! or a hang ends the child, and the supervisor saves the input it was
//! running. Findings go to `tests/fixtures/bad/regressions/` named
//! `<target>-<hash>.bin`, where a test replays them. Not part of CI.

use crate::badfiles::craft::{Entry, zip};
use anyhow::{Context, Result, bail};
use qfill::fuzzing::Target;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Memory limit for a worker (virtual address space, MiB).
const WORKER_MEM_MIB: u64 = 4096;
/// A worker that reports no progress for this long is hung.
const HANG: Duration = Duration::from_secs(60);

pub fn regressions() -> PathBuf {
    crate::badfiles::dir().join("regressions")
}

/// `cargo xtask fuzz`: the supervisor.
pub fn run(args: &[String]) -> Result<()> {
    let minutes: f64 = flag(args, "--minutes").map_or(Ok(10.0), |m| m.parse())?;
    let targets: Vec<Target> = match flag(args, "--target") {
        Some(name) => vec![Target::from_name(name).context("targets: read, fill, bank, csv")?],
        None => Target::ALL.to_vec(),
    };
    std::fs::create_dir_all(regressions())?;
    let per_target = Duration::from_secs_f64(minutes * 60.0 / targets.len() as f64);
    for target in targets {
        supervise(target, per_target)?;
    }
    Ok(())
}

fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1).map(String::as_str)
}

/// Runs workers for `target` until `budget` is spent, restarting after crashes.
fn supervise(target: Target, budget: Duration) -> Result<()> {
    let started = Instant::now();
    let state = std::env::temp_dir().join(format!("qfill-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&state)?;
    let current = state.join(format!("{}.current", target.name()));
    let heartbeat = state.join(format!("{}.heartbeat", target.name()));
    let mut seed = started.elapsed().as_nanos() as u64 ^ 0x9E37_79B9_7F4A_7C15;
    let mut runs = 0u64;
    while started.elapsed() < budget {
        let left = budget - started.elapsed();
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let outcome = worker_process(target, left, seed, &current, &heartbeat)?;
        runs += std::fs::read_to_string(&heartbeat)
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .unwrap_or(0);
        if let Some(why) = outcome {
            let saved = save(target, &std::fs::read(&current).unwrap_or_default())?;
            println!(
                "{}: {why}; input saved as {}",
                target.name(),
                saved.display()
            );
        }
    }
    println!(
        "{}: {runs} inputs in {:.1} minutes",
        target.name(),
        started.elapsed().as_secs_f64() / 60.0
    );
    std::fs::remove_dir_all(&state).ok();
    Ok(())
}

/// Runs one worker; `Some(reason)` when it died or hung.
fn worker_process(
    target: Target,
    left: Duration,
    seed: u64,
    current: &Path,
    heartbeat: &Path,
) -> Result<Option<String>> {
    let exe = std::env::current_exe()?;
    let script = format!("ulimit -v {}; exec \"$0\" \"$@\"", WORKER_MEM_MIB * 1024);
    let mut child = Command::new("sh")
        .args(["-c", &script])
        .arg(exe)
        .arg("fuzz-worker")
        .args([
            target.name(),
            &left.as_secs().max(1).to_string(),
            &seed.to_string(),
        ])
        .arg(current)
        .arg(heartbeat)
        .spawn()?;
    let mut last = (0u64, Instant::now());
    loop {
        if let Some(status) = child.try_wait()? {
            // The shell's "not found": the xtask binary was rebuilt (and
            // deleted) under the run; no input is to blame.
            if status.code() == Some(127) {
                bail!("the fuzz worker could not start: was xtask rebuilt during the run?");
            }
            return Ok((!status.success()).then(|| format!("the worker died ({status})")));
        }
        let beat = std::fs::read_to_string(heartbeat).unwrap_or_default();
        let beat = beat.trim().parse::<u64>().unwrap_or(0);
        if beat != last.0 {
            last = (beat, Instant::now());
        } else if last.1.elapsed() > HANG {
            child.kill().ok();
            child.wait().ok();
            return Ok(Some(format!(
                "an input ran for more than {} s",
                HANG.as_secs()
            )));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Saves a finding under `regressions/` (named by its hash, so twice is once).
fn save(target: Target, bytes: &[u8]) -> Result<PathBuf> {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let path = regressions().join(format!("{}-{hash:016x}.bin", target.name()));
    std::fs::write(&path, bytes)?;
    Ok(path)
}

/// `xtask fuzz-worker TARGET SECONDS SEED CURRENT HEARTBEAT`: the mutation loop.
pub fn worker(args: &[String]) -> Result<()> {
    let [name, secs, seed, current, heartbeat] = args else {
        bail!("usage: xtask fuzz-worker TARGET SECONDS SEED CURRENT HEARTBEAT");
    };
    let target = Target::from_name(name).context("unknown target")?;
    let deadline = Instant::now() + Duration::from_secs(secs.parse()?);
    let seeds = seeds(target)?;
    if seeds.is_empty() {
        bail!("no seeds for {}", target.name());
    }
    let panics = record_panics();
    let mut rng = Rng(seed.parse::<u64>()? | 1);
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut n = 0u64;
    while Instant::now() < deadline {
        let input = mutate(&mut rng, &seeds);
        std::fs::write(current, &input)?;
        if std::panic::catch_unwind(|| target.run(&input)).is_err() {
            let place = panics.lock().map(|p| p.clone()).unwrap_or_default();
            let count = seen.entry(place.clone()).or_default();
            *count += 1;
            if *count <= 3 {
                let saved = save(target, &input)?;
                println!(
                    "{}: panic {place}; input saved as {}",
                    target.name(),
                    saved.display()
                );
            }
        }
        n += 1;
        std::fs::write(heartbeat, n.to_string())?;
    }
    Ok(())
}

/// Installs a silent panic hook that keeps the last panic's place and message.
fn record_panics() -> std::sync::Arc<std::sync::Mutex<String>> {
    let last = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let keep = last.clone();
    std::panic::set_hook(Box::new(move |info| {
        let place = info
            .location()
            .map(|l| format!("at {}:{}", l.file(), l.line()));
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if let Ok(mut l) = keep.lock() {
            *l = format!("{} ({message})", place.unwrap_or_default());
        }
    }));
    last
}

/// The seed inputs for a target: committed corpus files, samples, the bank, earlier findings.
fn seeds(target: Target) -> Result<Vec<Vec<u8>>> {
    let root = crate::root();
    let exts: &[&str] = match target {
        Target::Read | Target::Fill => &["xlsx", "xls", "ods"],
        Target::Csv => &["csv"],
        Target::Bank => &["toml"],
    };
    let mut files = Vec::new();
    for dir in [
        crate::badfiles::dir(),
        root.join("samples"),
        root.join("answer_bank"),
        root.join("tests/fixtures/xls"),
    ] {
        collect(&dir, exts, &mut files)?;
    }
    let prefix = format!("{}-", target.name());
    for e in std::fs::read_dir(regressions())?.flatten() {
        if e.file_name().to_string_lossy().starts_with(&prefix) {
            files.push(e.path());
        }
    }
    Ok(files
        .iter()
        .filter_map(|f| std::fs::read(f).ok())
        .filter(|b| !b.is_empty() && b.len() < 64 * 1024)
        .collect())
}

fn collect(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) -> Result<()> {
    for e in std::fs::read_dir(dir)?.flatten() {
        let path = e.path();
        if path.is_dir() && e.file_name() != "regressions" {
            collect(&path, exts, out)?;
        } else if path
            .extension()
            .is_some_and(|x| exts.iter().any(|e| x == *e))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// xorshift64*: small, fast, reproducible from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Tokens that reach interesting code: limits, references, structure.
const TOKENS: &[&str] = &[
    "<row r=\"1048576\">",
    "<c r=\"XFD1048576\">",
    "</sheetData>",
    "<sheetData/>",
    "uniqueCount=\"4294967295\"",
    " t=\"s\"",
    " t=\"inlineStr\"",
    "<v>4294967295</v>",
    "<v>-1</v>",
    "<f>A1</f>",
    " s=\"99999\"",
    "&#0;",
    "&#x1F;",
    "<![CDATA[",
    "]]>",
    " r:id=\"rId99\"",
    " ref=\"A1:XFD1048576\"",
    " sqref=\"A1:XFD1048576\"",
    "<mergeCell ref=\"A1:C3\"/>",
    "<dataValidation type=\"list\" sqref=\"C2\"><formula1>\"Yes,No\"</formula1></dataValidation>",
    "<sheetProtection sheet=\"1\"/>",
    "_x0000_",
    "\"",
    "\r\n",
    "\n",
    ",",
    ";",
    "=",
    "[[entry]]\n",
    "id = \"x\"\n",
    "reviewed = 2026-02-30\n",
    "\u{FEFF}",
    "\u{0}",
    "{{company}}",
    "\\u0000",
    "'''",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut input = seeds[rng.below(seeds.len())].clone();
    if input.starts_with(b"PK")
        && rng.below(10) < 7
        && let Some(rezipped) = mutate_part(rng, &input, seeds)
    {
        return rezipped;
    }
    for _ in 0..1 + rng.below(6) {
        mutate_bytes(rng, &mut input, seeds);
    }
    input
}

/// Mutates the inflated bytes of one zip entry and re-zips every entry stored.
fn mutate_part(rng: &mut Rng, bytes: &[u8], seeds: &[Vec<u8>]) -> Option<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).ok()?;
        let mut data = Vec::new();
        (&mut f).take(16 << 20).read_to_end(&mut data).ok()?;
        parts.push((f.name().to_string(), data));
    }
    if parts.is_empty() {
        return None;
    }
    let pick = rng.below(parts.len());
    for _ in 0..1 + rng.below(4) {
        mutate_bytes(rng, &mut parts[pick].1, seeds);
    }
    if rng.below(20) == 0 {
        parts.remove(rng.below(parts.len()));
    }
    let entries: Vec<Entry> = parts.iter().map(|(n, d)| Entry::stored(n, d)).collect();
    Some(zip(&entries))
}

fn mutate_bytes(rng: &mut Rng, input: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    let len = input.len();
    let at = rng.below(len + 1);
    match rng.below(8) {
        0 if len > 0 => input[at.min(len - 1)] ^= 1 << rng.below(8),
        1 if len > 0 => {
            input[at.min(len - 1)] = [0, 0xFF, b'<', b'>', b'"', b'&', 0x80, b'9'][rng.below(8)]
        }
        2 => input.truncate(at),
        3 if at < len => {
            let end = (at + rng.below(64)).min(len);
            input.drain(at..end);
        }
        4 if at < len => {
            let end = (at + rng.below(256)).min(len);
            let copy = input[at..end].to_vec();
            let to = rng.below(input.len() + 1);
            input.splice(
                to..to,
                copy.iter()
                    .copied()
                    .cycle()
                    .take(copy.len() * (1 + rng.below(4))),
            );
        }
        5 => {
            let other = &seeds[rng.below(seeds.len())];
            let from = rng.below(other.len());
            let end = (from + rng.below(512)).min(other.len());
            input.splice(at..at, other[from..end].iter().copied());
        }
        _ => {
            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
            input.splice(at..at, token.iter().copied());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_are_reproducible_and_rezip_cleanly() {
        let seeds =
            vec![std::fs::read(crate::badfiles::dir().join("huge_dimension.xlsx")).unwrap()];
        let (mut a, mut b) = (Rng(7), Rng(7));
        for _ in 0..50 {
            assert_eq!(mutate(&mut a, &seeds), mutate(&mut b, &seeds));
        }
        let rezipped = mutate_part(&mut Rng(3), &seeds[0], &seeds).unwrap();
        assert!(zip::ZipArchive::new(std::io::Cursor::new(rezipped)).is_ok());
    }

    /// Every saved finding still runs without a panic (the fixes hold).
    #[test]
    fn regressions_no_longer_panic() {
        let Ok(dir) = std::fs::read_dir(regressions()) else {
            return;
        };
        for e in dir.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(target) = name.split('-').next().and_then(Target::from_name) else {
                continue;
            };
            let bytes = std::fs::read(e.path()).unwrap();
            assert!(
                std::panic::catch_unwind(|| target.run(&bytes)).is_ok(),
                "{name} panics again"
            );
        }
    }
}
