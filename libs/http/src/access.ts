import type { FastifyRequest } from 'fastify';

/** Role order: a customer sees only its own client; each later role includes the ones before. */
export const ROLES = ['customer', 'viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function rank(role: Role): number {
  return ROLES.indexOf(role);
}

/** Who is calling, once authenticated. */
export interface Principal {
  /** Stable, secret-free id of the caller: the rate-limit key and the log field. */
  id: string;
  /** `producer` is an event producer (ingest API key); it holds no reading role. */
  role: Role | 'producer';
  /** Customers only: the client whose data they may read and act for. */
  clientId?: string;
  /** How the caller proved who it is (api-key, jwt, internal-token, stream-ticket, ...). */
  via: string;
  /** Epoch ms after which the credential is no longer valid (tokens); long streams end there. */
  expiresAt?: number;
}

/**
 * Who may call a route, declared on every route as `config.access` (a route without one fails
 * at start). `public`: anyone (probes, docs, static files). `producer`: event producers.
 * A role: that role or a higher one; `customerOwn` also lets a customer in, for its own client
 * id only, named by a path parameter or a body field.
 */
export type Access = 'public' | 'producer' | RoleAccess;
export interface RoleAccess {
  role: Role;
  customerOwn?: { param: string } | { body: string };
}

export type Decision = { ok: true } | { ok: false; message: string };

/**
 * Whether `principal` may call a route of `access`. `body` is undefined until the body is read:
 * a decision that needs it (a customer's client id in the body) then answers `undefined`.
 */
export function authorize(
  principal: Principal,
  access: RoleAccess | 'producer',
  params: Record<string, string | undefined>,
  body?: { value: unknown },
): Decision | undefined {
  if (access === 'producer') {
    return principal.role === 'producer'
      ? { ok: true }
      : { ok: false, message: 'this operation needs a producer API key' };
  }
  if (principal.role === 'producer') {
    return { ok: false, message: `this operation needs the ${access.role} role` };
  }
  if (rank(principal.role) >= rank(access.role)) return { ok: true };
  if (principal.role !== 'customer' || !access.customerOwn) {
    return { ok: false, message: `this operation needs the ${access.role} role` };
  }
  const own = access.customerOwn;
  let target: string | undefined;
  if ('param' in own) target = params[own.param];
  else if (body === undefined) return undefined;
  else target = fieldOf(body.value, own.body);
  if (principal.clientId !== undefined && target === principal.clientId) return { ok: true };
  return { ok: false, message: 'a customer may only access its own client id' };
}

function fieldOf(body: unknown, field: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/**
 * Proves a caller's identity; throws an HttpError 401 when it cannot. A promise only where a
 * check must wait (a JWT's key, a stream ticket in Redis).
 */
export type Authenticate = (request: FastifyRequest) => Principal | Promise<Principal>;

export interface AccessSettings {
  /** Authenticates callers of role routes (API keys, JWTs, or the internal token). */
  caller?: Authenticate;
  /** Authenticates event producers (`producer` routes). */
  producer?: Authenticate;
  /** Failed authentications allowed per client address and minute before answering 429. */
  maxFailuresPerMinute?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** The declarations routes share. A client's own data is named `clientId` in every path. */
export const VIEWER: RoleAccess = { role: 'viewer' };
export const OPERATOR: RoleAccess = { role: 'operator' };
export const ADMIN: RoleAccess = { role: 'admin' };
/** Viewers read any client; a customer only its own (path parameter `clientId`). */
export const OWN_CLIENT: RoleAccess = { role: 'viewer', customerOwn: { param: 'clientId' } };
/** The same, with the client named by the body's `client-id` (the campaign contract's spelling). */
export const OWN_CLIENT_IN_BODY: RoleAccess = {
  role: 'viewer',
  customerOwn: { body: 'client-id' },
};
/** Any authenticated caller with a role, customers included. */
export const ANY_ROLE: RoleAccess = { role: 'customer' };

/** The authenticated caller of a role route (its access hook ran before the handler). */
export function callerOf(request: FastifyRequest): Principal & { role: Role } {
  const principal = request.principal;
  if (!principal || principal.role === 'producer') {
    throw new Error('callerOf: the route has no role access declared');
  }
  return principal as Principal & { role: Role };
}
