#!/usr/bin/env python3
"""Fits a linear ranking (a weighted sum of each shortlisted candidate's
ranking inputs, trained as a softmax over the question's shortlist) from
`cargo xtask eval --candidates FILE` output. The matcher ranked with such
weights until the forest of `fit_trees.py` replaced them; this fit stays as
the baseline that fit_trees.py and loso.py print beside it.

Prints the weights and the 5-fold cross-validated top-1, beside the top-1 of the order the matcher
produced when the file was written, so a gain is judged on questions the fit
did not see. Needs numpy.

    cargo xtask eval --candidates /tmp/candidates.csv
    python3 xtask/fit_ranking.py /tmp/candidates.csv
"""
import sys
from collections import defaultdict

import numpy as np


def load(path):
    """Questions with at least one right candidate: (style, inputs, labels).
    The first input column is a fixed offset (the matcher's penalties), added
    to the learned score with weight 1."""
    groups = defaultdict(list)
    for line in open(path):
        r = line.strip().split(",")
        if len(r) > 3:
            groups[r[0]].append((r[1], int(r[2]), [float(v) for v in r[3:]]))
    out = []
    for k in sorted(groups):
        g = groups[k]
        y = np.array([c[1] for c in g], dtype=float)
        if y.sum() > 0:
            out.append((g[0][0], np.array([c[2] for c in g]), y))
    return out


def fit(data, l2=1.0, steps=400, rate=0.5):
    """Softmax over each shortlist, gradient descent on standardised inputs."""
    stacked = np.vstack([x[:, 1:] for _, x, _ in data])
    mu, sd = stacked.mean(0), stacked.std(0) + 1e-9
    w = np.zeros(stacked.shape[1])
    for _ in range(steps):
        grad = l2 * w
        for _, x, y in data:
            s = ((x[:, 1:] - mu) / sd) @ w + x[:, 0]
            p = np.exp(s - s.max())
            p /= p.sum()
            grad += ((x[:, 1:] - mu) / sd).T @ (p - y / y.sum())
        w -= rate * grad / len(data)
    raw = w / sd
    return np.concatenate([[-(mu * raw).sum()], raw])


def top1(data, w):
    hits = defaultdict(lambda: [0, 0])
    for style, x, y in data:
        i = int(np.argmax(x[:, 1:] @ w[1:] + w[0] + x[:, 0]))
        hits[style][0] += y[i]
        hits[style][1] += 1
    return hits


def share(hits):
    right = sum(h[0] for h in hits.values())
    return right / max(1, sum(h[1] for h in hits.values()))


def main():
    data = load(sys.argv[1])
    current = defaultdict(lambda: [0, 0])
    for style, _, y in data:
        current[style][0] += y[0]
        current[style][1] += 1
    order = np.random.RandomState(0).permutation(len(data))
    folds = np.array_split(order, 5)
    held = defaultdict(lambda: [0, 0])
    for f in folds:
        test = set(f.tolist())
        w = fit([d for i, d in enumerate(data) if i not in test])
        for style, h in top1([data[i] for i in f], w).items():
            held[style][0] += h[0]
            held[style][1] += h[1]
    w = fit(data)
    print("RANKING = [" + ", ".join(f"{v:.3f}" for v in w) + "]")
    print(f"questions with a right candidate: {len(data)}")
    print(f"top-1 as written: {share(current):.1%}; cross-validated fit: {share(held):.1%}")
    for style in sorted(held):
        c, h = current[style], held[style]
        print(f"  {style:<11} {c[0] / c[1]:6.1%} -> {h[0] / h[1]:6.1%}")


if __name__ == "__main__":
    main()
