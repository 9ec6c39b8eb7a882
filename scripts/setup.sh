#!/usr/bin/env bash
# One-time (and idempotent) setup for a Debian 12 machine: apt packages, xsimd 13 headers,
# npm packages. Quiet when everything is already in place; safe to run before every build.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

# ---- apt packages (only the missing ones; needs root or sudo)
APT_PACKAGES=(cmake make g++ nodejs zlib1g-dev emscripten doctest-dev nlohmann-json3-dev chromium chromium-driver)
# the page in three browser engines: Firefox ESR (WebDriver BiDi) and WebKitGTK (WebKitWebDriver under Xvfb)
APT_PACKAGES+=(firefox-esr webkit2gtk-driver xvfb xauth)
# the fuzz preset: clang 14 and its compiler-rt (libFuzzer, ASan and UBSan runtimes)
APT_PACKAGES+=(clang-14 libclang-rt-14-dev)
# sharded sweeps: the test runs a grid through GNU parallel, as a course lab or cluster would
APT_PACKAGES+=(parallel)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  # NodeSource's node is not Debian's nodejs package: any node >= 18 on the PATH will do.
  if [ "$p" = nodejs ] && command -v node >/dev/null &&
     node -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)'; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
command -v npm >/dev/null || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]} (apt)"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# ---- xsimd 13 headers into third_party/xsimd (ignored by git)
scripts/fetch-xsimd.sh

# ---- npm packages: `npm ci` only when node_modules is missing or older than the lock file.
# The stamp holds the lock file's hash from the last successful `npm ci`.
STAMP=node_modules/.thetalab-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$STAMP"
fi
