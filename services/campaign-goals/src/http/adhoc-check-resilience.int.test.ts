import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  TEST_SECRETS,
  createTestDatabase,
  internalHeaders,
  testLogger,
  waitFor,
  type TestDatabase,
} from '@tributary/testing';
import { loadGoalsConfig } from '../config';
import { buildGoalsService, type GoalsService } from '../service';

/**
 * Issue 16 through POST /v1/goals/{id}/check: a failing ad-hoc host is not called again until
 * its cooldown (its checks answer false at once, as an unavailable check does, R14), and the
 * caller's x-tributary-deadline-ms bounds campaign-goals' work on a check, retries included.
 */
describe('ad-hoc checks: circuit per host and the caller deadline (real PostgreSQL)', () => {
  let db: TestDatabase;
  let service: GoalsService;
  const servers: Server[] = [];
  const slowTimers = new Set<NodeJS.Timeout>();
  const hits = { failing: 0, slow: 0 };
  let healthy = false;
  let failingHost: string;
  let slowHost: string;

  const listen = async (handler: Parameters<typeof createServer>[1]) => {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const api = (url: string, payload: object, headers: Record<string, string> = {}) =>
    service.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { ...internalHeaders('admin'), ...headers },
    });
  const adhocGoal = (id: number, host: string) => ({
    'goal-id': id,
    source: 'adhoc',
    query: `${host}/profile/{{clientid}}`,
    'campaing-validation': 'every-check',
  });

  beforeAll(async () => {
    failingHost = await listen((_request, response) => {
      hits.failing += 1;
      if (healthy) response.end('true');
      else response.writeHead(503).end();
    });
    slowHost = await listen((_request, response) => {
      hits.slow += 1;
      const timer = setTimeout(() => {
        slowTimers.delete(timer);
        response.end('true');
      }, 3_000);
      slowTimers.add(timer);
    });
    db = await createTestDatabase();
    const config = loadGoalsConfig({
      DATABASE_URL: db.url,
      ADHOC_ALLOWED_HOSTS: `${failingHost}+private,${slowHost}+private`,
      ADHOC_TIMEOUT_MS: '500',
      ADHOC_RETRIES: '5',
      ADHOC_HOST_BREAKER_FAILURES: '2',
      ADHOC_HOST_BREAKER_COOLDOWN_MS: '1500',
      INTERNAL_API_TOKEN: TEST_SECRETS.internalToken,
      METRICS_PUBLIC: 'true',
    });
    service = await buildGoalsService(config, testLogger());
    for (const goal of [adhocGoal(301, failingHost), adhocGoal(302, slowHost)]) {
      expect((await api('/v1/goals', goal)).statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    for (const timer of slowTimers) clearTimeout(timer);
    await service?.stop();
    await db?.drop();
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  const metric = async (name: string) => {
    const text = (await service.app.inject({ url: '/metrics', headers: internalHeaders('admin') }))
      .body;
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(failingHost));
    return line === undefined ? undefined : Number(line.split(' ').pop());
  };

  it('after N failures the host is not called until the cooldown; its checks answer false meanwhile', async () => {
    const first = await api('/v1/goals/301/check', { 'client-id': 'c1' });
    expect(first.json()).toEqual({
      'goal-id': '301',
      'client-id': 'c1',
      result: false,
      reason: expect.stringMatching(
        /^HTTP status 503; not retried: circuit open for http:\/\/127\.0\.0\.1:\d+ after 2 failures in a row, until /,
      ),
    });
    expect(hits.failing).toBe(2);

    const fast = await api('/v1/goals/301/check', { 'client-id': 'c2' });
    expect(fast.statusCode).toBe(200);
    expect(fast.json()).toMatchObject({
      result: false,
      reason: expect.stringContaining(`circuit open for ${failingHost}`),
    });
    expect(hits.failing).toBe(2);
    expect(await metric('campaign_goals_adhoc_circuit_open')).toBe(1);
    expect(await metric('campaign_goals_adhoc_circuit_opened_total')).toBe(1);

    // The host recovers; nothing calls it before the cooldown, then one trial closes the circuit.
    healthy = true;
    await waitFor(
      async () =>
        (await api('/v1/goals/301/check', { 'client-id': 'c3' })).json<{ result: boolean }>()
          .result,
      { timeoutMs: 10_000, message: 'the circuit did not close after its cooldown' },
    );
    expect(hits.failing).toBe(3);
    expect(await metric('campaign_goals_adhoc_circuit_open')).toBe(0);

    const { rows } = await db.pool.query<{ client_id: string; attempts: number; result: boolean }>(
      `SELECT client_id, attempts, result FROM adhoc_calls WHERE goal_id = '301' ORDER BY call_id`,
    );
    expect(rows[0]).toEqual({ client_id: 'c1', attempts: 2, result: false });
    expect(rows[1]).toEqual({ client_id: 'c2', attempts: 0, result: false });
    expect(rows.at(-1)).toEqual({ client_id: 'c3', attempts: 1, result: true });
  });

  it("x-tributary-deadline-ms cuts campaign-goals' retries: the answer comes by the caller's deadline", async () => {
    // Without it this check could take 6 attempts x 500 ms plus backoff.
    const started = Date.now();
    const answer = await api(
      '/v1/goals/302/check',
      { 'client-id': 'c4' },
      { 'x-tributary-deadline-ms': '800' },
    );
    const took = Date.now() - started;
    expect(answer.json()).toEqual({
      'goal-id': '302',
      'client-id': 'c4',
      result: false,
      reason: "stopped at the caller's deadline (earlier: timed out after 500 ms)",
    });
    expect(took).toBeGreaterThanOrEqual(790);
    expect(took).toBeLessThan(1_300);
    expect(hits.slow).toBe(2);
  });

  it('refuses a deadline that is not a positive number of milliseconds', async () => {
    for (const value of ['0', 'soon', '-5']) {
      const refused = await api(
        '/v1/goals/302/check',
        { 'client-id': 'c5' },
        { 'x-tributary-deadline-ms': value },
      );
      expect(refused.statusCode).toBe(400);
    }
    expect(hits.slow).toBe(2);
  });
});
