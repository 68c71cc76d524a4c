import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpApp, type HttpApp } from '@tributary/http';
import { createMetricsRegistry } from '@tributary/metrics';
import { testLogger } from '@tributary/testing';
import { registerDashboard } from './dashboard-plugin';

const INDEX =
  '<!doctype html><title>dash</title><script type="module" src="/assets/index-abc123.js"></script>';
const BUNDLE = 'console.log("dashboard");';

async function appWith(distDir: string): Promise<HttpApp> {
  const app = await createHttpApp({
    logger: testLogger('dashboard'),
    metrics: createMetricsRegistry('dashboard', false),
    access: {},
  });
  await registerDashboard(app, { distDir });
  app.get('/v1/ping', { config: { access: 'public' } }, async () => ({ ok: true }));
  await app.ready();
  return app;
}

describe('registerDashboard', () => {
  let dist: string;
  let app: HttpApp;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'dashboard-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), BUNDLE);
    app = await appWith(dist);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / and has browsers revalidate it', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(res.body).toBe(INDEX);
  });

  it('serves hashed assets with a long immutable cache', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body).toBe(BUNDLE);
  });

  it('answers 404 for a missing asset and never serves files outside assets/', async () => {
    expect((await app.inject({ method: 'GET', url: '/assets/nope.js' })).statusCode).toBe(404);
    const escape = await app.inject({ method: 'GET', url: '/assets/..%2Findex.html' });
    expect([403, 404]).toContain(escape.statusCode);
    expect(escape.body).not.toBe(INDEX);
  });

  it('leaves the API routes alone', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/ping' });
    expect(res.json()).toEqual({ ok: true });
  });

  it('says how to build the dashboard when the dist folder is missing', async () => {
    const bare = await appWith(join(dist, 'does-not-exist'));
    try {
      const res = await bare.inject({ method: 'GET', url: '/' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('npx vite build services/query-api/web');
      expect(
        (await bare.inject({ method: 'GET', url: '/assets/index-abc123.js' })).statusCode,
      ).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
