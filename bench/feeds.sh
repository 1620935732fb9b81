#!/usr/bin/env bash
# Feed benchmark: the iCalendar feed of a group of N synthetic activities (default
# 10,000) served by a release build on loopback, beside nginx serving the same bytes
# as a static file and Radicale (PyPI) serving the same events as a CalDAV
# collection, all in the same run. For each: full GETs and conditional GETs
# (If-None-Match with the server's own ETag) per second under wrk (Radicale, which
# needs seconds per GET: 1 / the median of 3 sequential requests), and the ratio of
# jointcal's rate to nginx's; then the jointcal server's memory (resident, and its
# peak). Run it on an idle machine.
#
#   bench/feeds.sh [N] [SECONDS] [CONNECTIONS]     (default 10000 10 8)
#
# Needs wrk and nginx (apt-get install wrk nginx) and Radicale (RADICALE=path to its
# command; default /tmp/radicale-venv/bin/radicale, made with
# `python3 -m venv /tmp/radicale-venv && /tmp/radicale-venv/bin/pip install radicale`).
# A release build is used; set CARGO_TARGET_DIR to keep it apart from dev builds.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
secs=${2:-10}
conns=${3:-8}
radicale=${RADICALE:-/tmp/radicale-venv/bin/radicale}
for c in wrk nginx curl; do command -v "$c" >/dev/null || { echo "needs $c: apt-get install wrk nginx curl" >&2; exit 1; }; done
[ -x "$radicale" ] || { echo "needs Radicale at $radicale (see the header of this script)" >&2; exit 1; }
cargo build --release --quiet -p jointcal
bin=${CARGO_TARGET_DIR:-target}/release/jointcal
dir=$(mktemp -d)
chmod 755 "$dir"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$dir"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

db="sqlite://$dir/bench.db"
echo "== $n synthetic activities"
"$bin" --database "$db" dev generate --activities "$n" --group synthetic >/dev/null
printf 'bench password 2007\n' | "$bin" --database "$db" user add --email bench@example.org --name Bench --password-stdin >/dev/null
"$bin" --database "$db" member set --group synthetic --email bench@example.org --role coordinator >/dev/null
token=$("$bin" --database "$db" token create --email bench@example.org --name bench | tail -n 1)
port=$(free_port)
JOINTCAL_LOG=warn "$bin" --database "$db" serve --bind "127.0.0.1:$port" >"$dir/serve.log" 2>&1 &
jpid=$!
pids+=("$jpid")
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
feed_token=$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/me/feeds" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
feed="$base/feeds/synthetic.ics?token=$feed_token"
mkdir -p "$dir/www"
curl -sf "$feed" -o "$dir/www/synthetic.ics"
events=$(grep -c '^BEGIN:VEVENT' "$dir/www/synthetic.ics")
echo "   feed: $events events, $(wc -c <"$dir/www/synthetic.ics") bytes"

# nginx: the same bytes as a static file (its ETag from size and mtime).
nport=$(free_port)
cat >"$dir/nginx.conf" <<CONF
user root;
worker_processes 2;
daemon off;
pid $dir/nginx.pid;
error_log $dir/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nport;
    root $dir/www;
    location / { default_type "text/calendar; charset=utf-8"; }
  }
}
CONF
nginx -c "$dir/nginx.conf" &
pids+=("$!")

# Radicale: the same events as a calendar collection (PUT of the whole calendar).
rport=$(free_port)
mkdir -p "$dir/radicale"
cat >"$dir/radicale.conf" <<CONF
[server]
hosts = 127.0.0.1:$rport
[auth]
type = none
[rights]
type = from_file
file = $dir/radicale.rights
[storage]
filesystem_folder = $dir/radicale
[logging]
level = warning
CONF
printf '[all]\nuser: .*\ncollection: .*\npermissions: RrWw\n' >"$dir/radicale.rights"
"$radicale" --config "$dir/radicale.conf" >"$dir/radicale.log" 2>&1 &
pids+=("$!")
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$rport/" && break; sleep 0.2; done
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$nport/synthetic.ics" && break; sleep 0.2; done
rurl="http://127.0.0.1:$rport/bench/synthetic/"
curl -sf -o /dev/null -X MKCOL "http://127.0.0.1:$rport/bench/"
curl -sf -X PUT -H 'Content-Type: text/calendar; charset=utf-8' --data-binary "@$dir/www/synthetic.ics" "$rurl" -o /dev/null
revents=$(curl -sf "$rurl" | grep -c '^BEGIN:VEVENT')
echo "   Radicale holds $revents events"

etag_of() { curl -s -D - -o /dev/null "$1" | sed -n 's/^[Ee][Tt][Aa][Gg]: *\(.*\)\r$/\1/p'; }
rate() { # URL [If-None-Match]: requests per second, and the status seen
  local url=$1 tag=${2:-} out
  if [ -n "$tag" ]; then
    out=$(wrk -t2 -c"$conns" -d"${secs}s" --timeout 60s --latency -H "If-None-Match: $tag" "$url")
  else
    out=$(wrk -t2 -c"$conns" -d"${secs}s" --timeout 60s --latency "$url")
  fi
  echo "$out" | awk '/Requests\/sec/ { print $2 }'
}
slow_rate() { # URL [If-None-Match]: for a server slower than wrk's window (Radicale),
  # 1 / the median of 3 sequential requests' times
  local url=$1 tag=${2:-}
  for _ in 1 2 3; do curl -s -o /dev/null -w '%{time_total}\n' ${tag:+-H "If-None-Match: $tag"} "$url"; done |
    sort -n | sed -n 2p | awk '{ printf "%.2f", 1 / $1 }'
}
status_of() { curl -s -o /dev/null -w '%{http_code}' ${2:+-H "If-None-Match: $2"} "$1"; }

jtag=$(etag_of "$feed"); ntag=$(etag_of "http://127.0.0.1:$nport/synthetic.ics"); rtag=$(etag_of "$rurl")
printf '\n%-10s %14s %18s   %s\n' "server" "full GET /s" "conditional GET /s" "(conditional answer)"
declare -A full cond
for s in jointcal nginx radicale; do
  case $s in
    jointcal) url=$feed; tag=$jtag ;;
    nginx) url="http://127.0.0.1:$nport/synthetic.ics"; tag=$ntag ;;
    radicale) url=$rurl; tag=$rtag ;;
  esac
  if [ "$s" = radicale ]; then
    full[$s]=$(slow_rate "$url"); cond[$s]=$(slow_rate "$url" "$tag")
  else
    full[$s]=$(rate "$url"); cond[$s]=$(rate "$url" "$tag")
  fi
  printf '%-10s %14s %18s   (%s)\n' "$s" "${full[$s]}" "${cond[$s]}" "$(status_of "$url" "$tag")"
done
# Outside the one-second window every request asks the database for the group's
# state (two small reads) before answering: a request that carries a cookie always
# does (the bogus session adds one more read).
vfull=$(wrk -t2 -c"$conns" -d"${secs}s" --timeout 60s -H "Cookie: jointcal_session=none" "$feed" | awk '/Requests\/sec/ { print $2 }')
vcond=$(wrk -t2 -c"$conns" -d"${secs}s" --timeout 60s -H "Cookie: jointcal_session=none" -H "If-None-Match: $jtag" "$feed" | awk '/Requests\/sec/ { print $2 }')
printf '%-10s %14s %18s   %s\n' "jointcal, checked against the database each time" "$vfull" "$vcond" ""
python3 - "${full[jointcal]}" "${full[nginx]}" "${full[radicale]}" "${cond[jointcal]}" "${cond[nginx]}" "${cond[radicale]}" <<'PY'
import sys
fj, fn, fr, cj, cn, cr = map(float, sys.argv[1:])
print(f"\njointcal / nginx:    full {fj / fn:.2f}, conditional {cj / cn:.2f}   (aim: at least 0.5 on both)")
print(f"jointcal / Radicale: full {fj / fr:.1f}x, conditional {cj / cr:.1f}x" if fr and cr else "Radicale answered nothing in time")
PY
grep -E 'VmRSS|VmHWM' "/proc/$jpid/status" | sed 's/^/   jointcal server /'
