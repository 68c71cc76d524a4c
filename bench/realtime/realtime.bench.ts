// End-to-end throughput (Kafka -> realtime-analytics -> Redis) and query latency of the readers.
// Needs the infrastructure (npm run infra). Run:
//   npx tsx --tsconfig bench/realtime/tsconfig.json bench/realtime/realtime.bench.ts [views]
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createKafka, createProducer, ensureTopics, kafkaSecurityFromEnv } from '@tributary/kafka';
import { createLogger } from '@tributary/logging';
import { createRedis, redisReady } from '@tributary/redis';
import type { CustomerEvent } from '@tributary/schemas';
import { loadRealtimeConfig } from '../../services/realtime-analytics/src/config';
import {
  buildRealtimeService,
  type RealtimeService,
} from '../../services/realtime-analytics/src/service';

const VIEWS = Number(process.argv[2] ?? 200_000);
const USERS = 20_000;
const CATEGORIES = 200;
const PLATFORMS = ['web', 'ios', 'android', 'mweb'];
const PARTITIONS = 6;
const id = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const topic = `bench_rt_${id}`;
const logger = createLogger({ service: 'realtime-bench', level: 'warn' });
const kafka = createKafka({
  brokers: ['127.0.0.1:9092'],
  clientId: `bench-${id}`,
  logger,
  security: kafkaSecurityFromEnv(process.env),
});

function event(i: number, now: number): CustomerEvent {
  return {
    event_id: `bench-${id}-${i}`,
    type: 'product_view',
    occurred_at: new Date(now - Math.floor((i * 240_000) / VIEWS)).toISOString(),
    received_at: new Date(now).toISOString(),
    channel: 'direct',
    user_id: `u${(i * 7919) % USERS}`,
    platform: PLATFORMS[i % PLATFORMS.length],
    properties: { product_id: `p${(i * 31) % 5_000}`, category_id: `c${i % CATEGORIES}` },
  };
}

async function produce(now: number): Promise<void> {
  await ensureTopics(kafka, [{ topic, partitions: PARTITIONS, replicationFactor: 1 }]);
  const producer = await createProducer(kafka);
  for (let start = 0; start < VIEWS; start += 5_000) {
    const batch = [];
    for (let i = start; i < Math.min(VIEWS, start + 5_000); i += 1) {
      const e = event(i, now);
      batch.push({ key: e.user_id ?? '', value: e });
    }
    await producer.sendJson(topic, batch);
  }
  await producer.disconnect();
}

interface Tally {
  views: number;
  users: Set<string>;
}

/** What every answer should say: the views read back from Kafka and counted in memory. */
interface Exact {
  users: Map<string, number>;
  categories: Map<string, Tally>;
  platforms: Map<string, Tally>;
  seconds: number;
}

/**
 * The bench's own exact recomputation, the peer of the service's figure: a plain consumer reads
 * the same topic from the start and counts every view of the window (all of them: the clock is
 * frozen after the last one) per user, category and platform, with exact distinct users.
 */
async function exactRecomputation(now: number): Promise<Exact> {
  const windowStart = now - 300_000;
  const exact: Exact = {
    users: new Map(),
    categories: new Map(),
    platforms: new Map(),
    seconds: 0,
  };
  const tally = (map: Map<string, Tally>, key: string, user: string) => {
    const t = map.get(key) ?? { views: 0, users: new Set<string>() };
    t.views += 1;
    t.users.add(user);
    map.set(key, t);
  };
  const consumer = kafka.consumer({ groupId: `bench-exact-${id}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            seen += 1;
            const e = JSON.parse(String(message.value)) as CustomerEvent;
            const at = Date.parse(e.occurred_at);
            const user = e.user_id;
            const category = (e.properties as { category_id?: string } | undefined)?.category_id;
            if (at <= windowStart || at > now || !user || !category) continue;
            exact.users.set(user, (exact.users.get(user) ?? 0) + 1);
            tally(exact.categories, category, user);
            tally(exact.platforms, e.platform ?? 'unknown', user);
          }
          if (seen >= VIEWS) resolve();
        },
      })
      .catch(reject);
  });
  exact.seconds = (performance.now() - t0) / 1000;
  await consumer.disconnect();
  return exact;
}

/** Where the service's answers differ from the exact counts (empty: they agree). */
async function disagreements(service: RealtimeService, now: number, exact: Exact) {
  const found: string[] = [];
  const users = await service.reader.users({ now, limit: 100 });
  if (users.distinct_users !== exact.users.size) found.push('distinct users');
  for (const u of users.users) {
    if (exact.users.get(u.user_id) !== u.views) found.push(`user ${u.user_id}`);
  }
  const top = [...exact.users.values()].sort((a, b) => b - a)[0];
  if (users.users[0]?.views !== top) found.push('top user');
  const categories = await service.reader.categories({ now, limit: 1_000 });
  if (categories.distinct_categories !== exact.categories.size) found.push('distinct categories');
  for (const c of categories.categories) {
    const t = exact.categories.get(c.category_id);
    if (t?.views !== c.views || t.users.size !== c.distinct_users) found.push(c.category_id);
  }
  const platforms = await service.reader.platforms({ now });
  for (const p of platforms.platforms) {
    const t = exact.platforms.get(p.platform);
    if (t?.views !== p.views || t.users.size !== p.distinct_users) found.push(p.platform);
  }
  if (platforms.platforms.length !== exact.platforms.size) found.push('platforms');
  return found;
}

async function startService(
  prefix: string,
  rebuild: boolean,
  now: () => number,
): Promise<RealtimeService> {
  const config = loadRealtimeConfig({
    EVENTS_TOPIC: topic,
    CONSUMER_GROUP: `bench-${prefix}`,
    REDIS_KEY_PREFIX: prefix,
    REBUILD_ON_START: String(rebuild),
    LOG_LEVEL: 'warn',
  });
  const service = await buildRealtimeService(config, { logger, kafka, now });
  return service;
}

async function until(probe: () => Promise<boolean>): Promise<void> {
  for (;;) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function latency(label: string, runs: number, query: (i: number) => Promise<unknown>) {
  for (let i = 0; i < Math.min(50, runs); i += 1) await query(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    await query(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const pick = (q: number) =>
    times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  return {
    query: label,
    runs,
    p50_ms: +pick(0.5).toFixed(2),
    p99_ms: +pick(0.99).toFixed(2),
    max_ms: +pick(1).toFixed(2),
  };
}

async function main(): Promise<void> {
  const now = Date.now();
  // Every view is in the window at `now`: the clock is frozen so the answers stay full while we measure.
  const clock = () => now;
  await produce(now);

  const livePrefix = `bench:${id}:live:`;
  const service = await startService(livePrefix, false, clock);
  const t0 = performance.now();
  await service.start();
  await until(async () => (await service.reader.snapshot({ now, limit: 1 })).total_views === VIEWS);
  const ingestSeconds = (performance.now() - t0) / 1000;
  const exact = await exactRecomputation(now);
  const differences = await disagreements(service, now, exact);

  const rows = [
    await latency('users (top 100)', 2_000, () => service.reader.users({ now, limit: 100 })),
    await latency('categories (top 100)', 2_000, () =>
      service.reader.categories({ now, limit: 100 }),
    ),
    await latency('platforms', 2_000, () => service.reader.platforms({ now })),
    await latency('snapshot (change feed)', 1_000, () =>
      service.reader.snapshot({ now, limit: 100 }),
    ),
    await latency('recently viewed (5)', 2_000, (i) =>
      service.reader.recentlyViewed(`u${i % USERS}`),
    ),
    await latency('users at past instant', 10, () =>
      service.reader.users({ now, at: now - 60_000, limit: 100 }),
    ),
  ];
  await service.stop();

  const rebuildPrefix = `bench:${id}:rebuild:`;
  const rebuilt = await startService(rebuildPrefix, true, clock);
  const r0 = performance.now();
  await rebuilt.start(); // resolves after the rebuild from Kafka finished
  const rebuildSeconds = (performance.now() - r0) / 1000;
  await rebuilt.stop();

  console.log(
    `\nrealtime-analytics bench: ${VIEWS} product views, ${USERS} users, ${CATEGORIES} categories, ${PARTITIONS} partitions`,
  );
  console.table([
    {
      stage: 'Kafka -> Redis (consumer group)',
      seconds: +ingestSeconds.toFixed(2),
      views_per_s: Math.round(VIEWS / ingestSeconds),
    },
    {
      stage: 'rebuild from Kafka (seek by time)',
      seconds: +rebuildSeconds.toFixed(2),
      views_per_s: Math.round(VIEWS / rebuildSeconds),
    },
    {
      stage: 'peer: exact recomputation (Kafka -> counts in memory, no Redis)',
      seconds: +exact.seconds.toFixed(2),
      views_per_s: Math.round(VIEWS / exact.seconds),
    },
  ]);
  console.log(
    `service / exact recomputation: ${(exact.seconds / ingestSeconds).toFixed(2)}x its views/s; answers ${
      differences.length === 0
        ? 'agree with the exact counts (users, categories, platforms, distinct users)'
        : `DIFFER: ${differences.slice(0, 10).join(', ')}`
    }`,
  );
  console.table(rows);

  const raw = createRedis({ url: 'redis://127.0.0.1:6379' });
  await redisReady(raw);
  for (const prefix of [livePrefix, rebuildPrefix]) {
    let cursor = '0';
    do {
      const [next, keys] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5_000);
      if (keys.length) await raw.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
  raw.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
