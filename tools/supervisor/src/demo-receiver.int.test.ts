import type { AddressInfo } from 'node:net';
import { startDemoReceiver, type ReceivedAction } from './demo-receiver';

describe('the demo receiver honours Idempotency-Key like a bank adapter', () => {
  it('a repeated key is answered as the first call was and marked as a replay', async () => {
    const seen: ReceivedAction[] = [];
    const server = await startDemoReceiver(0, (a) => seen.push(a));
    const { port } = server.address() as AddressInfo;
    const call = (key: string) =>
      fetch(`http://127.0.0.1:${port}/campaign/adapter/x/1`, {
        method: 'POST',
        headers: { 'Idempotency-Key': key, 'content-type': 'application/json' },
        body: '{"amount":"5"}',
      });
    try {
      const first = await call('k-1');
      const again = await call('k-1');
      const other = await call('k-2');
      expect([first.status, again.status, other.status]).toEqual([200, 200, 200]);
      expect(await again.text()).toBe(await first.text());
      expect(seen.map((a) => [a.idempotencyKey, a.replayed])).toEqual([
        ['k-1', false],
        ['k-1', true],
        ['k-2', false],
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
