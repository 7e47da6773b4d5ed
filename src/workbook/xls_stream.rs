//! The workbook stream of an xls read the lenient way calamine reads it.
//! The `cfb` crate refuses a damaged compound file that calamine still
//! opens; the preflight that keeps calamine from reserving memory for a
//! damaged sheet must see the bytes calamine will see, so it reads them the
//! same way: header, DIFAT, FAT, directory, mini stream, and the first of
//! "Workbook", "Book", "WORKBOOK", "BOOK". Every loop is bounded by the
//! file's sector count, and anything out of range gives `None`. A chain
//! that outruns the sector count loops back on itself: calamine would
//! follow it for ever, so that is [`Loops`], and the file is refused.

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
    fn chain(&self, first: u32, fat: &[u32], len: usize) -> Walk<Vec<u8>> {
        let mut out = Vec::new();
        let mut id = first;
        for _ in 0..=self.count() {
            if id == END_OF_CHAIN || out.len() >= len {
                return Ok(Some(out));
            }
            let Some(sector) = self.get(id) else {
                return Ok(None);
            };
            out.extend_from_slice(&sector[..sector.len().min(len - out.len())]);
            let Some(&next) = fat.get(id as usize) else {
                return Ok(None);
            };
            id = next;
        }
        Err(Loops)
    }
}

/// A sector chain that visits more sectors than the file has: it loops back
/// on itself, and calamine, which follows chains without a bound, would run
/// until memory ran out.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Loops;

/// What following the file's chains gives: `Ok(None)` where calamine would
/// fail on its own (out of range, too short).
pub(super) type Walk<T> = Result<Option<T>, Loops>;

fn words(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// The workbook stream of the compound file in `bytes`: `Ok(None)` when
/// calamine could not read one either (or this reader cannot follow it),
/// [`Loops`] when calamine would never finish trying.
pub(super) fn workbook_stream(bytes: &[u8]) -> Walk<Vec<u8>> {
    let Some(header) = Header::read(bytes) else {
        return Ok(None);
    };
    let sectors = Sectors {
        bytes,
        size: header.size,
        base: header.size,
    };
    let Some(fat) = fat(bytes, &sectors, &header)? else {
        return Ok(None);
    };
    let Some(dirs) = sectors.chain(header.dir_start, &fat, usize::MAX)? else {
        return Ok(None);
    };
    let dirs: Vec<(String, u32, usize)> = dirs
        .chunks(128)
        .filter_map(|d| directory(d, header.size))
        .collect();
    let Some(root) = dirs.first() else {
        return Ok(None);
    };
    if header.version != 3 && root.1 == END_OF_CHAIN {
        return Ok(None);
    }
    let Some((entry_start, entry_len)) = ["Workbook", "Book", "WORKBOOK", "BOOK"]
        .iter()
        .find_map(|name| dirs.iter().find(|d| d.0 == *name))
        .map(|d| (d.1, d.2))
    else {
        return Ok(None);
    };
    if entry_len >= MINI_CUTOFF {
        return sectors.chain(entry_start, &fat, entry_len);
    }
    if header.mini_fat_len == 0 {
        return Ok(None);
    }
    let Some(mini_stream) = sectors.chain(root.1, &fat, root.2)? else {
        return Ok(None);
    };
    let mini_fat_bytes = header.mini_fat_len.saturating_mul(header.size);
    let Some(mini_fat) = sectors.chain(header.mini_fat_start, &fat, mini_fat_bytes)? else {
        return Ok(None);
    };
    let mini_fat: Vec<u32> = words(&mini_fat).collect();
    let minis = Sectors {
        bytes: &mini_stream,
        size: MINI_SECTOR,
        base: 0,
    };
    minis.chain(entry_start, &mini_fat, entry_len)
}

/// The compound file header's fields that the walk needs.
struct Header {
    size: usize,
    version: u16,
    dir_start: u32,
    mini_fat_start: u32,
    mini_fat_len: usize,
    difat_start: u32,
}

impl Header {
    fn read(bytes: &[u8]) -> Option<Header> {
        if u32_at(bytes, 0)? != 0xE011_CFD0 || u32_at(bytes, 4)? != 0xE11A_B1A1 {
            return None;
        }
        let size = match u16_at(bytes, 30)? {
            9 => 512,
            12 => 4096,
            _ => return None,
        };
        if u16_at(bytes, 32)? != 6 {
            return None;
        }
        Some(Header {
            size,
            version: u16_at(bytes, 26)?,
            dir_start: u32_at(bytes, 48)?,
            mini_fat_start: u32_at(bytes, 60)?,
            mini_fat_len: u32_at(bytes, 64)? as usize,
            difat_start: u32_at(bytes, 68)?,
        })
    }
}

/// The FAT, read from the sectors the DIFAT lists (the header's 109 entries,
/// then the DIFAT sectors' chain, each sector's last entry naming the next).
fn fat(bytes: &[u8], sectors: &Sectors, header: &Header) -> Walk<Vec<u32>> {
    let Some(first) = bytes.get(76..512) else {
        return Ok(None);
    };
    let mut difat: Vec<u32> = words(first).collect();
    let mut id = header.difat_start;
    let mut steps = 0;
    while id < RESERVED {
        steps += 1;
        if steps > sectors.count() {
            return Err(Loops);
        }
        let Some(sector) = sectors.get(id) else {
            return Ok(None);
        };
        difat.extend(words(sector));
        let Some(next) = difat.pop() else {
            return Ok(None);
        };
        id = next;
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|&id| id < DIFAT_SECTOR) {
        let Some(sector) = sectors.get(id) else {
            return Ok(None);
        };
        fat.extend(words(sector));
    }
    Ok(Some(fat))
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
            assert_eq!(workbook_stream(&bytes).unwrap().unwrap(), body);
            let cut = workbook_stream(&bytes[..bytes.len() / 2]).unwrap();
            assert!(
                cut.is_none_or(|s| s != body),
                "a cut file reads short or not at all"
            );
        }
        assert_eq!(workbook_stream(b"not a compound file"), Ok(None));
    }

    /// `bytes` with the little-endian `value` written at `at`.
    fn patched(mut bytes: Vec<u8>, at: usize, value: u32) -> Vec<u8> {
        bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
        bytes
    }

    /// Where sector `id` starts in a compound file's bytes.
    fn sector_at(bytes: &[u8], id: u32) -> usize {
        let size = 1usize << u16_at(bytes, 30).unwrap();
        size + id as usize * size
    }

    #[test]
    fn a_difat_sector_naming_itself_loops() {
        let bytes = compound(&[7u8; 10_000]);
        assert!(workbook_stream(&bytes).unwrap().is_some());
        // The DIFAT chain starts at sector 0, whose last entry names sector 0.
        let last = sector_at(&bytes, 1) - 4;
        let looped = patched(patched(bytes, 68, 0), last, 0);
        assert_eq!(workbook_stream(&looped), Err(Loops));
    }

    #[test]
    fn a_directory_chain_back_to_its_start_loops() {
        let bytes = compound(&[7u8; 10_000]);
        let dir_start = u32_at(&bytes, 48).unwrap();
        let fat_sector = u32_at(&bytes, 76).unwrap();
        // The FAT entry of the directory's first sector names that sector.
        let entry = sector_at(&bytes, fat_sector) + dir_start as usize * 4;
        let looped = patched(bytes, entry, dir_start);
        assert_eq!(workbook_stream(&looped), Err(Loops));
    }
}
