import type { Money } from './money';
import { fullEndOf, periodFor, previousPeriod, type Period } from './period-for';
import type { StreamConfig } from './stream-config';
import { isCompletedAt, newRow, samePeriod, type StreamRow } from './stream-row';

/** Where the original payment of a cancellation went, as the ledger answered (R5). */
export type ReferenceLookup = { found: true; periodBegin: Date } | { found: false };

export interface RecordToApply {
  type: 'add' | 'subtract';
  /** The span of the record's own source (R5 uses the subtract source's span). */
  spanMs: number;
  clientId: string;
  eventTime: Date;
  /** Already in the target currency (R9). */
  converted: Money;
  /** Present only for subtract sources with a reference-path. */
  reference?: ReferenceLookup;
}

export type NotAppliedReason = 'late-add' | 'late-subtract' | 'unknown-reference';

export type Application =
  | { applied: true; period: Period; before: StreamRow | undefined; row: StreamRow }
  | { applied: false; period: Period | undefined; reason: NotAppliedReason; detail: string };

/**
 * Decides what one record does to a client's stream rows (R3, R5, R6, R7). `rows` are the
 * client's rows of this stream that candidatePeriods named (others are ignored); nothing is
 * mutated: an applied record answers the row before and after.
 */
export function applyRecord(
  config: StreamConfig,
  rows: readonly StreamRow[],
  record: RecordToApply,
  now: Date,
): Application {
  const own = rows.filter((r) => r.clientId === record.clientId && r.streamId === config.streamId);
  const periodOfEvent = periodFor(config.frequency, record.eventTime);
  if (record.type === 'add') return applyTo(config, own, periodOfEvent, record, now);
  if (record.reference) {
    if (!record.reference.found) {
      return {
        applied: false,
        period: undefined,
        reason: 'unknown-reference',
        detail: 'the original transaction is not in the ledger',
      };
    }
    return applyTo(
      config,
      own,
      periodFor(config.frequency, record.reference.periodBegin),
      record,
      now,
    );
  }
  const previous = previousPeriod(config.frequency, periodOfEvent);
  const previousRow = own.find((r) => samePeriod(r.period, previous));
  const insideSpan = record.eventTime.getTime() < previous.endInstant.getTime() + record.spanMs;
  if (previousRow && !isCompletedAt(previousRow, now) && insideSpan) {
    return applyTo(config, own, previous, record, now);
  }
  return applyTo(config, own, periodOfEvent, record, now);
}

/** The periods whose rows applyRecord needs for a record at `eventTime` (without reference). */
export function candidatePeriods(
  config: StreamConfig,
  type: 'add' | 'subtract',
  eventTime: Date,
): Period[] {
  const period = periodFor(config.frequency, eventTime);
  return type === 'add' ? [period] : [period, previousPeriod(config.frequency, period)];
}

function applyTo(
  config: StreamConfig,
  rows: readonly StreamRow[],
  period: Period,
  record: RecordToApply,
  now: Date,
): Application {
  const before = rows.find((r) => samePeriod(r.period, period));
  const closed = before
    ? isCompletedAt(before, now)
    : now.getTime() >=
      fullEndOf(period, config.maxSpanMs, config.frequency.zone).fullEndInstant.getTime();
  if (closed) {
    return {
      applied: false,
      period,
      reason: record.type === 'add' ? 'late-add' : 'late-subtract',
      detail: `period ${period.begin}..${period.end} is completed`,
    };
  }
  const base = before ?? newRow(config, record.clientId, period);
  const sign = record.type === 'add' ? 1 : -1;
  // R6: no clamping at zero; a refund can take a period below zero.
  const row: StreamRow = {
    ...base,
    state: 'in-progress',
    amount: sign > 0 ? base.amount.plus(record.converted) : base.amount.minus(record.converted),
    times: base.times + sign,
  };
  return { applied: true, period, before, row };
}
