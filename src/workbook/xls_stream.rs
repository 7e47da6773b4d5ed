//! The workbook stream of an xls read the lenient way calamine reads it.
//! The `cfb` crate refuses a damaged compound file that calamine still
//! opens; the preflight that keeps calamine from reserving memory for a
//! damaged sheet must see the bytes calamine will see, so it reads them the
//! same way: header, DIFAT, FAT, directory, mini stream, and the first of
//! "Workbook", "Book", "WORKBOOK", "BOOK". Every loop is bounded by the
//! file's sector count, and anything out of range gives `None`.

use super::xls_meta::{u16_at, u32_at};

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
const MINI_SECTOR: usize = 64;
const MINI_CUTOFF: usize = 4096;

/// The file's sectors, numbered from the one after the header.
struct Sectors<'a> {
    bytes: &'a [u8],
    size: usize,
    /// The first sector's offset (the header takes one sector of 512 bytes,
    /// or 4,096 bytes for large sectors).
    base: usize,
}

impl Sectors<'_> {
    fn count(&self) -> usize {
        self.bytes.len() / self.size + 1
    }

    /// A sector's bytes, short at the end of the file.
    fn get(&self, id: u32) -> Option<&[u8]> {
        if id as usize > self.bytes.len() / self.size {
            return None;
        }
        let start = (self.base + id as usize * self.size).min(self.bytes.len());
        let end = (start + self.size).min(self.bytes.len());
        Some(&self.bytes[start..end])
    }

    /// Up to `len` bytes of the chain from `first`, following `fat`.
    fn chain(&self, first: u32, fat: &[u32], len: usize) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut id = first;
        for _ in 0..self.count() {
            if id == END_OF_CHAIN || out.len() >= len {
                break;
            }
            let sector = self.get(id)?;
            out.extend_from_slice(&sector[..sector.len().min(len - out.len())]);
            id = *fat.get(id as usize)?;
        }
        Some(out)
    }
}

fn words(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// The workbook stream of the compound file in `bytes`, or `None` when
/// calamine could not read one either (or this reader cannot follow it).
pub(super) fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    if u32_at(bytes, 0)? != 0xE011_CFD0 || u32_at(bytes, 4)? != 0xE11A_B1A1 {
        return None;
    }
    let (size, base) = match u16_at(bytes, 30)? {
        9 => (512, 512),
        12 => (4096, 4096),
        _ => return None,
    };
    if u16_at(bytes, 32)? != 6 {
        return None;
    }
    let sectors = Sectors { bytes, size, base };
    let version = u16_at(bytes, 26)?;
    let dir_start = u32_at(bytes, 48)?;
    let mini_fat_start = u32_at(bytes, 60)?;
    let mini_fat_len = u32_at(bytes, 64)? as usize;
    let mut difat: Vec<u32> = words(bytes.get(76..512)?).collect();
    let mut id = u32_at(bytes, 68)?;
    for _ in 0..sectors.count() {
        if id >= RESERVED {
            break;
        }
        difat.extend(words(sectors.get(id)?));
        id = difat.pop()?;
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|&id| id < DIFAT_SECTOR) {
        fat.extend(words(sectors.get(id)?));
    }
    let dirs: Vec<(String, u32, usize)> = sectors
        .chain(dir_start, &fat, usize::MAX)?
        .chunks(128)
        .filter_map(|d| directory(d, size))
        .collect();
    let root = dirs.first()?;
    if version != 3 && root.1 == END_OF_CHAIN {
        return None;
    }
    let (entry_start, entry_len) = ["Workbook", "Book", "WORKBOOK", "BOOK"]
        .iter()
        .find_map(|name| dirs.iter().find(|d| d.0 == *name))
        .map(|d| (d.1, d.2))?;
    if entry_len >= MINI_CUTOFF {
        return sectors.chain(entry_start, &fat, entry_len);
    }
    if mini_fat_len == 0 {
        return None;
    }
    let mini_stream = sectors.chain(root.1, &fat, root.2)?;
    let mini_fat: Vec<u32> =
        words(&sectors.chain(mini_fat_start, &fat, mini_fat_len * size)?).collect();
    let minis = Sectors {
        bytes: &mini_stream,
        size: MINI_SECTOR,
        base: 0,
    };
    minis.chain(entry_start, &mini_fat, entry_len)
}

/// A directory entry's name, first sector and length.
fn directory(entry: &[u8], size: usize) -> Option<(String, u32, usize)> {
    let units: Vec<u16> = entry
        .get(..64)?
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .take_while(|&u| u != 0)
        .collect();
    let name = String::from_utf16_lossy(&units);
    let start = u32_at(entry, 116)?;
    let len = if size == 512 {
        u32_at(entry, 120)? as usize
    } else {
        usize::try_from(u64::from_le_bytes(entry.get(120..128)?.try_into().ok()?)).ok()?
    };
    Some((name, start, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A compound file holding `workbook` and a second, small stream.
    fn compound(workbook: &[u8]) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.xls");
        let mut file = cfb::create(&path).unwrap();
        for (name, body) in [("/Other", &b"another stream"[..]), ("/Workbook", workbook)] {
            let mut s = file.create_stream(name).unwrap();
            std::io::Write::write_all(&mut s, body).unwrap();
        }
        file.flush().unwrap();
        drop(file);
        std::fs::read(&path).unwrap()
    }

    #[test]
    fn reads_the_workbook_stream_from_sectors_and_mini_sectors() {
        let big: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let small: Vec<u8> = (0..300u32).map(|i| (i % 13) as u8).collect();
        for body in [big, small] {
            let bytes = compound(&body);
            assert_eq!(workbook_stream(&bytes).unwrap(), body);
            let cut = workbook_stream(&bytes[..bytes.len() / 2]);
            assert!(
                cut.is_none_or(|s| s != body),
                "a cut file reads short or not at all"
            );
        }
        assert!(workbook_stream(b"not a compound file").is_none());
    }
}
