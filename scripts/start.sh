#!/usr/bin/env bash
# Quick start: install what is missing, build, index kb/ and serve it on http://127.0.0.1:8080.
# Usage: ./scripts/start.sh   (PORT=9000 HOST=0.0.0.0 to change where it listens)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_packages "${KB_BUILD_PACKAGES[@]}"
build_kb "$KB_ROOT/build" -DCMAKE_BUILD_TYPE=Release -DKB_TESTS=OFF
echo "==> indexing $KB_ROOT/kb"
"$KB_ROOT/build/indexer/kb-indexer" --kb "$KB_ROOT/kb" --db "$KB_ROOT/db"
echo "==> starting kb-server (Ctrl+C stops it)"
exec "$KB_ROOT/build/server/kb-server" --db "$KB_ROOT/db" --host "${HOST:-127.0.0.1}" --port "${PORT:-8080}"
