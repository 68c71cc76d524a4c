import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpApp } from '@tributary/http';
import { createMetricsRegistry } from '@tributary/metrics';
import {
  createTestDatabase,
  createTestRedis,
  ensureTemplateDatabase,
  TEST_SECRETS,
  testLogger,
} from '@tributary/testing';
import { buildApp } from '../../services/query-api/src/app';
import { loadQueryConfig } from '../../services/query-api/src/config';
import { registerDashboard } from '../../services/query-api/src/http/dashboard-plugin';
import { startStubService } from '../../services/query-api/src/test-support/stub-service';
import { answerCampaignRequest } from './campaign-fixtures';
import { loadCaseData, viewsOf } from './case-data';
import { seedAttribution } from './seed-attribution';
import { createLiveFeed, type LiveFeed } from './seed-realtime';
import { seedReportHour } from './seed-reports';
import { writeTruthFile } from './seed-truth';

export const VIEWER_KEY = 'e2e-viewer-Tq6Lm1Xv8Kp3Wc9Rn4Hb2Zj7Gd5s';
export const REPORT_HOURS = ['2026-01-10T13', '2026-01-10T12'];

export interface SystemUnderTest {
  url: string;
  live: LiveFeed;
  /** GET a JSON answer of the API as the viewer, to compare what the page shows with. */
  api<T>(path: string): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The real query-api app (buildApp) over a fresh PostgreSQL database and Redis prefix seeded with
 * the case data, the dashboard served by registerDashboard, campaign services answered by a stub.
 */
export async function startSystem(distDir: string): Promise<SystemUnderTest> {
  process.env.TRIBUTARY_TEMPLATE_DB ??= await ensureTemplateDatabase();
  const db = await createTestDatabase();
  const redis = await createTestRedis();
  const campaigns = await startStubService();
  campaigns.answer(answerCampaignRequest);

  const data = loadCaseData();
  await seedAttribution(redis.redis, db.pool);
  const [h13, h12] = REPORT_HOURS.map((h) => new Date(`${h}:00:00.000Z`)) as [Date, Date];
  for (const [hour, orders] of [
    [h13, data.orders.slice(0, 300)],
    [h12, data.orders.slice(300, 500)],
  ] as const) {
    await seedReportHour(db.pool, hour, viewsOf(data.views, orders), orders);
  }
  const live = createLiveFeed(redis.redis, viewsOf(data.views, data.orders.slice(500, 1000)));
  await live.ingest(40);

  const truth = writeTruthFile();
  const loaded = loadQueryConfig({
    API_KEYS_JSON: JSON.stringify({ [VIEWER_KEY]: 'viewer' }),
    LOG_LEVEL: 'silent',
    CAMPAIGN_GOALS_URL: campaigns.url,
    CAMPAIGN_CORE_URL: campaigns.url,
    ATTRIBUTION_ENGINE_URL: campaigns.url,
    INTERNAL_API_TOKEN: TEST_SECRETS.internalToken,
    // The attribution page's truth table, as in the demo (npm run up).
    ATTRIBUTION_TRUTH_FILE: truth.file,
  });
  const app = await buildApp({
    ...loaded,
    logger: testLogger('query-api'),
    metrics: createMetricsRegistry('query-api', false),
    redis: redis.redis,
    pool: db.pool,
  });
  // Once the lead wires the dashboard into query-api itself, the app already has `/`.
  if (!app.hasRoute({ method: 'GET', url: '/' })) await registerDashboard(app, { distDir });
  await app.ready();
  const server = await listen(app);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    live,
    async api<T>(path: string) {
      const response = await fetch(`${url}${path}`, { headers: { 'x-api-key': VIEWER_KEY } });
      if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
      return (await response.json()) as T;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await campaigns.close();
      await redis.cleanup();
      await db.drop();
      rmSync(truth.dir, { recursive: true, force: true });
    },
  };
}

async function listen(app: HttpApp): Promise<Server> {
  const server = createServer((req, res) => app.routing(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
