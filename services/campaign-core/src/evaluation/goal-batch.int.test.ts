import type { CampaignDefinition } from '@tributary/schemas';
import { internalHeaders, waitFor } from '@tributary/testing';
import { monthPeriod, seedCampaign, seedUmbrella } from '../domain/seed-fixtures';
import type { CampaignCoreService } from '../service';
import { adhocGoal, streamGoal } from '../testing/campaign-goals-stub';
import { goalMessage } from '../testing/goal-message';
import { createHarness, type Harness } from '../testing/harness';
import { applyGoalEvents, applyGoalEventsOneByOne } from './apply-goal-events';

describe('set-based goal batches (real PostgreSQL)', () => {
  let h: Harness;
  let service: CampaignCoreService;

  beforeAll(async () => {
    h = await createHarness();
    for (const id of [601, 602, 603, 604, 611, 621]) h.goals.goals.set(id, streamGoal(id));
    h.goals.goals.set(1105, adhocGoal(1105, 'first-check'));
    service = await h.startService({
      CONSUMER_ENABLED: 'false',
      ACTION_DISPATCHER_ENABLED: 'false',
    });
  });
  afterAll(() => h.close());

  const send = async (method: 'POST' | 'PUT', url: string, payload: object) => {
    const response = await service.app.inject({
      headers: internalHeaders('admin'),
      method,
      url,
      payload,
    });
    expect(response.statusCode).toBeLessThan(300);
  };
  const campaign = (overrides: Partial<CampaignDefinition>) =>
    send(
      'POST',
      '/v1/campaigns',
      seedCampaign({
        action: { url: `${h.receiver.url}/pay/{{client-id}}`, method: 'POST' },
        ...overrides,
      }),
    );
  const sql = async <T extends object>(text: string, params: unknown[] = []) =>
    (await h.db.pool.query<T>(text, params)).rows;

  it('books exactly what the one-by-one path books, for a mixed batch with duplicates', async () => {
    const earning = (amount: number) => ({ currency: 'TRL', amount, ratio: 1 });
    await send(
      'POST',
      '/v1/campaign-limits',
      seedUmbrella({
        'limit-id': 61,
        tag: ['eq'],
        'earning-limits': { currency: 'TRL', amount: 100, times: 5 },
      }),
    );
    await campaign({
      'campaign-id': 6101,
      tag: ['eq'],
      goals: [
        { id: 1, rule: [601, 602] },
        { id: 2, rule: [603] },
      ],
      earning: { ...earning(50), limit: { amount: 120, times: 3 } },
    });
    await campaign({
      'campaign-id': 6102,
      tag: ['eq'],
      type: 'standalone',
      goals: [{ id: 1, rule: [601] }],
      earning: earning(30),
    });
    await campaign({
      'campaign-id': 6103,
      tag: ['eq', 'eq2'],
      goals: [{ id: 1, rule: [602] }],
      earning: earning(40),
      budget: { amount: 1000 },
    });
    await campaign({
      'campaign-id': 6104,
      tag: ['ad'],
      goals: [{ id: 1, rule: [604, 1105] }],
      earning: earning(10),
    });
    await campaign({
      'campaign-id': 6105,
      tag: ['join'],
      goals: [{ id: 1, rule: [601] }],
      earning: earning(5),
      rules: { join: 'customer', 'join-term': 'frequency', 'start-aggregation': 'after-join' },
    });
    h.clock.at = new Date('2021-11-15T09:00:00Z');
    for (const prefix of ['b', 'o']) {
      h.goals.answers.set(`1105:${prefix}-2`, true);
      await send('POST', '/v1/campaigns/6105/participations', {
        'client-id': `${prefix}-1`,
        status: 'joined',
      });
    }
    const script: [number, number, number][] = [];
    for (const month of [9, 10, 11]) {
      for (const client of [1, 2, 3])
        for (const goal of [601, 602, 603, 604]) script.push([client, goal, month]);
    }
    const messagesFor = (prefix: string) => {
      const list = script.map(([client, goal, month]) =>
        goalMessage(
          `${prefix}-${client}`,
          goal,
          monthPeriod(2021, month),
          new Date(`2021-${String(month).padStart(2, '0')}-20T09:00:00Z`),
        ),
      );
      // Redeliveries inside the batch, and one message applied before the batch.
      return [...list.slice(0, 5), list[1], ...list.slice(5), list[7]].flatMap((m) =>
        m ? [m] : [],
      );
    };
    const batch = messagesFor('b');
    const oneByOne = messagesFor('o');
    const early = (list: typeof batch) => list.filter((m) => m['goal-id'] === 603).slice(0, 1);
    await applyGoalEvents(service.engine, early(batch));
    await applyGoalEventsOneByOne(service.engine, early(oneByOne));

    const applied = await applyGoalEvents(service.engine, batch);
    const expected = await applyGoalEventsOneByOne(service.engine, oneByOne);
    const outcomes = (list: typeof applied) =>
      list.map((a) => [a.campaignId, a.outcome, a.clientId.slice(2)]);
    expect(outcomes(applied)).toEqual(outcomes(expected));

    const state = async (prefix: string) => ({
      realizations: await sql(
        `SELECT substr(client_id, 3) AS client, campaign_id, status, begin_date::text, completed_goals,
           earning_amount::text, earning_ratio::text, (elapsed_at IS NOT NULL) AS elapsed
         FROM campaign_realizations WHERE client_id LIKE $1 ORDER BY 1, 2, 4`,
        [`${prefix}-%`],
      ),
      usage: await sql(
        `SELECT replace(limit_key, '"${prefix}-', '"') AS key, amount::text, ratio::text, times, standalone
         FROM limit_usage WHERE limit_key LIKE $1 ORDER BY 1`,
        [`%"${prefix}-%`],
      ),
      outbox: await sql(
        `SELECT substr(client_id, 3) AS client, campaign_id, body->'earning' AS earning
         FROM action_outbox WHERE client_id LIKE $1 ORDER BY 1, 2, body->>'begin'`,
        [`${prefix}-%`],
      ),
      cache: await sql(
        `SELECT substr(client_id, 3) AS client, campaign_id, goal_id FROM adhoc_first_check_cache
         WHERE client_id LIKE $1 ORDER BY 1, 2, 3`,
        [`${prefix}-%`],
      ),
    });
    const batched = await state('b');
    expect(batched.realizations.length).toBeGreaterThan(10);
    expect(batched.cache).toHaveLength(1);
    expect(batched).toEqual(await state('o'));
  });

  it('a budget moved by another transaction mid-batch: rolled back and replayed one by one, never over the cap', async () => {
    await campaign({
      'campaign-id': 6201,
      tag: ['race'],
      goals: [{ id: 1, rule: [611] }],
      earning: { currency: 'TRL', amount: 50 },
      budget: { amount: 100 },
    });
    const key = '["budget",6201]';
    await h.db.pool.query('INSERT INTO limit_usage (limit_key) VALUES ($1)', [key]);
    h.clock.at = new Date('2021-11-15T09:00:00Z');
    const other = await h.db.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query('UPDATE limit_usage SET amount = 80, times = 1 WHERE limit_key = $1', [
        key,
      ]);
      // The batch reads 0 used (the update is not committed), grants 50, and waits on the row.
      const pending = applyGoalEvents(service.engine, [
        goalMessage('racer-1', 611, monthPeriod(2021, 11)),
      ]);
      await waitFor(
        async () =>
          (
            await sql<{ n: string }>(
              `SELECT count(*) AS n FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'
               AND query LIKE 'UPDATE limit_usage u%'`,
            )
          )[0]?.n === '1',
      );
      await other.query('COMMIT');
      expect((await pending).map((a) => a.outcome)).toEqual(['elapsed']);
    } finally {
      other.release();
    }
    expect(
      await sql(
        `SELECT earning_amount::text AS amount FROM campaign_realizations WHERE client_id = 'racer-1'`,
      ),
    ).toEqual([{ amount: '20' }]);
    expect(
      await sql('SELECT amount::text, times FROM limit_usage WHERE limit_key = $1', [key]),
    ).toEqual([{ amount: '100', times: 2 }]);
  });

  it('sees a campaign changed between batches (the cached configuration is reloaded)', async () => {
    const definition = seedCampaign({
      'campaign-id': 6301,
      tag: ['cfg'],
      goals: [{ id: 1, rule: [621] }],
      earning: { currency: 'TRL', amount: 50 },
    });
    await send('POST', '/v1/campaigns', definition);
    h.clock.at = new Date('2021-11-15T09:00:00Z');
    await applyGoalEvents(service.engine, [goalMessage('cfg-1', 621, monthPeriod(2021, 11))]);
    await send('PUT', '/v1/campaigns/6301', {
      ...definition,
      earning: { currency: 'TRL', amount: 70 },
    });
    await applyGoalEvents(service.engine, [goalMessage('cfg-2', 621, monthPeriod(2021, 11))]);
    await service.app.inject({
      headers: internalHeaders('admin'),
      method: 'DELETE',
      url: '/v1/campaigns/6301',
    });
    await applyGoalEvents(service.engine, [goalMessage('cfg-3', 621, monthPeriod(2021, 11))]);
    expect(
      await sql(
        `SELECT client_id, earning_amount::text AS amount FROM campaign_realizations WHERE client_id LIKE 'cfg-%' ORDER BY 1`,
      ),
    ).toEqual([
      { client_id: 'cfg-1', amount: '50' },
      { client_id: 'cfg-2', amount: '70' },
    ]);
  });
});
