import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError, type HttpApp } from '@tributary/http';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Producers present `x-api-key` (or `Authorization: Bearer <key>`); compared in constant time. */
export function registerApiKeyAuth(app: HttpApp, keys: readonly string[]): void {
  const known = keys.map(digest);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/v1/')) return;
    const header = request.headers['x-api-key'];
    const bearer = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    const presented = typeof header === 'string' ? header : bearer;
    if (!presented) throw new HttpError('UNAUTHORIZED', 'missing API key (x-api-key header)');
    const candidate = digest(presented);
    if (!known.some((k) => timingSafeEqual(k, candidate)))
      throw new HttpError('UNAUTHORIZED', 'unknown API key');
  });
}
