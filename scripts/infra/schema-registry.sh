#!/usr/bin/env bash
# Runs Apicurio Registry (Apache-2.0; Confluent-compatible API under /apis/ccompat/v7) from its
# Maven Central assembly when nothing listens on $SCHEMA_REGISTRY_PORT. The assembly is cached under
# $TRIBUTARY_CACHE; storage is in-memory H2 (schemas are lost when it stops), like docker-compose.yml.
# Point services at it with SCHEMA_REGISTRY_URL=http://127.0.0.1:$SCHEMA_REGISTRY_PORT/apis/ccompat/v7
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/env.sh"
# 3.0.x is the line docker-compose.yml runs (3.0.6 is not on Maven Central) and runs on Java 17;
# 3.3.x needs Java 21+.
APICURIO_VERSION=${APICURIO_VERSION:-3.0.9}
SCHEMA_REGISTRY_PORT=${SCHEMA_REGISTRY_PORT:-8082}
log() { printf '[schema-registry] %s\n' "$*" >&2; }
listening() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
url="http://127.0.0.1:$SCHEMA_REGISTRY_PORT/apis/ccompat/v7"
dir="$TRIBUTARY_RUN/schema-registry"
pidfile="$dir/schema-registry.pid"

answers() { curl -fsS -o /dev/null --max-time 2 "$url/subjects" 2>/dev/null; }

wait_ready() {
  local secs=$1 pid=${2:-}
  for _ in $(seq 1 $((secs * 2))); do
    answers && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      log "the registry exited; last lines of $dir/stdout.log:"; tail -n 20 "$dir/stdout.log" >&2; return 1
    fi
    sleep 0.5
  done
  log "no answer from $url/subjects after ${secs}s"; return 1
}

command -v curl >/dev/null || { log "curl is required (apt-get install curl)"; exit 1; }

if listening 127.0.0.1 "$SCHEMA_REGISTRY_PORT"; then
  log "something already listens on $SCHEMA_REGISTRY_PORT; waiting for $url"
  wait_ready 120; exit 0
fi
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  log "a registry started earlier (pid $(cat "$pidfile")) is still starting; waiting for $url"
  wait_ready 120 "$(cat "$pidfile")"; exit 0
fi

command -v java >/dev/null || { log "java 17+ is required to run the registry without Docker (apt-get install openjdk-17-jre-headless)"; exit 1; }
app="$TRIBUTARY_CACHE/apicurio-registry-$APICURIO_VERSION"
if [ ! -f "$app/.complete" ]; then
  command -v mvn >/dev/null || { log "mvn is required to fetch Apicurio Registry from Maven Central (apt-get install maven)"; exit 1; }
  log "fetching Apicurio Registry $APICURIO_VERSION from Maven Central"
  rm -rf "$app"; mkdir -p "$app"
  mvn -q -B -f "$here/schema-registry-pom.xml" -Dapicurio.version="$APICURIO_VERSION" \
    -Dapicurio.dir="$app/dist" dependency:copy
  tar -xzf "$app/dist/apicurio-registry-app-$APICURIO_VERSION-all.tar.gz" -C "$app"
  rm -rf "$app/dist"
  touch "$app/.complete"
fi
# 3.0.x ships a runner jar beside lib/; 3.1+ the Quarkus fast-jar layout (quarkus-run.jar).
jar=$(ls "$app"/apicurio-registry-app-*-runner.jar "$app"/quarkus-run.jar 2>/dev/null | head -n 1 || true)
[ -n "$jar" ] || { log "no runner jar in $app (remove it and retry)"; exit 1; }

mkdir -p "$dir"
log "starting Apicurio Registry $APICURIO_VERSION on 127.0.0.1:$SCHEMA_REGISTRY_PORT (logs: $dir/stdout.log)"
cd "$dir"
nohup java -Xms128m -Xmx512m \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$SCHEMA_REGISTRY_PORT" \
  -Dquarkus.management.host=127.0.0.1 \
  -Dapicurio.storage.kind=sql -Dapicurio.storage.sql.kind=h2 \
  -jar "$jar" >"$dir/stdout.log" 2>&1 &
echo $! > "$pidfile"
wait_ready 120 "$(cat "$pidfile")"
log "registry ready: SCHEMA_REGISTRY_URL=$url"
