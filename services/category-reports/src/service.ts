import { createHttpApp, type HttpApp } from '@tributary/http';
import type { Logger } from '@tributary/logging';
import { counter, createMetricsRegistry, gauge, histogram } from '@tributary/metrics';
import { reportedHour } from './domain/report-schedule';
import { createPool, pingPostgres } from '@tributary/postgres';
import { createRedis, pingRedis, redisReady, redisSettingsFrom } from '@tributary/redis';
import { startScheduler, type Scheduler } from '@tributary/scheduling';
import type { CategoryReportsConfig } from './config';
import {
  runScheduledReport,
  type ScheduledOutcome,
  type ScheduledReportDeps,
} from './jobs/scheduled-report';

export interface CategoryReportsService {
  app: HttpApp;
  /** Arms the hourly cron. */
  start(): void;
  /** What one cron firing does; the scheduler calls it, tests may too. */
  runScheduled(fireTime: Date): Promise<ScheduledOutcome>;
  /** Ordered shutdown: stop the cron and await a running report, then HTTP, Redis, the pool. */
  stop(): Promise<void>;
}

/** Composition root: config -> PostgreSQL pool and Redis -> report job -> cron and HTTP probes. */
export async function buildCategoryReportsService(
  config: CategoryReportsConfig,
  logger: Logger,
  now: () => Date = () => new Date(),
): Promise<CategoryReportsService> {
  const metrics = createMetricsRegistry('category-reports');
  const pool = createPool(
    {
      connectionString: config.DATABASE_URL,
      applicationName: 'category-reports',
      max: config.PG_POOL_MAX,
      statementTimeoutMs: config.REPORT_STATEMENT_TIMEOUT_MS,
    },
    logger,
  );
  const redis = createRedis({
    ...redisSettingsFrom(config),
    keyPrefix: config.REDIS_KEY_PREFIX,
    logger,
  });
  // The lock needs Redis; commands fail fast while it connects, so wait for it once here.
  await redisReady(redis);
  const runs = counter(metrics, 'category_report_firings_total', 'Cron firings by outcome', [
    'outcome',
  ]);
  const duration = histogram(
    metrics,
    'category_report_duration_seconds',
    'Time to generate and write one hour',
    [],
    [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  );
  // The end of the last hour whose report exists (written now or found done): the overdue alert
  // compares it with the time, so it holds across firings that only found the hour done.
  const lastHourDone = gauge(
    metrics,
    'category_report_last_hour_done_timestamp_seconds',
    'End of the last hour whose category report is written (Unix time)',
  );
  const deps: ScheduledReportDeps = {
    pool,
    redis,
    logger,
    now,
    reportsDir: config.REPORTS_DIR,
    timeZone: config.TIME_ZONE,
    rollingHours: config.REPORT_ROLLING_HOURS,
    topN: config.REPORT_TOP_N,
    workMemMb: config.REPORT_WORK_MEM_MB,
    lockTtlMs: config.REPORT_LOCK_TTL_MS,
  };

  async function runScheduled(fireTime: Date): Promise<ScheduledOutcome> {
    const stopTimer = duration.startTimer();
    try {
      const outcome = await runScheduledReport(deps, fireTime);
      runs.inc({ outcome });
      if (outcome === 'ran') stopTimer();
      if (outcome === 'ran' || outcome === 'already-done') {
        lastHourDone.set(reportedHour(fireTime).getTime() / 1000 + 3600);
      }
      return outcome;
    } catch (error) {
      runs.inc({ outcome: 'failed' });
      throw error;
    }
  }

  const app = await createHttpApp({
    logger,
    metrics,
    readiness: { postgres: () => pingPostgres(pool), redis: () => pingRedis(redis) },
    // Probes only: no route here takes a caller.
    access: {},
    metricsExposure: { public: config.METRICS_PUBLIC, port: config.METRICS_PORT },
    accessLogSampleRate: config.ACCESS_LOG_SAMPLE_RATE,
    // No operation yet: published so that every service answers /openapi.json alike.
    openApi: {
      title: 'Tributary category-reports',
      description: 'Probes only.',
      securitySchemes: {},
    },
  });
  let scheduler: Scheduler | undefined;
  let stopping: Promise<void> | undefined;

  return {
    app,
    runScheduled,
    start() {
      const job = {
        name: 'category-reports',
        cron: config.REPORT_CRON,
        timeZone: config.TIME_ZONE,
      };
      scheduler = startScheduler(
        [{ ...job, run: async (fireTime) => void (await runScheduled(fireTime)) }],
        logger,
        now,
      );
      logger.info(job, 'category report schedule armed');
    },
    // Idempotent: a second call (a signal during shutdown, a test's cleanup) awaits the first.
    stop() {
      stopping ??= (async () => {
        await scheduler?.stop();
        await app.close();
        redis.disconnect();
        await pool.end();
      })();
      return stopping;
    },
  };
}
