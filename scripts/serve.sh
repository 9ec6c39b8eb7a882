#!/usr/bin/env bash
# Set up, build the wasm module and serve the page: scripts/serve.sh [--port N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset wasm >/dev/null
cmake --build --preset wasm -j2
exec node scripts/serve.mjs "$@"
