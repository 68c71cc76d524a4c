import { Money } from './money';
import { fullEndOf, type Period } from './period-for';
import type { StreamConfig } from './stream-config';

export type RowState = 'in-progress' | 'completed';

/** One stream data row (C2): key (Client, Stream, Begin, End). */
export interface StreamRow {
  clientId: string;
  streamId: string;
  state: RowState;
  /** Always the stream's target currency: amounts are converted before they are summed. */
  currency: string;
  period: Period;
  fullEndInstant: Date;
  fullEnd: string;
  amount: Money;
  times: number;
}

export function newRow(config: StreamConfig, clientId: string, period: Period): StreamRow {
  return {
    clientId,
    streamId: config.streamId,
    state: 'in-progress',
    currency: config.targetCurrency,
    period,
    ...fullEndOf(period, config.maxSpanMs, config.frequency.zone),
    amount: new Money(0),
    times: 0,
  };
}

/** R7: completed from its Full End instant on, whether or not the sweep has stored it yet. */
export function isCompletedAt(row: StreamRow, now: Date): boolean {
  return row.state === 'completed' || now.getTime() >= row.fullEndInstant.getTime();
}

export function samePeriod(a: Period, b: Period): boolean {
  return a.beginInstant.getTime() === b.beginInstant.getTime();
}

/** R7 sweep: the rows that become completed at `now`, as they should be stored. */
export function rowsToComplete(rows: readonly StreamRow[], now: Date): StreamRow[] {
  return rows
    .filter((row) => row.state === 'in-progress' && isCompletedAt(row, now))
    .map((row) => ({ ...row, state: 'completed' as const }));
}
