import { Type, type Static } from '@sinclair/typebox';
import {
  InternalTokenEnv,
  LogEnv,
  MetricsEnv,
  PostgresEnv,
  RedisEnv,
  SecretsEnv,
  checkSecrets,
  httpEnv,
  loadConfig,
  splitList,
} from '@tributary/config';
import { ATTRIBUTION_MODEL_IDS } from '@tributary/schemas';
import { parseApiKeys, type ApiKeyTable } from './auth/api-keys';

const Url = Type.String({ pattern: '^https?://' });

export const QueryConfigSchema = Type.Composite([
  LogEnv,
  PostgresEnv,
  RedisEnv,
  InternalTokenEnv,
  SecretsEnv,
  MetricsEnv,
  httpEnv(8080, 0.01),
  Type.Object({
    /** HS256 secret for bearer JWTs (at least 32 characters). */
    JWT_SECRET: Type.Optional(Type.String({ minLength: 32 })),
    /** A JWKS endpoint for asymmetric bearer JWTs (RS256, ES256, EdDSA). */
    JWKS_URL: Type.Optional(Url),
    JWT_ISSUER: Type.Optional(Type.String({ minLength: 1 })),
    JWT_AUDIENCE: Type.Optional(Type.String({ minLength: 1 })),
    /** The longest a JWT may still be valid for when presented; every JWT must carry `exp`. */
    JWT_MAX_LIFETIME_SECONDS: Type.Integer({ minimum: 60, maximum: 604_800, default: 86_400 }),
    /** Comma-separated algorithms accepted from JWKS_URL's keys. */
    JWT_ALGORITHMS: Type.String({ minLength: 1, default: 'RS256,PS256,ES256,EdDSA' }),
    /** Lifetime of a single-use live-stream ticket. */
    STREAM_TICKET_TTL_SECONDS: Type.Integer({ minimum: 5, maximum: 600, default: 30 }),
    /** JSON object: API key -> "role" or "role,client-id" (customer keys name their client). */
    API_KEYS_JSON: Type.String({ default: '{}' }),
    /** Comma-separated allowed origins; empty disables CORS. */
    CORS_ORIGINS: Type.String({ default: '' }),
    RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 600 }),
    CAMPAIGN_GOALS_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:8083' }),
    CAMPAIGN_CORE_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:8084' }),
    ATTRIBUTION_ENGINE_URL: Type.String({
      pattern: '^https?://',
      default: 'http://127.0.0.1:9094',
    }),
    /** Runs erasures and access exports (docs/privacy.md). */
    JOURNEY_STITCHER_URL: Type.String({
      pattern: '^https?://',
      default: 'http://127.0.0.1:9091',
    }),
    UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 5_000 }),
    /** The built dashboard (npx vite build services/query-api/web); default: web/dist beside src. */
    DASHBOARD_DIR: Type.Optional(Type.String({ minLength: 1 })),
    STORE_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 2_000 }),
    /** Which model `smart` names. */
    SMART_MODEL: Type.Union(
      ATTRIBUTION_MODEL_IDS.map((id) => Type.Literal(id)),
      { default: 'markov' },
    ),
    /**
     * The demo generator's truth.json: serves GET /v1/attribution/truth (models against the
     * synthetic data's true channel effects). Unset (production): that route answers 404.
     */
    ATTRIBUTION_TRUTH_FILE: Type.Optional(Type.String({ minLength: 1 })),
    /** How long a replica trusts its copy of the latest-run pointer before asking Redis again. */
    ATTRIBUTION_POINTER_TTL_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 1_000 }),
    CACHE_MAX_AGE_SECONDS: Type.Integer({ minimum: 0, maximum: 86_400, default: 60 }),
    SSE_INTERVAL_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 1_000 }),
    TRUST_PROXY: Type.Boolean({ default: false }),
  }),
]);
export type QueryConfig = Readonly<Static<typeof QueryConfigSchema>>;

export interface LoadedQueryConfig {
  config: QueryConfig;
  apiKeys: ApiKeyTable;
}

/** Validates once at start; a bad value fails naming its variable. */
export function loadQueryConfig(env: Record<string, string | undefined>): LoadedQueryConfig {
  const config = loadConfig(QueryConfigSchema, env);
  const apiKeys = parseApiKeys(config.API_KEYS_JSON, config.ALLOW_INSECURE_DEV_SECRETS);
  checkSecrets(
    { INTERNAL_API_TOKEN: config.INTERNAL_API_TOKEN, JWT_SECRET: config.JWT_SECRET },
    config.ALLOW_INSECURE_DEV_SECRETS,
  );
  if (splitList(config.JWT_ALGORITHMS).some((alg) => alg === 'none' || alg.startsWith('HS'))) {
    throw new Error('JWT_ALGORITHMS: only asymmetric algorithms are accepted from a JWKS');
  }
  if (config.JWT_SECRET && config.JWKS_URL) {
    throw new Error('JWT_SECRET, JWKS_URL: set one of them, not both');
  }
  const anyAuth =
    config.JWT_SECRET !== undefined || config.JWKS_URL !== undefined || apiKeys.size > 0;
  if (!anyAuth) {
    throw new Error('API_KEYS_JSON: configure API keys, JWT_SECRET or JWKS_URL');
  }
  return { config, apiKeys };
}
