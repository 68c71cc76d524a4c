import type { FastifyRequest, preHandlerHookHandler } from 'fastify';
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
 * Callback hooks, not async ones: every request passes here, and an API key is checked without
 * waiting on anything; only a JWT goes through a promise.
 */
export function registerAuth(scope: HttpApp, settings: AuthSettings): void {
  scope.decorateRequest('principal', undefined);
  scope.addHook('onRequest', (request, _reply, done) => {
    if (settings.disabled) {
      request.principal = DEV_ADMIN;
      done();
      return;
    }
    let outcome: Principal | Promise<Principal>;
    try {
      outcome = authenticate(request, settings);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (outcome instanceof Promise) {
      outcome.then(
        (principal) => {
          request.principal = principal;
          done();
        },
        (error: Error) => done(error),
      );
      return;
    }
    request.principal = outcome;
    done();
  });
  // Each route's access is known when it is added: its check closes over it rather than reading
  // request.routeOptions (an object built on every read) per request.
  scope.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access) return;
    const check: preHandlerHookHandler = (request, _reply, done) => {
      const principal = request.principal;
      if (!principal) {
        done();
        return;
      }
      const decision = authorize(
        principal,
        access,
        request.params as Record<string, string>,
        request.body,
      );
      done(decision.ok ? undefined : new HttpError('FORBIDDEN', decision.message));
    };
    // A new array: Fastify shares the option arrays of a GET route with its HEAD twin.
    const own = route.preHandler;
    route.preHandler = own === undefined ? [check] : [check, ...(Array.isArray(own) ? own : [own])];
  });
}

/** Browsers' EventSource cannot send headers: the live stream alone takes `?access_token=`. */
const QUERY_TOKEN_ROUTES = new Set(['/v1/realtime/stream']);

function queryToken(request: FastifyRequest): string | undefined {
  if (!QUERY_TOKEN_ROUTES.has(request.routeOptions.url ?? '')) return undefined;
  const token = (request.query as { access_token?: unknown } | undefined)?.access_token;
  return typeof token === 'string' && token.length > 0 ? token : undefined;
}

/** An API key answers at once; only a JWT needs a promise. Failures throw HttpError 401. */
function authenticate(
  request: FastifyRequest,
  settings: AuthSettings,
): Principal | Promise<Principal> {
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string') return byApiKey(apiKey, settings.apiKeys);
  const bearer =
    /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? queryToken(request);
  if (!bearer)
    throw unauthorized('missing credentials: send Authorization: Bearer <token> or x-api-key');
  // A JWT has three dot-separated parts; anything else presented as a bearer is tried as an API key.
  if (bearer.split('.').length !== 3) return byApiKey(bearer, settings.apiKeys);
  if (!settings.jwt) throw unauthorized('bearer tokens are not accepted here; use an API key');
  return settings.jwt(bearer).then((outcome) => {
    if (!outcome.ok) throw unauthorized(outcome.message);
    return outcome.principal;
  });
}

function byApiKey(key: string, table: ApiKeyTable): Principal {
  const principal = table.get(digestKey(key));
  if (!principal) throw unauthorized('unknown API key');
  return principal;
}
