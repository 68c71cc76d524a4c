import { counter, histogram, sampledGauges, type Registry } from '@tributary/metrics';
import type { Pool } from '@tributary/postgres';
import { callOutcome, type GetOutcome } from './adapters/allowed-get';
import type { HandledBatch } from './consumers/stream-record-handler';

/** What campaign-goals publishes of its own (docs/operations.md, Metrics). */
export interface GoalsMetrics {
  /** One consumer batch applied (after its commit). */
  batch(outcome: HandledBatch): void;
  /** Realizations the completion sweep wrote. */
  swept(realized: number): void;
  /** One ad-hoc or FX call, its retries included. */
  call(kind: 'adhoc' | 'fx', outcome: GetOutcome, seconds: number): void;
}

export function createGoalsMetrics(registry: Registry, pool: Pool): GoalsMetrics {
  const records = counter(
    registry,
    'campaign_goals_records_total',
    'Stream records by outcome: applied, not_applied (refused by a rule, in the ledger), repeated (seen before, R8)',
    ['outcome'],
  );
  const realizations = counter(
    registry,
    'campaign_goals_realizations_total',
    'Goal realizations written with their goals.achieved outbox row, by what realized them',
    ['origin'],
  );
  const calls = counter(
    registry,
    'campaign_goals_outbound_calls_total',
    'Ad-hoc checks and FX rate calls (retries included) by outcome',
    ['kind', 'outcome'],
  );
  const seconds = histogram(
    registry,
    'campaign_goals_outbound_call_duration_seconds',
    'Ad-hoc check and FX rate call time, retries included',
    ['kind'],
    [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
  sampledGauges(
    registry,
    {
      pending: {
        name: 'campaign_goals_outbox_pending',
        help: 'goals.achieved outbox rows not yet published',
      },
      age: {
        name: 'campaign_goals_outbox_oldest_age_seconds',
        help: 'Age of the oldest unpublished goals.achieved outbox row (0 when none)',
      },
    },
    async () => {
      const { rows } = await pool.query<{ pending: string; age: number | null }>(
        `SELECT count(*) AS pending, extract(epoch FROM now() - min(created_at))::float8 AS age
           FROM goal_outbox WHERE sent_at IS NULL`,
      );
      return { pending: Number(rows[0]?.pending ?? 0), age: rows[0]?.age ?? 0 };
    },
  );
  return {
    batch(outcome) {
      if (outcome.applied > 0) records.inc({ outcome: 'applied' }, outcome.applied);
      if (outcome.notApplied > 0) records.inc({ outcome: 'not_applied' }, outcome.notApplied);
      if (outcome.repeated > 0) records.inc({ outcome: 'repeated' }, outcome.repeated);
      if (outcome.realized > 0) realizations.inc({ origin: 'record' }, outcome.realized);
    },
    swept(realized) {
      if (realized > 0) realizations.inc({ origin: 'sweep' }, realized);
    },
    call(kind, outcome, elapsed) {
      calls.inc({ kind, outcome: callOutcome(outcome) });
      seconds.observe({ kind }, elapsed);
    },
  };
}
