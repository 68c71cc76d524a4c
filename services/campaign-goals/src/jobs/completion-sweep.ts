import type { Clock } from '@tributary/clock';
import type { Logger } from '@tributary/logging';
import { withTransaction, type Pool } from '@tributary/postgres';
import type { ConfigRegistry } from '../adapters/config-registry';
import {
  loadDueRows,
  loadRealized,
  lockPairs,
  upsertRows,
  writeRealizations,
} from '../adapters/stream-store';
import { planBatch, realizedKey } from '../domain/plan-batch';

export interface SweepDeps {
  pool: Pool;
  registry: ConfigRegistry;
  clock: Clock;
  logger: Logger;
  onRealized: () => void;
  /** Pairs (client, stream) completed per transaction. */
  chunk?: number;
}

export interface SweepResult {
  completed: number;
  realized: number;
  now: Date;
}

/**
 * R7: completes every in-progress row whose Full End instant is at or before now, even without
 * traffic, and evaluates its after-full-end goals (R11), under the same per-(client, stream)
 * locks as the consumer. Safe on several replicas at once: a row already completed is not due.
 */
export async function runCompletionSweep(deps: SweepDeps): Promise<SweepResult> {
  await deps.clock.refresh();
  const now = deps.clock.now();
  let completed = 0;
  let realized = 0;
  for (;;) {
    const { rows: pairs } = await deps.pool.query<{ clientId: string; streamId: string }>(
      `SELECT DISTINCT client_id AS "clientId", stream_id AS "streamId" FROM stream_data
        WHERE state = 'in-progress' AND full_end_instant <= $1 LIMIT $2`,
      [now, deps.chunk ?? 500],
    );
    if (pairs.length === 0) break;
    const done = await withTransaction(deps.pool, async (tx) => {
      await lockPairs(tx, pairs);
      const due = await loadDueRows(tx, pairs, now);
      const existing = await loadRealized(tx, due);
      const plan = planBatch(
        deps.registry.current().streams,
        [],
        {
          rows: due,
          realized: new Set(existing.map((r) => realizedKey(r.clientId, r.goalId, r.begin))),
          references: new Map(),
        },
        now,
      );
      await upsertRows(tx, plan.rows);
      return {
        completed: plan.rows.length,
        realized: await writeRealizations(tx, plan.realizations),
      };
    });
    completed += done.completed;
    realized += done.realized;
  }
  if (realized > 0) deps.onRealized();
  if (completed > 0)
    deps.logger.info({ completed, realized, now: now.toISOString() }, 'stream rows completed');
  return { completed, realized, now };
}

/** Monthly ledger partitions for this month and the next (wall clock: recorded_at is wall time). */
export async function ensureLedgerPartitions(
  pool: Pool,
  logger: Logger,
  at = new Date(),
): Promise<void> {
  const next = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  for (const month of [at, next]) {
    try {
      await pool.query('SELECT ensure_stream_ledger_partition($1)', [month]);
    } catch (err) {
      // Another replica may create it at the same moment; the DEFAULT partition still holds rows.
      logger.warn({ err, month: month.toISOString() }, 'ledger partition not created');
    }
  }
}
