#!/usr/bin/env bash
# The full test suite: infrastructure up (real Kafka, Redis, PostgreSQL), type check, lint,
# unit and integration tests. `npm test` runs this; .ci/run runs `npm test`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -d node_modules ] || npm install --no-audit --no-fund
bash scripts/infra/up.sh
echo "== type check"
npx tsc -b tsconfig.build.json
# Outside the build: the browser app, the browser and system tests, the benchmarks.
for project in services/query-api/web tests/dashboard tests/system tests/scale tests/security tests/secure-infra tests/docs tests/contracts tests/monitoring bench/*/; do
  npx tsc -p "$project" --noEmit
done
echo "== lint"
npx eslint . && npx prettier --check . >/dev/null
echo "== kubernetes manifests"
if ! command -v kubectl >/dev/null 2>&1 && ! command -v kustomize >/dev/null 2>&1; then
  apt-get install -y -q kubectl >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q kubectl >/dev/null; }
fi
bash scripts/validate-k8s.sh
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 \
  || apt-get install -y -q docker-compose >/dev/null 2>&1 \
  || { apt-get update -q >/dev/null && apt-get install -y -q docker-compose >/dev/null; }
bash scripts/validate-compose.sh
echo "== images that start (every service from its production tree, as uid 1000)"
bash scripts/image-check.sh
export KAFKAJS_NO_PARTITIONER_WARNING=1
echo "== dashboard in headless Chromium"
bash scripts/install-browser.sh
npx tsx tests/dashboard/run.ts
echo "== tests"
npx jest --ci --maxWorkers=2 "$@"
