import type { Pool } from '@tributary/postgres';
import { Money } from '../domain/money';

/** Amounts as the seed shows them: exact decimal text without trailing zeros. */
const money = (text: string): string => new Money(text).toString();
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function createReadQueries(pool: Pool) {
  return {
    async streamData(clientId: string, streamId?: string, begin?: string) {
      const { rows } = await pool.query<{
        client_id: string;
        stream_id: string;
        state: string;
        currency: string;
        begin: string;
        end: string;
        full_end: string;
        amount: string;
        times: number;
        begin_instant: Date;
        end_instant: Date;
        full_end_instant: Date;
      }>(
        `SELECT client_id, stream_id, state, currency, begin_date::text AS begin, end_date::text AS end,
                full_end_date::text AS full_end, amount::text AS amount, times, begin_instant, end_instant,
                full_end_instant
           FROM stream_data
          WHERE client_id = $1 AND ($2::text IS NULL OR stream_id = $2) AND ($3::date IS NULL OR begin_date = $3)
          ORDER BY stream_id, begin_instant`,
        [clientId, streamId ?? null, begin ?? null],
      );
      return rows.map((r) => ({
        client: r.client_id,
        stream: r.stream_id,
        state: r.state,
        currency: r.currency,
        begin: r.begin,
        end: r.end,
        'full-end': r.full_end,
        amount: money(r.amount),
        times: r.times,
        'begin-instant': r.begin_instant.toISOString(),
        'end-instant': r.end_instant.toISOString(),
        'full-end-instant': r.full_end_instant.toISOString(),
      }));
    },

    async ledgerOfRow(clientId: string, streamId: string, begin: string) {
      const { rows } = await pool.query<LedgerDbRow>(
        `${LEDGER_SELECT}
          WHERE l.client_id = $1 AND l.stream_id = $2 AND l.period_begin_instant =
            (SELECT begin_instant FROM stream_data WHERE client_id = $1 AND stream_id = $2 AND begin_date = $3)
          ORDER BY l.ledger_id`,
        [clientId, streamId, begin],
      );
      return rows.map(ledgerView);
    },

    /** Newest first by ledger id (the order rows were recorded in), from before a cursor's id. */
    async lateRecords(filter: {
      streamId?: string;
      clientId?: string;
      beforeLedgerId?: string;
      limit: number;
    }) {
      const { rows } = await pool.query<LedgerDbRow>(
        `${LEDGER_SELECT}
          WHERE NOT l.applied AND ($1::text IS NULL OR l.stream_id = $1) AND ($2::text IS NULL OR l.client_id = $2)
            AND ($4::bigint IS NULL OR l.ledger_id < $4)
          ORDER BY l.ledger_id DESC LIMIT $3`,
        [
          filter.streamId ?? null,
          filter.clientId ?? null,
          filter.limit,
          filter.beforeLedgerId ?? null,
        ],
      );
      return rows.map(ledgerView);
    },

    async goalRealizations(clientId: string, goalId?: string) {
      const { rows } = await pool.query<{
        realization_id: string;
        client_id: string;
        goal_id: string;
        stream_id: string;
        trigger: string;
        elapsed: Date;
        begin: string;
        end: string;
        begin_instant: Date;
        end_instant: Date;
        value: string;
      }>(
        `SELECT realization_id, client_id, goal_id, stream_id, trigger, elapsed, begin_date::text AS begin,
                end_date::text AS end, begin_instant, end_instant, value::text AS value
           FROM goal_realizations WHERE client_id = $1 AND ($2::text IS NULL OR goal_id = $2)
          ORDER BY begin_instant, goal_id`,
        [clientId, goalId ?? null],
      );
      return rows.map((r) => ({
        client: r.client_id,
        goal: r.goal_id,
        elapsed: r.elapsed.toISOString(),
        begin: r.begin,
        end: r.end,
        stream: r.stream_id,
        trigger: r.trigger,
        'realization-id': r.realization_id,
        'begin-instant': r.begin_instant.toISOString(),
        'end-instant': r.end_instant.toISOString(),
        value: money(r.value),
      }));
    },

    async rowAt(clientId: string, streamId: string, at: Date) {
      const { rows } = await pool.query<{
        amount: string;
        times: number;
        state: string;
        begin: string;
        end: string;
      }>(
        `SELECT amount::text AS amount, times, state, begin_date::text AS begin, end_date::text AS end
           FROM stream_data WHERE client_id = $1 AND stream_id = $2 AND begin_instant <= $3 AND end_instant > $3`,
        [clientId, streamId, at],
      );
      return rows[0];
    },

    async isRealized(clientId: string, goalId: string, at: Date) {
      const { rowCount } = await pool.query(
        `SELECT 1 FROM goal_realizations WHERE client_id = $1 AND goal_id = $2 AND begin_instant <= $3 AND end_instant > $3`,
        [clientId, goalId, at],
      );
      return rowCount === 1;
    },
  };
}
export type ReadQueries = ReturnType<typeof createReadQueries>;

interface LedgerDbRow {
  ledger_id: string;
  stream_id: string;
  client_id: string;
  source_topic: string;
  source_partition: number;
  source_offset: string;
  record_id: string | null;
  reference: string | null;
  source_type: string;
  event_time: Date;
  original_amount: string;
  original_currency: string;
  fx_rate: string;
  converted_amount: string;
  target_currency: string;
  applied: boolean;
  period_begin_instant: Date | null;
  period_end_instant: Date | null;
  reason: string | null;
  detail: string | null;
  recorded_at: Date;
}

const LEDGER_SELECT = `SELECT l.ledger_id::text AS ledger_id, l.stream_id, l.client_id, l.source_topic,
  l.source_partition, l.source_offset::text AS source_offset, l.record_id, l.reference, l.source_type,
  l.event_time, l.original_amount::text AS original_amount, l.original_currency, l.fx_rate::text AS fx_rate,
  l.converted_amount::text AS converted_amount, l.target_currency, l.applied, l.period_begin_instant,
  l.period_end_instant, l.reason, l.detail, l.recorded_at FROM stream_ledger l`;

function ledgerView(r: LedgerDbRow) {
  return {
    'ledger-id': r.ledger_id,
    stream: r.stream_id,
    client: r.client_id,
    topic: r.source_topic,
    partition: r.source_partition,
    offset: r.source_offset,
    'record-id': r.record_id,
    reference: r.reference,
    type: r.source_type,
    'event-time': r.event_time.toISOString(),
    'original-amount': money(r.original_amount),
    'original-currency': r.original_currency,
    'fx-rate': money(r.fx_rate),
    'converted-amount': money(r.converted_amount),
    currency: r.target_currency,
    applied: r.applied,
    'period-begin-instant': iso(r.period_begin_instant),
    'period-end-instant': iso(r.period_end_instant),
    reason: r.reason,
    detail: r.detail,
    'recorded-at': r.recorded_at.toISOString(),
  };
}
