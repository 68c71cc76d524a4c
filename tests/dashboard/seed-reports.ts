import type { Pool } from '@tributary/postgres';
import type { CaseOrder, CaseView } from './case-data';

interface Ranked {
  category: string;
  product: string;
  users: number;
  events: number;
  units: number;
}

// The category-reports job's rules: distinct users desc, ties by product id, top 10 per category.
function top10(
  entries: Map<string, { users: Set<string>; events: number; units: number }>,
): Ranked[] {
  const rows = [...entries].map(([key, v]) => {
    const [category = '', product = ''] = key.split('|');
    return { category, product, users: v.users.size, events: v.events, units: v.units };
  });
  rows.sort(
    (a, b) =>
      a.category.localeCompare(b.category) ||
      b.users - a.users ||
      a.product.localeCompare(b.product),
  );
  const perCategory = new Map<string, number>();
  return rows.filter((r) => {
    const n = (perCategory.get(r.category) ?? 0) + 1;
    perCategory.set(r.category, n);
    return n <= 10;
  });
}

function tally(items: { category: string; product: string; user: string; units: number }[]) {
  const map = new Map<string, { users: Set<string>; events: number; units: number }>();
  for (const i of items) {
    const key = `${i.category}|${i.product}`;
    const entry = map.get(key) ?? { users: new Set<string>(), events: 0, units: 0 };
    entry.users.add(i.user);
    entry.events += 1;
    entry.units += i.units;
    map.set(key, entry);
  }
  return map;
}

/** One stored report run for `hourStart`, computed from a slice of the case data. */
export async function seedReportHour(
  pool: Pool,
  hourStart: Date,
  views: readonly CaseView[],
  orders: readonly CaseOrder[],
): Promise<void> {
  const viewed = top10(
    tally(
      views.map((v) => ({
        category: v.categoryId,
        product: v.productId,
        user: v.userId,
        units: 0,
      })),
    ),
  );
  const bought = top10(
    tally(
      orders.flatMap((o) =>
        o.lines.map((l) => ({
          category: l.categoryId,
          product: l.productId,
          user: o.userId,
          units: l.quantity,
        })),
      ),
    ),
  );
  const viewers = new Map<string, Set<string>>();
  const buyers = new Map<string, Set<string>>();
  for (const v of views)
    viewers.set(v.categoryId, (viewers.get(v.categoryId) ?? new Set()).add(v.userId));
  for (const o of orders)
    for (const l of o.lines)
      buyers.set(l.categoryId, (buyers.get(l.categoryId) ?? new Set()).add(o.userId));
  const categories = [...new Set([...viewers.keys(), ...buyers.keys()])];

  const end = new Date(hourStart.getTime() + 3_600_000);
  await pool.query(
    `INSERT INTO category_report_runs (period_kind, period_start, period_end, generated_at, top_viewed_rows, top_purchased_rows, conversion_rows)
     VALUES ('hour', $1, $2, $3, $4, $5, $6)`,
    [
      hourStart,
      end,
      new Date(end.getTime() + 65_000),
      viewed.length,
      bought.length,
      categories.length,
    ],
  );
  const insertTop = async (list: 'viewed' | 'purchased', rows: Ranked[]) => {
    let rank = 0;
    let category = '';
    for (const r of rows) {
      rank = r.category === category ? rank + 1 : 1;
      category = r.category;
      await pool.query(
        `INSERT INTO category_top_products (period_kind, period_start, list, category_id, rank, product_id, distinct_users, events, units)
         VALUES ('hour', $1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          hourStart,
          list,
          r.category,
          rank,
          r.product,
          r.users,
          r.events,
          list === 'purchased' ? r.units : null,
        ],
      );
    }
  };
  await insertTop('viewed', viewed);
  await insertTop('purchased', bought);
  for (const c of categories) {
    const v = viewers.get(c)?.size ?? 0;
    const b = buyers.get(c)?.size ?? 0;
    await pool.query(
      `INSERT INTO category_conversion (period_kind, period_start, category_id, viewers, buyers, purchase_view_ratio)
       VALUES ('hour', $1, $2, $3::int, $4::int, round($4::int::numeric / NULLIF($3::int, 0), 4))`,
      [hourStart, c, v, b],
    );
  }
}
