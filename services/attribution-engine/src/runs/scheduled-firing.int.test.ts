import {
  createTestDatabase,
  testEnv,
  testLogger,
  uniqueName,
  type TestDatabase,
} from '@tributary/testing';
import { loadAttributionConfig } from '../config';
import { buildAttributionService, type AttributionService } from '../service';
import { insertJourneys } from '../testing/insert-journeys';

// Two replicas of attribution-engine on one warehouse and one Redis, as the scale test runs them.
// Their cron timers fire at the same instant only in theory: a replica whose event loop is busy
// (a long on-demand Markov run) or whose clock is behind fires after the other finished and
// released the lock. The lock alone then lets the same firing run twice.
describe('scheduled attribution firings across replicas (real PostgreSQL and Redis)', () => {
  let db: TestDatabase;
  const replicas: AttributionService[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertJourneys(db.pool, [
      {
        id: 'j1',
        end: new Date('2026-09-01T10:00:00Z'),
        revenue: '100.00',
        touches: [{ channel: 'A', daysBefore: 1 }],
      },
    ]);
    const prefix = `${uniqueName('attr-fire')}:`;
    for (let i = 0; i < 2; i += 1) {
      const config = loadAttributionConfig({
        DATABASE_URL: db.url,
        REDIS_URL: testEnv.redisUrl,
        REDIS_KEY_PREFIX: prefix,
        TIME_ZONE: 'Europe/Istanbul',
        ATTRIBUTION_SCHEDULE_ENABLED: 'false',
        ATTRIBUTION_MODELS: 'linear',
        INTERNAL_API_TOKEN: 'internal-token-0123456789-0123456789-abcdef',
      });
      replicas.push(await buildAttributionService(config, testLogger()));
    }
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await db?.drop();
  });

  const scheduled = async () =>
    Number(
      (
        await db.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM attribution_runs WHERE trigger = 'schedule'`,
        )
      ).rows[0]?.n,
    );

  it('runs one firing once, even when the second replica fires after the first finished', async () => {
    const [first, late] = replicas;
    if (!first || !late) throw new Error('replicas not started');
    const fire = new Date();
    const started = await first.runner.start({}, 'schedule', fire);
    if (!started.started) throw new Error('the first replica did not start the firing');
    await started.done;
    // The lock is free again; the late replica's timer fires for the same instant.
    expect(await late.runner.start({}, 'schedule', fire)).toEqual({
      started: false,
      reason: 'already-run',
    });
    expect(await scheduled()).toBe(1);
  });

  it('still runs the next firing, and on-demand runs are not deduplicated', async () => {
    const [, late] = replicas;
    if (!late) throw new Error('replicas not started');
    const next = await late.runner.start({}, 'schedule', new Date(Date.now() + 1_000));
    if (!next.started) throw new Error('the next firing did not run');
    await next.done;
    expect(await scheduled()).toBe(2);
    const onDemand = await late.runner.start({}, 'http');
    if (!onDemand.started) throw new Error('an on-demand run was refused');
    await onDemand.done;
  });
});
