#!/usr/bin/env bash
# Refits the matcher's ranking forest and prints a new calibration, the way
# the committed ones were fitted:
#
#   xtask/refit.sh OUT eval eval2 eval3 eval4
#
# 1. Candidate files for each set from the BM25 shortlist alone
#    (SEMANTIC_GATE temporarily 0.0; see fit_trees.py for why).
# 2. For each set, a forest fitted on the other sets, written and built, and
#    that set's calibration features written by `cargo xtask eval --features`:
#    the calibration is fitted on features no forest saw the answers of. The
#    harness figures of each left-out build go to OUT/eval_loso_SET.txt.
# 3. The forest on every set, written to src/matcher/ranking_trees.rs.
# 4. `calibrate.py` on the pooled features: paste its CALIBRATION line into
#    src/matcher/score.rs by hand, after comparing with the committed one.
#
# Candidate files list each shortlist in the matcher's order, which follows
# the calibration, and LightGBM's fit depends slightly on the order of tied
# candidates: run again after pasting a new calibration and the forest moves
# a little (left-one-set-out figures within about a point).
#
# Needs numpy and lightgbm (`pip install numpy lightgbm`). Leaves the new
# forest in the working tree; `git checkout src/matcher/ranking_trees.rs`
# undoes it. Never pass eval5 to eval9: they are held out of every fit.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$1
shift
SETS="$*"
mkdir -p "$OUT"
gate=src/matcher/mod.rs
grep -q '^const SEMANTIC_GATE: f64 = 0.6;' $gate
trap "sed -i 's/^const SEMANTIC_GATE: f64 = 0.0;/const SEMANTIC_GATE: f64 = 0.6;/' $gate" EXIT
sed -i 's/^const SEMANTIC_GATE: f64 = 0.6;/const SEMANTIC_GATE: f64 = 0.0;/' $gate
for s in $SETS; do
  cargo xtask eval --set "xtask/data/$s" --candidates "$OUT/c0_$s.csv" >/dev/null 2>&1
done
sed -i 's/^const SEMANTIC_GATE: f64 = 0.0;/const SEMANTIC_GATE: f64 = 0.6;/' $gate
for s in $SETS; do
  others=""
  for o in $SETS; do [ "$o" != "$s" ] && others="$others $o=$OUT/c0_$o.csv"; done
  # shellcheck disable=SC2086
  python3 xtask/fit_trees.py $others --no-loso --write src/matcher/ranking_trees.rs >/dev/null
  cargo xtask eval --set "xtask/data/$s" --features "$OUT/f_$s.csv" --curve >"$OUT/eval_loso_$s.txt" 2>&1
  echo "$s left out: $(grep '^qfill ' "$OUT/eval_loso_$s.txt" | head -1)"
done
all=""
for s in $SETS; do all="$all $s=$OUT/c0_$s.csv"; done
# shellcheck disable=SC2086
python3 xtask/fit_trees.py $all --write src/matcher/ranking_trees.rs | tee "$OUT/fit_trees.txt"
for s in $SETS; do cat "$OUT/f_$s.csv"; done >"$OUT/features_all.csv"
python3 xtask/calibrate.py "$OUT/features_all.csv" | tee "$OUT/calibrate.txt"
