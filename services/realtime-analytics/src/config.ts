import { Type, type Static } from '@sinclair/typebox';
import { KafkaEnv, LogEnv, MetricsEnv, RedisEnv, httpEnv, loadConfig } from '@tributary/config';
import type { RealtimeSettings } from '@tributary/realtime-store';

export const RealtimeConfigSchema = Type.Composite([
  LogEnv,
  KafkaEnv,
  RedisEnv,
  MetricsEnv,
  httpEnv(9093),
  Type.Object({
    EVENTS_TOPIC: Type.String({ minLength: 1, default: 'events.raw' }),
    /** Dead letters are also kept here, with ingest-gateway's rejected items (event-contract.md). */
    BAD_EVENTS_TOPIC: Type.String({ minLength: 1, default: 'events.bad' }),
    CONSUMER_GROUP: Type.String({ minLength: 1, default: 'realtime-analytics' }),
    WINDOW_SECONDS: Type.Integer({ minimum: 10, maximum: 86_400, default: 300 }),
    RETENTION_SECONDS: Type.Integer({ minimum: 0, maximum: 7 * 86_400, default: 3_600 }),
    MAX_FUTURE_SKEW_SECONDS: Type.Integer({ minimum: 0, maximum: 3_600, default: 30 }),
    RECENT_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 365 * 86_400, default: 7 * 86_400 }),
    /** How often expired views leave the live aggregates when no query does it first. */
    SWEEP_INTERVAL_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 500 }),
    /** Rebuild the window and recent views from Kafka when Redis lost the store's data. */
    REBUILD_ON_START: Type.Boolean({ default: true }),
    PARTITIONS_CONCURRENTLY: Type.Integer({ minimum: 1, maximum: 64, default: 3 }),
    /**
     * The erasure suppression list's key (docs/privacy.md), the same value as journey-stitcher's:
     * set, the views of erased customers are dropped, on redelivery and on a rebuild alike.
     */
    ERASURE_HMAC_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  }),
]);
export type RealtimeConfig = Readonly<Static<typeof RealtimeConfigSchema>>;

export function loadRealtimeConfig(env: Record<string, string | undefined>): RealtimeConfig {
  return loadConfig(RealtimeConfigSchema, env);
}

export function storeSettings(config: RealtimeConfig): RealtimeSettings {
  return {
    windowMs: config.WINDOW_SECONDS * 1000,
    retentionMs: config.RETENTION_SECONDS * 1000,
    maxFutureSkewMs: config.MAX_FUTURE_SKEW_SECONDS * 1000,
    recentTtlSeconds: config.RECENT_TTL_SECONDS,
    recentMax: 50,
  };
}
