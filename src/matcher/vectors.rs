//! The bank's sentence vectors: one per phrasing and one per entry's detail.
//! `fill` computes them all while indexing (in parallel, before matching);
//! `match` looks one question up and needs only the few entries it
//! shortlists, so there each vector is computed on first use. A vector is a
//! pure function of its text, so both ways give the same results.

use super::embed::Embedder;
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

    /// The number of phrasings.
    pub(super) fn len(&self) -> usize {
        self.phrasings.len()
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

/// The dot product of two vectors of the same length (cosine for unit vectors).
pub(super) fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// [`dot`] of `q` with each of `vs`, bit for bit. Each sum still adds its
/// products one after another in the same order (float addition is not
/// associative, so the order is part of the result), but four independent
/// sums run side by side, which keeps the CPU busy instead of waiting on one
/// addition at a time. A last group of fewer than four repeats its last
/// vector (an entry has two to four vectors: that is still faster).
pub(super) fn dots(q: &[f32], vs: &[&[f32]]) -> Vec<f32> {
    let mut out = Vec::with_capacity(vs.len());
    for g in vs.chunks(4) {
        let at = |i: usize| g[i.min(g.len() - 1)];
        let [a, b, c, d] = [at(0), at(1), at(2), at(3)];
        let n = q.len();
        if [a, b, c, d].iter().any(|v| v.len() != n) {
            out.extend(g.iter().map(|v| dot(q, v)));
            continue;
        }
        // `Sum` for floats starts from -0.0; so do these sums.
        let mut acc = [-0.0f32; 4];
        for ((((x, a), b), c), d) in q.iter().zip(a).zip(b).zip(c).zip(d) {
            acc[0] += x * a;
            acc[1] += x * b;
            acc[2] += x * c;
            acc[3] += x * d;
        }
        out.extend(&acc[..g.len()]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_are_bit_identical_to_dot() {
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 40) as f32 / (1u64 << 24) as f32) - 0.5
        };
        let q: Vec<f32> = (0..384).map(|_| next()).collect();
        let mut vs: Vec<Vec<f32>> = (0..11)
            .map(|_| (0..384).map(|_| next()).collect())
            .collect();
        vs[3] = vec![0.0; 384];
        vs[5] = vec![-0.0; 384];
        vs[9] = vec![1.0; 3];
        let refs: Vec<&[f32]> = vs.iter().map(Vec::as_slice).collect();
        for n in 0..=refs.len() {
            let fast = dots(&q, &refs[..n]);
            assert_eq!(fast.len(), n);
            for (v, f) in vs.iter().zip(&fast) {
                assert_eq!(dot(&q, v).to_bits(), f.to_bits());
            }
        }
        let zeros = vec![0.0f32; 384];
        let neg = vec![-0.0f32; 384];
        let all: Vec<&[f32]> = vec![&neg, &neg, &zeros, &neg];
        for (v, f) in all.iter().zip(dots(&zeros, &all)) {
            assert_eq!(dot(&zeros, v).to_bits(), f.to_bits());
        }
    }
}
