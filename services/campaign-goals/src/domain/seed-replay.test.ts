import type { StreamGoal } from '@tributary/schemas';
import { applyRecord, type RecordToApply } from './apply-record';
import { ReplayClock } from './clock';
import { convertAmount } from './convert-amount';
import { extractRecord } from './extract-record';
import { Money } from './money';
import {
  goalsRealizedAtCompletion,
  goalsRealizedByRecord,
  toGoalConfig,
  type GoalRealization,
} from './stream-goal';
import { toStreamConfig } from './stream-config';
import { rowsToComplete, samePeriod, type StreamRow } from './stream-row';
import { seedGoals } from '../testing/seed-fixtures';
import { validateStreamDefinition } from './validate-stream-definition';

/** The seed's stream 1 exactly as the seed writes it. */
const seedJson: unknown =
  JSON.parse(`{ "stream-id": 1, "title": "Aylık Fatura Ödemesi", "frequency": "0 0 1 * *",
  "target-currency": "TRL", "sources": [
  { "topic": "http://localhost:8082/topics/cdc_payments/pay", "type": "add", "client-id-path": "data.custId",
    "amount-path": "data.payment.invoice.amount", "currency-path": "data.payment.invoice.currency" },
  { "topic": "http://localhost:8082/topics/cdc_payments/cancels", "type": "subtract", "client-id-path": "data.custId",
    "amount-path": "data.payment.invoice.amount", "currency-path": "data.payment.invoice.currency", "span": " 6:0:0:0" } ] }`);
const zone = 'Europe/Istanbul';
const client = 3855206900;
const goals = seedGoals as StreamGoal[];
// Local Istanbul times (UTC+3) of Kafka records: topic, amount, currency.
const traffic: [string, 'pay' | 'cancels', number | string, string][] = [
  ['2021-11-02T10:00', 'pay', 100, 'TRL'],
  ['2021-11-05T10:00', 'pay', 150, 'TRL'],
  ['2021-11-09T10:00', 'pay', 200, 'TRL'],
  ['2021-11-12T10:00', 'pay', '12.5', 'USD'], // 125.50 TRL at 10.04
  ['2021-11-15T10:00', 'pay', '74.50', 'TRL'],
  ['2021-11-18T10:00', 'pay', 150, 'TRL'],
  ['2021-11-20T10:00', 'pay', 100, 'TRL'],
  ['2021-11-23T10:00', 'pay', 200, 'TRL'], // 1100: goal 101 reached
  ['2021-11-26T10:00', 'pay', 100, 'TRL'],
  ['2021-11-29T10:00', 'pay', 150, 'TRL'], // 1350 in 10
  ['2021-12-01T09:00', 'pay', 100, 'TRL'],
  ['2021-12-03T10:00', 'cancels', 150, 'TRL'], // inside the span: November 1200 in 9
  ['2021-12-04T10:00', 'pay', 85, 'TRL'],
  ['2021-12-08T10:00', 'pay', 150, 'TRL'],
  ['2021-12-10T10:00', 'cancels', 100, 'TRL'], // after Full End: December
  ['2021-12-11T10:00', 'pay', 50, 'TRL'],
  ['2021-12-13T10:00', 'pay', 100, 'TRL'],
  ['2021-12-14T10:00', 'pay', 200, 'TRL'],
  ['2021-12-17T10:00', 'pay', 60, 'TRL'],
  ['2021-12-20T10:00', 'pay', 40, 'TRL'], // 685 in 7 (8 payments, 1 cancel): goal 103 reached
];

function replay(): { rows: StreamRow[]; realizations: GoalRealization[]; clock: ReplayClock } {
  const validated = validateStreamDefinition(seedJson, zone, new Date('2021-11-01T00:00:00Z'));
  if (!validated.ok) throw new Error(JSON.stringify(validated.issues));
  const config = toStreamConfig(validated.value, zone);
  const goalConfigs = goals.map(toGoalConfig);
  const clock = new ReplayClock(new Date('2021-10-31T21:00:00Z'));
  let rows: StreamRow[] = [];
  const realizations: GoalRealization[] = [];
  const sweep = (): void => {
    for (const done of rowsToComplete(rows, clock.now())) {
      rows = rows.map((r) =>
        samePeriod(r.period, done.period) && r.clientId === done.clientId ? done : r,
      );
      realizations.push(...goalsRealizedAtCompletion(goalConfigs, done));
    }
  };
  for (const [local, topic, amount, currency] of traffic) {
    const at = new Date(`${local}:00+03:00`);
    clock.set(at);
    sweep(); // R4: a period closing at F closes before records delivered at or after F
    const source = config.sources.find((s) => s.topic === `cdc_payments.${topic}`)!;
    const payload = { data: { custId: client, payment: { invoice: { amount, currency } } } };
    const extracted = extractRecord(source, payload, at);
    if (!extracted.ok) throw new Error(extracted.reason);
    const { record } = extracted;
    const rate = currency === 'USD' ? new Money('10.04') : undefined;
    const converted = convertAmount(
      record.amount,
      record.currency,
      config.targetCurrency,
      rate,
    ).converted;
    const input: RecordToApply = {
      type: source.type,
      spanMs: source.spanMs,
      clientId: record.clientId,
      eventTime: record.eventTime,
      converted,
    };
    const result = applyRecord(config, rows, input, clock.now());
    if (!result.applied) throw new Error(result.detail);
    const after = result.row;
    rows = result.before ? rows.map((r) => (r === result.before ? after : r)) : [...rows, after];
    const done = new Set(
      realizations.filter((r) => samePeriod(r.period, after.period)).map((r) => r.goalId),
    );
    realizations.push(...goalsRealizedByRecord(goalConfigs, after, record.eventTime, done));
  }
  clock.set(new Date('2021-12-25T12:00:00+03:00'));
  sweep();
  return { rows, realizations, clock };
}

describe("the seed's example replayed (stream 1, client 3855206900)", () => {
  const { rows, realizations } = replay();
  const shown = rows.map((r) => ({
    client: r.clientId,
    stream: r.streamId,
    state: r.state,
    currency: r.currency,
    begin: r.period.begin,
    end: r.period.end,
    fullEnd: r.fullEnd,
    amount: r.amount.toString(),
    times: r.times,
  }));

  it('Then November is completed at 1200 TRL in 9 and December in progress at 685 in 7', () => {
    expect(shown).toEqual([
      {
        client: '3855206900',
        stream: '1',
        state: 'completed',
        currency: 'TRL',
        begin: '2021-11-01',
        end: '2021-11-30',
        fullEnd: '2021-12-06',
        amount: '1200',
        times: 9,
      },
      {
        client: '3855206900',
        stream: '1',
        state: 'in-progress',
        currency: 'TRL',
        begin: '2021-12-01',
        end: '2021-12-31',
        fullEnd: '2022-01-06',
        amount: '685',
        times: 7,
      },
    ]);
  });

  it('Then goal 101 (1000 TRL, this client, when-reach) is realized on 23 November by the crossing payment', () => {
    const goal101 = realizations.filter((r) => r.goalId === '101');
    expect(goal101).toHaveLength(1);
    expect(goal101[0]!.elapsed).toEqual(new Date('2021-11-23T07:00:00Z'));
    expect([goal101[0]!.period.begin, goal101[0]!.period.end]).toEqual([
      '2021-11-01',
      '2021-11-30',
    ]);
  });

  it('Then goal 101 fires once in November although later records keep it above target', () => {
    expect(
      realizations.filter((r) => r.goalId === '101' && r.period.begin === '2021-11-01'),
    ).toHaveLength(1);
  });

  it('Then after-full-end goal 102 (1200) is realized at the Full End instant, 105 (1300) is not', () => {
    const goal102 = realizations.filter((r) => r.goalId === '102');
    expect(goal102.map((r) => r.elapsed)).toEqual([new Date('2021-12-06T21:00:00Z')]);
    expect(realizations.some((r) => r.goalId === '105')).toBe(false);
  });

  it('Then times goal 103 (7) is realized in November by the 7th payment and in December by the 7th net record', () => {
    const goal103 = realizations
      .filter((r) => r.goalId === '103')
      .map((r) => [r.period.begin, r.elapsed]);
    expect(goal103).toEqual([
      ['2021-11-01', new Date('2021-11-20T07:00:00Z')],
      ['2021-12-01', new Date('2021-12-20T07:00:00Z')],
    ]);
  });

  it("Then goal 104, specific to another client, is never realized by this client's records", () => {
    expect(realizations.some((r) => r.goalId === '104')).toBe(false);
  });
});
