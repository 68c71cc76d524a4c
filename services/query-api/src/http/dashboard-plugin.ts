import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { PUBLIC_SCOPE, type HttpApp } from '@tributary/http';

export interface DashboardOptions {
  /** The Vite build output: index.html and assets/ (services/query-api/web/dist). */
  distDir: string;
}

// The dashboard only talks to this origin; charts draw on canvas, so no inline script is needed.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tributary dashboard not built</title></head>
<body><h1>The dashboard is not built</h1>
<p>Build it with <code>npx vite build services/query-api/web</code>, then restart query-api.
The API itself is under <a href="/docs">/docs</a>.</p></body></html>
`;

/**
 * Serves the built dashboard at `/`: index.html is revalidated on every load (it names the
 * current hashed bundles), the hashed files under /assets/ are cached for a year.
 */
export async function registerDashboard(app: HttpApp, options: DashboardOptions): Promise<void> {
  const indexFile = join(options.distDir, 'index.html');
  const assetsDir = join(options.distDir, 'assets');
  const built = existsSync(indexFile);

  // The dashboard's files are public; every /v1 call it makes carries the user's credential.
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    void reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache');
    if (!built) return reply.status(503).send(NOT_BUILT);
    void reply
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer');
    return reply.send(await readFile(indexFile));
  });

  if (built && existsSync(assetsDir)) {
    await app.register(async (scope) => {
      scope.decorate(PUBLIC_SCOPE, true);
      await scope.register(fastifyStatic, {
        root: assetsDir,
        prefix: '/assets/',
        decorateReply: false,
        index: false,
        maxAge: '365d',
        immutable: true,
        schemaHide: true,
      });
    });
  }
}
