import { Type, type Static } from '@sinclair/typebox';
import {
  ConfigError,
  KafkaEnv,
  LogEnv,
  MetricsEnv,
  PostgresEnv,
  RedisEnv,
  SecretsEnv,
  TimeZoneEnv,
  httpEnv,
  loadConfig,
  splitList,
} from '@tributary/config';
import { isValidCron } from '@tributary/scheduling';
import { EVENT_TYPES } from '@tributary/schemas';
import { DEFAULT_STITCHING_POLICY, type StitchingPolicy } from './domain/stitching-policy';
import { StitcherPrivacyEnv, checkPrivacySettings } from './privacy/privacy-env';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** What the journey definition depends on: the service, the rebuild and the sweep share it. */
export const StitchingEnv = Type.Object({
  LOOKBACK_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 30 }),
  LATENESS_HOURS: Type.Integer({ minimum: 0, maximum: 24 * 30, default: 24 }),
  TOUCHPOINT_TYPES: Type.String({
    minLength: 1,
    default: DEFAULT_STITCHING_POLICY.touchpointTypes.join(','),
  }),
  /** Touchpoint-typed events of these channels are not touchpoints; `none` excludes none. */
  EXCLUDED_CHANNELS: Type.String({ default: DEFAULT_STITCHING_POLICY.excludedChannels.join(',') }),
});

export const StitcherConfigSchema = Type.Composite([
  LogEnv,
  KafkaEnv,
  PostgresEnv,
  TimeZoneEnv,
  MetricsEnv,
  httpEnv(9091),
  StitchingEnv,
  // Erasure (docs/privacy.md): Redis for the realtime store's keys, the secrets, the policy.
  RedisEnv,
  SecretsEnv,
  StitcherPrivacyEnv,
  Type.Object({
    EVENTS_TOPIC: Type.String({ minLength: 1, default: 'events.raw' }),
    /** Dead letters are also kept here, with ingest-gateway's rejected items (event-contract.md). */
    BAD_EVENTS_TOPIC: Type.String({ minLength: 1, default: 'events.bad' }),
    JOURNEYS_TOPIC: Type.String({ minLength: 1, default: 'journeys' }),
    CONSUMER_GROUP: Type.String({ minLength: 1, default: 'journey-stitcher' }),
    PARTITIONS_CONCURRENTLY: Type.Integer({ minimum: 1, maximum: 64, default: 3 }),
    /** Larger fetches give larger batches: one transaction and one re-stitch per batch. */
    KAFKA_MAX_BYTES_PER_PARTITION: Type.Integer({
      minimum: 65_536,
      maximum: 64_000_000,
      default: 4_194_304,
    }),
    /** Room for every partition's batch in one fetch: six of the default 4 MiB (see the runner). */
    KAFKA_MAX_BYTES_PER_FETCH: Type.Integer({
      minimum: 1_048_576,
      maximum: 256_000_000,
      default: 25_165_824,
    }),
    RAW_EVENTS_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 400 }),
    RAW_EVENTS_PARTITIONS_AHEAD_DAYS: Type.Integer({ minimum: 1, maximum: 90, default: 7 }),
    /** Five-field crons in TIME_ZONE. */
    PARTITIONS_CRON: Type.String({ minLength: 9, default: '10 0 * * *' }),
    NON_CONVERTING_SWEEP_CRON: Type.String({ minLength: 9, default: '20 * * * *' }),
    OUTBOX_RELAY_CRON: Type.String({ minLength: 9, default: '* * * * *' }),
    MIGRATE_ON_START: Type.Boolean({ default: true }),
  }),
]);
export type StitcherConfig = Readonly<Static<typeof StitcherConfigSchema>>;
export type StitchingConfig = Readonly<Static<typeof StitchingEnv>>;

const TOUCHPOINT_CANDIDATES: readonly string[] = EVENT_TYPES.filter((t) => t !== 'order_completed');

/** The stitching policy the settings describe; a bad value fails naming its variable. */
export function stitchingPolicyOf(config: StitchingConfig): StitchingPolicy {
  const touchpointTypes = splitList(config.TOUCHPOINT_TYPES);
  const unknown = touchpointTypes.filter((t) => !TOUCHPOINT_CANDIDATES.includes(t));
  if (touchpointTypes.length === 0 || unknown.length > 0) {
    throw new ConfigError([
      {
        variable: 'TOUCHPOINT_TYPES',
        message: `expected a list of ${TOUCHPOINT_CANDIDATES.join(', ')}; got ${unknown.join(', ') || 'nothing'}`,
      },
    ]);
  }
  return {
    lookbackMs: config.LOOKBACK_DAYS * DAY_MS,
    latenessMs: config.LATENESS_HOURS * HOUR_MS,
    touchpointTypes,
    excludedChannels: splitList(config.EXCLUDED_CHANNELS).filter((c) => c !== 'none'),
  };
}

export function loadStitcherConfig(env: Record<string, string | undefined>): StitcherConfig {
  const config = loadConfig(StitcherConfigSchema, env);
  stitchingPolicyOf(config);
  checkPrivacySettings(config);
  for (const variable of [
    'PARTITIONS_CRON',
    'NON_CONVERTING_SWEEP_CRON',
    'OUTBOX_RELAY_CRON',
  ] as const) {
    if (!isValidCron(config[variable], config.TIME_ZONE)) {
      throw new ConfigError([{ variable, message: 'not a valid five-field cron expression' }]);
    }
  }
  return config;
}
