import { Writable } from 'node:stream';
import { createLogger } from '@tributary/logging';
import { createMetricsRegistry } from '@tributary/metrics';
import { createHttpApp } from './create-http-app';

async function appWith(accessLogSampleRate?: number) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  const app = await createHttpApp({
    logger: createLogger({ service: 'test', level: 'info', destination }),
    metrics: createMetricsRegistry('test', false),
    access: {},
    ...(accessLogSampleRate === undefined ? {} : { accessLogSampleRate }),
  });
  app.get('/items/:id', { config: { access: 'public' } }, async (request) => {
    if ((request.params as { id: string }).id === 'boom') throw new Error('boom');
    return { ok: true };
  });
  await app.ready();
  const access = () => lines.filter((l) => l.msg === 'request done');
  return { app, lines, access };
}

describe('access log', () => {
  it('writes one info line per request: method, route, status, duration and request id', async () => {
    const { app, access } = await appWith();
    const ok = await app.inject({ url: '/items/7', headers: { 'x-request-id': 'edge.1' } });
    await app.inject('/healthz'); // a probe that succeeds is not logged
    await app.inject('/nowhere');
    expect(access()).toEqual([
      expect.objectContaining({
        level: 'info',
        method: 'GET',
        route: '/items/:id',
        status: 200,
        request_id: 'edge.1',
        duration_ms: expect.any(Number),
      }),
      expect.objectContaining({ route: 'unmatched', status: 404 }),
    ]);
    expect(ok.headers['x-request-id']).toBe('edge.1');
    await app.close();
  });

  it('names the caller trace on every line of the request when it sent a traceparent', async () => {
    const { app, lines } = await appWith();
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
    await app.inject({
      url: '/items/boom',
      headers: { traceparent: `00-${trace}-00f067aa0ba902b7-01` },
    });
    const ofRequest = lines.filter((l) => l.route !== undefined || l.msg === 'request error');
    expect(ofRequest.map((l) => l.msg)).toEqual([
      'request error',
      'request done',
      'request failed',
    ]);
    for (const line of ofRequest) expect(line.trace_id).toBe(trace);
    await app.inject({ url: '/items/1', headers: { traceparent: 'garbage' } });
    expect(lines.at(-1)).toEqual(expect.not.objectContaining({ trace_id: expect.anything() }));
    await app.close();
  });

  it('samples answers below 400 at the configured rate, never errors', async () => {
    const { app, access } = await appWith(0);
    await app.inject('/items/1');
    await app.inject('/items/boom');
    await app.inject('/nowhere');
    expect(access().map((l) => l.status)).toEqual([500, 404]);
    await app.close();
  });
});
