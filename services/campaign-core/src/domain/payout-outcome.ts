import type { GrantDecision } from './earning-grant';

export interface PayoutLabels {
  result: 'granted' | 'refused';
  /**
   * Why: for a refusal the stop that zeroed it (times-exhausted, stacking) or zero-earning; for a
   * grant the cap that lowered it (amount-capped, ratio-capped), or none.
   */
  reason: string;
}

/** The metric labels of one booked earning (R18-R20): a small fixed set, no ids. */
export function payoutLabels(grant: GrantDecision): PayoutLabels {
  const stops = grant.stops.map((s) => s.reason);
  if (!grant.granted) {
    const zeroed = stops.find((r) => r === 'times-exhausted' || r === 'stacking');
    return { result: 'refused', reason: zeroed ?? stops[0] ?? 'zero-earning' };
  }
  return { result: 'granted', reason: stops[0] ?? 'none' };
}

/** Every limit stop of a booked earning by scope (campaign, budget, umbrella, stacking). */
export function limitStopLabels(grant: GrantDecision): { scope: string; reason: string }[] {
  return grant.stops.map((s) => ({ scope: s.key.scope, reason: s.reason }));
}
