import { createServer, type Server } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { parseAllowList } from './allow-list';
import { createOutboundClient, type OutboundClient } from './outbound-client';

describe('createOutboundClient (undici against a local server)', () => {
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

  // Every name resolves to the test server's address, as a rebinding DNS server would answer.
  const toLoopback: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
  };
  const client = (list: string, lookup?: LookupFunction) => {
    const created = createOutboundClient({
      allowList: parseAllowList(list, 'TEST_HOSTS'),
      ...(lookup && { lookup }),
    });
    clients.push(created);
    return created;
  };

  it('a listed name that resolves to 127.0.0.1 is refused when connecting, before any request', async () => {
    const outbound = client(`http://rebound.example:${port}`, toLoopback);
    const url = `http://rebound.example:${port}/rebound`;
    expect(outbound.check(url)).toMatchObject({ ok: true });
    await expect(outbound.fetch(url)).rejects.toMatchObject({
      cause: {
        code: 'ADDRESS_NOT_ALLOWED',
        message: expect.stringContaining(
          'rebound.example resolved to 127.0.0.1, a loopback address',
        ),
      },
    });
    expect(paths).not.toContain('/rebound');
  });

  it('localhost, resolved by the system, is refused too', async () => {
    const outbound = client(`http://localhost:${port}`);
    await expect(outbound.fetch(`http://localhost:${port}/local`)).rejects.toMatchObject({
      cause: { code: 'ADDRESS_NOT_ALLOWED' },
    });
    expect(paths).not.toContain('/local');
  });

  it('the same name is called when its entry says +private', async () => {
    const outbound = client(`http://rebound.example:${port}+private`, toLoopback);
    const response = await outbound.fetch(`http://rebound.example:${port}/allowed`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"ok":true}');
    expect(paths).toContain('/allowed');
  });

  it.each([
    ['http://127.0.0.1:PORT', 'http://127.0.0.1:PORT/literal', 'a loopback address'],
    ['http://[::1]:PORT', 'http://[::1]:PORT/literal', 'a loopback address'],
    ['http://169.254.169.254', 'http://169.254.169.254/latest/meta-data', 'a cloud metadata'],
    ['http://169.254.169.254+private', 'http://169.254.169.254/latest', 'a cloud metadata'],
  ])('an IP literal (%s) is refused without a lookup', async (entry, url, kind) => {
    const outbound = client(entry.replace('PORT', String(port)));
    const target = url.replace('PORT', String(port));
    expect(outbound.check(target)).toMatchObject({
      ok: false,
      code: 'ADDRESS_NOT_ALLOWED',
      reason: expect.stringContaining(kind),
    });
    await expect(outbound.fetch(target)).rejects.toMatchObject({
      name: 'OutboundRefusal',
      code: 'ADDRESS_NOT_ALLOWED',
    });
    expect(paths).not.toContain('/literal');
  });

  it('an IP literal on a +private entry is called', async () => {
    const outbound = client(`http://127.0.0.1:${port}+private`);
    expect((await outbound.fetch(`http://127.0.0.1:${port}/literal-ok`)).status).toBe(200);
  });

  it('a host off the list is refused naming scheme, host and port', async () => {
    const outbound = client(`https://127.0.0.1:${port}+private`);
    await expect(outbound.fetch(`http://127.0.0.1:${port}/x`)).rejects.toMatchObject({
      code: 'HOST_NOT_ALLOWED',
      message: `host http://127.0.0.1:${port} is not on the allow-list (scheme, host and port must match)`,
    });
  });

  it('a 302 from an allowed host comes back as it is and is not followed', async () => {
    const outbound = client(`http://127.0.0.1:${port}+private`);
    const response = await outbound.fetch(`http://127.0.0.1:${port}/moved`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/secret');
    expect(paths).toContain('/moved');
    expect(paths).not.toContain('/secret');
  });
});
