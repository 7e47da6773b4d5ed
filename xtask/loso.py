#!/usr/bin/env python3
"""Leave-one-set-out estimates for the matcher's ranking and calibration:
fit on every labelled set but one, measure the one left out, for each set in
turn. Needs numpy. For each set S (a directory under xtask/data):

    cargo xtask eval --set xtask/data/S --candidates /tmp/c_S.csv --features /tmp/f_S.csv
    python3 xtask/loso.py S=/tmp/c_S.csv,/tmp/f_S.csv ...

The ranking here is the linear baseline (`fit_ranking.py`); `fit_trees.py`
prints the same left-out top-1 for the matcher's forest. Prints, per set, the
top-1 of the refitted ranking (share of questions with a
right candidate in the shortlist, which is above the harness's top-1: that one
also needs the suggestion to clear `review_at`), and the precision and count
of confident answers of the refitted calibration at several thresholds.
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import calibrate  # noqa: E402
import fit_ranking  # noqa: E402


def main():
    sets = {}
    for arg in sys.argv[1:]:
        name, files = arg.split("=", 1)
        candidates, features = files.split(",")
        sets[name] = (fit_ranking.load(candidates), calibrate.load(features))
    if len(sets) < 2:
        sys.exit(__doc__)
    print("ranking, top-1 of questions with a right candidate:")
    for name in sets:
        train = [q for other, (c, _) in sets.items() if other != name for q in c]
        hits = fit_ranking.top1(sets[name][0], fit_ranking.fit(train))
        print(f"  {name:<10} {fit_ranking.share(hits):6.1%}")
    predicted = {}
    for name in sets:
        xs = np.vstack([f[0] for other, (_, f) in sets.items() if other != name])
        ys = np.concatenate([f[1] for other, (_, f) in sets.items() if other != name])
        predicted[name] = calibrate.predict(calibrate.fit(xs, ys), sets[name][1][0])
    print("calibration: threshold, then right/answered per set, then pooled precision:")
    for threshold in (0.90, 0.92, 0.93, 0.94, 0.95, 0.96):
        line, answered, right = f"  {threshold:.2f}", 0, 0
        for name, p in predicted.items():
            y = sets[name][1][1]
            sel = p >= threshold
            a, r = int(sel.sum()), int((sel & (y == 1)).sum())
            line += f"  {name} {r}/{a}"
            answered, right = answered + a, right + r
        print(f"{line}  pooled {right / max(answered, 1):.1%}")


if __name__ == "__main__":
    main()
