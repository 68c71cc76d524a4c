import { Type, type Static } from '@sinclair/typebox';
import {
  KafkaEnv,
  LogEnv,
  MetricsEnv,
  SecretsEnv,
  checkSecrets,
  httpEnv,
  loadConfig,
  splitList,
} from '@tributary/config';

export const IngestConfigSchema = Type.Composite([
  LogEnv,
  KafkaEnv,
  SecretsEnv,
  MetricsEnv,
  httpEnv(8081, 0.01),
  Type.Object({
    EVENTS_TOPIC: Type.String({ minLength: 1, default: 'events.raw' }),
    /** Where rejected items are kept with their reasons (docs/event-contract.md). */
    BAD_EVENTS_TOPIC: Type.String({ minLength: 1, default: 'events.bad' }),
    /** Comma-separated producer API keys; at least one is required. */
    INGEST_API_KEYS: Type.String({ default: '' }),
    MAX_BATCH_EVENTS: Type.Integer({ minimum: 1, maximum: 10_000, default: 1_000 }),
    MAX_BODY_BYTES: Type.Integer({ minimum: 1_024, maximum: 50_000_000, default: 2_000_000 }),
    MAX_FUTURE_SKEW_SECONDS: Type.Integer({ minimum: 0, maximum: 86_400, default: 300 }),
    /** JSON array of channel rules replacing the default grouping (see libs/channel-grouping). */
    CHANNEL_RULES_JSON: Type.Optional(Type.String()),
    /** The site's own domains: navigation from them is not a referral. */
    OWN_HOSTS: Type.String({ default: '' }),
    /** Micro-batching of Kafka sends across concurrent requests. */
    PRODUCER_LINGER_MS: Type.Integer({ minimum: 0, maximum: 1_000, default: 2 }),
    /** Idempotent producers side by side; a customer's events always go through the same one. */
    PRODUCER_PARALLELISM: Type.Integer({ minimum: 1, maximum: 16, default: 1 }),
    /**
     * Producer threads (worker threads, each one idempotent producer; a customer's events always
     * go through the same one); 0 keeps the producers on the event loop (PRODUCER_PARALLELISM).
     */
    PRODUCER_THREADS: Type.Integer({ minimum: 0, maximum: 16, default: 1 }),
  }),
]);
export type IngestConfig = Readonly<Static<typeof IngestConfigSchema>>;

export function loadIngestConfig(env: Record<string, string | undefined>): IngestConfig {
  const config = loadConfig(IngestConfigSchema, env);
  const keys = splitList(config.INGEST_API_KEYS);
  if (keys.length === 0) throw new Error('INGEST_API_KEYS: set at least one producer API key');
  checkSecrets({ INGEST_API_KEYS: keys }, config.ALLOW_INSECURE_DEV_SECRETS);
  return config;
}
