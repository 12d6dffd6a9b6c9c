#!/usr/bin/env bash
# The test command: restores everything it needs (NuGet packages, the pinned Azurite via npm ci), runs every test
# project, and ends with "N passed, N failed" computed from the TRX results.
# Tests start their own Azurite, sandbox and Ferry processes on free loopback ports and stop them by PID.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/scripts/npm-ci.sh" || { echo "0 passed, 1 failed"; exit 1; }

# The dashboard's browser tests drive the system's Chromium (Playwright's own browser download is not used).
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium (apt-get) for the dashboard's browser tests..."
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium; } >/dev/null \
    || { echo "0 passed, 1 failed"; exit 1; }
fi

results="$root/artifacts/test-results"
rm -rf "$results"
projects=$(ls tests/*/*.Tests.csproj | wc -l)

# The Function App as a deployment uploads it: the tests read its functions.metadata, extensions.json and
# worker.config.json from here (tests/Ferry.Functions.Tests).
rm -rf "$root/artifacts/functions"
dotnet publish src/Ferry.Functions --configuration Release --output "$root/artifacts/functions" --verbosity quiet \
  || { echo "0 passed, 1 failed"; exit 1; }

# Build once, then run the tests in two lanes at once (2 cores): the long end-to-end project (Ferry.Server.Tests:
# real processes killed, storage stopped, whole jobs paced by the sandbox's rate limits) beside every other project
# in turn. Each lane writes its own TRX files; the summary reads them all.
dotnet build Ferry.slnx --configuration Release --verbosity quiet \
  || { echo "0 passed, 1 failed"; exit 1; }

run_tests() { # $1: project, $2: results directory, then the script's own arguments
  local project="$1" dir="$2"; shift 2
  dotnet test "$project" --configuration Release --no-build \
    --logger "trx" --logger "console;verbosity=minimal" --results-directory "$dir" "$@"
}

long_lane="tests/Ferry.Server.Tests/Ferry.Server.Tests.csproj"
# The storage-loss scenario (about 3 minutes) runs at the end of the other lane, which is shorter, unless the script
# was given arguments of its own (a filter, say), which then apply to one run of each project.
moved="FullyQualifiedName~ReliabilityTests.StorageLoss"
if [ "$#" -eq 0 ]; then
  run_tests "$long_lane" "$results/server" --filter "FullyQualifiedName!~ReliabilityTests.StorageLoss" &
else
  run_tests "$long_lane" "$results/server" "$@" &
fi
long_pid=$!

status=0
for project in tests/*/*.Tests.csproj; do
  [ "$project" = "$long_lane" ] && continue
  run_tests "$project" "$results/$(basename "$project" .csproj)" "$@" || status=1
done
if [ "$#" -eq 0 ]; then
  run_tests "$long_lane" "$results/server-moved" --filter "$moved" || status=1
fi
wait "$long_pid" || status=1

node "$root/scripts/summarize-trx.mjs" "$results" "$projects"
summary=$?
exit $(( status != 0 || summary != 0 ))
