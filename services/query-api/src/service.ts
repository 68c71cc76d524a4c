import type { HttpApp } from '@tributary/http';
import type { Logger } from '@tributary/logging';
import { createMetricsRegistry } from '@tributary/metrics';
import { createPool } from '@tributary/postgres';
import { createRedis, redisSettingsFrom } from '@tributary/redis';
import { buildApp } from './app';
import type { LoadedQueryConfig } from './config';

export interface QueryService {
  app: HttpApp;
  /** Ordered shutdown: stop taking requests (and end SSE streams), then Redis, the pool last. */
  stop(): Promise<void>;
}

/** Composition root: config -> Redis and PostgreSQL clients -> readers -> HTTP app. */
export async function buildQueryService(
  { config, apiKeys }: LoadedQueryConfig,
  logger: Logger,
): Promise<QueryService> {
  const redis = createRedis({
    ...redisSettingsFrom(config),
    keyPrefix: config.REDIS_KEY_PREFIX,
    logger,
  });
  const pool = createPool(
    {
      connectionString: config.DATABASE_URL,
      max: config.PG_POOL_MAX,
      applicationName: 'query-api',
      statementTimeoutMs: config.STORE_TIMEOUT_MS * 2,
    },
    logger,
  );
  const metrics = createMetricsRegistry('query-api');
  const app = await buildApp({ config, apiKeys, logger, metrics, redis, pool });
  let stopped: Promise<void> | undefined;
  return {
    app,
    stop() {
      stopped ??= (async () => {
        await app.close();
        redis.disconnect();
        await pool.end();
      })();
      return stopped;
    },
  };
}
