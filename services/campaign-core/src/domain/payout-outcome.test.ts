import { Decimal } from './decimal';
import type { GrantDecision } from './earning-grant';
import { limitStopLabels, payoutLabels } from './payout-outcome';

const grant = (granted: boolean, stops: GrantDecision['stops']): GrantDecision => ({
  earning: { currency: 'TRL', amount: new Decimal(granted ? 50 : 0), ratio: new Decimal(0) },
  granted,
  reservations: [],
  stops,
});
const campaignKey = { scope: 'campaign', campaignId: 1, clientId: 'c' } as const;
const budgetKey = { scope: 'budget', campaignId: 1 } as const;

describe('payout labels', () => {
  it('a full grant is granted for no reason; a capped one names the cap', () => {
    expect(payoutLabels(grant(true, []))).toEqual({ result: 'granted', reason: 'none' });
    expect(
      payoutLabels(
        grant(true, [{ key: budgetKey, reason: 'amount-capped', remaining: new Decimal(5) }]),
      ),
    ).toEqual({ result: 'granted', reason: 'amount-capped' });
  });

  it('a refusal names the stop that zeroed it, or zero-earning', () => {
    expect(
      payoutLabels(
        grant(false, [
          { key: budgetKey, reason: 'amount-capped', remaining: new Decimal(0) },
          { key: campaignKey, reason: 'times-exhausted' },
        ]),
      ),
    ).toEqual({ result: 'refused', reason: 'times-exhausted' });
    expect(payoutLabels(grant(false, []))).toEqual({ result: 'refused', reason: 'zero-earning' });
    expect(
      payoutLabels(
        grant(false, [{ key: budgetKey, reason: 'amount-capped', remaining: new Decimal(0) }]),
      ),
    ).toEqual({ result: 'refused', reason: 'amount-capped' });
  });

  it('lists every limit stop by scope, without ids', () => {
    expect(
      limitStopLabels(
        grant(false, [
          { key: campaignKey, reason: 'times-exhausted' },
          {
            key: { scope: 'stacking', clientId: 'c', tag: 't', period: '2021-11' },
            reason: 'stacking',
            blockedBy: 'standalone-granted',
          },
        ]),
      ),
    ).toEqual([
      { scope: 'campaign', reason: 'times-exhausted' },
      { scope: 'stacking', reason: 'stacking' },
    ]);
  });
});
