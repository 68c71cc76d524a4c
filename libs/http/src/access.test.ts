import { authorize, type Principal } from './access';

const principal = (role: Principal['role'], clientId?: string): Principal => ({
  id: 'p',
  role,
  via: 'api-key',
  ...(clientId ? { clientId } : {}),
});

describe('authorize', () => {
  it('lets each role do what the roles below it do', () => {
    expect(authorize(principal('admin'), { role: 'operator' }, {})).toEqual({ ok: true });
    expect(authorize(principal('operator'), { role: 'viewer' }, {})).toEqual({ ok: true });
    expect(authorize(principal('viewer'), { role: 'operator' }, {})).toEqual({
      ok: false,
      message: 'this operation needs the operator role',
    });
  });

  it('keeps producers and readers apart', () => {
    expect(authorize(principal('producer'), 'producer', {})).toEqual({ ok: true });
    expect(authorize(principal('admin'), 'producer', {})?.ok).toBe(false);
    expect(authorize(principal('producer'), { role: 'customer' }, {})?.ok).toBe(false);
  });

  it('lets a customer reach only its own client, named in the path or in the body', () => {
    const customer = principal('customer', '42');
    const byPath = { role: 'viewer' as const, customerOwn: { param: 'clientId' } };
    expect(authorize(customer, byPath, { clientId: '42' })?.ok).toBe(true);
    expect(authorize(customer, byPath, { clientId: '43' })?.ok).toBe(false);
    const byBody = { role: 'operator' as const, customerOwn: { body: 'client-id' } };
    // Undecided until the body is read.
    expect(authorize(customer, byBody, {})).toBeUndefined();
    expect(authorize(customer, byBody, {}, { value: { 'client-id': '42' } })?.ok).toBe(true);
    expect(authorize(customer, byBody, {}, { value: { 'client-id': '43' } })?.ok).toBe(false);
    expect(authorize(customer, byBody, {}, { value: 'not an object' })?.ok).toBe(false);
    expect(authorize(customer, { role: 'viewer' }, { clientId: '42' })?.ok).toBe(false);
  });
});
