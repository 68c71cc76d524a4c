import { randomBytes } from 'node:crypto';
/**
 * Requests/s and p50/p99 latency of query-api's hottest reads (the cached smart-model result and
 * a user's recently viewed products) beside a bare Fastify route returning a constant: this
 * machine's ceiling. Real Redis and PostgreSQL, autocannon in a separate process, loopback.
 * Run: npx tsx bench/query-api/gateway.bench.ts [seconds=10] [connections=50]
 */
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { publishRun, type RunSnapshot } from '@tributary/attribution-store';
import { createLogger } from '@tributary/logging';
import { createMetricsRegistry } from '@tributary/metrics';
import { createRealtimeWriter, DEFAULT_SETTINGS } from '@tributary/realtime-store';
import { createTestDatabase, createTestRedis } from '@tributary/testing';
import { buildApp } from '../../services/query-api/src/app';
import { loadQueryConfig } from '../../services/query-api/src/config';

const run = promisify(execFile);
const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 50);
// The service refuses weak secrets; a bench makes fresh ones each run.
const API_KEY = randomBytes(32).toString('base64url');

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

async function cannon(url: string, headers: string[] = []): Promise<AutocannonResult> {
  const args = [
    'autocannon',
    '--json',
    '-d',
    String(seconds),
    '-c',
    String(connections),
    ...headers.flatMap((h) => ['-H', h]),
    url,
  ];
  const { stdout } = await run('npx', args, { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as AutocannonResult;
}

function snapshot(channels: number): RunSnapshot {
  const share = 1 / channels;
  const credits = Object.fromEntries(
    Array.from({ length: channels }, (_, i) => [
      `channel-${i}`,
      {
        conversions: 100 * share,
        revenue: (1000 * share).toFixed(2),
        share,
        removal_effect: share,
      },
    ]),
  );
  return {
    run: {
      run_id: `bench-${Date.now()}`,
      trigger: 'cli',
      status: 'succeeded',
      options: {
        models: ['markov'],
        date_from: '2026-01-01',
        date_to: '2026-01-31',
        time_zone: 'UTC',
        dimension: 'channel',
        transforms: [],
        half_life: 7,
        order: 1,
        position_weights: { first: 0.4, middle: 0.2, last: 0.4 },
      },
      options_key: 'bench',
      started_at: '2026-02-01T00:00:00.000Z',
      finished_at: '2026-02-01T00:01:00.000Z',
      diagnostics: null,
      error: null,
    },
    results: {
      markov: {
        model: 'markov',
        options: { order: 1 },
        total_conversions: 100,
        total_revenue: '1000.00',
        channels: credits,
      },
    },
  };
}

async function main(): Promise<void> {
  const [redis, db] = await Promise.all([createTestRedis(), createTestDatabase()]);
  const now = Date.now();
  await publishRun(redis.redis, snapshot(12));
  await createRealtimeWriter(redis.redis, DEFAULT_SETTINGS).applyViews(
    Array.from({ length: 20 }, (_, i) => ({
      eventId: `bench-${i}`,
      userId: 'alice',
      productId: `product-${i}`,
      categoryId: `category-${i % 4}`,
      platform: 'web',
      occurredAt: now - 60_000 + i,
      receivedAt: now,
    })),
    now,
  );

  const bare = Fastify();
  bare.get('/bare', () => ({ ok: true }));
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}/bare`;

  const loaded = loadQueryConfig({
    API_KEYS_JSON: JSON.stringify({ [API_KEY]: 'viewer' }),
    INTERNAL_API_TOKEN: randomBytes(32).toString('base64url'),
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const app = await buildApp({
    ...loaded,
    logger: createLogger({ service: 'query-api', level: 'warn' }),
    metrics: createMetricsRegistry('query-api'),
    redis: redis.redis,
    pool: db.pool,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const auth = [`x-api-key=${API_KEY}`];

  // The ceiling is measured before and after the cases: load from other processes moves it.
  const bareBefore = await cannon(bareUrl);
  const cases: [string, AutocannonResult][] = [
    [
      'cached smart-model result (GET /v1/attribution/results/smart)',
      await cannon(`${base}/v1/attribution/results/smart`, auth),
    ],
    [
      'recently viewed (GET /v1/users/alice/recently-viewed)',
      await cannon(`${base}/v1/users/alice/recently-viewed`, auth),
    ],
  ];
  const etag =
    (
      await fetch(`${base}/v1/attribution/results/smart`, { headers: { 'x-api-key': API_KEY } })
    ).headers.get('etag') ?? '';
  cases.push([
    'smart-model result revalidated (If-None-Match -> 304)',
    await cannon(`${base}/v1/attribution/results/smart`, [...auth, `if-none-match=${etag}`]),
  ]);
  const bareAfter = await cannon(bareUrl);
  const ceiling = {
    ...bareBefore,
    requests: { average: (bareBefore.requests.average + bareAfter.requests.average) / 2 },
    latency: {
      p50: Math.max(bareBefore.latency.p50, bareAfter.latency.p50),
      p99: Math.max(bareBefore.latency.p99, bareAfter.latency.p99),
    },
  };

  await app.close();
  await bare.close();
  await Promise.all([redis.cleanup(), db.drop()]);

  const row = (name: string, r: AutocannonResult) =>
    `| ${name} | ${Math.round(r.requests.average).toLocaleString('en')} | ${r.latency.p50} | ${r.latency.p99} | ${((r.requests.average / ceiling.requests.average) * 100).toFixed(0)}% | ${r.non2xx + r.errors} |`;
  const load = (await import('node:os')).loadavg()[0]?.toFixed(1);
  console.log(
    `query-api benchmark: ${seconds} s per case, ${connections} connections, loopback, one process, load average ${load}`,
  );
  console.log('(304 answers count as non-2xx in the last row: they are the expected answer)');
  console.log('| case | req/s | p50 ms | p99 ms | of bare ceiling | non-2xx + errors |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  console.log(row('bare Fastify route returning a constant', ceiling));
  for (const [name, result] of cases) console.log(row(name, result));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
