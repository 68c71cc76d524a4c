import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createProducer, type JsonProducer, type Kafka } from '@tributary/kafka';
import { createLogger } from '@tributary/logging';
import {
  TEST_SECRETS,
  createTestDatabase,
  createTestTopics,
  internalHeaders,
  testKafka,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@tributary/testing';
import { loadCampaignCoreConfig } from '../../services/campaign-core/src/config';
import { seedCampaign } from '../../services/campaign-core/src/domain/seed-fixtures';
import {
  buildCampaignCoreService,
  type CampaignCoreService,
} from '../../services/campaign-core/src/service';
import { loadGoalsConfig } from '../../services/campaign-goals/src/config';
import { buildGoalsService, type GoalsService } from '../../services/campaign-goals/src/service';
import {
  paymentPayload,
  seedStream,
} from '../../services/campaign-goals/src/testing/seed-fixtures';

type Line = Record<string, unknown> & { msg?: string; trace_id?: string; client_id?: unknown };

/** A logger at debug whose lines the test reads back. */
function captured(service: string) {
  const lines: Line[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const text of chunk.toString().split('\n'))
        if (text.trim()) lines.push(JSON.parse(text) as Line);
      callback();
    },
  });
  return { lines, logger: createLogger({ service, level: 'debug', destination }) };
}

const GOAL = 501;
const CAMPAIGN = 9501;
const NOVEMBER = new Date('2021-11-15T09:00:00Z');

/**
 * Issue 22: one payment followed by one trace id, from its CDC record (with or without a
 * traceparent header) through campaign-goals, goals.achieved and campaign-core to the action
 * call, on the real broker and PostgreSQL, both services' log lines captured.
 */
describe('a payment followed by one trace id from its CDC record to its action call', () => {
  let db: TestDatabase;
  let kafka: Kafka;
  let producer: JsonProducer;
  let goals: GoalsService;
  let core: CampaignCoreService;
  let receiver: Server;
  let payTopic: string;
  const received: { url: string; headers: IncomingHttpHeaders }[] = [];
  const goalsLog = captured('campaign-goals');
  const coreLog = captured('campaign-core');

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      received.push({ url: request.url ?? '', headers: request.headers });
      request.resume();
      request.on('end', () => response.writeHead(200).end('{"paid":true}'));
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const receiverPort = (receiver.address() as AddressInfo).port;

    db = await createTestDatabase();
    kafka = testKafka();
    let cancelTopic: string;
    let goalsTopic: string;
    [payTopic, cancelTopic, goalsTopic] = (await createTestTopics(
      kafka,
      ['tracepay', 'tracecancel', 'tracegoals'],
      3,
    )) as [string, string, string];
    producer = await createProducer(kafka);

    goals = await buildGoalsService(
      loadGoalsConfig({
        DATABASE_URL: db.url,
        CLOCK_MODE: 'replay',
        CONSUMER_GROUP: uniqueName('trace-goals'),
        GOALS_ACHIEVED_TOPIC: goalsTopic,
        KAFKA_TOPIC_PARTITIONS: '3',
        SWEEP_INTERVAL_MS: '3600000',
        OUTBOX_INTERVAL_MS: '100',
        INTERNAL_API_TOKEN: TEST_SECRETS.internalToken,
        METRICS_PUBLIC: 'true',
      }),
      goalsLog.logger,
    );
    await goals.start();
    const goalsUrl = await goals.app.listen({ port: 0, host: '127.0.0.1' });
    const asAdmin = { headers: internalHeaders('admin') };
    const stream = await goals.app.inject({
      ...asAdmin,
      method: 'POST',
      url: '/v1/streams',
      payload: seedStream(payTopic, cancelTopic),
    });
    expect(stream.statusCode).toBe(201);
    const goal = await goals.app.inject({
      ...asAdmin,
      method: 'POST',
      url: '/v1/goals',
      payload: {
        'goal-id': GOAL,
        source: 'stream',
        'stream-id': 1,
        target: '1',
        type: 'times',
        trigger: 'when-reach',
      },
    });
    expect(goal.statusCode).toBe(201);

    core = await buildCampaignCoreService(
      loadCampaignCoreConfig({
        DATABASE_URL: db.url,
        GOALS_ACHIEVED_TOPIC: goalsTopic,
        CONSUMER_GROUP: uniqueName('trace-core'),
        KAFKA_TOPIC_PARTITIONS: '3',
        CAMPAIGN_GOALS_URL: goalsUrl,
        ACTION_ALLOWED_HOSTS: `http://127.0.0.1:${receiverPort}+private`,
        ACTION_POLL_MS: '20',
        INTERNAL_API_TOKEN: TEST_SECRETS.internalToken,
        METRICS_PUBLIC: 'true',
      }),
      coreLog.logger,
      { pool: db.pool, now: () => NOVEMBER },
    );
    const campaign = await core.app.inject({
      ...asAdmin,
      method: 'POST',
      url: '/v1/campaigns',
      payload: seedCampaign({
        'campaign-id': CAMPAIGN,
        goals: [{ id: 1, rule: [GOAL] }],
        action: { url: `http://127.0.0.1:${receiverPort}/pay/{{client-id}}`, method: 'POST' },
      }),
    });
    expect(campaign.statusCode).toBe(201);
    await core.start();
  });

  afterAll(async () => {
    await core?.stop();
    await goals?.stop();
    await producer?.disconnect();
    await db?.drop();
    receiver?.closeAllConnections();
    receiver?.close();
  });

  /** Sends one CDC payment and waits for its action call; answers the trace id it carried. */
  async function pay(client: string, headers: Record<string, string> = {}) {
    await producer.send(payTopic, [
      {
        key: client,
        value: JSON.stringify(paymentPayload(client, '120', 'TRL')),
        timestamp: String(NOVEMBER.getTime()),
        headers,
      },
    ]);
    await waitFor(async () => received.some((r) => r.url === `/pay/${client}`), {
      timeoutMs: 30_000,
    });
    const call = received.find((r) => r.url === `/pay/${client}`);
    const traceparent = String(call?.headers.traceparent ?? '');
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    return traceparent.slice(3, 35);
  }

  /** Every step's line about this client, and the trace id each carries. */
  function stepTraces(client: string): Record<string, (string | undefined)[]> {
    const steps: Record<string, (string | undefined)[]> = {};
    const about = (l: Line) => String(l.client_id) === client;
    for (const line of [...goalsLog.lines, ...coreLog.lines]) {
      if (!about(line) || !line.msg) continue;
      (steps[line.msg] ??= []).push(line.trace_id);
    }
    return steps;
  }

  function expectEveryStepOn(client: string, traceId: string) {
    const steps = stepTraces(client);
    // campaign-goals: the record applied and its goal realized; campaign-core: the campaign
    // realization booked and the action delivered.
    for (const step of [
      'stream record applied',
      'goal realized',
      'campaign realization elapsed',
      'action delivered',
    ]) {
      expect({ step, traces: steps[step] }).toEqual({ step, traces: [traceId] });
    }
    // The relay's line names the outbox row, not the client: found by the trace id itself.
    expect(
      goalsLog.lines.some((l) => l.msg === 'goals.achieved published' && l.trace_id === traceId),
    ).toBe(true);
  }

  it('continues the trace a CDC record carries in its traceparent header', async () => {
    const given = '0af7651916cd43dd8448eb211c80319c';
    const traceId = await pay('trace-given', { traceparent: `00-${given}-b7ad6b7169203331-01` });
    expect(traceId).toBe(given);
    await waitFor(async () => stepTraces('trace-given')['action delivered'] !== undefined);
    expectEveryStepOn('trace-given', given);
  });

  it('starts one trace at the first consumer for a record without one (Debezium)', async () => {
    const traceId = await pay('trace-started');
    await waitFor(async () => stepTraces('trace-started')['action delivered'] !== undefined);
    expectEveryStepOn('trace-started', traceId);
    expect(traceId).not.toBe('0af7651916cd43dd8448eb211c80319c');
    // The trace is stored with both outbox rows (the column of migration 0602).
    const stored = await db.pool.query<{ traceparent: string }>(
      `SELECT traceparent FROM action_outbox WHERE client_id = 'trace-started'
       UNION ALL SELECT traceparent FROM goal_outbox WHERE message_key = 'trace-started'`,
    );
    expect(stored.rows.map((r) => r.traceparent.slice(3, 35))).toEqual([traceId, traceId]);
  });

  it("counts both payments at every step in the services' own metrics", async () => {
    const scrape = async (app: GoalsService['app']) =>
      (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const value = (text: string, series: string) => {
      const line = text.split('\n').find((l) => l.startsWith(series));
      return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    const goalsText = await scrape(goals.app);
    const coreText = await scrape(core.app);
    expect(value(goalsText, 'campaign_goals_records_total{outcome="applied"')).toBe(2);
    expect(value(goalsText, 'campaign_goals_realizations_total{origin="record"')).toBe(2);
    expect(value(goalsText, 'campaign_goals_outbox_pending{')).toBe(0);
    expect(value(goalsText, 'campaign_goals_outbox_oldest_age_seconds{')).toBe(0);
    expect(value(coreText, 'campaign_core_evaluations_total{outcome="elapsed"')).toBe(2);
    expect(value(coreText, 'campaign_core_payouts_total{result="granted",reason="none"')).toBe(2);
    expect(value(coreText, 'campaign_core_limit_reservations_total{scope="campaign"')).toBe(2);
    expect(value(coreText, 'campaign_core_action_calls_total{outcome="sent"')).toBe(2);
    // A histogram's default label comes first on its _count line.
    expect(
      value(
        coreText,
        'campaign_core_action_call_duration_seconds_count{service="campaign-core",outcome="sent"',
      ),
    ).toBe(2);
    expect(value(coreText, 'campaign_core_action_outbox_pending{')).toBe(0);
  });
});
