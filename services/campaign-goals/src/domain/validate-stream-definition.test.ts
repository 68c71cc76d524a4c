import type { StreamDefinition } from '@tributary/schemas';
import { validateStreamDefinition } from './validate-stream-definition';

const now = new Date('2021-11-01T00:00:00Z');
const zone = 'Europe/Istanbul';
const source = {
  topic: 'http://localhost:8082/topics/cdc_payments/pay',
  type: 'add',
  'client-id-path': 'data.custId',
  'amount-path': 'data.payment.invoice.amount',
  'currency-path': 'data.payment.invoice.currency',
};
const seed = {
  'stream-id': 1,
  title: 'Aylık Fatura Ödemesi',
  frequency: '0 0 1 * *',
  'target-currency': 'TRL',
  sources: [
    source,
    {
      ...source,
      topic: 'http://localhost:8082/topics/cdc_payments/cancels',
      type: 'subtract',
      span: ' 6:0:0:0',
    },
  ],
};
const withSource = (over: Record<string, unknown>): unknown => ({
  ...seed,
  sources: [{ ...source, ...over }],
});
const paths = (input: unknown, zoneName = zone): string[] => {
  const result = validateStreamDefinition(input, zoneName, now);
  return result.ok ? [] : result.issues.map((i) => i.path);
};

describe('validateStreamDefinition', () => {
  it("Given the seed's stream 1 Then it is valid as written", () => {
    expect(validateStreamDefinition(seed, zone, now)).toEqual({
      ok: true,
      value: seed as StreamDefinition,
    });
  });

  it('Given the extension paths and a string stream id Then it is valid', () => {
    const input = {
      ...seed,
      'stream-id': 'bills',
      sources: [{ ...source, 'timestamp-path': 'data.at', 'id-path': 'data.txn' }],
    };
    expect(paths(input)).toEqual([]);
  });

  it.each([
    [{ ...seed, frequency: '0 0 1 * * *' }, '/frequency'],
    [{ ...seed, frequency: '@monthly' }, '/frequency'],
    [{ ...seed, frequency: '0 0 31 2 *' }, '/frequency'],
    [{ ...seed, frequency: '61 0 1 * *' }, '/frequency'],
    [{ ...seed, 'target-currency': 'TL' }, '/target-currency'],
    [{ ...seed, 'target-currency': 'trl' }, '/target-currency'],
    [{ ...seed, sources: [] }, '/sources'],
    [{ ...seed, color: 'red' }, '/color'],
    [withSource({ span: '6 days' }), '/sources/0/span'],
    [withSource({ span: '-1:0:0:0' }), '/sources/0/span'],
    [withSource({ 'amount-path': 'data..amount' }), '/sources/0/amount-path'],
    [withSource({ 'client-id-path': 'data.[0]' }), '/sources/0/client-id-path'],
    [withSource({ 'timestamp-path': 'data at' }), '/sources/0/timestamp-path'],
    [withSource({ 'reference-path': 'data.original' }), '/sources/0/reference-path'],
    [withSource({ topic: 'http://localhost:8082/cdc_payments/pay' }), '/sources/0/topic'],
    [withSource({ topic: 'bad topic' }), '/sources/0/topic'],
    [withSource({ type: 'multiply' }), '/sources/0/type'],
    [{ ...seed, sources: [source, { ...source, type: 'subtract' }] }, '/sources/1/topic'],
  ])('Given a bad definition Then the issue names %#: %s', (input, path) => {
    expect(paths(input)).toContain(path);
  });

  it('Given an unknown configured zone Then the frequency is refused', () => {
    expect(paths(seed, 'Mars/Olympus')).toEqual(['/frequency']);
  });
});
