# One multi-stage build for every service image: `--build-arg SERVICE=<name>` picks the service.
# The build stage compiles the whole workspace once (shared libs); the runtime stage keeps only
# production dependencies and compiled output, and runs as the unprivileged `node` user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json tsconfig.build.json ./
# kafkajs is patched on install (postinstall: patch-package): patches/README.md says why.
COPY patches patches
COPY libs libs
COPY services services
COPY tools tools
RUN (npm ci --no-audit --no-fund || npm install --no-audit --no-fund) && npx tsc -b tsconfig.build.json \
  && npx vite build services/query-api/web && npm prune --omit=dev \
  && find libs services tools -name '*.test.js*' -delete

FROM node:20-bookworm-slim
ARG SERVICE
ENV NODE_ENV=production SERVICE=${SERVICE}
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/libs libs
COPY --from=build --chown=node:node /app/services/${SERVICE} services/${SERVICE}
COPY --from=build --chown=node:node /app/tools tools
COPY --chown=node:node datasets datasets
# The category-reports folder (REPORTS_DIR=/reports): a named volume mounted here starts owned by
# the node user, so the service can write to it.
RUN mkdir -p /reports && chown node:node /reports
# Numeric uid:gid (the image's node user), so Kubernetes' runAsNonRoot can verify it. The root
# filesystem may be read-only: the services write only to /tmp and REPORTS_DIR.
USER 1000:1000
# No HEALTHCHECK here: the port differs per service (HTTP_PORT), so docker-compose.yml checks
# http://127.0.0.1:$HTTP_PORT/readyz with Node's fetch (no curl in the image), and Kubernetes
# uses its own probes. The warehouse migrations: node libs/migrations/dist/cli/migrate.js
CMD ["sh", "-c", "exec node services/${SERVICE}/dist/main.js"]
