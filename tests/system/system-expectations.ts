import { TRUE_CONVERSION_EFFECT, touchFields, type DemoChannel } from '@tributary/demo-data';
import type { CustomerEventInput } from '@tributary/schemas';

/**
 * What the generated data implies, computed from the events themselves (not from the generator's
 * story, which also counts orders its window cut off).
 */
export interface AttributionTruth {
  orders: number;
  firstTouch: Record<string, number>;
  lastTouch: Record<string, number>;
}

/** The generator's channel of a touch event, recognised by the fields `touchFields` gives it. */
const signature = (type: string, m: CustomerEventInput['marketing']) =>
  `${type}|${m?.utm_medium ?? ''}|${m?.referrer ?? ''}`;
const CHANNEL_OF = new Map<string, DemoChannel>(
  (Object.keys(TRUE_CONVERSION_EFFECT) as DemoChannel[]).map((channel) => {
    const touch = touchFields(channel, 'x');
    return [signature(touch.type, touch.marketing), channel];
  }),
);

export function attributionTruth(
  users: readonly (readonly CustomerEventInput[])[],
): AttributionTruth {
  const truth: AttributionTruth = { orders: 0, firstTouch: {}, lastTouch: {} };
  const add = (table: Record<string, number>, channel: string) =>
    (table[channel] = (table[channel] ?? 0) + 1);
  for (const events of users) {
    // A journey is the touches since the user's previous order (all well inside the 30-day lookback).
    let path: DemoChannel[] = [];
    for (const event of events) {
      const channel = CHANNEL_OF.get(signature(event.type, event.marketing));
      if (channel) path.push(channel);
      if (event.type !== 'order_completed') continue;
      truth.orders += 1;
      const [first] = path;
      const last = path[path.length - 1];
      if (first && last) {
        add(truth.firstTouch, first);
        add(truth.lastTouch, last);
      }
      path = [];
    }
  }
  return truth;
}

const text = (value: unknown, missing: string) => (typeof value === 'string' ? value : missing);

export interface WindowTruth {
  total_views: number;
  users: { user_id: string; views: number; last_view_at: string }[];
  categories: { category_id: string; views: number; distinct_users: number }[];
  platforms: { platform: string; views: number; distinct_users: number }[];
}

/** Views desc, then id in byte order: the order the API lists them in. */
const byViewsThenId =
  <T extends { views: number }>(id: (row: T) => string) =>
  (a: T, b: T) =>
    b.views - a.views || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);

/** The 5-minute window ending at `at` (views in (at - 5 min, at]). */
export function windowTruth(views: readonly CustomerEventInput[], at: number): WindowTruth {
  const inside = views.filter((v) => {
    const t = Date.parse(v.occurred_at);
    return t > at - 300_000 && t <= at;
  });
  const users = new Map<string, { views: number; last: number }>();
  const groups = {
    category: new Map<string, Set<string>>(),
    platform: new Map<string, Set<string>>(),
  };
  const counts = { category: new Map<string, number>(), platform: new Map<string, number>() };
  for (const view of inside) {
    const user = view.user_id ?? view.anonymous_id ?? '';
    const entry = users.get(user) ?? { views: 0, last: 0 };
    users.set(user, {
      views: entry.views + 1,
      last: Math.max(entry.last, Date.parse(view.occurred_at)),
    });
    const keys = {
      category: text(view.properties?.category_id, 'unknown'),
      platform: view.platform ?? 'unknown',
    };
    for (const kind of ['category', 'platform'] as const) {
      counts[kind].set(keys[kind], (counts[kind].get(keys[kind]) ?? 0) + 1);
      groups[kind].set(keys[kind], (groups[kind].get(keys[kind]) ?? new Set()).add(user));
    }
  }
  const rows = (kind: 'category' | 'platform') =>
    [...counts[kind]].map(([id, n]) => ({
      id,
      views: n,
      distinct_users: groups[kind].get(id)?.size ?? 0,
    }));
  return {
    total_views: inside.length,
    users: [...users]
      .map(([user_id, u]) => ({
        user_id,
        views: u.views,
        last_view_at: new Date(u.last).toISOString(),
      }))
      .sort(byViewsThenId((u) => u.user_id)),
    categories: rows('category')
      .map(({ id, ...r }) => ({ category_id: id, ...r }))
      .sort(byViewsThenId((c) => c.category_id)),
    platforms: rows('platform')
      .map(({ id, ...r }) => ({ platform: id, ...r }))
      .sort(byViewsThenId((p) => p.platform)),
  };
}

/** A user's 5 most recent distinct products, newest first (a product keeps its newest view). */
export function recentlyViewedTruth(
  views: readonly CustomerEventInput[],
  userId: string,
  limit = 5,
): { product_id: string; viewed_at: string }[] {
  const newest = new Map<string, number>();
  for (const view of views) {
    if (view.user_id !== userId) continue;
    const product = text(view.properties?.product_id, '');
    newest.set(product, Math.max(newest.get(product) ?? 0, Date.parse(view.occurred_at)));
  }
  return [...newest]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([product_id, t]) => ({ product_id, viewed_at: new Date(t).toISOString() }));
}

export interface TopPurchasedTruth {
  category_id: string;
  rank: number;
  product_id: string;
  distinct_buyers: number;
}

/** Per category, the 10 products bought by the most distinct users; ties by product id in byte order. */
export function topPurchasedTruth(
  orders: readonly CustomerEventInput[],
  topN = 10,
): TopPurchasedTruth[] {
  const buyers = new Map<string, { category: string; users: Set<string> }>();
  for (const order of orders) {
    const items = (order.properties?.items ?? []) as { product_id: string; category_id?: string }[];
    for (const item of items) {
      if (!item.category_id) continue;
      const key = `${item.category_id}\u0000${item.product_id}`;
      const entry = buyers.get(key) ?? { category: item.category_id, users: new Set<string>() };
      entry.users.add(order.user_id ?? '');
      buyers.set(key, entry);
    }
  }
  const byCategory = new Map<string, { product_id: string; distinct_buyers: number }[]>();
  for (const [key, entry] of buyers) {
    const list = byCategory.get(entry.category) ?? [];
    list.push({ product_id: key.split('\u0000')[1] ?? '', distinct_buyers: entry.users.size });
    byCategory.set(entry.category, list);
  }
  const rows: TopPurchasedTruth[] = [];
  for (const category of [...byCategory.keys()].sort()) {
    const ranked = (byCategory.get(category) ?? [])
      .sort(
        (a, b) => b.distinct_buyers - a.distinct_buyers || (a.product_id < b.product_id ? -1 : 1),
      )
      .slice(0, topN);
    ranked.forEach((p, i) => rows.push({ category_id: category, rank: i + 1, ...p }));
  }
  return rows;
}

export interface CaseReportsTruth {
  topViewed: { category_id: string; rank: number; product_id: string; distinct_viewers: number }[];
  topPurchased: TopPurchasedTruth[];
  conversion: {
    category_id: string;
    viewers: number;
    buyers: number;
    purchase_view_ratio: string | null;
  }[];
}

/**
 * The hour's three category reports computed from the case's files alone: the records as read
 * from orders.json and the views file, each product's category from product-category-map.csv
 * (not from any event's field, so a wrong category anywhere in the pipeline shows). People are
 * user ids; ranks by distinct people, ties by product id in byte order; top 10 per category.
 */
export function caseReportsTruth(
  orders: readonly CaseRecordLike[],
  views: readonly CaseRecordLike[],
  categories: ReadonlyMap<string, string>,
  topN = 10,
): CaseReportsTruth {
  const people = (records: readonly CaseRecordLike[]) => {
    const byProduct = new Map<string, Set<string>>();
    const byCategory = new Map<string, Set<string>>();
    for (const record of records) {
      for (const product of record.productIds) {
        const category = categories.get(product) ?? 'unknown';
        byProduct.set(product, (byProduct.get(product) ?? new Set()).add(record.userId));
        byCategory.set(category, (byCategory.get(category) ?? new Set()).add(record.userId));
      }
    }
    return { byProduct, byCategory };
  };
  const ranked = (byProduct: Map<string, Set<string>>) => {
    const perCategory = new Map<string, { product_id: string; n: number }[]>();
    for (const [product, users] of byProduct) {
      const category = categories.get(product) ?? 'unknown';
      perCategory.set(category, [
        ...(perCategory.get(category) ?? []),
        { product_id: product, n: users.size },
      ]);
    }
    return [...perCategory.keys()].sort().flatMap((category) =>
      (perCategory.get(category) ?? [])
        .sort((a, b) => b.n - a.n || (a.product_id < b.product_id ? -1 : 1))
        .slice(0, topN)
        .map((p, i) => ({ category_id: category, rank: i + 1, product_id: p.product_id, n: p.n })),
    );
  };
  const viewed = people(views);
  const bought = people(orders);
  const categoryIds = [
    ...new Set([...viewed.byCategory.keys(), ...bought.byCategory.keys()]),
  ].sort();
  return {
    topViewed: ranked(viewed.byProduct).map(({ n, ...row }) => ({ ...row, distinct_viewers: n })),
    topPurchased: ranked(bought.byProduct).map(({ n, ...row }) => ({ ...row, distinct_buyers: n })),
    conversion: categoryIds.map((category_id) => {
      const viewers = viewed.byCategory.get(category_id)?.size ?? 0;
      const buyers = bought.byCategory.get(category_id)?.size ?? 0;
      return { category_id, viewers, buyers, purchase_view_ratio: ratio4(buyers, viewers) };
    }),
  };
}

export interface CaseRecordLike {
  userId: string;
  productIds: readonly string[];
}

/** buyers / viewers rounded half up to 4 decimals, in integers (PostgreSQL's round(numeric, 4)). */
function ratio4(buyers: number, viewers: number): string | null {
  if (viewers === 0) return null;
  const scaled = (BigInt(buyers) * 100_000n) / BigInt(viewers); // 5 decimals, truncated
  const rounded = (scaled + 5n) / 10n;
  const text = rounded.toString().padStart(5, '0');
  return `${text.slice(0, -4)}.${text.slice(-4)}`;
}

/**
 * The attribution run's revenue in the reporting currency (TRY): every synthetic order's
 * revenue, those in another currency converted at the rate of their local conversion date in
 * `timeZone` and rounded half up to 2 decimals, summed. Integer arithmetic in 1/100 and 1/10,000.
 */
export function convertedRevenueTruth(
  users: readonly (readonly CustomerEventInput[])[],
  rates: readonly { from: string; to: string; date: string; rate: string }[],
  timeZone: string,
  reporting = 'TRY',
): { total: string; missing: number } {
  const rate = new Map(
    rates.filter((r) => r.to === reporting).map((r) => [`${r.from}|${r.date}`, r.rate]),
  );
  const localDate = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const units = (decimal: string, scale: number) => {
    const [whole = '0', fraction = ''] = decimal.split('.');
    return BigInt(whole + fraction.padEnd(scale, '0').slice(0, scale));
  };
  let cents = 0n;
  let missing = 0;
  for (const event of users.flat()) {
    if (event.type !== 'order_completed') continue;
    const { revenue, currency } = event.properties as { revenue: string; currency: string };
    if (currency === reporting) {
      cents += units(revenue, 2);
      continue;
    }
    const r = rate.get(`${currency}|${localDate.format(new Date(event.occurred_at))}`);
    if (r === undefined) {
      missing += 1;
      continue;
    }
    cents += (units(revenue, 2) * units(r, 4) + 5_000n) / 10_000n;
  }
  const text = cents.toString().padStart(3, '0');
  return { total: `${text.slice(0, -2)}.${text.slice(-2)}`.replace(/\.?0+$/, ''), missing };
}
