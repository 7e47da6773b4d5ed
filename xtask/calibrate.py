#!/usr/bin/env python3
"""Fits the matcher's confidence calibration (a logistic regression over the
best candidate's features) from `cargo xtask eval --features FILE` output.

Prints the weights to paste into CALIBRATION in src/matcher/score.rs and a
5-fold cross-validated precision/coverage table, so the threshold chosen for
`answered` is judged on questions the fit did not see. Needs numpy.

    cargo xtask eval --features /tmp/features.csv
    python3 xtask/calibrate.py /tmp/features.csv
"""
import sys

import numpy as np


def load(path):
    rows = [line.strip().split(",") for line in open(path) if line.strip()]
    y = np.array([float(r[0]) for r in rows])
    styles = [r[1] for r in rows]
    x = np.array([[float(v) for v in r[2:]] for r in rows])
    return x, y, styles


def fit(x, y, l2=1.0, steps=50):
    """Logistic regression by Newton's method (IRLS) with a small ridge on the weights."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    ridge = l2 * np.eye(xb.shape[1])
    ridge[0, 0] = 0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ (p - y) + ridge @ w
        hess = xb.T @ (xb * (p * (1 - p))[:, None]) + ridge
        w -= np.linalg.solve(hess, grad)
    return w


def predict(w, x):
    return 1 / (1 + np.exp(-(w[0] + x @ w[1:])))


def main():
    x, y, _ = load(sys.argv[1])
    rng = np.random.default_rng(7)
    folds = rng.integers(0, 5, len(y))
    p = np.zeros(len(y))
    for k in range(5):
        w = fit(x[folds != k], y[folds != k])
        p[folds == k] = predict(w, x[folds == k])
    w = fit(x, y)
    print("CALIBRATION = [" + ", ".join(f"{v:.3f}" for v in w) + "]")
    print("cross-validated: threshold  answered  precision  right-share-of-all")
    for t in np.arange(0.5, 0.99, 0.05):
        sel = p >= t
        n = sel.sum()
        prec = y[sel].mean() if n else 0
        print(f"  {t:.2f}  {n:5d}  {prec:6.1%}  {y[sel].sum() / len(y):6.1%}")


if __name__ == "__main__":
    main()
