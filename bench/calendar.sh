#!/usr/bin/env bash
# Month-query benchmark: generates a group of N synthetic activities over ten years
# (default 100,000) in a fresh SQLite file, then times the month query (full month and
# first page of 50) on twelve months and prints rows examined vs returned and the plan.
#
#   bench/calendar.sh [N] [sqlite://FILE | postgres://…]
#
# A release build is used; set CARGO_TARGET_DIR to keep it apart from dev builds.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
db=${2:-}
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/jointcal
if [ -z "$db" ]; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  db="sqlite://$dir/bench.db"
fi
echo "== generating $n activities into $db"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "generate: %e s, peak RSS %M KB" "$bin" --database "$db" dev generate --activities "$n" --group synthetic
else
  echo "(install Debian's 'time' package for the peak memory of the generation)"
  "$bin" --database "$db" dev generate --activities "$n" --group synthetic
fi
echo "== month query"
"$bin" --database "$db" dev bench-calendar --group synthetic --runs 15
