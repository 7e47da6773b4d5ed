#!/usr/bin/env python3
"""Fits the matcher's learned ranking, a small forest of regression trees
(LambdaRank gradient boosting) over each shortlisted candidate's ranking
inputs, and writes it as Rust constants to src/matcher/ranking_trees.rs.

The input files are `cargo xtask eval --candidates FILE` output, one per
labelled set. The forest replaced a linear score (`fit_ranking.py`, still the
baseline printed here): trees learn thresholds and interactions a weighted
sum cannot, and left-one-set-out they put the right entry first about one
and a half points more often. Needs numpy and lightgbm (`pip install numpy
lightgbm`); the fit is deterministic.

    cargo xtask eval --set xtask/data/S --candidates /tmp/c_S.csv   # per set
    python3 xtask/fit_trees.py S=/tmp/c_S.csv ... [--write src/matcher/ranking_trees.rs] [--no-loso]

`xtask/refit.sh` runs the whole refit: candidates, a forest per left-out set
for honest calibration features, the final forest and the calibration.

The committed forest was fitted on candidate files written with
SEMANTIC_GATE set to 0.0 in src/matcher/mod.rs (the BM25 shortlist alone):
fitted on shortlists widened by meaning, its left-out top-1 was about a
point lower and its confident answers fewer.

Prints, per set, the top-1 (share of questions with a right candidate in
the shortlist) of the linear fit and of the forest fitted on the other sets,
then fits on every set given and writes the forest when --write is given.
"""
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import fit_ranking  # noqa: E402

warnings.filterwarnings("ignore")

DEPTH = 4

PARAMS = dict(
    objective="lambdarank",
    n_estimators=150,
    num_leaves=2**DEPTH,
    max_depth=DEPTH,
    learning_rate=0.05,
    min_child_samples=40,
    deterministic=True,
    force_row_wise=True,
    num_threads=1,
    verbose=-1,
)


def fit(data):
    """The forest: the first input column (the matcher's fixed penalties) is the
    initial score, so the trees learn only what the penalties leave."""
    import lightgbm as lgb

    inputs = np.vstack([x[:, 1:] for _, x, _ in data])
    labels = np.concatenate([y for _, _, y in data])
    groups = [len(y) for _, _, y in data]
    penalties = np.concatenate([x[:, 0] for _, x, _ in data])
    model = lgb.LGBMRanker(**PARAMS)
    model.fit(inputs, labels, group=groups, init_score=penalties)
    return model


def top1(model, data):
    right = sum(y[int(np.argmax(model.predict(x[:, 1:]) + x[:, 0]))] for _, x, y in data)
    return right / max(1, len(data))


def complete(model):
    """Each tree as a complete binary tree of depth DEPTH in heap order: the
    inputs and thresholds of its 2^DEPTH - 1 splits and its 2^DEPTH leaves.
    A leaf LightGBM placed higher up becomes splits that always go left
    (threshold +inf) over copies of its value, so every walk takes exactly
    DEPTH steps and no branch depends on the data."""
    inner, width = 2**DEPTH - 1, 2**DEPTH
    trees = []
    for info in model.booster_.dump_model()["tree_info"]:
        inputs, thresholds, leaves = [0] * inner, [float("inf")] * inner, [0.0] * width

        def fill(node, at, depth):
            if "leaf_value" in node:
                first = at
                for _ in range(DEPTH - depth):
                    first = 2 * first + 1
                span = 2 ** (DEPTH - depth)
                for k in range(span):
                    leaves[first - inner + k] = node["leaf_value"]
                return
            if node.get("decision_type", "<=") != "<=" or depth >= DEPTH:
                sys.exit(f"unsupported split at depth {depth}: {node.get('decision_type')}")
            inputs[at], thresholds[at] = node["split_feature"], node["threshold"]
            fill(node["left_child"], 2 * at + 1, depth + 1)
            fill(node["right_child"], 2 * at + 2, depth + 1)

        fill(info["tree_structure"], 0, 0)
        trees.append((inputs, thresholds, leaves))
    return trees


def walk(trees, x):
    """The forest's score of one candidate's inputs, as the matcher walks it."""
    total = 0.0
    for inputs, thresholds, leaves in trees:
        node = 0
        for _ in range(DEPTH):
            node = 2 * node + 1 + int(x[inputs[node]] > thresholds[node])
        total += leaves[node - len(thresholds)]
    return total


def check(model, data):
    """The complete trees score every candidate as LightGBM does."""
    trees = complete(model)
    x = np.vstack([x[:, 1:] for _, x, _ in data])
    ours = np.array([walk(trees, row) for row in x])
    worst = np.abs(ours - model.predict(x)).max()
    if worst > 1e-9:
        sys.exit(f"the complete trees differ from LightGBM's by {worst}")


def rust(model, sets):
    trees = complete(model)
    number = lambda v: "f64::INFINITY" if v == float("inf") else repr(float(v))
    row = lambda values: "[" + ", ".join(values) + "],"
    lines = [
        "//! The learned ranking's forest, written by `xtask/fit_trees.py` (do not",
        "//! edit): LambdaRank gradient-boosted trees over `score::ranking_inputs`,",
        f"//! fitted on the labelled sets {', '.join(sets)}.",
        "",
        "#![allow(clippy::excessive_precision, clippy::unreadable_literal)]",
        "",
        "/// Every tree is complete, this deep.",
        f"pub(super) const DEPTH: usize = {DEPTH};",
        "/// How many trees.",
        f"pub(super) const TREES: usize = {len(trees)};",
        "",
        "/// Per tree, per split in heap order (children of `i` at `2i + 1` and",
        "/// `2i + 2`): the input it tests.",
        "#[rustfmt::skip]", f"pub(super) static INPUTS: [[u8; {2**DEPTH - 1}]; TREES] = [",
    ]
    lines += ["    " + row(str(i) for i in t[0]) for t in trees]
    lines += ["];", "", "/// Per tree, per split: `input <= threshold` goes left.",
              "#[rustfmt::skip]", f"pub(super) static THRESHOLDS: [[f64; {2**DEPTH - 1}]; TREES] = ["]
    lines += ["    " + row(number(v) for v in t[1]) for t in trees]
    lines += ["];", "", "/// Per tree, its leaves' values, left to right.",
              "#[rustfmt::skip]", f"pub(super) static LEAVES: [[f64; {2**DEPTH}]; TREES] = ["]
    lines += ["    " + row(number(v) for v in t[2]) for t in trees]
    lines += ["];", ""]
    return "\n".join(lines)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    write = sys.argv[sys.argv.index("--write") + 1] if "--write" in sys.argv else None
    if write in args:
        args.remove(write)
    sets = {}
    for arg in args:
        name, path = arg.split("=", 1)
        sets[name] = fit_ranking.load(path)
    if not sets:
        sys.exit(__doc__)
    if len(sets) > 1 and "--no-loso" not in sys.argv:
        print("top-1 left out: linear, forest")
        for name in sets:
            train = [q for other, d in sets.items() if other != name for q in d]
            linear = fit_ranking.share(fit_ranking.top1(sets[name], fit_ranking.fit(train)))
            print(f"  {name:<10} {linear:6.1%} {top1(fit(train), sets[name]):6.1%}")
    data = [q for d in sets.values() for q in d]
    model = fit(data)
    check(model, data)
    if write:
        Path(write).write_text(rust(model, list(sets)))
        print(f"wrote {write}")


if __name__ == "__main__":
    main()
