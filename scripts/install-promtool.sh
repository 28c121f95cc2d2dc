#!/usr/bin/env bash
# Installs promtool and prometheus (Debian's `prometheus` package, 2.42) into .tools/prometheus without the service
# or its web-UI dependencies: `apt-get download` + `dpkg-deb -x`. Tests find them there (or on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.tools/prometheus
if [ -x "$dest/usr/bin/promtool" ]; then
  echo "promtool already in $dest"
  exit 0
fi
mkdir -p .tools
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download prometheus >/dev/null 2>&1) || {
  apt-get update -qq >/dev/null
  (cd "$tmp" && apt-get download prometheus >/dev/null)
}
dpkg-deb -x "$tmp"/prometheus_*.deb "$dest"
"$dest/usr/bin/promtool" --version 2>&1 | head -1
