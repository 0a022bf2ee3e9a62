#!/usr/bin/env bash
# Soak: wrk at 64 connections against /api/search while kb/ is re-indexed every REINDEX seconds;
# prints wrk's summary (errors must be 0; a request counts as failed after 5 s, the server's own
# read/write timeout) and the server's RSS over time (must stay flat).
# Usage: ./scripts/soak.sh   (DURATION=300 REINDEX=10 CONNECTIONS=64 SERVER_ARGS="--cache-mb 0";
#        needs a build in build/)
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
"$BUILD/server/kb-server" --db "$work/db" --port 0 --threads "$CONNECTIONS" ${SERVER_ARGS:-} >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do grep -q listening "$work/server.log" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log")
echo "==> soak: $CONNECTIONS connections for ${DURATION}s against $url, re-indexing every ${REINDEX}s"

# RSS every 5 s, on its own clock.
(
  echo "seconds,rss_kb"
  start=$SECONDS
  while kill -0 $server_pid 2>/dev/null && [ $((SECONDS - start)) -le "$DURATION" ]; do
    echo "$((SECONDS - start)),$(ps -o rss= -p $server_pid | tr -d ' ')"
    sleep 5
  done
) >"$work/rss.csv" &
sampler=$!

# A rebuild starts every REINDEX seconds of wall-clock time (or as soon as the previous one ends,
# if it took longer).
(
  start=$SECONDS
  rebuilds=0
  failures=0
  while [ $((SECONDS - start)) -lt "$DURATION" ]; do
    tick=$SECONDS
    if "$BUILD/indexer/kb-indexer" --kb "$KB_ROOT/kb" --db "$work/db" >/dev/null; then
      rebuilds=$((rebuilds + 1))
    else
      failures=$((failures + 1))
    fi
    left=$((REINDEX - (SECONDS - tick)))
    [ $left -gt 0 ] && sleep $left
  done
  echo "$rebuilds $failures" >"$work/rebuilds"
) &
reindexer=$!

cd "$KB_ROOT"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s --latency -s bench/wrk_search.lua "$url" -- tests/data/public.jsonl | tee "$work/wrk.txt"
wait $reindexer $sampler
read -r rebuilds reindex_failures <"$work/rebuilds"
echo "==> rebuilds swapped in: $rebuilds, failed: $reindex_failures"
echo "==> server RSS (KiB) over time:"
cat "$work/rss.csv"
# Flat means: memory stops growing. Warm-up (each of the 64 workers' malloc arenas, the answer
# cache filling up to its bound) takes the first minutes, so the last third of the run is
# compared with the middle third: its peak must be within 5% of the middle third's peak.
awk -F, -v d="$DURATION" 'NR>1 && $1>=d/3 && $1<2*d/3 {if($2>mid)mid=$2}
  NR>1 && $1>=2*d/3 {if($2>late)late=$2; last=$2}
  END{printf "==> RSS peak in the middle third %d KiB, in the last third %d KiB, at the end %d KiB\n", mid, late, last;
      exit (mid > 0 && late <= mid * 1.05) ? 0 : 1}' "$work/rss.csv" || { echo "==> RSS still growing"; exit 1; }
[ "$reindex_failures" -eq 0 ] || { echo "==> a rebuild failed"; exit 1; }
if grep -qE 'Non-2xx|Socket errors' "$work/wrk.txt"; then echo "==> ERRORS seen"; exit 1; fi
echo "==> 0 errors"
