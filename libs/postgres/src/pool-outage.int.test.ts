import { connect, createServer, type Socket } from 'node:net';
import pino from 'pino';
import { createPool } from './pool';

const ADMIN_URL =
  process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe('createPool during a PostgreSQL outage (real PostgreSQL behind a loopback proxy)', () => {
  it('survives a checked-out client losing its connection: its next query fails, the process lives', async () => {
    // The proxy stands for the network: cutting its sockets is the server going away.
    const target = new URL(ADMIN_URL);
    const sockets = new Set<Socket>();
    const proxy = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      sockets.add(client).add(upstream);
      client.on('error', () => upstream.destroy()).pipe(upstream);
      upstream.on('error', () => client.destroy()).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const address = proxy.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const url = new URL(ADMIN_URL);
    url.port = String(address.port);
    // The pool's own log line tells the connection was lost; the test adds no 'error' listener
    // of its own, so without the pool's an unhandled 'error' event would fail it.
    let noticed: () => void = () => undefined;
    const lost = new Promise<void>((resolve) => (noticed = resolve));
    const logger = pino(
      { level: 'warn' },
      {
        write: (line: string) =>
          line.includes('postgres connection lost') ? noticed() : undefined,
      },
    );
    const pool = createPool(
      { connectionString: url.toString(), applicationName: 'outage', max: 2 },
      logger,
    );
    try {
      const client = await pool.connect();
      await client.query('BEGIN');
      // Between two statements (a transaction awaiting Kafka or HTTP), the connection goes.
      for (const socket of sockets) socket.destroy();
      await lost;
      await expect(client.query('SELECT 1')).rejects.toThrow(/not queryable|terminated/);
      client.release();
      const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
