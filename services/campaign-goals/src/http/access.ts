import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError } from '@tributary/http';

const ROLES = ['customer', 'viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const digest = (value: string) => createHash('sha256').update(value).digest();

export type Authorize = (request: FastifyRequest, least: Role, clientId?: string) => void;

/**
 * The contract's trust model: query-api authenticates and forwards x-tributary-role,
 * x-tributary-client-id and x-internal-token. Without INTERNAL_API_TOKEN the service runs open
 * (local development): a request without a role is treated as admin.
 */
export function createAuthorize(token: string | undefined): Authorize {
  const expected = token === undefined ? undefined : digest(token);
  return (request, least, clientId) => {
    const header = (name: string) => {
      const value = request.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    if (expected) {
      const presented = header('x-internal-token');
      if (!presented || !timingSafeEqual(digest(presented), expected)) {
        throw new HttpError('UNAUTHORIZED', 'missing or wrong x-internal-token');
      }
    }
    const given = header('x-tributary-role');
    const role: Role | undefined =
      given === undefined ? (expected ? undefined : 'admin') : ROLES.find((r) => r === given);
    if (!role) throw new HttpError('FORBIDDEN', 'x-tributary-role is missing or unknown');
    if (role === 'customer') {
      const own = header('x-tributary-client-id');
      if (least === 'customer' && clientId !== undefined && own === clientId) return;
      throw new HttpError('FORBIDDEN', 'a customer may only read its own data');
    }
    if (ROLES.indexOf(role) < ROLES.indexOf(least === 'customer' ? 'viewer' : least)) {
      throw new HttpError('FORBIDDEN', `the ${least} role is required`);
    }
  };
}
