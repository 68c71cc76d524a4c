import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gatewaySink } from './gateway-sink';

describe('gatewaySink', () => {
  let server: Server;
  let url: string;
  const answers: number[] = [];
  const seenAt: number[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seenAt.push(Date.now());
        const status = answers.shift() ?? 202;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status === 202 ? { accepted: 1, results: [] } : {}));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('retries a 503 with the platform backoff (a floor of half the step) and then delivers', async () => {
    answers.push(503, 503);
    const result = await gatewaySink(url, undefined).send([{ event_id: 'e1' }]);
    expect(result.accepted).toBe(1);
    expect(seenAt).toHaveLength(3);
    // Equal jitter: the first wait is 100-200 ms, the second 200-400 ms.
    expect(seenAt[1]! - seenAt[0]!).toBeGreaterThanOrEqual(95);
    expect(seenAt[2]! - seenAt[1]!).toBeGreaterThanOrEqual(195);
  });
});
