import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOutboundClient, parseAllowList, type OutboundClient } from '@tributary/outbound';
import { createHostCircuitBreakers } from '../domain/host-circuit-breakers';
import { allowedGet, type GetSettings } from './allowed-get';

/**
 * Issue 16: a failing ad-hoc host stops being called for a cooldown (circuit per host), and the
 * caller's deadline bounds the whole call, retries included. Local endpoints on loopback.
 */
describe('allowedGet: circuit per host and the caller deadline (local endpoints)', () => {
  const servers: Server[] = [];
  const clients: OutboundClient[] = [];
  const hits: string[] = [];
  const slow = new Set<NodeJS.Timeout>();
  let healthy = false;
  let failing: string;
  let other: string;

  const listen = async (name: string) => {
    const server = createServer((request, response) => {
      hits.push(`${name}${request.url ?? ''}`);
      if (request.url?.startsWith('/slow')) {
        const timer = setTimeout(() => {
          slow.delete(timer);
          response.end('{}');
        }, 1_500);
        slow.add(timer);
      } else if (request.url?.startsWith('/fail') && !healthy) {
        response.writeHead(503).end('{}');
      } else response.end('{"ok":true}');
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    failing = await listen('a');
    other = await listen('b');
  });
  afterAll(async () => {
    for (const timer of slow) clearTimeout(timer);
    await Promise.all(clients.map((c) => c.close()));
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });
  beforeEach(() => {
    hits.length = 0;
    healthy = false;
  });

  const settingsFor = (extra: Partial<GetSettings>, timeoutMs = 2_000, retries = 2) => {
    const outbound = createOutboundClient({
      allowList: parseAllowList(`${failing}+private,${other}+private`, 'ADHOC_ALLOWED_HOSTS'),
    });
    clients.push(outbound);
    return { outbound, timeoutMs, retries, ...extra };
  };

  it('after N failures in a row the host is not called until the cooldown, then once (half-open)', async () => {
    let now = Date.parse('2026-12-05T00:00:00Z');
    const breakers = createHostCircuitBreakers({ failureThreshold: 2, cooldownMs: 30_000 });
    const settings = settingsFor({ breakers, now: () => now });

    // Two 503s open the circuit: the third attempt of this call is not made.
    const first = await allowedGet(`${failing}/fail/1`, settings);
    expect(first).toEqual({
      ok: false,
      status: 503,
      attempts: 2,
      reason: `HTTP status 503; not retried: circuit open for ${failing} after 2 failures in a row, until 2026-12-05T00:00:30.000Z`,
    });
    expect(hits).toEqual(['a/fail/1', 'a/fail/1']);

    // Open: the host is not called; another host is.
    hits.length = 0;
    now += 29_999;
    expect(await allowedGet(`${failing}/fail/2`, settings)).toEqual({
      ok: false,
      attempts: 0,
      reason: `circuit open for ${failing} after 2 failures in a row, until 2026-12-05T00:00:30.000Z`,
    });
    expect(await allowedGet(`${failing}/ok`, settings)).toMatchObject({ ok: false, attempts: 0 });
    expect(await allowedGet(`${other}/ok`, settings)).toMatchObject({ ok: true, attempts: 1 });
    expect(hits.filter((h) => h.startsWith('a'))).toEqual([]);

    // Cooldown over: one trial (a call beside it still fails fast); it fails, so the circuit
    // opens again without a retry.
    hits.length = 0;
    now += 1;
    const [trial, beside] = await Promise.all([
      allowedGet(`${failing}/fail/4`, settings),
      allowedGet(`${failing}/fail/4b`, settings),
    ]);
    expect(trial).toMatchObject({
      ok: false,
      attempts: 1,
      reason: expect.stringMatching(/^HTTP status 503; not retried: circuit open/),
    });
    expect(beside).toEqual({
      ok: false,
      attempts: 0,
      reason: `circuit half-open for ${failing} after 2 failures in a row: a trial call is in flight`,
    });
    expect(await allowedGet(`${failing}/fail/5`, settings)).toMatchObject({ attempts: 0 });
    expect(hits).toEqual(['a/fail/4']);

    // The host recovers: the next trial closes the circuit and calls flow again.
    hits.length = 0;
    healthy = true;
    now += 30_000;
    expect(await allowedGet(`${failing}/fail/6`, settings)).toMatchObject({
      ok: true,
      attempts: 1,
    });
    expect(await allowedGet(`${failing}/fail/7`, settings)).toMatchObject({
      ok: true,
      attempts: 1,
    });
    expect(hits).toEqual(['a/fail/6', 'a/fail/7']);
    expect(breakers.state(failing, now)).toBe('closed');
  });

  it("the caller's deadline cuts the retries: the call ends by it, whatever timeout x attempts allow", async () => {
    const breakers = createHostCircuitBreakers({ failureThreshold: 2, cooldownMs: 30_000 });
    // Alone, this call could last 6 x 400 ms plus backoff (about 5.5 s).
    const settings = settingsFor({ breakers }, 400, 5);
    const started = Date.now();
    const outcome = await allowedGet(`${failing}/slow/1`, settings, { deadline: started + 700 });
    const took = Date.now() - started;
    expect(outcome).toEqual({
      ok: false,
      attempts: 2,
      reason: "stopped at the caller's deadline (earlier: timed out after 400 ms)",
    });
    expect(took).toBeGreaterThanOrEqual(690);
    expect(took).toBeLessThan(1_000);
    expect(hits).toEqual(['a/slow/1', 'a/slow/1']);
    // The attempt the deadline cut is not held against the host: one timeout, circuit closed.
    expect(breakers.state(failing, Date.now())).toBe('closed');
  });

  it('a deadline already past makes no call at all', async () => {
    const outcome = await allowedGet(`${other}/ok`, settingsFor({}), { deadline: Date.now() - 1 });
    expect(outcome).toEqual({ ok: false, attempts: 0, reason: "stopped at the caller's deadline" });
    expect(hits).toEqual([]);
  });
});
