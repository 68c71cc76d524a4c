import {
  createTestDatabase,
  testEnv,
  testLogger,
  uniqueName,
  type TestDatabase,
} from '@tributary/testing';
import { upsertFxRates } from '../adapters/fx-rates';
import { loadAttributionConfig } from '../config';
import { parseFxCsv } from '../domain/parse-fx-csv';
import { buildAttributionService, type AttributionService } from '../service';
import { insertJourneys, type TestJourney } from '../testing/insert-journeys';

// Orders in three currencies, reported in TRY: each converted at its local conversion date's
// rate and rounded to 2 decimals; one USD order has no rate for its date.
const at = (iso: string) => new Date(iso);
const JOURNEYS: TestJourney[] = [
  {
    id: 't1',
    end: at('2026-09-01T10:00:00Z'),
    revenue: '100.00',
    touches: [{ channel: 'A', daysBefore: 1 }],
  },
  {
    id: 'u1',
    end: at('2026-09-01T12:00:00Z'),
    revenue: '10.00',
    currency: 'USD',
    touches: [{ channel: 'B', daysBefore: 1 }],
  },
  // 22:30 UTC is already 2 September in Istanbul: the 2 September rate applies.
  {
    id: 'e1',
    end: at('2026-09-01T22:30:00Z'),
    revenue: '3.33',
    currency: 'EUR',
    touches: [{ channel: 'A', daysBefore: 0 }],
  },
  {
    id: 'u2',
    end: at('2026-09-05T12:00:00Z'),
    revenue: '7.00',
    currency: 'USD',
    touches: [{ channel: 'B', daysBefore: 0 }],
  },
];
const RATES = [
  ['USD', 'TRY', '2026-09-01', '41.1234'],
  ['EUR', 'TRY', '2026-09-01', '1000'],
  ['EUR', 'TRY', '2026-09-02', '48.1515'],
  ['USD', 'TRY', '2026-09-02', '99'],
];

describe('attribution runs in one reporting currency (real PostgreSQL and Redis)', () => {
  let db: TestDatabase;
  let service: AttributionService;

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertJourneys(db.pool, JOURNEYS);
    // Loaded as the load-fx-rates command loads a CSV; a reload of the same file changes nothing.
    const rows = parseFxCsv(`from,to,date,rate\n${RATES.map((r) => r.join(',')).join('\n')}\n`);
    expect(await upsertFxRates(db.pool, rows)).toBe(RATES.length);
    expect(await upsertFxRates(db.pool, rows)).toBe(0);
    await db.pool.query(
      `INSERT INTO attribution_ad_spend (channel, day, cost, currency) VALUES
         ('A', '2026-09-01', 10, 'USD'), ('B', '2026-09-01', 50, NULL), ('B', '2026-09-03', 1, 'USD')`,
    );
    const config = loadAttributionConfig({
      DATABASE_URL: db.url,
      REDIS_URL: testEnv.redisUrl,
      REDIS_KEY_PREFIX: `${uniqueName('attr-fx')}:`,
      TIME_ZONE: 'Europe/Istanbul',
      ATTRIBUTION_SCHEDULE_ENABLED: 'false',
      ATTRIBUTION_REPORTING_CURRENCY: 'TRY',
      INTERNAL_API_TOKEN: 'internal-token-0123456789-0123456789-abcdef',
    });
    service = await buildAttributionService(config, testLogger());
  });
  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  it('converts every journey at its date, reports the one without a rate and carries the currency', async () => {
    const { run, results } = await service.runner
      .start(
        { date_from: '2026-09-01', date_to: '2026-09-30', models: ['linear', 'markov'] },
        'cli',
      )
      .then((started) => {
        if (!started.started) throw new Error('not started');
        return started.done;
      });
    // 100.00 + 10.00 * 41.1234 = 411.234 -> 411.23 + 3.33 * 48.1515 = 160.344495 -> 160.34
    expect(results.linear?.total_revenue).toBe('671.57');
    expect(results.markov?.total_revenue).toBe('671.57');
    expect(results.linear?.total_conversions).toBe(4);
    expect(results.linear?.currency).toBe('TRY');
    expect(results.linear?.channels.A?.revenue).toBe('260.34');
    expect(results.linear?.channels.B?.revenue).toBe('411.23');
    // Spend: A 10 USD * 41.1234 = 411.23 TRY; B 50 TRY (no currency given); B's 1 USD on 3
    // September has no rate: left out and listed.
    expect(results.linear?.channels.A?.cost).toBe('411.23');
    expect(results.linear?.channels.B?.cost).toBe('50');
    expect(run.options.currency).toBe('TRY');
    expect(run.diagnostics).toMatchObject({
      currency: 'TRY',
      journeys_without_rate: 1,
      missing_rates: [{ currency: 'USD', day: '2026-09-05', count: 1 }],
      spend_without_rate: [{ currency: 'USD', day: '2026-09-03', count: 1 }],
    });
  });

  it('refuses a reporting currency that is not an ISO code', async () => {
    const response = await service.app.inject({
      method: 'POST',
      url: '/v1/attribution/runs?wait=true',
      headers: {
        'x-internal-token': 'internal-token-0123456789-0123456789-abcdef',
        'x-tributary-role': 'operator',
      },
      payload: { currency: 'lira' },
    });
    expect(response.statusCode).toBe(400);
  });
});
