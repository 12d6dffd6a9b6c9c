#!/usr/bin/env bash
# The test command: restores everything it needs (NuGet packages, the pinned Azurite via npm ci), runs every test
# project, and ends with "N passed, N failed" computed from the TRX results.
# Tests start their own Azurite, sandbox and Ferry processes on free loopback ports and stop them by PID.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/scripts/npm-ci.sh" || { echo "0 passed, 1 failed"; exit 1; }

results="$root/artifacts/test-results"
rm -rf "$results"
projects=$(ls tests/*/*.Tests.csproj | wc -l)

# The Function App as a deployment uploads it: the tests read its functions.metadata, extensions.json and
# worker.config.json from here (tests/Ferry.Functions.Tests).
rm -rf "$root/artifacts/functions"
dotnet publish src/Ferry.Functions --configuration Release --output "$root/artifacts/functions" --verbosity quiet \
  || { echo "0 passed, 1 failed"; exit 1; }

dotnet test Ferry.slnx --configuration Release \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@"
status=$?

node "$root/scripts/summarize-trx.mjs" "$results" "$projects"
summary=$?
exit $(( status != 0 || summary != 0 ))
