import { Type, type Static } from '@sinclair/typebox';
import {
  InternalTokenEnv,
  LogEnv,
  MetricsEnv,
  PostgresEnv,
  SecretsEnv,
  checkSecrets,
  RedisEnv,
  TimeZoneEnv,
  httpEnv,
  loadConfig,
  splitList,
} from '@tributary/config';
import { isValidCron } from '@tributary/scheduling';
import { AttributionError } from './domain/attribution-error';
import { resolveRunOptions, type RunDefaults } from './domain/run-options';

export const AttributionConfigSchema = Type.Composite([
  LogEnv,
  PostgresEnv,
  RedisEnv,
  TimeZoneEnv,
  InternalTokenEnv,
  SecretsEnv,
  MetricsEnv,
  httpEnv(9094),
  Type.Object({
    /** Nightly run, 5-field cron in TIME_ZONE. */
    ATTRIBUTION_CRON: Type.String({ minLength: 1, default: '0 2 * * *' }),
    ATTRIBUTION_SCHEDULE_ENABLED: Type.Boolean({ default: true }),
    /** Conversion window of scheduled runs (and of on-demand runs without dates): the N days before today. */
    ATTRIBUTION_WINDOW_DAYS: Type.Integer({ minimum: 1, maximum: 3660, default: 30 }),
    /** Comma-separated model ids, or "all". */
    ATTRIBUTION_MODELS: Type.String({ minLength: 1, default: 'all' }),
    ATTRIBUTION_DIMENSION: Type.Union([Type.Literal('channel'), Type.Literal('campaign')], {
      default: 'channel',
    }),
    /** Reporting currency (ISO 4217) that revenue and spend are converted into (`fx_rates`). */
    ATTRIBUTION_REPORTING_CURRENCY: Type.String({ pattern: '^[A-Z]{3}$', default: 'TRY' }),
    ATTRIBUTION_LOOKBACK_DAYS: Type.Optional(Type.Integer({ minimum: 1, maximum: 3660 })),
    ATTRIBUTION_LOOKBACK_STEPS: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    /** Comma-separated path transforms, applied in order (e.g. "exposure,remove-if-not-all:direct"). */
    ATTRIBUTION_TRANSFORMS: Type.String({ default: '' }),
    ATTRIBUTION_HALF_LIFE_DAYS: Type.Number({ exclusiveMinimum: 0, default: 7 }),
    ATTRIBUTION_MARKOV_ORDER: Type.Integer({ minimum: 1, maximum: 4, default: 1 }),
    /** Bootstrap replicates per data-driven model for the 90% intervals; 0 turns intervals off. */
    ATTRIBUTION_BOOTSTRAP_REPLICATES: Type.Integer({ minimum: 0, maximum: 100_000, default: 200 }),
    /** Seed of the bootstrap and of the held-out split: the same data and seed give the same figures. */
    ATTRIBUTION_ANALYTICS_SEED: Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, default: 1 }),
    /** Lease of the run lock; renewed while a run is alive, so it only matters when a replica dies. */
    ATTRIBUTION_LOCK_TTL_MS: Type.Integer({ minimum: 5_000, maximum: 3_600_000, default: 120_000 }),
  }),
]);
export type AttributionConfig = Readonly<Static<typeof AttributionConfigSchema>>;

export function runDefaults(config: AttributionConfig): RunDefaults {
  const models =
    config.ATTRIBUTION_MODELS.trim() === 'all' ? 'all' : splitList(config.ATTRIBUTION_MODELS);
  return {
    windowDays: config.ATTRIBUTION_WINDOW_DAYS,
    timeZone: config.TIME_ZONE,
    request: {
      models,
      dimension: config.ATTRIBUTION_DIMENSION,
      currency: config.ATTRIBUTION_REPORTING_CURRENCY,
      lookback_days: config.ATTRIBUTION_LOOKBACK_DAYS,
      lookback_steps: config.ATTRIBUTION_LOOKBACK_STEPS,
      transforms: splitList(config.ATTRIBUTION_TRANSFORMS),
      half_life: config.ATTRIBUTION_HALF_LIFE_DAYS,
      order: config.ATTRIBUTION_MARKOV_ORDER,
    },
  };
}

export function loadAttributionConfig(env: Record<string, string | undefined>): AttributionConfig {
  const config = loadConfig(AttributionConfigSchema, env);
  checkSecrets(
    { INTERNAL_API_TOKEN: config.INTERNAL_API_TOKEN },
    config.ALLOW_INSECURE_DEV_SECRETS,
  );
  if (!isValidCron(config.ATTRIBUTION_CRON, config.TIME_ZONE)) {
    throw new Error(
      `ATTRIBUTION_CRON: "${config.ATTRIBUTION_CRON}" is not a 5-field cron expression valid in TIME_ZONE ${config.TIME_ZONE}`,
    );
  }
  try {
    resolveRunOptions({}, runDefaults(config), new Date());
  } catch (error) {
    if (error instanceof AttributionError)
      throw new Error(`ATTRIBUTION_* / TIME_ZONE: ${error.message}`);
    throw error;
  }
  return config;
}
