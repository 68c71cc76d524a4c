import type { Pool } from '@tributary/postgres';
import type { PeriodKind, ReportName, ReportRowsByName, ReportRun } from './report-rows';

interface RunRecord {
  period_kind: string;
  period_start: Date;
  period_end: Date;
  generated_at: Date;
  top_viewed_rows: number;
  top_purchased_rows: number;
  conversion_rows: number;
}

function toRun(r: RunRecord): ReportRun {
  return {
    period_kind: r.period_kind,
    period_start: r.period_start.toISOString(),
    period_end: r.period_end.toISOString(),
    generated_at: r.generated_at.toISOString(),
    row_counts: {
      'top-viewed': r.top_viewed_rows,
      'top-purchased': r.top_purchased_rows,
      conversion: r.conversion_rows,
    },
  };
}

const RUN_COLUMNS = `period_kind, period_start, period_end, generated_at,
  top_viewed_rows, top_purchased_rows, conversion_rows`;

/** The stored runs, newest period first. */
export async function listReportRuns(
  pool: Pool,
  options: {
    periodKind?: PeriodKind;
    limit?: number;
    /** Runs after this one in the list's order (newest period first, then kind): a page cursor. */
    after?: { periodStart: string; periodKind: string };
  } = {},
): Promise<ReportRun[]> {
  const { rows } = await pool.query<RunRecord>(
    `SELECT ${RUN_COLUMNS} FROM category_report_runs
      WHERE ($1::text IS NULL OR period_kind = $1)
        AND ($3::timestamptz IS NULL OR (period_start, period_kind) < ($3::timestamptz, $4::text))
      ORDER BY period_start DESC, period_kind DESC LIMIT $2`,
    [
      options.periodKind ?? null,
      options.limit ?? 1000,
      options.after?.periodStart ?? null,
      options.after?.periodKind ?? null,
    ],
  );
  return rows.map(toRun);
}

export async function findReportRun(
  pool: Pool,
  periodKind: PeriodKind,
  periodStart: Date,
): Promise<ReportRun | undefined> {
  const { rows } = await pool.query<RunRecord>(
    `SELECT ${RUN_COLUMNS} FROM category_report_runs WHERE period_kind = $1 AND period_start = $2`,
    [periodKind, periodStart],
  );
  return rows[0] && toRun(rows[0]);
}

// Timestamps are rendered by PostgreSQL in UTC ISO form so files and API agree to the character.
const ISO = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const QUERIES: { [N in ReportName]: string } = {
  'top-viewed': `SELECT ${ISO('r.period_start')} AS period_start, ${ISO('r.period_end')} AS period_end,
      t.category_id, t.rank, t.product_id, t.distinct_users AS distinct_viewers, t.events AS views
    FROM category_top_products t JOIN category_report_runs r USING (period_kind, period_start)
    WHERE t.period_kind = $1 AND t.period_start = $2 AND t.list = 'viewed'
    ORDER BY t.category_id, t.rank`,
  'top-purchased': `SELECT ${ISO('r.period_start')} AS period_start, ${ISO('r.period_end')} AS period_end,
      t.category_id, t.rank, t.product_id, t.distinct_users AS distinct_buyers, t.events AS orders,
      t.units::integer AS units
    FROM category_top_products t JOIN category_report_runs r USING (period_kind, period_start)
    WHERE t.period_kind = $1 AND t.period_start = $2 AND t.list = 'purchased'
    ORDER BY t.category_id, t.rank`,
  conversion: `SELECT ${ISO('r.period_start')} AS period_start, ${ISO('r.period_end')} AS period_end,
      c.category_id, c.viewers, c.buyers, c.purchase_view_ratio::text AS purchase_view_ratio
    FROM category_conversion c JOIN category_report_runs r USING (period_kind, period_start)
    WHERE c.period_kind = $1 AND c.period_start = $2
    ORDER BY c.category_id`,
};

/** One report's rows in file order (category id, then rank); empty when the run has none. */
export async function readReportRows<N extends ReportName>(
  pool: Pool,
  name: N,
  periodKind: PeriodKind,
  periodStart: Date,
): Promise<ReportRowsByName[N][]> {
  const { rows } = await pool.query(QUERIES[name], [periodKind, periodStart]);
  return rows as ReportRowsByName[N][];
}
