import type { CampaignDefinition, UmbrellaLimit } from '@tributary/schemas';
import { toDecimal } from './decimal';
import { computeGrant, type GrantDecision } from './earning-grant';
import { DEFAULT_ZONE } from './local-calendar';
import { applyReservations, reservationFits, usageFromMap, type LimitUsage } from './limit-usage';
import { limitKeyText } from './limit-keys';
import { monthPeriod, seedCampaign, seedUmbrella } from './seed-fixtures';

interface Step {
  campaign: CampaignDefinition;
  clientId?: string;
  month: [number, number];
  at: string;
}

/** Grants in sequence, booking each one, as the adapter does one transaction after another. */
function grantInSequence(steps: Step[], umbrellas: UmbrellaLimit[] = []): GrantDecision[] {
  let usage = new Map<string, LimitUsage>();
  return steps.map((step) => {
    const decision = computeGrant({
      campaign: step.campaign,
      clientId: step.clientId ?? '3855206900',
      period: monthPeriod(...step.month),
      at: new Date(step.at),
      zone: DEFAULT_ZONE,
      umbrellas,
      usage: usageFromMap(usage),
    });
    const lookup = usageFromMap(usage);
    expect(decision.reservations.every((r) => reservationFits(lookup(r.key), r))).toBe(true);
    usage = applyReservations(usage, decision.reservations);
    return decision;
  });
}

const amounts = (decisions: GrantDecision[]) => decisions.map((d) => d.earning.amount.toFixed());
const month = (m: number, campaign = seedCampaign()): Step => ({
  campaign,
  month: [2021, m],
  at: `2021-${String(m).padStart(2, '0')}-20T12:00:00Z`,
});

describe('computeGrant (R18 campaign limits)', () => {
  it('Given campaign 9001 (50 TRL, limit 150 and 3 times), When it elapses four times, Then the fourth is refused by the times limit', () => {
    const decisions = grantInSequence([month(1), month(2), month(3), month(4)]);
    expect(amounts(decisions)).toEqual(['50', '50', '50', '0']);
    expect(decisions[3]?.granted).toBe(false);
    expect(decisions[3]?.reservations).toEqual([]);
    expect(decisions[3]?.stops).toContainEqual({
      key: { scope: 'campaign', campaignId: 9001, clientId: '3855206900' },
      reason: 'times-exhausted',
    });
  });

  it('Given the ratio 2, Then it is reported as a rate grant, not multiplied', () => {
    const [first] = grantInSequence([month(1)]);
    expect(first?.earning.ratio.toFixed()).toBe('2');
  });

  it('Given an amount limit of 120 and 5 times, Then the third grant is the remainder 20 and the fourth cash is 0', () => {
    const campaign = seedCampaign({
      earning: { currency: 'TRL', amount: '50', limit: { amount: '120', times: 5 } },
    });
    const decisions = grantInSequence([
      month(1, campaign),
      month(2, campaign),
      month(3, campaign),
      month(4, campaign),
    ]);
    expect(amounts(decisions)).toEqual(['50', '50', '20', '0']);
    expect(decisions[2]?.stops).toEqual([
      expect.objectContaining({ reason: 'amount-capped', remaining: toDecimal(20) }),
    ]);
    expect(decisions[3]?.granted).toBe(false);
  });

  it('Given exact decimals 0.1 + 0.2 against a 0.3 limit, Then the second grant fits exactly', () => {
    const campaign = seedCampaign({
      earning: { currency: 'TRL', amount: '0.2', limit: { amount: '0.3' } },
    });
    const first = seedCampaign({
      earning: { currency: 'TRL', amount: '0.1', limit: { amount: '0.3' } },
    });
    expect(
      amounts(grantInSequence([month(1, first), month(2, campaign), month(3, campaign)])),
    ).toEqual(['0.1', '0.2', '0']);
  });

  it('Given a global budget of 120 across clients, Then the third client gets the remainder 20 and the fourth nothing', () => {
    const campaign = seedCampaign({ budget: { amount: 120 } });
    const steps = ['a', 'b', 'c', 'd'].map((clientId) => ({ ...month(1, campaign), clientId }));
    const decisions = grantInSequence(steps);
    expect(amounts(decisions)).toEqual(['50', '50', '20', '0']);
    expect(decisions[3]?.stops).toContainEqual(
      expect.objectContaining({
        key: { scope: 'budget', campaignId: 9001 },
        reason: 'amount-capped',
      }),
    );
  });
});

describe('computeGrant (R19 umbrella limits)', () => {
  const other = seedCampaign({
    'campaign-id': 9002,
    tag: ['fatura cashback'],
    earning: { currency: 'TRL', amount: 40 },
  });
  const umbrella = seedUmbrella({
    'earning-limits': { currency: 'TRL', amount: 80, ratio: 3, times: 10 },
  });

  it('Given a monthly umbrella of 80 over two campaigns of one tag, Then the second campaign gets 30 in that month and the full amount next month', () => {
    const decisions = grantInSequence(
      [
        { campaign: seedCampaign(), month: [2021, 11], at: '2021-11-10T10:00:00Z' },
        { campaign: other, month: [2021, 11], at: '2021-11-20T10:00:00Z' },
        { campaign: other, month: [2021, 12], at: '2021-12-02T10:00:00Z' },
      ],
      [umbrella],
    );
    expect(amounts(decisions)).toEqual(['50', '30', '40']);
    expect(decisions[1]?.stops).toEqual([
      {
        key: { scope: 'umbrella', limitId: 1, clientId: '3855206900', period: '2021-11' },
        reason: 'amount-capped',
        remaining: toDecimal(30),
      },
    ]);
  });

  it('Given a realization at 2021-11-30T21:30Z (already 1 December in Istanbul), Then it counts in the December umbrella', () => {
    const decisions = grantInSequence(
      [
        { campaign: seedCampaign(), month: [2021, 11], at: '2021-11-10T10:00:00Z' },
        { campaign: other, month: [2021, 11], at: '2021-11-30T21:30:00Z' },
      ],
      [umbrella],
    );
    expect(amounts(decisions)).toEqual(['50', '40']);
    expect(decisions[1]?.reservations.map((r) => r.key)).toContainEqual({
      scope: 'umbrella',
      limitId: 1,
      clientId: '3855206900',
      period: '2021-12',
    });
  });

  it('Given summed ratios 2 + 2 under an umbrella ratio cap 3, Then the second rate grant is 1', () => {
    const decisions = grantInSequence(
      [month(11), { ...month(11), campaign: seedCampaign({ 'campaign-id': 9003 }) }],
      [umbrella],
    );
    expect(decisions.map((d) => d.earning.ratio.toFixed())).toEqual(['2', '1']);
  });

  it('Given a lifetime (adhoc) umbrella of 100, Then grants across months stop at 100 in total', () => {
    const lifetime = seedUmbrella({
      frequency: 'adhoc',
      'earning-limits': { currency: 'TRL', amount: 100 },
    });
    const campaign = seedCampaign({ earning: { currency: 'TRL', amount: 40 } });
    const decisions = grantInSequence(
      [month(1, campaign), month(6, campaign), month(11, campaign), month(12, campaign)],
      [lifetime],
    );
    expect(amounts(decisions)).toEqual(['40', '40', '20', '0']);
  });

  it('Given a monthly umbrella of 10 times, Then an 11th grant in one month is refused', () => {
    const campaign = seedCampaign({ earning: { currency: 'TRL', amount: 1 } });
    const steps = Array.from({ length: 11 }, (_, i) => ({
      ...month(3, seedCampaign({ ...campaign, 'campaign-id': 100 + i })),
    }));
    expect(amounts(grantInSequence(steps, [seedUmbrella()])).slice(9)).toEqual(['1', '0']);
  });

  it('Given an umbrella on an unrelated tag, Then it does not apply', () => {
    const unrelated = seedUmbrella({
      tag: ['kredi'],
      'earning-limits': { currency: 'TRL', amount: 1 },
    });
    expect(amounts(grantInSequence([month(1)], [unrelated]))).toEqual(['50']);
  });
});

describe('computeGrant (R20 stacking)', () => {
  const standalone = seedCampaign({
    'campaign-id': 9010,
    type: 'standalone',
    tag: ['fatura cashback'],
  });
  const merge = seedCampaign({ 'campaign-id': 9011, tag: ['fatura cashback'] });

  it('Given two merge-by-tag campaigns of a tag in a period, Then both are granted', () => {
    expect(amounts(grantInSequence([month(5), month(5, merge)]))).toEqual(['50', '50']);
  });

  it('Given a merge-by-tag grant first, Then a standalone campaign sharing the tag gets nothing in that period but is granted next period', () => {
    const decisions = grantInSequence([
      month(5, merge),
      month(5, standalone),
      month(6, standalone),
    ]);
    expect(amounts(decisions)).toEqual(['50', '0', '50']);
    expect(decisions[1]?.stops).toEqual([
      expect.objectContaining({ reason: 'stacking', blockedBy: 'tag-already-granted' }),
    ]);
  });

  it('Given a standalone grant first, Then merge-by-tag campaigns sharing its tag get nothing that period', () => {
    const decisions = grantInSequence([month(5, standalone), month(5, merge), month(5)]);
    expect(amounts(decisions)).toEqual(['50', '0', '0']);
    expect(decisions[2]?.stops).toEqual([
      expect.objectContaining({ blockedBy: 'standalone-granted' }),
    ]);
  });

  it('Given a standalone grant, Then its stacking reservations carry the cap the adapter must check', () => {
    const [decision] = grantInSequence([month(5, standalone)]);
    const stacking = decision?.reservations.filter((r) => r.key.scope === 'stacking');
    expect(stacking?.map((r) => [limitKeyText(r.key), r.caps, r.delta.standalone])).toEqual([
      ['["stacking","3855206900","fatura cashback","2021-05-01/2021-05-31"]', { times: 1 }, 1],
    ]);
  });
});

describe('reservations under concurrency (R18: never an overshoot)', () => {
  it('Given two consumers computing grants from the same usage with 50 left, Then the second reservation no longer fits once the first is booked', () => {
    const campaign = seedCampaign({
      earning: { currency: 'TRL', amount: 50, limit: { amount: 150 } },
    });
    const booked = new Map([
      [
        limitKeyText({ scope: 'campaign', campaignId: 9001, clientId: 'c' }),
        { amount: toDecimal(100), ratio: toDecimal(0), times: 2, standalone: 0 },
      ],
    ]);
    const input = {
      campaign,
      clientId: 'c',
      at: new Date('2021-05-05T00:00:00Z'),
      zone: DEFAULT_ZONE,
      umbrellas: [],
      usage: usageFromMap(booked),
    };
    const first = computeGrant({ ...input, period: monthPeriod(2021, 5) });
    const second = computeGrant({ ...input, period: monthPeriod(2021, 6) });
    const afterFirst = usageFromMap(applyReservations(booked, first.reservations));
    const campaignReservation = second.reservations.find((r) => r.key.scope === 'campaign')!;
    expect(reservationFits(afterFirst(campaignReservation.key), campaignReservation)).toBe(false);
  });
});

describe('computeGrant (R18: the cash amount decides)', () => {
  const ratios = (decisions: GrantDecision[]) => decisions.map((d) => d.earning.ratio.toFixed());
  const granted = (decisions: GrantDecision[]) => decisions.map((d) => d.granted);

  it('Given 60 a month under a campaign amount limit of 150, When it elapses four times, Then the fourth grants nothing (no ratio, no reservation, no action)', () => {
    const campaign = seedCampaign({
      earning: { currency: 'TRL', amount: 60, ratio: 2, limit: { amount: 150 } },
    });
    const decisions = grantInSequence([1, 2, 3, 4].map((m) => month(m, campaign)));
    expect(amounts(decisions)).toEqual(['60', '60', '30', '0']);
    expect(ratios(decisions)).toEqual(['2', '2', '2', '0']);
    expect(granted(decisions)).toEqual([true, true, true, false]);
    expect(decisions[3]?.reservations).toEqual([]);
  });

  it('Given a campaign times limit used up, Then the ratio is not granted either', () => {
    const decisions = grantInSequence([1, 2, 3, 4].map((m) => month(m)));
    expect(ratios(decisions)).toEqual(['2', '2', '2', '0']);
    expect(decisions[3]?.granted).toBe(false);
  });

  it('Given an umbrella amount used up by another campaign, Then a cash campaign with a ratio grants nothing', () => {
    const umbrella = seedUmbrella({ 'earning-limits': { currency: 'TRL', amount: 50 } });
    const decisions = grantInSequence(
      [month(3), month(3, seedCampaign({ 'campaign-id': 9002 }))],
      [umbrella],
    );
    expect(amounts(decisions)).toEqual(['50', '0']);
    expect(ratios(decisions)).toEqual(['2', '0']);
    expect(granted(decisions)).toEqual([true, false]);
  });

  it('Given an umbrella times limit used up, Then a cash campaign with a ratio grants nothing', () => {
    const umbrella = seedUmbrella({ 'earning-limits': { currency: 'TRL', times: 1 } });
    const decisions = grantInSequence(
      [month(3), month(3, seedCampaign({ 'campaign-id': 9002 }))],
      [umbrella],
    );
    expect(granted(decisions)).toEqual([true, false]);
    expect(ratios(decisions)).toEqual(['2', '0']);
  });

  it('Given a global budget amount used up, Then the next client gets neither cash nor ratio', () => {
    const campaign = seedCampaign({ budget: { amount: 100 } });
    const steps = ['a', 'b', 'c'].map((clientId) => ({ ...month(1, campaign), clientId }));
    const decisions = grantInSequence(steps);
    expect(amounts(decisions)).toEqual(['50', '50', '0']);
    expect(ratios(decisions)).toEqual(['2', '2', '0']);
    expect(granted(decisions)).toEqual([true, true, false]);
  });

  it('Given a global budget times limit used up, Then the next client gets neither cash nor ratio', () => {
    const campaign = seedCampaign({ budget: { times: 1 } });
    const steps = ['a', 'b'].map((clientId) => ({ ...month(1, campaign), clientId }));
    const decisions = grantInSequence(steps);
    expect(granted(decisions)).toEqual([true, false]);
    expect(ratios(decisions)).toEqual(['2', '0']);
  });

  it('Given a ratio-only earning (no cash amount, or 0), Then the ratio is granted alone and consumes the times limit', () => {
    // The schema requires `amount`, so "without a cash amount" arrives as 0 (also as "0").
    const absent = seedCampaign({
      earning: { currency: 'TRL', amount: '0', ratio: 1.5, limit: { times: 2 } },
    });
    const zero = seedCampaign({
      'campaign-id': 9002,
      earning: { currency: 'TRL', amount: 0, ratio: 1.5 },
    });
    const decisions = grantInSequence([month(1, absent), month(2, absent), month(3, absent)]);
    expect(ratios(decisions)).toEqual(['1.5', '1.5', '0']);
    expect(granted(decisions)).toEqual([true, true, false]);
    expect(decisions[0]?.reservations.length).toBeGreaterThan(0);
    const [alone] = grantInSequence([month(1, zero)]);
    expect(alone?.granted).toBe(true);
    expect(alone?.earning.ratio.toFixed()).toBe('1.5');
  });
});
