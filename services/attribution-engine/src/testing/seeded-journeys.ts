import type { TestJourney } from './insert-journeys';

/** mulberry32: the same journeys on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHANNELS = ['search', 'display', 'social', 'email', 'direct'];
const CAMPAIGNS = ['spring', 'brand', undefined];

/**
 * `count` journeys (about 60% converting) of 1-6 touches with repeats, spread over days before
 * the end, with campaigns (some missing) and revenues of up to 3 decimals.
 */
export function seededJourneys(count: number, around: Date, seed: number): TestJourney[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const length = 1 + Math.floor(random() * 6);
    let days = Math.floor(random() * 12);
    const touches = Array.from({ length }, () => {
      const touch = { channel: pick(CHANNELS), campaign: pick(CAMPAIGNS), daysBefore: days };
      days = Math.max(0, days - Math.floor(random() * 4));
      return touch;
    }).map((t) =>
      t.campaign === undefined ? { channel: t.channel, daysBefore: t.daysBefore } : t,
    );
    const end = new Date(around.getTime() + Math.floor(random() * 10) * 86_400_000);
    const converting = random() < 0.6;
    return converting
      ? {
          id: `s${i}`,
          end,
          revenue: (1 + Math.floor(random() * 100_000) / 1000).toFixed(3),
          touches,
        }
      : { id: `s${i}`, end, touches };
  });
}
