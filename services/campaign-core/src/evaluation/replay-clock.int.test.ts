import { createClock, setReplayClock, type Clock } from '@tributary/clock';
import { internalHeaders, testLogger } from '@tributary/testing';
import { monthPeriod, seedCampaign } from '../domain/seed-fixtures';
import type { CampaignCoreService } from '../service';
import { streamGoal } from '../testing/campaign-goals-stub';
import { goalMessage } from '../testing/goal-message';
import { createHarness, type Harness } from '../testing/harness';
import { applyGoalEvents, type EngineDeps } from './apply-goal-events';

// R4, replay equals live: an evaluation right after an admin moves the replay clock happens at
// the new instant, not at whatever the background refresh last read.
describe('campaign-core on the replay clock (real PostgreSQL)', () => {
  let h: Harness;
  let service: CampaignCoreService;
  let clock: Clock;
  let engine: EngineDeps;

  beforeAll(async () => {
    h = await createHarness();
    h.goals.goals.set(701, streamGoal(701));
    service = await h.startService({
      CONSUMER_ENABLED: 'false',
      ACTION_DISPATCHER_ENABLED: 'false',
    });
    await setReplayClock(h.db.pool, new Date('2021-11-10T09:00:00Z'));
    // The background refresh never fires during the test: only the evaluation's own read counts.
    clock = await createClock({
      mode: 'replay',
      pool: h.db.pool,
      logger: testLogger(),
      refreshMs: 3_600_000,
    });
    engine = { ...service.engine, now: () => clock.now(), refreshClock: () => clock.refresh() };
    const response = await service.app.inject({
      headers: internalHeaders('admin'),
      method: 'POST',
      url: '/v1/campaigns',
      payload: seedCampaign({
        'campaign-id': 7001,
        tag: ['replay'],
        goals: [{ id: 1, rule: [701] }],
        action: { url: `${h.receiver.url}/pay/{{client-id}}`, method: 'POST' },
      }),
    });
    expect(response.statusCode).toBeLessThan(300);
  });
  afterAll(async () => {
    clock?.close();
    await h?.close();
  });

  it('Given the clock moved, When a goal is evaluated at once, Then it elapses at the new instant', async () => {
    const moved = new Date('2021-11-20T10:00:00Z');
    expect((await setReplayClock(h.db.pool, moved)).ok).toBe(true);
    await applyGoalEvents(engine, [goalMessage('replay-client', 701, monthPeriod(2021, 11))]);
    const { rows } = await h.db.pool.query<{ elapsed_at: Date }>(
      'SELECT elapsed_at FROM campaign_realizations WHERE client_id = $1 AND campaign_id = 7001',
      ['replay-client'],
    );
    expect(rows.map((r) => r.elapsed_at.toISOString())).toEqual([moved.toISOString()]);
  });
});
