#!/usr/bin/env bash
# Installs what the tests need and a fresh machine of this kind lacks. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "the .NET SDK (dotnet) is required"; exit 1; }
command -v node >/dev/null || { echo "Node.js is required for the JSON Schema validator"; exit 1; }

# Test-only JSON Schema validator (ajv, draft 2020-12) for the OpenLineage spec.
if [ ! -d tests/schema-validator/node_modules ]; then
  (cd tests/schema-validator && npm ci --no-audit --no-fund --loglevel=error)
fi

# Graphviz 'dot', which the export tests use to check that DOT output really renders (Debian package graphviz).
if ! command -v dot >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y graphviz >/dev/null || { apt-get update >/dev/null && apt-get install -y graphviz >/dev/null; }
  else
    sudo apt-get install -y graphviz >/dev/null || { echo "Graphviz (dot) is required: apt-get install -y graphviz"; exit 1; }
  fi
fi
