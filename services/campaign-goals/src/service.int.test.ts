import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProducer, type JsonProducer, type Kafka } from '@tributary/kafka';
import {
  TEST_SECRETS,
  internalHeaders,
  createTestDatabase,
  createTestTopics,
  readTopic,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@tributary/testing';
import { loadGoalsConfig } from './config';
import { buildGoalsService, type GoalsService } from './service';
import {
  SEED_CLIENT,
  localInstant,
  paymentPayload,
  seedGoals,
  seedStream,
  seedTraffic,
} from './testing/seed-fixtures';

interface Row {
  state: string;
  begin: string;
  end: string;
  'full-end': string;
  amount: string;
  times: number;
}

describe('campaign-goals (real Kafka and PostgreSQL, replay clock)', () => {
  let db: TestDatabase;
  let kafka: Kafka;
  let producer: JsonProducer;
  let service: GoalsService;
  let server: Server;
  let payTopic: string;
  let cancelTopic: string;
  let goalsTopic: string;
  let group: string;
  const fxCalls: string[] = [];

  const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    service.app.inject({
      method,
      url,
      headers: internalHeaders('admin'),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const ledgerCount = async () =>
    Number(
      (await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM stream_ledger')).rows[0]!.n,
    );
  const send = (
    topic: string,
    at: Date,
    client: number | string,
    amount: number | string,
    currency: string,
  ) =>
    producer.send(topic, [
      {
        key: String(client),
        value: JSON.stringify(paymentPayload(client, amount, currency)),
        timestamp: String(at.getTime()),
      },
    ]);
  const streamData = async (client: number | string) =>
    (await api('GET', `/v1/clients/${client}/stream-data?stream-id=1`)).json<{ items: Row[] }>()
      .items;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname.startsWith('/profile/')) {
        const id = url.pathname.split('/')[2];
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({ data: { person: { gender: id === '3855206900' ? 'female' : 'male' } } }),
        );
      } else if (url.pathname === '/rates') {
        fxCalls.push(url.search);
        if (url.searchParams.get('from') === 'EUR') res.end(JSON.stringify({ rate: 30.123 }));
        else res.writeHead(404).end('{}');
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;

    db = await createTestDatabase();
    kafka = testKafka();
    [payTopic, cancelTopic, goalsTopic] = (await createTestTopics(
      kafka,
      ['cdcpay', 'cdccancel', 'goals'],
      3,
    )) as [string, string, string];
    group = uniqueName('cg');
    producer = await createProducer(kafka);
    await db.pool.query(
      `INSERT INTO fx_rates (from_currency, to_currency, rate_date, rate) VALUES ('USD', 'TRL', '2021-11-12', 10.04)`,
    );
    const config = loadGoalsConfig({
      DATABASE_URL: db.url,
      CLOCK_MODE: 'replay',
      CONSUMER_GROUP: group,
      GOALS_ACHIEVED_TOPIC: goalsTopic,
      KAFKA_TOPIC_PARTITIONS: '3',
      SWEEP_INTERVAL_MS: '3600000',
      OUTBOX_INTERVAL_MS: '200',
      // The stand-in provider is on loopback, which only an entry marked +private may reach.
      ADHOC_ALLOWED_HOSTS: `http://127.0.0.1:${port}+private`,
      ADHOC_TIMEOUT_MS: '2000',
      FX_HTTP_URL_TEMPLATE: `http://127.0.0.1:${port}/rates?from={{from}}&to={{to}}&date={{date}}`,
      FX_ALLOWED_HOSTS: `http://127.0.0.1:${port}+private`,
      INTERNAL_API_TOKEN: TEST_SECRETS.internalToken,
      METRICS_PUBLIC: 'true',
    });
    service = await buildGoalsService(config, testLogger());
    await service.start();
  });

  afterAll(async () => {
    await service?.stop();
    await producer?.disconnect();
    await db?.drop();
    server?.closeAllConnections();
    server?.close();
  });

  it('refuses bad definitions with a 400 naming the field', async () => {
    const good = seedStream(payTopic, cancelTopic);
    const source0 = good.sources[0]!;
    const cases: [unknown, string][] = [
      [{ ...good, frequency: 'every month' }, '/frequency'],
      [{ ...good, 'target-currency': 'TL' }, '/target-currency'],
      [
        { ...good, sources: [{ ...source0, 'amount-path': 'data..amount' }] },
        '/sources/0/amount-path',
      ],
      [{ ...good, sources: [source0, { ...good.sources[1]!, span: '6 days' }] }, '/sources/1/span'],
      [
        { ...good, sources: [{ ...source0, topic: 'http://localhost:8082/nothing/here' }] },
        '/sources/0/topic',
      ],
    ];
    for (const [body, path] of cases) {
      const response = await api('POST', '/v1/streams', body);
      expect(response.statusCode).toBe(400);
      const error = response.json<{ error: { message: string; details: { path: string }[] } }>()
        .error;
      expect(error.details.map((d) => d.path)).toContain(path);
      expect(error.message).toContain(path);
    }
    const adhoc = {
      'goal-id': 9,
      source: 'adhoc',
      query: 'http://127.0.0.1/x',
      expression: "import('fs')",
      'campaing-validation': 'first-check',
    };
    const bad = await api('POST', '/v1/goals', adhoc);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { details: { path: string }[] } }>().error.details[0]!.path).toBe(
      '/expression',
    );
    const orphan = await api('POST', '/v1/goals', { ...seedGoals[0], 'stream-id': 77 });
    expect(orphan.json<{ error: { details: { path: string }[] } }>().error.details[0]!.path).toBe(
      '/stream-id',
    );
  });

  it('takes the seed configuration exactly and subscribes to its topics without a restart', async () => {
    const created = await api('POST', '/v1/streams', seedStream(payTopic, cancelTopic));
    expect(created.statusCode).toBe(201);
    for (const goal of seedGoals)
      expect((await api('POST', '/v1/goals', goal)).statusCode).toBe(201);
    expect((await api('GET', '/v1/streams/1')).json()).toEqual(seedStream(payTopic, cancelTopic));
    expect(service.consumer()?.isRunning()).toBe(true);
  });

  it('lists in pages of one envelope: items in id order and a next link until the last page', async () => {
    const ids: string[] = [];
    let url: string | null = '/v1/goals?limit=2';
    while (url !== null) {
      const response = await api('GET', url);
      expect(response.statusCode).toBe(200);
      const page: { items: { 'goal-id': number }[]; next: string | null } = response.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      ids.push(...page.items.map((g) => String(g['goal-id'])));
      url = page.next;
    }
    expect(ids).toEqual(seedGoals.map((g) => String(g['goal-id'])));
    const streams = (await api('GET', '/v1/streams')).json<{ items: unknown[]; next: unknown }>();
    expect(streams).toEqual({ items: [seedStream(payTopic, cancelTopic)], next: null });
    const forged = await api('GET', '/v1/goals?cursor=WzEsMiwzXQ');
    expect(forged.statusCode).toBe(400);
    expect(forged.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses a stream write against a version it never issued (412), and takes its own ETag', async () => {
    const read = await api('GET', '/v1/streams/1');
    const put = (tag: string) =>
      service.app.inject({
        method: 'PUT',
        url: '/v1/streams/1',
        headers: { ...internalHeaders('admin'), 'if-match': tag },
        payload: read.json<object>(),
      });
    const stale = await put('"0123456789abcdef0123456789abcdef"');
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    const fresh = await put(read.headers.etag as string);
    expect(fresh.statusCode).toBe(200);
    // Same definition, same canonical jsonb text: the version is unchanged.
    expect(fresh.headers.etag).toBe(read.headers.etag);
  });

  it('refuses a goal write made against a version another operator already replaced', async () => {
    const goal = seedGoals[0]!;
    const id = String(goal['goal-id']);
    const read = await api('GET', `/v1/goals/${id}`);
    const etag = read.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const put = (tag: string, target: string) =>
      service.app.inject({
        method: 'PUT',
        url: `/v1/goals/${id}`,
        headers: { ...internalHeaders('admin'), 'if-match': tag },
        payload: { ...goal, target } as object,
      });
    const first = await put(etag, '999');
    expect(first.statusCode).toBe(200);
    const second = await put(etag, '111');
    expect(second.statusCode).toBe(412);
    expect((await api('GET', `/v1/goals/${id}`)).json()).toMatchObject({ target: '999' });
    // Put it back as the seed has it, with the version the first write answered.
    expect((await put(first.headers.etag as string, String(goal.target))).statusCode).toBe(200);
  });

  it("replays the seed's example: November completed at 1200 TRL in 9 (Full End 2021-12-06), December in progress at 685 in 7", async () => {
    let seen = 0;
    for (const [local, topic, amount, currency] of seedTraffic) {
      const at = localInstant(local);
      expect((await api('POST', '/v1/admin/clock', { set: at.toISOString() })).statusCode).toBe(
        200,
      );
      await send(topic === 'pay' ? payTopic : cancelTopic, at, SEED_CLIENT, amount, currency);
      seen += 1;
      await waitFor(async () => (await ledgerCount()) === seen, {
        message: `record at ${local} not processed`,
      });
    }
    await api('POST', '/v1/admin/clock', { set: localInstant('2021-12-25T12:00').toISOString() });

    expect(await streamData(SEED_CLIENT)).toEqual([
      expect.objectContaining({
        state: 'completed',
        currency: 'TRL',
        begin: '2021-11-01',
        end: '2021-11-30',
        'full-end': '2021-12-06',
        amount: '1200',
        times: 9,
      }),
      expect.objectContaining({
        state: 'in-progress',
        begin: '2021-12-01',
        end: '2021-12-31',
        'full-end': '2022-01-06',
        amount: '685',
        times: 7,
      }),
    ]);
  });

  it('converts through the rate table and keeps the rate with the ledger entry', async () => {
    const ledger = (
      await api('GET', `/v1/clients/${SEED_CLIENT}/stream-data/1/2021-11-01/ledger`)
    ).json<{
      items: {
        'original-currency': string;
        'fx-rate': string;
        'converted-amount': string;
        type: string;
        'event-time': string;
      }[];
    }>().items;
    expect(ledger.find((e) => e['original-currency'] === 'USD')).toMatchObject({
      'fx-rate': '10.04',
      'converted-amount': '125.5',
    });
    // The cancellation of 3 December corrected November; the one of 10 December (after Full End) did not.
    // Walked in pages of 3, the ledger is the same entries in the same order.
    const walked: unknown[] = [];
    let url: string | null = `/v1/clients/${SEED_CLIENT}/stream-data/1/2021-11-01/ledger?limit=3`;
    while (url !== null) {
      const page: { items: unknown[]; next: string | null } = (await api('GET', url)).json();
      walked.push(...page.items);
      url = page.next;
    }
    expect(walked).toEqual(ledger);
    expect(ledger.length).toBeGreaterThan(3);
    const cancels = ledger.filter((e) => e.type === 'subtract').map((e) => e['event-time']);
    expect(cancels).toEqual([localInstant('2021-12-03T10:00').toISOString()]);
    const december = (
      await api('GET', `/v1/clients/${SEED_CLIENT}/stream-data/1/2021-12-01/ledger`)
    ).json<{ items: { type: string }[] }>().items;
    expect(december.filter((e) => e.type === 'subtract')).toHaveLength(1);
  });

  it('realizes when-reach and after-full-end goals and publishes them on goals.achieved', async () => {
    const realizations = (await api('GET', `/v1/clients/${SEED_CLIENT}/goal-realizations`)).json<{
      items: { goal: string; elapsed: string; begin: string; end: string }[];
    }>().items;
    expect(realizations.map((r) => [r.goal, r.begin, r.elapsed])).toEqual([
      ['101', '2021-11-01', '2021-11-23T07:00:00.000Z'],
      ['102', '2021-11-01', '2021-12-06T21:00:00.000Z'],
      ['103', '2021-11-01', '2021-11-20T07:00:00.000Z'],
      ['103', '2021-12-01', '2021-12-20T07:00:00.000Z'],
    ]);
    await service.flushOutbox();
    const messages = await readTopic(kafka, goalsTopic, 4);
    const published = messages.map(
      (m) => JSON.parse(m.value) as { 'goal-id': number; trigger: string; 'client-id': string },
    );
    expect(published.map((m) => m['goal-id']).sort()).toEqual([101, 102, 103, 103]);
    expect(messages.every((m) => m.key === String(SEED_CLIENT))).toBe(true);
    expect(published.find((m) => m['goal-id'] === 102)?.trigger).toBe('after-full-end');
  });

  it('keeps a late add visible and does not change the completed period', async () => {
    await send(payTopic, localInstant('2021-11-28T10:00'), SEED_CLIENT, 999, 'TRL');
    const late = await waitFor(async () => {
      const rows = (await api('GET', `/v1/late-records?client-id=${SEED_CLIENT}`)).json<{
        items: { reason: string; 'original-amount': string }[];
      }>().items;
      return rows.length > 0 ? rows : undefined;
    });
    expect(late[0]).toMatchObject({ reason: 'late-add', 'original-amount': '999' });
    expect((await streamData(SEED_CLIENT))[0]).toMatchObject({ amount: '1200', times: 9 });
  });

  it('counts a record delivered twice once (group offsets rewound)', async () => {
    const processed = async () => {
      const text = (await api('GET', '/metrics')).body;
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith('kafka_messages_processed_total') && l.includes(`topic="${payTopic}"`),
        );
      return Number(line?.split(' ').pop() ?? 0);
    };
    const before = {
      rows: await streamData(SEED_CLIENT),
      ledger: await ledgerCount(),
      processed: await processed(),
    };
    const runner = service.consumer()!;
    await runner.stop();
    const admin = kafka.admin();
    await admin.connect();
    for (const topic of [payTopic, cancelTopic])
      await admin.resetOffsets({ groupId: group, topic, earliest: true });
    await runner.start();
    let state = '';
    await waitFor(
      async () => {
        for (const topic of [payTopic, cancelTopic]) {
          const ends = await admin.fetchTopicOffsets(topic);
          const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
          state = JSON.stringify({ ends, committed });
          const done = ends.every(
            (e) =>
              e.high === e.low ||
              committed!.partitions.find((p) => p.partition === e.partition)?.offset === e.high,
          );
          if (!done) return false;
        }
        return true;
      },
      { timeoutMs: 30_000, message: 'rewound offsets not consumed again' },
    ).catch((err: Error) => {
      throw new Error(`${err.message}: ${state}`);
    });
    await admin.disconnect();
    expect(await processed()).toBeGreaterThanOrEqual(before.processed + 18); // the pay topic again
    expect(await streamData(SEED_CLIENT)).toEqual(before.rows);
    expect(await ledgerCount()).toBe(before.ledger);
  });

  it('dead-letters a payload missing the amount path with the reason, changing nothing', async () => {
    const before = await ledgerCount();
    await producer.send(payTopic, [
      {
        key: '7',
        value: JSON.stringify({ data: { custId: 7, payment: { invoice: { currency: 'TRL' } } } }),
        timestamp: String(localInstant('2021-12-24T10:00').getTime()),
      },
    ]);
    const [letter] = await readTopic(kafka, `${payTopic}.dlq`, 1);
    expect(letter!.headers['x-dlq-reason']).toContain(
      'amount missing at data.payment.invoice.amount',
    );
    expect(letter!.headers['x-original-topic']).toBe(payTopic);
    expect(await ledgerCount()).toBe(before);
    expect(await streamData(7)).toEqual([]);
  });

  it('asks the HTTP FX provider for a rate the table lacks, and dead-letters an unavailable rate', async () => {
    await send(payTopic, localInstant('2021-12-24T11:00'), 42, '10.005', 'EUR');
    await waitFor(async () => (await streamData(42)).length === 1);
    expect((await streamData(42))[0]).toMatchObject({ amount: '301.38', times: 1 }); // 10.005 x 30.123 = 301.380615
    const stored = await db.pool.query(
      `SELECT rate::text FROM fx_rates WHERE from_currency = 'EUR'`,
    );
    expect(stored.rows).toEqual([{ rate: '30.123' }]);
    await send(payTopic, localInstant('2021-12-24T12:00'), 43, 5, 'GBP');
    const letters = await readTopic(kafka, `${payTopic}.dlq`, 2);
    expect(letters.map((l) => l.headers['x-dlq-reason'])).toContain(
      'no FX rate for GBP->TRL on 2021-12-24',
    );
    expect(await streamData(43)).toEqual([]);
  });

  it('checks an ad-hoc goal through the allow-listed client and logs each call', async () => {
    const goal = {
      'goal-id': 201,
      source: 'adhoc',
      query: `http://127.0.0.1:${(server.address() as AddressInfo).port}/profile/{{clientid}}`,
      expression: "response.data.person.gender == 'female'",
      'campaing-validation': 'first-check',
    };
    expect((await api('POST', '/v1/goals', goal)).statusCode).toBe(201);
    const yes = await api('POST', '/v1/goals/201/check', { 'client-id': String(SEED_CLIENT) });
    expect(yes.json()).toEqual({
      'goal-id': '201',
      'client-id': String(SEED_CLIENT),
      result: true,
    });
    const no = await api('POST', '/v1/goals/201/check', { 'client-id': '5' });
    expect(no.json()).toMatchObject({ result: false, reason: 'the expression is false' });
    await api('POST', '/v1/goals', {
      ...goal,
      'goal-id': 202,
      query: 'http://example.org/x/{{clientid}}',
    });
    const refused = await api('POST', '/v1/goals/202/check', { 'client-id': '5' });
    expect(refused.json()).toMatchObject({
      result: false,
      reason: expect.stringContaining('allow-list'),
    });
    const calls = await db.pool.query('SELECT goal_id, result FROM adhoc_calls ORDER BY call_id');
    expect(calls.rows).toEqual([
      { goal_id: '201', result: true },
      { goal_id: '201', result: false },
      { goal_id: '202', result: false },
    ]);
  });

  it('refuses an ad-hoc call whose client id would change the query path, saying why', async () => {
    for (const id of ['../admin', 'a/b']) {
      const refused = await api('POST', '/v1/goals/201/check', { 'client-id': id });
      expect(refused.json()).toMatchObject({
        result: false,
        reason: `client-id ${JSON.stringify(id)} contains "/", which would change the URL's shape`,
      });
    }
    const logged = await db.pool.query(
      `SELECT client_id, attempts FROM adhoc_calls WHERE client_id IN ('../admin', 'a/b') ORDER BY call_id`,
    );
    expect(logged.rows).toEqual([
      { client_id: '../admin', attempts: 0 },
      { client_id: 'a/b', attempts: 0 },
    ]);
  });

  it('refuses to move the replay clock back, and lets only an admin move it', async () => {
    const back = await api('POST', '/v1/admin/clock', { set: '2021-01-01T00:00:00Z' });
    expect(back.statusCode).toBe(409);
    const viewer = await service.app.inject({
      method: 'POST',
      url: '/v1/admin/clock',
      headers: internalHeaders('viewer'),
      payload: { 'advance-ms': 1000 },
    });
    expect(viewer.statusCode).toBe(403);
  });
});
