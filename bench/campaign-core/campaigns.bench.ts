import { randomBytes } from 'node:crypto';
// Goal events/s turned into campaign realizations, and action calls/s to a local receiver, on
// the real Kafka and PostgreSQL. Run: npx tsx bench/campaign-core/campaigns.bench.ts [events]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { createKafka, createProducer, ensureTopics, kafkaSecurityFromEnv } from '@tributary/kafka';
import { createLogger } from '@tributary/logging';
import { migrateWarehouse } from '@tributary/migrations';
import { createPool } from '@tributary/postgres';
import { loadCampaignCoreConfig } from '../../services/campaign-core/src/config';
import {
  monthPeriod,
  seedCampaign,
  seedUmbrella,
} from '../../services/campaign-core/src/domain/seed-fixtures';
import { buildCampaignCoreService } from '../../services/campaign-core/src/service';
import {
  startCampaignGoalsStub,
  streamGoal,
} from '../../services/campaign-core/src/testing/campaign-goals-stub';
import { goalMessage } from '../../services/campaign-core/src/testing/goal-message';

// The service refuses weak secrets; a bench makes a fresh one each run.
const TOKEN = randomBytes(32).toString('base64url');

const EVENTS = Number(process.argv[2] ?? 30_000);
const CLIENTS = Math.ceil(EVENTS / 6);
const ADMIN_URL =
  process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

async function until(probe: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('benchmark condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function main(): Promise<void> {
  const run = `${process.pid}_${Date.now()}`;
  const dbName = `tributary_bench_campaign_core_${run}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const pool = createPool({ connectionString: url.toString(), applicationName: 'bench', max: 20 });
  await migrateWarehouse(pool);

  const logger = createLogger({ service: 'bench', level: 'warn' });
  const kafka = createKafka({
    brokers: BROKERS,
    clientId: `bench-${run}`,
    logger,
    security: kafkaSecurityFromEnv(process.env),
  });
  const topic = `bench.goals.achieved.${run}`;
  await ensureTopics(kafka, [
    { topic, partitions: 6, replicationFactor: 1 },
    { topic: `${topic}.dlq`, partitions: 1, replicationFactor: 1 },
  ]);
  const producer = await createProducer(kafka);
  const goals = await startCampaignGoalsStub();
  for (const id of [101, 102, 103]) goals.goals.set(id, streamGoal(id));
  let received = 0;
  const receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      response.end('{"paid":true}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverHost = `127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  const clock = { at: new Date('2021-06-15T09:00:00Z') };
  const config = loadCampaignCoreConfig({
    INTERNAL_API_TOKEN: TOKEN,
    DATABASE_URL: url.toString(),
    GOALS_ACHIEVED_TOPIC: topic,
    CONSUMER_GROUP: `bench-${run}`,
    CONSUMER_CONCURRENCY: '6',
    CAMPAIGN_GOALS_URL: goals.url,
    ACTION_ALLOWED_HOSTS: `http://${receiverHost}+private`,
    ACTION_DISPATCHER_ENABLED: 'false',
    ACTION_BATCH_SIZE: '200',
    ACTION_POLL_MS: '10',
    LOG_LEVEL: 'warn',
  });
  const service = await buildCampaignCoreService(config, logger, { pool, now: () => clock.at });
  const inject = (path: string, payload: object) =>
    service.app.inject({
      method: 'POST',
      url: path,
      payload,
      headers: { 'x-internal-token': TOKEN, 'x-tributary-role': 'admin' },
    });
  await inject(
    '/v1/campaigns',
    seedCampaign({
      goals: [
        { id: 1, rule: [101, 102] },
        { id: 2, rule: [103] },
      ],
      action: { url: `http://${receiverHost}/pay/{{client-id}}`, method: 'POST' },
    }),
  );
  await inject('/v1/campaign-limits', seedUmbrella());
  await service.start();

  const count = async (sql: string) => Number((await pool.query<{ n: string }>(sql)).rows[0]?.n);
  const warm = goalMessage('warm-up', 101, monthPeriod(2021, 1));
  await producer.sendJson(topic, [{ key: warm['client-id'], value: warm }]);
  await until(async () => (await count('SELECT count(*) AS n FROM campaign_goal_inbox')) === 1);

  // Each client: goals 101, 102 (elapsed on the second) and 103 in two months.
  const messages = Array.from({ length: EVENTS }, (_, i) => {
    const client = `client-${i % CLIENTS}`;
    const step = Math.floor(i / CLIENTS);
    return goalMessage(
      client,
      [101, 102, 103][step % 3] ?? 101,
      monthPeriod(2021, 1 + Math.floor(step / 3)),
    );
  });
  const started = performance.now();
  for (let i = 0; i < messages.length; i += 1_000) {
    await producer.sendJson(
      topic,
      messages.slice(i, i + 1_000).map((m) => ({ key: m['client-id'], value: m })),
    );
  }
  await until(
    async () => (await count('SELECT count(*) AS n FROM campaign_goal_inbox')) === EVENTS + 1,
  );
  const consumeSeconds = (performance.now() - started) / 1000;
  const realizations = await count('SELECT count(*) AS n FROM campaign_realizations');
  const actions = await count("SELECT count(*) AS n FROM action_outbox WHERE status = 'pending'");

  const dispatchStarted = performance.now();
  service.dispatcher.start();
  await until(
    async () =>
      (await count("SELECT count(*) AS n FROM action_outbox WHERE status = 'pending'")) === 0,
  );
  const dispatchSeconds = (performance.now() - dispatchStarted) / 1000;

  console.log(
    JSON.stringify(
      {
        events: EVENTS,
        clients: CLIENTS,
        'consume-seconds': Number(consumeSeconds.toFixed(2)),
        'goal-events-per-second': Math.round(EVENTS / consumeSeconds),
        realizations,
        actions,
        'dispatch-seconds': Number(dispatchSeconds.toFixed(2)),
        'action-calls-per-second': Math.round(actions / dispatchSeconds),
        'receiver-calls': received,
      },
      null,
      2,
    ),
  );

  await service.stop();
  await producer.disconnect();
  await goals.close();
  receiver.close();
  await pool.end();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
  const adminKafka = kafka.admin();
  await adminKafka.connect();
  await adminKafka.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
  await adminKafka.disconnect();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
