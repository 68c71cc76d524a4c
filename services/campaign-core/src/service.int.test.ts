import { TEST_SECRETS, internalHeaders } from '@tributary/testing';
import { monthPeriod, seedCampaign, seedUmbrella } from './domain/seed-fixtures';
import type { CampaignCoreService } from './service';
import { adhocGoal, streamGoal } from './testing/campaign-goals-stub';
import { goalMessage } from './testing/goal-message';
import { createHarness, type Harness } from './testing/harness';

const TOKEN = TEST_SECRETS.internalToken;
const as = (role: 'customer' | 'viewer' | 'operator' | 'admin', clientId?: string) =>
  internalHeaders(role, clientId);
const operator = as('operator');

describe('campaign-core HTTP API (real PostgreSQL, campaign-goals stand-in)', () => {
  let h: Harness;
  let service: CampaignCoreService;

  beforeAll(async () => {
    h = await createHarness();
    for (const id of [101, 102, 103]) h.goals.goals.set(id, streamGoal(id));
    h.goals.goals.set(1101, adhocGoal(1101));
    service = await h.startService({ INTERNAL_API_TOKEN: TOKEN });
  });
  afterAll(() => h.close());

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    payload?: unknown,
  ) =>
    service.app.inject({
      method,
      url,
      headers,
      ...(payload !== undefined && { payload: payload as object }),
    });
  const errorOf = (response: { json: <T>() => T }) =>
    response.json<{ error: { code: string; details?: { path: string; message: string }[] } }>()
      .error;

  it('stores the seed campaign and umbrella exactly and serves them back', async () => {
    const created = await call('POST', '/v1/campaigns', operator, seedCampaign());
    expect(created.statusCode).toBe(201);
    expect((await call('GET', '/v1/campaigns/9001', as('viewer'))).json()).toEqual(seedCampaign());
    expect((await call('POST', '/v1/campaign-limits', operator, seedUmbrella())).statusCode).toBe(
      201,
    );
    expect((await call('GET', '/v1/campaign-limits/1', as('viewer'))).json()).toEqual(
      seedUmbrella(),
    );
    const duplicate = await call('POST', '/v1/campaigns', operator, seedCampaign());
    expect(duplicate.statusCode).toBe(409);
  });

  it('serves title and description in the language asked for, falling back to TR then the first', async () => {
    const get = async (query: string, headers: Record<string, string> = {}) =>
      (
        await call('GET', `/v1/campaigns/9001${query}`, { ...as('customer', 'c1'), ...headers })
      ).json<{ title: { language: string }[] }>().title;
    expect(await get('?lang=EN')).toEqual([expect.objectContaining({ language: 'EN' })]);
    expect(await get('', { 'accept-language': 'en-US,en;q=0.9' })).toEqual([
      expect.objectContaining({ language: 'EN' }),
    ]);
    expect(await get('?lang=de')).toEqual([expect.objectContaining({ language: 'TR' })]);
    await call(
      'POST',
      '/v1/campaigns',
      operator,
      seedCampaign({
        'campaign-id': 9002,
        title: [
          { language: 'DE', label: 'Hallo' },
          { language: 'FR', label: 'Salut' },
        ],
      }),
    );
    const fallback = await call('GET', '/v1/campaigns/9002?lang=es', operator);
    expect(fallback.json<{ title: { language: string }[] }>().title).toEqual([
      { language: 'DE', label: 'Hallo' },
    ]);
  });

  it('lists campaigns filtered by display and availability', async () => {
    await call(
      'POST',
      '/v1/campaigns',
      operator,
      seedCampaign({
        'campaign-id': 9003,
        display: 'never',
        availability: { from: '2023-01-01', to: '2023-12-31', status: 'active' },
      }),
    );
    const ids = async (query: string) =>
      (await call('GET', `/v1/campaigns${query}`, as('viewer')))
        .json<{ items: { 'campaign-id': number }[] }>()
        .items.map((c) => c['campaign-id']);
    expect(await ids('')).toEqual([9001, 9002, 9003]);
    // Pages keep the filters: the next link of a filtered page lists the filtered rest.
    const first = (await call('GET', '/v1/campaigns?display=master&limit=1', as('viewer'))).json<{
      items: { 'campaign-id': number }[];
      next: string;
    }>();
    expect(first.items.map((c) => c['campaign-id'])).toEqual([9001]);
    expect(first.next).toMatch(/^\/v1\/campaigns\?display=master&limit=1&cursor=/);
    const second = (await call('GET', first.next, as('viewer'))).json<{
      items: { 'campaign-id': number }[];
      next: string | null;
    }>();
    expect(second).toEqual({
      items: [expect.objectContaining({ 'campaign-id': 9002 })],
      next: null,
    });
    expect(await ids('?display=never')).toEqual([9003]);
    expect(await ids('?available-at=2023-06-01')).toEqual([9003]);
    expect(await ids('?available-at=2021-11-15T10:00:00Z&display=master')).toEqual([9001, 9002]);
  });

  it.each([
    [
      'an unknown goal id',
      seedCampaign({ 'campaign-id': 9100, goals: [{ id: 1, rule: [101, 999] }] }),
      '/goals/0/rule/1',
    ],
    [
      'a misspelled enum',
      { ...seedCampaign({ 'campaign-id': 9101 }), display: 'sometimes' },
      '/display',
    ],
    [
      'availability out of order',
      seedCampaign({
        'campaign-id': 9102,
        availability: { from: '2022-01-01', to: '2021-01-01', status: 'active' },
      }),
      '/availability/to',
    ],
    [
      'a negative earning',
      seedCampaign({ 'campaign-id': 9103, earning: { currency: 'TRL', amount: -5 } }),
      '/earning/amount',
    ],
    ['an unknown key', { ...seedCampaign({ 'campaign-id': 9104 }), colour: 'red' }, '/colour'],
  ])('rejects a campaign with %s (400, with the path)', async (_name, body, path) => {
    const response = await call('POST', '/v1/campaigns', operator, body);
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.map((d) => d.path)).toContain(path);
  });

  it('rejects bad limits, mismatched ids and unknown resources with clear 4xx', async () => {
    const noCap = await call(
      'POST',
      '/v1/campaign-limits',
      operator,
      seedUmbrella({ 'limit-id': 5, 'earning-limits': { currency: 'TRL' } }),
    );
    expect(errorOf(noCap).details).toEqual([
      { path: '/earning-limits', message: 'must cap at least one of amount, ratio, times' },
    ]);
    expect(
      (await call('PUT', '/v1/campaigns/9001', operator, seedCampaign({ 'campaign-id': 9002 })))
        .statusCode,
    ).toBe(400);
    expect(
      (await call('PUT', '/v1/campaigns/9555', operator, seedCampaign({ 'campaign-id': 9555 })))
        .statusCode,
    ).toBe(404);
    expect((await call('GET', '/v1/campaigns/abc', operator)).statusCode).toBe(400);
    expect((await call('DELETE', '/v1/campaign-limits/77', operator)).statusCode).toBe(404);
  });

  it('enforces the trust headers and roles', async () => {
    expect((await call('GET', '/v1/campaigns', {})).statusCode).toBe(401);
    expect(
      (await call('GET', '/v1/campaigns', { ...as('viewer'), 'x-internal-token': 'wrong-token' }))
        .statusCode,
    ).toBe(401);
    expect(
      (await call('POST', '/v1/campaigns', as('viewer'), seedCampaign({ 'campaign-id': 9200 })))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('GET', '/v1/clients/c2/campaign-realizations', as('customer', 'c1'))).statusCode,
    ).toBe(403);
    expect(
      (await call('GET', '/v1/clients/c1/campaign-realizations', as('customer', 'c1'))).statusCode,
    ).toBe(200);
    expect((await call('GET', '/v1/actions', as('viewer'))).statusCode).toBe(403);
    expect((await call('DELETE', '/v1/campaigns/9002', operator)).statusCode).toBe(204);
  });

  it('participation: a customer joins only itself, operator-join campaigns need an operator, bodies are validated', async () => {
    await call(
      'POST',
      '/v1/campaigns',
      operator,
      seedCampaign({
        'campaign-id': 9300,
        rules: { join: 'operator', 'join-term': 'frequency', 'start-aggregation': 'after-join' },
      }),
    );
    const join = (headers: Record<string, string>, body: unknown, id = 9300) =>
      call('POST', `/v1/campaigns/${id}/participations`, headers, body);
    expect(
      (await join(as('customer', 'c1'), { 'client-id': 'c2', status: 'joined' })).statusCode,
    ).toBe(403);
    expect(
      (await join(as('customer', 'c1'), { 'client-id': 'c1', status: 'joined' })).statusCode,
    ).toBe(403);
    expect((await join(as('viewer'), { 'client-id': 'c1', status: 'joined' })).statusCode).toBe(
      403,
    );
    expect(
      (await join(operator, { 'client-id': 'c1', status: 'joined', 'join-info': { by: 'branch' } }))
        .statusCode,
    ).toBe(201);
    expect(
      (await join(as('customer', 'c1'), { 'client-id': 'c1', status: 'exited' })).statusCode,
    ).toBe(201);
    const bad = await join(operator, { 'client-id': 'c1', status: 'maybe' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).details?.[0]?.path).toBe('/status');
    expect((await join(operator, { 'client-id': 'c1', status: 'joined' }, 9999)).statusCode).toBe(
      404,
    );
    const rows = (await call('GET', '/v1/clients/c1/participations', as('customer', 'c1'))).json<{
      items: object[];
    }>().items;
    expect(rows).toEqual([
      expect.objectContaining({
        client: 'c1',
        campaign: 9300,
        status: 'joined',
        'join-info': { by: 'branch' },
      }),
      expect.objectContaining({
        client: 'c1',
        campaign: 9300,
        status: 'exited',
        'join-info': null,
      }),
    ]);
  });

  it('explains what is met and missing, and dry-runs a proposed definition without booking', async () => {
    const client = 'explained';
    const nov = monthPeriod(2021, 11);
    h.clock.at = new Date('2021-11-20T09:00:00Z');
    h.goals.values.set(`102:${client}`, { type: 'amount', target: '1000', value: '400' });
    await h.deliver([goalMessage(client, 101, nov)]);
    const explain = await call(
      'GET',
      `/v1/clients/${client}/campaigns/9001/explain`,
      as('customer', client),
    );
    expect(explain.statusCode).toBe(200);
    const body = explain.json<{
      period: { begin: string };
      groups: { id: number; satisfied: unknown; goals: object[] }[];
      blockers: { rule: string }[];
    }>();
    expect(body.period.begin).toBe('2021-11-01');
    expect(body.groups[0]?.goals).toEqual([
      { goalId: 101, source: 'stream', met: true },
      {
        goalId: 102,
        source: 'stream',
        met: false,
        progress: { type: 'amount', target: '1000', value: '400', missing: '600' },
      },
      { goalId: 1101, source: 'adhoc', met: 'not-checked', cached: false },
    ]);
    expect(body.blockers).toContainEqual({ rule: 'goals', reason: 'no-group-satisfied' });

    h.goals.answers.set(`1101:${client}`, true);
    const proposed = seedCampaign({ goals: [{ id: 1, rule: [101, 1101] }] });
    const dry = await call('POST', '/v1/campaigns/9001/dry-run', operator, {
      'client-id': client,
      campaign: proposed,
    });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({
      evaluation: {
        kind: 'elapsed',
        completedGoals: [101, 1101],
        grant: { earning: { amount: '50' } },
      },
    });
    const { rows } = await h.db.pool.query(
      'SELECT 1 FROM campaign_realizations WHERE client_id = $1 AND status = $2',
      [client, 'elapsed'],
    );
    expect(rows).toHaveLength(0);
    const cache = await h.db.pool.query(
      'SELECT 1 FROM adhoc_first_check_cache WHERE client_id = $1',
      [client],
    );
    expect(cache.rows).toHaveLength(0);
    expect(
      (await call('POST', '/v1/campaigns/9001/dry-run', as('viewer'), { 'client-id': client }))
        .statusCode,
    ).toBe(403);
  });

  it('refuses a stale write: two operators cannot overwrite each other silently', async () => {
    const id = 9301;
    expect(
      (await call('POST', '/v1/campaigns', operator, seedCampaign({ 'campaign-id': id })))
        .statusCode,
    ).toBe(201);
    const read = await call('GET', `/v1/campaigns/${id}`, operator);
    const etag = read.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    // Operator A saves first, with the version both read.
    const first = await call(
      'PUT',
      `/v1/campaigns/${id}`,
      { ...operator, 'if-match': etag },
      {
        ...seedCampaign({ 'campaign-id': id }),
        display: 'never',
      },
    );
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).not.toBe(etag);
    // Operator B, still holding the old version, is refused; nothing of B's is stored.
    const second = await call(
      'PUT',
      `/v1/campaigns/${id}`,
      { ...operator, 'if-match': etag },
      {
        ...seedCampaign({ 'campaign-id': id }),
        display: 'others',
      },
    );
    expect(second.statusCode).toBe(412);
    expect(errorOf(second).code).toBe('PRECONDITION_FAILED');
    expect((await call('GET', `/v1/campaigns/${id}`, operator)).json()).toMatchObject({
      display: 'never',
    });
    expect(
      (await call('DELETE', `/v1/campaigns/${id}`, { ...operator, 'if-match': etag })).statusCode,
    ).toBe(412);
    const current = first.headers.etag as string;
    expect(
      (await call('DELETE', `/v1/campaigns/${id}`, { ...operator, 'if-match': current }))
        .statusCode,
    ).toBe(204);
  });

  it('guards umbrella limits the same way', async () => {
    expect(
      (await call('POST', '/v1/campaign-limits', operator, seedUmbrella({ 'limit-id': 77 })))
        .statusCode,
    ).toBe(201);
    const etag = (await call('GET', '/v1/campaign-limits/77', operator)).headers.etag as string;
    const stale = await call(
      'PUT',
      '/v1/campaign-limits/77',
      { ...operator, 'if-match': '"0123456789abcdef0123456789abcdef"' },
      seedUmbrella({ 'limit-id': 77 }),
    );
    expect(stale.statusCode).toBe(412);
    const fresh = await call(
      'PUT',
      '/v1/campaign-limits/77',
      { ...operator, 'if-match': etag },
      seedUmbrella({ 'limit-id': 77 }),
    );
    expect(fresh.statusCode).toBe(200);
    // The same content is the same version: jsonb text is canonical.
    expect(fresh.headers.etag).toBe(etag);
  });
});
