#!/usr/bin/env python3
"""Trains the domain adapter of the static sentence vectors.

The distilled table (`minilm_static.bin`) knows general English; questionnaires
say one control in many words. The adapter is a 128x128 linear map applied to
a sentence's mean vector before it is normalised, trained contrastively
(InfoNCE, in-batch negatives) so that phrasings of the same answer-bank entry
land near each other: each of the starter bank's entries (`answer_bank/`, our
own text) is one group of its question and alternates, and so is each group of
the `paraphrases*.toml` files beside this script (questions written for this purpose in
the styles questionnaires use). The dev set
(`xtask/data/eval/`) is only read to print the top-1 before and after, never
trained on. Deterministic (seed 0); needs numpy and Python 3.11.

    python3 xtask/distill/adapter.py BASE_DIR src/matcher/embed answer_bank [xtask/data/eval]

BASE_DIR holds the table as `distill.py` wrote it. Since a sentence vector is
a mean of piece vectors, mapping the mean equals mapping every piece, so the
adapter is folded into the table: the output `minilm_static.bin` is the base
table times W, re-quantised to int8 (same format, same vocabulary), and qfill
pays nothing for it at run time.
"""
import glob
import json
import sys
import tomllib
import unicodedata
from pathlib import Path

import numpy as np

EPOCHS = 20
BATCH = 64
TEMPERATURE = 0.05
RATE = 0.05
RIDGE = 0.01  # pulls W towards the identity


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

    def sentence(self, text):
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
        if not ids:
            return np.zeros(self.dims)
        v = self.vectors[ids].mean(0)
        return v / (np.linalg.norm(v) or 1.0)


def entries(bank_dir):
    for path in sorted(glob.glob(str(bank_dir / "*.toml"))):
        with open(path, "rb") as f:
            yield from tomllib.load(f).get("entry", [])


def unit(x):
    return x / (np.linalg.norm(x, axis=1, keepdims=True) + 1e-9)


def train(groups, dims):
    rng = np.random.RandomState(0)
    w = np.eye(dims)
    for _ in range(EPOCHS):
        order = rng.permutation(len(groups))
        for start in range(0, len(order), BATCH):
            pairs = [groups[g][rng.choice(len(groups[g]), 2, replace=False)] for g in order[start : start + BATCH]]
            a, b = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
            za, zb = a @ w, b @ w
            na = np.linalg.norm(za, axis=1, keepdims=True) + 1e-9
            nb = np.linalg.norm(zb, axis=1, keepdims=True) + 1e-9
            ua, ub = za / na, zb / nb
            s = ua @ ub.T / TEMPERATURE
            p = np.exp(s - s.max(1, keepdims=True))
            p /= p.sum(1, keepdims=True)
            ds = (p - np.eye(len(a))) / len(a) / TEMPERATURE
            dua, dub = ds @ ub, ds.T @ ua
            dza = (dua - (dua * ua).sum(1, keepdims=True) * ua) / na
            dzb = (dub - (dub * ub).sum(1, keepdims=True) * ub) / nb
            w -= RATE * (a.T @ dza + b.T @ dzb + RIDGE * (w - np.eye(dims)))
    return w


def dev_top1(table, dev_dir, w):
    bank = list(entries(dev_dir / "bank"))
    phrasings = [(i, p) for i, e in enumerate(bank) for p in [e["question"], *e.get("alternates", [])]]
    owner = np.array([i for i, _ in phrasings])
    p = unit(np.array([table.sentence(t) for _, t in phrasings]) @ w)
    questions = [json.loads(line) for line in open(dev_dir / "questions.jsonl") if line.strip()]
    questions = [q for q in questions if q["expected"]]
    q = unit(np.array([table.sentence(x["question"]) for x in questions]) @ w)
    best = owner[np.argmax(q @ p.T, axis=1)]
    return np.mean([bank[b]["id"] in x["expected"] for b, x in zip(best, questions)])


def write_table(table, w, out_dir):
    """The base table times W, int8 with a fresh scale, under the base header."""
    adapted = table.vectors @ w
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
        if len(texts) >= 2:
            groups.append(np.array([table.sentence(t) for t in texts]))
    w = train(groups, table.dims)
    write_table(table, w, out_dir)
    print(f"{len(groups)} groups; wrote {out_dir / 'minilm_static.bin'}")
    if len(sys.argv) > 4:
        dev = Path(sys.argv[4])
        print(f"dev top-1 by cosine: {dev_top1(table, dev, np.eye(table.dims)):.1%} -> {dev_top1(table, dev, w):.1%}")


if __name__ == "__main__":
    main()
