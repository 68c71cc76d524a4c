import { createHttpApp, INTERNAL_SECURITY, internalCaller, type HttpApp } from '@tributary/http';
import type { Logger } from '@tributary/logging';
import { createMetricsRegistry } from '@tributary/metrics';
import { createPool, pingPostgres, type Pool } from '@tributary/postgres';
import {
  createRedis,
  pingRedis,
  redisReady,
  redisSettingsFrom,
  type Redis,
} from '@tributary/redis';
import { startScheduler, type Scheduler } from '@tributary/scheduling';
import { runDefaults, type AttributionConfig } from './config';
import { registerAttributionRoutes } from './http/attribution-routes';
import { measuredRunner } from './runs/run-metrics';
import { createAttributionRunner, type AttributionRunner } from './runs/attribution-runner';

export interface AttributionService {
  app: HttpApp;
  runner: AttributionRunner;
  pool: Pool;
  redis: Redis;
  /** Starts the nightly schedule (when enabled). */
  start(): void;
  /** Ordered shutdown: stop the schedule and HTTP, let a run finish, close Redis, the pool last. */
  stop(): Promise<void>;
}

export interface ServiceOptions {
  readonly now?: () => Date;
  /** Test seam forwarded to every run (see RunDeps.beforePublish). */
  readonly beforePublish?: (runId: string) => Promise<void>;
}

/** Composition root: config -> pg pool, Redis -> runner -> HTTP routes and the cron schedule. */
export async function buildAttributionService(
  config: AttributionConfig,
  logger: Logger,
  options: ServiceOptions = {},
): Promise<AttributionService> {
  const now = options.now ?? (() => new Date());
  const metrics = createMetricsRegistry('attribution-engine');
  const pool = createPool(
    {
      connectionString: config.DATABASE_URL,
      applicationName: 'attribution-engine',
      max: config.PG_POOL_MAX,
      statementTimeoutMs: 600_000,
    },
    logger,
  );
  const redis = createRedis({
    ...redisSettingsFrom(config),
    keyPrefix: config.REDIS_KEY_PREFIX,
    logger,
  });
  // Commands fail fast while disconnected, so wait for the first connection before serving.
  await redisReady(redis);
  const unmeasured = createAttributionRunner(
    {
      pool,
      redis,
      logger,
      now,
      analytics: {
        replicates: config.ATTRIBUTION_BOOTSTRAP_REPLICATES,
        seed: config.ATTRIBUTION_ANALYTICS_SEED,
      },
      ...(options.beforePublish ? { beforePublish: options.beforePublish } : {}),
    },
    { defaults: runDefaults(config), lockTtlMs: config.ATTRIBUTION_LOCK_TTL_MS },
  );
  // Every run it starts (schedule, HTTP) is measured when it ends.
  const runner = measuredRunner(unmeasured, metrics);
  const app = await createHttpApp({
    logger,
    metrics,
    readiness: { postgres: () => pingPostgres(pool), redis: () => pingRedis(redis) },
    access: {
      caller: internalCaller(config.INTERNAL_API_TOKEN),
      maxFailuresPerMinute: config.AUTH_FAILURES_PER_MINUTE,
    },
    metricsExposure: { public: config.METRICS_PUBLIC, port: config.METRICS_PORT },
    accessLogSampleRate: config.ACCESS_LOG_SAMPLE_RATE,
    openApi: {
      title: 'Tributary attribution-engine',
      description: 'Attribution runs and results; called by query-api with the internal token.',
      securitySchemes: INTERNAL_SECURITY,
    },
  });
  registerAttributionRoutes(app, { runner, pool, redis, logger });

  let scheduler: Scheduler | undefined;
  let stopping: Promise<void> | undefined;
  return {
    app,
    runner,
    pool,
    redis,
    start() {
      if (!config.ATTRIBUTION_SCHEDULE_ENABLED || scheduler) return;
      scheduler = startScheduler(
        [
          {
            name: 'attribution-nightly',
            cron: config.ATTRIBUTION_CRON,
            timeZone: config.TIME_ZONE,
            run: async (fireTime) => {
              const started = await runner.start({}, 'schedule', fireTime);
              if (!started.started) {
                logger.info(
                  { fire_time: fireTime.toISOString(), reason: started.reason },
                  started.reason === 'locked'
                    ? 'attribution run skipped: another replica holds the lock'
                    : 'attribution run skipped: another replica already ran this firing',
                );
                return;
              }
              await started.done;
            },
          },
        ],
        logger,
        now,
      );
    },
    stop() {
      // Once: a second call (a signal during shutdown) waits for the first instead of ending
      // the pool twice.
      stopping ??= (async () => {
        await scheduler?.stop();
        await app.close();
        await runner.drain();
        redis.disconnect();
        await pool.end();
      })();
      return stopping;
    },
  };
}
