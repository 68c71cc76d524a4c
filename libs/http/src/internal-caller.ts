import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';
import { isRole, type Authenticate, type Principal } from './access';
import { HttpError } from './errors';

const digest = (value: string) => createHash('sha256').update(value).digest();

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The internal services' callers, as OpenAPI security schemes. */
export const INTERNAL_SECURITY: Record<string, OpenAPIV3.SecuritySchemeObject> = {
  internalToken: { type: 'apiKey', in: 'header', name: 'x-internal-token' },
};

/**
 * The caller of an internal service, as query-api (or a sibling service) forwards it:
 * `x-internal-token` proves the request came from inside, `x-tributary-role` and
 * `x-tributary-client-id` say on whose behalf. The token is required: an internal service has
 * no open mode.
 */
export function internalCaller(token: string): Authenticate {
  const expected = digest(token);
  return (request): Principal => {
    const presented = header(request, 'x-internal-token');
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      throw new HttpError('UNAUTHORIZED', 'missing or wrong x-internal-token');
    }
    const role = header(request, 'x-tributary-role');
    if (!isRole(role)) {
      throw new HttpError(
        'UNAUTHORIZED',
        'x-tributary-role must be one of customer, viewer, operator, admin',
      );
    }
    const clientId = header(request, 'x-tributary-client-id');
    if (role === 'customer' && !clientId) {
      throw new HttpError('UNAUTHORIZED', 'a customer caller needs x-tributary-client-id');
    }
    return {
      id: role === 'customer' ? `internal:customer:${String(clientId)}` : `internal:${role}`,
      role,
      ...(role === 'customer' ? { clientId } : {}),
      via: 'internal-token',
    };
  };
}

/**
 * The key of `Authorization: Basic base64(key:)`, as Segment's libraries send their write key:
 * the key is the user and the password is empty. Anything else (a password, no colon, not
 * base64) is refused rather than guessed at, so each producer has exactly one credential.
 */
function basicUserKey(authorization: string): string | undefined {
  const encoded = /^Basic\s+([A-Za-z0-9+/]+={0,2})$/i.exec(authorization)?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon !== decoded.length - 1) {
    throw new HttpError(
      'UNAUTHORIZED',
      'Basic credentials must be the API key as user and an empty password',
    );
  }
  return decoded.slice(0, colon);
}

/**
 * Producers present `x-api-key`, `Authorization: Bearer <key>`, or `Authorization: Basic` with the
 * key as user and an empty password (Segment's write-key scheme); compared by digest.
 */
export function apiKeyProducer(keys: readonly string[]): Authenticate {
  const known = keys.map(digest);
  return (request): Principal => {
    const given = header(request, 'x-api-key');
    const authorization = header(request, 'authorization') ?? '';
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const presented = given ?? bearer ?? basicUserKey(authorization);
    if (!presented) throw new HttpError('UNAUTHORIZED', 'missing API key (x-api-key header)');
    const candidate = digest(presented);
    const index = known.findIndex((k) => timingSafeEqual(k, candidate));
    if (index < 0) throw new HttpError('UNAUTHORIZED', 'unknown API key');
    return {
      id: `producer:${candidate.toString('hex').slice(0, 16)}`,
      role: 'producer',
      via: 'api-key',
    };
  };
}
