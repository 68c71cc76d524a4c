import type { AttributionModelId } from '@tributary/schemas';
import type { Pool } from '@tributary/postgres';
import type { AttributionRun, RunModelResult, RunSnapshot } from './run-types';

const RUN_COLUMNS = `run_id, trigger, status, options, options_key, started_at, finished_at,
  diagnostics, error`;

interface RunRow {
  run_id: string;
  trigger: AttributionRun['trigger'];
  status: AttributionRun['status'];
  options: AttributionRun['options'];
  options_key: string;
  started_at: Date;
  finished_at: Date | null;
  diagnostics: AttributionRun['diagnostics'];
  error: AttributionRun['error'];
}

function toRun(row: RunRow): AttributionRun {
  return {
    ...row,
    started_at: row.started_at.toISOString(),
    finished_at: row.finished_at ? row.finished_at.toISOString() : null,
  };
}

async function withResults(pool: Pool, run: AttributionRun): Promise<RunSnapshot> {
  const { rows } = await pool.query<{ model: AttributionModelId; result: RunModelResult }>(
    'SELECT model, result FROM attribution_results WHERE run_id = $1 ORDER BY model',
    [run.run_id],
  );
  return { run, results: Object.fromEntries(rows.map((r) => [r.model, r.result])) };
}

/** One run with its results, whatever its status; undefined when the id is unknown. */
export async function getRun(pool: Pool, runId: string): Promise<RunSnapshot | undefined> {
  const { rows } = await pool.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM attribution_runs WHERE run_id = $1`,
    [runId],
  );
  return rows[0] ? withResults(pool, toRun(rows[0])) : undefined;
}

/** The newest succeeded run (by finish time), with its results. */
export async function latestSucceededRun(pool: Pool): Promise<RunSnapshot | undefined> {
  const { rows } = await pool.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM attribution_runs WHERE status = 'succeeded'
     ORDER BY finished_at DESC, run_id DESC LIMIT 1`,
  );
  return rows[0] ? withResults(pool, toRun(rows[0])) : undefined;
}

export interface ListRunsOptions {
  readonly limit?: number;
  /** Runs started strictly before this time (ISO), for paging. */
  readonly before?: string;
  /** Runs after this one in the list's order (a page cursor's key): started earlier, or at the
   * same millisecond with a smaller id. */
  readonly after?: { readonly startedAt: string; readonly runId: string };
}

/** Runs newest first, without their results. */
export async function listRuns(
  pool: Pool,
  options: ListRunsOptions = {},
): Promise<AttributionRun[]> {
  // Up to a page of 1000 and the one row more that says a next page exists (libs/http pages).
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 1001);
  // Ordered by the millisecond a run started, as the API shows it, so a cursor holding that
  // instant resumes exactly where the page ended.
  const { rows } = await pool.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM attribution_runs
     WHERE ($1::timestamptz IS NULL OR started_at < $1::timestamptz)
       AND ($3::timestamptz IS NULL OR (date_trunc('milliseconds', started_at), run_id) < ($3::timestamptz, $4::text))
     ORDER BY date_trunc('milliseconds', started_at) DESC, run_id DESC LIMIT $2`,
    [options.before ?? null, limit, options.after?.startedAt ?? null, options.after?.runId ?? null],
  );
  return rows.map(toRun);
}
