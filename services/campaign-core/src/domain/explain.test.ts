import { toDecimal } from './decimal';
import { explainCampaign, type ExplainInput } from './explain';
import { DEFAULT_ZONE } from './local-calendar';
import { limitKeyText } from './limit-keys';
import { usageFromMap } from './limit-usage';
import { SEED_ADHOC_GOALS, monthPeriod, seedCampaign } from './seed-fixtures';

const base = (overrides: Partial<ExplainInput> = {}): ExplainInput => ({
  campaign: seedCampaign(),
  clientId: '3855206900',
  period: monthPeriod(2021, 11),
  at: new Date('2021-11-20T10:00:00Z'),
  zone: DEFAULT_ZONE,
  participations: [],
  realizedStreamGoals: new Set([101]),
  adhocGoals: SEED_ADHOC_GOALS,
  adhocAnswers: new Map(),
  cachedTrue: new Set(),
  existing: undefined,
  umbrellas: [],
  usage: usageFromMap(new Map()),
  streamProgress: new Map([
    [101, { type: 'amount', target: toDecimal('1000'), value: toDecimal('1200') }],
    [102, { type: 'times', target: toDecimal('5'), value: toDecimal('3') }],
  ]),
  ...overrides,
});

describe('explainCampaign (R24)', () => {
  it('Given 101 met and 102 at 3 of 5 times, Then 102 is missing 2 and 1101 is not checked', () => {
    const explanation = explainCampaign(base());
    expect(explanation.groups[0]).toEqual({
      id: 1,
      satisfied: false,
      goals: [
        {
          goalId: 101,
          source: 'stream',
          met: true,
          progress: { type: 'amount', target: '1000', value: '1200', missing: '0' },
        },
        {
          goalId: 102,
          source: 'stream',
          met: false,
          progress: { type: 'times', target: '5', value: '3', missing: '2' },
        },
        { goalId: 1101, source: 'adhoc', met: 'not-checked', cached: false },
      ],
    });
    expect(explanation.evaluation).toMatchObject({
      kind: 'partially-elapsed',
      completedGoals: [101],
    });
    expect(explanation.blockers).toEqual([{ rule: 'goals', reason: 'no-group-satisfied' }]);
  });

  it('Given the times limit used up, Then the explanation names the campaign times limit as what stops the grant', () => {
    const usage = new Map([
      [
        limitKeyText({ scope: 'campaign', campaignId: 9001, clientId: '3855206900' }),
        { amount: toDecimal(150), ratio: toDecimal(6), times: 3, standalone: 0 },
      ],
    ]);
    const explanation = explainCampaign(
      base({
        realizedStreamGoals: new Set([103]),
        cachedTrue: new Set([1101]),
        usage: usageFromMap(usage),
      }),
    );
    expect(explanation.evaluation).toMatchObject({ kind: 'elapsed', action: undefined });
    expect(explanation.blockers).toContainEqual({
      rule: 'limit',
      stop: {
        key: { scope: 'campaign', campaignId: 9001, clientId: '3855206900' },
        reason: 'times-exhausted',
      },
    });
  });

  it('Given a campaign out of availability and a not-joined client, Then both rules are reported', () => {
    const rules = {
      join: 'operator',
      'join-term': 'frequency',
      'start-aggregation': 'after-join',
    } as const;
    const campaign = seedCampaign({
      rules,
      availability: { from: '2022-01-01', to: '2022-12-31', status: 'active' },
    });
    expect(explainCampaign(base({ campaign })).blockers).toEqual([
      { rule: 'availability', reason: 'not-started' },
      { rule: 'participation', reason: 'not-joined' },
    ]);
  });
});
