import type { FastifyRequest } from 'fastify';
import { HttpError, type HttpApp } from '@tributary/http';
import { digestKey, type ApiKeyTable } from './api-keys';
import type { JwtVerifier } from './jwt-verifier';
import { authorize, type Access, type Principal } from './roles';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

export interface AuthSettings {
  apiKeys: ApiKeyTable;
  jwt?: JwtVerifier;
  disabled: boolean;
}

const DEV_ADMIN: Principal = { id: 'auth-disabled', role: 'admin', via: 'auth-disabled' };
const unauthorized = (message: string) =>
  new HttpError('UNAUTHORIZED', message, undefined, { 'www-authenticate': 'Bearer' });

/**
 * Authenticates in onRequest (before the body is read) and authorizes in preHandler (after it
 * is parsed, as joining names its client in the body). Applies to the routes of `scope` only.
 */
export function registerAuth(scope: HttpApp, settings: AuthSettings): void {
  scope.decorateRequest('principal', undefined);
  scope.addHook('onRequest', async (request) => {
    request.principal = settings.disabled ? DEV_ADMIN : await authenticate(request, settings);
  });
  scope.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    const principal = request.principal;
    if (!access || !principal) return;
    const decision = authorize(
      principal,
      access,
      request.params as Record<string, string>,
      request.body,
    );
    if (!decision.ok) throw new HttpError('FORBIDDEN', decision.message);
  });
}

/** Browsers' EventSource cannot send headers: the live stream alone takes `?access_token=`. */
const QUERY_TOKEN_ROUTES = new Set(['/v1/realtime/stream']);

function queryToken(request: FastifyRequest): string | undefined {
  if (!QUERY_TOKEN_ROUTES.has(request.routeOptions.url ?? '')) return undefined;
  const token = (request.query as { access_token?: unknown } | undefined)?.access_token;
  return typeof token === 'string' && token.length > 0 ? token : undefined;
}

async function authenticate(request: FastifyRequest, settings: AuthSettings): Promise<Principal> {
  const apiKey = request.headers['x-api-key'];
  const bearer =
    /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? queryToken(request);
  if (typeof apiKey === 'string') return byApiKey(apiKey, settings.apiKeys);
  if (!bearer)
    throw unauthorized('missing credentials: send Authorization: Bearer <token> or x-api-key');
  // A JWT has three dot-separated parts; anything else presented as a bearer is tried as an API key.
  if (bearer.split('.').length !== 3) return byApiKey(bearer, settings.apiKeys);
  if (!settings.jwt) throw unauthorized('bearer tokens are not accepted here; use an API key');
  const outcome = await settings.jwt(bearer);
  if (!outcome.ok) throw unauthorized(outcome.message);
  return outcome.principal;
}

function byApiKey(key: string, table: ApiKeyTable): Principal {
  const principal = table.get(digestKey(key));
  if (!principal) throw unauthorized('unknown API key');
  return principal;
}
