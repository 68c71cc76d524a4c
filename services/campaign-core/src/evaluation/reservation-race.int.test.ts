import { internalHeaders } from '@tributary/testing';
import { monthPeriod, seedCampaign } from '../domain/seed-fixtures';
import type { CampaignCoreService } from '../service';
import { streamGoal } from '../testing/campaign-goals-stub';
import { goalMessage } from '../testing/goal-message';
import { createHarness, type Harness } from '../testing/harness';
import { applyGoalEvents } from './apply-goal-events';

describe('limits under parallel consumers (real Kafka and PostgreSQL)', () => {
  let h: Harness;
  let first: CampaignCoreService;

  beforeAll(async () => {
    h = await createHarness();
    for (const id of [501, 502, 503]) h.goals.goals.set(id, streamGoal(id));
    first = await h.startService({ ACTION_DISPATCHER_ENABLED: 'false' });
    await h.startService({ ACTION_DISPATCHER_ENABLED: 'false' });
  });
  afterAll(() => h.close());

  const create = async (id: number, goal: number, extra: object) => {
    const definition = seedCampaign({
      'campaign-id': id,
      tag: [`race-${id}`],
      goals: [{ id: 1, rule: [goal] }],
      ...extra,
    });
    expect(
      (
        await first.app.inject({
          headers: internalHeaders('admin'),
          method: 'POST',
          url: '/v1/campaigns',
          payload: definition,
        })
      ).statusCode,
    ).toBe(201);
  };
  const grants = async (campaignId: number) => {
    const { rows } = await h.db.pool.query<{ n: string; total: string | null }>(
      'SELECT count(*) FILTER (WHERE earning_amount > 0) AS n, sum(earning_amount) AS total FROM campaign_realizations WHERE campaign_id = $1',
      [campaignId],
    );
    return { granted: Number(rows[0]?.n), total: rows[0]?.total };
  };

  it("two consumers racing on one client's goals (spread over every partition) never overshoot", async () => {
    await create(7001, 501, {
      earning: { currency: 'TRL', amount: 50, limit: { amount: 150, times: 3 } },
    });
    const months = Array.from({ length: 24 }, (_, i) =>
      monthPeriod(2021 + Math.floor(i / 12), (i % 12) + 1),
    );
    h.clock.at = new Date('2021-06-15T09:00:00Z');
    await h.deliver(
      months.map((p) => goalMessage('racer', 501, p)),
      (_m, i) => i % 3,
    );
    expect(await grants(7001)).toEqual({ granted: 3, total: '150' });
  });

  it('a global budget holds across clients evaluated in parallel transactions', async () => {
    await create(7002, 502, { earning: { currency: 'TRL', amount: 50 }, budget: { amount: 200 } });
    const nov = monthPeriod(2021, 11);
    h.clock.at = new Date('2021-11-15T09:00:00Z');
    const engine = first.engine;
    // Twelve concurrent transactions, one client each: only the budget row is shared.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        applyGoalEvents(engine, [goalMessage(`budget-${i}`, 502, nov)]),
      ),
    );
    expect(await grants(7002)).toEqual({ granted: 4, total: '200' });
    const { rows } = await h.db.pool.query<{ amount: string; times: number }>(
      `SELECT amount, times FROM limit_usage WHERE limit_key = '["budget",7002]'`,
    );
    expect(rows).toEqual([{ amount: '200', times: 4 }]);
  });

  it("concurrent transactions on one client's periods never exceed its campaign limit", async () => {
    await create(7003, 503, { earning: { currency: 'TRL', amount: 50, limit: { amount: 100 } } });
    h.clock.at = new Date('2021-06-15T09:00:00Z');
    const engine = first.engine;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        applyGoalEvents(engine, [goalMessage('same-client', 503, monthPeriod(2021, i + 1))]),
      ),
    );
    expect(await grants(7003)).toEqual({ granted: 2, total: '100' });
  });
});
