import { guardedLookup } from '@tributary/outbound';
import type { CampaignDefinition } from '@tributary/schemas';
import { internalHeaders, waitFor } from '@tributary/testing';
import { actionOutbox } from '../adapters/action-outbox';
import { monthPeriod, seedCampaign } from '../domain/seed-fixtures';
import type { CampaignCoreService } from '../service';
import { streamGoal } from '../testing/campaign-goals-stub';
import { goalMessage } from '../testing/goal-message';
import { createHarness, type Harness } from '../testing/harness';
import { sendAction } from './send-action';

interface ActionResult {
  status: string;
  attempts: number;
  'http-status': number | null;
  error: string | null;
  'idempotency-key': string;
}

describe('action dispatcher (outbox, real PostgreSQL, local receiver)', () => {
  let h: Harness;
  let service: CampaignCoreService;
  const nov = monthPeriod(2021, 11);

  beforeAll(async () => {
    h = await createHarness();
    for (let id = 401; id <= 410; id += 1) h.goals.goals.set(id, streamGoal(id));
    service = await h.startService();
  });
  afterAll(() => h.close());

  async function campaign(
    id: number,
    goal: number,
    url = `${h.receiver.url}/pay/{{campaign-id}}/{{client-id}}`,
  ) {
    const definition: CampaignDefinition = seedCampaign({
      'campaign-id': id,
      tag: [`t-${id}`],
      goals: [{ id: 1, rule: [goal] }],
      action: { url, method: 'POST' },
    });
    const response = await service.app.inject({
      headers: internalHeaders('admin'),
      method: 'POST',
      url: '/v1/campaigns',
      payload: definition,
    });
    expect(response.statusCode).toBe(201);
  }
  const actionResult = async (clientId: string): Promise<ActionResult | null> => {
    const { rows } = await h.db.pool.query<{ action_result: ActionResult | null }>(
      'SELECT action_result FROM campaign_realizations WHERE client_id = $1',
      [clientId],
    );
    return rows[0]?.action_result ?? null;
  };
  const callsFor = (clientId: string) =>
    h.receiver.calls.filter((c) => c.url.endsWith(`/${clientId}`));

  it('retries 5xx, timeouts and 429 with the same key and body, then stores the result', async () => {
    await campaign(8001, 401);
    h.receiver.failNext.push(503, 0, 429);
    await h.deliver([goalMessage('retry', 401, nov)]);
    const result = await waitFor(async () => {
      const r = await actionResult('retry');
      return r?.status === 'sent' && r;
    });
    expect(result).toMatchObject({ status: 'sent', attempts: 4, 'http-status': 200 });
    const calls = callsFor('retry');
    expect(calls).toHaveLength(4);
    expect(new Set(calls.map((c) => c.idempotencyKey))).toEqual(
      new Set([result['idempotency-key']]),
    );
    expect(new Set(calls.map((c) => c.body)).size).toBe(1);
  });

  it('a non-retriable answer (400) is final after one attempt', async () => {
    await campaign(8002, 402);
    h.receiver.failNext.push(400);
    await h.deliver([goalMessage('rejected', 402, nov)]);
    const result = await waitFor(async () => {
      const r = await actionResult('rejected');
      return r?.status === 'failed' && r;
    });
    expect(result).toMatchObject({ attempts: 1, 'http-status': 400 });
  });

  it('operators page through the outbox newest first, filtered by status', async () => {
    const list = async (url: string) => {
      const response = await service.app.inject({ headers: internalHeaders('operator'), url });
      expect(response.statusCode).toBe(200);
      return response.json<{
        items: { id: string; status: string; 'next-attempt-at': string }[];
        next: string | null;
      }>();
    };
    const whole = await list('/v1/actions?limit=1000');
    expect(whole.items.length).toBeGreaterThan(1);
    const walked: string[] = [];
    let url: string | null = '/v1/actions?limit=1';
    while (url !== null) {
      const page = await list(url);
      walked.push(...page.items.map((a) => a.id));
      url = page.next;
    }
    expect(walked).toEqual(whole.items.map((a) => a.id));
    expect([...walked].sort((a, b) => Number(b) - Number(a))).toEqual(walked);
    expect(whole.items[0]!['next-attempt-at']).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    const failed = await list('/v1/actions?status=failed');
    expect(failed.items.length).toBeGreaterThan(0);
    expect(failed.items.every((a) => a.status === 'failed')).toBe(true);
  });

  it('a host outside ACTION_ALLOWED_HOSTS is never called', async () => {
    await campaign(8003, 403, 'http://127.0.0.1:9/pay/{{client-id}}');
    await h.deliver([goalMessage('blocked', 403, nov)]);
    const result = await waitFor(async () => {
      const r = await actionResult('blocked');
      return r?.status === 'failed' && r;
    });
    expect(result).toMatchObject({
      attempts: 0,
      error:
        'host-not-allowed: host http://127.0.0.1:9 is not on the allow-list (scheme, host and port must match)',
    });
  });

  it.each([
    [
      8106,
      406,
      '../admin',
      'client-id "../admin" contains "/", which would change the URL\'s shape',
    ],
    [8107, 407, 'a/b', 'client-id "a/b" contains "/", which would change the URL\'s shape'],
    [8108, 408, '..', 'client-id ".." is a dot segment, which would change the URL\'s path'],
    [8109, 409, 'a?x=1', 'client-id "a?x=1" contains "?", which would change the URL\'s shape'],
  ])(
    'campaign %i (goal %i): client id %j would change the URL, so it is refused and never called',
    async (campaignId, goal, id, why) => {
      await campaign(campaignId, goal);
      await h.deliver([goalMessage(id, goal, nov)]);
      const result = await waitFor(async () => {
        const r = await actionResult(id);
        return r?.status === 'failed' && r;
      });
      expect(result).toMatchObject({ attempts: 0, error: `unsafe-client-id: ${why}` });
      expect(h.receiver.calls.filter((c) => c.url.startsWith(`/pay/${campaignId}/`))).toEqual([]);
    },
  );

  it('killed between realization and call: the next process delivers once', async () => {
    await campaign(8004, 404);
    const consumerOnly = await h.startService({
      ACTION_DISPATCHER_ENABLED: 'false',
      CONSUMER_GROUP: `${h.env.CONSUMER_GROUP}-b`,
    });
    await service.dispatcher.stop();
    await h.deliver([goalMessage('crash', 404, nov)]);
    await consumerOnly.stop();
    expect(callsFor('crash')).toHaveLength(0);
    expect(await actionResult('crash')).toBeNull();

    service.dispatcher.start();
    await waitFor(async () => (await actionResult('crash'))?.status === 'sent');
    expect(callsFor('crash')).toHaveLength(1);
  });

  it('killed after the call but before recording it: the retry carries the same key, the grant is booked once', async () => {
    await campaign(8005, 405);
    await service.dispatcher.stop();
    await h.deliver([goalMessage('mid-call', 405, nov)]);
    // A replica claims the row with a short lease, calls, and dies before recording the answer.
    const [claimed] = await actionOutbox.claim(h.db.pool, 10, 50);
    expect(claimed?.clientId).toBe('mid-call');
    if (claimed) await sendAction(claimed, 1_000, guardedLookup(true));
    service.dispatcher.start();
    await waitFor(async () => (await actionResult('mid-call'))?.status === 'sent');
    const calls = callsFor('mid-call');
    expect(calls).toHaveLength(2);
    expect(calls[0]?.idempotencyKey).toBe(calls[1]?.idempotencyKey);
    const { rows } = await h.db.pool.query<{ times: number; amount: string }>(
      `SELECT times, amount FROM limit_usage WHERE limit_key = '["campaign",8005,"mid-call"]'`,
    );
    expect(rows).toEqual([{ times: 1, amount: '50' }]);
  });
});
