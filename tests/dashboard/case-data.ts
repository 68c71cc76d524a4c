import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(__dirname, '..', '..', 'datasets', 'hepsiburada-case');

export interface CaseView {
  messageId: string;
  userId: string;
  productId: string;
  categoryId: string;
  platform: string;
  /** The order whose buyer made the view (generated views only). */
  orderId?: number;
}
export interface CaseOrder {
  userId: string;
  orderId: number;
  lines: { productId: string; categoryId: string; quantity: number }[];
}

function categories(): Map<string, string> {
  const lines = readFileSync(join(DIR, 'product-category-map.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  return new Map(lines.map((l) => l.split(',') as [string, string]));
}

function ndjson<T>(file: string): T[] {
  return readFileSync(join(DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

interface RawView {
  messageid: string;
  userid: string;
  properties: { productid: string };
  context: { source: string };
}
interface RawOrder {
  userid: string;
  orderid: number;
  lineitems: { productid: string; quantity: number }[];
}

const PLATFORMS = ['desktop', 'mobile-app', 'mobile-web', 'tablet'];

/** mulberry32: the same views on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The case's orders (datasets/hepsiburada-case) with categories joined, and product views in the
 * case's own shape: the case ships only 4 sample views, so buyers' views of what they bought
 * and browsing of other products are generated from a fixed seed.
 */
export function loadCaseData(): { views: CaseView[]; orders: CaseOrder[] } {
  const map = categories();
  const category = (p: string) => map.get(p) ?? 'unknown';
  const orders = ndjson<RawOrder>('orders.json').map((o) => ({
    userId: o.userid,
    orderId: o.orderid,
    lines: o.lineitems.map((l) => ({
      productId: l.productid,
      categoryId: category(l.productid),
      quantity: l.quantity,
    })),
  }));
  const random = seeded(42);
  const products = [...map.keys()];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const views: CaseView[] = ndjson<RawView>('product-views.sample.ndjson').map((v) => ({
    messageId: v.messageid,
    userId: v.userid,
    productId: v.properties.productid,
    categoryId: category(v.properties.productid),
    platform: v.context.source,
  }));
  for (const order of orders) {
    const platform = pick(PLATFORMS);
    const browsed = [
      ...order.lines.map((l) => l.productId),
      ...Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(products.slice(0, 120))),
    ];
    for (const productId of browsed) {
      views.push({
        messageId: `view-${order.orderId}-${views.length}`,
        userId: order.userId,
        productId,
        categoryId: category(productId),
        platform,
        orderId: order.orderId,
      });
    }
  }
  return { views, orders };
}

/** The generated views made by the buyers of `orders`. */
export function viewsOf(views: readonly CaseView[], orders: readonly CaseOrder[]): CaseView[] {
  const ids = new Set(orders.map((o) => o.orderId));
  return views.filter((v) => v.orderId !== undefined && ids.has(v.orderId));
}
