import { join } from 'node:path';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import { splitList } from '@tributary/config';
import { createHttpApp, type HttpApp } from '@tributary/http';
import type { Logger } from '@tributary/logging';
import type { Registry } from '@tributary/metrics';
import { pingPostgres, type Pool } from '@tributary/postgres';
import {
  createRealtimeReader,
  DEFAULT_SETTINGS,
  type RealtimeSettings,
} from '@tributary/realtime-store';
import { pingRedis, type Redis } from '@tributary/redis';
import { createAttributionResults, type AttributionResults } from './adapters/attribution-results';
import { createUpstreamClient } from './adapters/upstream-client';
import type { ApiKeyTable } from './auth/api-keys';
import { createCallerAuthenticator } from './auth/authenticate';
import { createStreamTickets } from './auth/stream-tickets';
import { createJwtVerifier } from './auth/jwt-verifier';
import type { QueryConfig } from './config';
import { registerAttributionRoutes } from './http/attribution-routes';
import { COMPRESS_THRESHOLD_BYTES } from './http/cached-reply';
import { registerCampaignRoutes } from './http/campaign-routes';
import { registerDashboard } from './http/dashboard-plugin';
import { registerDocs } from './http/docs';
import { registerRealtimeRoutes } from './http/realtime-routes';
import { registerPrivacyRoutes } from './http/privacy-routes';
import { registerReportRoutes } from './http/report-routes';
import { registerRateLimit } from './http/rate-limit';
import { syncedRateLimitStore } from './http/rate-limit-store';
import { createSnapshotHub } from './http/snapshot-hub';
import { createStoreGuard } from './http/store-guard';
import { registerStreamRoute } from './http/stream-route';

export interface AppDeps {
  config: QueryConfig;
  apiKeys: ApiKeyTable;
  logger: Logger;
  metrics: Registry;
  redis: Redis;
  pool: Pool;
  /** Must match the realtime-analytics writer's settings. */
  realtime?: RealtimeSettings;
  attribution?: AttributionResults;
  now?: () => number;
}

/**
 * The whole HTTP surface, built from ready clients without opening a port: main.ts listens on
 * it, tests and the Lambda handler use app.inject.
 */
export async function buildApp(deps: AppDeps): Promise<HttpApp> {
  const { config, redis, pool, logger } = deps;
  const now = deps.now ?? Date.now;
  const guard = createStoreGuard(config.STORE_TIMEOUT_MS);
  const reader = createRealtimeReader(redis, deps.realtime ?? DEFAULT_SETTINGS);
  const timeout = config.UPSTREAM_TIMEOUT_MS;
  const internalToken = config.INTERNAL_API_TOKEN;

  const jwt = createJwtVerifier({
    secret: config.JWT_SECRET,
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    maxLifetimeSeconds: config.JWT_MAX_LIFETIME_SECONDS,
    jwksAlgorithms: splitList(config.JWT_ALGORITHMS),
  });
  const tickets = createStreamTickets(redis, config.STREAM_TICKET_TTL_SECONDS);
  const app = await createHttpApp({
    logger,
    metrics: deps.metrics,
    trustProxy: config.TRUST_PROXY,
    readiness: { redis: () => pingRedis(redis), postgres: () => pingPostgres(pool) },
    access: {
      caller: createCallerAuthenticator({ apiKeys: deps.apiKeys, jwt, tickets }),
      maxFailuresPerMinute: config.AUTH_FAILURES_PER_MINUTE,
    },
    metricsExposure: { public: config.METRICS_PUBLIC, port: config.METRICS_PORT },
    accessLogSampleRate: config.ACCESS_LOG_SAMPLE_RATE,
    openApi: {
      title: 'Tributary query-api',
      description:
        'The one door for dashboards: attribution, real time, recommendations, category reports, campaigns.',
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
    },
  });
  if (config.ALLOW_INSECURE_DEV_SECRETS) {
    logger.warn(
      'ALLOW_INSECURE_DEV_SECRETS=true: weak or demo secrets accepted (local development only)',
    );
  }
  // GET and HEAD bodies are never read, so they have nothing to decompress: without this the
  // request-decompression hook would run on every read.
  app.addHook('onRoute', (route) => {
    if ((route.method === 'GET' || route.method === 'HEAD') && route.decompress === undefined) {
      route.decompress = false;
    }
  });
  await app.register(compress, { global: true, threshold: COMPRESS_THRESHOLD_BYTES });
  const origins = splitList(config.CORS_ORIGINS);
  if (origins.length > 0) {
    await app.register(cors, {
      origin: origins.includes('*') ? true : origins,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: [
        'authorization',
        'x-api-key',
        'content-type',
        'if-none-match',
        'if-match',
        'x-request-id',
      ],
      exposedHeaders: [
        'etag',
        'retry-after',
        'x-request-id',
        'x-ratelimit-limit',
        'x-ratelimit-remaining',
        'x-ratelimit-reset',
      ],
      maxAge: 600,
    });
  }
  await registerDocs(app);
  // The dashboard's static files are public; every /v1 call it makes carries the user's token.
  await registerDashboard(app, {
    distDir: config.DASHBOARD_DIR ?? join(__dirname, '..', 'web', 'dist'),
  });

  await app.register(async (v1) => {
    const RateLimitStore = syncedRateLimitStore({ redis, nameSpace: 'ratelimit:' });
    registerRateLimit(v1, {
      max: config.RATE_LIMIT_PER_MINUTE,
      timeWindowMs: 60_000,
      // Counts locally while a caller is far from its limit, shared through Redis near it.
      store: new RateLimitStore({ max: config.RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 }),
      key: (request) => request.principal?.id ?? `ip:${request.ip}`,
      // Redis being down must not take the proxied campaign routes down with it.
      skipOnError: true,
    });
    registerAttributionRoutes(v1, {
      results:
        deps.attribution ??
        createAttributionResults(redis, pool, logger, config.ATTRIBUTION_POINTER_TTL_MS),
      engine: createUpstreamClient('attribution-engine', config.ATTRIBUTION_ENGINE_URL, timeout),
      guard,
      smartModel: config.SMART_MODEL,
      maxAgeSeconds: config.CACHE_MAX_AGE_SECONDS,
      internalToken,
      truthFile: config.ATTRIBUTION_TRUTH_FILE,
    });
    registerRealtimeRoutes(v1, { reader, guard, now });
    registerStreamRoute(v1, {
      hub: createSnapshotHub({ reader, intervalMs: config.SSE_INTERVAL_MS, now, logger }),
      tickets,
      guard,
    });
    registerReportRoutes(v1, { pool, guard, maxAgeSeconds: config.CACHE_MAX_AGE_SECONDS });
    registerCampaignRoutes(v1, {
      goals: createUpstreamClient('campaign-goals', config.CAMPAIGN_GOALS_URL, timeout),
      core: createUpstreamClient('campaign-core', config.CAMPAIGN_CORE_URL, timeout),
      internalToken,
    });
    registerPrivacyRoutes(v1, {
      stitcher: createUpstreamClient('journey-stitcher', config.JOURNEY_STITCHER_URL, timeout),
      internalToken,
    });
  });
  return app;
}
