import type { CampaignDefinition, UmbrellaLimit } from '@tributary/schemas';
import { internalHeaders, waitFor } from '@tributary/testing';
import { monthPeriod, seedCampaign, seedUmbrella } from '../domain/seed-fixtures';
import type { CampaignCoreService } from '../service';
import { adhocGoal, streamGoal } from '../testing/campaign-goals-stub';
import { goalMessage } from '../testing/goal-message';
import { createHarness, type Harness } from '../testing/harness';

interface Row {
  client: string;
  campaign: number;
  status: string;
  begin: string;
  'completed-goals': number[];
  earning: { currency: string; amount: string; ratio: string } | null;
  'action-result': { status: string; attempts: number } | null;
}

describe('goals.achieved -> campaign realizations (real Kafka and PostgreSQL)', () => {
  let h: Harness;
  let service: CampaignCoreService;

  beforeAll(async () => {
    h = await createHarness();
    for (const id of [101, 102, 103, ...Array.from({ length: 20 }, (_, i) => 301 + i)])
      h.goals.goals.set(id, streamGoal(id));
    h.goals.goals.set(1101, adhocGoal(1101, 'first-check'));
    service = await h.startService();
  });
  afterAll(() => h.close());

  const post = async (url: string, payload: object) => {
    const response = await service.app.inject({
      headers: internalHeaders('admin'),
      method: 'POST',
      url,
      payload,
    });
    expect(response.statusCode).toBe(201);
    return response;
  };
  const campaign = (overrides: Partial<CampaignDefinition>) =>
    post(
      '/v1/campaigns',
      seedCampaign({
        action: { url: `${h.receiver.url}/pay/{{client-id}}`, method: 'POST' },
        ...overrides,
      }),
    );
  const umbrella = (overrides: Partial<UmbrellaLimit>) =>
    post('/v1/campaign-limits', seedUmbrella(overrides));
  const rows = async (clientId: string, campaignId?: number): Promise<Row[]> => {
    const query = campaignId ? `?campaign-id=${campaignId}` : '';
    const response = await service.app.inject({
      headers: internalHeaders('admin'),
      url: `/v1/clients/${clientId}/campaign-realizations${query}`,
    });
    return response.json<{ items: Row[] }>().items;
  };
  const amounts = async (clientId: string, campaignId: number) =>
    (await rows(clientId, campaignId)).map((r) => r.earning?.amount ?? null);
  const at = (year: number, month: number) => {
    h.clock.at = new Date(monthPeriod(year, month).beginAt.getTime() + 10 * 86_400_000);
  };

  it('seed 9001: OR of ANDs, partially-elapsed, ad-hoc first-check cached, the fourth payout refused by the times limit', async () => {
    await campaign({});
    const client = 'seed-client';
    h.goals.answers.set(`1101:${client}`, true);
    const november = monthPeriod(2021, 11);
    at(2021, 11);
    await h.deliver([goalMessage(client, 101, november)]);
    expect(await rows(client)).toMatchObject([
      { status: 'partially-elapsed', 'completed-goals': [101], earning: null },
    ]);
    expect(h.goals.checks).toEqual([]);

    await h.deliver([goalMessage(client, 102, november)]);
    const [elapsed] = await rows(client);
    expect(elapsed).toMatchObject({
      status: 'elapsed',
      begin: '2021-11-01',
      'completed-goals': [101, 102, 1101],
      earning: { currency: 'TRL', amount: '50', ratio: '2' },
    });
    expect(h.goals.checks).toEqual([`1101:${client}`]);

    // Group 2 (103 AND 1101) in the next three months; 1101 is never asked again (first-check).
    for (const month of [12, 1, 2]) {
      const year = month === 12 ? 2021 : 2022;
      at(year, month);
      await h.deliver([goalMessage(client, 103, monthPeriod(year, month))]);
    }
    expect(h.goals.checks).toHaveLength(1);
    const all = await rows(client);
    expect(all.map((r) => [r.begin, r.status, r.earning?.amount])).toEqual([
      ['2021-11-01', 'elapsed', '50'],
      ['2021-12-01', 'elapsed', '50'],
      ['2022-01-01', 'elapsed', '50'],
      ['2022-02-01', 'elapsed', '0'],
    ]);
    // Three payouts called, each with the body of its period; the zero grant calls nothing.
    await waitFor(
      async () =>
        (await rows(client)).filter((r) => r['action-result']?.status === 'sent').length === 3,
    );
    const calls = h.receiver.calls.filter((c) => c.url === `/pay/${client}`);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(3);
    expect(JSON.parse(calls[0]?.body ?? '{}')).toMatchObject({
      'campaign-id': 9001,
      'client-id': client,
      'completed-goals': [101, 102, 1101],
      earning: { currency: 'TRL', amount: '50', ratio: '2' },
    });
  });
  const simple = (id: number, goal: number, overrides: Partial<CampaignDefinition> = {}) =>
    campaign({
      'campaign-id': id,
      tag: [`tag-${id}`],
      goals: [{ id: 1, rule: [goal] }],
      earning: { currency: 'TRL', amount: 50, ratio: 0 },
      ...overrides,
    });
  const nov = monthPeriod(2021, 11);
  const dec = monthPeriod(2021, 12);

  it('an amount limit reached mid-earning grants the remainder, then nothing', async () => {
    await simple(9101, 301, { earning: { currency: 'TRL', amount: 50, limit: { amount: 120 } } });
    for (const [year, month] of [
      [2021, 11],
      [2021, 12],
      [2022, 1],
      [2022, 2],
    ] as const) {
      at(year, month);
      await h.deliver([goalMessage('amt', 301, monthPeriod(year, month))]);
    }
    expect(await amounts('amt', 9101)).toEqual(['50', '50', '20', '0']);
  });

  it('a monthly umbrella is shared by the campaigns of its tag, and resets the next month', async () => {
    await umbrella({
      'limit-id': 2,
      tag: ['u-month'],
      frequency: 'montly',
      'earning-limits': { currency: 'TRL', amount: 80 },
    });
    await simple(9201, 302, { tag: ['u-month'] });
    await simple(9202, 302, { tag: ['u-month', 'other'] });
    at(2021, 11);
    await h.deliver([goalMessage('umb', 302, nov)]);
    at(2021, 12);
    await h.deliver([goalMessage('umb', 302, dec)]);
    expect(await amounts('umb', 9201)).toEqual(['50', '50']);
    expect(await amounts('umb', 9202)).toEqual(['30', '30']);
  });

  it('a lifetime (adhoc) umbrella caps across periods for good', async () => {
    await umbrella({
      'limit-id': 3,
      tag: ['u-life'],
      frequency: 'adhoc',
      'earning-limits': { currency: 'TRL', times: 1 },
    });
    await simple(9301, 303, { tag: ['u-life'] });
    at(2021, 11);
    await h.deliver([goalMessage('life', 303, nov)]);
    at(2021, 12);
    await h.deliver([goalMessage('life', 303, dec)]);
    expect(await amounts('life', 9301)).toEqual(['50', '0']);
  });

  it('merge-by-tag campaigns stack; a standalone one does not, first come first served', async () => {
    await simple(9401, 304, { tag: ['stack'], type: 'merge-by-tag' });
    await simple(9402, 304, { tag: ['stack'], type: 'standalone' });
    await simple(9403, 304, { tag: ['stack'], type: 'merge-by-tag' });
    await simple(9501, 305, { tag: ['stack2'], type: 'standalone' });
    await simple(9502, 305, { tag: ['stack2'], type: 'merge-by-tag' });
    at(2021, 11);
    await h.deliver([goalMessage('stk', 304, nov), goalMessage('stk', 305, nov)]);
    expect(await amounts('stk', 9401)).toEqual(['50']);
    expect(await amounts('stk', 9402)).toEqual(['0']);
    expect(await amounts('stk', 9403)).toEqual(['50']);
    expect(await amounts('stk', 9501)).toEqual(['50']);
    expect(await amounts('stk', 9502)).toEqual(['0']);
  });

  it('a global budget caps the total across clients', async () => {
    await simple(9601, 306, { budget: { amount: 100 } });
    at(2021, 11);
    await h.deliver(['b1', 'b2', 'b3'].map((c) => goalMessage(c, 306, nov)));
    const granted = await Promise.all(
      ['b1', 'b2', 'b3'].map(async (c) => (await amounts(c, 9601))[0]),
    );
    expect(granted.sort()).toEqual(['0', '50', '50']);
  });

  it('customer join: nothing before the join, evaluation on join (beginning-of-period), nothing after exit', async () => {
    await simple(9701, 307, {
      rules: {
        join: 'customer',
        'join-term': 'frequency',
        'start-aggregation': 'begining-of-period',
      },
    });
    at(2021, 11);
    await h.deliver([goalMessage('j1', 307, nov)]);
    expect(await rows('j1', 9701)).toEqual([]);
    const customer = internalHeaders('customer', 'j1');
    const join = await service.app.inject({
      method: 'POST',
      url: '/v1/campaigns/9701/participations',
      headers: customer,
      payload: { 'client-id': 'j1', status: 'joined', 'join-info': { channel: 'app' } },
    });
    expect(join.statusCode).toBe(201);
    expect(join.json()).toMatchObject({ status: 'joined', evaluations: ['elapsed'] });
    expect(await amounts('j1', 9701)).toEqual(['50']);

    const exit = await service.app.inject({
      method: 'POST',
      url: '/v1/campaigns/9701/participations',
      headers: customer,
      payload: { 'client-id': 'j1', status: 'exited' },
    });
    expect(exit.statusCode).toBe(201);
    at(2021, 12);
    await h.deliver([goalMessage('j1', 307, dec)]);
    expect(await amounts('j1', 9701)).toEqual(['50']);
    const history = await service.app.inject({
      url: '/v1/clients/j1/participations',
      headers: customer,
    });
    expect(history.json<{ items: { status: string }[] }>().items.map((p) => p.status)).toEqual([
      'joined',
      'exited',
    ]);
  });

  it('after-join counts only goals reached after the join', async () => {
    await simple(9801, 308, {
      goals: [
        { id: 1, rule: [308] },
        { id: 2, rule: [309] },
      ],
      rules: { join: 'operator', 'join-term': 'frequency', 'start-aggregation': 'after-join' },
    });
    h.clock.at = new Date('2021-11-10T09:00:00Z');
    const operator = internalHeaders('operator');
    const join = await service.app.inject({
      method: 'POST',
      url: '/v1/campaigns/9801/participations',
      headers: operator,
      payload: { 'client-id': 'aj', status: 'joined' },
    });
    expect(join.json()).toMatchObject({ evaluations: [] });
    h.clock.at = new Date('2021-11-20T09:00:00Z');
    await h.deliver([goalMessage('aj', 308, nov, new Date('2021-11-05T09:00:00Z'))]);
    expect(await rows('aj', 9801)).toEqual([]);
    await h.deliver([goalMessage('aj', 309, nov, new Date('2021-11-15T09:00:00Z'))]);
    expect(await rows('aj', 9801)).toMatchObject([{ status: 'elapsed', 'completed-goals': [309] }]);
  });

  it('join-term frequency-with-span counts a join in the span for the closed period; frequency does not', async () => {
    const rules = (term: 'frequency' | 'frequency-with-span') =>
      ({
        join: 'customer',
        'join-term': term,
        'start-aggregation': 'beginning-of-period',
      }) as const;
    await simple(9802, 310, { rules: rules('frequency-with-span') });
    await simple(9803, 310, { rules: rules('frequency') });
    at(2021, 11);
    await h.deliver([goalMessage('span', 310, nov)]);
    h.clock.at = new Date('2021-12-03T09:00:00Z');
    for (const id of [9802, 9803]) {
      await service.app.inject({
        headers: internalHeaders('admin'),
        method: 'POST',
        url: `/v1/campaigns/${id}/participations`,
        payload: { 'client-id': 'span', status: 'joined' },
      });
    }
    expect(await amounts('span', 9802)).toEqual(['50']);
    expect(await rows('span', 9803)).toEqual([]);
  });

  it('campaigns inactive or outside availability do nothing', async () => {
    await simple(9901, 311, {
      availability: { from: '2021-01-01', to: '2022-12-31', status: 'inactive' },
    });
    await simple(9902, 311, {
      availability: { from: '2021-01-01', to: '2021-11-05', status: 'active' },
    });
    at(2021, 11);
    await h.deliver([goalMessage('avail', 311, nov)]);
    expect(await rows('avail')).toEqual([]);
  });

  it('a duplicate goal event (redelivered at another offset) changes nothing', async () => {
    await simple(9903, 312);
    at(2021, 11);
    const message = goalMessage('dup', 312, nov);
    await h.deliver([message, message]);
    await h.deliver([message]);
    expect(await amounts('dup', 9903)).toEqual(['50']);
    const { rows: outbox } = await h.db.pool.query(
      "SELECT id FROM action_outbox WHERE client_id = 'dup'",
    );
    expect(outbox).toHaveLength(1);
    const { rows: usage } = await h.db.pool.query<{ times: number }>(
      `SELECT times FROM limit_usage WHERE limit_key = '["campaign",9903,"dup"]'`,
    );
    expect(usage).toEqual([{ times: 1 }]);
  });
});
