#!/usr/bin/env bash
# Brings up what Tributary needs: PostgreSQL, Redis and a Kafka broker (KRaft, single node).
# - With a Docker engine: docker compose (docker-compose.yml, infrastructure services only).
# - Without: uses PostgreSQL/Redis already listening, starts installed-but-stopped ones, and runs
#   Apache Kafka from Maven Central jars (cached under $TRIBUTARY_CACHE) when nothing listens on
#   the Kafka port. Idempotent: run it as often as you like.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=env.sh
source "$here/env.sh"

log() { printf '[infra] %s\n' "$*" >&2; }
listening() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

if docker info >/dev/null 2>&1 && [ "${TRIBUTARY_NO_DOCKER:-}" != "1" ]; then
  log "Docker engine found: starting infrastructure with docker compose"
  docker compose -f "$root/docker-compose.yml" up -d --wait postgres redis kafka
  exit 0
fi

ensure_postgres() {
  if listening 127.0.0.1 "$PGPORT"; then log "PostgreSQL listening on $PGPORT"; return; fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
  else
    log "PostgreSQL is not running on 127.0.0.1:$PGPORT and is not installed. Install postgresql (apt-get install postgresql) or set DATABASE_URL."; exit 1
  fi
  for _ in $(seq 1 50); do listening 127.0.0.1 "$PGPORT" && return; sleep 0.2; done
  log "PostgreSQL did not start"; exit 1
}

ensure_redis() {
  if listening 127.0.0.1 "$REDIS_PORT"; then log "Redis listening on $REDIS_PORT"; return; fi
  if command -v redis-server >/dev/null 2>&1; then
    log "starting Redis"
    mkdir -p "$TRIBUTARY_RUN/redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
      --dir "$TRIBUTARY_RUN/redis" --logfile "$TRIBUTARY_RUN/redis/redis.log"
  else
    log "Redis is not running on 127.0.0.1:$REDIS_PORT and is not installed (apt-get install redis-server)."; exit 1
  fi
  for _ in $(seq 1 50); do listening 127.0.0.1 "$REDIS_PORT" && return; sleep 0.2; done
  log "Redis did not start"; exit 1
}

ensure_database() {
  local db=$1
  if ! psql "postgres://postgres@127.0.0.1:$PGPORT/postgres" -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
    psql "postgres://postgres@127.0.0.1:$PGPORT/postgres" -qc "create database \"$db\"" >/dev/null
    log "created database $db"
  fi
}

ensure_postgres
ensure_redis
ensure_database tributary
bash "$here/kafka.sh"
# The schema registry is optional for the services (SCHEMA_REGISTRY_URL unset = plain JSON) but
# the test suite checks the wire-format path against it.
if [ "${TRIBUTARY_NO_REGISTRY:-}" != "1" ]; then
  bash "$here/schema-registry.sh" || log "schema registry did not start; services still work with plain JSON"
fi
