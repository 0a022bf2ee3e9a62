#!/usr/bin/env bash
# The test suite under AddressSanitizer + UndefinedBehaviorSanitizer (clang, with the libFuzzer
# targets), each fuzzer for FUZZ_SECONDS (default 30) on its corpus in tests/fuzz/, and the
# server's concurrency tests under ThreadSanitizer. Run by .ci/run after ./scripts/test.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_packages "${KB_BUILD_PACKAGES[@]}" clang libclang-rt-14-dev xapian-tools
FUZZ_SECONDS=${FUZZ_SECONDS:-30}

echo "==> ASan + UBSan build (clang, with fuzz targets)"
CC=clang CXX=clang++ build_kb "$KB_ROOT/build-fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKB_FUZZ=ON -DKB_WERROR=ON
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd "$KB_ROOT/build-fuzz" && ctest --no-tests=error --output-on-failure -j "$(nproc)")

for target in analyzer article search log; do
  echo "==> fuzzing $target for ${FUZZ_SECONDS}s"
  scratch=$(mktemp -d)
  # New inputs go to the scratch corpus; the checked-in corpus is only read.
  "$KB_ROOT/build-fuzz/fuzz/${target}_fuzz" "$scratch" "$KB_ROOT/tests/fuzz/$target" \
    -max_total_time="$FUZZ_SECONDS" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$scratch/" 2>&1 | tail -n 12
  rm -rf "$scratch"
done

echo "==> ThreadSanitizer: server concurrency tests"
build_kb "$KB_ROOT/build-tsan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKB_TSAN=ON -DKB_WERROR=ON
TSAN_OPTIONS=halt_on_error=1 "$KB_ROOT/build-tsan/tests/kb_tests" "[server]"
