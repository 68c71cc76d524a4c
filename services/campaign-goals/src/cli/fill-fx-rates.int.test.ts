import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@tributary/testing';
import { fillFxRates } from './fill-fx-rates';

describe('fill-fx-rates (real PostgreSQL, a stand-in HTTP FX provider)', () => {
  let db: TestDatabase;
  let server: Server;
  let env: Record<string, string>;
  const asked: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      asked.push(`${url.searchParams.get('from')}:${url.searchParams.get('date')}`);
      // The provider knows no rate for 2026-03-02.
      if (url.searchParams.get('date') === '2026-03-02') res.writeHead(404).end('{}');
      else res.end(JSON.stringify({ rate: 41.25 }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    db = await createTestDatabase();
    env = {
      DATABASE_URL: db.url,
      LOG_LEVEL: 'silent',
      FX_HTTP_URL_TEMPLATE: `http://127.0.0.1:${port}/rates?from={{from}}&to={{to}}&date={{date}}`,
      FX_ALLOWED_HOSTS: `http://127.0.0.1:${port}+private`,
    };
  });
  afterAll(async () => {
    server?.close();
    await db?.drop();
  });

  it('asks only for the days the table lacks, stores the answers, and reports the rest', async () => {
    await db.pool.query(
      `INSERT INTO fx_rates (from_currency, to_currency, rate_date, rate) VALUES ('USD', 'TRY', '2026-02-28', 40)`,
    );
    const written: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    let code: number;
    try {
      code = await fillFxRates(
        ['--pair', 'USD:TRY', '--from', '2026-02-28', '--to', '2026-03-02'],
        env,
      );
    } finally {
      write.mockRestore();
    }
    expect(code).toBe(1);
    expect(JSON.parse(written.join(''))).toEqual({
      requested: 3,
      already: 1,
      fetched: 1,
      unavailable: ['USD|TRY|2026-03-02'],
    });
    expect(asked.sort()).toEqual(['USD:2026-03-01', 'USD:2026-03-02']);
    const { rows } = await db.pool.query<{ day: string; rate: string }>(
      `SELECT rate_date::text AS day, rate::text AS rate FROM fx_rates ORDER BY rate_date`,
    );
    expect(rows).toEqual([
      { day: '2026-02-28', rate: '40' },
      { day: '2026-03-01', rate: '41.25' },
    ]);
  });
});
