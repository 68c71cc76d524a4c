import { Client } from 'pg';
import { createKafka, kafkaSecurityFromEnv } from '@tributary/kafka';
import { createLogger } from '@tributary/logging';
import { createRedis, redisReady } from '@tributary/redis';

/**
 * `npm run up` starts from a clean demo: the demo database is recreated, the demo's Redis keys
 * and Kafka topics and consumer groups are deleted. Set TRIBUTARY_KEEP_DATA=1 to keep them.
 * Only what the demo owns is touched (database `tributary`, keys `trib:*`, the demo's topics).
 */
const TOPICS = [
  'events.raw',
  'journeys',
  'goals.achieved',
  'cdc_payments.pay',
  'cdc_payments.cancels',
];

async function resetPostgres(adminUrl: string, database: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
}

async function resetRedis(url: string, prefix: string): Promise<number> {
  const redis = createRedis({ url });
  await redisReady(redis);
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) deleted += await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
  return deleted;
}

async function resetKafka(brokers: string[]): Promise<string[]> {
  const logger = createLogger({ service: 'reset', level: 'error' });
  const admin = createKafka({
    brokers,
    clientId: 'demo-reset',
    logger,
    security: kafkaSecurityFromEnv(process.env),
  }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const doomed = TOPICS.flatMap((t) => [t, `${t}.dlq`]).filter((t) => existing.has(t));
    if (doomed.length) await admin.deleteTopics({ topics: doomed, timeout: 30_000 });
    // Deletion is asynchronous; services recreate these topics at start, so wait until gone.
    for (let i = 0; i < 120; i += 1) {
      const left = (await admin.listTopics()).filter((t) => doomed.includes(t));
      if (left.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const { groups } = await admin.listGroups();
    const ours = groups
      .map((g) => g.groupId)
      .filter((g) => /^(journey-stitcher|realtime-analytics|campaign-goals|campaign-core)/.test(g));
    if (ours.length) await admin.deleteGroups(ours).catch(() => undefined);
    return doomed;
  } finally {
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const databaseUrl = new URL(
    process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tributary',
  );
  const database = databaseUrl.pathname.slice(1);
  databaseUrl.pathname = '/postgres';
  await resetPostgres(databaseUrl.toString(), database);
  const keys = await resetRedis(
    process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    process.env.REDIS_KEY_PREFIX ?? 'trib:',
  );
  const topics = await resetKafka((process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','));
  process.stdout.write(
    `[reset] database ${database} recreated, ${keys} Redis keys and ${topics.length} topics deleted\n`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
