import type { CustomerEventInput } from '@tributary/schemas';
import { makeCatalogue } from './catalogue';
import { TRUE_CONVERSION_EFFECT } from './channels';
import { generatePayments, type PaymentStreams } from './payments';
import { createRandom } from './random';
import { generateUser } from './user-journeys';

export interface DemoOptions {
  seed: number;
  users: number;
  products: number;
  categories: number;
  paymentClients: number;
  start: Date;
  spanMs: number;
  /** The case's product -> category map; products it names keep its category. */
  categoryMap?: ReadonlyMap<string, string>;
}

export interface DemoTruth {
  seed: number;
  users: number;
  events: number;
  orders: number;
  trueConversionEffect: typeof TRUE_CONVERSION_EFFECT;
  /** Converting journeys that contain each channel (a journey with a channel twice counts once). */
  journeysWithChannel: Record<string, number>;
  /** Touches per channel and the share of them that converted (approaches the true effect). */
  touchConversion: Record<string, { touches: number; converted: number }>;
}

/** Calls `onUser` with each user's events in time order, and returns the ground truth. */
export function generateTraffic(
  options: DemoOptions,
  onUser: (events: CustomerEventInput[]) => void,
): DemoTruth {
  const random = createRandom(options.seed);
  const catalogue = makeCatalogue(
    random,
    options.products,
    options.categories,
    options.categoryMap,
  );
  const journeysWithChannel: Record<string, number> = {};
  const touchConversion: Record<string, { touches: number; converted: number }> = {};
  let events = 0;
  let orders = 0;
  for (let u = 1; u <= options.users; u += 1) {
    const story = generateUser(random, u, catalogue, options.start.getTime(), options.spanMs);
    events += story.events.length;
    orders += story.orders;
    for (const path of story.convertingPaths) {
      for (const channel of new Set(path))
        journeysWithChannel[channel] = (journeysWithChannel[channel] ?? 0) + 1;
    }
    for (const touch of story.touches) {
      const entry = (touchConversion[touch.channel] ??= { touches: 0, converted: 0 });
      entry.touches += 1;
      if (touch.converted) entry.converted += 1;
    }
    onUser(story.events);
  }
  return {
    seed: options.seed,
    users: options.users,
    events,
    orders,
    trueConversionEffect: TRUE_CONVERSION_EFFECT,
    journeysWithChannel,
    touchConversion,
  };
}

export function generatePaymentTraffic(options: DemoOptions): PaymentStreams {
  return generatePayments(
    createRandom(options.seed + 1),
    options.paymentClients,
    options.start.getTime(),
    options.spanMs,
  );
}
