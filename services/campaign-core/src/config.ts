import { Type, type Static } from '@sinclair/typebox';
import {
  ConfigError,
  InternalTokenEnv,
  KafkaEnv,
  LogEnv,
  MetricsEnv,
  PostgresEnv,
  SecretsEnv,
  TimeZoneEnv,
  checkSecrets,
  httpEnv,
  loadConfig,
} from '@tributary/config';
import { AllowListError, parseAllowList, type AllowList } from '@tributary/outbound';

export const CampaignCoreConfigSchema = Type.Composite([
  LogEnv,
  KafkaEnv,
  PostgresEnv,
  TimeZoneEnv,
  InternalTokenEnv,
  SecretsEnv,
  MetricsEnv,
  httpEnv(8084),
  Type.Object({
    CLOCK_MODE: Type.Union([Type.Literal('system'), Type.Literal('replay')], {
      default: 'system',
    }),
    GOALS_ACHIEVED_TOPIC: Type.String({ minLength: 1, default: 'goals.achieved' }),
    /** Dead letters are also kept here, with the other failed events (event-contract.md). */
    BAD_EVENTS_TOPIC: Type.String({ minLength: 1, default: 'events.bad' }),
    CONSUMER_GROUP: Type.String({ minLength: 1, default: 'campaign-core' }),
    CONSUMER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 3 }),
    CAMPAIGN_GOALS_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:8083' }),
    CAMPAIGN_GOALS_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 3_000 }),
    /**
     * The wait for an ad-hoc check. campaign-goals is told it (x-tributary-deadline-ms, less a
     * margin) and stops by then, retries included, so a slow endpoint ends in its answer (false,
     * R14) rather than in a timeout and a retried batch here.
     */
    ADHOC_CHECK_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 120_000, default: 12_000 }),
    /**
     * Failures in a row of campaign-goals itself (unreachable, 5xx, past the wait) that open an
     * ad-hoc goal's circuit, and how long it stays open; campaign-goals' ADHOC_HOST_BREAKER_* is
     * the circuit per third-party host.
     */
    ADHOC_BREAKER_FAILURES: Type.Integer({ minimum: 1, maximum: 100, default: 3 }),
    ADHOC_BREAKER_COOLDOWN_MS: Type.Integer({ minimum: 10, maximum: 600_000, default: 30_000 }),
    /** Where action URLs may go: `https://host[:port]`, `http://host:port`, `*.example.com`, `+private`. */
    ACTION_ALLOWED_HOSTS: Type.String({ default: '' }),
    ACTION_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 120_000, default: 5_000 }),
    ACTION_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 100, default: 8 }),
    ACTION_RETRY_BASE_MS: Type.Integer({ minimum: 1, maximum: 600_000, default: 500 }),
    ACTION_RETRY_MAX_MS: Type.Integer({ minimum: 1, maximum: 86_400_000, default: 300_000 }),
    ACTION_POLL_MS: Type.Integer({ minimum: 5, maximum: 60_000, default: 250 }),
    ACTION_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 1_000, default: 50 }),
    /** Action calls in flight at once per replica (keep-alive connections to receivers). */
    ACTION_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 256, default: 32 }),
    /** A claimed outbox row is retried by any replica once its lease ran out (crash safety). */
    ACTION_LEASE_MS: Type.Integer({ minimum: 1_000, maximum: 3_600_000, default: 60_000 }),
    ACTION_DISPATCHER_ENABLED: Type.Boolean({ default: true }),
    CONSUMER_ENABLED: Type.Boolean({ default: true }),
  }),
]);
export type CampaignCoreConfig = Readonly<Static<typeof CampaignCoreConfigSchema>>;

export function loadCampaignCoreConfig(
  env: Record<string, string | undefined>,
): CampaignCoreConfig {
  const config = loadConfig(CampaignCoreConfigSchema, env);
  checkSecrets(
    { INTERNAL_API_TOKEN: config.INTERNAL_API_TOKEN },
    config.ALLOW_INSECURE_DEV_SECRETS,
  );
  actionAllowList(config);
  return config;
}

/** ACTION_ALLOWED_HOSTS parsed (format in docs/configuration.md); checked once at load. */
export function actionAllowList(config: CampaignCoreConfig): AllowList {
  try {
    return parseAllowList(config.ACTION_ALLOWED_HOSTS, 'ACTION_ALLOWED_HOSTS');
  } catch (err) {
    if (err instanceof AllowListError) {
      throw new ConfigError([{ variable: err.variable, message: err.problem }]);
    }
    throw err;
  }
}
