import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** The loopback port clients connect to. */
  port: number;
  /** Connections refused (closed at once) while paused. */
  refused(): number;
  /** An outage: open connections are cut and new ones closed at once, like a server gone away. */
  pause(): void;
  /** The dependency is back: new connections reach the target again. */
  resume(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy on a loopback port in front of a shared server (PostgreSQL, Redis), so an outage
 * test cuts its own service off without stopping the infrastructure other tests use.
 */
export async function startTcpProxy(
  targetPort: number,
  targetHost = '127.0.0.1',
): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let paused = false;
  let refusedCount = 0;
  const server: Server = createServer((client) => {
    if (paused) {
      refusedCount += 1;
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    open.add(client);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    refused: () => refusedCount,
    pause() {
      paused = true;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    resume() {
      paused = false;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
