#!/usr/bin/env bash
# Starts or stops the Azurite storage emulator (the version pinned in package-lock.json) on 127.0.0.1,
# with its data in .azurite/ (git-ignored). Usage: scripts/azurite.sh start|stop|status
# Ports: AZURITE_BLOB_PORT (10000), AZURITE_QUEUE_PORT (10001), AZURITE_TABLE_PORT (10002).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/.azurite"
pidfile="$data/azurite.pid"
blob_port="${AZURITE_BLOB_PORT:-10000}"
queue_port="${AZURITE_QUEUE_PORT:-10001}"
table_port="${AZURITE_TABLE_PORT:-10002}"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

case "${1:-}" in
  start)
    "$root/scripts/npm-ci.sh"
    mkdir -p "$data"
    if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "Azurite is already running (pid $(cat "$pidfile"))"
      exit 0
    fi
    if port_open "$blob_port"; then
      echo "Port $blob_port is already in use; set AZURITE_BLOB_PORT to use another" >&2
      exit 1
    fi
    node "$root/node_modules/azurite/dist/src/azurite.js" \
      --blobHost 127.0.0.1 --blobPort "$blob_port" \
      --queueHost 127.0.0.1 --queuePort "$queue_port" \
      --tableHost 127.0.0.1 --tablePort "$table_port" \
      --location "$data" --skipApiVersionCheck --loose --silent \
      >"$data/azurite.log" 2>&1 &
    echo $! >"$pidfile"
    for _ in $(seq 1 100); do
      if port_open "$blob_port"; then
        echo "Azurite started (pid $(cat "$pidfile")): blob http://127.0.0.1:$blob_port, data in .azurite/"
        exit 0
      fi
      sleep 0.1
    done
    echo "Azurite did not open port $blob_port; see .azurite/azurite.log" >&2
    exit 1
    ;;
  stop)
    if [[ -f "$pidfile" ]]; then
      pid="$(cat "$pidfile")"
      if kill "$pid" 2>/dev/null; then
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        # Azurite's first SIGTERM starts a graceful close that can wait on open connections; a second ends it, and
        # SIGKILL is the last word.
        if kill -0 "$pid" 2>/dev/null; then
          kill "$pid" 2>/dev/null
          for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        fi
        if kill -0 "$pid" 2>/dev/null; then
          kill -9 "$pid" 2>/dev/null
          sleep 0.2
        fi
        echo "Azurite stopped (pid $pid)"
      fi
      rm -f "$pidfile"
    fi
    ;;
  status)
    if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "running (pid $(cat "$pidfile"))"
    else
      echo "stopped"
    fi
    ;;
  *)
    echo "usage: scripts/azurite.sh start|stop|status" >&2
    exit 2
    ;;
esac
