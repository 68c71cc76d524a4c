import { readTopic, internalHeaders, waitFor } from '@tributary/testing';
import { monthPeriod, seedCampaign } from '../domain/seed-fixtures';
import type { CampaignCoreService } from '../service';
import { streamGoal } from '../testing/campaign-goals-stub';
import { goalMessage } from '../testing/goal-message';
import { createHarness, type Harness } from '../testing/harness';

/**
 * Issue 16 for campaign-core: each class of bad goals.achieved record in the middle of good ones
 * goes to `<topic>.dlq` with its reason, and every good record after it is applied once. Ids
 * outside the contract (libs/schemas ids.ts) are refused by the message schema, before the
 * `integer` columns could stall the partition with SQLSTATE 22003.
 */
describe('goals.achieved poison records (real Kafka and PostgreSQL)', () => {
  let h: Harness;
  let service: CampaignCoreService;

  beforeAll(async () => {
    h = await createHarness();
    h.goals.goals.set(101, streamGoal(101));
    service = await h.startService();
    const response = await service.app.inject({
      headers: internalHeaders('admin'),
      method: 'POST',
      url: '/v1/campaigns',
      payload: seedCampaign({
        action: { url: `${h.receiver.url}/pay/{{client-id}}`, method: 'POST' },
        goals: [{ id: 1, rule: [101] }],
      }),
    });
    expect(response.statusCode).toBe(201);
  });
  afterAll(() => h.close());

  it('dead-letters each bad record with its reason and applies the good ones around it once', async () => {
    const november = monthPeriod(2021, 11);
    h.clock.at = new Date(november.beginAt.getTime() + 10 * 86_400_000);
    const good1 = goalMessage('good-1', 101, november);
    const good2 = goalMessage('good-2', 101, november);
    const values = [
      JSON.stringify(good1),
      JSON.stringify({ ...goalMessage('big-goal', 101, november), 'goal-id': 3_000_000_000 }),
      JSON.stringify(goalMessage('c'.repeat(65), 101, november)),
      JSON.stringify(goalMessage('nul\u0000client', 101, november)),
      '{not json',
      JSON.stringify(good2),
      JSON.stringify(good1),
    ];
    await h.producer.raw.send({
      topic: h.topic,
      acks: -1,
      messages: values.map((value) => ({ key: 'one', value, partition: 0 })),
    });
    const dead = await readTopic(h.kafka, `${h.topic}.dlq`, 4);
    expect(dead.map((d) => [d.headers['x-original-offset'], d.headers['x-dlq-code']])).toEqual([
      ['1', 'MESSAGE_INVALID'],
      ['2', 'MESSAGE_INVALID'],
      ['3', 'MESSAGE_INVALID'],
      ['4', 'MESSAGE_UNDECODABLE'],
    ]);
    expect(dead[0]?.headers['x-dlq-reason']).toContain('/goal-id');
    expect(dead[1]?.headers['x-dlq-reason']).toContain('/client-id');
    const realizations = async () =>
      (
        await h.db.pool.query<{ client_id: string; status: string }>(
          'SELECT client_id, status FROM campaign_realizations ORDER BY client_id',
        )
      ).rows;
    await waitFor(async () => (await realizations()).length === 2);
    // The repeated good-1 (offset 6) changed nothing: one row, one action each.
    await waitFor(async () => {
      const { rows } = await h.db.pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM campaign_goal_inbox',
      );
      return rows[0]?.n === '2';
    });
    expect(await realizations()).toEqual([
      { client_id: 'good-1', status: 'elapsed' },
      { client_id: 'good-2', status: 'elapsed' },
    ]);
  });
});
