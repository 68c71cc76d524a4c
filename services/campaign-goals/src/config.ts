import { Type, type Static } from '@sinclair/typebox';
import {
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
import { parseAllowList, type AllowList } from '@tributary/outbound';
import { isValidTimeZone } from './domain/local-date';

export const GoalsConfigSchema = Type.Composite([
  LogEnv,
  KafkaEnv,
  PostgresEnv,
  TimeZoneEnv,
  InternalTokenEnv,
  SecretsEnv,
  MetricsEnv,
  httpEnv(8083),
  Type.Object({
    CLOCK_MODE: Type.Union([Type.Literal('system'), Type.Literal('replay')], { default: 'system' }),
    CONSUMER_GROUP: Type.String({ minLength: 1, default: 'campaign-goals' }),
    /** Partitions processed at once; per-(client, stream) locks keep them correct. */
    CONSUMER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 4 }),
    GOALS_ACHIEVED_TOPIC: Type.String({ minLength: 1, default: 'goals.achieved' }),
    /** Dead letters are also kept here, with the other failed events (event-contract.md). */
    BAD_EVENTS_TOPIC: Type.String({ minLength: 1, default: 'events.bad' }),
    /**
     * Where ad-hoc queries may go: `https://host[:port]`, `http://host:port`, `*.example.com`;
     * `+private` after an entry lets it reach private networks (docs/configuration.md).
     */
    ADHOC_ALLOWED_HOSTS: Type.String({ default: '' }),
    ADHOC_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 3_000 }),
    ADHOC_RETRIES: Type.Integer({ minimum: 0, maximum: 5, default: 2 }),
    /**
     * Per host of ad-hoc queries: failed calls in a row (timeouts, transport errors, 5xx) that
     * open its circuit, and how long its checks then answer false without calling it. Named apart
     * from campaign-core's ADHOC_BREAKER_*, which are per ad-hoc goal and count campaign-goals
     * itself failing.
     */
    ADHOC_HOST_BREAKER_FAILURES: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
    ADHOC_HOST_BREAKER_COOLDOWN_MS: Type.Integer({
      minimum: 10,
      maximum: 600_000,
      default: 30_000,
    }),
    /** HTTP FX provider (R9): GET with {{from}}, {{to}}, {{date}}; answers {"rate": number}. */
    FX_HTTP_URL_TEMPLATE: Type.Optional(Type.String({ pattern: '^https?://' })),
    /** Where the FX provider may be called; the format of ADHOC_ALLOWED_HOSTS. */
    FX_ALLOWED_HOSTS: Type.String({ default: '' }),
    FX_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 3_000 }),
    SWEEP_INTERVAL_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 60_000 }),
    OUTBOX_INTERVAL_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 1_000 }),
    /** How often other replicas' configuration changes are picked up. */
    CONFIG_REFRESH_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 5_000 }),
  }),
]);
export type GoalsConfig = Readonly<Static<typeof GoalsConfigSchema>>;

export function loadGoalsConfig(env: Record<string, string | undefined>): GoalsConfig {
  const config = loadConfig(GoalsConfigSchema, env);
  checkSecrets(
    { INTERNAL_API_TOKEN: config.INTERNAL_API_TOKEN },
    config.ALLOW_INSECURE_DEV_SECRETS,
  );
  if (!isValidTimeZone(config.TIME_ZONE))
    throw new Error(`TIME_ZONE: unknown IANA time zone "${config.TIME_ZONE}"`);
  if (config.FX_HTTP_URL_TEMPLATE && config.FX_ALLOWED_HOSTS.trim() === '') {
    throw new Error('FX_ALLOWED_HOSTS: list the FX provider host when FX_HTTP_URL_TEMPLATE is set');
  }
  allowListOf(config, 'ADHOC_ALLOWED_HOSTS');
  allowListOf(config, 'FX_ALLOWED_HOSTS');
  return config;
}

/** An allow-list variable parsed; a bad entry throws naming the variable (checked at load). */
export function allowListOf(
  config: GoalsConfig,
  variable: 'ADHOC_ALLOWED_HOSTS' | 'FX_ALLOWED_HOSTS',
): AllowList {
  return parseAllowList(config[variable], variable);
}
