import { Type, type Static } from '@sinclair/typebox';
import {
  ConfigError,
  LogEnv,
  MetricsEnv,
  PostgresEnv,
  RedisEnv,
  TimeZoneEnv,
  httpEnv,
  loadConfig,
} from '@tributary/config';
import { isValidCron } from '@tributary/scheduling';

export const CategoryReportsEnv = Type.Composite([
  LogEnv,
  PostgresEnv,
  RedisEnv,
  TimeZoneEnv,
  MetricsEnv,
  httpEnv(9095),
  Type.Object({
    /** Five-field cron in TIME_ZONE; each firing reports the last complete hour before it. */
    REPORT_CRON: Type.String({ minLength: 9, default: '5 * * * *' }),
    /** Also report the N hours ending with that hour (0 turns the rolling period off). */
    REPORT_ROLLING_HOURS: Type.Integer({ minimum: 0, maximum: 168, default: 24 }),
    REPORT_TOP_N: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }),
    REPORTS_DIR: Type.String({ minLength: 1, default: './reports-out' }),
    REPORT_LOCK_TTL_MS: Type.Integer({ minimum: 5_000, maximum: 3_600_000, default: 600_000 }),
    /** Per-run PostgreSQL work_mem, so one hour's aggregation stays in memory. */
    REPORT_WORK_MEM_MB: Type.Integer({ minimum: 4, maximum: 4096, default: 128 }),
    REPORT_STATEMENT_TIMEOUT_MS: Type.Integer({
      minimum: 1_000,
      maximum: 3_600_000,
      default: 600_000,
    }),
  }),
]);
export type CategoryReportsConfig = Readonly<Static<typeof CategoryReportsEnv>>;

export function loadCategoryReportsConfig(
  env: Record<string, string | undefined>,
): CategoryReportsConfig {
  const config = loadConfig(CategoryReportsEnv, env);
  if (!isValidTimeZone(config.TIME_ZONE)) {
    throw new ConfigError([{ variable: 'TIME_ZONE', message: 'not an IANA time zone' }]);
  }
  if (!isValidCron(config.REPORT_CRON, config.TIME_ZONE)) {
    throw new ConfigError([
      { variable: 'REPORT_CRON', message: 'not a valid five-field cron expression' },
    ]);
  }
  return config;
}

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
