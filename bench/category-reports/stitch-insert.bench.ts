// The cost the category-report sets add to journey-stitcher's write path, on report-like traffic
// (88% product views, 8% orders of 1-3 lines, 4% page views; 5% anonymous): the raw insert
// statement as it was before migration 0402 against today's (raw insert + sets), each followed by
// the products upsert, one transaction per batch, each in a fresh database, alternated.
// Run: npx tsx bench/category-reports/stitch-insert.bench.ts [--events 100000] [--batch 1000] [--rounds 2]
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { migrateWarehouse } from '@tributary/migrations';
import { createPool, withTransaction } from '@tributary/postgres';
import type { CustomerEvent } from '@tributary/schemas';
import { uniqueName } from '@tributary/testing';
import {
  productCategoriesOf,
  toRawEventRow,
} from '../../services/journey-stitcher/src/domain/raw-event-row';
import {
  INSERT_RAW_EVENTS_SQL,
  insertRawEventsParams,
} from '../../services/journey-stitcher/src/sql/insert-raw-events';
import {
  UPSERT_PRODUCTS_SQL,
  upsertProductsParams,
} from '../../services/journey-stitcher/src/sql/upsert-products';

const ADMIN_URL =
  process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// The statement before the sets (commit bdf4350's INSERT_RAW_EVENTS_SQL).
const BEFORE_SQL = `
INSERT INTO raw_events (event_id, type, occurred_at, received_at, customer_id, user_id, anonymous_id,
  session_id, platform, channel, campaign, product_id, category_id, order_id, revenue, currency, payload)
SELECT * FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]), unnest($3::timestamptz[]),
  unnest($4::timestamptz[]), unnest($5::text[]), unnest($6::text[]), unnest($7::text[]),
  unnest($8::text[]), unnest($9::text[]), unnest($10::text[]), unnest($11::text[]),
  unnest($12::text[]), unnest($13::text[]), unnest($14::text[]), unnest($15::numeric[]),
  unnest($16::text[]), jsonb_array_elements($17::jsonb))
ON CONFLICT DO NOTHING
RETURNING event_id`;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Report-like events over two hours, in time order like a live stream. */
function events(count: number): CustomerEvent[] {
  const start = Date.parse('2026-01-10T12:00:00Z');
  return Array.from({ length: count }, (_, n): CustomerEvent => {
    const at = new Date(start + Math.floor((n * 7_200_000) / count)).toISOString();
    const kind = n % 100;
    const person =
      n % 20 === 0 ? { anonymous_id: `a${n % 10_000}` } : { user_id: `u${(n * 31) % 200_000}` };
    const product = `p${(n * 2_654_435_761) % 20_000}`;
    const base = {
      event_id: `e${n}`,
      occurred_at: at,
      received_at: at,
      channel: 'direct',
      ...person,
    };
    if (kind < 88)
      return {
        ...base,
        type: 'product_view',
        properties: { product_id: product, category_id: `c${(n * 2_654_435_761) % 50}` },
      };
    if (kind < 96)
      return {
        ...base,
        type: 'order_completed',
        properties: {
          order_id: `o${n}`,
          revenue: '10',
          currency: 'TRY',
          items: Array.from({ length: 1 + (n % 3) }, (_, k) => ({
            product_id: `p${(n * 7 + k * 104_729) % 20_000}`,
            quantity: 1 + (k % 2),
          })),
        },
      };
    return { ...base, type: 'page_view', properties: {} };
  });
}

async function run(label: string, sql: string, all: CustomerEvent[], batch: number) {
  const name = uniqueName('bench_stitch_insert');
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const pool = createPool({ connectionString: url.toString(), applicationName: 'bench', max: 2 });
  try {
    await migrateWarehouse(pool);
    await pool.query(`SELECT ensure_raw_event_partitions('2026-01-10', '2026-01-10')`);
    const t0 = performance.now();
    for (let i = 0; i < all.length; i += batch) {
      const slice = all.slice(i, i + batch);
      const rows = slice.map(toRawEventRow);
      await withTransaction(pool, async (client) => {
        await client.query(sql, insertRawEventsParams(rows));
        const products = slice.flatMap(productCategoriesOf);
        if (products.length > 0)
          await client.query(UPSERT_PRODUCTS_SQL, upsertProductsParams(products));
      });
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `| ${label} | ${all.length} | ${seconds.toFixed(1)} | ${Math.round(all.length / seconds)} | ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} |`,
    );
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

async function main(): Promise<void> {
  const all = events(arg('--events', 100_000));
  const batch = arg('--batch', 1000);
  console.log(`batches of ${batch} events`);
  console.log('| insert statement | events | s | events/s | load (1/5/15 min) |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (let round = 0; round < arg('--rounds', 2); round++) {
    await run('raw events only (before)', BEFORE_SQL, all, batch);
    await run('raw events + report sets', INSERT_RAW_EVENTS_SQL, all, batch);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
