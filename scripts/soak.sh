#!/usr/bin/env bash
# Soak: wrk at 64 connections against /api/search while kb/ is re-indexed every REINDEX seconds;
# prints wrk's summary (errors must be 0; a request counts as failed after 5 s, the server's own
# read/write timeout) and the server's RSS over time (must stay flat).
# Usage: ./scripts/soak.sh   (DURATION=300 REINDEX=10 CONNECTIONS=64; needs a build in build/)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_packages wrk

DURATION=${DURATION:-300}
REINDEX=${REINDEX:-10}
CONNECTIONS=${CONNECTIONS:-64}
BUILD=${BUILD:-$KB_ROOT/build}
work=$(mktemp -d)
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT

"$BUILD/indexer/kb-indexer" --kb "$KB_ROOT/kb" --db "$work/db" >/dev/null
"$BUILD/server/kb-server" --db "$work/db" --port 0 --threads "$CONNECTIONS" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do grep -q listening "$work/server.log" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log")
echo "==> soak: $CONNECTIONS connections for ${DURATION}s against $url, re-indexing every ${REINDEX}s"

(
  end=$((SECONDS + DURATION))
  reindex_failures=0
  echo "seconds,rss_kb" >"$work/rss.csv"
  while [ $SECONDS -lt $end ]; do
    echo "$SECONDS,$(ps -o rss= -p $server_pid | tr -d ' ')" >>"$work/rss.csv"
    "$BUILD/indexer/kb-indexer" --kb "$KB_ROOT/kb" --db "$work/db" >/dev/null || reindex_failures=$((reindex_failures + 1))
    sleep "$REINDEX"
  done
  echo "$reindex_failures" >"$work/reindex_failures"
) &
reindexer=$!

cd "$KB_ROOT"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s --latency -s scripts/soak.lua "$url" -- tests/data/public.jsonl | tee "$work/wrk.txt"
wait $reindexer
echo "==> re-index failures: $(cat "$work/reindex_failures")"
echo "==> server RSS (KiB) over time:"
cat "$work/rss.csv"
awk -F, 'NR==2{first=$2} NR>1{last=$2; if($2>max)max=$2} END{printf "==> RSS first %d KiB, last %d KiB, max %d KiB\n", first, last, max}' "$work/rss.csv"
if grep -qE 'Non-2xx|Socket errors' "$work/wrk.txt"; then echo "==> ERRORS seen"; exit 1; fi
echo "==> 0 errors"
