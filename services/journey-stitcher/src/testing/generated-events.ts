import type { CustomerEvent } from '@tributary/schemas';

const DAY = 86_400_000;

/**
 * Deterministic mixed traffic over `days` days before `end`: anonymous and known customers,
 * identify events (links, some arriving after the visits), orders, ties on occurred_at, some
 * touchpoints received days late, and repeated event ids (redeliveries). Shuffled, so purchases
 * often arrive before their touchpoints.
 */
export function generatedEvents(options: {
  count: number;
  end: number;
  days: number;
  seed?: number;
  customers?: number;
}): CustomerEvent[] {
  let seed = options.seed ?? 7;
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const customers = options.customers ?? Math.max(20, Math.floor(options.count / 80));
  const start = options.end - options.days * DAY;
  const events: CustomerEvent[] = [];
  for (let i = 0; i < options.count; i += 1) {
    const u = Math.floor(rnd() * customers);
    const occurred =
      start +
      Math.floor(rnd() * options.days * 4) * (DAY / 4) +
      (rnd() < 0.3 ? 0 : Math.floor(rnd() * 1000));
    const received = occurred + (rnd() < 0.05 ? Math.floor(rnd() * 3 * DAY) : 0);
    const kind = rnd();
    const type: CustomerEvent['type'] =
      kind < 0.1
        ? 'order_completed'
        : kind < 0.15
          ? 'identify'
          : pick([
              'ad_click',
              'email_click',
              'page_view',
              'session_start',
              'ad_impression',
            ] as const);
    const ids =
      type === 'identify'
        ? { user_id: `u${u}`, anonymous_id: `a${u}-${Math.floor(rnd() * 2)}` }
        : rnd() < 0.4
          ? { anonymous_id: `a${u}-${Math.floor(rnd() * 3)}` }
          : { user_id: `u${u}` };
    const event: CustomerEvent = {
      // Unique ids (the contract) whose byte order differs from generation order ('B' < 'a').
      event_id: `e${String(Math.floor(rnd() * 1e6)).padStart(6, '0')}-${i}${rnd() < 0.5 ? 'B' : 'a'}`,
      type,
      occurred_at: new Date(occurred).toISOString(),
      received_at: new Date(received).toISOString(),
      ...ids,
      channel: pick(['direct', 'email', 'paid_search', 'social', 'display']),
      ...(rnd() < 0.5 ? {} : { marketing: { utm_campaign: pick(['c1', 'c2']) } }),
      properties:
        type === 'order_completed'
          ? {
              order_id: `o${i}`,
              revenue: pick(['10.50', '3', '99.999']),
              currency: 'EUR',
              items: [{ product_id: `p${i % 50}`, quantity: 1, category_id: `k${i % 7}` }],
            }
          : {},
    };
    events.push(event);
  }
  // Redeliveries: the same event again, later in the stream.
  const repeated = events.filter(() => rnd() < 0.03);
  const all = [...events, ...repeated];
  for (let i = all.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rnd() * (i + 1));
    [all[i], all[j]] = [all[j] as CustomerEvent, all[i] as CustomerEvent];
  }
  return all;
}
