import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOutboundClient, parseAllowList, type OutboundClient } from '@tributary/outbound';
import { allowedGet } from './allowed-get';

describe('allowedGet (ad-hoc and FX calls, against a local server)', () => {
  let server: Server;
  let port: number;
  const paths: string[] = [];
  const clients: OutboundClient[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      paths.push(request.url ?? '');
      if (request.url === '/moved') response.writeHead(302, { location: '/secret' }).end();
      else response.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const settings = (list: string) => {
    const outbound = createOutboundClient({
      allowList: parseAllowList(list, 'ADHOC_ALLOWED_HOSTS'),
    });
    clients.push(outbound);
    return { outbound, timeoutMs: 2_000, retries: 2 };
  };

  it('calls a +private loopback entry', async () => {
    const outcome = await allowedGet(
      `http://127.0.0.1:${port}/profile/1`,
      settings(`http://127.0.0.1:${port}+private`),
    );
    expect(outcome).toEqual({ ok: true, status: 200, body: '{"ok":true}', attempts: 1 });
  });

  it('a 302 is a failure with its reason, not followed and not retried', async () => {
    const outcome = await allowedGet(
      `http://127.0.0.1:${port}/moved`,
      settings(`http://127.0.0.1:${port}+private`),
    );
    expect(outcome).toEqual({
      ok: false,
      status: 302,
      reason: 'HTTP 302 redirect to /secret not followed',
      attempts: 1,
    });
    expect(paths).not.toContain('/secret');
  });

  it('a name resolving to loopback is refused at connect time without +private, not retried', async () => {
    const outcome = await allowedGet(
      `http://localhost:${port}/profile/2`,
      settings(`http://localhost:${port}`),
    );
    expect(outcome).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /^localhost resolved to (127\.0\.0\.1|::1), a loopback address/,
      ),
      attempts: 1,
    });
    expect(paths).not.toContain('/profile/2');
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data', 'http://169.254.169.254+private', 'cloud metadata'],
    [`http://127.0.0.1:PORT/profile/3`, `http://127.0.0.1:PORT`, 'loopback'],
    ['https://example.org/x', 'https://example.com', 'not on the allow-list'],
    ['http://example.org/x', 'https://example.org', 'not on the allow-list'],
  ])('%s is refused before any connection (%s)', async (url, list, why) => {
    const outcome = await allowedGet(
      url.replace('PORT', String(port)),
      settings(list.replace('PORT', String(port))),
    );
    expect(outcome).toEqual({ ok: false, reason: expect.stringContaining(why), attempts: 0 });
    expect(paths).not.toContain('/profile/3');
  });
});
