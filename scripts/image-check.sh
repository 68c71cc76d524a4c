#!/usr/bin/env bash
# Images that start, without a Docker engine. Builds the production tree the Dockerfile builds
# (compiled output, the dashboard, `npm prune --omit=dev`, tests deleted), gives every service a
# tree of its own holding only what its image holds (node_modules, package.json, libs, tools,
# datasets and its own services/<name>), and starts `node services/<name>/dist/main.js` from it
# as uid/gid 1000 (the image's USER) with NODE_ENV=production and nothing else from this shell's
# environment, against the local PostgreSQL, Redis and Kafka, until `/readyz` answers 200. A
# service that exits or stays unready fails the check, naming it, with the tail of its log: a
# package missing from "dependencies", a file read from outside the image, a root-only path.
#
# Isolation: a scratch database (migrated first, as the migrate Job does, from journey-stitcher's
# tree), a Redis key prefix, topics and consumer groups of its own; all removed at the end.
# Usage: bash scripts/image-check.sh [service ...]   (default: all eight)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

all=(ingest-gateway query-api campaign-goals campaign-core journey-stitcher attribution-engine
  realtime-analytics category-reports)
if [ $# -gt 0 ]; then services=("$@"); else services=("${all[@]}"); fi
uid=1000 gid=1000
kafka=${KAFKA_BROKERS:-127.0.0.1:9092}
redis_url=${REDIS_URL:-redis://127.0.0.1:6379}
admin_db=${TEST_ADMIN_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
timeout_s=${IMAGE_CHECK_TIMEOUT_SECONDS:-90}

id=imgchk-$(date +%s)-$(openssl rand -hex 3)
db=${id//-/_}
work=$(mktemp -d "/tmp/tributary-$id.XXXX")
chmod 755 "$work"
pids=()
started=$(date +%s)

cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql "$admin_db" -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  redis-cli -u "$redis_url" --scan --pattern "$id:*" 2>/dev/null \
    | xargs -r -n 500 redis-cli -u "$redis_url" del >/dev/null 2>&1 || true
  [ -d "$work/build/node_modules/kafkajs" ] && (cd "$work/build" && node -e '
    const { Kafka, logLevel } = require("kafkajs");
    const [brokers, id] = process.argv.slice(1);
    const admin = new Kafka({ brokers: brokers.split(","), logLevel: logLevel.NOTHING }).admin();
    (async () => {
      await admin.connect();
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(id));
      if (topics.length) await admin.deleteTopics({ topics });
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(id));
      if (groups.length) await admin.deleteGroups(groups).catch(() => undefined);
      await admin.disconnect();
    })().catch(() => process.exit(0));' "$kafka" "$id") || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

echo "[image-check] build stage: compiled output, dashboard, production dependencies"
npx tsc -b tsconfig.build.json
[ -f services/query-api/web/dist/index.html ] || npx vite build services/query-api/web >/dev/null
build=$work/build
mkdir -p "$build"
cp package.json package-lock.json "$build/"
# What COPY libs/services/tools brings (.dockerignore drops node_modules and dist; the build
# stage then recreates both, as they are here).
rsync -a libs services tools "$build/"
cp -a node_modules "$build/"
# The Dockerfile's own commands after `npm ci` and the build.
(cd "$build" && npm prune --omit=dev --no-audit --no-fund --prefer-offline >"$work/prune.log" 2>&1 \
  && find libs services tools -name '*.test.js*' -delete) || {
  echo "[image-check] FAIL npm prune --omit=dev:" >&2; tail -n 30 "$work/prune.log" >&2; exit 1; }

# One tree per service: exactly the runtime stage's COPY lines, owned by root and so read-only
# for uid 1000, as the pods' read-only root filesystem is.
for s in "${services[@]}"; do
  [ -f "$build/services/$s/dist/main.js" ] || { echo "[image-check] FAIL $s: no services/$s/dist/main.js" >&2; exit 1; }
  app=$work/$s
  mkdir -p "$app/services"
  cp -al "$build/node_modules" "$build/package.json" "$build/libs" "$build/tools" "$app/"
  cp -al "$build/services/$s" "$app/services/"
  ln -s "$root/datasets" "$app/datasets"
done
mkdir -p "$work/home" "$work/reports"
[ "$(id -u)" != 0 ] || chown "$uid:$gid" "$work/home" "$work/reports"

secret() { openssl rand -hex 32; }
internal_token=$(secret)
ports=($(node -e '
  const net = require("node:net");
  (async () => {
    const out = [];
    for (let i = 0; i < 8; i += 1) {
      const s = net.createServer().listen(0, "127.0.0.1");
      await new Promise((r) => s.once("listening", r));
      out.push(s.address().port);
      await new Promise((r) => s.close(r));
    }
    console.log(out.join(" "));
  })();'))
declare -A port
for i in "${!all[@]}"; do port[${all[$i]}]=${ports[$i]}; done

common=(NODE_ENV=production HOME="$work/home" PATH=/usr/local/bin:/usr/bin:/bin LOG_LEVEL=info
  HTTP_HOST=127.0.0.1 KAFKA_BROKERS="$kafka" KAFKA_TOPIC_PARTITIONS=1
  DATABASE_URL="${admin_db%/*}/$db" PG_POOL_MAX=2 REDIS_URL="$redis_url" REDIS_KEY_PREFIX="$id:"
  INTERNAL_API_TOKEN="$internal_token" EVENTS_TOPIC="$id.events" JOURNEYS_TOPIC="$id.journeys"
  GOALS_ACHIEVED_TOPIC="$id.goals-achieved" MIGRATE_ON_START=false
  CAMPAIGN_GOALS_URL="http://127.0.0.1:${port[campaign-goals]}"
  CAMPAIGN_CORE_URL="http://127.0.0.1:${port[campaign-core]}"
  ATTRIBUTION_ENGINE_URL="http://127.0.0.1:${port[attribution-engine]}")
env_of() {
  case $1 in
    ingest-gateway) echo "INGEST_API_KEYS=$(secret)" ;;
    query-api) echo "JWT_SECRET=$(secret)" ;;
    attribution-engine) echo "ATTRIBUTION_SCHEDULE_ENABLED=false" ;;
    category-reports) echo "REPORTS_DIR=$work/reports" ;;
  esac
}
# Run in a subshell, `( as_image_user tree cmd... )`: it execs, so the subshell's pid becomes the
# service's own (what `kill` stops). The image's uid, its cwd (/app), a clean environment.
as_image_user() {
  local app=$1; shift
  cd "$app"
  if [ "$(id -u)" = 0 ]; then
    exec setpriv --reuid="$uid" --regid="$gid" --clear-groups env -i "${common[@]}" "$@"
  fi
  # Not root: no other uid to switch to; the tree still belongs to someone else's checkout.
  exec env -i "${common[@]}" "$@"
}

echo "[image-check] trees built ($(( $(date +%s) - started )) s); migrations into the scratch database $db"
psql "$admin_db" -q -c "CREATE DATABASE $db" >/dev/null
migrate_tree=$work/journey-stitcher
[ -d "$migrate_tree" ] || migrate_tree=$work/${services[0]}
( as_image_user "$migrate_tree" node libs/migrations/dist/cli/migrate.js ) >"$work/migrate.log" 2>&1 || {
  echo "[image-check] FAIL migrations:" >&2; tail -n 30 "$work/migrate.log" >&2; exit 1; }

declare -A pid_of
for s in "${services[@]}"; do
  ( as_image_user "$work/$s" HTTP_PORT="${port[$s]}" CONSUMER_GROUP="$id-$s" KAFKA_CLIENT_ID="$id-$s" \
    $(env_of "$s") node "services/$s/dist/main.js" ) >"$work/$s.log" 2>&1 &
  pid_of[$s]=$!
  pids+=($!)
done

fail() { # <service> <reason>
  echo "[image-check] FAIL $1: $2; the last lines of its log:" >&2
  tail -n 40 "$work/$1.log" >&2
  exit 1
}
pending=("${services[@]}")
deadline=$(( $(date +%s) + timeout_s ))
while [ ${#pending[@]} -gt 0 ]; do
  still=()
  for s in "${pending[@]}"; do
    kill -0 "${pid_of[$s]}" 2>/dev/null || fail "$s" "exited before /readyz answered 200"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:${port[$s]}/readyz" || true)
    if [ "$code" = 200 ]; then
      echo "[image-check] $s ready after $(( $(date +%s) - started )) s (uid $(ps -o uid= -p "${pid_of[$s]}" | tr -d ' '))"
    else
      still+=("$s")
    fi
  done
  pending=("${still[@]+"${still[@]}"}")
  [ ${#pending[@]} -eq 0 ] && break
  [ "$(date +%s)" -lt "$deadline" ] || fail "${pending[0]}" "/readyz not 200 within ${timeout_s} s (${pending[*]} pending)"
  sleep 0.5
done
if [[ " ${services[*]} " == *" query-api "* ]]; then
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port[query-api]}/")
  [ "$code" = 200 ] || fail query-api "the dashboard (/) answered $code: web/dist missing from the image?"
fi
echo "[image-check] all ${#services[@]} services started from their production trees in $(( $(date +%s) - started )) s"
