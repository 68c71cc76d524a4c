import type { CampaignDefinition, UmbrellaLimit } from '@tributary/schemas';
import { waitFor } from '@tributary/testing';
import { monthPeriod, seedCampaign, seedUmbrella } from '../domain/seed-fixtures';
import type { CampaignCoreService } from '../service';
import { adhocGoal, streamGoal } from '../testing/campaign-goals-stub';
import { goalMessage } from '../testing/goal-message';
import { createHarness, type Harness } from '../testing/harness';

interface Row {
  client: string;
  campaign: number;
  status: string;
  begin: string;
  'completed-goals': number[];
  earning: { currency: string; amount: string; ratio: string } | null;
  'action-result': { status: string; attempts: number } | null;
}

describe('goals.achieved -> campaign realizations (real Kafka and PostgreSQL)', () => {
  let h: Harness;
  let service: CampaignCoreService;

  beforeAll(async () => {
    h = await createHarness();
    for (const id of [101, 102, 103, 201, 202]) h.goals.goals.set(id, streamGoal(id));
    h.goals.goals.set(1101, adhocGoal(1101, 'first-check'));
    service = await h.startService();
  });
  afterAll(() => h.close());

  const post = async (url: string, payload: object) => {
    const response = await service.app.inject({ method: 'POST', url, payload });
    expect(response.statusCode).toBe(201);
    return response;
  };
  const campaign = (overrides: Partial<CampaignDefinition>) =>
    post('/v1/campaigns', seedCampaign({ action: { url: `${h.receiver.url}/pay/{{client-id}}`, method: 'POST' }, ...overrides }));
  const umbrella = (overrides: Partial<UmbrellaLimit>) => post('/v1/campaign-limits', seedUmbrella(overrides));
  const rows = async (clientId: string, campaignId?: number): Promise<Row[]> => {
    const query = campaignId ? `?campaign-id=${campaignId}` : '';
    const response = await service.app.inject({ url: `/v1/clients/${clientId}/campaign-realizations${query}` });
    return response.json<Row[]>();
  };
  const amounts = async (clientId: string, campaignId: number) =>
    (await rows(clientId, campaignId)).map((r) => r.earning?.amount ?? null);
  const at = (year: number, month: number) => {
    h.clock.at = new Date(monthPeriod(year, month).beginAt.getTime() + 10 * 86_400_000);
  };

  it('seed 9001: OR of ANDs, partially-elapsed, ad-hoc first-check cached, the fourth payout refused by the times limit', async () => {
    await campaign({});
    const client = 'seed-client';
    h.goals.answers.set(`1101:${client}`, true);
    const november = monthPeriod(2021, 11);
    at(2021, 11);
    await h.deliver([goalMessage(client, 101, november)]);
    expect(await rows(client)).toMatchObject([{ status: 'partially-elapsed', 'completed-goals': [101], earning: null }]);
    expect(h.goals.checks).toEqual([]);

    await h.deliver([goalMessage(client, 102, november)]);
    const [elapsed] = await rows(client);
    expect(elapsed).toMatchObject({
      status: 'elapsed',
      begin: '2021-11-01',
      'completed-goals': [101, 102, 1101],
      earning: { currency: 'TRL', amount: '50', ratio: '2' },
    });
    expect(h.goals.checks).toEqual([`1101:${client}`]);

    // Group 2 (103 AND 1101) in the next three months; 1101 is never asked again (first-check).
    for (const month of [12, 1, 2]) {
      const year = month === 12 ? 2021 : 2022;
      at(year, month);
      await h.deliver([goalMessage(client, 103, monthPeriod(year, month))]);
    }
    expect(h.goals.checks).toHaveLength(1);
    const all = await rows(client);
    expect(all.map((r) => [r.begin, r.status, r.earning?.amount])).toEqual([
      ['2021-11-01', 'elapsed', '50'],
      ['2021-12-01', 'elapsed', '50'],
      ['2022-01-01', 'elapsed', '50'],
      ['2022-02-01', 'elapsed', '0'],
    ]);
    // Three payouts called, each with the body of its period; the zero grant calls nothing.
    await waitFor(async () => (await rows(client)).filter((r) => r['action-result']?.status === 'sent').length === 3);
    const calls = h.receiver.calls.filter((c) => c.url === `/pay/${client}`);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(3);
    expect(JSON.parse(calls[0]?.body ?? '{}')).toMatchObject({
      'campaign-id': 9001,
      'client-id': client,
      'completed-goals': [101, 102, 1101],
      earning: { currency: 'TRL', amount: '50', ratio: '2' },
    });
  });
});
