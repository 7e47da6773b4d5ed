//! Output problems: a missing or read-only directory, the input as output, a
//! full disk. Each ends with exit 2, a message naming the output and what to
//! do, the input unchanged, and no output or temporary file left behind.
//! The read-only and full-disk cases mount a tiny tmpfs when qfill's tests
//! run as root (as on CI), and fall back to permissions or skip with a notice.

use crate::util::{Run, hash, listing, qfill_bounded, workspace};
use std::path::{Path, PathBuf};
use std::process::Command;

const ACME: &str = "acme_vendor_security.xlsx";

/// Runs fill with `-o out` and checks the input and the listing of `watch`.
fn fill_to(dir: &Path, out: &str, watch: &Path) -> Run {
    let before = (hash(&dir.join(ACME)), listing(dir), listing(watch));
    let (run, _) = qfill_bounded(dir, &["fill", ACME, "-o", out], 2048, 90);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(run.stderr.contains("\n  hint: "), "{}", run.stderr);
    assert_eq!(hash(&dir.join(ACME)), before.0, "the input changed");
    assert_eq!(listing(dir), before.1, "files left behind");
    assert_eq!(
        listing(watch),
        before.2,
        "files left in the output directory"
    );
    run
}

fn assert_says(run: &Run, wants: &[&str]) {
    for want in wants {
        assert!(run.stderr.contains(want), "want {want:?} in {}", run.stderr);
    }
}

/// A tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, options: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).ok()?;
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                options,
                "qfill-test",
                &at.to_string_lossy(),
            ])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn missing_directory_and_input_as_output() {
    let tmp = workspace(&[ACME]);
    let run = fill_to(tmp.path(), "missing/dir/out.xlsx", tmp.path());
    assert_says(
        &run,
        &[
            "missing/dir/out.xlsx: the output directory does not exist",
            "check the path",
        ],
    );
    let run = fill_to(tmp.path(), ACME, tmp.path());
    assert_says(
        &run,
        &[
            "the output would overwrite the input questionnaire",
            "qfill never overwrites",
        ],
    );
    let run = fill_to(tmp.path(), &format!("./{ACME}"), tmp.path());
    assert_says(&run, &["would overwrite the input"]);
}

#[test]
fn read_only_output_directory() {
    let tmp = workspace(&[ACME]);
    let ro = tmp.path().join("ro");
    let _mount = Tmpfs::mount(&ro, "ro,size=64k");
    if _mount.is_none() {
        use std::os::unix::fs::PermissionsExt;
        std::fs::create_dir_all(&ro).expect("mkdir");
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        if std::fs::write(ro.join("probe"), b"x").is_ok() {
            eprintln!(
                "notice: root ignores permissions and no tmpfs could be mounted; the read-only case is skipped"
            );
            return;
        }
    }
    let run = fill_to(tmp.path(), "ro/out.xlsx", &ro);
    assert!(
        run.stderr.contains("Read-only file system") || run.stderr.contains("Permission denied"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("ro/out.xlsx"), "{}", run.stderr);
}

#[test]
fn full_disk_leaves_nothing_behind() {
    let tmp = workspace(&[ACME]);
    let full = tmp.path().join("full");
    let Some(_mount) = Tmpfs::mount(&full, "size=4k") else {
        eprintln!("notice: no tmpfs could be mounted (needs root); the full-disk case is skipped");
        return;
    };
    let run = fill_to(tmp.path(), "full/out.xlsx", &full);
    assert_says(
        &run,
        &[
            "full/out.xlsx",
            "No space left on device",
            "the disk is full",
        ],
    );
}
