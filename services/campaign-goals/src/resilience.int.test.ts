import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProducer, type JsonProducer, type Kafka } from '@tributary/kafka';
import {
  TEST_SECRETS,
  createTestDatabase,
  createTestTopics,
  internalHeaders,
  readTopic,
  startTcpProxy,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
  type TcpProxy,
  type TestDatabase,
} from '@tributary/testing';
import { loadGoalsConfig } from './config';
import { buildGoalsService, type GoalsService } from './service';
import { seedGoals, seedStream } from './testing/seed-fixtures';

type FxMode = 'ok' | 'slow' | 'down';

/**
 * Issue 16 for campaign-goals: bad records in the middle of good ones are dead-lettered with
 * their reason while every good one is applied once; an FX outage or a PostgreSQL pause holds the
 * records instead of dead-lettering them, and everything resumes by itself when the dependency
 * returns, the definition sync included. PostgreSQL is reached through a proxy this test pauses,
 * so the shared server keeps running for everyone else.
 */
describe('campaign-goals poison records and outages (real Kafka and PostgreSQL)', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let kafka: Kafka;
  let producer: JsonProducer;
  let service: GoalsService;
  let fxServer: Server;
  let payTopic: string;
  let cancelTopic: string;
  let laterTopic: string;
  let fxMode: FxMode = 'ok';
  let fxCalls = 0;
  const heldFx: (() => void)[] = [];

  const api = (method: 'POST' | 'GET', url: string, payload?: object) =>
    service.app.inject({ method, url, headers: internalHeaders('admin'), payload });
  const ledger = async () =>
    (
      await db.pool.query<{ client_id: string; original_currency: string }>(
        'SELECT client_id, original_currency FROM stream_ledger ORDER BY ledger_id',
      )
    ).rows;
  const payment = (
    custId: unknown,
    amount: number,
    currency = 'TRL',
    at: unknown = Date.now(),
  ) => ({
    key: 'one-partition',
    value: JSON.stringify({ data: { custId, at, payment: { invoice: { amount, currency } } } }),
  });

  beforeAll(async () => {
    fxServer = createServer((_req, res) => {
      fxCalls += 1;
      if (fxMode === 'down') res.writeHead(503).end('{}');
      else if (fxMode === 'slow') heldFx.push(() => res.end(JSON.stringify({ rate: 10 })));
      else res.end(JSON.stringify({ rate: 10 }));
    });
    await new Promise<void>((resolve) => fxServer.listen(0, '127.0.0.1', resolve));
    const fxPort = (fxServer.address() as AddressInfo).port;

    db = await createTestDatabase();
    proxy = await startTcpProxy(Number(new URL(db.url).port || 5432));
    const proxied = new URL(db.url);
    proxied.port = String(proxy.port);
    kafka = testKafka();
    let goalsTopic: string;
    [payTopic, cancelTopic, laterTopic, goalsTopic] = (await createTestTopics(
      kafka,
      ['cdcpay', 'cdccancel', 'cdclater', 'goals'],
      1,
    )) as [string, string, string, string];
    producer = await createProducer(kafka);
    const config = loadGoalsConfig({
      DATABASE_URL: proxied.toString(),
      CONSUMER_GROUP: uniqueName('cg'),
      GOALS_ACHIEVED_TOPIC: goalsTopic,
      KAFKA_TOPIC_PARTITIONS: '1',
      SWEEP_INTERVAL_MS: '3600000',
      OUTBOX_INTERVAL_MS: '200',
      CONFIG_REFRESH_MS: '200',
      FX_HTTP_URL_TEMPLATE: `http://127.0.0.1:${fxPort}/rates?from={{from}}&to={{to}}&date={{date}}`,
      // The stand-in provider is on loopback, which only an entry marked +private may reach.
      FX_ALLOWED_HOSTS: `http://127.0.0.1:${fxPort}+private`,
      FX_TIMEOUT_MS: '300',
      INTERNAL_API_TOKEN: TEST_SECRETS.internalToken,
    });
    service = await buildGoalsService(config, testLogger());
    await service.start();
    const stream = seedStream(payTopic, cancelTopic);
    stream.sources[0] = { ...stream.sources[0]!, 'timestamp-path': 'data.at' } as never;
    expect((await api('POST', '/v1/streams', stream)).statusCode).toBe(201);
    await waitFor(() => service.consumer()?.isRunning());
  });

  afterAll(async () => {
    heldFx.splice(0).forEach((release) => release());
    await service?.stop();
    await service?.stop();
    await producer?.disconnect();
    await proxy?.close();
    await db?.drop();
    fxServer?.closeAllConnections();
    fxServer?.close();
  });

  it('refuses, at definition time and naming the field, ids that goals.achieved cannot carry', async () => {
    const cases: [object, string][] = [
      [{ ...seedGoals[1]!, 'goal-id': 3_000_000_000 }, '/goal-id'],
      [{ ...seedGoals[0]!, 'client-id': 'c'.repeat(65) }, '/client-id'],
    ];
    for (const [goal, path] of cases) {
      const response = await api('POST', '/v1/goals', goal);
      expect(response.statusCode).toBe(400);
      const error = response.json<{ error: { message: string; details: { path: string }[] } }>();
      expect(error.error.details.map((d) => d.path)).toContain(path);
    }
    expect((await api('POST', '/v1/goals', seedGoals[1])).statusCode).toBe(201);
  });

  it('dead-letters each bad record with its reason and applies every good record around it once', async () => {
    await producer.send(payTopic, [
      payment('good-1', 100),
      payment('c'.repeat(65), 100),
      payment('nul\u0000client', 100),
      payment('far-future', 100, 'TRL', 9e15),
      { key: 'one-partition', value: '{not json' },
      payment('good-2', 100),
    ]);
    const dead = await readTopic(kafka, `${payTopic}.dlq`, 4);
    await waitFor(async () => (await ledger()).length === 2);
    expect((await ledger()).map((r) => r.client_id)).toEqual(['good-1', 'good-2']);
    expect(dead.map((d) => [d.headers['x-original-offset'], d.headers['x-dlq-code']])).toEqual([
      ['1', 'MESSAGE_INVALID'],
      ['2', 'MESSAGE_INVALID'],
      ['3', 'MESSAGE_INVALID'],
      ['4', 'MESSAGE_UNDECODABLE'],
    ]);
    expect(dead[0]?.headers['x-dlq-reason']).toContain(
      'client id is 65 characters, the limit is 64',
    );
    expect(dead[1]?.headers['x-dlq-reason']).toContain('client id contains a control character');
    expect(dead[2]?.headers['x-dlq-reason']).toContain('timestamp');
  });

  it('holds a payment while the FX provider times out or fails, never dead-letters it, and converts it once the provider is back', async () => {
    const deadBefore = await dlqSize();
    fxMode = 'slow';
    await producer.send(payTopic, [payment('fx-client', 10, 'USD'), payment('after-fx', 5)]);
    await waitFor(() => fxCalls >= 3, {
      message: 'the provider was not asked again after a timeout',
    });
    fxMode = 'down';
    const calls = fxCalls;
    await waitFor(() => fxCalls >= calls + 3, { message: 'not retried after a 503' });
    expect((await ledger()).length).toBe(2);
    fxMode = 'ok';
    await waitFor(async () => (await ledger()).length === 4, { timeoutMs: 30_000 });
    expect((await ledger()).slice(2).map((r) => r.client_id)).toEqual(['fx-client', 'after-fx']);
    expect(await dlqSize()).toBe(deadBefore);

    // The rate for (USD, TRL, today) is cached: another USD payment costs no call.
    const callsAfter = fxCalls;
    await producer.send(payTopic, [payment('fx-client-2', 20, 'USD')]);
    await waitFor(async () => (await ledger()).length === 5);
    expect(fxCalls).toBe(callsAfter);
  });

  it('survives a PostgreSQL pause: held records are applied after it, and the definition sync reloads again', async () => {
    proxy.pause();
    await producer.send(payTopic, [payment('during-pause', 7)]);
    // A stream added by another replica while this one cannot reach the database.
    const later = { ...seedStream(laterTopic, cancelTopic), 'stream-id': 2 };
    await db.pool.query('INSERT INTO stream_definitions (stream_id, definition) VALUES ($1, $2)', [
      '2',
      JSON.stringify(later),
    ]);
    await waitFor(() => proxy.refused() >= 3, { message: 'nothing tried the database' });
    proxy.resume();
    await waitFor(async () => (await ledger()).some((r) => r.client_id === 'during-pause'), {
      timeoutMs: 40_000,
    });
    await producer.send(laterTopic, [payment('on-the-new-stream', 3)]);
    await waitFor(async () => (await ledger()).some((r) => r.client_id === 'on-the-new-stream'), {
      timeoutMs: 40_000,
      message: 'the definition sync never reloaded after the pause',
    });
    expect((await ledger()).filter((r) => r.client_id === 'during-pause')).toHaveLength(1);
  });

  async function dlqSize(): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(`${payTopic}.dlq`);
      return offsets.reduce((sum, o) => sum + Number(o.high), 0);
    } finally {
      await admin.disconnect();
    }
  }
});
