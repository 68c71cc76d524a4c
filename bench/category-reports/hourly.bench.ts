// Time to produce one hour's category reports over a synthetic warehouse, in a dedicated database,
// beside DuckDB computing the same reports from the same rows (Parquet it wrote itself).
// Run: npx tsx bench/category-reports/hourly.bench.ts [--background 9000000] [--in-hour 1000000]
//        [--reuse] [--runs 3] [--raw-runs 1]
// (--reuse measures again on the database, sets and Parquet files a previous run built.)
import { isDeepStrictEqual } from 'node:util';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import {
  REPORT_NAMES,
  readReportRows,
  rebuildReportSets,
  reportPeriod,
  rollingKind,
  setsReadiness,
} from '@tributary/category-report-store';
import { silentLogger } from '@tributary/logging';
import { migrateWarehouse } from '@tributary/migrations';
import { createPool, withTransaction, type Pool } from '@tributary/postgres';
import { reportHour } from '../../services/category-reports/src/jobs/report-hour';
import { DuckDbPeer, exportToParquet, type PeerRows } from './duckdb-peer';
import { buildWarehouse, type WarehouseShape } from './synthetic-warehouse';

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** PostgreSQL's stored rows of a period, without the period columns the peer does not produce. */
async function storedRows(pool: Pool, kind: string, start: Date): Promise<PeerRows> {
  const strip = <R extends { period_start: string; period_end: string }>(rows: R[]) =>
    rows.map(({ period_start: _s, period_end: _e, ...rest }) => rest);
  const [viewed, purchased, conversion] = await Promise.all(
    REPORT_NAMES.map((name) => readReportRows(pool, name, kind, start)),
  );
  return {
    'top-viewed': strip(viewed as never),
    'top-purchased': strip(purchased as never),
    conversion: strip(conversion as never),
  };
}

const ADMIN_URL =
  process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HOUR = new Date('2026-01-10T13:00:00.000Z');

const ROLLING_HOURS = 24;

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
  // The sets of the hour and the 23 before it (the last-24h period), rebuilt from raw events as a
  // backfill does; in production journey-stitcher writes them with each raw insert.
  const setsFrom = new Date(HOUR.getTime() - (ROLLING_HOURS - 1) * 3_600_000);
  const setsTo = new Date(HOUR.getTime() + 3_600_000);
  if (!(await setsReadiness(pool, setsFrom, setsTo)).ready) {
    const t0 = performance.now();
    for (let h = setsFrom.getTime(); h < setsTo.getTime(); h += 3_600_000)
      await withTransaction(pool, (c) =>
        rebuildReportSets(c, new Date(h), new Date(h + 3_600_000)),
      );
    await pool.query(
      'VACUUM ANALYZE category_view_sets, category_viewer_sets, category_purchase_sets',
    );
    console.log(
      `sets of ${ROLLING_HOURS} hours rebuilt from raw events in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  const parquetDir = join(tmpdir(), `${name}-parquet`);
  const te = performance.now();
  await exportToParquet(pool, parquetDir, log);
  console.log(
    `Parquet for DuckDB in ${parquetDir} (${((performance.now() - te) / 1000).toFixed(1)} s, not timed below)`,
  );
  const sets = await pool.query<{ view_rows: string; viewer_rows: string; purchase_rows: string }>(
    `SELECT (SELECT count(*) FROM category_view_sets WHERE hour = $1) AS view_rows,
            (SELECT count(*) FROM category_viewer_sets WHERE hour = $1) AS viewer_rows,
            (SELECT count(*) FROM category_purchase_sets WHERE hour = $1) AS purchase_rows`,
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
  const sr = sets.rows[0]!;
  console.log(
    `warehouse: ${counts.rows[0]!.total} events, ${counts.rows[0]!.in_hour} in the hour; the hour's sets: ${sr.view_rows} view, ${sr.viewer_rows} viewer, ${sr.purchase_rows} purchase rows; PostgreSQL on ${process.env.BENCH_CORES ?? '2'} cores`,
  );
  const runs = arg('--runs', 3);
  const rawRuns = arg('--raw-runs', 1);
  const peer = await DuckDbPeer.open(parquetDir);
  const periods = [
    { label: 'hour', rollingHours: 0, kinds: ['hour'] },
    {
      label: `hour + last-${ROLLING_HOURS}h`,
      rollingHours: ROLLING_HOURS,
      kinds: ['hour', rollingKind(ROLLING_HOURS)],
    },
  ];
  console.log('| periods | engine | run | wall time (s) | load (1/5/15 min) |');
  console.log('| --- | --- | ---: | ---: | --- |');
  for (const { label, rollingHours, kinds } of periods) {
    const row = (engine: string, run: number, seconds: number) =>
      console.log(`| ${label} | ${engine} | ${run} | ${seconds.toFixed(2)} | ${load()} |`);
    // Tributary as scheduled: SQL, reading the rows back, CSV files and manifest.
    for (let run = 1; run <= runs; run++) {
      const t0 = performance.now();
      await reportHour({ ...deps, rollingHours }, HOUR, new Date());
      row('Tributary (sets)', run, (performance.now() - t0) / 1000);
    }
    const ours = await Promise.all(
      kinds.map((k) => storedRows(pool, k, reportPeriod(k, HOUR)!.start)),
    );
    // DuckDB: the same reports from Parquet, rows returned to the process.
    let theirs: PeerRows[] = [];
    for (let run = 1; run <= runs; run++) {
      const t0 = performance.now();
      theirs = [];
      for (const k of kinds) {
        const period = reportPeriod(k, HOUR)!;
        theirs.push(await peer.report(parquetDir, period.start, period.end, deps.topN));
      }
      row('DuckDB (Parquet)', run, (performance.now() - t0) / 1000);
    }
    // The statement on raw events the report used before (and still uses when sets cannot serve).
    const coverage = await pool.query('DELETE FROM category_report_set_coverage RETURNING *');
    try {
      for (let run = 1; run <= rawRuns; run++) {
        const t0 = performance.now();
        await reportHour({ ...deps, rollingHours }, HOUR, new Date());
        row('Tributary (raw events)', run, (performance.now() - t0) / 1000);
      }
    } finally {
      for (const c of coverage.rows as { from_hour: Date; to_hour: Date }[])
        await pool.query('INSERT INTO category_report_set_coverage VALUES ($1, $2)', [
          c.from_hour,
          c.to_hour,
        ]);
    }
    const raw = await Promise.all(
      kinds.map((k) => storedRows(pool, k, reportPeriod(k, HOUR)!.start)),
    );
    const same = isDeepStrictEqual(ours, theirs) && (rawRuns === 0 || isDeepStrictEqual(ours, raw));
    const sizes = ours.map((o) => REPORT_NAMES.map((n) => o[n].length).join('/')).join(', ');
    console.log(`${label}: rows (${sizes}) identical across engines: ${same ? 'yes' : 'NO'}`);
    if (!same) {
      console.error(JSON.stringify({ ours, theirs, raw }).slice(0, 4000));
      process.exitCode = 1;
    }
  }
  peer.close();
  await rm(dir, { recursive: true, force: true });
  await pool.end();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
