#!/usr/bin/env bash
# Install what is missing, build with warnings as errors, and run every test: the C++ tests and
# the browser tests (Debian's chromium driven by playwright-core).
# Usage: ./scripts/test.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# xapian-tools: xapian-tcpsrv for the sharding tests (tests/shard_test.cpp).
ensure_packages "${KB_BUILD_PACKAGES[@]}" chromium xapian-tools
command -v node >/dev/null && command -v npm >/dev/null || ensure_packages nodejs npm
echo "==> installing the browser-test packages"
(cd "$KB_ROOT/tests/browser" && npm ci --no-audit --no-fund --loglevel=error)

build_kb "$KB_ROOT/build-test" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKB_TESTS=ON -DKB_WERROR=ON -DKB_BROWSER_TESTS=ON
echo "==> validating kb/"
"$KB_ROOT/build-test/indexer/kb-indexer" --kb "$KB_ROOT/kb" --db "$KB_ROOT/build-test/db" --check
echo "==> running the tests"
cd "$KB_ROOT/build-test"
ctest --no-tests=error --output-on-failure -j "$(nproc)"
