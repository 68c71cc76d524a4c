/** Role order: a customer sees only its own client; each later role includes the ones before. */
export const ROLES = ['customer', 'viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function rank(role: Role): number {
  return ROLES.indexOf(role);
}

export interface Principal {
  /** Stable, secret-free id of the caller: the rate-limit key and the log field. */
  id: string;
  role: Role;
  /** Customers only: the client whose data they may read and act for. */
  clientId?: string;
  via: 'jwt' | 'api-key' | 'auth-disabled';
}

/** What a route requires: a minimum role, and where a customer's own client id appears. */
export interface Access {
  role: Role;
  customerOwn?: { param: string } | { body: string };
}

export type Decision = { ok: true } | { ok: false; message: string };

export function authorize(
  principal: Principal,
  access: Access,
  params: Record<string, string | undefined>,
  body: unknown,
): Decision {
  if (rank(principal.role) >= rank(access.role)) return { ok: true };
  if (principal.role !== 'customer' || !access.customerOwn) {
    return { ok: false, message: `this operation needs the ${access.role} role` };
  }
  const own = access.customerOwn;
  const target = 'param' in own ? params[own.param] : fieldOf(body, own.body);
  if (principal.clientId !== undefined && target === principal.clientId) return { ok: true };
  return { ok: false, message: 'a customer token may only access its own client id' };
}

function fieldOf(body: unknown, field: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
