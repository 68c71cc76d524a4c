import { Decimal } from './decimal';
import type { LimitKey } from './limit-keys';
import { limitKeyText } from './limit-keys';
import { NO_USAGE, reservationFits, type LimitUsage, type Reservation } from './limit-usage';
import { planFits, planReservations } from './reservation-plan';

const campaignKey: LimitKey = { scope: 'campaign', campaignId: 1, clientId: 'c' };
const stackingKey: LimitKey = { scope: 'stacking', clientId: 'c', tag: 't', period: 'p' };
const usage = (amount: number, times = 0, standalone = 0): LimitUsage => ({
  amount: new Decimal(amount),
  ratio: new Decimal(0),
  times,
  standalone,
});
const reserve = (key: LimitKey, amount: number, caps: Reservation['caps']): Reservation => ({
  key,
  delta: { ...usage(amount, 1), ratio: new Decimal(1) },
  caps,
});

describe('planReservations', () => {
  it('sums the deltas of a key and keeps the tightest bound on the value before them', () => {
    const [plan] = planReservations([
      reserve(campaignKey, 50, { amount: new Decimal(150), times: 3 }),
      reserve(campaignKey, 30, { amount: new Decimal(150), times: 3 }),
    ]);
    expect(plan?.key).toBe(limitKeyText(campaignKey));
    expect(plan?.delta.amount.toFixed()).toBe('80');
    expect(plan?.delta.times).toBe(2);
    expect(plan?.maxBefore.amount?.toFixed()).toBe('70');
    expect(plan?.maxBefore.times).toBe(1);
    expect(plan?.maxBefore.ratio).toBeUndefined();
    expect(plan && planFits(usage(70, 1), plan)).toBe(true);
    expect(plan && planFits(usage(70.01, 1), plan)).toBe(false);
    expect(plan && planFits(usage(0, 2), plan)).toBe(false);
  });

  it('takes each reservation with its own caps (standalone vs merge-by-tag on one stacking key)', () => {
    const merge = { ...reserve(stackingKey, 10, { standalone: 0 }) };
    const standalone: Reservation = {
      ...reserve(stackingKey, 10, { times: 1 }),
      delta: { ...usage(10, 1, 1), ratio: new Decimal(0) },
    };
    const [plan] = planReservations([merge, standalone]);
    // The merge grant needs no standalone before it; the standalone one needs times <= 1 after.
    expect(plan?.maxBefore).toMatchObject({ standalone: 0, times: -1 });
    expect(plan && planFits(NO_USAGE, plan)).toBe(false);
  });

  it('returns keys in one sorted order', () => {
    const keys = planReservations([reserve(stackingKey, 1, {}), reserve(campaignKey, 1, {})]).map(
      (p) => p.key,
    );
    expect(keys).toEqual([...keys].sort());
  });

  it('fits exactly when every reservation fits applied one after another (random cases)', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const keys: LimitKey[] = [campaignKey, stackingKey, { scope: 'budget', campaignId: 1 }];
    for (let round = 0; round < 500; round += 1) {
      const reservations = Array.from({ length: 1 + random(5) }, () => {
        const key = keys[random(keys.length)] ?? campaignKey;
        return reserve(key, random(60), {
          ...(random(2) === 0 && { amount: new Decimal(random(200)) }),
          ...(random(2) === 0 && { times: random(4) }),
        });
      });
      const start = new Map(keys.map((k) => [limitKeyText(k), usage(random(100), random(3))]));
      let sequential = true;
      const current = new Map(start);
      for (const r of reservations) {
        const text = limitKeyText(r.key);
        const before = current.get(text) ?? NO_USAGE;
        if (!reservationFits(before, r)) sequential = false;
        current.set(text, {
          amount: before.amount.plus(r.delta.amount),
          ratio: before.ratio.plus(r.delta.ratio),
          times: before.times + r.delta.times,
          standalone: before.standalone + r.delta.standalone,
        });
      }
      const planned = planReservations(reservations).every((p) =>
        planFits(start.get(p.key) ?? NO_USAGE, p),
      );
      expect(planned).toBe(sequential);
    }
  });
});
