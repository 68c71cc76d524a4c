import { poison } from '@tributary/kafka';
import type { PoolClient } from '@tributary/postgres';
import { compileValidator, formatIssues, GoalAchievedMessage } from '@tributary/schemas';
import { Money } from '../domain/money';
import type { LedgerEntry, PlannedRealization } from '../domain/plan-batch';
import type { Period } from '../domain/period-for';
import type { StreamRow } from '../domain/stream-row';

export interface RowRequest {
  clientId: string;
  streamId: string;
  /** Rows of these period begins are loaded, plus every in-progress row of the pair. */
  begins: Date[];
}

interface DbRow {
  client_id: string;
  stream_id: string;
  begin_instant: Date;
  end_instant: Date;
  begin_date: string;
  end_date: string;
  full_end_instant: Date;
  full_end_date: string;
  state: 'in-progress' | 'completed';
  currency: string;
  amount: string;
  times: number;
}

const ROW_COLUMNS = `client_id, stream_id, begin_instant, end_instant, begin_date::text AS begin_date,
  end_date::text AS end_date, full_end_instant, full_end_date::text AS full_end_date, state,
  currency, amount::text AS amount, times`;

export function toStreamRow(row: DbRow): StreamRow {
  const period: Period = {
    beginInstant: row.begin_instant,
    endInstant: row.end_instant,
    begin: row.begin_date,
    end: row.end_date,
  };
  return {
    clientId: row.client_id,
    streamId: row.stream_id,
    state: row.state,
    currency: row.currency,
    period,
    fullEndInstant: row.full_end_instant,
    fullEnd: row.full_end_date,
    amount: new Money(row.amount),
    times: row.times,
  };
}

/**
 * Serializes work per (client, stream) across consumers and replicas: transaction-scoped advisory
 * locks, taken in one sorted order so two batches touching the same clients cannot deadlock.
 */
export async function lockPairs(
  tx: PoolClient,
  pairs: readonly { clientId: string; streamId: string }[],
): Promise<void> {
  if (pairs.length === 0) return;
  await tx.query(
    `SELECT count(pg_advisory_xact_lock(h)) FROM (
       SELECT DISTINCT hashtextextended(s || '|' || c, 0) AS h
         FROM unnest($1::text[], $2::text[]) AS p(s, c) ORDER BY 1) AS locks`,
    [pairs.map((p) => p.streamId), pairs.map((p) => p.clientId)],
  );
}

/** R8: claims record identities; answers the ones not seen before (the others are repeats). */
export async function claimIdentities(
  tx: PoolClient,
  items: readonly { streamId: string; identity: string }[],
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const { rows } = await tx.query<{ stream_id: string; identity: string }>(
    `INSERT INTO stream_record_identities (stream_id, identity)
     SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING
     RETURNING stream_id, identity`,
    [items.map((i) => i.streamId), items.map((i) => i.identity)],
  );
  return new Set(rows.map((r) => `${r.stream_id}\u0000${r.identity}`));
}

/** R5 with reference-path: the period each original payment was applied to. */
export async function lookupReferences(
  tx: PoolClient,
  refs: readonly { streamId: string; recordId: string }[],
): Promise<{ streamId: string; recordId: string; begin: Date }[]> {
  if (refs.length === 0) return [];
  const { rows } = await tx.query<{ stream_id: string; record_id: string; begin: Date }>(
    `SELECT l.stream_id, l.record_id, l.period_begin_instant AS begin
       FROM stream_ledger l JOIN unnest($1::text[], $2::text[]) AS q(s, r)
         ON l.stream_id = q.s AND l.record_id = q.r
      WHERE l.applied AND l.source_type = 'add'`,
    [refs.map((r) => r.streamId), refs.map((r) => r.recordId)],
  );
  return rows.map((r) => ({ streamId: r.stream_id, recordId: r.record_id, begin: r.begin }));
}

export async function loadRows(
  tx: PoolClient,
  requests: readonly RowRequest[],
): Promise<StreamRow[]> {
  if (requests.length === 0) return [];
  const wanted = requests.flatMap((r) =>
    r.begins.map((b) => [r.clientId, r.streamId, b.toISOString()] as const),
  );
  const { rows } = await tx.query<DbRow>(
    `SELECT ${ROW_COLUMNS} FROM stream_data d
      WHERE (d.client_id, d.stream_id, d.begin_instant) IN
              (SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[]))
         OR (d.state = 'in-progress' AND (d.client_id, d.stream_id) IN
              (SELECT * FROM unnest($4::text[], $5::text[])))`,
    [
      wanted.map((w) => w[0]),
      wanted.map((w) => w[1]),
      wanted.map((w) => w[2]),
      requests.map((r) => r.clientId),
      requests.map((r) => r.streamId),
    ],
  );
  return rows.map(toStreamRow);
}

/** The rows that are due for completion (R7), for the sweep. */
export async function loadDueRows(
  tx: PoolClient,
  pairs: readonly { clientId: string; streamId: string }[],
  now: Date,
) {
  const { rows } = await tx.query<DbRow>(
    `SELECT ${ROW_COLUMNS} FROM stream_data d
      WHERE d.state = 'in-progress' AND d.full_end_instant <= $3
        AND (d.client_id, d.stream_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [pairs.map((p) => p.clientId), pairs.map((p) => p.streamId), now],
  );
  return rows.map(toStreamRow);
}

/** Realizations that exist for these clients and periods (R11: at most once per period). */
export async function loadRealized(
  tx: PoolClient,
  rows: readonly StreamRow[],
): Promise<{ clientId: string; goalId: string; begin: Date }[]> {
  if (rows.length === 0) return [];
  const { rows: found } = await tx.query<{
    client_id: string;
    goal_id: string;
    begin_instant: Date;
  }>(
    `SELECT g.client_id, g.goal_id, g.begin_instant FROM goal_realizations g
       JOIN unnest($1::text[], $2::timestamptz[]) AS q(c, b) ON g.client_id = q.c AND g.begin_instant = q.b`,
    [rows.map((r) => r.clientId), rows.map((r) => r.period.beginInstant.toISOString())],
  );
  return found.map((r) => ({ clientId: r.client_id, goalId: r.goal_id, begin: r.begin_instant }));
}

export async function writeLedger(
  tx: PoolClient,
  entries: readonly LedgerEntry[],
  targetCurrency: (streamId: string) => string,
) {
  if (entries.length === 0) return;
  const col = <T>(f: (e: LedgerEntry) => T) => entries.map(f);
  await tx.query(
    `INSERT INTO stream_ledger (stream_id, identity, source_topic, source_partition, source_offset,
       record_id, reference, source_type, client_id, event_time, original_amount, original_currency,
       fx_rate, converted_amount, target_currency, applied, period_begin_instant, period_end_instant,
       reason, detail)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bigint[], $6::text[],
       $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::numeric[], $12::text[],
       $13::numeric[], $14::numeric[], $15::text[], $16::boolean[], $17::timestamptz[],
       $18::timestamptz[], $19::text[], $20::text[])`,
    [
      col((e) => e.input.streamId),
      col((e) => e.input.identity),
      col((e) => e.input.position.topic),
      col((e) => e.input.position.partition),
      col((e) => e.input.position.offset),
      col((e) => e.input.record.recordId ?? null),
      col((e) => e.input.record.reference ?? null),
      col((e) => e.input.source.type),
      col((e) => e.input.record.clientId),
      col((e) => e.input.record.eventTime.toISOString()),
      col((e) => e.input.record.amount.toString()),
      col((e) => e.input.record.currency),
      col((e) => e.input.conversion.rate.toString()),
      col((e) => e.input.conversion.converted.toString()),
      col((e) => targetCurrency(e.input.streamId)),
      col((e) => e.applied),
      col((e) => e.period?.beginInstant.toISOString() ?? null),
      col((e) => e.period?.endInstant.toISOString() ?? null),
      col((e) => e.reason ?? null),
      col((e) => e.detail ?? null),
    ],
  );
}

export async function upsertRows(tx: PoolClient, rows: readonly StreamRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (r: StreamRow) => T) => rows.map(f);
  await tx.query(
    `INSERT INTO stream_data (client_id, stream_id, begin_instant, end_instant, begin_date, end_date,
       full_end_instant, full_end_date, state, currency, amount, times, completed_at)
     SELECT c, s, bi, ei, bd, ed, fi, fd, st, cur, amt, t, CASE WHEN st = 'completed' THEN now() END
       FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::date[], $6::date[],
         $7::timestamptz[], $8::date[], $9::text[], $10::text[], $11::numeric[], $12::int[])
         AS u(c, s, bi, ei, bd, ed, fi, fd, st, cur, amt, t)
     ON CONFLICT (client_id, stream_id, begin_instant, end_instant) DO UPDATE
       SET state = excluded.state, amount = excluded.amount, times = excluded.times, updated_at = now(),
           completed_at = CASE WHEN excluded.state = 'completed'
             THEN coalesce(stream_data.completed_at, now()) END`,
    [
      col((r) => r.clientId),
      col((r) => r.streamId),
      col((r) => r.period.beginInstant.toISOString()),
      col((r) => r.period.endInstant.toISOString()),
      col((r) => r.period.begin),
      col((r) => r.period.end),
      col((r) => r.fullEndInstant.toISOString()),
      col((r) => r.fullEnd),
      col((r) => r.state),
      col((r) => r.currency),
      col((r) => r.amount.toString()),
      col((r) => r.times),
    ],
  );
}

/** The realization id campaign-core dedupes on: one per (client, goal, period). */
export const realizationId = (r: PlannedRealization): string =>
  `${r.goalId}:${r.clientId}:${r.period.beginInstant.toISOString()}`;

/** Realization rows and their goals.achieved outbox rows, in the caller's transaction. */
export async function writeRealizations(
  tx: PoolClient,
  realizations: readonly PlannedRealization[],
  /** The trace a realization's goals.achieved message carries on (its record's span). */
  traceOf: (r: PlannedRealization) => string | undefined = () => undefined,
): Promise<number> {
  if (realizations.length === 0) return 0;
  for (const r of realizations) assertPublishable(r);
  const col = <T>(f: (r: PlannedRealization) => T) => realizations.map(f);
  const { rows } = await tx.query<{ realization_id: string }>(
    `INSERT INTO goal_realizations (realization_id, client_id, goal_id, stream_id, trigger, elapsed,
       begin_instant, end_instant, begin_date, end_date, full_end_instant, value)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
       $7::timestamptz[], $8::timestamptz[], $9::date[], $10::date[], $11::timestamptz[], $12::numeric[])
     ON CONFLICT DO NOTHING RETURNING realization_id`,
    [
      col(realizationId),
      col((r) => r.clientId),
      col((r) => r.goalId),
      col((r) => r.streamId),
      col((r) => r.trigger),
      col((r) => r.elapsed.toISOString()),
      col((r) => r.period.beginInstant.toISOString()),
      col((r) => r.period.endInstant.toISOString()),
      col((r) => r.period.begin),
      col((r) => r.period.end),
      col((r) => r.fullEndInstant.toISOString()),
      col((r) => r.value),
    ],
  );
  const inserted = new Set(rows.map((r) => r.realization_id));
  const messages = realizations.filter((r) => inserted.has(realizationId(r)));
  if (messages.length === 0) return 0;
  await tx.query(
    `INSERT INTO goal_outbox (realization_id, message_key, payload, traceparent)
     SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[]) ON CONFLICT DO NOTHING`,
    [
      messages.map(realizationId),
      messages.map((r) => r.clientId),
      messages.map((r) => JSON.stringify(goalAchieved(r))),
      messages.map((r) => traceOf(r) ?? null),
    ],
  );
  return messages.length;
}

const goalAchievedValidator = compileValidator(GoalAchievedMessage);

/**
 * The last gate of the id contract: a realization whose goals.achieved message campaign-core
 * would refuse is refused here, in the source record's transaction, so the record is
 * dead-lettered by campaign-goals with the reason (and replayable after a fix) instead of the
 * customer's goal being lost downstream.
 */
function assertPublishable(r: PlannedRealization): void {
  const checked = goalAchievedValidator.check(goalAchieved(r));
  if (!checked.ok) {
    throw poison(
      'MESSAGE_INVALID',
      `goal ${r.goalId} for client ${r.clientId.slice(0, 80)} cannot be published on goals.achieved: ${formatIssues(checked.issues)}`,
    );
  }
}

function goalAchieved(r: PlannedRealization) {
  return {
    'realization-id': realizationId(r),
    'goal-id': Number(r.goalId),
    'stream-id': Number(r.streamId),
    'client-id': r.clientId,
    trigger: r.trigger,
    begin: r.period.begin,
    end: r.period.end,
    'begin-instant': r.period.beginInstant.toISOString(),
    'end-instant': r.period.endInstant.toISOString(),
    'full-end-instant': r.fullEndInstant.toISOString(),
    elapsed: r.elapsed.toISOString(),
    value: r.value,
  };
}
