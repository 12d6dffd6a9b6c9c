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

dotnet test Ferry.slnx --configuration Release \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@"
status=$?

node "$root/scripts/summarize-trx.mjs" "$results" "$projects"
summary=$?
exit $(( status != 0 || summary != 0 ))
