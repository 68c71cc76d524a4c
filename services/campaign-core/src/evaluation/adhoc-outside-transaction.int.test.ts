import { setTimeout as delay } from 'node:timers/promises';
import { internalHeaders, waitFor } from '@tributary/testing';
import { monthPeriod, seedCampaign } from '../domain/seed-fixtures';
import type { CampaignCoreService } from '../service';
import { adhocGoal, streamGoal } from '../testing/campaign-goals-stub';
import { goalMessage } from '../testing/goal-message';
import { createHarness, type Harness } from '../testing/harness';

/**
 * Issue 16, the slow ad-hoc endpoint: campaign-goals may take its whole budget (attempts x
 * timeout) to answer a check. campaign-core waits for that budget (ADHOC_CHECK_TIMEOUT_MS), asks
 * before its transaction, so no client lock or open transaction waits on a third party, and asks
 * once, not once per rolled-back retry. An unavailable check holds the batch; nothing is lost.
 */
describe('ad-hoc checks outside the transaction (real Kafka and PostgreSQL)', () => {
  let h: Harness;
  let service: CampaignCoreService;
  const november = monthPeriod(2021, 11);

  beforeAll(async () => {
    h = await createHarness();
    h.goals.goals.set(101, streamGoal(101));
    h.goals.goals.set(1101, adhocGoal(1101, 'every-check'));
    service = await h.startService({
      // campaign-core alone would give up here; the ad-hoc budget covers campaign-goals' own.
      CAMPAIGN_GOALS_TIMEOUT_MS: '300',
      ADHOC_CHECK_TIMEOUT_MS: '3000',
      ADHOC_BREAKER_COOLDOWN_MS: '200',
    });
    const response = await service.app.inject({
      headers: internalHeaders('admin'),
      method: 'POST',
      url: '/v1/campaigns',
      payload: seedCampaign({
        action: { url: `${h.receiver.url}/pay/{{client-id}}`, method: 'POST' },
        goals: [{ id: 1, rule: [101, 1101] }],
      }),
    });
    expect(response.statusCode).toBe(201);
    h.clock.at = new Date(november.beginAt.getTime() + 10 * 86_400_000);
  });
  afterAll(async () => {
    h.goals.beforeCheck.hook = undefined;
    await h.close();
  });

  const status = async (clientId: string) =>
    (
      await h.db.pool.query<{ status: string }>(
        'SELECT status FROM campaign_realizations WHERE client_id = $1',
        [clientId],
      )
    ).rows.map((r) => r.status);

  it('waits for a slow check once, holding no client lock and no transaction meanwhile', async () => {
    const seen: { locks: number; inTransaction: number }[] = [];
    h.goals.answers.set('1101:slow-client', true);
    h.goals.beforeCheck.hook = async () => {
      const { rows } = await h.db.pool.query<{ locks: number; tx: number }>(
        `SELECT (SELECT count(*)::int FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                  WHERE l.locktype = 'advisory' AND d.datname = $1) AS locks,
                (SELECT count(*)::int FROM pg_stat_activity
                  WHERE datname = $1 AND state LIKE 'idle in transaction%') AS tx`,
        [h.db.name],
      );
      seen.push({ locks: rows[0]!.locks, inTransaction: rows[0]!.tx });
      // campaign-goals spending its budget on a slow third party.
      await delay(800);
      return undefined;
    };
    await h.deliver([goalMessage('slow-client', 101, november)]);
    expect(await status('slow-client')).toEqual(['elapsed']);
    expect(h.goals.checks.filter((k) => k === '1101:slow-client')).toHaveLength(1);
    expect(seen).toEqual([{ locks: 0, inTransaction: 0 }]);
    // campaign-goals is told how long it may work on the check: the 3 s wait less 300 ms.
    expect(h.goals.deadlines[h.goals.checks.indexOf('1101:slow-client')]).toBe('2700');
  });

  it("asks different clients' checks at once: a batch waits for its slowest check, not their sum", async () => {
    const clients = ['par-1', 'par-2', 'par-3'];
    for (const c of clients) h.goals.answers.set(`1101:${c}`, true);
    let inFlight = 0;
    let most = 0;
    h.goals.beforeCheck.hook = async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await delay(400);
      inFlight -= 1;
      return undefined;
    };
    // One partition, so the three are one batch.
    await h.deliver(
      clients.map((c) => goalMessage(c, 101, november)),
      () => 0,
    );
    for (const c of clients) expect(await status(c)).toEqual(['elapsed']);
    expect(most).toBe(3);
  });

  it('holds a batch while campaign-goals cannot answer a check, and applies it when it can', async () => {
    let down = true;
    h.goals.answers.set('1101:held-client', true);
    h.goals.beforeCheck.hook = async () => (down ? 503 : undefined);
    await h.producer.sendJson(h.topic, [
      { key: 'held-client', value: goalMessage('held-client', 101, november) },
    ]);
    await waitFor(() => h.goals.checks.filter((k) => k === '1101:held-client').length >= 2, {
      message: 'the check was not retried',
    });
    expect(await status('held-client')).toEqual([]);
    down = false;
    await waitFor(async () => (await status('held-client')).includes('elapsed'), {
      timeoutMs: 30_000,
    });
  });
});
