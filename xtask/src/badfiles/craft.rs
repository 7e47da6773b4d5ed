//! Byte-level builders for hostile files: a zip writer that puts down exactly
//! the bytes it is given (stored entries, or deflate streams made elsewhere),
//! and a deflate "bomb" that repeats one compressed chunk many times, so a
//! part that inflates to gigabytes takes a few milliseconds and a few
//! megabytes to make. Shared by `cargo xtask badfiles` and, through a
//! `#[path]` module, by the integration tests that build the big cases at
//! test time. Only std and flate2, so both sides can include it.

use flate2::{Compress, Compression, Crc, FlushCompress};

/// The DOS time and date every entry carries (2026-01-15 00:00), so output is deterministic.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = ((2026 - 1980) << 9) | (1 << 5) | 15;

/// One zip entry: its name, how its bytes are stored, and what they inflate to.
pub struct Entry {
    pub name: String,
    /// 0 = stored, 8 = deflate.
    pub method: u16,
    pub data: Vec<u8>,
    pub crc: u32,
    pub size: u32,
}

impl Entry {
    /// An uncompressed entry.
    pub fn stored(name: &str, bytes: &[u8]) -> Entry {
        let mut crc = Crc::new();
        crc.update(bytes);
        Entry {
            name: name.to_string(),
            method: 0,
            data: bytes.to_vec(),
            crc: crc.sum(),
            size: bytes.len() as u32,
        }
    }

    /// A deflated entry made of runs: each `(pattern, count)` is `pattern`
    /// repeated `count` times. Long runs cost a few bytes per megabyte: one
    /// compressed block of about 1 MiB is laid down again and again.
    pub fn deflated(name: &str, runs: &[(&[u8], u32)]) -> Entry {
        let (mut data, mut crc, mut size) = (Vec::new(), Crc::new(), 0u64);
        for &(pattern, count) in runs {
            if pattern.is_empty() || count == 0 {
                continue;
            }
            let per = (BLOCK / pattern.len()).clamp(1, count as usize) as u32;
            let block = pattern.repeat(per as usize);
            let body = sync_deflate(&block);
            for _ in 0..count / per {
                data.extend_from_slice(&body);
            }
            crc.combine(&repeated_crc(&block, count / per));
            let rest = pattern.repeat((count % per) as usize);
            data.extend(sync_deflate(&rest));
            crc.combine(&repeated_crc(&rest, 1));
            size += pattern.len() as u64 * u64::from(count);
        }
        data.extend_from_slice(&[0x03, 0x00]); // a final, empty fixed-Huffman block
        Entry {
            name: name.to_string(),
            method: 8,
            data,
            crc: crc.sum(),
            size: u32::try_from(size).unwrap_or(u32::MAX),
        }
    }
}

/// The inflated size of one repeated block.
const BLOCK: usize = 1 << 20;

/// Raw deflate of `bytes` ending on a byte boundary with no final block, so
/// such pieces can be laid end to end.
fn sync_deflate(bytes: &[u8]) -> Vec<u8> {
    let mut c = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    let mut input = bytes;
    loop {
        out.reserve(4096);
        let before = c.total_in();
        let status = c.compress_vec(input, &mut out, FlushCompress::Sync);
        input = &input[(c.total_in() - before) as usize..];
        if status.is_err() || (input.is_empty() && out.len() < out.capacity()) {
            return out;
        }
    }
}

/// The CRC of `chunk` repeated `times` times, by doubling (log2(times) combines).
fn repeated_crc(chunk: &[u8], times: u32) -> Crc {
    let mut unit = Crc::new();
    unit.update(chunk);
    let mut total = Crc::new();
    let mut n = times;
    while n > 0 {
        if n & 1 == 1 {
            total.combine(&unit);
        }
        let copy = clone_crc(&unit);
        unit.combine(&copy);
        n >>= 1;
    }
    total
}

fn clone_crc(c: &Crc) -> Crc {
    // `Crc` is not `Clone`; rebuild it from its sum and length.
    let mut out = Crc::new();
    out.combine(c);
    out
}

/// A zip archive of `entries`, in order, with a central directory.
pub fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        header(&mut out, 0x0403_4b50, e, None);
        out.extend_from_slice(&e.data);
        header(&mut central, 0x0201_4b50, e, Some(offset));
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    let n = entries.len() as u16;
    for v in [n, n] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&[0; 2]);
    out
}

/// A local header (`central` is `None`) or a central directory record.
fn header(out: &mut Vec<u8>, signature: u32, e: &Entry, central: Option<u32>) {
    out.extend_from_slice(&signature.to_le_bytes());
    if central.is_some() {
        out.extend_from_slice(&20u16.to_le_bytes()); // version made by
    }
    for v in [20u16, 0, e.method, DOS_TIME, DOS_DATE] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for v in [e.crc, e.data.len() as u32, e.size] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // extra field length
    if let Some(offset) = central {
        out.extend_from_slice(&[0; 10]); // comment length, disk, internal and external attributes
        out.extend_from_slice(&offset.to_le_bytes());
    }
    out.extend_from_slice(e.name.as_bytes());
}
