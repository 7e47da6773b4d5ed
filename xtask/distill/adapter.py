#!/usr/bin/env python3
"""Trains the domain adapter of the static sentence vectors.

The distilled table (`minilm_static.bin`) knows general English; questionnaires
say one control in many words. The adapter learns a log-weight per word piece
and a 128x128 linear map applied to a sentence's weighted mean vector before
it is normalised, trained contrastively (InfoNCE, in-batch negatives) so that
phrasings of the same answer land near each other: each of the starter bank's
entries (`answer_bank/`, our own text) is one group of its question and
alternates, and so is each group of the `paraphrases*.toml` files beside this
script (questions written for this purpose in the styles questionnaires use).
The labelled sets given after the bank (`xtask/data/eval*/`) are only read to
print the top-1 by cosine before and after, never trained on. Deterministic
(seed 0); needs numpy and Python 3.11.

    python3 xtask/distill/adapter.py BASE_DIR src/matcher/embed answer_bank [LABELLED_SET...]

BASE_DIR holds the table as `distill.py` wrote it. Since a sentence vector is
a mean of piece vectors, weighting and mapping the mean equals weighting and
mapping every piece, so the adapter is folded into the table: the output
`minilm_static.bin` is each base row times exp(its weight), times W,
re-quantised to int8 (same format, same vocabulary), and qfill pays nothing
for it at run time.
"""
import glob
import json
import sys
import tomllib
import unicodedata
from pathlib import Path

import numpy as np

EPOCHS = 120
BATCH = 64
TEMPERATURE = 0.05
RATE = 0.05
RIDGE = 0.01  # pulls W towards the identity
WEIGHT_RATE = 1.0  # for the pieces' log-weights
WEIGHT_DECAY = 3e-4  # pulls the log-weights towards 0 (the distilled weighting)
SHIFT_RATE = 1.0  # for the pieces' vector shifts
SHIFT_DECAY = 1e-4  # pulls the shifts towards 0 (the distilled vectors)


class Table:
    """The static table and a word-piece tokenizer matching embed/wordpiece.rs."""

    def __init__(self, embed_dir):
        raw = (embed_dir / "minilm_static.bin").read_bytes()
        self.header = raw[:32]
        rows, dims = (int.from_bytes(raw[o : o + 4], "little") for o in (12, 16))
        scale = np.frombuffer(raw[20:24], np.float32)[0]
        self.vectors = np.frombuffer(raw[32:], np.int8).reshape(rows, dims) * scale
        self.dims = dims
        vocab = (embed_dir / "vocab.txt").read_text().split("\n")[:rows]
        self.starts, self.continuations = {}, {}
        for i, piece in enumerate(vocab):
            if piece.startswith("##") and len(piece) > 2:
                self.continuations.setdefault(piece[2:], i)
            else:
                self.starts.setdefault(piece, i)

    def pieces(self, word):
        out, start = [], 0
        while start < len(word):
            table = self.starts if start == 0 else self.continuations
            end = next((e for e in range(len(word), start, -1) if word[start:e] in table), None)
            if end is None:
                return []
            out.append(table[word[start:end]])
            start = end
        return out

    def ids(self, text):
        """The text's word-piece rows, as embed/wordpiece.rs splits it."""
        folded = unicodedata.normalize("NFD", text)
        folded = "".join(c for c in folded if unicodedata.category(c) != "Mn").lower()
        ids = []
        for chunk in folded.split():
            word = ""
            for c in chunk + " ":
                if c == " " or unicodedata.category(c).startswith("P") or (
                    c.isascii() and not c.isalnum() and c.isprintable()
                ):
                    if word:
                        ids += self.pieces(word)
                    word = ""
                    if c != " ":
                        ids += self.pieces(c)
                else:
                    word += c
        return ids

    def sentence(self, text, weights, shift):
        """The mean of the text's piece vectors (each shifted, then scaled by exp(weight)), normalised."""
        ids = self.ids(text)
        if not ids:
            return np.zeros(self.dims)
        scale = np.exp(weights[ids])
        v = (scale[:, None] * (self.vectors[ids] + shift[ids])).sum(0) / len(ids)
        return v / (np.linalg.norm(v) or 1.0)


def entries(bank_dir):
    for path in sorted(glob.glob(str(bank_dir / "*.toml"))):
        with open(path, "rb") as f:
            yield from tomllib.load(f).get("entry", [])


def unit(x):
    return x / (np.linalg.norm(x, axis=1, keepdims=True) + 1e-9)


def train(groups, table):
    """InfoNCE over pairs drawn from each group; learns W, and per piece a
    log-weight and a shift of its vector.

    A sentence is sum(exp(a_p) * (v_p + d_p)) / n over its pieces p, times W:
    the weights let the domain say which pieces carry meaning ("describe",
    "please" little; "rotation", "residency" much), the shifts move a piece
    towards the pieces it is used like ("headcount" towards "employees"), W
    rotates the space."""
    rng = np.random.RandomState(0)
    dims, vectors = table.dims, table.vectors
    w, a = np.eye(dims), np.zeros(len(vectors))
    shift = np.zeros_like(vectors)

    def embed(ids):
        e = np.exp(a[ids])
        return (e[:, None] * (vectors[ids] + shift[ids])).sum(0) / len(ids)

    for _ in range(EPOCHS):
        order = rng.permutation(len(groups))
        for start in range(0, len(order), BATCH):
            pairs = [
                [groups[g][i] for i in rng.choice(len(groups[g]), 2, replace=False)]
                for g in order[start : start + BATCH]
            ]
            xa = np.array([embed(p[0]) for p in pairs])
            xb = np.array([embed(p[1]) for p in pairs])
            za, zb = xa @ w, xb @ w
            na = np.linalg.norm(za, axis=1, keepdims=True) + 1e-9
            nb = np.linalg.norm(zb, axis=1, keepdims=True) + 1e-9
            ua, ub = za / na, zb / nb
            s = ua @ ub.T / TEMPERATURE
            p = np.exp(s - s.max(1, keepdims=True))
            p /= p.sum(1, keepdims=True)
            ds = (p - np.eye(len(xa))) / len(xa) / TEMPERATURE
            dua, dub = ds @ ub, ds.T @ ua
            dza = (dua - (dua * ua).sum(1, keepdims=True) * ua) / na
            dzb = (dub - (dub * ub).sum(1, keepdims=True) * ub) / nb
            grad_a = WEIGHT_DECAY * a
            for side, dx in ((0, dza @ w.T), (1, dzb @ w.T)):
                for pair, d in zip(pairs, dx):
                    ids = pair[side]
                    e = np.exp(a[ids])
                    np.add.at(grad_a, ids, e * ((vectors[ids] + shift[ids]) @ d) / len(ids))
                    np.add.at(shift, ids, -SHIFT_RATE * e[:, None] * d[None, :] / len(ids))
            shift *= 1 - SHIFT_RATE * SHIFT_DECAY
            w -= RATE * (xa.T @ dza + xb.T @ dzb + RIDGE * (w - np.eye(dims)))
            a -= WEIGHT_RATE * grad_a
    return w, a, shift


def dev_top1(table, dev_dir, w, a, shift):
    bank = list(entries(dev_dir / "bank"))
    phrasings = [(i, p) for i, e in enumerate(bank) for p in [e["question"], *e.get("alternates", [])]]
    owner = np.array([i for i, _ in phrasings])
    p = unit(np.array([table.sentence(t, a, shift) for _, t in phrasings]) @ w)
    questions = [json.loads(line) for line in open(dev_dir / "questions.jsonl") if line.strip()]
    questions = [q for q in questions if q["expected"]]
    q = unit(np.array([table.sentence(x["question"], a, shift) for x in questions]) @ w)
    best = owner[np.argmax(q @ p.T, axis=1)]
    return np.mean([bank[b]["id"] in x["expected"] for b, x in zip(best, questions)])


def write_table(table, w, a, shift, out_dir):
    """The base table, each row shifted and scaled by its weight, times W;
    int8 with a fresh scale, under the base header."""
    adapted = (np.exp(a)[:, None] * (table.vectors + shift)) @ w
    scale = np.float32(np.abs(adapted).max() / 127.0)
    values = np.clip(np.round(adapted / scale), -127, 127).astype(np.int8)
    header = table.header[:20] + scale.astype("<f4").tobytes() + table.header[24:32]
    (out_dir / "minilm_static.bin").write_bytes(header + values.tobytes())


def main():
    base_dir, out_dir, bank_dir = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    if base_dir.resolve() == out_dir.resolve():
        sys.exit("the base table must come from distill.py in another directory (adapting twice compounds)")
    table = Table(base_dir)
    groups = []
    texts_by_group = [[e["question"], *e.get("alternates", [])] for e in entries(bank_dir)]
    for corpus in sorted(Path(__file__).parent.glob("paraphrases*.toml")):
        with open(corpus, "rb") as f:
            texts_by_group += [g["texts"] for g in tomllib.load(f).get("group", [])]
    for texts in texts_by_group:
        pieces = [ids for ids in map(table.ids, texts) if ids]
        if len(pieces) >= 2:
            groups.append(pieces)
    w, a, shift = train(groups, table)
    write_table(table, w, a, shift, out_dir)
    print(f"{len(groups)} groups; wrote {out_dir / 'minilm_static.bin'}")
    identity, none = np.eye(table.dims), np.zeros(len(table.vectors))
    for dev in map(Path, sys.argv[4:]):
        before = dev_top1(table, dev, identity, none, np.zeros_like(table.vectors))
        after = dev_top1(table, dev, w, a, shift)
        print(f"{dev}: top-1 by cosine {before:.1%} -> {after:.1%}")


if __name__ == "__main__":
    main()
