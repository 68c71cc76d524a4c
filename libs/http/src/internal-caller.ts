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

/** Producers present `x-api-key` (or `Authorization: Bearer <key>`); compared by digest. */
export function apiKeyProducer(keys: readonly string[]): Authenticate {
  const known = keys.map(digest);
  return (request): Principal => {
    const given = header(request, 'x-api-key');
    const bearer = /^Bearer\s+(\S+)$/i.exec(header(request, 'authorization') ?? '')?.[1];
    const presented = given ?? bearer;
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
