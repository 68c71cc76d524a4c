/**
 * What erasure costs: the stitcher's per-batch suppression check (HMACs + one indexed query under
 * the shared lock) and one customer's erasure on a filled warehouse.
 *   npx tsx bench/privacy/suppression.bench.ts [rawEvents=200000]
 */
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import {
  createIdHasher,
  openErasureFor,
  runErasure,
  suppress,
  withSuppressionGate,
} from '@tributary/privacy';
import { createRealtimeEraser } from '@tributary/realtime-store';
import { withTransaction } from '@tributary/postgres';
import {
  createTestDatabase,
  createTestRedis,
  ensureTemplateDatabase,
  testLogger,
} from '@tributary/testing';

const RAW = Number(process.argv[2] ?? 200_000);
const SECRET = 'bench-erasure-secret-Hq4Zp8Wm2Kx6Rv9Ln3Tc';
const plainHash = createIdHasher(SECRET);
const hash = createIdHasher(SECRET, 100_000);

async function main(): Promise<void> {
  process.env.TRIBUTARY_TEMPLATE_DB ??= await ensureTemplateDatabase();
  const db = await createTestDatabase();
  const redis = await createTestRedis();
  try {
    const ids = Array.from({ length: 1_000 }, (_, i) => `user-${i}`);
    let t = performance.now();
    for (let r = 0; r < 100; r += 1) for (const id of ids) plainHash(id);
    const hmacUs = ((performance.now() - t) * 1000) / 100_000;

    const gate = async (label: string) => {
      const runs = 200;
      t = performance.now();
      for (let r = 0; r < runs; r += 1) {
        await withSuppressionGate(db.pool, hash, ids, new Date(), async () => undefined);
      }
      console.log(
        `${label}: ${((performance.now() - t) / runs).toFixed(2)} ms per batch of 1,000 distinct ids`,
      );
    };
    await gate('gate, empty list (ids seen before: hashes cached)');
    await withTransaction(db.pool, (c) =>
      suppress(
        c,
        hash,
        Array.from({ length: 10_000 }, (_, i) => `gone-${i}`),
        new Date(),
        new Date(Date.now() + 7 * 86_400_000),
      ),
    );
    await gate('gate, 10,000 suppressions');

    // A warehouse of RAW events over RAW / 20 customers; erase one of them.
    const at = new Date(Date.now() - 3_600_000).toISOString();
    await db.pool.query(
      `INSERT INTO raw_events (event_id, type, occurred_at, received_at, customer_id, user_id, channel, payload)
       SELECT 'e' || g, 'page_view', $1, $1, 'c' || (g % ($2 / 20)), 'c' || (g % ($2 / 20)), 'direct', '{}'
       FROM generate_series(1, $2) g`,
      [at, RAW],
    );
    await db.pool.query('ANALYZE raw_events');
    const deps = {
      pool: db.pool,
      realtime: createRealtimeEraser(redis.redis),
      redis: redis.redis,
      hash,
      payoutRetention: 'pseudonymise' as const,
      suppressionMs: 7 * 86_400_000,
      now: () => new Date(),
      logger: testLogger(),
    };
    t = performance.now();
    const { record } = await openErasureFor(deps, {
      subject: { kind: 'user_id', id: 'c7' },
      reason: 'subject-request',
      requestedBy: 'bench',
    });
    const done = await runErasure(deps, record.erasure_id);
    console.log(
      `erasure of one customer (${JSON.stringify(done.steps.raw_events?.counts)} raw rows) in ${RAW.toLocaleString()} raw events: ${(performance.now() - t).toFixed(0)} ms`,
    );
    console.log(
      `HMAC-SHA256 per id: ${hmacUs.toFixed(2)} µs; load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await redis.cleanup();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
