import { parseApiKeys, digestKey } from './api-keys';
import { authorize, type Principal } from './roles';

const principal = (role: Principal['role'], clientId?: string): Principal => ({
  id: 'p',
  role,
  via: 'api-key',
  ...(clientId ? { clientId } : {}),
});

describe('authorize', () => {
  it('lets each role do what the roles below it do', () => {
    expect(authorize(principal('admin'), { role: 'operator' }, {}, undefined).ok).toBe(true);
    expect(authorize(principal('operator'), { role: 'viewer' }, {}, undefined).ok).toBe(true);
    expect(authorize(principal('viewer'), { role: 'operator' }, {}, undefined)).toEqual({
      ok: false,
      message: 'this operation needs the operator role',
    });
  });

  it('lets a customer reach only its own client, named in the path or in the body', () => {
    const customer = principal('customer', '42');
    const byPath = { role: 'viewer' as const, customerOwn: { param: 'clientId' } };
    expect(authorize(customer, byPath, { clientId: '42' }, undefined).ok).toBe(true);
    expect(authorize(customer, byPath, { clientId: '43' }, undefined).ok).toBe(false);
    const byBody = { role: 'operator' as const, customerOwn: { body: 'client-id' } };
    expect(authorize(customer, byBody, {}, { 'client-id': '42' }).ok).toBe(true);
    expect(authorize(customer, byBody, {}, { 'client-id': '43' }).ok).toBe(false);
    expect(authorize(customer, byBody, {}, 'not an object').ok).toBe(false);
    expect(authorize(customer, { role: 'viewer' }, { clientId: '42' }, undefined).ok).toBe(false);
  });
});

describe('parseApiKeys', () => {
  it('keeps digests, never the keys, with a secret-free id', () => {
    const table = parseApiKeys(JSON.stringify({ 'customer-key-0123456789': 'customer, 42' }));
    const entry = table.get(digestKey('customer-key-0123456789'));
    expect(entry).toMatchObject({ role: 'customer', clientId: '42', via: 'api-key' });
    expect(entry?.id).not.toContain('customer-key');
    expect([...table.keys()].join()).not.toContain('customer-key');
  });
});
