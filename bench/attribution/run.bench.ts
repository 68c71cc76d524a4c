// End-to-end attribution run over journeys stored in PostgreSQL: SQL touches + path summary,
// the five rule-based models in SQL, Markov/Shapley/fractribution in TypeScript, the PostgreSQL
// history write and the Redis version + pointer switch. Needs the infrastructure (npm run infra).
// Run: npx tsx bench/attribution/run.bench.ts [journeys=100000]
import { performance } from 'node:perf_hooks';
import { createRedis, redisReady } from '@tributary/redis';
import {
  createTestDatabase,
  ensureTemplateDatabase,
  testEnv,
  testLogger,
  uniqueName,
} from '@tributary/testing';
import { createAttributionRunner } from '../../services/attribution-engine/src/runs/attribution-runner';
import { insertWarehouseJourneys } from './warehouse-journeys';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100_000);
  await ensureTemplateDatabase();
  const db = await createTestDatabase();
  const prefix = `${uniqueName('bench')}:`;
  const redis = createRedis({ url: testEnv.redisUrl, keyPrefix: prefix });
  await redisReady(redis);
  try {
    const end = new Date('2025-03-31T12:00:00Z');
    let t0 = performance.now();
    const inserted = await insertWarehouseJourneys(db.pool, count, end, 1);
    await db.pool.query('ANALYZE customer_journeys; ANALYZE non_converting_paths');
    console.log(
      `node ${process.version}; inserted ${count} journeys (${inserted.converting} converting) in ${(performance.now() - t0).toFixed(0)} ms`,
    );
    const runner = createAttributionRunner(
      { pool: db.pool, redis, logger: testLogger(), now: () => new Date() },
      { defaults: { windowDays: 30, timeZone: 'UTC', request: {} }, lockTtlMs: 600_000 },
    );
    for (const [label, request] of [
      ['no transform', {}],
      ['exposure', { transforms: ['exposure'] }],
    ] as const) {
      t0 = performance.now();
      const started = await runner.start(
        { ...request, date_from: '2025-02-01', date_to: '2025-03-31', time_zone: 'UTC' },
        'cli',
      );
      if (!started.started) throw new Error('lock busy');
      const { run } = await started.done;
      const wall = performance.now() - t0;
      const d = run.diagnostics!;
      console.log(
        `\n${label}: ${d.journeys} converting journeys, ${d.non_converting_paths} non-converting, ${d.distinct_paths} distinct paths, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
      );
      console.log('| step | runtime (ms) |\n| --- | ---: |');
      for (const [step, ms] of Object.entries(d.runtime_ms))
        console.log(`| ${step} | ${ms.toFixed(0)} |`);
      console.log(`| end to end (incl. lock, PG history, Redis switch) | ${wall.toFixed(0)} |`);
    }
  } finally {
    const raw = createRedis({ url: testEnv.redisUrl });
    await redisReady(raw);
    const keys = await raw.keys(`${prefix}*`);
    if (keys.length) await raw.del(...keys);
    raw.disconnect();
    redis.disconnect();
    await db.drop();
  }
}

void main();
