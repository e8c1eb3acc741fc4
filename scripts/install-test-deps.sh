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

# Web UI graph libraries (cytoscape, cytoscape-dagre) from src/Tributary.Server/ui/package-lock.json; the server's
# build embeds their browser bundles. Installed here too so the build needs no network.
if [ ! -f src/Tributary.Server/ui/node_modules/cytoscape/dist/cytoscape.min.js ] || [ ! -f src/Tributary.Server/ui/node_modules/cytoscape-dagre/dist/cytoscape-dagre.min.js ]; then
  (cd src/Tributary.Server/ui && npm ci --no-audit --no-fund --loglevel=error)
fi

# Headless Chromium for the browser tests (Playwright drives Debian's chromium; never `playwright install`).
if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi

# Test-only independent Parquet implementation (DuckDB via @duckdb/node-api) for the Parquet codec and lake checks.
if [ ! -d tests/parquet-check/node_modules ]; then
  (cd tests/parquet-check && npm install --no-audit --no-fund --loglevel=error)
fi

# PostgreSQL (Debian package) for the PostgreSQL store tests; test.sh starts a throwaway cluster with scripts/test-postgres.sh.
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
  else
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || { echo "PostgreSQL is required: apt-get install -y postgresql"; exit 1; }
  fi
fi
