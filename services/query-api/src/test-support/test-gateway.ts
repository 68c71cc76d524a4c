import type { HttpApp } from '@tributary/http';
import { createMetricsRegistry } from '@tributary/metrics';
import type { Pool } from '@tributary/postgres';
import type { Redis } from '@tributary/redis';
import { testLogger } from '@tributary/testing';
import { loadJose } from '../auth/load-jose';
import { buildApp, type AppDeps } from '../app';
import { loadQueryConfig } from '../config';

export const JWT_SECRET = 'a-test-secret-that-is-long-enough-0123456789';
export const KEYS = {
  viewer: 'viewer-key-0123456789',
  operator: 'operator-key-0123456789',
  admin: 'admin-key-0123456789',
  customer42: 'customer-42-key-0123456789',
} as const;
export const API_KEYS_JSON = JSON.stringify({
  [KEYS.viewer]: 'viewer',
  [KEYS.operator]: 'operator',
  [KEYS.admin]: 'admin',
  [KEYS.customer42]: 'customer,42',
});

export interface GatewayOptions {
  redis: Redis;
  pool: Pool;
  env?: Record<string, string>;
  deps?: Partial<AppDeps>;
}

/** The real app over the test's Redis and database; campaign services point at stubs. */
export async function buildTestGateway(options: GatewayOptions): Promise<HttpApp> {
  const loaded = loadQueryConfig({
    JWT_SECRET,
    API_KEYS_JSON,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const app = await buildApp({
    ...loaded,
    logger: testLogger('query-api'),
    metrics: createMetricsRegistry('query-api', false),
    redis: options.redis,
    pool: options.pool,
    ...options.deps,
  });
  await app.ready();
  return app;
}

export async function signToken(
  claims: Record<string, unknown>,
  expiresIn = '5m',
  secret = JWT_SECRET,
): Promise<string> {
  const { SignJWT } = loadJose();
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

export const asKey = (key: string) => ({ 'x-api-key': key });
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
