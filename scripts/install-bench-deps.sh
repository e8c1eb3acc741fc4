#!/usr/bin/env bash
# Installs what the benchmarks compare against: node-sql-parser (from benchmarks/node-sql-parser/package-lock.json),
# whose table-only tableList SqlBenchmarks runs beside Tributary. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v node >/dev/null || { echo "Node.js is required for the node-sql-parser comparison"; exit 1; }
if [ ! -d benchmarks/node-sql-parser/node_modules/node-sql-parser ]; then
  (cd benchmarks/node-sql-parser && npm ci --no-audit --no-fund --loglevel=error)
fi
