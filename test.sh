#!/usr/bin/env bash
# Runs every Tributary test on a fresh machine of this kind: installs what the tests need, builds, tests, and
# ends with one line "N passed, N failed" counted from the test results.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

log() { printf '\n== %s\n' "$*"; }

log "installing test tools"
./scripts/install-test-deps.sh || { echo "installing test dependencies failed"; echo "0 passed, 1 failed"; exit 1; }

log "building (Release, warnings as errors)"
if ! dotnet build Tributary.slnx -c Release -nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

log "starting a throwaway PostgreSQL cluster"
if TRIBUTARY_TEST_POSTGRES=$(./scripts/test-postgres.sh start); then
  export TRIBUTARY_TEST_POSTGRES
  trap './scripts/test-postgres.sh stop' EXIT
else
  echo "starting PostgreSQL failed"; echo "0 passed, 1 failed"; exit 1
fi

log "testing"
results="$root/artifacts/test-results"
rm -rf "$results"
status=0
for project in Tributary.Tests Tributary.Server.Tests; do
  dotnet test "tests/$project/$project.csproj" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$project.trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=true || status=$?
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
