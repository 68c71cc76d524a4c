import { Type, type Static } from '@sinclair/typebox';
import { LogEnv, PostgresEnv, RedisEnv, httpEnv, loadConfig } from '@tributary/config';
import { ATTRIBUTION_MODEL_IDS } from '@tributary/schemas';
import { parseApiKeys, type ApiKeyTable } from './auth/api-keys';

const Url = Type.String({ pattern: '^https?://' });

export const QueryConfigSchema = Type.Composite([
  LogEnv,
  PostgresEnv,
  RedisEnv,
  httpEnv(8080),
  Type.Object({
    /** HS256 secret for bearer JWTs (at least 32 characters). */
    JWT_SECRET: Type.Optional(Type.String({ minLength: 32 })),
    /** A JWKS endpoint for asymmetric bearer JWTs (RS256, ES256, EdDSA). */
    JWKS_URL: Type.Optional(Url),
    JWT_ISSUER: Type.Optional(Type.String({ minLength: 1 })),
    JWT_AUDIENCE: Type.Optional(Type.String({ minLength: 1 })),
    /** JSON object: API key -> "role" or "role,client-id" (customer keys name their client). */
    API_KEYS_JSON: Type.String({ default: '{}' }),
    /** Local development only: every request acts as admin. */
    AUTH_DISABLED: Type.Boolean({ default: false }),
    /** Comma-separated allowed origins; empty disables CORS. */
    CORS_ORIGINS: Type.String({ default: '' }),
    RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 600 }),
    CAMPAIGN_GOALS_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:8083' }),
    CAMPAIGN_CORE_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:8084' }),
    ATTRIBUTION_ENGINE_URL: Type.String({
      pattern: '^https?://',
      default: 'http://127.0.0.1:9094',
    }),
    /** Shared secret the campaign and attribution services expect in x-internal-token. */
    INTERNAL_API_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
    UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 5_000 }),
    /** The built dashboard (npx vite build services/query-api/web); default: web/dist beside src. */
    DASHBOARD_DIR: Type.Optional(Type.String({ minLength: 1 })),
    STORE_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 2_000 }),
    /** Which model `smart` names. */
    SMART_MODEL: Type.Union(
      ATTRIBUTION_MODEL_IDS.map((id) => Type.Literal(id)),
      { default: 'markov' },
    ),
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
  const apiKeys = parseApiKeys(config.API_KEYS_JSON);
  if (config.JWT_SECRET && config.JWKS_URL) {
    throw new Error('JWT_SECRET, JWKS_URL: set one of them, not both');
  }
  const anyAuth =
    config.JWT_SECRET !== undefined || config.JWKS_URL !== undefined || apiKeys.size > 0;
  if (!config.AUTH_DISABLED && !anyAuth) {
    throw new Error(
      'API_KEYS_JSON: configure API keys, JWT_SECRET or JWKS_URL (or AUTH_DISABLED=true for local development)',
    );
  }
  return { config, apiKeys };
}
