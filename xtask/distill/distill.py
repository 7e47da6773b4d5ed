#!/usr/bin/env python3
"""Distil all-MiniLM-L6-v2 into qfill's static embedding table.

The Model2Vec recipe, written out in full so the committed table can be
re-made and audited:

1. run every WordPiece token of the model's vocabulary (less [unused*] and the
   special tokens other than [UNK]) through the transformer once, as the input
   `[CLS] token [SEP]`, and keep the output vector at the token's position;
2. PCA over all those vectors down to DIMS dimensions (centred, no whitening);
3. scale each vector by a SIF weight a / (a + p(rank)), where p is a Zipf
   probability estimated from the token's position in the vocabulary (BERT's
   vocabulary lists words roughly by descending frequency);
4. quantise to int8 with one scale for the whole table and write
   `minilm_static.bin` (format below) and `vocab.txt` (line i = row i).

The forward pass is a plain numpy BERT (embeddings, 6 x [12-head
self-attention, GELU feed-forward], post-LayerNorm), so the only dependencies
are numpy and safetensors; `tokenizers` is used for the sanity check and to
print reference tokenisations for the Rust tests. Nothing is downloaded: the
model is read from the directory given on the command line.

Binary format (little-endian):
    magic   8 bytes  b"QFSTEMB\\0"
    version u32      1
    rows    u32      number of vectors = lines of vocab.txt
    dims    u32
    scale   f32      float value = int8 value * scale
    vocab   u64      FNV-1a hash of vocab.txt's bytes (ties the two files)
    data    rows * dims int8, row-major

Usage:
    python3 distill.py check MODEL_DIR
    python3 distill.py distill MODEL_DIR OUT_DIR [--dims 128] [--pooling token]
                       [--sif 1e-4]
"""

import argparse
import json
import math
import struct
import sys
import time
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file

MAGIC = b"QFSTEMB\0"
VERSION = 1
CLS, SEP, UNK = "[CLS]", "[SEP]", "[UNK]"
# Where bert-base-uncased's single-character and word-piece blocks begin.
CHARS_START, WORDS_START = 999, 1996


# ---------------------------------------------------------------- the model


class Bert:
    """A BERT encoder evaluated with numpy, weights read from safetensors."""

    def __init__(self, model_dir: Path):
        config = json.loads((model_dir / "config.json").read_text())
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        if config.get("hidden_act") != "gelu":
            sys.exit(f"unsupported activation {config.get('hidden_act')}")
        self.w = load_file(str(model_dir / "model.safetensors"))

    def _ln(self, x, name):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        normed = (x - mean) / np.sqrt(var + self.eps)
        return normed * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _dense(self, x, name):
        # One 2-D product: numpy runs a 3-D `@` as many small ones, ~100x slower.
        w = self.w[name + ".weight"]
        flat = x.reshape(-1, x.shape[-1]) @ w.T + self.w[name + ".bias"]
        return flat.reshape(*x.shape[:-1], w.shape[0])

    def _attention(self, x, mask_bias, p):
        b, t, h = x.shape
        d = h // self.heads

        def split(y):
            return y.reshape(b, t, self.heads, d).transpose(0, 2, 1, 3)

        q = split(self._dense(x, p + "attention.self.query"))
        k = split(self._dense(x, p + "attention.self.key"))
        v = split(self._dense(x, p + "attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(d) + mask_bias
        scores -= scores.max(-1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(-1, keepdims=True)
        ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(b, t, h)
        out = self._dense(ctx, p + "attention.output.dense")
        return self._ln(out + x, p + "attention.output.LayerNorm")

    def _feed_forward(self, x, p):
        inner = gelu(self._dense(x, p + "intermediate.dense"))
        out = self._dense(inner, p + "output.dense")
        return self._ln(out + x, p + "output.LayerNorm")

    def forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Last hidden states, shape (batch, seq, hidden), for padded ids."""
        t = ids.shape[1]
        x = (
            self.w["embeddings.word_embeddings.weight"][ids]
            + self.w["embeddings.position_embeddings.weight"][:t][None]
            + self.w["embeddings.token_type_embeddings.weight"][0][None, None]
        )
        x = self._ln(x, "embeddings.LayerNorm")
        mask_bias = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            x = self._feed_forward(self._attention(x, mask_bias, p), p)
        return x


def erf(x):
    """erf to ~1e-7 (Abramowitz & Stegun 7.1.26); numpy has none."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592
        + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-a * a))


def gelu(x):
    """BERT's exact (erf) GELU."""
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


# ---------------------------------------------------- full-model sentences


def load_tokenizer(model_dir: Path):
    """The model's own tokenizer, read from tokenizer.json (no download)."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.no_padding()  # tokenizer.json pads to 128; pooling must see real tokens only
    tok.no_truncation()
    return tok


def encode_sentences(bert: Bert, tok, texts, batch=64, max_len=256):
    """all-MiniLM-L6-v2 sentence embeddings: mean pooling, L2-normalised."""
    encs = [tok.encode(t).ids[:max_len] for t in texts]
    out = np.zeros((len(texts), bert.w["embeddings.LayerNorm.weight"].shape[0]), np.float32)
    order = sorted(range(len(encs)), key=lambda i: len(encs[i]))
    for start in range(0, len(order), batch):
        idx = order[start : start + batch]
        t = max(len(encs[i]) for i in idx)
        ids = np.zeros((len(idx), t), np.int64)
        mask = np.zeros((len(idx), t), np.float32)
        for row, i in enumerate(idx):
            ids[row, : len(encs[i])] = encs[i]
            mask[row, : len(encs[i])] = 1.0
        hidden = bert.forward(ids, mask)
        pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        out[idx] = pooled
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def check(model_dir: Path):
    """Sanity-check the numpy forward pass against known similarities."""
    bert, tok = Bert(model_dir), load_tokenizer(model_dir)
    # sentence-transformers' quickstart prints 0.6660 / 0.1046 / 0.1411 for
    # these three with all-MiniLM-L6-v2.
    card = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
    ours = [
        "Is data encrypted at rest?",
        "Do you encrypt stored data?",
        "Do you perform background checks?",
    ]
    for texts in (card, ours):
        e = encode_sentences(bert, tok, texts)
        sim = e @ e.T
        print(f"{texts}\n  sim(0,1)={sim[0, 1]:.4f} sim(0,2)={sim[0, 2]:.4f} sim(1,2)={sim[1, 2]:.4f}")
    words = ["encryption", "Pentest", "deprovisioning", "SOC2", "naïve café", "MFA/2FA"]
    for w in words:
        print(f"  {w!r} -> {tok.encode(w, add_special_tokens=False).tokens}")


# ------------------------------------------------------------ distillation


def kept_tokens(vocab):
    """Ids worth a row: everything but [unused*] and specials other than [UNK]."""
    skip = {"[PAD]", CLS, SEP, "[MASK]"}
    return [i for i, t in enumerate(vocab) if not t.startswith("[unused") and t not in skip]


def token_vectors(bert: Bert, vocab, ids, pooling: str, batch=1024):
    """One contextual vector per token id from the input [CLS] token [SEP]."""
    cls, sep = vocab.index(CLS), vocab.index(SEP)
    out = []
    for start in range(0, len(ids), batch):
        chunk = np.asarray(ids[start : start + batch], np.int64)
        seq = np.stack([np.full_like(chunk, cls), chunk, np.full_like(chunk, sep)], 1)
        hidden = bert.forward(seq, np.ones(seq.shape, np.float32))
        out.append(hidden[:, 1] if pooling == "token" else hidden.mean(1))
    return np.concatenate(out).astype(np.float64)


def pca(x: np.ndarray, dims: int) -> np.ndarray:
    """Centre and project onto the top `dims` principal axes.

    Each axis's sign is fixed (largest loading positive) so re-runs give the
    same table.
    """
    centred = x - x.mean(0)
    vals, vecs = np.linalg.eigh(centred.T @ centred / len(x))
    order = np.argsort(vals)[::-1][:dims]
    top = vecs[:, order]
    top *= np.sign(top[np.abs(top).argmax(0), np.arange(dims)])
    print(f"  pca: {dims} dims keep {vals[order].sum() / vals.sum():.1%} of the variance", file=sys.stderr)
    return centred @ top


def zipf_ranks(ids) -> np.ndarray:
    """Frequency ranks (1 = most frequent) read off BERT's vocabulary order.

    bert-base-uncased's vocabulary is laid out as [PAD], [unused*], specials,
    then ~1,000 single characters (ids 999-1995), then word pieces by
    descending corpus frequency from "the" (1996). Using the raw id as the rank
    would make "the" the 1,997th most frequent token and barely down-weight
    it, so each block's ranks start at 1: the word block counts from 1996, the
    character block (letters, digits, punctuation) from 999.
    """
    ids = np.asarray(ids, np.float64)
    ranks = np.where(ids >= WORDS_START, ids - WORDS_START + 1, ids - CHARS_START + 1)
    return np.maximum(ranks, 1.0)


def sif_weights(ids, a: float) -> np.ndarray:
    """SIF weight a / (a + p), p the Zipf probability 1/rank normalised."""
    inv = 1.0 / zipf_ranks(ids)
    return a / (a + inv / inv.sum())


def quantise(x: np.ndarray):
    """int8 values and the one scale that maps them back to floats."""
    scale = float(np.abs(x).max()) / 127.0
    return np.clip(np.round(x / scale), -127, 127).astype(np.int8), scale


def fnv1a64(data: bytes) -> int:
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def build_table(bert: Bert, vocab, dims: int, pooling: str, sif: float):
    """(token strings, float table) before quantisation."""
    ids = kept_tokens(vocab)
    start = time.time()
    vecs = token_vectors(bert, vocab, ids, pooling)
    print(f"  forward pass over {len(ids)} tokens: {time.time() - start:.0f} s", file=sys.stderr)
    table = pca(vecs, dims) * sif_weights(ids, sif)[:, None]
    return [vocab[i] for i in ids], table


def write_table(out_dir: Path, tokens, table):
    q, scale = quantise(table)
    vocab_bytes = ("\n".join(tokens) + "\n").encode("utf-8")
    header = MAGIC + struct.pack("<IIIfQ", VERSION, len(tokens), table.shape[1], scale, fnv1a64(vocab_bytes))
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "vocab.txt").write_bytes(vocab_bytes)
    (out_dir / "minilm_static.bin").write_bytes(header + q.tobytes())
    print(f"  wrote {len(tokens)} x {table.shape[1]} int8, scale {scale:.6g}", file=sys.stderr)


def distill(model_dir: Path, out_dir: Path, dims: int, pooling: str, sif: float):
    vocab = (model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines()
    tokens, table = build_table(Bert(model_dir), vocab, dims, pooling, sif)
    write_table(out_dir, tokens, table)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="sanity-check the forward pass")
    c.add_argument("model_dir", type=Path)
    d = sub.add_parser("distill", help="write minilm_static.bin and vocab.txt")
    d.add_argument("model_dir", type=Path)
    d.add_argument("out_dir", type=Path)
    d.add_argument("--dims", type=int, default=128)
    d.add_argument("--pooling", choices=["token", "mean"], default="token")
    d.add_argument("--sif", type=float, default=1e-4)
    args = ap.parse_args()
    if args.cmd == "check":
        check(args.model_dir)
    else:
        distill(args.model_dir, args.out_dir, args.dims, args.pooling, args.sif)


if __name__ == "__main__":
    main()
