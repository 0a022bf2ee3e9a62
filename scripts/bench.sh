#!/usr/bin/env bash
# The performance benchmarks of docs/PERFORMANCE.md, in one run: for each kb size, generate it
# (bench/kb_generate), index it (throughput, database size), measure in-process search latency
# (bench/engine), cold start and the HTTP API under wrk at 1, 8 and 64 connections (kb-server with
# and without its answer cache, and bench/trivial_server, the HTTP layer's ceiling with the same
# settings), and the server's memory after the load. Writes CSV and a plot under bench/results/
# and the tables between the bench markers of docs/PERFORMANCE.md.
#
# Usage: ./scripts/bench.sh
#   SIZES="real 1k 10k 100k"  kb sizes: real (kb/) or N, Nk (generated)
#   DURATION=30               seconds of wrk per run
#   CONNECTIONS="1 8 64"      wrk connections
#   REPEAT=5                  timed passes over the queries in bench/engine
#   WORK=build-bench/work     generated kbs and databases (100k: about 1.5 GB)
#   OUT=bench/results         CSV, summary and plot
# Quick run: SIZES="real 1k" DURATION=3 REPEAT=1 ./scripts/bench.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_packages "${KB_BUILD_PACKAGES[@]}" wrk gnuplot-nox

SIZES=${SIZES:-real 1k 10k 100k}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-1 8 64}
REPEAT=${REPEAT:-5}
BUILD=${BUILD:-$KB_ROOT/build-bench}
WORK=${WORK:-$BUILD/work}
OUT=${OUT:-$KB_ROOT/bench/results}
PORT=${PORT:-18700}
QUERIES="$KB_ROOT/tests/data/public.jsonl"

build_kb "$BUILD" -DCMAKE_BUILD_TYPE=Release -DKB_TESTS=OFF
mkdir -p "$WORK" "$OUT"
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true' EXIT

# The machine, for the report.
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git -C "$KB_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "cores: $(nproc)"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "settings: SIZES=\"$SIZES\" DURATION=$DURATION CONNECTIONS=\"$CONNECTIONS\" REPEAT=$REPEAT"
} >"$OUT/machine.txt"
cat "$OUT/machine.txt"

echo "kb,articles,set,what,queries,samples,p50_ms,p90_ms,p99_ms,max_ms,mean_ms" >"$OUT/engine.csv"
echo "kb,articles,seconds,articles_per_s,db_bytes,read_s,add_s,commit_s,compact_s" >"$OUT/indexing.csv"
echo "kb,articles,server,connections,requests,seconds,rps,p50_ms,p99_ms,non2xx,connect_errors,read_errors,write_errors,timeouts" >"$OUT/http.csv"
echo "kb,articles,cold_start_ms,rss_start_kb,rss_after_load_kb,rss_after_nocache_load_kb" >"$OUT/server.csv"

# wrk against http://127.0.0.1:$1 at every connection count; appends to http.csv with label $2.
run_wrk() {
  local port=$1 label=$2 kb=$3 articles=$4 c threads line
  for c in $CONNECTIONS; do
    threads=$((c < 2 ? 1 : 2))
    line=$(cd "$KB_ROOT" && wrk -t"$threads" -c"$c" -d"${DURATION}s" --timeout 5s -s bench/wrk_search.lua \
      "http://127.0.0.1:$port" -- "$QUERIES" | grep '^WRK ')
    read -r _ requests seconds rps p50 p99 non2xx connect read write timeouts <<<"$line"
    echo "$kb,$articles,$label,$c,$requests,$seconds,$rps,$p50,$p99,$non2xx,$connect,$read,$write,$timeouts" >>"$OUT/http.csv"
    echo "    $label c=$c: $rps req/s, p50 $p50 ms, p99 $p99 ms, errors $((non2xx + connect + read + write + timeouts))"
  done
}

# Starts a server through cold_start; sets server_pid and cold_ms.
start_server() {
  local out
  out=$("$BUILD/bench/cold_start" --port "$PORT" --log "$WORK/server.log" -- "$@")
  server_pid=${out%% *}
  cold_ms=${out##* }
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  while kill -0 "$server_pid" 2>/dev/null; do sleep 0.1; done
  server_pid=""
}

echo "==> HTTP ceiling: bench/trivial_server"
start_server "$BUILD/bench/trivial_server" --port "$PORT"
run_wrk "$PORT" trivial - 0
stop_server

for size in $SIZES; do
  if [ "$size" = real ]; then
    kb="$KB_ROOT/kb"
  else
    n=${size%k}
    [ "$n" != "$size" ] && n=$((n * 1000))
    kb="$WORK/kb-$size"
    echo "==> generating $size articles"
    "$BUILD/bench/kb_generate" --kb "$KB_ROOT/kb" --out "$kb" --articles "$n" --force
    "$BUILD/indexer/kb-indexer" --kb "$kb" --db "$WORK/check" --check
  fi
  db="$WORK/db-$size"
  rm -rf "$db"
  echo "==> indexing $size"
  start=$(date +%s.%N)
  report=$("$BUILD/indexer/kb-indexer" --kb "$kb" --db "$db" --verbose)
  seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.3f", b - a}')
  echo "$report"
  articles=$(echo "$report" | sed -n 's/^indexed \([0-9]*\) articles.*/\1/p')
  bytes=$(stat -c %s "$db/kb.glass")
  steps=$(echo "$report" | sed -n 's/.*read and check \([0-9.]*\) s, make and add documents \([0-9.]*\) s, commit \([0-9.]*\) s, compact \([0-9.]*\) s.*/\1,\2,\3,\4/p')
  rate=$(awk -v n="$articles" -v s="$seconds" 'BEGIN {printf "%.0f", n / s}')
  echo "$size,$articles,$seconds,$rate,$bytes,$steps" >>"$OUT/indexing.csv"

  echo "==> in-process latency ($size)"
  "$BUILD/bench/engine" --db "$db" --cases "$QUERIES" --label "$size" --repeat "$REPEAT" | tee -a "$OUT/engine.csv"

  echo "==> kb-server ($size)"
  start_server "$BUILD/server/kb-server" --db "$db" --port "$PORT"
  rss_start=$(ps -o rss= -p "$server_pid" | tr -d ' ')
  echo "    cold start ${cold_ms} ms, RSS ${rss_start} KiB"
  run_wrk "$PORT" kb-server "$size" "$articles"
  rss_after=$(ps -o rss= -p "$server_pid" | tr -d ' ')
  echo "    RSS after the load: ${rss_after} KiB"
  stop_server
  start_server "$BUILD/server/kb-server" --db "$db" --port "$PORT" --cache-mb 0
  run_wrk "$PORT" kb-server-nocache "$size" "$articles"
  rss_nocache=$(ps -o rss= -p "$server_pid" | tr -d ' ')
  echo "    RSS after the load without the cache: ${rss_nocache} KiB"
  echo "$size,$articles,$cold_ms,$rss_start,$rss_after,$rss_nocache" >>"$OUT/server.csv"
  stop_server
done

# Plot: latency and throughput against kb size.
awk -F, 'NR > 1 && $3 == "typical" && $4 == "search+json" {print $2, $7, $9}' "$OUT/engine.csv" >"$WORK/latency.dat"
awk -F, 'NR > 1 && $3 == "paste64k" && $4 == "search+json" {print $2, $7, $9}' "$OUT/engine.csv" >"$WORK/paste.dat"
top=$(echo "$CONNECTIONS" | tr ' ' '\n' | sort -n | tail -1)
awk -F, -v c="$top" 'NR > 1 && $3 == "kb-server" && $4 == c {print $2, $7}' "$OUT/http.csv" >"$WORK/rps.dat"
awk -F, -v c="$top" 'NR > 1 && $3 == "kb-server-nocache" && $4 == c {print $2, $7}' "$OUT/http.csv" >"$WORK/rps0.dat"
ceiling=$(awk -F, -v c="$top" 'NR > 1 && $3 == "trivial" && $4 == c {print $7}' "$OUT/http.csv")
awk -F, 'NR > 1 {print $2, $4}' "$OUT/indexing.csv" >"$WORK/index.dat"
gnuplot <<EOF
set terminal pngcairo size 1400,480 font ",10"
set output "$OUT/performance.png"
set multiplot layout 1,3
set logscale x
set xlabel "articles"
set grid
set key top left
set title "In-process latency (search + JSON)"
set ylabel "ms"
set logscale y
plot "$WORK/latency.dat" using 1:2 with linespoints title "typical p50", \
     "$WORK/latency.dat" using 1:3 with linespoints title "typical p99", \
     "$WORK/paste.dat" using 1:2 with linespoints title "64 KB paste p50"
unset logscale y
set title "/api/search at $top connections"
set ylabel "requests/s"
set logscale y
plot "$WORK/rps.dat" using 1:2 with linespoints title "kb-server", \
     "$WORK/rps0.dat" using 1:2 with linespoints title "kb-server, no answer cache", \
     ${ceiling:-0} with lines dashtype 2 title "trivial handler"
unset logscale y
set title "Indexing"
set ylabel "articles/s"
plot "$WORK/index.dat" using 1:2 with linespoints title "kb-indexer"
unset multiplot
EOF

# The tables of docs/PERFORMANCE.md.
{
  echo "Run of \`scripts/bench.sh\` on $(sed -n 's/^date: //p' "$OUT/machine.txt") (commit $(sed -n 's/^commit: //p' "$OUT/machine.txt")):"
  echo "$(sed -n 's/^cpu: //p' "$OUT/machine.txt"), $(sed -n 's/^cores: //p' "$OUT/machine.txt") cores, $(sed -n 's/^memory: //p' "$OUT/machine.txt") RAM; load average before the run $(sed -n 's/^load before: //p' "$OUT/machine.txt")."
  echo
  echo "**In-process latency** (\`bench/engine\`, ms per query; \`search\` = Searcher::search, \`+json\` = and the JSON answer):"
  echo
  echo "| kb | articles | queries | what | p50 | p90 | p99 | max |"
  echo "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: |"
  awk -F, 'NR > 1 {printf "| %s | %s | %s (%s) | %s | %.2f | %.2f | %.2f | %.2f |\n", $1, $2, $3, $5, $4, $7, $8, $9, $10}' "$OUT/engine.csv"
  echo
  echo "**Indexing** (\`kb-indexer --verbose\`, wall time including validation):"
  echo
  echo "| kb | articles | seconds | articles/s | database | read+check s | make+add s | commit s | compact s |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  awk -F, 'NR > 1 {printf "| %s | %s | %.1f | %s | %.1f MB | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 / 1048576, $6, $7, $8, $9}' "$OUT/indexing.csv"
  echo
  echo "**HTTP** (\`wrk\` ${DURATION} s per row, GET /api/search rotating the 100 public queries; errors = non-2xx + socket errors + timeouts):"
  echo
  echo "| kb | server | connections | requests/s | p50 ms | p99 ms | errors | share of trivial |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  awk -F, 'NR == FNR {if (FNR > 1 && $3 == "trivial") ceil[$4] = $7; next}
           FNR > 1 {e = $10 + $11 + $12 + $13 + $14; share = ($3 == "trivial" || !ceil[$4]) ? "" : sprintf("%.1f%%", 100 * $7 / ceil[$4]);
                    printf "| %s | %s | %s | %.0f | %.2f | %.2f | %d | %s |\n", $1, $3, $4, $7, $8, $9, e, share}' "$OUT/http.csv" "$OUT/http.csv"
  echo
  echo "**kb-server** (cold start: process start to the first 200 from /api/search; RSS after the loads above):"
  echo
  echo "| kb | articles | cold start ms | RSS at start | RSS after load | RSS after load, no cache |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  awk -F, 'NR > 1 {printf "| %s | %s | %.0f | %.1f MB | %.1f MB | %.1f MB |\n", $1, $2, $3, $4 / 1024, $5 / 1024, $6 / 1024}' "$OUT/server.csv"
} >"$OUT/summary.md"

# Replace the generated block of docs/PERFORMANCE.md.
doc="$KB_ROOT/docs/PERFORMANCE.md"
if [ -f "$doc" ] && grep -q '<!-- bench:begin -->' "$doc"; then
  awk -v summary="$OUT/summary.md" '
    /<!-- bench:begin -->/ {print; while ((getline line < summary) > 0) print line; skip = 1; next}
    /<!-- bench:end -->/ {skip = 0}
    !skip {print}' "$doc" >"$doc.new"
  mv "$doc.new" "$doc"
fi
echo "==> wrote $OUT/{machine.txt,engine.csv,indexing.csv,http.csv,server.csv,summary.md,performance.png}"
