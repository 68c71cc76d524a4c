import type { HttpApp } from '@tributary/http';
import { createMetricsRegistry } from '@tributary/metrics';
import type { Pool } from '@tributary/postgres';
import type { Redis } from '@tributary/redis';
import { TEST_SECRETS, testLogger } from '@tributary/testing';
import { loadJose } from '../auth/load-jose';
import { buildApp, type AppDeps } from '../app';
import { loadQueryConfig } from '../config';

export const JWT_SECRET = TEST_SECRETS.jwtSecret;
// Random-looking on purpose: the service refuses weak keys, and tests run its real checks.
export const KEYS = {
  viewer: 'tst-viewer-Rk7Qp2Wm9Xc4Lv8Nz3Hb6Tj1Gf5y',
  operator: 'tst-operator-Mv3Kq8Xz1Wp6Lc9Rb4Nt7Hj2Gd5s',
  admin: 'tst-admin-Zq5Lm2Xv8Kp3Wc7Rn1Hb9Tj4Gf6d',
  customer42: 'tst-customer42-Pw4Nk9Xq2Lm7Vc1Rz6Hb3Tj8Gs5',
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
    INTERNAL_API_TOKEN: TEST_SECRETS.internalToken,
    METRICS_PUBLIC: 'true',
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
  secret: string = JWT_SECRET,
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
