// journey-stitcher: events/s from Kafka into the warehouse with stitching, and the time to rebuild
// journeys from 1M raw events. Each part uses its own database (dropped afterwards).
// Run: npx tsx bench/journey-stitcher/stitch.bench.ts [--events 200000] [--rebuild-events 1000000]
//   [--partitions 6] [--concurrency 3] [--max-bytes 4194304] [--fetch-max-bytes 25165824]
//   [--shuffled] [--skip-rebuild]
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { createKafka, createProducer, ensureTopics, kafkaSecurityFromEnv } from '@tributary/kafka';
import { silentLogger } from '@tributary/logging';
import { migrateWarehouse } from '@tributary/migrations';
import { createPool, type Pool } from '@tributary/postgres';
import { uniqueName } from '@tributary/testing';
import { rebuildJourneys } from '../../services/journey-stitcher/src/adapters/journey-maintenance';
import { loadStitcherConfig, stitchingPolicyOf } from '../../services/journey-stitcher/src/config';
import { buildStitcherService } from '../../services/journey-stitcher/src/service';
import { generatedEvents } from '../../services/journey-stitcher/src/testing/generated-events';
import {
  sendEvents,
  waitForGroupCaughtUp,
} from '../../services/journey-stitcher/src/testing/stitcher-harness';
import { generateRawEvents } from './synthetic-raw-events';

const ADMIN_URL =
  process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const DAY = 86_400_000;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function withDatabase<T>(work: (pool: Pool, url: string) => Promise<T>): Promise<T> {
  const name = uniqueName('bench_journeys');
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const pool = createPool({
    connectionString: url.toString(),
    applicationName: 'bench',
    max: 4,
    statementTimeoutMs: 3_600_000,
  });
  try {
    await migrateWarehouse(pool);
    return await work(pool, url.toString());
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

async function streaming(
  count: number,
  partitions: number,
  concurrency: number,
  maxBytes: number,
): Promise<void> {
  const logger = silentLogger();
  const kafka = createKafka({
    brokers: BROKERS.split(','),
    clientId: 'bench',
    logger,
    security: kafkaSecurityFromEnv(process.env),
  });
  const topic = uniqueName('bench.events');
  await ensureTopics(kafka, [{ topic, partitions, replicationFactor: 1 }]);
  const end = Math.floor(Date.now() / DAY) * DAY;
  const events = generatedEvents({
    count,
    end,
    days: 30,
    seed: 3,
    customers: Math.floor(count / 20),
  });
  const producer = await createProducer(kafka);
  const produceStart = performance.now();
  await sendEvents(producer, topic, events);
  await producer.disconnect();
  console.log(
    `produced ${events.length} events in ${((performance.now() - produceStart) / 1000).toFixed(1)} s`,
  );

  await withDatabase(async (pool, url) => {
    const group = uniqueName('bench-stitcher');
    const config = loadStitcherConfig({
      DATABASE_URL: url,
      EVENTS_TOPIC: topic,
      JOURNEYS_TOPIC: `${topic}.journeys`,
      CONSUMER_GROUP: group,
      KAFKA_TOPIC_PARTITIONS: String(partitions),
      PARTITIONS_CONCURRENTLY: String(concurrency),
      KAFKA_MAX_BYTES_PER_PARTITION: String(maxBytes),
      KAFKA_MAX_BYTES_PER_FETCH: String(arg('--fetch-max-bytes', 25_165_824)),
      MIGRATE_ON_START: 'false',
    });
    const service = await buildStitcherService(config, { logger, kafka });
    // The consumer's own memory: the peak above what the process held before it started (the
    // generated events stay referenced, so the baseline includes them).
    global.gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 50);
    let firstBatchAt = 0;
    service.consumer.events.once('committed', () => (firstBatchAt = performance.now()));
    const start = performance.now();
    await service.start();
    await waitForGroupCaughtUp(kafka, group, topic, 600_000);
    const done = performance.now();
    clearInterval(sampler);
    await service.stop();
    const stored =
      (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM raw_events')).rows[0]?.n ??
      0;
    const journeys =
      (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM customer_journeys')).rows[0]
        ?.n ?? 0;
    const total = (done - start) / 1000;
    const steady = (done - firstBatchAt) / 1000;
    console.log(
      `streaming: ${events.length} messages (${stored} distinct events, ${journeys} journeys) ` +
        `in ${total.toFixed(1)} s from start = ${Math.round(events.length / total)} events/s; ` +
        `${Math.round(events.length / steady)} events/s after the first batch ` +
        `(${partitions} partitions, ${concurrency} concurrently, ${maxBytes} bytes per partition and ${arg('--fetch-max-bytes', 25_165_824)} per fetch, ` +
        `${process.argv.includes('--shuffled') ? 'shuffled' : 'receipt order'})`,
    );
    const mib = (bytes: number) => (bytes / 1_048_576).toFixed(0);
    console.log(
      `streaming memory: peak RSS ${mib(peakRss)} MiB (+${mib(peakRss - baseline.rss)} MiB over ` +
        `the process before the consumer started), peak heap +${mib(peakHeap - baseline.heapUsed)} MiB`,
    );
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin
    .deleteTopics({ topics: [topic, `${topic}.dlq`, `${topic}.journeys`] })
    .catch(() => undefined);
  await admin.disconnect();
}

async function rebuild(count: number): Promise<void> {
  await withDatabase(async (pool) => {
    const end = new Date(Math.floor(Date.now() / DAY) * DAY);
    const genStart = performance.now();
    await generateRawEvents(pool, count, end, 30);
    console.log(
      `generated ${count} raw events in ${((performance.now() - genStart) / 1000).toFixed(1)} s`,
    );
    const policy = stitchingPolicyOf(loadStitcherConfig({}));
    const range = { from: new Date(end.getTime() - 31 * DAY), to: new Date(end.getTime() + DAY) };
    for (const publish of [false, true]) {
      await pool.query('TRUNCATE customer_journeys, processed_messages');
      const start = performance.now();
      const { written } = await rebuildJourneys(pool, range, policy, {
        now: () => new Date(),
        chunkMs: 32 * DAY,
        publish,
      });
      const seconds = (performance.now() - start) / 1000;
      console.log(
        `rebuild${publish ? ' (with outbox marks)' : ''}: ${written} journeys from ${count} raw events in ${seconds.toFixed(1)} s`,
      );
    }
    const again = performance.now();
    const { written } = await rebuildJourneys(pool, range, policy, {
      now: () => new Date(),
      chunkMs: 32 * DAY,
      publish: true,
    });
    console.log(
      `rebuild again (no change): ${written} rewritten in ${((performance.now() - again) / 1000).toFixed(1)} s`,
    );
  });
}

async function main(): Promise<void> {
  await streaming(
    arg('--events', 200_000),
    arg('--partitions', 6),
    arg('--concurrency', 3),
    arg('--max-bytes', 4_194_304),
  );
  if (!process.argv.includes('--skip-rebuild')) await rebuild(arg('--rebuild-events', 1_000_000));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
