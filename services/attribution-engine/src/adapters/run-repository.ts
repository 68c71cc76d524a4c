import type { AttributionRun, ModelFailure, RunSnapshot } from '@tributary/attribution-store';
import { withTransaction, type Pool } from '@tributary/postgres';

/** Called under the run lock: a row still `running` belongs to a replica that died mid-run. */
export async function abandonRunning(pool: Pool, now: Date): Promise<number> {
  const { rowCount } = await pool.query(
    `UPDATE attribution_runs SET status = 'failed', finished_at = $1,
       error = '{"code":"abandoned","message":"the replica running it stopped before it finished"}'
     WHERE status = 'running'`,
    [now],
  );
  return rowCount ?? 0;
}

/** Whether a scheduled run started at or after `fireTime` and did not fail (that firing ran). */
export async function scheduledRunSince(pool: Pool, fireTime: Date): Promise<boolean> {
  const { rowCount } = await pool.query(
    `SELECT 1 FROM attribution_runs
     WHERE trigger = 'schedule' AND started_at >= $1 AND status <> 'failed' LIMIT 1`,
    [fireTime],
  );
  return (rowCount ?? 0) > 0;
}

export async function insertRun(pool: Pool, run: AttributionRun): Promise<void> {
  await pool.query(
    `INSERT INTO attribution_runs (run_id, trigger, status, options, options_key, date_from, date_to, started_at)
     VALUES ($1, $2, 'running', $3, $4, $5, $6, $7)`,
    [
      run.run_id,
      run.trigger,
      JSON.stringify(run.options),
      run.options_key,
      run.options.date_from,
      run.options.date_to,
      run.started_at,
    ],
  );
}

/** Results and the finished run in one transaction: the history never holds half a run. */
export async function completeRun(pool: Pool, snapshot: RunSnapshot): Promise<void> {
  const { run, results } = snapshot;
  await withTransaction(pool, async (client) => {
    const runtimes = run.diagnostics?.runtime_ms ?? {};
    for (const [model, result] of Object.entries(results)) {
      await client.query(
        'INSERT INTO attribution_results (run_id, model, result, runtime_ms) VALUES ($1, $2, $3, $4)',
        [run.run_id, model, JSON.stringify(result), runtimes[model] ?? 0],
      );
    }
    await client.query(
      `UPDATE attribution_runs SET status = 'succeeded', finished_at = $2, diagnostics = $3
       WHERE run_id = $1 AND status = 'running'`,
      [run.run_id, run.finished_at, JSON.stringify(run.diagnostics)],
    );
  });
}

export async function failRun(
  pool: Pool,
  runId: string,
  now: Date,
  error: ModelFailure,
): Promise<void> {
  await pool.query(
    `UPDATE attribution_runs SET status = 'failed', finished_at = $2, error = $3
     WHERE run_id = $1 AND status = 'running'`,
    [runId, now, JSON.stringify(error)],
  );
}
