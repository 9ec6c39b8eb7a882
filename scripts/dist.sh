#!/usr/bin/env bash
# Write the published site (a static folder any host can serve; docs/publishing.md):
#   scripts/dist.sh [OUT]        (default: dist/)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
for preset in wasm wasm-scalar; do
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j2 >/dev/null
done
exec node scripts/dist.mjs "${1:-dist}"
