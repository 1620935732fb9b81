#!/usr/bin/env bash
# Page benchmark: the month page (grid + agenda) and the timeline of a group of N
# synthetic activities over ten years (default 100,000), served by a release build
# on loopback to a signed-in coordinator, one request at a time under wrk (Debian's
# `wrk`), so latency is the server's time per page: median and
# 99th-percentile latency, requests per second. Run it on an idle machine.
#
#   bench/pages.sh [N] [SECONDS] [YEARS]
#
# The activities start over YEARS years from 2016 (default 10, about 2,000 in a
# month with the long programmes); 100,000 over 40 years puts about 500 in a month,
# the issue's target case. The month measured is in the middle of the span.
#
# A release build is used; set CARGO_TARGET_DIR to keep it apart from dev builds.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
secs=${2:-10}
years=${3:-10}
mid=$((2016 + years / 2))
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet -p jointcal
bin=${CARGO_TARGET_DIR:-target}/release/jointcal
dir=$(mktemp -d)
db="sqlite://$dir/bench.db"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
echo "== $n synthetic activities over $years years"
"$bin" --database "$db" dev generate --activities "$n" --years "$years" --group synthetic >/dev/null
printf 'bench password 2007\n' | "$bin" --database "$db" user add --email bench@example.org --name Bench --password-stdin >/dev/null
"$bin" --database "$db" member set --group synthetic --email bench@example.org --role coordinator >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
JOINTCAL_LOG=warn "$bin" --database "$db" serve --bind "127.0.0.1:$port" >"$dir/serve.log" 2>&1 &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
cookie=$(curl -s -D - -o /dev/null -H "Origin: $base" \
  --data-urlencode email=bench@example.org --data-urlencode 'password=bench password 2007' "$base/login" |
  sed -n 's/^[Ss]et-[Cc]ookie: \(jointcal_session=[^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "could not sign in" >&2; exit 1; }
run() {
  local label=$1 path=$2
  local shown
  shown=$(curl -s -H "Cookie: $cookie" "$base$path" | grep -o '<caption class="muted">[^<]*' | sed 's/.*>//' || true)
  echo "== $label: $path ${shown:+($shown)}"
  wrk -t1 -c1 -d"${secs}s" --latency -H "Cookie: $cookie" "$base$path" |
    grep -E '^\s+(50|99)%|Requests/sec' | sed 's/^ */   /'
}
run "month page, busiest kind of month" "/groups/synthetic?month=$mid-03"
run "month page filtered to one target group" "/groups/synthetic?month=$mid-03&target_group=border_guards"
run "timeline, one quarter" "/groups/synthetic/timeline?from=$mid-01&span=quarter"
