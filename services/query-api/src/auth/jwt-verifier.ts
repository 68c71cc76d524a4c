import type { JWTPayload, JWTVerifyOptions } from 'jose' with { 'resolution-mode': 'import' };
import { loadJose } from './load-jose';
import { isRole, type Principal } from './roles';

export interface JwtSettings {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export type JwtOutcome = { ok: true; principal: Principal } | { ok: false; message: string };
export type JwtVerifier = (token: string) => Promise<JwtOutcome>;

/** Built once: the key (or the JWKS cache) is shared by every request. */
export function createJwtVerifier(settings: JwtSettings): JwtVerifier | undefined {
  if (!settings.secret && !settings.jwksUrl) return undefined;
  const { createRemoteJWKSet, jwtVerify } = loadJose();
  const options: JWTVerifyOptions = {
    ...(settings.issuer ? { issuer: settings.issuer } : {}),
    ...(settings.audience ? { audience: settings.audience } : {}),
  };
  let verify: (token: string) => Promise<JWTPayload>;
  if (settings.secret) {
    const key = new TextEncoder().encode(settings.secret);
    verify = async (token) =>
      (await jwtVerify(token, key, { ...options, algorithms: ['HS256'] })).payload;
  } else if (settings.jwksUrl) {
    const jwks = createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 3_000 });
    verify = async (token) =>
      (
        await jwtVerify(token, jwks, {
          ...options,
          algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
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
      if ((error as { code?: unknown }).code === 'ERR_JWT_EXPIRED')
        return { ok: false, message: 'token expired' };
      return { ok: false, message: 'invalid token' };
    }
    return principalOf(payload);
  };
}

function principalOf(payload: JWTPayload): JwtOutcome {
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
    },
  };
}
