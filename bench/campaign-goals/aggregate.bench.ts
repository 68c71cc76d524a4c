import { randomBytes } from 'node:crypto';
// End-to-end aggregation through real Kafka and PostgreSQL: payment records/s applied with goal
// evaluation (phase 1, a backlog), and p95 from a record's produce time to its goals.achieved
// message (phase 2, paced live traffic). Run: npx tsx bench/campaign-goals/aggregate.bench.ts
import { performance } from 'node:perf_hooks';
import { createProducer, type Kafka } from '@tributary/kafka';
import {
  createTestDatabase,
  createTestTopics,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
} from '@tributary/testing';
import { loadGoalsConfig } from '../../services/campaign-goals/src/config';
import { buildGoalsService } from '../../services/campaign-goals/src/service';
import {
  paymentPayload,
  seedStream,
} from '../../services/campaign-goals/src/testing/seed-fixtures';

const BACKLOG = Number(process.env.BENCH_RECORDS ?? 200_000);
const CLIENTS = 10_000;
const LIVE_CLIENTS = 3_000;
const LIVE_RATE = Number(process.env.BENCH_LIVE_RATE ?? 3_000);
const PARTITIONS = 6;

async function produce(
  kafka: Kafka,
  topic: string,
  messages: { key: string; value: string; timestamp: string }[],
) {
  const producer = await createProducer(kafka);
  for (let i = 0; i < messages.length; i += 5_000)
    await producer.send(topic, messages.slice(i, i + 5_000));
  await producer.disconnect();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const kafka = testKafka();
  const [pay, cancel, goals] = (await createTestTopics(
    kafka,
    ['benchpay', 'benchcancel', 'benchgoals'],
    PARTITIONS,
  )) as [string, string, string];
  await db.pool.query('INSERT INTO stream_definitions (stream_id, definition) VALUES ($1, $2)', [
    '1',
    seedStream(pay, cancel),
  ]);
  const goalDefs = [
    {
      'goal-id': 1,
      source: 'stream',
      'stream-id': 1,
      target: '500',
      type: 'amount',
      trigger: 'when-reach',
    },
    {
      'goal-id': 2,
      source: 'stream',
      'stream-id': 1,
      target: '3',
      type: 'times',
      trigger: 'when-reach',
    },
  ];
  for (const g of goalDefs) {
    await db.pool.query(
      `INSERT INTO goal_definitions (goal_id, source, stream_id, definition) VALUES ($1, 'stream', '1', $2)`,
      [String(g['goal-id']), g],
    );
  }
  const now = Date.now();
  const backlog = Array.from({ length: BACKLOG }, (_, i) => {
    const client = String(1_000_000 + (i % CLIENTS));
    return {
      key: client,
      value: JSON.stringify(paymentPayload(client, `${(i % 90) + 10}.25`, 'TRL')),
      timestamp: String(now),
    };
  });
  await produce(kafka, pay, backlog);

  const config = loadGoalsConfig({
    // The service refuses weak secrets; a bench makes a fresh one each run.
    INTERNAL_API_TOKEN: randomBytes(32).toString('base64url'),
    DATABASE_URL: db.url,
    CONSUMER_GROUP: uniqueName('bench'),
    GOALS_ACHIEVED_TOPIC: goals,
    KAFKA_TOPIC_PARTITIONS: String(PARTITIONS),
    CONSUMER_CONCURRENCY: String(PARTITIONS),
    PG_POOL_MAX: '20',
    OUTBOX_INTERVAL_MS: '100',
    LOG_LEVEL: 'warn',
  });
  const service = await buildGoalsService(config, testLogger());
  const count = async () =>
    Number(
      (await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM stream_ledger')).rows[0]!.n,
    );
  const started = performance.now();
  let firstCommit = 0;
  await service.start();
  service.consumer()?.events.once('committed', () => (firstCommit = performance.now()));
  await waitFor(async () => (await count()) >= BACKLOG, { timeoutMs: 600_000, intervalMs: 100 });
  const seconds = (performance.now() - started) / 1000;
  const steady = (performance.now() - firstCommit) / 1000;
  console.log(
    `phase 1 (after the first committed batch): ${Math.round(BACKLOG / steady)} records/s`,
  );
  const realized = Number(
    (await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM goal_realizations')).rows[0]!.n,
  );
  console.log(
    `phase 1: ${BACKLOG} records, ${CLIENTS} clients, ${realized} realizations in ${seconds.toFixed(2)} s -> ${Math.round(BACKLOG / seconds)} records/s (incl. consumer group join)`,
  );

  // Phase 2: every live client realizes goal 2 (times 3) on its 3rd record.
  const latencies: number[] = [];
  const listener = kafka.consumer({ groupId: uniqueName('bench-listen') });
  await listener.connect();
  await listener.subscribe({ topic: goals, fromBeginning: false });
  await listener.run({
    eachMessage: async ({ message }) => {
      const body = JSON.parse(message.value?.toString() ?? '{}') as {
        'client-id': string;
        'goal-id': number;
        elapsed: string;
      };
      if (Number(body['client-id']) >= 2_000_000 && body['goal-id'] === 2)
        latencies.push(Date.now() - Date.parse(body.elapsed));
    },
  });
  const producer = await createProducer(kafka);
  const total = LIVE_CLIENTS * 3;
  const perTick = Math.max(1, Math.round(LIVE_RATE / 100));
  for (let i = 0; i < total; i += perTick) {
    const at = Date.now();
    const chunk = Array.from({ length: Math.min(perTick, total - i) }, (_, j) => {
      const client = String(2_000_000 + ((i + j) % LIVE_CLIENTS));
      return {
        key: client,
        value: JSON.stringify(paymentPayload(client, '1.00', 'TRL')),
        timestamp: String(at),
      };
    });
    await producer.send(pay, chunk);
    const wait = at + 10 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await waitFor(() => latencies.length >= LIVE_CLIENTS, { timeoutMs: 120_000 });
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(
    `phase 2: ${total} live records at ~${LIVE_RATE}/s, ${sorted.length} realizations; record -> goals.achieved ms: p50 ${percentile(sorted, 50)}, p95 ${percentile(sorted, 95)}, p99 ${percentile(sorted, 99)}, max ${sorted[sorted.length - 1]}`,
  );
  const { rows } = await db.pool.query<{ p50: number; p95: number }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95
       FROM (SELECT extract(epoch FROM created_at - elapsed) * 1000 AS ms FROM goal_realizations
              WHERE goal_id = '2' AND client_id >= '2000000') AS l`,
  );
  console.log(
    `phase 2: record -> realization row (transaction start) ms: p50 ${Math.round(rows[0]!.p50)}, p95 ${Math.round(rows[0]!.p95)}`,
  );
  await producer.disconnect();
  await listener.disconnect();
  await service.stop();
  await db.drop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
