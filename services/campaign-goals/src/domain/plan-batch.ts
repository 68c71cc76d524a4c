import { applyRecord, type NotAppliedReason, type RecordToApply } from './apply-record';
import type { Conversion } from './convert-amount';
import type { ExtractedRecord } from './extract-record';
import { periodFor, type Period } from './period-for';
import type { RecordPosition } from './record-identity';
import type { SourceConfig, StreamConfig } from './stream-config';
import {
  goalsRealizedAtCompletion,
  goalsRealizedByRecord,
  type GoalConfig,
  type GoalRealization,
} from './stream-goal';
import { rowsToComplete, type StreamRow } from './stream-row';

/** One (record, stream source) pair, already read and converted, not yet applied. */
export interface RecordInput {
  streamId: string;
  identity: string;
  position: RecordPosition;
  source: SourceConfig;
  record: ExtractedRecord;
  conversion: Conversion;
}

export interface StreamWithGoals {
  config: StreamConfig;
  goals: readonly GoalConfig[];
}

export interface LedgerEntry {
  input: RecordInput;
  applied: boolean;
  period: Period | undefined;
  reason?: NotAppliedReason;
  detail?: string;
}

export interface PlannedRealization extends GoalRealization {
  trigger: 'when-reach' | 'after-full-end';
  fullEndInstant: Date;
  /** The stream value that reached the target (amount text or times). */
  value: string;
  /** The record that realized the goal; none when a period's completion did (R4, R7). */
  cause?: RecordInput;
}

export interface BatchPlan {
  ledger: LedgerEntry[];
  /** Final state of every row the batch created or changed. */
  rows: StreamRow[];
  realizations: PlannedRealization[];
}

export interface BatchState {
  /** The rows of the records' clients and streams that the adapter loaded. */
  rows: readonly StreamRow[];
  /** `realizedKey(...)` of realizations that already exist. */
  realized: ReadonlySet<string>;
  /** Period begin of an original payment, by `referenceKey(stream, record id)` (R5). */
  references: ReadonlyMap<string, Date>;
}

export const rowKey = (clientId: string, streamId: string, begin: Date): string =>
  `${streamId}\u0000${clientId}\u0000${begin.getTime()}`;
export const realizedKey = (clientId: string, goalId: string, begin: Date): string =>
  `${goalId}\u0000${clientId}\u0000${begin.getTime()}`;
export const referenceKey = (streamId: string, recordId: string): string =>
  `${streamId}\u0000${recordId}`;

/**
 * Applies a batch of records, in order, to the rows they touch (R3-R8, R11-R12). First the rows
 * whose Full End is at or before `now` are completed and their after-full-end goals evaluated
 * (R4: closing at F happens before any record delivered at or after F); then each record is
 * applied and its when-reach goals evaluated. With no records this is the sweep (R7).
 * Pure: the adapter loads `state`, writes the plan, and holds the locks that make it safe.
 */
export function planBatch(
  streams: ReadonlyMap<string, StreamWithGoals>,
  inputs: readonly RecordInput[],
  state: BatchState,
  now: Date,
): BatchPlan {
  const rows = new Map<string, StreamRow>();
  const byPair = new Map<string, Set<string>>();
  const put = (row: StreamRow): string => {
    const key = rowKey(row.clientId, row.streamId, row.period.beginInstant);
    rows.set(key, row);
    const pair = `${row.streamId}\u0000${row.clientId}`;
    byPair.set(pair, (byPair.get(pair) ?? new Set()).add(key));
    return key;
  };
  state.rows.forEach(put);
  const realized = new Set(state.realized);
  const references = new Map(state.references);
  const changed = new Set<string>();
  const realizations: PlannedRealization[] = [];
  const ledger: LedgerEntry[] = [];

  const realize = (
    found: GoalRealization[],
    goals: readonly GoalConfig[],
    row: StreamRow,
    cause?: RecordInput,
  ) => {
    for (const r of found) {
      const key = realizedKey(r.clientId, r.goalId, r.period.beginInstant);
      if (realized.has(key)) continue;
      realized.add(key);
      const goal = goals.find((g) => g.goalId === r.goalId);
      realizations.push({
        ...r,
        trigger: goal?.trigger ?? 'when-reach',
        fullEndInstant: row.fullEndInstant,
        value: goal?.type === 'times' ? String(row.times) : row.amount.toString(),
        ...(cause ? { cause } : {}),
      });
    }
  };

  for (const done of rowsToComplete([...rows.values()], now)) {
    changed.add(put(done));
    const goals = streams.get(done.streamId)?.goals ?? [];
    realize(goalsRealizedAtCompletion(goals, done), goals, done);
  }

  for (const input of inputs) {
    const stream = streams.get(input.streamId);
    if (!stream) continue;
    const { record, source } = input;
    const toApply: RecordToApply = {
      type: source.type,
      spanMs: source.spanMs,
      clientId: record.clientId,
      eventTime: record.eventTime,
      converted: input.conversion.converted,
    };
    if (record.reference !== undefined) {
      const begin = references.get(referenceKey(input.streamId, record.reference));
      toApply.reference = begin ? { found: true, periodBegin: begin } : { found: false };
    }
    const own = [...(byPair.get(`${input.streamId}\u0000${record.clientId}`) ?? [])]
      .map((k) => rows.get(k))
      .filter((r): r is StreamRow => r !== undefined);
    const result = applyRecord(stream.config, own, toApply, now);
    if (!result.applied) {
      ledger.push({
        input,
        applied: false,
        period: result.period,
        reason: result.reason,
        detail: result.detail,
      });
      continue;
    }
    changed.add(put(result.row));
    ledger.push({ input, applied: true, period: result.period });
    if (record.recordId !== undefined && source.type === 'add') {
      references.set(referenceKey(input.streamId, record.recordId), result.period.beginInstant);
    }
    const done = new Set(
      stream.goals
        .filter((g) =>
          realized.has(realizedKey(record.clientId, g.goalId, result.period.beginInstant)),
        )
        .map((g) => g.goalId),
    );
    realize(
      goalsRealizedByRecord(stream.goals, result.row, record.eventTime, done),
      stream.goals,
      result.row,
      input,
    );
  }

  return {
    ledger,
    rows: [...changed].map((k) => rows.get(k)).filter((r): r is StreamRow => r !== undefined),
    realizations,
  };
}

/** The periods whose rows a record needs: its own (and the previous for a subtract), or the referenced one. */
export function periodsNeeded(
  config: StreamConfig,
  input: RecordInput,
  referenced?: Date,
): Period[] {
  if (referenced) return [periodFor(config.frequency, referenced)];
  const own = periodFor(config.frequency, input.record.eventTime);
  if (input.source.type === 'add') return [own];
  return [own, periodFor(config.frequency, new Date(own.beginInstant.getTime() - 1))];
}
