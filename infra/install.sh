#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than the lockfile, so that
# `npm start` and `npm test` work on a fresh clone without a separate install step.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[infra] installing npm dependencies" >&2
  npm install --no-audit --no-fund --loglevel=error
fi
