import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createProducer, type JsonProducer, type Kafka } from '@tributary/kafka';
import type { CustomerEvent } from '@tributary/schemas';
import {
  createTestDatabase,
  createTestTopics,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@tributary/testing';
import { journeyColumns, toJourneyMessage, type JourneyRow } from './adapters/journey-rows';
import { loadStitcherConfig, stitchingPolicyOf } from './config';
import { identityLinksOf } from './domain/identity-links';
import { sweepNonConvertingPaths } from './domain/non-converting-paths';
import { toRawEventRow } from './domain/raw-event-row';
import { stitchJourneys } from './domain/stitch-journeys';
import { buildStitcherService } from './service';
import { generatedEvents } from './testing/generated-events';
import {
  collectTopics,
  DAY,
  publishedJourney,
  sendEvents,
  storedJourneys,
  storedRawEvents,
  waitForGroupCaughtUp,
} from './testing/stitcher-harness';

const ROOT = join(__dirname, '..', '..', '..');
const END = Math.floor(Date.now() / DAY) * DAY - DAY;
const policy = stitchingPolicyOf(loadStitcherConfig({}));

function runTs(script: string, args: string[], env: Record<string, string>): ChildProcess {
  // node itself (not npx) runs the script, so SIGKILL hits the process that holds the consumer.
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

const count = async (db: TestDatabase, sql: string) =>
  (await db.pool.query<{ n: number }>(sql)).rows[0]?.n ?? -1;

/** The oracle's journeys in the stored row shape. */
function oracleJourneys(events: readonly CustomerEvent[]) {
  const rows = events.map(toRawEventRow);
  return stitchJourneys(rows, identityLinksOf(rows), policy)
    .map((j) => ({
      journey_id: j.journeyId,
      customer_id: j.customerId,
      order_id: j.orderId,
      converted_at: j.convertedAt,
      revenue: j.revenue,
      currency: j.currency,
      touchpoints: j.touchpoints,
      channel_path: j.channelPath,
      touchpoint_count: j.touchpointCount,
      first_touch_at: j.firstTouchAt,
      last_touch_at: j.lastTouchAt,
    }))
    .sort((a, b) => (a.journey_id < b.journey_id ? -1 : 1));
}

describe('journey-stitcher killed mid-stream, restarted, and rebuilt', () => {
  const events = generatedEvents({ count: 30_000, end: END, days: 30, seed: 11 });
  const unique = [...new Map(events.map((e) => [e.event_id, e])).values()];
  let kafka: Kafka;
  let producer: JsonProducer;
  let killedDb: TestDatabase;
  let steadyDb: TestDatabase;
  let eventsTopic: string;
  let killedJourneys: string;
  let steadyJourneys: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    kafka = testKafka();
    [killedDb, steadyDb] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    [eventsTopic, killedJourneys, steadyJourneys] = (await createTestTopics(kafka, [
      'events',
      'journeys',
      'journeys',
    ])) as [string, string, string];
    producer = await createProducer(kafka);
    await sendEvents(producer, eventsTopic, events);
  });
  afterAll(async () => {
    children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL'));
    await producer.disconnect();
    await Promise.all([killedDb.drop(), steadyDb.drop()]);
  });

  it('ends with the warehouse and journeys of an uninterrupted run, every journey version published', async () => {
    const group = uniqueName('stitcher');
    const env = {
      DATABASE_URL: killedDb.url,
      EVENTS_TOPIC: eventsTopic,
      JOURNEYS_TOPIC: killedJourneys,
      CONSUMER_GROUP: group,
      KAFKA_TOPIC_PARTITIONS: '3',
      // Small fetches: many batches, so the kill lands between and inside transactions.
      KAFKA_MAX_BYTES_PER_PARTITION: '65536',
      HTTP_PORT: String(20_000 + Math.floor(Math.random() * 20_000)),
    };
    const first = runTs('services/journey-stitcher/src/main.ts', [], env);
    children.push(first);
    const atKill = await waitFor(
      async () => {
        const n = await count(killedDb, 'SELECT count(*)::int AS n FROM raw_events');
        return n >= unique.length / 4 && n;
      },
      { timeoutMs: 90_000, intervalMs: 10 },
    );
    first.kill('SIGKILL');
    await exitCode(first);
    expect(atKill).toBeLessThan(unique.length);

    const second = runTs('services/journey-stitcher/src/main.ts', [], env);
    children.push(second);

    const steadyGroup = uniqueName('steady');
    const steady = await buildStitcherService(
      loadStitcherConfig({
        ...env,
        DATABASE_URL: steadyDb.url,
        JOURNEYS_TOPIC: steadyJourneys,
        CONSUMER_GROUP: steadyGroup,
        MIGRATE_ON_START: 'false',
      }),
      { logger: testLogger(), kafka },
    );
    await steady.start();
    await waitForGroupCaughtUp(kafka, group, eventsTopic, 120_000);
    await waitForGroupCaughtUp(kafka, steadyGroup, eventsTopic, 120_000);
    await steady.stop();
    second.kill('SIGTERM');
    expect(await exitCode(second)).toBe(0);

    expect(await count(killedDb, 'SELECT count(*)::int AS n FROM raw_events')).toBe(unique.length);
    expect(await storedRawEvents(killedDb.pool)).toEqual(await storedRawEvents(steadyDb.pool));
    const journeys = await storedJourneys(killedDb.pool);
    expect(journeys.length).toBeGreaterThan(2_000);
    expect(journeys).toEqual(await storedJourneys(steadyDb.pool));
    expect(journeys).toEqual(oracleJourneys(unique));

    // At least once: the last version of every journey reached the topic (outbox relay included).
    expect(await count(killedDb, 'SELECT count(*)::int AS n FROM processed_messages')).toBe(0);
    const final = (
      await killedDb.pool.query<JourneyRow>(
        `SELECT ${journeyColumns('j')} FROM customer_journeys j`,
      )
    ).rows;
    const collector = await collectTopics(kafka, [killedJourneys]);
    try {
      const seen = await waitFor(
        () => {
          const messages = collector.of(killedJourneys).map((m) => publishedJourney(m.value));
          const keys = new Map(messages.map((m) => [`${m.journey_id} ${m.version}`, m]));
          return final.every((j) => keys.has(`${j.journey_id} ${j.version}`)) && keys;
        },
        { timeoutMs: 60_000 },
      );
      for (const row of final)
        expect(seen.get(`${row.journey_id} ${row.version}`)).toEqual(toJourneyMessage(row));
    } finally {
      await collector.stop();
    }
  }, 300_000);

  it('the rebuild command reproduces the streamed journeys row for row, and the sweep the oracle', async () => {
    const streamed = await storedJourneys(steadyDb.pool);
    await steadyDb.pool.query('DELETE FROM customer_journeys');
    const env = { DATABASE_URL: steadyDb.url };
    const from = new Date(END - 60 * DAY).toISOString();
    const to = new Date(END + 2 * DAY).toISOString();
    const rebuild = runTs(
      'services/journey-stitcher/src/cli/rebuild.ts',
      ['--from', from, '--to', to, '--chunk-days', '7'],
      env,
    );
    expect(await exitCode(rebuild)).toBe(0);
    expect(await storedJourneys(steadyDb.pool)).toEqual(streamed);

    const now = new Date(END + 200 * DAY);
    const sweep = runTs(
      'services/journey-stitcher/src/cli/sweep.ts',
      ['--from', from, '--to', to, '--now', now.toISOString()],
      env,
    );
    expect(await exitCode(sweep)).toBe(0);
    const rows = unique.map(toRawEventRow);
    const expected = sweepNonConvertingPaths(rows, identityLinksOf(rows), policy, {
      from: new Date(from),
      to: new Date(to),
      now,
    });
    const stored = await steadyDb.pool.query(
      'SELECT path_id, customer_id, window_start, window_end, touchpoints, channel_path, touchpoint_count FROM non_converting_paths ORDER BY path_id COLLATE "C"',
    );
    expect(expected.length).toBeGreaterThan(10);
    expect(
      stored.rows.map((r: Record<string, unknown>) => ({
        pathId: r['path_id'],
        customerId: r['customer_id'],
        windowStart: r['window_start'],
        windowEnd: r['window_end'],
        touchpoints: r['touchpoints'],
        channelPath: r['channel_path'],
        touchpointCount: r['touchpoint_count'],
      })),
    ).toEqual(expected);
  }, 120_000);
});
