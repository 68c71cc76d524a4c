import { randomBytes } from 'node:crypto';
/**
 * Events/s through ingest-gateway into Kafka (batches of 100 and of 1) with latency percentiles
 * and the gateway's peak RSS, beside the raw producer rate on the same broker.
 * Run: npx tsx bench/ingest-gateway/ingest.bench.ts [seconds=15]
 */
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { createKafka, createProducer, ensureTopics, kafkaSecurityFromEnv } from '@tributary/kafka';
import { createLogger } from '@tributary/logging';
import { loadIngestConfig } from '../../services/ingest-gateway/src/config';
import { buildIngestService } from '../../services/ingest-gateway/src/service';

const run = promisify(execFile);
const seconds = Number(process.argv[2] ?? 15);

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

function body(size: number): string {
  const now = new Date().toISOString();
  const events = Array.from({ length: size }, (_, i) => ({
    event_id: `bench-${i}`,
    type: 'product_view',
    occurred_at: now,
    user_id: `user-${i % 500}`,
    platform: 'web',
    properties: { product_id: `product-${i % 1000}`, category_id: `category-${i % 20}` },
  }));
  return JSON.stringify(size === 1 ? events[0] : { events });
}

const BENCH_KEY = randomBytes(32).toString('base64url');

async function cannon(
  url: string,
  payload: string,
  connections: number,
): Promise<AutocannonResult> {
  const { stdout } = await run(
    'npx',
    [
      'autocannon',
      '--json',
      '-d',
      String(seconds),
      '-c',
      String(connections),
      '-m',
      'POST',
      '-H',
      'content-type=application/json',
      '-H',
      `x-api-key=${BENCH_KEY}`,
      '-b',
      payload,
      url,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as AutocannonResult;
}

async function main(): Promise<void> {
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const topic = `bench.ingest.${Date.now()}`;
  const service = await buildIngestService(
    loadIngestConfig({
      EVENTS_TOPIC: topic,
      // The key check is part of the measured path, as in production.
      INGEST_API_KEYS: BENCH_KEY,
      KAFKA_TOPIC_PARTITIONS: '6',
      MAX_BODY_BYTES: '5000000',
    }),
    logger,
  );
  await service.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(service.app.server.address() as AddressInfo).port}/v1/events`;
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

  const rows: string[] = [];
  for (const [size, connections] of [
    [100, 16],
    [1, 64],
  ] as const) {
    const result = await cannon(url, body(size), connections);
    rows.push(
      `| gateway, batches of ${size} | ${Math.round(result.requests.average * size).toLocaleString('en')} | ${Math.round(result.requests.average).toLocaleString('en')} | ${result.latency.p50} | ${result.latency.p99} | ${result.non2xx + result.errors} |`,
    );
  }
  clearInterval(sampler);
  await service.stop();

  const kafka = createKafka({
    brokers: ['127.0.0.1:9092'],
    clientId: 'bench',
    logger,
    security: kafkaSecurityFromEnv(process.env),
  });
  const rawTopic = `${topic}.raw`;
  await ensureTopics(kafka, [{ topic: rawTopic, partitions: 6, replicationFactor: 1 }]);
  const producer = await createProducer(kafka);
  const messages = JSON.parse(body(1000)) as { events: { user_id: string }[] };
  const encoded = messages.events.map((e) => ({ key: e.user_id, value: JSON.stringify(e) }));
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < seconds * 1000) {
    await producer.send(rawTopic, encoded);
    sent += encoded.length;
  }
  const rawRate = sent / ((performance.now() - started) / 1000);
  await producer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic, `${topic}.dlq`, rawTopic] }).catch(() => undefined);
  await admin.disconnect();

  console.log(`ingest-gateway benchmark, ${seconds} s per case, loopback, one gateway process`);
  console.log('| case | events/s | requests/s | p50 ms | p99 ms | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  rows.forEach((r) => console.log(r));
  console.log(
    `| raw idempotent producer, sends of 1000 | ${Math.round(rawRate).toLocaleString('en')} | - | - | - | 0 |`,
  );
  console.log(`gateway peak RSS: ${Math.round(peakRss / 1048576)} MiB`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
