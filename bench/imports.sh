#!/usr/bin/env bash
# The IATI import end to end beside a Python reader and a bare XML pass, on the same
# corpus, in the same run:
#
#   bench/imports.sh [SIZE_MB] [SMALL_MB]      (defaults 500 and 100)
#
# 1. Builds a corpus of SIZE_MB from ../shared/data/iati (activities repeated with their
#    identifiers rewritten; bench/imports/make_corpus.py), and one of SMALL_MB.
# 2. Times, with peak memory (/usr/bin/time -v):
#    - `jointcal import` (release build) into a fresh SQLite database, --on-error skip;
#    - bench/imports/lxml_reader.py: lxml.etree.iterparse extracting the same fields into
#      SQLite (pip install lxml);
#    - `jointcal dev bench-xml`: quick-xml reading every event and nothing else (the ceiling).
# 3. Prints MB/s, activities/s, peak RSS and the ratios jointcal/Python and
#    jointcal/quick-xml, and jointcal's peak RSS at both sizes (flat means streaming).
#
# Needs: cargo, python3 with lxml, /usr/bin/time (apt-get install time). Takes a few
# minutes and ~2 × SIZE_MB of disk in a temporary folder.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SIZE=${1:-500}
SMALL=${2:-100}
shared=$(cd .. && pwd)/shared/data/iati
[ -d "$shared" ] || { echo "no $shared"; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
python3 -c "import lxml" || { echo "needs lxml (pip install lxml)"; exit 1; }
cargo build --release --quiet -p jointcal --bin jointcal
bin=target/release/jointcal
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export JOINTCAL_LOG=warn

files=("$shared"/*.xml "$shared"/eval/*.xml)
python3 bench/imports/make_corpus.py "$work/big.xml" "$SIZE" "${files[@]}"
python3 bench/imports/make_corpus.py "$work/small.xml" "$SMALL" "${files[@]}"

# Runs a command under /usr/bin/time; sets SECS and RSS_MB.
measure() {
    local log=$work/time.log
    /usr/bin/time -v "$@" >"$work/out.log" 2>"$log" || { cat "$work/out.log" "$log"; exit 1; }
    SECS=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")
    RSS_MB=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log")
}

import_into() {
    local corpus=$1 db="sqlite://$work/jc-$RANDOM.db"
    "$bin" --database "$db" group add --slug bench --name Bench --country KZ --timezone Asia/Almaty --languages en >/dev/null
    measure "$bin" --database "$db" import "$corpus" --group bench --on-error skip
    tail -n 4 "$work/out.log" | head -n 1
}

mb=$(python3 -c "import os; print(os.path.getsize('$work/big.xml') / 1e6)")
n=$(grep -c '<iati-activity[ >]' "$work/big.xml")

echo "== jointcal import ($SMALL MB)"
import_into "$work/small.xml"
small_rss=$RSS_MB
echo "   peak RSS $small_rss MB"

echo "== jointcal import ($SIZE MB, $n activities)"
import_into "$work/big.xml"
jc_s=$SECS; jc_rss=$RSS_MB
echo "   $jc_s s, peak RSS $jc_rss MB"

echo "== Python lxml.iterparse → SQLite"
measure python3 bench/imports/lxml_reader.py "$work/big.xml" "$work/lxml.sqlite"
py_s=$SECS; py_rss=$RSS_MB
cat "$work/out.log"; echo "   $py_s s, peak RSS $py_rss MB"

echo "== quick-xml, every event, nothing else"
measure "$bin" dev bench-xml "$work/big.xml"
qx_s=$SECS; qx_rss=$RSS_MB
cat "$work/out.log"; echo "   peak RSS $qx_rss MB"

python3 - "$mb" "$n" "$jc_s" "$py_s" "$qx_s" "$jc_rss" "$py_rss" "$qx_rss" "$small_rss" "$SMALL" "$SIZE" <<'PY'
import sys
mb, n, jc, py, qx = map(float, sys.argv[1:6])
jc_rss, py_rss, qx_rss, small_rss = sys.argv[6:10]
small, size = sys.argv[10:12]
row = lambda name, s, rss: print(f"{name:<28} {s:8.1f} s {mb / s:8.1f} MB/s {n / s:10.0f} activities/s  peak {rss:>5} MB")
print(f"\ncorpus: {mb:.0f} MB, {n:.0f} activities")
row("jointcal import (SQLite)", jc, jc_rss)
row("Python lxml → SQLite", py, py_rss)
row("quick-xml bare pass", qx, qx_rss)
print(f"jointcal / Python: {py / jc:.2f}× faster (aim ≥ 10)")
print(f"jointcal / quick-xml ceiling: {qx / jc:.2f} of its speed")
print(f"jointcal peak RSS: {small_rss} MB at {small} MB, {jc_rss} MB at {size} MB")
PY
