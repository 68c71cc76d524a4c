import type { CustomerEventInput } from '@tributary/schemas';
import type { Product } from './catalogue';
import { CHANNEL_REACH, TRUE_CONVERSION_EFFECT, touchFields, type DemoChannel } from './channels';
import type { Random } from './random';

const PLATFORMS = [
  ['web', 5],
  ['ios', 3],
  ['android', 3],
] as const;
const HOUR = 3_600_000;

export interface UserStory {
  events: CustomerEventInput[];
  orders: number;
  /** The channel path of each converting journey, for the ground truth. */
  convertingPaths: DemoChannel[][];
  /** Every touch's channel, and whether that touch converted (the ground truth of effects). */
  touches: { channel: DemoChannel; converted: boolean }[];
}

/**
 * One user's life in the window: anonymous sessions opened by marketing touches, product views,
 * and, when a touch "works" (chance = the channel's true effect), a login and an order. Events of
 * one user are in time order; ids are deterministic for a seed.
 */
export function generateUser(
  random: Random,
  index: number,
  catalogue: readonly Product[],
  start: number,
  spanMs: number,
): UserStory {
  const userId = `user-${index}`;
  const anonymousId = `anon-${index}-${random.int(1000, 9999)}`;
  const platform = random.weighted(PLATFORMS);
  const events: CustomerEventInput[] = [];
  const convertingPaths: DemoChannel[][] = [];
  const touchLog: UserStory['touches'] = [];
  let loggedIn = false;
  let path: DemoChannel[] = [];
  let t = start + Math.floor(random.next() * spanMs * 0.5);
  const end = start + spanMs;
  const touches = random.int(1, 8);
  const ids = () =>
    loggedIn ? { user_id: userId, anonymous_id: anonymousId } : { anonymous_id: anonymousId };

  for (let k = 0; k < touches && t < end; k += 1) {
    const channel = random.weighted(CHANNEL_REACH);
    const sessionId = random.id('s');
    const touch = touchFields(channel, random.id('click'));
    events.push({
      event_id: random.id('e'),
      occurred_at: new Date(t).toISOString(),
      session_id: sessionId,
      platform,
      ...ids(),
      ...touch,
    });
    path.push(channel);
    const viewed: Product[] = [];
    for (let v = random.int(1, 4); v > 0; v -= 1) {
      t += random.int(5_000, 90_000);
      const product = random.pick(catalogue);
      viewed.push(product);
      events.push({
        event_id: random.id('e'),
        type: 'product_view',
        occurred_at: new Date(t).toISOString(),
        session_id: sessionId,
        platform,
        ...ids(),
        properties: {
          product_id: product.productId,
          category_id: product.categoryId,
          price: String(product.price),
        },
      });
    }
    const converts = random.chance(TRUE_CONVERSION_EFFECT[channel]);
    touchLog.push({ channel, converted: converts });
    if (converts) {
      t += random.int(10_000, 120_000);
      if (!loggedIn) {
        loggedIn = true;
        events.push({
          event_id: random.id('e'),
          type: 'identify',
          occurred_at: new Date(t).toISOString(),
          session_id: sessionId,
          platform,
          user_id: userId,
          anonymous_id: anonymousId,
        });
        t += 1_000;
      }
      const items = viewed.slice(0, random.int(1, viewed.length)).map((p) => ({
        product_id: p.productId,
        category_id: p.categoryId,
        quantity: random.int(1, 2),
        price: String(p.price),
      }));
      const revenue = items.reduce((sum, i) => sum + Number(i.price) * i.quantity, 0);
      const currency = random.weighted([
        ['TRY', 90],
        ['USD', 6],
        ['EUR', 4],
      ] as const);
      events.push({
        event_id: random.id('e'),
        type: 'order_completed',
        occurred_at: new Date(t).toISOString(),
        session_id: sessionId,
        platform,
        ...ids(),
        properties: { order_id: random.id('order'), revenue: revenue.toFixed(2), currency, items },
      });
      convertingPaths.push(path);
      path = [];
    }
    t += random.int(HOUR, 36 * HOUR);
  }
  return {
    events: events.filter((e) => Date.parse(e.occurred_at) < end),
    orders: convertingPaths.length,
    convertingPaths,
    touches: touchLog,
  };
}
