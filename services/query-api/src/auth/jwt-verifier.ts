import type { JWTPayload, JWTVerifyOptions } from 'jose' with { 'resolution-mode': 'import' };
import { loadJose } from './load-jose';
import { isRole, type Principal } from '@tributary/http';

export interface JwtSettings {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** The longest a token may still be valid for; a token must carry `exp`. */
  maxLifetimeSeconds: number;
  /** Algorithms accepted from the JWKS (each key's own `alg` is also enforced by jose). */
  jwksAlgorithms?: readonly string[];
  now?: () => number;
}

export type JwtOutcome = { ok: true; principal: Principal } | { ok: false; message: string };
export type JwtVerifier = (token: string) => Promise<JwtOutcome>;

/** Built once: the key (or the JWKS cache) is shared by every request. */
export function createJwtVerifier(settings: JwtSettings): JwtVerifier | undefined {
  if (!settings.secret && !settings.jwksUrl) return undefined;
  const { createRemoteJWKSet, jwtVerify } = loadJose();
  const now = settings.now ?? Date.now;
  const options: JWTVerifyOptions = {
    ...(settings.issuer ? { issuer: settings.issuer } : {}),
    ...(settings.audience ? { audience: settings.audience } : {}),
    // A token without an expiry would be valid forever once leaked.
    requiredClaims: ['exp'],
  };
  let verify: (token: string) => Promise<JWTPayload>;
  if (settings.secret) {
    const key = new TextEncoder().encode(settings.secret);
    verify = async (token) =>
      (
        await jwtVerify(token, key, {
          ...options,
          currentDate: new Date(now()),
          algorithms: ['HS256'],
        })
      ).payload;
  } else if (settings.jwksUrl) {
    const jwks = createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 3_000 });
    verify = async (token) =>
      (
        await jwtVerify(token, jwks, {
          ...options,
          currentDate: new Date(now()),
          algorithms: [...(settings.jwksAlgorithms ?? ['RS256', 'PS256', 'ES256', 'EdDSA'])],
        })
      ).payload;
  } else {
    return undefined;
  }
  return async (token) => {
    let payload: JWTPayload;
    try {
      payload = await verify(token);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'ERR_JWT_EXPIRED') return { ok: false, message: 'token expired' };
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
        return { ok: false, message: `token rejected: ${(error as Error).message}` };
      }
      return { ok: false, message: 'invalid token' };
    }
    const expiresAt = (payload.exp as number) * 1000;
    if (expiresAt - now() > settings.maxLifetimeSeconds * 1000) {
      return {
        ok: false,
        message: `token lives longer than the allowed ${settings.maxLifetimeSeconds} seconds`,
      };
    }
    return principalOf(payload, expiresAt);
  };
}

function principalOf(payload: JWTPayload, expiresAt: number): JwtOutcome {
  const role = payload.role;
  if (!isRole(role)) return { ok: false, message: 'token has no valid role claim' };
  const clientId = payload.client_id;
  if (role === 'customer' && (typeof clientId !== 'string' || clientId === '')) {
    return { ok: false, message: 'customer token has no client_id claim' };
  }
  const subject = payload.sub ?? (typeof clientId === 'string' ? clientId : 'anonymous');
  return {
    ok: true,
    principal: {
      id: `jwt:${subject}`,
      role,
      ...(role === 'customer' ? { clientId: clientId as string } : {}),
      via: 'jwt',
      expiresAt,
    },
  };
}
