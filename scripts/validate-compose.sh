#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine: `docker-compose config` (Debian's
# docker-compose package; `docker compose` v2 when that plugin is installed instead) resolves
# anchors, merges and variables and rejects an invalid file; then scripts/compose/check.js holds
# the resolved file to the rules: every long-running service has a health check that can pass
# (HTTP_PORT set where the check reads it), depends_on names every service an address in its
# environment points at, one-shot migrate runs first and every built service waits for it.
#   scripts/validate-compose.sh [docker-compose.yml]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
file="${1:-$root/docker-compose.yml}"

if command -v docker-compose >/dev/null 2>&1; then
  compose() { docker-compose -f "$file" "$@"; }
elif docker compose version >/dev/null 2>&1; then
  compose() { docker compose -f "$file" "$@"; }
else
  echo "validate-compose: docker-compose is not installed (apt-get install docker-compose)" >&2
  exit 2
fi

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
compose config -q
compose config >"$out"
node "$root/scripts/compose/check.js" "$out"
echo "validate-compose: ${file#"$root"/} is valid"
