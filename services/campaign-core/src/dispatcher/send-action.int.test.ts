import { guardedLookup } from '@tributary/outbound';
import type { OutboxItem } from '../adapters/action-outbox';
import { startLocalServer, type LocalServer } from '../testing/local-http-server';
import { sendAction } from './send-action';

describe('sendAction (node:http against a local server)', () => {
  // The test receiver is on loopback, which only a +private allow-list entry may reach.
  const lookup = guardedLookup(true);
  let server: LocalServer;
  const seen: {
    method: string;
    key: string | undefined;
    body: string;
    length: string | undefined;
  }[] = [];

  beforeAll(async () => {
    server = await startLocalServer((request, body, response) => {
      const key = request.headers['idempotency-key'];
      seen.push({
        method: request.method ?? '',
        key: Array.isArray(key) ? key[0] : key,
        body,
        length: request.headers['content-length'],
      });
      if (request.url === '/long') {
        response.end('é'.repeat(3_000));
      } else if (request.url === '/busy') {
        response.writeHead(503, { 'retry-after': '7' }).end('busy');
      } else if (request.url === '/moved') {
        response.writeHead(302, { location: '/elsewhere' }).end();
      } else if (request.url !== '/hang') {
        response.end('{"paid":true}');
      }
    });
  });
  afterAll(() => server.close());

  const item = (path: string, overrides: Partial<OutboxItem> = {}): OutboxItem => ({
    id: 1,
    realizationId: 1,
    clientId: 'c',
    campaignId: 1,
    idempotencyKey: 'k-1',
    url: `${server.url}${path}`,
    method: 'POST',
    headers: { 'Idempotency-Key': 'k-1', 'Content-Type': 'application/json' },
    body: { earning: { amount: '50' } },
    attempts: 0,
    ...overrides,
  });

  it('sends the stored body with the key and a content length, and reads the answer', async () => {
    const sent = await sendAction(item('/pay'), 2_000, lookup);
    expect(sent).toEqual({
      outcome: { kind: 'response', status: 200 },
      bodyExcerpt: '{"paid":true}',
      error: undefined,
    });
    expect(seen.at(-1)).toEqual({
      method: 'POST',
      key: 'k-1',
      body: '{"earning":{"amount":"50"}}',
      length: '27',
    });
  });

  it('sends no body for a GET', async () => {
    await sendAction(item('/pay', { method: 'GET', body: null }), 2_000, lookup);
    expect(seen.at(-1)).toMatchObject({ method: 'GET', body: '' });
  });

  it('keeps a 500-character excerpt of a long answer', async () => {
    const sent = await sendAction(item('/long'), 2_000, lookup);
    expect(sent.bodyExcerpt).toBe('é'.repeat(500));
  });

  it('reports Retry-After, and does not follow redirects', async () => {
    expect((await sendAction(item('/busy'), 2_000, lookup)).outcome).toEqual({
      kind: 'response',
      status: 503,
      retryAfterMs: 7_000,
    });
    expect(await sendAction(item('/moved'), 2_000, lookup)).toEqual({
      outcome: { kind: 'response', status: 302 },
      bodyExcerpt: '',
      error: 'HTTP 302 redirect to /elsewhere not followed',
    });
  });

  it('a name resolving to loopback is refused at connect time without a +private entry', async () => {
    const before = seen.length;
    const port = new URL(server.url).port;
    const sent = await sendAction(
      item('', { url: `http://localhost:${port}/pay` }),
      2_000,
      guardedLookup(false),
    );
    expect(sent).toMatchObject({
      outcome: { kind: 'refused' },
      error: expect.stringMatching(/^localhost resolved to (127\.0\.0\.1|::1), a loopback address/),
    });
    expect(seen.length).toBe(before);
  });

  it('a receiver that never answers is a timeout', async () => {
    expect(await sendAction(item('/hang'), 100, lookup)).toEqual({
      outcome: { kind: 'timeout' },
      bodyExcerpt: undefined,
      error: 'timeout',
    });
  });

  it('a refused connection is a transport error with its code', async () => {
    const sent = await sendAction(item('', { url: 'http://127.0.0.1:9/pay' }), 2_000, lookup);
    expect(sent).toMatchObject({
      outcome: { kind: 'transport-error', code: 'ECONNREFUSED' },
      error: 'ECONNREFUSED',
    });
  });
});
