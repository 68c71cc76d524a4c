import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom, generateTraffic } from '@tributary/demo-data';
import { isHepsiburadaRecord, mapHepsiburadaRecord, parseCategoryMap } from '@tributary/loader';
import type { CustomerEventInput } from '@tributary/schemas';
import { ROOT } from './system-harness';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A live product view before it is stamped: the time is set when it is sent. */
export interface LiveView {
  n: number;
  userId: string;
  productId: string;
  categoryId: string;
  platform: string;
}

export interface PaymentPlan {
  clientId: string;
  amounts: number[];
}

/** Everything the test sends, decided up front from fixed seeds. */
export interface SystemInput {
  /** Synthetic history, one array per user in time order (as the supervisor's demo places it). */
  synthetic: CustomerEventInput[][];
  /** Inclusive attribution dates (Europe/Istanbul) that hold every synthetic conversion. */
  attributionRange: { date_from: string; date_to: string };
  syntheticStart: Date;
  /** The e-commerce case's orders spread over the last complete hour (UTC hour key). */
  caseOrders: CustomerEventInput[];
  reportHour: string;
  liveViews: LiveView[];
  /** The client whose payments satisfy goals 101 (1000 TRL) and 102 (5 payments) of campaign 9001. */
  achiever: PaymentPlan;
  /** A client that stays below both goals. */
  bystander: PaymentPlan;
}

export const SYNTHETIC = { users: 300, products: 200, categories: 10, endDaysAgo: 65, days: 30 };
export const CASE_ORDERS = 1500;

export function buildInput(now = Date.now()): SystemInput {
  const end = now - SYNTHETIC.endDaysAgo * DAY;
  const syntheticStart = new Date(end - SYNTHETIC.days * DAY);
  const synthetic: CustomerEventInput[][] = [];
  generateTraffic(
    {
      seed: 42,
      users: SYNTHETIC.users,
      products: SYNTHETIC.products,
      categories: SYNTHETIC.categories,
      paymentClients: 0,
      start: syntheticStart,
      spanMs: SYNTHETIC.days * DAY,
    },
    (events) => synthetic.push(events),
  );
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const hourStart = Math.floor(now / HOUR) * HOUR - HOUR;
  return {
    synthetic,
    // A day of margin on each side covers the UTC/Istanbul offset.
    attributionRange: { date_from: day(syntheticStart.getTime() - DAY), date_to: day(end + DAY) },
    syntheticStart,
    caseOrders: caseOrders(hourStart),
    reportHour: new Date(hourStart).toISOString().slice(0, 13),
    liveViews: liveViews(),
    achiever: { clientId: '4100000001', amounts: [250, 250, 250, 250, 250] },
    bystander: { clientId: '4100000002', amounts: [100, 100] },
  };
}

function caseOrders(hourStart: number): CustomerEventInput[] {
  const dir = join(ROOT, 'datasets', 'hepsiburada-case');
  const categories = parseCategoryMap(readFileSync(join(dir, 'product-category-map.csv'), 'utf8'));
  const lines = readFileSync(join(dir, 'orders.json'), 'utf8').split('\n').slice(0, CASE_ORDERS);
  return lines.map((line, i) => {
    const record: unknown = JSON.parse(line);
    if (!isHepsiburadaRecord(record))
      throw new Error(`orders.json line ${i + 1} is not a case record`);
    // Spread as the loader's `spread` mode does, strictly inside the hour.
    return mapHepsiburadaRecord(
      record,
      categories,
      new Date(hourStart + Math.floor((i * 3_599_000) / CASE_ORDERS)),
    );
  });
}

/** 40 live users (ids no synthetic or case user has), 60 products over 12 categories, 3 platforms. */
function liveViews(): LiveView[] {
  const random = createRandom(2024);
  return Array.from({ length: 480 }, (_, n) => {
    const product = random.int(1, 60);
    return {
      n,
      // live-1 views often, so its recently viewed list has repeats and more than 5 products.
      userId: random.chance(0.1) ? 'live-1' : `live-${random.int(1, 40)}`,
      productId: `live-product-${product}`,
      categoryId: `live-category-${(product % 12) + 1}`,
      platform: random.pick(['web', 'ios', 'android']),
    };
  });
}

/** Stamps views at send time, one millisecond apart and never in the future. */
export function stampLiveViews(views: readonly LiveView[], now = Date.now()): CustomerEventInput[] {
  return views.map((view, i) => ({
    event_id: `live-view-${view.n}`,
    type: 'product_view',
    occurred_at: new Date(now - (views.length - i)).toISOString(),
    user_id: view.userId,
    platform: view.platform,
    properties: { product_id: view.productId, category_id: view.categoryId },
  }));
}

/** Payment CDC records in the seed's shape (stream 1 reads data.custId, data.payment.invoice.*). */
export function paymentRecords(
  plan: PaymentPlan,
  from: number,
  to: number,
  now = Date.now(),
): { key: string; value: unknown }[] {
  return plan.amounts.slice(from, to).map((amount, i) => ({
    key: plan.clientId,
    value: {
      data: {
        id: `pay-${plan.clientId}-${from + i}`,
        custId: plan.clientId,
        timestamp: new Date(now - (to - from - i)).toISOString(),
        payment: { invoice: { amount, currency: 'TRL' } },
      },
    },
  }));
}
