import { createLogger } from '@tributary/logging';
import { createMetricsRegistry } from '@tributary/metrics';
import { createHttpApp } from './create-http-app';
import { HttpError } from './errors';

describe('createHttpApp', () => {
  it('answers with a request id and records each route, and unmatched requests, by status', async () => {
    const metrics = createMetricsRegistry('test', false);
    const app = await createHttpApp({
      logger: createLogger({ service: 'test', level: 'silent' }),
      metrics,
      access: {},
    });
    app.get('/items/:id', { config: { access: 'public' } }, async (request) => {
      if ((request.params as { id: string }).id === 'boom') throw new Error('boom');
      return { ok: true };
    });
    await app.ready();
    const first = await app.inject('/items/1');
    const second = await app.inject('/items/2');
    expect(first.headers['x-request-id']).toMatch(/^[0-9a-f]{12}-\w+$/);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    const given = await app.inject({ url: '/items/3', headers: { 'x-request-id': 'edge.42' } });
    expect(given.headers['x-request-id']).toBe('edge.42');
    expect((await app.inject('/items/boom')).statusCode).toBe(500);
    expect((await app.inject('/nowhere')).statusCode).toBe(404);
    expect((await app.inject({ method: 'HEAD', url: '/items/4' })).statusCode).toBe(200);
    const text = await metrics.metrics();
    const count = (labels: string) =>
      Number(
        new RegExp(`http_request_duration_seconds_count\\{[^}]*${labels}\\} (\\d+)`).exec(
          text,
        )?.[1],
      );
    expect(count('method="GET",route="/items/:id",status="200"')).toBe(3);
    expect(count('method="GET",route="/items/:id",status="500"')).toBe(1);
    expect(count('method="HEAD",route="/items/:id",status="200"')).toBe(1);
    expect(count('method="GET",route="unmatched",status="404"')).toBe(1);
    await app.close();
  });

  it('answers every error as an RFC 9457 problem document, keeping the error member', async () => {
    const app = await createHttpApp({
      logger: createLogger({ service: 'test', level: 'silent' }),
      metrics: createMetricsRegistry('test', false),
      access: {},
    });
    app.get('/teapot', { config: { access: 'public' } }, async () => {
      throw new HttpError('CONFLICT', 'already brewing');
    });
    await app.ready();
    for (const [url, status, code] of [
      ['/teapot', 409, 'CONFLICT'],
      ['/nowhere', 404, 'NOT_FOUND'],
    ] as const) {
      const response = await app.inject({ url, headers: { 'x-request-id': 'req-1' } });
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(response.json()).toMatchObject({
        type: `urn:tributary:problem:${code.toLowerCase().replace('_', '-')}`,
        status,
        instance: 'urn:tributary:request:req-1',
        error: { code, request_id: 'req-1' },
      });
      expect(typeof response.json<{ detail: unknown }>().detail).toBe('string');
    }
    const malformed = await app.inject({
      method: 'POST',
      url: '/teapot',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__": {"x": 1}}',
    });
    // Refused by the parser before any route, matched or not, could see it.
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    await app.close();
  });
});
