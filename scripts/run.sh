#!/usr/bin/env bash
# The run command. Starts the local stack on embedded defaults — Azurite (pinned, via npm ci) and the Okta
# sandbox — shows the sandbox answering as an Okta org, then stops what it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
sandbox_port="${FERRY_SANDBOX_PORT:-8089}"
logs="$root/artifacts/run"
mkdir -p "$logs"

cleanup() {
  [[ -n "${sandbox_pid:-}" ]] && kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null || true
  "$root/scripts/azurite.sh" stop || true
}
trap cleanup EXIT

"$root/scripts/azurite.sh" start
echo "Building Ferry..."
dotnet build src/Ferry.Sandbox --configuration Release --nologo --verbosity quiet
dotnet src/Ferry.Sandbox/bin/Release/net10.0/Ferry.Sandbox.dll \
  --urls "http://127.0.0.1:$sandbox_port" >"$logs/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$sandbox_port") 2>/dev/null && break; sleep 0.1; done
echo "Okta sandbox started (pid $sandbox_pid) at http://127.0.0.1:$sandbox_port; log in artifacts/run/sandbox.log"

node --input-type=module - "$sandbox_port" <<'JS'
const base = `http://127.0.0.1:${process.argv[2]}`;
const headers = { Authorization: "SSWS 00ferry-sandbox-development-token-not-a-secret", "Content-Type": "application/json", Accept: "application/json" };
const post = async (path, body) => { const r = await fetch(base + path, { method: "POST", headers, body: JSON.stringify(body) }); return [r, await r.json()]; };
const [g, group] = await post("/api/v1/groups", { profile: { name: "All Employees" } });
console.log(`POST /api/v1/groups -> ${g.status} ${group.id} (X-Rate-Limit-Remaining ${g.headers.get("x-rate-limit-remaining")})`);
const [u, user] = await post("/api/v1/users?activate=false", { profile: { firstName: "John", lastName: "Smith", email: "john.smith@example.com", login: "john.smith@example.com" }, groupIds: [group.id] });
console.log(`POST /api/v1/users?activate=false -> ${u.status} ${user.id} ${user.status}`);
const stats = await (await fetch(base + "/sandbox/stats")).json();
console.log(`GET /sandbox/stats -> users ${stats.users}, groups ${stats.groups}, requests ${stats.requests}`);
JS
echo "Done; stopping the local stack."
