# One multi-stage build for every service image: `--build-arg SERVICE=<name>` picks the service.
# The build stage compiles the whole workspace once (shared libs); the runtime stage keeps only
# production dependencies and compiled output, and runs as the unprivileged `node` user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json tsconfig.build.json ./
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
USER node
CMD ["sh", "-c", "exec node services/${SERVICE}/dist/main.js"]
