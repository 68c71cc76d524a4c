import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError } from '@tributary/http';

export const ROLES = ['customer', 'viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
const RANK: Record<Role, number> = { customer: 0, viewer: 1, operator: 2, admin: 3 };

export interface Caller {
  role: Role;
  /** Set for customers: the only client id they may read or join for. */
  clientId: string | undefined;
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The caller as query-api forwards it (campaign contract): x-internal-token proves the request
 * came through query-api, x-tributary-role and x-tributary-client-id say who it is. Without a
 * configured token the service runs open (local development): a missing role means admin.
 */
export function createGuard(internalToken: string | undefined) {
  function caller(request: FastifyRequest): Caller {
    if (
      internalToken !== undefined &&
      !sameSecret(header(request, 'x-internal-token'), internalToken)
    ) {
      throw new HttpError('UNAUTHORIZED', 'missing or wrong x-internal-token');
    }
    const role = header(request, 'x-tributary-role');
    if (role === undefined && internalToken === undefined)
      return { role: 'admin', clientId: undefined };
    if (!ROLES.includes(role as Role)) {
      throw new HttpError(
        'UNAUTHORIZED',
        'x-tributary-role must be one of customer, viewer, operator, admin',
      );
    }
    const clientId = header(request, 'x-tributary-client-id');
    if (role === 'customer' && !clientId) {
      throw new HttpError('UNAUTHORIZED', 'a customer caller needs x-tributary-client-id');
    }
    return { role: role as Role, clientId };
  }

  return {
    caller,
    /** The caller, if its role is at least `minimum`. */
    require(request: FastifyRequest, minimum: Role): Caller {
      const who = caller(request);
      if (RANK[who.role] < RANK[minimum]) {
        throw new HttpError('FORBIDDEN', `requires the ${minimum} role`);
      }
      return who;
    },
    /** Viewer and above read any client; a customer only itself. */
    requireClient(request: FastifyRequest, clientId: string): Caller {
      const who = caller(request);
      if (who.role === 'customer' && who.clientId !== clientId) {
        throw new HttpError('FORBIDDEN', 'a customer may only access its own client id');
      }
      return who;
    },
  };
}
export type Guard = ReturnType<typeof createGuard>;

export const isAtLeast = (caller: Caller, role: Role): boolean => RANK[caller.role] >= RANK[role];
