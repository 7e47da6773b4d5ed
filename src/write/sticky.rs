//! A writer that stops at its first error and then accepts everything
//! silently. The zip writer finishes the archive when it is dropped and
//! prints to stderr if that fails; after a write has failed (a full disk),
//! qfill reports the first error itself and drops the half-written
//! temporary file, so the zip writer's last attempt must go nowhere quietly.

use std::io::{Result, Seek, SeekFrom, Write};

/// Wraps `W`; after the first failed write or seek, everything succeeds and
/// does nothing, while positions keep moving as if the bytes were written
/// (the zip writer checks them).
pub(crate) struct Sticky<W> {
    inner: W,
    failed: bool,
    /// The position the caller believes it is at.
    pos: u64,
}

impl<W> Sticky<W> {
    pub(crate) fn new(inner: W) -> Sticky<W> {
        Sticky {
            inner,
            failed: false,
            pos: 0,
        }
    }

    fn note<T>(&mut self, result: Result<T>) -> Result<T> {
        self.failed |= result.is_err();
        result
    }
}

impl<W: Write> Write for Sticky<W> {
    fn write(&mut self, buf: &[u8]) -> Result<usize> {
        if self.failed {
            self.pos += buf.len() as u64;
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        let n = self.note(result)?;
        self.pos += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> Result<()> {
        if self.failed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.note(result)
    }
}

impl<W: Seek> Seek for Sticky<W> {
    fn seek(&mut self, to: SeekFrom) -> Result<u64> {
        if self.failed {
            self.pos = match to {
                SeekFrom::Start(n) => n,
                SeekFrom::Current(d) | SeekFrom::End(d) => self.pos.saturating_add_signed(d),
            };
            return Ok(self.pos);
        }
        let result = self.inner.seek(to);
        self.pos = self.note(result)?;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Accepts `room` bytes, then fails like a full disk.
    struct Full {
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> Result<usize> {
            if buf.len() > self.room {
                return Err(std::io::ErrorKind::StorageFull.into());
            }
            self.room -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_first_error_is_reported_then_writes_go_nowhere() {
        let mut w = Sticky::new(Full { room: 4 });
        assert!(w.write_all(b"abc").is_ok());
        let err = w.write_all(b"defgh").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::StorageFull);
        assert!(w.write_all(b"more").is_ok());
        assert!(w.flush().is_ok());
        assert_eq!(w.pos, 3 + 4, "the failed write moved nothing");
    }
}
