import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  createTestRedis,
  testLogger,
  waitFor,
  type TestDatabase,
  type TestRedis,
} from '@tributary/testing';
import { runBackfill } from './cli/run-backfill';
import { loadCategoryReportsConfig } from './config';
import { caseCategoryMap, caseOrders, caseViews } from './fixtures/case-dataset';
import { insertProducts, insertRawEvents } from './fixtures/warehouse-events';
import { buildCategoryReportsService, type CategoryReportsService } from './service';

const H = new Date('2026-01-10T13:00:00.000Z');
const FIRE = new Date('2026-01-10T14:05:00.000Z');

async function filesOf(folder: string): Promise<Record<string, string>> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries.filter((e) => e.isFile())) {
    const path = join(entry.parentPath, entry.name);
    files[path.slice(folder.length + 1)] = await readFile(path, 'utf8');
  }
  return files;
}

function withoutGeneratedAt(files: Record<string, string>): Record<string, unknown> {
  const manifest = JSON.parse(files['manifest.json']!) as Record<string, unknown>;
  return { ...files, 'manifest.json': { ...manifest, generated_at: 'x' } };
}

describe('category-reports service (real PostgreSQL and Redis)', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let dir: string;
  const services: CategoryReportsService[] = [];

  const env = (reportsDir: string) => ({
    DATABASE_URL: db.url,
    REDIS_URL: process.env.REDIS_URL,
    REDIS_KEY_PREFIX: redis.prefix,
    REPORTS_DIR: reportsDir,
    REPORT_ROLLING_HOURS: '3',
    TIME_ZONE: 'Europe/Istanbul',
    METRICS_PUBLIC: 'true',
  });
  const build = async (reportsDir: string, now?: () => Date) => {
    const service = await buildCategoryReportsService(
      loadCategoryReportsConfig(env(reportsDir)),
      testLogger(),
      now,
    );
    services.push(service);
    return service;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    dir = await mkdtemp(join(tmpdir(), 'category-reports-'));
    await insertProducts(db.pool, caseCategoryMap(), H);
    await insertRawEvents(db.pool, [...caseOrders(H).slice(0, 3000), ...caseViews(H, 5000, 7)]);
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await redis.cleanup();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers its probes', async () => {
    const service = await build(join(dir, 'probes'));
    expect((await service.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await service.app.inject({ url: '/readyz' });
    expect(ready.json()).toEqual({ status: 'ready' });
  });

  it('writes the last complete hour when the cron fires, and the backfill rewrites identical files', async () => {
    // A clock 300 ms before the 14:05 firing, so the real scheduler fires almost at once.
    const offset = FIRE.getTime() - 300 - Date.now();
    const scheduled = await build(join(dir, 'scheduled'), () => new Date(Date.now() + offset));
    scheduled.start();
    const folder = join(dir, 'scheduled', '2026-01-10T13');
    await waitFor(() => readFile(join(folder, 'manifest.json'), 'utf8').then(Boolean), {
      timeoutMs: 30_000,
    });
    const fromCron = await filesOf(folder);
    expect(Object.keys(fromCron).sort()).toEqual([
      'conversion.csv',
      'last-3h/conversion.csv',
      'last-3h/top-purchased.csv',
      'last-3h/top-viewed.csv',
      'manifest.json',
      'top-purchased.csv',
      'top-viewed.csv',
    ]);
    expect(fromCron['top-purchased.csv']!.split('\n')).toHaveLength(1 + 200 + 1);
    const manifest = JSON.parse(fromCron['manifest.json']!) as {
      hour: string;
      reports: { files: { conversion: { rows: number } } }[];
    };
    expect(manifest).toMatchObject({ hour: '2026-01-10T13', time_zone: 'Europe/Istanbul' });
    expect(manifest.reports[0]!.files.conversion.rows).toBe(20);

    const code = await runBackfill(
      ['--from', '2026-01-10T12', '--to', '2026-01-10T13'],
      env(join(dir, 'backfill')),
      () => testLogger(),
    );
    expect(code).toBe(0);
    const fromBackfill = await filesOf(join(dir, 'backfill', '2026-01-10T13'));
    expect(withoutGeneratedAt(fromBackfill)).toEqual(withoutGeneratedAt(fromCron));
    const emptyHour = await filesOf(join(dir, 'backfill', '2026-01-10T12'));
    expect(emptyHour['top-viewed.csv']).toBe(
      'period_start,period_end,category_id,rank,product_id,distinct_viewers,views\n',
    );
  });

  it('runs a firing once when two replicas fire at the same minute', async () => {
    const shared = join(dir, 'replicas');
    const [a, b] = await Promise.all([build(shared), build(shared)]);
    const fire = new Date('2026-01-10T16:05:00.000Z');
    const outcomes = await Promise.all([a.runScheduled(fire), b.runScheduled(fire)]);
    expect(outcomes.filter((o) => o === 'ran')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'ran')).toHaveLength(1);
    expect(await b.runScheduled(fire)).toBe('already-done');
    const metrics = await a.app.inject({ url: '/metrics' });
    expect(metrics.body).toMatch(
      /category_report_firings_total\{outcome="(ran|locked|already-done)"/,
    );
    // The hour 15:00-16:00 is done, whichever replica wrote it: the overdue alert's input.
    const hourEnd = Date.parse('2026-01-10T16:00:00.000Z') / 1000;
    const replicaB = await b.app.inject({ url: '/metrics' });
    expect(replicaB.body).toContain(
      `category_report_last_hour_done_timestamp_seconds{service="category-reports"} ${hourEnd}`,
    );
  });
});
