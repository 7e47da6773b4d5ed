//! Writing an output file so that a failure leaves nothing half-written: write a
//! temporary file beside the destination, then rename it into place. The input
//! is never the destination, and an existing output is replaced only on request.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The temporary files being written now, so that an interrupted run
/// (Ctrl-C, `kill`) can remove them: the binary's signal handler calls
/// [`remove_pending`]. Unwinding and ordinary errors remove them already.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every temporary file still being written. For a signal handler
/// only: the process must exit right after. The registry stays locked, so
/// a write that finishes meanwhile cannot register another file.
pub fn remove_pending() {
    let pending = PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for path in pending.iter() {
        let _ = std::fs::remove_file(path);
    }
    std::mem::forget(pending);
}

/// Holds a temporary file's path in [`PENDING`] while it lives.
struct Pending(PathBuf);

impl Pending {
    fn new(path: &Path) -> Self {
        let mut pending = PENDING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        pending.push(path.to_path_buf());
        Pending(path.to_path_buf())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let mut pending = PENDING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        pending.retain(|p| *p != self.0);
    }
}

/// Whether to replace an existing output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    Refuse,
    Replace,
}

/// Checks that `output` may be written for `input` before any work starts.
///
/// # Errors
/// The output is the input, already exists (without `Replace`), or its directory is missing.
pub fn check_output(input: &Path, output: &Path, overwrite: Overwrite) -> Result<()> {
    if same_file(input, output) {
        return Err(Error::OutputIsInput {
            path: output.to_path_buf(),
        });
    }
    if output.exists() && overwrite == Overwrite::Refuse {
        return Err(Error::OutputExists {
            path: output.to_path_buf(),
        });
    }
    let dir = parent_dir(output);
    if !dir.is_dir() {
        return Err(Error::Io {
            path: output.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "the output directory does not exist",
            ),
        });
    }
    Ok(())
}

/// Runs `produce` on a temporary path beside `output`, then moves the result into place.
///
/// # Errors
/// Whatever `produce` returns, and I/O errors creating or renaming the file;
/// in every case no file is left at `output` or beside it.
pub fn write_atomically<T>(
    output: &Path,
    overwrite: Overwrite,
    produce: impl FnOnce(&Path) -> Result<T>,
) -> Result<T> {
    let io = |source| Error::Io {
        path: output.to_path_buf(),
        source,
    };
    let dir = parent_dir(output);
    let temp = tempfile::Builder::new()
        .prefix(".qfill-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(io)?;
    let _pending = Pending::new(temp.path());
    let produced = produce(temp.path()).map_err(|e| match e {
        // The temporary file's name means nothing to the user; the output's does.
        Error::Io { path, source } if path == temp.path() => Error::Io {
            path: output.to_path_buf(),
            source,
        },
        e => e,
    })?;
    readable_by_others(temp.path());
    let persisted = match overwrite {
        Overwrite::Replace => temp.persist(output),
        Overwrite::Refuse => temp.persist_noclobber(output),
    };
    persisted.map(|_| produced).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Error::OutputExists {
                path: output.to_path_buf(),
            }
        } else {
            io(e.error)
        }
    })
}

/// Writes several files as one change: every file's text goes to a
/// temporary file beside it first, and only when all are written are they
/// renamed into place (replacing what was there). A failure before the
/// renames leaves every file as it was.
pub fn write_all_atomically(files: &[(PathBuf, String)]) -> Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, text) in files {
        let io = |source| Error::Io {
            path: path.clone(),
            source,
        };
        let mut temp = tempfile::Builder::new()
            .prefix(".qfill-")
            .suffix(".tmp")
            .tempfile_in(parent_dir(path))
            .map_err(|e| io(std::io::Error::from(e.kind())))?;
        let pending = Pending::new(temp.path());
        std::io::Write::write_all(&mut temp, text.as_bytes())
            .and_then(|()| temp.as_file().sync_all())
            .map_err(io)?;
        readable_by_others(temp.path());
        staged.push((temp, path, pending));
    }
    for (temp, path, _pending) in staged {
        temp.persist(path).map_err(|e| Error::Io {
            path: path.clone(),
            source: e.error,
        })?;
    }
    Ok(())
}

/// Temporary files are created private (0600); an output file should have the
/// usual permissions of a new file.
#[cfg(unix)]
fn readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644));
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path) {}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Whether two paths name the same file, existing or not: `out/q.json` and
/// `./out/../out/q.json` do, as do a link and its target.
pub fn same_destination(a: &Path, b: &Path) -> bool {
    same_file(a, b) || resolved(a) == resolved(b)
}

/// A path with its directory resolved (the file itself need not exist).
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (parent_dir(path).canonicalize(), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(path: &Path) -> bool {
        PENDING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .any(|p| p == path)
    }

    #[test]
    fn a_temporary_file_is_registered_only_while_it_is_written() {
        // What an interrupt handler removes: the file being written, and
        // nothing once it is in place or has failed.
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("o.xlsx");
        let mut seen = None;
        write_atomically(&out, Overwrite::Refuse, |temp| {
            assert!(pending(temp), "{}", temp.display());
            seen = Some(temp.to_path_buf());
            std::fs::write(temp, b"x").map_err(|source| Error::Io {
                path: temp.to_path_buf(),
                source,
            })
        })
        .unwrap();
        let mut seen = seen.unwrap();
        assert!(!pending(&seen) && out.exists());
        let failed = write_atomically(&tmp.path().join("f.xlsx"), Overwrite::Refuse, |temp| {
            seen = temp.to_path_buf();
            Err::<(), _>(Error::Internal("stop".into()))
        });
        assert!(failed.is_err() && !pending(&seen) && !seen.exists());
    }

    #[test]
    fn refuses_input_and_existing_output() {
        let tmp = tempfile::tempdir().unwrap();
        let input = tmp.path().join("q.xlsx");
        std::fs::write(&input, b"x").unwrap();
        assert!(matches!(
            check_output(&input, &input, Overwrite::Replace),
            Err(Error::OutputIsInput { .. })
        ));
        let out = tmp.path().join("o.xlsx");
        std::fs::write(&out, b"old").unwrap();
        assert!(matches!(
            check_output(&input, &out, Overwrite::Refuse),
            Err(Error::OutputExists { .. })
        ));
        assert!(check_output(&input, &out, Overwrite::Replace).is_ok());
        assert!(check_output(&input, &tmp.path().join("no/o.xlsx"), Overwrite::Refuse).is_err());
    }

    #[test]
    fn destinations_compare_through_their_directories() {
        let tmp = tempfile::tempdir().unwrap();
        let sub = tmp.path().join("out");
        std::fs::create_dir(&sub).unwrap();
        let a = sub.join("r.json");
        let b = tmp.path().join("out/../out/r.json");
        assert!(same_destination(&a, &b));
        assert!(!same_destination(&a, &sub.join("s.json")));
        std::fs::write(&a, b"{}").unwrap();
        assert!(same_destination(&a, &b));
    }

    #[test]
    fn failure_leaves_nothing_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("o.xlsx");
        let err = write_atomically::<()>(&out, Overwrite::Refuse, |p| {
            std::fs::write(p, b"half").unwrap();
            Err(Error::Internal("boom".into()))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
        write_atomically(&out, Overwrite::Refuse, |p| {
            std::fs::write(p, b"ok").unwrap();
            Ok(())
        })
        .unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"ok");
    }
}
