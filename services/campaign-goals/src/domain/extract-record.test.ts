import { extractRecord } from './extract-record';
import { parsePath } from './read-path';
import type { SourceConfig } from './stream-config';

const steps = (text: string): (string | number)[] => {
  const parsed = parsePath(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.steps;
};
const seedSource: SourceConfig = {
  topic: 'cdc_payments.pay',
  type: 'add',
  spanMs: 0,
  clientIdPath: steps('data.custId'),
  amountPath: steps('data.payment.invoice.amount'),
  currencyPath: steps('data.payment.invoice.currency'),
};
const kafkaTime = new Date('2021-11-23T09:00:00Z');
const payment = (
  invoice: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): unknown => ({
  data: { custId: 3855206900, payment: { invoice }, ...extra },
});

describe('extractRecord', () => {
  it('Given a seed-shaped payment Then client, amount, currency and the Kafka time are read', () => {
    const result = extractRecord(seedSource, payment({ amount: 200, currency: 'TRL' }), kafkaTime);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.record.clientId).toBe('3855206900');
    expect(result.record.amount.toString()).toBe('200');
    expect(result.record.currency).toBe('TRL');
    expect(result.record.eventTime).toEqual(kafkaTime);
    expect(result.record.reference).toBeUndefined();
  });

  it('Given a timestamp-path, reference-path and id-path Then they are read', () => {
    const source: SourceConfig = {
      ...seedSource,
      timestampPath: steps('data.at'),
      referencePath: steps('data.original'),
      idPath: steps('data.txn'),
    };
    const result = extractRecord(
      source,
      payment(
        { amount: '12.50', currency: 'usd' },
        { at: '2021-11-05T10:00:00+03:00', original: 77, txn: 'T-9' },
      ),
      kafkaTime,
    );
    expect(result).toMatchObject({
      ok: true,
      record: {
        currency: 'USD',
        eventTime: new Date('2021-11-05T07:00:00Z'),
        reference: '77',
        recordId: 'T-9',
      },
    });
  });

  it('Given an epoch-millisecond timestamp Then it is the event time', () => {
    const source: SourceConfig = { ...seedSource, timestampPath: steps('data.at') };
    const result = extractRecord(
      source,
      payment({ amount: 1, currency: 'TRL' }, { at: 1636102800000 }),
      kafkaTime,
    );
    expect(result).toMatchObject({ ok: true, record: { eventTime: new Date(1636102800000) } });
  });

  it.each([
    [payment({ currency: 'TRL' }), 'amount missing at data.payment.invoice.amount'],
    [payment({ amount: 'ten', currency: 'TRL' }), 'amount: "ten" is not a decimal'],
    [payment({ amount: true, currency: 'TRL' }), 'amount: expected a decimal, got boolean'],
    [payment({ amount: -5, currency: 'TRL' }), 'amount is negative'],
    [payment({ amount: 5, currency: 'TL' }), 'currency must be a 3-letter code'],
    [payment({ amount: 5 }), 'currency missing at data.payment.invoice.currency'],
    [
      { data: { payment: { invoice: { amount: 5, currency: 'TRL' } } } },
      'client id missing at data.custId',
    ],
    [
      { data: { custId: {}, payment: { invoice: { amount: 5, currency: 'TRL' } } } },
      'client id must be',
    ],
    ['not an object', 'client id missing at data'],
  ])('Given a bad payload Then the reason is "%s"', (body, reason) => {
    const result = extractRecord(seedSource, body, kafkaTime);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  // The id contract: a record that cannot become a valid goals.achieved message or a PostgreSQL
  // row is refused at extraction, with its reason, rather than stalling or vanishing downstream.
  it.each([
    [{ custId: 'c'.repeat(65) }, 'client id is 65 characters, the limit is 64'],
    [{ custId: 'nul\u0000client' }, 'client id contains a control character'],
    [{ custId: 'x', at: 9e15 }, 'timestamp'],
    [{ custId: 'x', at: -8.64e15 - 1 }, 'timestamp'],
    [{ custId: 'x', txn: 'T\u00009' }, 'record id contains a control character'],
    [{ custId: 'x', original: 'R\u00001' }, 'reference contains a control character'],
  ])('Given %j Then the record is refused: %s', (data, reason) => {
    const source: SourceConfig = {
      ...seedSource,
      timestampPath: steps('data.at'),
      referencePath: steps('data.original'),
      idPath: steps('data.txn'),
    };
    const body = {
      data: {
        at: 1636102800000,
        original: 'R1',
        txn: 'T1',
        ...data,
        payment: { invoice: { amount: 5, currency: 'TRL' } },
      },
    };
    const result = extractRecord(source, body, kafkaTime);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(reason) });
  });

  it('Given an amount above the contract (1e15) Then it is refused', () => {
    const result = extractRecord(
      seedSource,
      payment({ amount: '1000000000000001', currency: 'TRL' }),
      kafkaTime,
    );
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('amount') });
  });

  it('Given a 64-character client id and the latest valid date Then they are read', () => {
    const source: SourceConfig = { ...seedSource, timestampPath: steps('data.at') };
    const body = {
      data: {
        custId: 'c'.repeat(64),
        at: 8.64e15,
        payment: { invoice: { amount: 5, currency: 'TRL' } },
      },
    };
    expect(extractRecord(source, body, kafkaTime)).toMatchObject({ ok: true });
  });

  it('Given a timestamp without an offset Then it is refused (it would depend on the host zone)', () => {
    const source: SourceConfig = { ...seedSource, timestampPath: steps('data.at') };
    const result = extractRecord(
      source,
      payment({ amount: 1, currency: 'TRL' }, { at: '2021-11-05T10:00:00' }),
      kafkaTime,
    );
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('timestamp') });
  });
});
