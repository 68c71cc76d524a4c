// Time to produce one hour's category reports over a synthetic warehouse, in a dedicated database.
// Run: npx tsx bench/category-reports/hourly.bench.ts [--background 9000000] [--in-hour 1000000] [--reuse]
// (--reuse measures again on the database a previous run built.)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { silentLogger } from '@tributary/logging';
import { migrateWarehouse } from '@tributary/migrations';
import { createPool } from '@tributary/postgres';
import { reportHour } from '../../services/category-reports/src/jobs/report-hour';
import { buildWarehouse, type WarehouseShape } from './synthetic-warehouse';

const ADMIN_URL =
  process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HOUR = new Date('2026-01-10T13:00:00.000Z');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const shape: WarehouseShape = {
    background: arg('--background', 9_000_000),
    inHour: arg('--in-hour', 1_000_000),
    days: 10,
    users: 200_000,
    products: 20_000,
    categories: 50,
  };
  const total = shape.background + shape.inHour;
  const name = `tributary_bench_category_reports_${total}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const exists =
    (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  const reuse = process.argv.includes('--reuse') && exists;
  if (!reuse) {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  }
  await admin.end();

  const pool = createPool({
    connectionString: url.toString(),
    applicationName: 'bench',
    max: 4,
    statementTimeoutMs: 3_600_000,
  });
  const log = (m: string) => console.log(`  ${m}`);
  if (!reuse) {
    await migrateWarehouse(pool);
    const t0 = performance.now();
    await buildWarehouse(pool, shape, HOUR, log);
    console.log(
      `built ${total.toLocaleString('en')} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  const counts = await pool.query<{ total: string; in_hour: string }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE occurred_at >= $1 AND occurred_at < $1::timestamptz + interval '1 hour') AS in_hour
       FROM raw_events`,
    [HOUR],
  );
  const dir = await mkdtemp(join(tmpdir(), 'category-reports-bench-'));
  const deps = {
    pool,
    logger: silentLogger(),
    reportsDir: dir,
    timeZone: 'Europe/Istanbul',
    topN: 10,
    workMemMb: 128,
  };
  console.log(
    `warehouse: ${counts.rows[0]!.total} events, ${counts.rows[0]!.in_hour} in the hour; PostgreSQL on ${process.env.BENCH_CORES ?? '2'} cores`,
  );
  console.log('| periods | run | wall time (s) |');
  console.log('| --- | ---: | ---: |');
  for (const rollingHours of [0, 24]) {
    for (let run = 1; run <= 3; run++) {
      const t0 = performance.now();
      await reportHour({ ...deps, rollingHours }, HOUR, new Date());
      const seconds = (performance.now() - t0) / 1000;
      console.log(
        `| hour${rollingHours ? ` + last-${rollingHours}h` : ''} | ${run} | ${seconds.toFixed(2)} |`,
      );
    }
  }
  await rm(dir, { recursive: true, force: true });
  await pool.end();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
