import type { CampaignDefinition } from '@tributary/schemas';
import {
  evaluateCampaign,
  type CampaignEvaluation,
  type CampaignEvaluationInput,
} from './evaluate-campaign';
import { DEFAULT_ZONE } from './local-calendar';
import { applyReservations, usageFromMap, type LimitUsage } from './limit-usage';
import type { ParticipationEntry } from './participation';
import type { RealizationSnapshot } from './realization-state';
import { SEED_ADHOC_GOALS, monthPeriod, seedCampaign } from './seed-fixtures';

/** A tiny in-memory stand-in for the adapter: resolves ad-hoc checks and books outcomes. */
class Harness {
  usage = new Map<string, LimitUsage>();
  rows = new Map<string, RealizationSnapshot>();
  cachedTrue = new Set<number>();
  adhocCalls: number[] = [];

  constructor(
    private readonly campaign: CampaignDefinition,
    private readonly adhoc: (goalId: number) => boolean = () => true,
    private readonly participations: ParticipationEntry[] = [],
  ) {}

  evaluate(month: [number, number], realized: number[], at: string): CampaignEvaluation {
    const period = monthPeriod(...month);
    const answers = new Map<number, boolean>();
    const input = (): CampaignEvaluationInput => ({
      campaign: this.campaign,
      clientId: '3855206900',
      period,
      at: new Date(at),
      zone: DEFAULT_ZONE,
      participations: this.participations,
      realizedStreamGoals: new Set(realized),
      adhocGoals: SEED_ADHOC_GOALS,
      adhocAnswers: answers,
      cachedTrue: this.cachedTrue,
      existing: this.rows.get(period.begin),
      umbrellas: [],
      usage: usageFromMap(this.usage),
    });
    let result = evaluateCampaign(input());
    while (result.kind === 'need-adhoc') {
      this.adhocCalls.push(result.goalId);
      answers.set(result.goalId, this.adhoc(result.goalId));
      result = evaluateCampaign(input());
    }
    if (result.kind === 'partially-elapsed' || result.kind === 'elapsed') {
      this.rows.set(period.begin, { status: result.kind, completedGoals: result.completedGoals });
      result.cacheTrue.forEach((id) => this.cachedTrue.add(id));
    }
    if (result.kind === 'elapsed')
      this.usage = applyReservations(this.usage, result.grant.reservations);
    return result;
  }
}

describe('evaluateCampaign: the seed campaign 9001', () => {
  it('Given 101 then 102 in November, Then partially-elapsed [101], then elapsed with 1101 checked once, 50 TRL and an action', () => {
    const harness = new Harness(seedCampaign());
    expect(harness.evaluate([2021, 11], [101], '2021-11-10T10:00:00Z')).toEqual({
      kind: 'partially-elapsed',
      created: true,
      completedGoals: [101],
      cacheTrue: [],
    });
    expect(harness.adhocCalls).toEqual([]);
    const elapsed = harness.evaluate([2021, 11], [101, 102], '2021-11-23T10:00:00Z');
    expect(elapsed).toMatchObject({
      kind: 'elapsed',
      created: false,
      completedGoals: [101, 102, 1101],
      cacheTrue: [1101],
    });
    expect(elapsed.kind === 'elapsed' && elapsed.grant.earning.amount.toFixed()).toBe('50');
    expect(elapsed.kind === 'elapsed' && elapsed.action?.body?.['completed-goals']).toEqual([
      101, 102, 1101,
    ]);
    expect(harness.adhocCalls).toEqual([1101]);
  });

  it('Given an elapsed November, When 103 is realized too, Then nothing changes (no second action)', () => {
    const harness = new Harness(seedCampaign());
    harness.evaluate([2021, 11], [101, 102], '2021-11-23T10:00:00Z');
    expect(harness.evaluate([2021, 11], [101, 102, 103], '2021-11-24T10:00:00Z')).toEqual({
      kind: 'skipped',
      reason: 'already-elapsed',
    });
  });

  it('Given four months elapsing (first-check cached after the first), Then three payouts and a fourth elapsed row with 0 and no action', () => {
    const harness = new Harness(seedCampaign());
    const results = [
      harness.evaluate([2021, 11], [101, 102], '2021-11-23T10:00:00Z'),
      harness.evaluate([2021, 12], [103], '2021-12-05T10:00:00Z'),
      harness.evaluate([2022, 1], [103], '2022-01-05T10:00:00Z'),
      harness.evaluate([2022, 2], [103], '2022-02-05T10:00:00Z'),
    ];
    expect(harness.adhocCalls).toEqual([1101]);
    expect(results.map((r) => r.kind)).toEqual(['elapsed', 'elapsed', 'elapsed', 'elapsed']);
    expect(
      results.map((r) => (r.kind === 'elapsed' ? r.grant.earning.amount.toFixed() : '')),
    ).toEqual(['50', '50', '50', '0']);
    expect(results.map((r) => r.kind === 'elapsed' && r.action !== undefined)).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('Given 1101 answers false, Then both groups fail and the row stays partially-elapsed with the stream goals', () => {
    const harness = new Harness(seedCampaign(), () => false);
    expect(harness.evaluate([2021, 11], [101, 102, 103], '2021-11-23T10:00:00Z')).toMatchObject({
      kind: 'partially-elapsed',
      completedGoals: [101, 102, 103],
    });
    expect(harness.adhocCalls).toEqual([1101]);
  });
});

describe('evaluateCampaign: participation and availability', () => {
  it('Given an exited client of an auto campaign, Then nothing is evaluated', () => {
    const harness = new Harness(seedCampaign(), () => true, [
      { status: 'exited', at: new Date('2021-11-11T00:00:00Z') },
    ]);
    expect(harness.evaluate([2021, 11], [101, 102], '2021-11-23T10:00:00Z')).toEqual({
      kind: 'skipped',
      reason: 'exited',
    });
  });

  it('Given join customer, Then not before the join, and elapsed once joined', () => {
    const rules = {
      join: 'customer',
      'join-term': 'frequency',
      'start-aggregation': 'begining-of-period',
    } as const;
    const joined = [{ status: 'joined', at: new Date('2021-11-14T00:00:00Z') }] as const;
    const harness = new Harness(seedCampaign({ rules }), () => true, [...joined]);
    expect(harness.evaluate([2021, 11], [101, 102], '2021-11-13T10:00:00Z')).toEqual({
      kind: 'skipped',
      reason: 'not-joined',
    });
    expect(harness.evaluate([2021, 11], [101, 102], '2021-11-15T10:00:00Z')).toMatchObject({
      kind: 'elapsed',
    });
  });

  it.each([
    ['ended', { from: '2012-01-01', to: '2012-12-31', status: 'active' }],
    ['inactive', { from: '2021-01-01', to: '2022-12-31', status: 'inactive' }],
  ] as const)(
    'Given availability that is %s, Then nothing happens and no ad-hoc check is made',
    (reason, availability) => {
      const harness = new Harness(seedCampaign({ availability }));
      expect(harness.evaluate([2021, 11], [101, 102], '2021-11-23T10:00:00Z')).toEqual({
        kind: 'skipped',
        reason,
      });
      expect(harness.adhocCalls).toEqual([]);
      expect(harness.rows.size).toBe(0);
    },
  );
});
