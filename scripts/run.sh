#!/usr/bin/env bash
# The run command: Ferry's main job on embedded defaults. Starts Azurite (pinned, via npm ci), the Okta sandbox
# as the org, and one Ferry node; drops samples/users.csv into the inbox; follows the job's status; prints where
# the report is and its summary; stops what it started.
# With OKTA_ORG_URL and OKTA_API_TOKEN set, it targets that Okta org instead of the sandbox.
# Usage: scripts/run.sh [file.csv] [--option name=value]...
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
file="samples/users.csv"
if [[ $# -gt 0 && "$1" != --* ]]; then file="$1"; shift; fi
sandbox_port="${FERRY_SANDBOX_PORT:-8089}"
server_port="${FERRY_PORT:-7071}"
logs="$root/artifacts/run"
mkdir -p "$logs"
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  "$root/scripts/azurite.sh" stop || true
}
trap cleanup EXIT

"$root/scripts/azurite.sh" start
echo "Building Ferry (Release)..."
dotnet build src/Ferry.Server --configuration Release --nologo --verbosity quiet
dotnet build src/Ferry.Sandbox --configuration Release --nologo --verbosity quiet
dotnet build src/Ferry.Cli --configuration Release --nologo --verbosity quiet

if [[ -n "${OKTA_ORG_URL:-}" && -n "${OKTA_API_TOKEN:-}" ]]; then
  org_url="$OKTA_ORG_URL"
  token="$OKTA_API_TOKEN"
  echo "Target: the Okta org at $org_url (from OKTA_ORG_URL)"
else
  if port_open "$sandbox_port"; then echo "Port $sandbox_port is in use; set FERRY_SANDBOX_PORT" >&2; exit 1; fi
  # The sandbox plays the org: Okta's Enterprise limits, scaled x4 so the demo takes seconds rather than a minute.
  dotnet src/Ferry.Sandbox/bin/Release/net10.0/Ferry.Sandbox.dll --urls "http://127.0.0.1:$sandbox_port" \
    --Sandbox:RateLimit:Multiplier=4 --Sandbox:Latency:Mean=00:00:00.040 --Sandbox:Latency:Jitter=00:00:00.020 \
    >"$logs/sandbox.log" 2>&1 &
  pids+=($!)
  org_url="http://127.0.0.1:$sandbox_port"
  token="00ferry-sandbox-development-token-not-a-secret"
  for _ in $(seq 1 100); do port_open "$sandbox_port" && break; sleep 0.1; done
  echo "Target: the Okta sandbox at $org_url (pid ${pids[-1]}; log artifacts/run/sandbox.log)"
fi

if port_open "$server_port"; then echo "Port $server_port is in use; set FERRY_PORT" >&2; exit 1; fi
# A fresh random key each run (Ferry wants 32 characters or more): nothing to configure, nothing left behind.
key="run-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
AzureWebJobsStorage="UseDevelopmentStorage=true" \
Okta__OrgUrl="$org_url" Okta__ApiToken="$token" Ferry__Api__Keys="$key" \
  dotnet src/Ferry.Server/bin/Release/net10.0/Ferry.Server.dll --urls "http://127.0.0.1:$server_port" >"$logs/ferry.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
  curl_ok=$( (exec 3<>"/dev/tcp/127.0.0.1/$server_port" && printf 'GET /healthz HTTP/1.0\r\n\r\n' >&3 && head -1 <&3) 2>/dev/null || true)
  [[ "$curl_ok" == *" 200"* ]] && break
  sleep 0.2
done
echo "Ferry started (pid ${pids[-1]}) at http://127.0.0.1:$server_port; log artifacts/run/ferry.log"
echo

# ferry exits 1 when rows need attention (the sample's 8 invalid rows): the run itself went well (docs/cli.md).
status=0
FERRY_URL="http://127.0.0.1:$server_port" FERRY_KEY="$key" \
  dotnet src/Ferry.Cli/bin/Release/net10.0/ferry.dll migrate "$file" "$@" || status=$?
if [[ $status -eq 1 ]]; then status=0; fi
echo
echo "Stopping the local stack (Azurite keeps its data in .azurite/, reports included)."
exit $status
