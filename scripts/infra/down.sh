#!/usr/bin/env bash
# Stops the Kafka broker that kafka.sh started (PostgreSQL and Redis are left running).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/env.sh"
pidfile="$TRIBUTARY_RUN/kafka/kafka.pid"
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  kill "$(cat "$pidfile")"
  for _ in $(seq 1 100); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.2; done
  rm -f "$pidfile"
  echo "[kafka] stopped"
fi
