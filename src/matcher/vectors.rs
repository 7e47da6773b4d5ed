//! The bank's sentence vectors: one per phrasing and one per entry's detail.
//! `fill` computes them all while indexing (in parallel, before matching);
//! `match` looks one question up and needs only the few entries it
//! shortlists, so there each vector is computed on first use. A vector is a
//! pure function of its text, so both ways give the same results.

use super::embed::Embedder;
use multiversion::multiversion;
use std::sync::OnceLock;

/// Sentence vectors by phrasing and by entry, computed eagerly or on first use.
pub(super) struct Vectors {
    embedder: &'static Embedder,
    /// Per phrasing (document id): its vector.
    phrasings: Vec<OnceLock<Vec<f32>>>,
    /// Per entry: the vector of its detail.
    details: Vec<OnceLock<Vec<f32>>>,
    /// The texts of vectors not computed yet: per phrasing, then per entry's detail.
    phrasing_texts: Vec<Box<str>>,
    detail_texts: Vec<Box<str>>,
}

impl Vectors {
    /// Vectors computed already.
    pub(super) fn eager(
        embedder: &'static Embedder,
        phrasings: Vec<Vec<f32>>,
        details: Vec<Vec<f32>>,
    ) -> Vectors {
        Vectors {
            embedder,
            phrasings: phrasings.into_iter().map(OnceLock::from).collect(),
            details: details.into_iter().map(OnceLock::from).collect(),
            phrasing_texts: Vec::new(),
            detail_texts: Vec::new(),
        }
    }

    /// Vectors computed from these texts on first use.
    pub(super) fn lazy(
        embedder: &'static Embedder,
        phrasing_texts: Vec<Box<str>>,
        detail_texts: Vec<Box<str>>,
    ) -> Vectors {
        Vectors {
            embedder,
            phrasings: phrasing_texts.iter().map(|_| OnceLock::new()).collect(),
            details: detail_texts.iter().map(|_| OnceLock::new()).collect(),
            phrasing_texts,
            detail_texts,
        }
    }

    /// The vector of phrasing `doc`.
    pub(super) fn phrasing(&self, doc: u32) -> &[f32] {
        let doc = doc as usize;
        self.phrasings[doc].get_or_init(|| self.embed(self.phrasing_texts.get(doc).map(|t| &**t)))
    }

    /// The vector of entry `entry`'s detail.
    pub(super) fn detail(&self, entry: u32) -> &[f32] {
        let entry = entry as usize;
        self.details[entry].get_or_init(|| self.embed(self.detail_texts.get(entry).map(|t| &**t)))
    }

    fn embed(&self, text: Option<&str>) -> Vec<f32> {
        // Every slot is filled at construction when there are no texts.
        self.embedder.sentence(text.unwrap_or(""))
    }
}

/// How many partial sums a dot product keeps: enough independent additions
/// for the compiler to use vector instructions and keep them all busy.
const LANES: usize = 16;

/// The dot product of two vectors (cosine for unit vectors); a longer one's
/// extra values are ignored. The sums run in a fixed order, so the result is
/// the same on every machine and thread. Compiled twice, and the wider
/// vector instructions of AVX2 used where the CPU has them: each lane's
/// multiplications and additions are the same either way (never fused), so
/// the result is too.
#[multiversion(targets("x86_64+avx2"))]
pub(super) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let ((a, a_tail), (b, b_tail)) = (a[..n].as_chunks::<LANES>(), b[..n].as_chunks::<LANES>());
    let mut acc = [0.0f32; LANES];
    for (x, y) in a.iter().zip(b) {
        for i in 0..LANES {
            acc[i] += x[i] * y[i];
        }
    }
    for (i, (x, y)) in a_tail.iter().zip(b_tail).enumerate() {
        acc[i] += x * y;
    }
    // Pairwise, so the halves are added in the same order everywhere.
    let mut width = LANES;
    while width > 1 {
        width /= 2;
        for i in 0..width {
            acc[i] += acc[i + width];
        }
    }
    acc[0]
}

/// What a unit vector's components are multiplied by in [`quantise`]: small
/// enough that a 128-dimension dot product of two such vectors fits an `i32`
/// (128 × 2048² < 2³¹), fine enough to order cosines to about 0.001.
const QUANTUM: f32 = 2048.0;

/// A unit vector's components as integers (see [`QUANTUM`]), for [`dot_i16`].
pub(super) fn quantise(v: &[f32]) -> Vec<i16> {
    v.iter()
        .map(|x| (x.clamp(-1.0, 1.0) * QUANTUM).round() as i16)
        .collect()
}

/// A cosine in the units of [`dot_i16`] of two quantised unit vectors.
pub(super) fn quantised_cosine(cosine: f32) -> i32 {
    (cosine * QUANTUM * QUANTUM).round() as i32
}

/// The dot product of two quantised vectors, in units of `QUANTUM²`. Integer
/// products of 16-bit values are what plain x86-64 multiplies eight at a time,
/// so scanning every entry's centroid costs a quarter of [`dot`]. Integer
/// sums do not depend on their order, so AVX2's wider instructions give the
/// same result.
#[multiversion(targets("x86_64+avx2"))]
pub(super) fn dot_i16(a: &[i16], b: &[i16]) -> i32 {
    let n = a.len().min(b.len());
    let ((a, a_tail), (b, b_tail)) = (a[..n].as_chunks::<LANES>(), b[..n].as_chunks::<LANES>());
    let mut acc = [0i32; LANES];
    for (x, y) in a.iter().zip(b) {
        for i in 0..LANES {
            acc[i] = acc[i].wrapping_add(i32::from(x[i]) * i32::from(y[i]));
        }
    }
    for (x, y) in a_tail.iter().zip(b_tail) {
        acc[0] = acc[0].wrapping_add(i32::from(*x) * i32::from(*y));
    }
    acc.iter().fold(0i32, |s, v| s.wrapping_add(*v))
}

/// [`dot`] of `q` with each of `vs`.
pub(super) fn dots(q: &[f32], vs: &[&[f32]]) -> Vec<f32> {
    vs.iter().map(|v| dot(q, v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_matches_a_plain_sum_at_every_length() {
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 40) as f32 / (1u64 << 24) as f32) - 0.5
        };
        for n in [0, 1, 15, 16, 17, 128, 131, 384] {
            let a: Vec<f32> = (0..n).map(|_| next()).collect();
            let b: Vec<f32> = (0..n).map(|_| next()).collect();
            let plain: f64 = a
                .iter()
                .zip(&b)
                .map(|(x, y)| f64::from(*x) * f64::from(*y))
                .sum();
            assert!((f64::from(dot(&a, &b)) - plain).abs() < 1e-4, "length {n}");
            assert_eq!(dots(&a, &[&b, &a])[0].to_bits(), dot(&a, &b).to_bits());
        }
        assert_eq!(dot(&[1.0, 2.0, 3.0], &[1.0, 1.0]), 3.0);
    }
}
