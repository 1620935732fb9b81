#!/usr/bin/env bash
# Overlap detection at scale (see bench/README.md, "Overlaps at scale"): for each size,
# `jointcal dev bench-overlaps` generates that many synthetic activities in memory
# (2% planted duplicates, 2% look-alikes) and times Index::new + flags ("detect"), then
# 200 single checks as on save. On the Splink size (100,000) it also writes the records
# and the planted pairs as JSON lines and runs bench/splink/splink_pairs.py on them.
# Prints a table: seconds, µs per activity and its ratio to the smallest size's, peak
# memory, recall and precision of the planted duplicates; then Splink against jointcal,
# and the on-save median and p99.
#
#   bench/overlaps.sh [SIZES...]        (default: 10000 100000 1000000)
#
# Environment:
#   SKIP_1M=1          leave out sizes of 1,000,000 and more
#   YEARS=10 SEED=1 DUPLICATES=0.02 SAVES=200   passed to bench-overlaps
#   SPLINK_SIZE=100000 the size whose records Splink is given (SPLINK=0: no Splink)
#   SPLINK_PYTHON      the Python with Splink 4 (default /tmp/splink-venv/bin/python3 if it
#                      exists, as bench/splink/README.md installs it; else python3)
#   MAX_SECONDS=       stop a size's run after this many seconds (e.g. 300)
#   OUT_DIR=           keep each run's JSON (and the Splink records) there instead of a
#                      temporary directory
#   CARGO_TARGET_DIR   defaults to /tmp/jc-release (a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/jc-release}
years=${YEARS:-10}
seed=${SEED:-1}
dups=${DUPLICATES:-0.02}
saves=${SAVES:-200}
splink_size=${SPLINK_SIZE:-100000}
[ "${SPLINK:-1}" = 0 ] && splink_size=none
splink_python=${SPLINK_PYTHON:-python3}
[ -z "${SPLINK_PYTHON:-}" ] && [ -x /tmp/splink-venv/bin/python3 ] && splink_python=/tmp/splink-venv/bin/python3

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000 1000000)
if [ -n "${SKIP_1M:-}" ] && [ "${SKIP_1M}" != 0 ]; then
  kept=()
  for n in "${sizes[@]}"; do
    if [ "$n" -lt 1000000 ]; then kept+=("$n"); else echo "(SKIP_1M: leaving out $n)"; fi
  done
  sizes=("${kept[@]}")
fi

echo "== building (release, CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
cargo build --release -p jointcal --quiet
bin=$CARGO_TARGET_DIR/release/jointcal

if [ -n "${OUT_DIR:-}" ]; then
  out=$OUT_DIR
  mkdir -p "$out"
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
timer=()
[ -x /usr/bin/time ] && timer=(/usr/bin/time -f "%e %M")
limit=()
[ -n "${MAX_SECONDS:-}" ] && limit=(timeout "$MAX_SECONDS")

for n in "${sizes[@]}"; do
  echo "== $n activities"
  args=(dev bench-overlaps --activities "$n" --years "$years" --seed "$seed" --duplicates "$dups" --saves "$saves" --json)
  if [ "$n" = "$splink_size" ]; then
    args+=(--records-out "$out/records.jsonl" --truth-out "$out/truth.jsonl")
  fi
  status=0
  if [ ${#timer[@]} -gt 0 ]; then
    "${timer[@]}" -o "$out/time-$n" "${limit[@]}" "$bin" "${args[@]}" >"$out/bench-$n.json" || status=$?
  else
    "${limit[@]}" "$bin" "${args[@]}" >"$out/bench-$n.json" || status=$?
  fi
  if [ "$status" != 0 ]; then
    echo "   run failed or stopped (exit $status${MAX_SECONDS:+, limit ${MAX_SECONDS} s})"
    echo "{\"activities\": $n, \"failed\": $status}" >"$out/bench-$n.json"
  else
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("   detect %.2f s (index %.2f + flags %.2f), %.1f µs/activity, %d flags, recall %.3f, peak %.0f MB" % (r["detect_seconds"], r["index_seconds"], r["flags_seconds"], r["us_per_activity"], r["flags"], r["recall"], r["peak_rss_mb"]))' "$out/bench-$n.json"
  fi
done

splink_note=""
if [ "$splink_size" != none ] && [ -f "$out/records.jsonl" ]; then
  echo "== Splink on $splink_size records ($splink_python)"
  if [ ! -f bench/splink/splink_pairs.py ]; then
    splink_note="bench/splink/splink_pairs.py is missing"
  elif ! "$splink_python" bench/splink/splink_pairs.py --records "$out/records.jsonl" --truth "$out/truth.jsonl" --json \
      >"$out/splink.json" 2>"$out/splink.err"; then
    splink_note="splink_pairs.py failed: $(tail -n 1 "$out/splink.err")"
  fi
elif [ "$splink_size" != none ]; then
  splink_note="no run of $splink_size activities"
else
  splink_note="SPLINK=0"
fi

echo
python3 - "$out" "$splink_size" "$splink_note" "${sizes[@]}" <<'PY'
import json, os, sys

out, splink_size, splink_note, sizes = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
runs = {}
for n in sizes:
    r = json.load(open(os.path.join(out, f"bench-{n}.json")))
    t = os.path.join(out, f"time-{n}")
    if "failed" not in r and os.path.exists(t):
        lines = [l for l in open(t).read().split("\n") if l.strip()]
        wall, kb = lines[-1].split()
        r["wall_seconds"], r["max_rss_mb"] = float(wall), int(kb) / 1024
    runs[n] = r

ok = [n for n in sizes if "failed" not in runs[n]]
base = "10000" if "10000" in ok else (min(ok, key=int) if ok else None)
print(f"{'activities':>10} {'detect s':>9} {'µs/act':>8} {'×' + (base or '?'):>8} {'peak MB':>8} "
      f"{'recall':>7} {'found':>13} {'precision':>9} {'flags':>8}")
for n in sizes:
    r = runs[n]
    if "failed" in r:
        print(f"{n:>10} {'(failed or stopped)':>9}")
        continue
    ratio = r["us_per_activity"] / runs[base]["us_per_activity"]
    peak = r.get("max_rss_mb", r["peak_rss_mb"])
    print(f"{n:>10} {r['detect_seconds']:>9.2f} {r['us_per_activity']:>8.1f} {ratio:>8.2f} {peak:>8.0f} "
          f"{r['recall']:>7.3f} {str(r['found']) + '/' + str(r['planted']):>13} {r['precision']:>9.3f} {r['flags']:>8}")
print("(peak MB: the process's maximum resident memory, generated records included; "
      "precision: planted pairs / all flags, a lower bound)")
for n in ok:
    by = ", ".join(f"{k} {v:.2f}" for k, v in runs[n]["recall_by_change"].items())
    print(f"recall by title change at {n}: {by}")

jc = runs.get(splink_size)
sp = None
if os.path.exists(os.path.join(out, "splink.json")):
    for line in reversed(open(os.path.join(out, "splink.json")).read().split("\n")):
        try:
            sp = json.loads(line)
            break
        except ValueError:
            continue
if sp is None and not splink_note:
    splink_note = "splink_pairs.py printed no JSON"
if sp is not None and jc is not None and "failed" not in jc:
    ratio = sp["seconds"] / jc["detect_seconds"] if jc["detect_seconds"] > 0 else float("inf")
    print(f"Splink on {int(splink_size):,}: {sp['seconds']:.1f} s, recall {sp['recall']:.3f} "
          f"(precision {sp.get('precision', float('nan')):.3f}, recall@100 {sp.get('recall_at_100', float('nan')):.3f}, "
          f"peak {sp.get('peak_rss_mb', float('nan')):.0f} MB); "
          f"jointcal {jc['detect_seconds']:.2f} s, recall {jc['recall']:.3f} (precision {jc['precision']:.3f}); "
          f"ratio {ratio:.1f}×")
else:
    print(f"splink: not run ({splink_note})")

save = jc if jc is not None and "failed" not in jc else (runs[ok[-1]] if ok else None)
if save is not None:
    print(f"on save against {save['activities']:,}: median {save['save_median_ms']:.3f} ms, "
          f"p99 {save['save_p99_ms']:.3f} ms (max {save['save_max_ms']:.3f} ms, {save['save_checks']} checks)")
PY
