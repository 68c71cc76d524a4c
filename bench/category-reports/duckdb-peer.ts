// The DuckDB peer of the report bench: the same report over the same rows, which PostgreSQL
// exports as CSV and DuckDB turns into its own Parquet files (that copy is not timed); then
// DuckDB computes the period's three reports from the Parquet files (timed).
import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type {
  ConversionRow,
  TopPurchasedRow,
  TopViewedRow,
} from '@tributary/category-report-store';
import type { Pool } from '@tributary/postgres';

export interface PeerRows {
  'top-viewed': Omit<TopViewedRow, 'period_start' | 'period_end'>[];
  'top-purchased': Omit<TopPurchasedRow, 'period_start' | 'period_end'>[];
  conversion: Omit<ConversionRow, 'period_start' | 'period_end'>[];
}

const TABLES = {
  raw_events: `SELECT event_id, type, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                      customer_id, user_id, anonymous_id, product_id, category_id, order_id, payload::text
                 FROM raw_events ORDER BY occurred_at`,
  products: 'SELECT product_id, category_id FROM products',
  identity_links: 'SELECT anonymous_id, user_id FROM identity_links',
} as const;

const CSV_COLUMNS: Record<keyof typeof TABLES, string> = {
  raw_events: `{'event_id': 'VARCHAR', 'type': 'VARCHAR', 'occurred_at': 'TIMESTAMPTZ', 'customer_id': 'VARCHAR',
    'user_id': 'VARCHAR', 'anonymous_id': 'VARCHAR', 'product_id': 'VARCHAR', 'category_id': 'VARCHAR',
    'order_id': 'VARCHAR', 'payload': 'JSON'}`,
  products: `{'product_id': 'VARCHAR', 'category_id': 'VARCHAR'}`,
  identity_links: `{'anonymous_id': 'VARCHAR', 'user_id': 'VARCHAR'}`,
};

/**
 * Writes the warehouse's rows as Parquet under `dir` (once: a later run reuses them). PostgreSQL
 * writes CSV server-side (it runs on this machine), DuckDB reads it and writes Parquet itself.
 */
export async function exportToParquet(pool: Pool, dir: string, log: (m: string) => void) {
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o777); // the PostgreSQL server process writes the CSV files
  const instance = await DuckDBInstance.create(':memory:');
  const duck = await instance.connect();
  try {
    for (const [table, query] of Object.entries(TABLES) as [keyof typeof TABLES, string][]) {
      const parquet = join(dir, `${table}.parquet`);
      if (await stat(parquet).catch(() => undefined)) continue;
      const csv = join(dir, `${table}.csv`);
      await pool.query(`COPY (${query}) TO '${csv}' WITH (FORMAT csv)`);
      await duck.run(
        `COPY (SELECT * FROM read_csv('${csv}', header = false, columns = ${CSV_COLUMNS[table]}))
           TO '${parquet}' (FORMAT parquet)`,
      );
      await rm(csv, { force: true });
      log(`exported ${table} to ${parquet}`);
    }
  } finally {
    duck.closeSync();
    instance.closeSync();
  }
}

// The report's definitions (services/category-reports/README.md) in DuckDB's SQL; string
// comparison is byte order, like COLLATE "C". The ratio is rounded half-up in integers. The link
// join has no `user_id IS NULL` condition (coalesce already prefers user_id): with it DuckDB
// planned a nested-loop join and took 49 s.
const VIEWED = `
CREATE OR REPLACE TEMP TABLE viewed AS
SELECT coalesce(p.category_id, e.category_id, 'unknown') AS category_id, e.product_id,
       coalesce(e.user_id, l.user_id, e.customer_id) AS person, count(*) AS views
  FROM ev e
  LEFT JOIN products p ON p.product_id = e.product_id
  LEFT JOIN identity_links l ON l.anonymous_id = e.anonymous_id
 WHERE e.type = 'product_view' AND e.product_id IS NOT NULL
 GROUP BY ALL`;
const BOUGHT = `
CREATE OR REPLACE TEMP TABLE bought AS
WITH lines AS (
  SELECT e.event_id, e.order_id, e.user_id, e.anonymous_id, e.customer_id,
         unnest(from_json(CASE WHEN json_type(e.payload, '$.properties.items') = 'ARRAY'
                               THEN json_extract(e.payload, '$.properties.items') ELSE '[]' END,
                          '[{"product_id": "VARCHAR", "category_id": "VARCHAR", "quantity": "BIGINT"}]'),
                recursive := true)
    FROM ev e WHERE e.type = 'order_completed'
)
SELECT coalesce(p.category_id, i.category_id, 'unknown') AS category_id, i.product_id,
       coalesce(i.user_id, l.user_id, i.customer_id) AS person,
       count(DISTINCT coalesce(i.order_id, i.event_id)) AS orders, sum(coalesce(i.quantity, 1)) AS units
  FROM lines i
  LEFT JOIN products p ON p.product_id = i.product_id
  LEFT JOIN identity_links l ON l.anonymous_id = i.anonymous_id
 WHERE i.product_id IS NOT NULL
 GROUP BY ALL`;
const TOP = (from: string, measures: string, topN: number) => `
SELECT category_id, rank::INTEGER AS rank, product_id, ${measures}
  FROM (SELECT *, row_number() OVER (PARTITION BY category_id ORDER BY users DESC, product_id) AS rank
          FROM (SELECT category_id, product_id, count(*) AS users, ${
            from === 'viewed' ? 'sum(views) AS views' : 'sum(orders) AS orders, sum(units) AS units'
          } FROM ${from} GROUP BY ALL))
 WHERE rank <= ${topN}
 ORDER BY category_id, rank`;
const CONVERSION = `
SELECT category_id, viewers::INTEGER AS viewers, buyers::INTEGER AS buyers,
       CASE WHEN viewers > 0 THEN
         (r // 10000)::VARCHAR || '.' || lpad((r % 10000)::VARCHAR, 4, '0') END AS purchase_view_ratio
  FROM (SELECT *, CASE WHEN viewers > 0 THEN (buyers * 20000 // viewers + 1) // 2 END AS r
          FROM (SELECT category_id,
                       count(DISTINCT person) FILTER (WHERE viewed) AS viewers,
                       count(DISTINCT person) FILTER (WHERE NOT viewed) AS buyers
                  FROM (SELECT category_id, person, true AS viewed FROM viewed
                        UNION ALL SELECT category_id, person, false FROM bought)
                 GROUP BY category_id))
 ORDER BY category_id`;

export class DuckDbPeer {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly duck: DuckDBConnection,
  ) {}

  /** Opens DuckDB on the Parquet files: the dimensions as tables, raw events as a file scan. */
  static async open(dir: string): Promise<DuckDbPeer> {
    const instance = await DuckDBInstance.create(':memory:');
    const duck = await instance.connect();
    await duck.run(
      `CREATE TABLE products AS SELECT * FROM read_parquet('${join(dir, 'products.parquet')}')`,
    );
    await duck.run(
      `CREATE TABLE identity_links AS SELECT * FROM read_parquet('${join(dir, 'identity_links.parquet')}')`,
    );
    return new DuckDbPeer(instance, duck);
  }

  /** The three reports of [start, end), read from the raw events' Parquet file. */
  async report(dir: string, start: Date, end: Date, topN: number): Promise<PeerRows> {
    await this.duck.run(
      `CREATE OR REPLACE TEMP VIEW ev AS SELECT * FROM read_parquet('${join(dir, 'raw_events.parquet')}')
        WHERE occurred_at >= '${start.toISOString()}'::TIMESTAMPTZ AND occurred_at < '${end.toISOString()}'::TIMESTAMPTZ`,
    );
    await this.duck.run(VIEWED);
    await this.duck.run(BOUGHT);
    const rows = async (sql: string) =>
      (await this.duck.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    const num = (v: unknown) => Number(v);
    const viewed = await rows(TOP('viewed', 'users, views', topN));
    const bought = await rows(TOP('bought', 'users, orders, units', topN));
    const conversion = await rows(CONVERSION);
    return {
      'top-viewed': viewed.map((r) => ({
        category_id: String(r.category_id),
        rank: num(r.rank),
        product_id: String(r.product_id),
        distinct_viewers: num(r.users),
        views: num(r.views),
      })),
      'top-purchased': bought.map((r) => ({
        category_id: String(r.category_id),
        rank: num(r.rank),
        product_id: String(r.product_id),
        distinct_buyers: num(r.users),
        orders: num(r.orders),
        units: num(r.units),
      })),
      conversion: conversion.map((r) => ({
        category_id: String(r.category_id),
        viewers: num(r.viewers),
        buyers: num(r.buyers),
        purchase_view_ratio:
          r.purchase_view_ratio === null ? null : String(r.purchase_view_ratio as string),
      })),
    };
  }

  close(): void {
    this.duck.closeSync();
    this.instance.closeSync();
  }
}
