#!/usr/bin/env bash
# bench/overlaps-eval.sh [IATI FILE…] — the overlap detector and Splink on the same
# IATI records, side by side (default: ../shared/data/iati/eval/*.xml).
#
# jointcal reads the files, makes its records without any link field, and writes
# them with the known pairs (--records-out); bench/splink/splink_pairs.py runs a
# tuned unsupervised Splink (DuckDB) on exactly those records. Both are judged by
# the same definitions (src/evaluate/metrics.rs = splink_pairs.py). Needs
# `pip install -r bench/splink/requirements.txt`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ "$#" -gt 0 ]; then FILES=("$@"); else FILES=(../shared/data/iati/eval/*.xml); fi
TARGET=${CARGO_TARGET_DIR:-/tmp/jc-release}
CARGO_TARGET_DIR=$TARGET cargo build --release -q -p jointcal
OUT=$(mktemp -d)
"$TARGET/release/jointcal" overlaps --evaluate "${FILES[@]}" --records-out "$OUT" --json >"$OUT/jointcal.json"
PY=${SPLINK_PYTHON:-python3}  # a Python with bench/splink/requirements.txt
SPLINK_OK=1
"$PY" bench/splink/splink_pairs.py --records "$OUT/records.jsonl" --truth "$OUT/truth.jsonl" --json \
    >"$OUT/splink-all.json" 2>"$OUT/splink-all.err" || SPLINK_OK=0
"$PY" bench/splink/splink_pairs.py --records "$OUT/report-records.jsonl" --truth "$OUT/report-truth.jsonl" \
    --fit-records "$OUT/fit-records.jsonl" --json >"$OUT/splink-report.json" 2>"$OUT/splink-report.err" || SPLINK_OK=0
[ "$SPLINK_OK" = 1 ] || echo "splink failed: see $OUT/splink-*.err" >&2
python3 - "$OUT" <<'PY'
import json, os, sys
out = sys.argv[1]
j = json.load(open(os.path.join(out, "jointcal.json")))
def load(name):
    try:
        return json.load(open(os.path.join(out, name)))
    except Exception:
        return None
s_all, s_rep = load("splink-all.json"), load("splink-report.json")
print(f"{j['activities']} activities in {j['files']} files, {j['all']['truth']} known pairs "
      f"({j['all']['truth'] - j['all']['truth_untagged']} of one organization family)")
rows = [("recall@100", "recall_at_100"), ("found in top 100", "found_at_100"),
        ("recall@100 w/o family", "recall_at_100_untagged"), ("precision@k", "precision_at_k"),
        ("precision (at 0.5)", "precision"), ("recall (at 0.5)", "recall"), ("F1 (at 0.5)", "f1"),
        ("pairs scored", "pairs_scored")]
def cell(m, k):
    if m is None or k not in m: return "-"
    v = m[k]
    return f"{v:.3f}" if isinstance(v, float) else str(v)
print(f"{'all records':<24}{'jointcal':>12}{'splink':>12}")
for label, k in rows:
    print(f"{label:<24}{cell(j['all'], k):>12}{cell(s_all, k):>12}")
js, ss = j["seconds"], (s_all or {}).get("seconds")
print(f"{'seconds':<24}{js:>12.2f}{(f'{ss:.2f}' if ss else '-'):>12}" + (f"   splink/jointcal {ss/js:.0f}x" if ss else ""))
print(f"report half (jointcal threshold fitted on the fit half: {j['fitted_threshold']:.2f}; splink trained on the fit half)")
for label, k in rows[:4]:
    print(f"{label:<24}{cell(j['report'], k):>12}{cell(s_rep, k):>12}")
print(f"(files in {out})")
PY
