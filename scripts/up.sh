#!/usr/bin/env bash
# `npm run up`: the whole system on this machine with demo data.
# Installs dependencies if needed, starts infrastructure (scripts/infra/up.sh), builds, applies
# migrations, then hands over to the supervisor (tools/supervisor): every service as its own
# process with prefixed logs, demo data loaded, URLs printed. Ctrl-C stops everything cleanly.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -d node_modules ] || npm install --no-audit --no-fund
bash scripts/infra/up.sh
echo "[up] building"
npx tsc -b tsconfig.build.json
npx vite build services/query-api/web --logLevel warn
if [ "${TRIBUTARY_KEEP_DATA:-}" != "1" ]; then
  echo "[up] starting from a clean demo (TRIBUTARY_KEEP_DATA=1 keeps the previous one)"
  node tools/supervisor/dist/reset.js
fi
echo "[up] applying migrations"
DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tributary} node libs/migrations/dist/cli/migrate.js
exec node tools/supervisor/dist/main.js
