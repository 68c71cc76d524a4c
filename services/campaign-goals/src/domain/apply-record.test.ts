import type { StreamDefinition } from '@tributary/schemas';
import {
  applyRecord,
  candidatePeriods,
  type Application,
  type RecordToApply,
} from './apply-record';
import { Money } from './money';
import { toStreamConfig } from './stream-config';
import { rowsToComplete, type StreamRow } from './stream-row';

const seedStream: StreamDefinition = {
  'stream-id': 1,
  title: 'Aylık Fatura Ödemesi',
  frequency: '0 0 1 * *',
  'target-currency': 'TRL',
  sources: [
    {
      topic: 'http://localhost:8082/topics/cdc_payments/pay',
      type: 'add',
      'client-id-path': 'data.custId',
      'amount-path': 'data.payment.invoice.amount',
      'currency-path': 'data.payment.invoice.currency',
    },
    {
      topic: 'http://localhost:8082/topics/cdc_payments/cancels',
      type: 'subtract',
      'client-id-path': 'data.custId',
      'amount-path': 'data.payment.invoice.amount',
      'currency-path': 'data.payment.invoice.currency',
      span: ' 6:0:0:0',
    },
  ],
};
const config = toStreamConfig(seedStream, 'Europe/Istanbul');
const SIX_DAYS = 6 * 86_400_000;
const client = '3855206900';

const add = (at: string, amount: string): RecordToApply => ({
  type: 'add',
  spanMs: 0,
  clientId: client,
  eventTime: new Date(at),
  converted: new Money(amount),
});
const cancel = (at: string, amount: string, extra: Partial<RecordToApply> = {}): RecordToApply => ({
  type: 'subtract',
  spanMs: SIX_DAYS,
  clientId: client,
  eventTime: new Date(at),
  converted: new Money(amount),
  ...extra,
});
const applied = (result: Application): StreamRow => {
  if (!result.applied) throw new Error(`not applied: ${result.detail}`);
  return result.row;
};
/** A November row at 500 in 3, as if three payments had been applied. */
const novemberRow = (): StreamRow => ({
  ...applied(
    applyRecord(config, [], add('2021-11-10T10:00:00Z', '500'), new Date('2021-11-10T10:00:00Z')),
  ),
  times: 3,
});
const december = '2021-12-01';

describe('applyRecord: adds (R3, R6, R7)', () => {
  it('Given no row When the first payment arrives Then it creates the period row in progress', () => {
    const row = applied(
      applyRecord(config, [], add('2021-11-02T08:00:00Z', '100'), new Date('2021-11-02T08:00:01Z')),
    );
    expect(row).toMatchObject({
      clientId: client,
      streamId: '1',
      state: 'in-progress',
      currency: 'TRL',
      times: 1,
    });
    expect(row.amount.toString()).toBe('100');
    expect([row.period.begin, row.period.end, row.fullEnd]).toEqual([
      '2021-11-01',
      '2021-11-30',
      '2021-12-06',
    ]);
  });

  it('Given a row When another payment arrives Then Amount and Times grow, before is reported', () => {
    const before = novemberRow();
    const result = applyRecord(
      config,
      [before],
      add('2021-11-20T10:00:00Z', '0.10'),
      new Date('2021-11-20T10:00:00Z'),
    );
    expect(result).toMatchObject({ applied: true, before });
    expect(applied(result).amount.toString()).toBe('500.1');
    expect(applied(result).times).toBe(4);
  });

  it('Given a payment of November delivered during the span Then it still counts for November', () => {
    const result = applyRecord(
      config,
      [novemberRow()],
      add('2021-11-30T20:00:00Z', '50'),
      new Date('2021-12-03T00:00:00Z'),
    );
    expect(applied(result).period.begin).toBe('2021-11-01');
  });

  it('Given a payment of a completed period Then it is late and not applied', () => {
    const result = applyRecord(
      config,
      [novemberRow()],
      add('2021-11-29T10:00:00Z', '50'),
      new Date('2021-12-06T21:00:00Z'),
    );
    expect(result).toMatchObject({
      applied: false,
      reason: 'late-add',
      period: { begin: '2021-11-01' },
    });
  });

  it('Given a payment for a period already past its Full End with no row Then it is late (no row appears)', () => {
    const result = applyRecord(
      config,
      [],
      add('2021-10-15T10:00:00Z', '50'),
      new Date('2021-12-01T00:00:00Z'),
    );
    expect(result).toMatchObject({
      applied: false,
      reason: 'late-add',
      period: { begin: '2021-10-01' },
    });
  });

  it('Given rows of other clients Then they are never touched', () => {
    const other = { ...novemberRow(), clientId: 'someone-else' };
    const result = applyRecord(
      config,
      [other],
      add('2021-11-20T10:00:00Z', '1'),
      new Date('2021-11-20T10:00:00Z'),
    );
    expect(result).toMatchObject({ applied: true, before: undefined });
    expect(applied(result).amount.toString()).toBe('1');
  });
});

describe('applyRecord: cancellations without reference (R5, R6)', () => {
  it('Given an open November and a cancel on 3 December (inside the span) Then November is corrected', () => {
    const result = applyRecord(
      config,
      [novemberRow()],
      cancel('2021-12-03T10:00:00Z', '150'),
      new Date('2021-12-03T10:00:00Z'),
    );
    const row = applied(result);
    expect(row.period.begin).toBe('2021-11-01');
    expect(row.amount.toString()).toBe('350');
    expect(row.times).toBe(2);
  });

  it('Given a cancel at exactly End + span Then it goes to the current period, not November', () => {
    // End instant 2021-11-30T21:00Z + 6 days = 2021-12-06T21:00Z; November is also completed then.
    const result = applyRecord(
      config,
      [novemberRow()],
      cancel('2021-12-06T21:00:00Z', '150'),
      new Date('2021-12-06T20:59:00Z'),
    );
    expect(applied(result).period.begin).toBe(december);
  });

  it('Given a cancel after Full End Then it goes to the current period', () => {
    const result = applyRecord(
      config,
      [novemberRow()],
      cancel('2021-12-10T10:00:00Z', '150'),
      new Date('2021-12-10T10:00:00Z'),
    );
    const row = applied(result);
    expect(row.period.begin).toBe(december);
    expect(row.amount.toString()).toBe('-150');
    expect(row.times).toBe(-1);
  });

  it('Given November already completed Then a cancel inside the span goes to December, never November', () => {
    const completed = { ...novemberRow(), state: 'completed' as const };
    const result = applyRecord(
      config,
      [completed],
      cancel('2021-12-03T10:00:00Z', '150'),
      new Date('2021-12-03T10:00:00Z'),
    );
    expect(applied(result).period.begin).toBe(december);
  });

  it('Given no November row Then a cancel inside the span goes to December', () => {
    const result = applyRecord(
      config,
      [],
      cancel('2021-12-03T10:00:00Z', '150'),
      new Date('2021-12-03T10:00:00Z'),
    );
    expect(applied(result).period.begin).toBe(december);
  });

  it('Given a subtract source without span Then a cancel always goes to its own period', () => {
    const result = applyRecord(
      config,
      [novemberRow()],
      cancel('2021-12-01T10:00:00Z', '1', { spanMs: 0 }),
      new Date('2021-12-01T10:00:00Z'),
    );
    expect(applied(result).period.begin).toBe(december);
  });

  it('Given a cancel whose own period is completed Then it is late', () => {
    const result = applyRecord(
      config,
      [],
      cancel('2021-10-20T10:00:00Z', '1'),
      new Date('2021-11-20T00:00:00Z'),
    );
    expect(result).toMatchObject({ applied: false, reason: 'late-subtract' });
  });

  it('Given a cancel larger than the total Then Amount goes below zero (no clamping)', () => {
    const result = applyRecord(
      config,
      [novemberRow()],
      cancel('2021-11-20T10:00:00Z', '800'),
      new Date('2021-11-20T10:00:00Z'),
    );
    expect(applied(result).amount.toString()).toBe('-300');
  });
});

describe('applyRecord: cancellations with reference-path (R5)', () => {
  const octoberBegin = new Date('2021-09-30T21:00:00Z');
  const novemberBegin = new Date('2021-10-31T21:00:00Z');

  it('Given the original in an open November Then the cancel goes to November, even after its span', () => {
    const record = cancel('2021-12-05T10:00:00Z', '100', {
      spanMs: 0,
      reference: { found: true, periodBegin: novemberBegin },
    });
    const result = applyRecord(config, [novemberRow()], record, new Date('2021-12-05T10:00:00Z'));
    expect(applied(result).period.begin).toBe('2021-11-01');
  });

  it('Given the original in a completed period Then the cancel is late, not moved elsewhere', () => {
    const record = cancel('2021-11-03T10:00:00Z', '100', {
      reference: { found: true, periodBegin: octoberBegin },
    });
    const result = applyRecord(config, [novemberRow()], record, new Date('2021-11-10T00:00:00Z'));
    expect(result).toMatchObject({
      applied: false,
      reason: 'late-subtract',
      period: { begin: '2021-10-01' },
    });
  });

  it('Given an unknown original Then the cancel is recorded as unknown-reference', () => {
    const record = cancel('2021-11-20T10:00:00Z', '100', { reference: { found: false } });
    expect(
      applyRecord(config, [novemberRow()], record, new Date('2021-11-20T10:00:00Z')),
    ).toMatchObject({
      applied: false,
      reason: 'unknown-reference',
    });
  });
});

describe('candidatePeriods', () => {
  it('Given an add Then only its period; a subtract Then its period and the previous one', () => {
    const at = new Date('2021-12-03T00:00:00Z');
    expect(candidatePeriods(config, 'add', at).map((p) => p.begin)).toEqual([december]);
    expect(candidatePeriods(config, 'subtract', at).map((p) => p.begin)).toEqual([
      december,
      '2021-11-01',
    ]);
  });
});

describe('rowsToComplete (R7 sweep)', () => {
  it('Given rows before, at and after their Full End Then only those at or past it complete', () => {
    const november = novemberRow();
    const decemberRow = applied(
      applyRecord(config, [], add('2021-12-02T00:00:00Z', '5'), new Date('2021-12-02T00:00:00Z')),
    );
    expect(rowsToComplete([november, decemberRow], new Date('2021-12-06T20:59:59.999Z'))).toEqual(
      [],
    );
    const done = rowsToComplete([november, decemberRow], new Date('2021-12-06T21:00:00Z'));
    expect(done).toEqual([{ ...november, state: 'completed' }]);
    expect(rowsToComplete(done, new Date('2021-12-08T00:00:00Z'))).toEqual([]);
  });
});

describe('applyRecord on a weekly stream in a DST zone (America/New_York)', () => {
  const weekly = toStreamConfig(
    {
      ...seedStream,
      frequency: '0 0 * * 0',
      sources: seedStream.sources.map((s) =>
        s.type === 'subtract' ? { ...s, span: '1.00:00:00' } : s,
      ),
    },
    'America/New_York',
  );

  it('Given the week of the fall-back change Then Full End is one elapsed day after End', () => {
    const row = applied(
      applyRecord(weekly, [], add('2021-11-03T15:00:00Z', '10'), new Date('2021-11-03T15:00:00Z')),
    );
    expect([row.period.begin, row.period.end]).toEqual(['2021-10-31', '2021-11-06']);
    // End 2021-11-07 00:00 EDT (04:00Z) + 24 h = 2021-11-07 23:00 EST: still 7 November locally.
    expect(row.fullEndInstant).toEqual(new Date('2021-11-08T04:00:00Z'));
    expect(row.fullEnd).toBe('2021-11-07');
  });

  it('Given a cancel on the first day of the next week Then it corrects the previous week', () => {
    const week = applied(
      applyRecord(weekly, [], add('2021-11-03T15:00:00Z', '10'), new Date('2021-11-03T15:00:00Z')),
    );
    const result = applyRecord(
      weekly,
      [week],
      { ...cancel('2021-11-07T20:00:00Z', '4'), spanMs: 86_400_000 },
      new Date('2021-11-07T20:00:00Z'),
    );
    expect(applied(result).period.begin).toBe('2021-10-31');
    expect(applied(result).amount.toString()).toBe('6');
  });
});
