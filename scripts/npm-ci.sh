#!/usr/bin/env bash
# Installs the pinned Node tooling (Azurite; the auth0 SDK the sandbox tests drive) with `npm ci`, once per package-lock.json version.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stamp="$root/node_modules/.ferry-lock.sha256"
want="$(sha256sum "$root/package-lock.json" | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -f "$root/node_modules/azurite/dist/src/azurite.js" && -f "$root/node_modules/auth0/package.json" ]]; then
  exit 0
fi
echo "Installing the pinned Node tooling (npm ci)..."
(cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
echo "$want" >"$stamp"
