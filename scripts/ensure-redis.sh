#!/usr/bin/env bash
# The cluster tests run a real redis-server. Installs Debian's package when it is missing (needs root or sudo).
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
echo "Installing redis-server (apt-get)..."
sudo_cmd=""
if [[ "$(id -u)" != "0" ]]; then sudo_cmd="sudo"; fi
$sudo_cmd apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# Debian may start a service on install; the tests start their own servers on free ports and do not use it.
command -v redis-server >/dev/null
