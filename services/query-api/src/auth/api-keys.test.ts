import { digestKey, parseApiKeys } from './api-keys';

describe('parseApiKeys', () => {
  it('keeps digests, never the keys, with a secret-free id', () => {
    const key = 'tst-customer-Qm7Xv2Kp9Lr4Wc8Nz3Hb6Tj1Gd5y';
    const table = parseApiKeys(JSON.stringify({ [key]: 'customer, 42' }));
    const entry = table.get(digestKey(key));
    expect(entry).toMatchObject({ role: 'customer', clientId: '42', via: 'api-key' });
    expect(entry?.id).not.toContain('tst-customer');
    expect([...table.keys()].join()).not.toContain('tst-customer');
  });
});
