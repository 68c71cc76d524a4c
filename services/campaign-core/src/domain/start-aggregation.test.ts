import type { CampaignDefinition } from '@tributary/schemas';
import { toDecimal } from './decimal';
import { seedCampaign, monthPeriod } from './seed-fixtures';
import {
  goalValueForCampaign,
  ledgerEntryCounts,
  periodsToEvaluateOnJoin,
} from './start-aggregation';

const rules = (
  start: CampaignDefinition['rules']['start-aggregation'],
  term: CampaignDefinition['rules']['join-term'] = 'frequency',
): CampaignDefinition['rules'] => ({
  ...seedCampaign().rules,
  'start-aggregation': start,
  'join-term': term,
});
const joinedAt = new Date('2021-11-14T12:00:00Z');
const entries = [
  { at: new Date('2021-11-10T00:00:00Z'), amount: toDecimal('600'), times: 1 },
  { at: new Date('2021-11-14T12:00:00Z'), amount: toDecimal('100'), times: 1 },
  { at: new Date('2021-11-20T00:00:00Z'), amount: toDecimal('450.50'), times: 1 },
  { at: new Date('2021-11-21T00:00:00Z'), amount: toDecimal('-50.25'), times: -1 },
];

describe('start-aggregation (R21)', () => {
  it('Given after-join, Then only entries strictly after the join instant count', () => {
    expect(ledgerEntryCounts(rules('after-join'), joinedAt, joinedAt)).toBe(false);
    expect(goalValueForCampaign(rules('after-join'), joinedAt, entries, 'amount').toFixed()).toBe(
      '400.25',
    );
    expect(goalValueForCampaign(rules('after-join'), joinedAt, entries, 'times').toFixed()).toBe(
      '0',
    );
  });

  it.each(['begining-of-period', 'beginning-of-period'] as const)(
    'Given %s, Then every entry of the period counts',
    (start) => {
      expect(goalValueForCampaign(rules(start), joinedAt, entries, 'amount').toFixed()).toBe(
        '1100.25',
      );
    },
  );

  it('Given after-join with no join instant (join auto), Then every entry counts', () => {
    expect(goalValueForCampaign(rules('after-join'), undefined, entries, 'times').toFixed()).toBe(
      '2',
    );
  });
});

describe('periodsToEvaluateOnJoin (R21)', () => {
  const periods = [monthPeriod(2021, 11), monthPeriod(2021, 12)];
  const joinInSpan = new Date('2021-12-03T09:00:00Z');

  it('Given beginning-of-period and a join in December span of November, Then frequency evaluates December only', () => {
    expect(
      periodsToEvaluateOnJoin(rules('begining-of-period'), joinInSpan, periods).map((p) => p.begin),
    ).toEqual(['2021-12-01']);
  });

  it('Given frequency-with-span, Then the join also evaluates November', () => {
    const evaluated = periodsToEvaluateOnJoin(
      rules('begining-of-period', 'frequency-with-span'),
      joinInSpan,
      periods,
    );
    expect(evaluated.map((p) => p.begin)).toEqual(['2021-11-01', '2021-12-01']);
  });

  it('Given after-join, Then a join evaluates nothing', () => {
    expect(periodsToEvaluateOnJoin(rules('after-join'), joinInSpan, periods)).toEqual([]);
  });
});
