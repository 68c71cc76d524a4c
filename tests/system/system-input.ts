import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom, demoFxRates, generateTraffic, type DemoFxRate } from '@tributary/demo-data';
import {
  isHepsiburadaRecord,
  mapHepsiburadaRecord,
  parseCategoryMap,
  type CategoryMap,
} from '@tributary/loader';
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
  /** Product views in the case's format (as the demo makes them), spread over the same hour. */
  caseViews: CustomerEventInput[];
  /** The case files as read, for the independent computation of the hour's reports. */
  caseFiles: CaseFiles;
  reportHour: string;
  /** The demo's FX rates over the synthetic window (loaded with load-fx-rates, as `npm run up`). */
  fxRates: DemoFxRate[];
  liveViews: LiveView[];
  /** The client whose payments satisfy goals 101 (1000 TRL) and 102 (5 payments) of campaign 9001. */
  achiever: PaymentPlan;
  /** A client that stays below both goals. */
  bystander: PaymentPlan;
}

export const SYNTHETIC = { users: 300, products: 200, categories: 10, endDaysAgo: 65, days: 30 };
export const CASE_ORDERS = 1500;
export const CASE_VIEWS = 3000;
export const CATEGORY_MAP_FILE = 'datasets/hepsiburada-case/product-category-map.csv';

/** A case record reduced to what the reports read: who, which products. */
export interface CaseRecord {
  userId: string;
  productIds: string[];
}

export interface CaseFiles {
  categories: CategoryMap;
  orders: CaseRecord[];
  views: CaseRecord[];
}

export function buildInput(now = Date.now()): SystemInput {
  const end = now - SYNTHETIC.endDaysAgo * DAY;
  const syntheticStart = new Date(end - SYNTHETIC.days * DAY);
  const synthetic: CustomerEventInput[][] = [];
  const categories = parseCategoryMap(readFileSync(join(ROOT, CATEGORY_MAP_FILE), 'utf8'));
  generateTraffic(
    {
      seed: 42,
      users: SYNTHETIC.users,
      products: SYNTHETIC.products,
      categories: SYNTHETIC.categories,
      paymentClients: 0,
      start: syntheticStart,
      spanMs: SYNTHETIC.days * DAY,
      // As the demo: the case's map decides the category of every product-N it names.
      categoryMap: categories,
    },
    (events) => synthetic.push(events),
  );
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  // The last complete hour that ended at least 10 minutes ago: its case views must stay out of the
  // 5-minute live window the test reads right after (an hour ending at 02:00 would leak its last
  // views into a window read at 02:03).
  const hourStart = Math.floor((now - 10 * 60_000) / HOUR) * HOUR - HOUR;
  const orders = caseRecords('orders.json', CASE_ORDERS);
  const views = caseViewRecords(categories);
  return {
    synthetic,
    // A day of margin on each side covers the UTC/Istanbul offset.
    attributionRange: { date_from: day(syntheticStart.getTime() - DAY), date_to: day(end + DAY) },
    syntheticStart,
    caseOrders: spread(orders, categories, hourStart),
    caseViews: spread(views, categories, hourStart),
    caseFiles: { categories, orders: orders.map(reduce), views: views.map(reduce) },
    reportHour: new Date(hourStart).toISOString().slice(0, 13),
    fxRates: demoFxRates(day(syntheticStart.getTime() - 2 * DAY), day(end + 2 * DAY)),
    liveViews: liveViews(),
    achiever: { clientId: '4100000001', amounts: [250, 250, 250, 250, 250] },
    bystander: { clientId: '4100000002', amounts: [100, 100] },
  };
}

type CaseFileRecord = Parameters<typeof mapHepsiburadaRecord>[0];

function caseRecords(file: string, limit: number): CaseFileRecord[] {
  const text = readFileSync(join(ROOT, 'datasets', 'hepsiburada-case', file), 'utf8');
  return text
    .split('\n')
    .slice(0, limit)
    .map((line, i) => {
      const record: unknown = JSON.parse(line);
      if (!isHepsiburadaRecord(record))
        throw new Error(`${file} line ${i + 1} is not a case record`);
      return record;
    });
}

/** Views in the case's own format, made as the demo makes them (tools/supervisor loadCaseData). */
function caseViewRecords(categories: CategoryMap): CaseFileRecord[] {
  const random = createRandom(7);
  const products = [...categories.keys()];
  return Array.from({ length: CASE_VIEWS }, (_, i) => ({
    event: 'ProductView' as const,
    messageid: `system-case-view-${i}`,
    userid: `user-${random.int(1, 500)}`,
    properties: { productid: random.pick(products) },
    context: { source: random.pick(['desktop', 'mobile-app', 'mobile-web']) },
  }));
}

/** Spread strictly inside the hour, as the loader's `spread` mode does. */
function spread(
  records: readonly CaseFileRecord[],
  categories: CategoryMap,
  hourStart: number,
): CustomerEventInput[] {
  return records.map((record, i) =>
    mapHepsiburadaRecord(
      record,
      categories,
      new Date(hourStart + Math.floor((i * 3_599_000) / records.length)),
    ),
  );
}

function reduce(record: CaseFileRecord): CaseRecord {
  return record.event === 'ProductView'
    ? { userId: record.userid, productIds: [record.properties.productid] }
    : { userId: record.userid, productIds: record.lineitems.map((item) => item.productid) };
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
