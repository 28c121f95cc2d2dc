#!/usr/bin/env bash
# Installs Lua 5.1 (Debian's lua5.1), the language version of gopher-lua that Argo CD runs health checks in, so the
# tests can run the rendered Application health check itself.
set -euo pipefail
if command -v lua5.1 >/dev/null 2>&1; then
  echo "lua5.1 already installed"
  exit 0
fi
apt-get install -y -qq lua5.1 >/dev/null 2>&1 || {
  apt-get update -qq >/dev/null
  apt-get install -y -qq lua5.1 >/dev/null
}
lua5.1 -v
