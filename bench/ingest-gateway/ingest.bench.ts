/**
 * Events/s through ingest-gateway into Kafka (batches of 100 and of 1) with latency percentiles
 * and the gateway's peak RSS, beside the raw producer of libs/kafka and a peer outside Node on the
 * same broker in the same run: kcat (librdkafka, Debian's package) producing the same events,
 * idempotent with acks=all. Each row carries the 1-minute load average taken when it ended.
 * Run: npx tsx bench/ingest-gateway/ingest.bench.ts [seconds per case=10] [rounds=3]
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createKafka,
  createProducer,
  createThreadedProducer,
  ensureTopics,
  kafkaSecurityFromEnv,
} from '@tributary/kafka';
import { createLogger } from '@tributary/logging';
import { loadIngestConfig } from '../../services/ingest-gateway/src/config';
import { buildIngestService } from '../../services/ingest-gateway/src/service';

const run = promisify(execFile);
const seconds = Number(process.argv[2] ?? 10);
const rounds = Number(process.argv[3] ?? 3);
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
/** Events kcat produces: enough for a few seconds at its pace. */
const PEER_EVENTS = 1_000_000;

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

interface Row {
  name: string;
  eventsPerSecond: number;
  requestsPerSecond?: number;
  p50?: number;
  p99?: number;
  errors: number;
  load: number;
}

function events(size: number, from = 0) {
  const now = new Date().toISOString();
  return Array.from({ length: size }, (_, n) => {
    const i = from + n;
    return {
      event_id: `bench-${i}`,
      type: 'product_view',
      occurred_at: now,
      user_id: `user-${i % 500}`,
      platform: 'web',
      properties: { product_id: `product-${i % 1000}`, category_id: `category-${i % 20}` },
    };
  });
}

function body(size: number): string {
  const batch = events(size);
  return JSON.stringify(size === 1 ? batch[0] : { events: batch });
}

const BENCH_KEY = randomBytes(32).toString('base64url');
const load = () => Math.round((loadavg()[0] ?? 0) * 10) / 10;

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

/** One gateway process serving `cases` in turn with autocannon. */
async function gatewaySamples(
  topic: string,
  cases: readonly (readonly [size: number, connections: number])[],
  producers: { PRODUCER_THREADS: string; PRODUCER_PARALLELISM?: string },
): Promise<Row[]> {
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const service = await buildIngestService(
    loadIngestConfig({
      EVENTS_TOPIC: topic,
      KAFKA_BROKERS: BROKERS,
      // The key check is part of the measured path, as in production.
      INGEST_API_KEYS: BENCH_KEY,
      KAFKA_TOPIC_PARTITIONS: '6',
      MAX_BODY_BYTES: '5000000',
      ...producers,
    }),
    logger,
  );
  await service.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(service.app.server.address() as AddressInfo).port}/v1/events`;
  const rows: Row[] = [];
  try {
    for (const [size, connections] of cases) {
      const result = await cannon(url, body(size), connections);
      rows.push({
        name: `gateway, batches of ${size} (${connections} connections), ${Object.entries(producers)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
        eventsPerSecond: result.requests.average * size,
        requestsPerSecond: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.non2xx + result.errors,
        load: load(),
      });
    }
  } finally {
    await service.stop();
  }
  return rows;
}

/** libs/kafka's producer alone: sends of 1,000 events, `outstanding` of them at a time. */
async function rawRow(
  topic: string,
  name: string,
  options: { parallel: number; coalesce: boolean; outstanding: number; threads?: number },
): Promise<Row> {
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const kafka = createKafka({
    brokers: BROKERS.split(','),
    clientId: 'bench',
    logger,
    security: kafkaSecurityFromEnv(process.env),
  });
  const producer =
    options.threads === undefined
      ? await createProducer(kafka, options)
      : await createThreadedProducer(kafka, { ...options, threads: options.threads, logger });
  const encoded = events(1000).map((e) => ({ key: e.user_id, value: JSON.stringify(e) }));
  const started = performance.now();
  let sent = 0;
  try {
    await Promise.all(
      Array.from({ length: options.outstanding }, async () => {
        while (performance.now() - started < seconds * 1000) {
          await producer.send(topic, encoded);
          sent += encoded.length;
        }
      }),
    );
  } finally {
    await producer.disconnect();
  }
  const rate = sent / ((performance.now() - started) / 1000);
  return { name, eventsPerSecond: rate, errors: 0, load: load() };
}

/** The events kcat produces, one `key TAB JSON` line each, in a temporary folder. */
async function peerInput(): Promise<{ file: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ingest-bench-'));
  const file = join(dir, 'events.tsv');
  const out = await open(file, 'w');
  for (let from = 0; from < PEER_EVENTS; from += 10_000) {
    const lines = events(10_000, from).map((e) => `${e.user_id}\t${JSON.stringify(e)}\n`);
    await out.write(lines.join(''));
  }
  await out.close();
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** kcat producing the same events (idempotent, acks=all); undefined when kcat is not installed. */
async function kcatRow(topic: string, file: string): Promise<Row | undefined> {
  const started = performance.now();
  const code = await new Promise<number | 'absent'>((resolve, reject) => {
    const kcat = spawn(
      'kcat',
      [
        '-P',
        '-b',
        BROKERS,
        '-t',
        topic,
        '-K',
        '\t',
        '-X',
        'enable.idempotence=true',
        '-X',
        'acks=all',
      ],
      { stdio: ['pipe', 'ignore', 'inherit'] },
    );
    kcat.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ENOENT' ? resolve('absent') : reject(err),
    );
    kcat.on('close', (status) => resolve(status ?? 1));
    // Without kcat the pipe breaks; the 'error' above already tells why.
    kcat.stdin.on('error', () => undefined);
    createReadStream(file).pipe(kcat.stdin);
  });
  if (code === 'absent') return undefined;
  if (code !== 0) throw new Error(`kcat exited with ${code}`);
  return {
    name: 'peer: kcat (librdkafka), idempotent, acks=all',
    eventsPerSecond: PEER_EVENTS / ((performance.now() - started) / 1000),
    errors: 0,
    load: load(),
  };
}

const fmt = (n: number | undefined) => (n === undefined ? '-' : Math.round(n).toLocaleString('en'));

/** The sample whose rate is the median of a case's rounds. */
function median(samples: Row[]): Row {
  const sorted = [...samples].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)] as Row;
}

const middle = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] as number;

async function main(): Promise<void> {
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const topic = `bench.ingest.${Date.now()}`;
  const kafka = createKafka({
    brokers: BROKERS.split(','),
    clientId: 'bench',
    logger,
    security: kafkaSecurityFromEnv(process.env),
  });
  const topics = [`${topic}.raw`, `${topic}.kcat`];
  await ensureTopics(
    kafka,
    topics.map((t) => ({ topic: t, partitions: 6, replicationFactor: 1 })),
  );
  const input = await peerInput();
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

  // Every case once per round, the peer included, so that each ratio compares figures taken
  // minutes apart at most, under the same load (this machine is shared).
  const samples = new Map<string, Row[]>();
  const ratios = new Map<string, number[]>();
  let peerAbsent = false;
  for (let round = 0; round < rounds; round += 1) {
    const cases = [
      [100, 16],
      [1, 64],
    ] as const;
    const taken: Row[] = [
      // The default: one producer thread beside the event loop.
      ...(await gatewaySamples(topic, cases, { PRODUCER_THREADS: '1' })),
      ...(await gatewaySamples(`${topic}.two`, cases, { PRODUCER_THREADS: '2' })),
      // The producer on the event loop, as before the producer threads.
      ...(await gatewaySamples(`${topic}.loop`, cases, {
        PRODUCER_THREADS: '0',
        PRODUCER_PARALLELISM: '1',
      })),
      await rawRow(`${topic}.raw`, 'raw producer, sends of 1,000 one after another (defaults)', {
        parallel: 1,
        coalesce: false,
        outstanding: 1,
      }),
      await rawRow(
        `${topic}.raw`,
        'raw producer on the event loop: 2 producers, coalescing, 4 sends of 1,000 outstanding',
        { parallel: 2, coalesce: true, outstanding: 4 },
      ),
      await rawRow(
        `${topic}.raw`,
        'raw producer in 1 thread: coalescing, 4 sends of 1,000 outstanding',
        { parallel: 1, coalesce: true, outstanding: 4, threads: 1 },
      ),
      await rawRow(
        `${topic}.raw`,
        'raw producer in 2 threads: coalescing, 4 sends of 1,000 outstanding',
        { parallel: 2, coalesce: true, outstanding: 4, threads: 2 },
      ),
    ];
    const peer = await kcatRow(`${topic}.kcat`, input.file);
    if (peer) taken.push(peer);
    else peerAbsent = true;
    for (const row of taken) {
      samples.set(row.name, [...(samples.get(row.name) ?? []), row]);
      if (peer)
        ratios.set(row.name, [
          ...(ratios.get(row.name) ?? []),
          row.eventsPerSecond / peer.eventsPerSecond,
        ]);
    }
  }
  clearInterval(sampler);
  await input.remove();

  const admin = kafka.admin();
  await admin.connect();
  await admin
    .deleteTopics({
      topics: [
        ...[topic, `${topic}.two`, `${topic}.loop`].flatMap((t) => [t, `${t}.dlq`]),
        ...topics,
      ],
    })
    .catch(() => undefined);
  await admin.disconnect();

  console.log(
    `ingest-gateway benchmark, ${rounds} rounds of ${seconds} s per case, loopback, ${new Date().toISOString()}; median of the rounds, "of kcat" the median of each round's ratio, load the 1-minute load average at the end of each sample (lowest-highest)`,
  );
  console.log('| case | events/s | of kcat | requests/s | p50 ms | p99 ms | errors | load |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, rows] of samples) {
    const row = median(rows);
    const ratio = ratios.get(name);
    const loads = rows.map((r) => r.load);
    const errors = rows.reduce((sum, r) => sum + r.errors, 0);
    console.log(
      `| ${name} | ${fmt(row.eventsPerSecond)} | ${ratio && !peerAbsent ? middle(ratio).toFixed(3) : '-'} | ${fmt(row.requestsPerSecond)} | ${row.p50 ?? '-'} | ${row.p99 ?? '-'} | ${errors} | ${Math.min(...loads)}-${Math.max(...loads)} |`,
    );
  }
  if (peerAbsent) console.log("peer kcat: absent (install Debian's kcat package for the ratios)");
  console.log(`peak RSS of the process (gateway, producers): ${Math.round(peakRss / 1048576)} MiB`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
