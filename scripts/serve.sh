#!/usr/bin/env bash
# Set up, build the wasm modules and serve the page: scripts/serve.sh [--port N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# both modules: browsers without wasm SIMD get the scalar one (served under /scalar/)
for preset in wasm wasm-scalar; do
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j2
done
exec node scripts/serve.mjs "$@"
