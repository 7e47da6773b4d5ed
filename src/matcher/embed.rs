//! Sentence vectors without a model: a static embedding table distilled from
//! all-MiniLM-L6-v2 (the Model2Vec recipe, see `xtask/distill/`). Each word
//! piece of the model's vocabulary has one int8 vector, already weighted by how
//! rare the piece is; a sentence's vector is the mean of its pieces' vectors,
//! L2-normalised. That costs microseconds and needs nothing at run time but the
//! table compiled into the binary.
//!
//! The table file (`embed/minilm_static.bin`, little-endian) is a 32-byte
//! header — magic `QFSTEMB\0`, version `u32`, rows `u32`, dims `u32`, scale
//! `f32`, FNV-1a hash `u64` of `vocab.txt` — then `rows × dims` int8 values.
//! Line `i` of `embed/vocab.txt` is row `i`.

mod wordpiece;

use crate::error::{Error, Result};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::sync::OnceLock;
use wordpiece::WordPiece;

const TABLE: &[u8] = include_bytes!("embed/minilm_static.bin");
const VOCAB: &str = include_str!("embed/vocab.txt");

const MAGIC: &[u8; 8] = b"QFSTEMB\0";
const VERSION: u32 = 1;
const HEADER_LEN: usize = 32;

/// Static sentence embeddings from a distilled word-piece table.
#[derive(Debug)]
pub struct Embedder {
    pieces: WordPiece,
    dims: usize,
    scale: f32,
    /// The table file: header, then `rows × dims` int8 values, row-major.
    /// Borrowed for the compiled-in table, so loading copies nothing.
    table: Cow<'static, [u8]>,
}

impl Embedder {
    /// The embedder for the table compiled into qfill, loaded on first use.
    ///
    /// # Errors
    ///
    /// [`Error::Internal`] if the compiled-in table is damaged (a build fault,
    /// not a user error); every later call returns the same error.
    pub fn global() -> Result<&'static Embedder> {
        static GLOBAL: OnceLock<std::result::Result<Embedder, String>> = OnceLock::new();
        GLOBAL
            .get_or_init(|| Embedder::build(Cow::Borrowed(TABLE), VOCAB).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|message| Error::Internal(message.clone()))
    }

    /// Starts loading the compiled-in table on another thread, so that it
    /// overlaps with other start-up work (reading the bank); [`Embedder::global`]
    /// then waits for it rather than starting again.
    pub fn preload() {
        rayon::spawn(|| {
            // An error is kept and returned by the next `global` call.
            let _ = Embedder::global();
        });
    }

    /// An embedder from a table file's bytes and its vocabulary text.
    ///
    /// # Errors
    ///
    /// [`Error::Internal`] naming the broken rule when the header is not a
    /// version-1 table, the sizes disagree, or the vocabulary is not the one
    /// the table was made with.
    pub fn from_parts(table: &[u8], vocab: &str) -> Result<Embedder> {
        Embedder::build(Cow::Owned(table.to_vec()), vocab)
    }

    fn build(table: Cow<'static, [u8]>, vocab: &str) -> Result<Embedder> {
        let header = Header::parse(&table)?;
        let pieces = WordPiece::from_lines(vocab);
        let lines = pieces.rows();
        if lines != header.rows {
            return Err(corrupt(format!(
                "the table has {} rows but the vocabulary has {lines} lines",
                header.rows
            )));
        }
        if fnv1a64(vocab.as_bytes()) != header.vocab_hash {
            return Err(corrupt(
                "the vocabulary is not the one the table was made with".into(),
            ));
        }
        Ok(Embedder {
            pieces,
            dims: header.dims,
            scale: header.scale,
            table,
        })
    }

    /// Whether `word` (lowercase) is a common English word: one the model's
    /// vocabulary holds whole.
    pub fn is_common_word(&self, word: &str) -> bool {
        self.pieces.is_whole_word(word)
    }

    /// The length of every vector this embedder returns.
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// The sentence vector of `text`: the mean of its word pieces' vectors,
    /// L2-normalised. Pieces the vocabulary lacks (`[UNK]`) are left out, so
    /// text with no known piece (or no text) gives the zero vector.
    pub fn sentence(&self, text: &str) -> Vec<f32> {
        self.mean(&self.pieces.encode(text))
    }

    /// [`Embedder::sentence`], splitting each distinct word into pieces only
    /// once across the texts that share `cache` (a bank repeats its words).
    pub fn sentence_cached(&self, text: &str, cache: &mut PieceCache) -> Vec<f32> {
        self.mean(&self.pieces.encode_cached(text, &mut cache.0))
    }

    /// The normalised mean of the rows' vectors, `[UNK]` left out.
    fn mean(&self, rows: &[u32]) -> Vec<f32> {
        let mut sum = vec![0.0f32; self.dims];
        for &row in rows {
            if Some(row) == self.pieces.unk() {
                continue;
            }
            let start = HEADER_LEN + row as usize * self.dims;
            let Some(values) = self.table.get(start..start + self.dims) else {
                continue;
            };
            for (acc, &v) in sum.iter_mut().zip(values) {
                // The bytes are two's-complement int8 values.
                *acc += f32::from(v as i8) * self.scale;
            }
        }
        normalise(&mut sum);
        sum
    }
}

/// Word pieces by word, shared by the texts of one batch (see [`Embedder::sentence_cached`]).
#[derive(Debug, Default)]
pub struct PieceCache(FxHashMap<String, Vec<u32>>);

/// Cosine similarity of two vectors; 0 when either is zero or their lengths
/// differ.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() {
        return 0.0;
    }
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norms = norm(a) * norm(b);
    if norms > 0.0 { dot / norms } else { 0.0 }
}

fn norm(v: &[f32]) -> f32 {
    v.iter().map(|x| x * x).sum::<f32>().sqrt()
}

fn normalise(v: &mut [f32]) {
    let n = norm(v);
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// The table file's fixed header, checked against the file's length.
struct Header {
    rows: usize,
    dims: usize,
    scale: f32,
    vocab_hash: u64,
}

impl Header {
    fn parse(table: &[u8]) -> Result<Header> {
        let Some((head, data)) = table.split_at_checked(HEADER_LEN) else {
            return Err(corrupt(format!(
                "{} bytes is too short for the header",
                table.len()
            )));
        };
        if &head[..8] != MAGIC {
            return Err(corrupt("the file does not start with QFSTEMB".into()));
        }
        let version = u32_at(head, 8);
        if version != VERSION {
            return Err(corrupt(format!("version {version}, expected {VERSION}")));
        }
        let (rows, dims) = (u32_at(head, 12) as usize, u32_at(head, 16) as usize);
        let scale = f32::from_bits(u32_at(head, 20));
        if dims == 0 || !scale.is_finite() || scale <= 0.0 {
            return Err(corrupt(format!("bad dims {dims} or scale {scale}")));
        }
        if rows.checked_mul(dims) != Some(data.len()) {
            return Err(corrupt(format!(
                "{rows} rows of {dims} dims need {} bytes after the header, found {}",
                rows.saturating_mul(dims),
                data.len()
            )));
        }
        let mut hash = [0u8; 8];
        hash.copy_from_slice(&head[24..32]);
        Ok(Header {
            rows,
            dims,
            scale,
            vocab_hash: u64::from_le_bytes(hash),
        })
    }
}

/// The little-endian `u32` at `offset`; callers pass offsets inside the header.
fn u32_at(head: &[u8], offset: usize) -> u32 {
    let mut bytes = [0u8; 4];
    bytes.copy_from_slice(&head[offset..offset + 4]);
    u32::from_le_bytes(bytes)
}

fn corrupt(rule: String) -> Error {
    Error::Internal(format!("embedding table: {rule}"))
}

/// FNV-1a, 64-bit: ties the table to the vocabulary it was made with.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests;
