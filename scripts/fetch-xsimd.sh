#!/usr/bin/env bash
# Fetch xsimd 13.2.0 headers (Debian trixie's libxsimd-dev .deb, sha256-pinned) into
# third_party/xsimd. Bookworm's libxsimd-dev (8.1.0) has no wasm arch, so we take trixie's
# package through a private apt configuration that reuses the system's Debian mirror; the
# system's own apt setup is not changed. Idempotent: does nothing when the headers exist.
set -euo pipefail
VERSION=13.2.0-1
SHA256=60878acfc02bfca76e8c31d53a1b9fdff490c319e53f620f4327c9786eaf631f
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/third_party/xsimd"
if [ -f "$DEST/usr/include/xsimd/arch/xsimd_wasm.hpp" ]; then exit 0; fi

TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/lists/partial" "$TMP/cache/archives/partial"
# The mirror URL comes from the apt configuration (deb822 .sources first, then sources.list).
MIRROR="$( (cat /etc/apt/sources.list.d/*.sources 2>/dev/null || true) |
  awk '/^URIs:/{for(i=2;i<=NF;i++) if ($i ~ /\/debian\/?$/) {print $i; exit}}')"
[ -n "$MIRROR" ] || MIRROR="$( (cat /etc/apt/sources.list 2>/dev/null || true) |
  awk '$1=="deb" && $2 ~ /\/debian\/?$/ {print $2; exit}')"
[ -n "$MIRROR" ] || { echo "fetch-xsimd: no Debian mirror found in the apt configuration" >&2; exit 1; }
echo "deb $MIRROR trixie main" > "$TMP/sources.list"
APT_OPTS=(-o "Dir::Etc::sourcelist=$TMP/sources.list" -o Dir::Etc::sourceparts=/dev/null
          -o "Dir::State::Lists=$TMP/lists" -o "Dir::Cache=$TMP/cache" -o APT::Sandbox::User=root)
echo "fetch-xsimd: downloading libxsimd-dev $VERSION (trixie)"
apt-get "${APT_OPTS[@]}" -qq update
(cd "$TMP" && apt-get "${APT_OPTS[@]}" -qq download "libxsimd-dev=$VERSION")
DEB="$(ls "$TMP"/libxsimd-dev_*.deb)"
echo "$SHA256  $DEB" | sha256sum -c --quiet
rm -rf "$DEST.tmp" && mkdir -p "$DEST.tmp"
dpkg-deb -x "$DEB" "$DEST.tmp"
rm -rf "$DEST" && mv "$DEST.tmp" "$DEST"   # appear whole or not at all
echo "fetch-xsimd: xsimd headers in $DEST"
