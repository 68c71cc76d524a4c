import type { StreamGoal } from '@tributary/schemas';
import { Money } from './money';
import { periodFor } from './period-for';
import {
  goalsRealizedAtCompletion,
  goalsRealizedByRecord,
  isReached,
  toGoalConfig,
  type GoalRealization,
} from './stream-goal';
import type { StreamRow } from './stream-row';

const period = periodFor(
  { cron: '0 0 1 * *', zone: 'Europe/Istanbul' },
  new Date('2021-11-15T00:00:00Z'),
);
const row = (amount: string, times: number, clientId = 'c1'): StreamRow => ({
  clientId,
  streamId: '1',
  state: 'in-progress',
  currency: 'TRL',
  period,
  fullEndInstant: new Date('2021-12-06T21:00:00Z'),
  fullEnd: '2021-12-06',
  amount: new Money(amount),
  times,
});
const goal = (over: Partial<StreamGoal>): StreamGoal => ({
  'goal-id': 101,
  source: 'stream',
  'stream-id': 1,
  target: '1000',
  type: 'amount',
  trigger: 'when-reach',
  ...over,
});
const at = new Date('2021-11-23T07:00:00Z');

/** Feeds rows in order as successive records, remembering realizations like the store would. */
function run(goals: StreamGoal[], rows: StreamRow[]): GoalRealization[] {
  const configs = goals.map(toGoalConfig);
  const realized: GoalRealization[] = [];
  rows.forEach((after, i) => {
    const done = new Set(realized.map((r) => r.goalId));
    realized.push(...goalsRealizedByRecord(configs, after, new Date(at.getTime() + i), done));
  });
  return realized;
}

describe('stream goals (R11, R12)', () => {
  it('Given an amount target Then value >= target is reached, exactly at the target too', () => {
    const config = toGoalConfig(goal({ target: '1000' }));
    expect(isReached(config, row('999.99', 5))).toBe(false);
    expect(isReached(config, row('1000', 5))).toBe(true);
    expect(isReached(config, row('1000.00', 5))).toBe(true);
  });

  it('Given a times target Then Times is compared, not Amount', () => {
    const config = toGoalConfig(goal({ type: 'times', target: 5 }));
    expect(isReached(config, row('100000', 4))).toBe(false);
    expect(isReached(config, row('0', 5))).toBe(true);
  });

  it('Given values rising past the target Then the crossing record realizes it with its event time', () => {
    const realized = run([goal({})], [row('600', 1), row('1100', 2), row('1300', 3)]);
    expect(realized).toEqual([
      { clientId: 'c1', goalId: '101', streamId: '1', elapsed: new Date(at.getTime() + 1), period },
    ]);
  });

  it('Given a drop below target and a second crossing Then nothing is revoked and nothing fires twice', () => {
    const realized = run([goal({})], [row('1100', 1), row('900', 0), row('1200', 1)]);
    expect(realized.map((r) => r.elapsed)).toEqual([at]);
  });

  it('Given a client-specific goal Then only that client realizes it (ids compare as text)', () => {
    const goals = [goal({ 'client-id': 3855206900 })];
    expect(run(goals, [row('5000', 1, 'c1')])).toEqual([]);
    expect(run(goals, [row('5000', 1, '3855206900')])).toHaveLength(1);
  });

  it('Given goals of another stream or with the other trigger Then a record realizes none of them', () => {
    const goals = [goal({ 'stream-id': 2 }), goal({ 'goal-id': 7, trigger: 'after-full-end' })];
    expect(run(goals, [row('5000', 9)])).toEqual([]);
  });

  it('Given after-full-end goals at completion Then those reached fire with Elapsed = Full End', () => {
    const configs = [
      goal({ 'goal-id': 1, trigger: 'after-full-end', target: '1200' }),
      goal({ 'goal-id': 2, trigger: 'after-full-end', target: '1200.01' }),
      goal({ 'goal-id': 3, trigger: 'when-reach', target: '1' }),
    ].map(toGoalConfig);
    const completed = { ...row('1200', 9), state: 'completed' as const };
    expect(goalsRealizedAtCompletion(configs, completed)).toEqual([
      { clientId: 'c1', goalId: '1', streamId: '1', elapsed: completed.fullEndInstant, period },
    ]);
  });

  it('Given a numeric target with binary-float trouble Then it is read exactly', () => {
    const config = toGoalConfig(goal({ target: 0.3 }));
    expect(config.target.toString()).toBe('0.3');
    expect(isReached(config, row('0.3', 1))).toBe(true);
  });
});
