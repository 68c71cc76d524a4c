import type { Pool, PoolClient } from '@tributary/postgres';
import type { ErasureReason, SubjectKind } from './erasure-request';
import type { ErasureStep, StepMark, StepMarks } from './erasure-plan';
import type { PayoutRetention } from './payout-policy';

/** One audit row as the API shows it: no personal data. */
export interface ErasureRecord {
  erasure_id: string;
  subject_kind: SubjectKind;
  reason: ErasureReason;
  requested_by: string;
  payout_retention: PayoutRetention;
  status: 'running' | 'completed';
  steps: StepMarks;
  requested_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface NewErasure {
  erasureId: string;
  kind: SubjectKind;
  subjectHash: string;
  reason: ErasureReason;
  requestedBy: string;
  payoutRetention: PayoutRetention;
  ids: readonly string[];
  at: Date;
}

const COLUMNS = `erasure_id, subject_kind, reason, requested_by, payout_retention, status, steps,
  to_char(requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS requested_at,
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at,
  to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS completed_at`;

/**
 * Records a new erasure with its resolved ids, or answers the one already running for the same
 * subject (a repeated request joins it instead of starting a second).
 */
export async function openErasure(
  client: PoolClient,
  erasure: NewErasure,
): Promise<{ record: ErasureRecord; created: boolean }> {
  const inserted = await client.query<ErasureRecord>(
    `INSERT INTO erasures (erasure_id, subject_kind, subject_hash, reason, requested_by,
       payout_retention, status, requested_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'running', $7, $7)
     ON CONFLICT (subject_hash) WHERE status = 'running' DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      erasure.erasureId,
      erasure.kind,
      erasure.subjectHash,
      erasure.reason,
      erasure.requestedBy,
      erasure.payoutRetention,
      erasure.at,
    ],
  );
  const record = inserted.rows[0];
  if (record) {
    await client.query('INSERT INTO erasure_subjects (erasure_id, ids) VALUES ($1, $2)', [
      erasure.erasureId,
      erasure.ids,
    ]);
    return { record, created: true };
  }
  const running = await client.query<ErasureRecord>(
    `SELECT ${COLUMNS} FROM erasures WHERE subject_hash = $1 AND status = 'running'`,
    [erasure.subjectHash],
  );
  const existing = running.rows[0];
  if (!existing) throw new Error('erasure vanished while being opened; retry');
  return { record: existing, created: false };
}

export async function findErasure(
  pool: Pool,
  erasureId: string,
): Promise<ErasureRecord | undefined> {
  const result = await pool.query<ErasureRecord>(
    `SELECT ${COLUMNS} FROM erasures WHERE erasure_id = $1`,
    [erasureId],
  );
  return result.rows[0];
}

/** Erasures a crash or restart left unfinished, oldest first. */
export async function runningErasures(pool: Pool): Promise<string[]> {
  const result = await pool.query<{ erasure_id: string }>(
    `SELECT erasure_id FROM erasures WHERE status = 'running' ORDER BY requested_at, erasure_id`,
  );
  return result.rows.map((r) => r.erasure_id);
}

export async function subjectIds(client: PoolClient | Pool, erasureId: string): Promise<string[]> {
  const result = await client.query<{ ids: string[] }>(
    'SELECT ids FROM erasure_subjects WHERE erasure_id = $1',
    [erasureId],
  );
  return result.rows[0]?.ids ?? [];
}

/**
 * Locks the erasure's row for a PostgreSQL step's transaction and says whether the step is
 * already marked: two processes resuming the same erasure do each step once.
 */
export async function claimStep(
  client: PoolClient,
  erasureId: string,
  step: ErasureStep,
): Promise<boolean> {
  const result = await client.query<{ done: boolean }>(
    'SELECT steps ? $2 AS done FROM erasures WHERE erasure_id = $1 FOR UPDATE',
    [erasureId, step],
  );
  return result.rows[0]?.done === false;
}

/** Marks a step done, in the transaction that did its work (PostgreSQL steps) or right after. */
export async function markStep(
  client: PoolClient | Pool,
  erasureId: string,
  step: ErasureStep,
  counts: Record<string, number>,
  at: Date,
  complete: boolean,
): Promise<void> {
  const mark: StepMark = { done: true, counts, finished_at: at.toISOString() };
  await client.query(
    `UPDATE erasures SET steps = steps || jsonb_build_object($2::text, $3::jsonb), updated_at = $4,
       status = CASE WHEN $5 THEN 'completed' ELSE status END,
       completed_at = CASE WHEN $5 THEN $4 ELSE completed_at END
     WHERE erasure_id = $1 AND NOT steps ? $2`,
    [erasureId, step, JSON.stringify(mark), at, complete],
  );
}
