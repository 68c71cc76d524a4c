import { counter, histogram, sampledGauges, type Registry } from '@tributary/metrics';
import type { Pool } from '@tributary/postgres';
import { limitStopLabels, payoutLabels } from './domain/payout-outcome';
import type { AppliedEvaluation } from './evaluation/apply-goal-events';

/** What campaign-core publishes of its own (docs/operations.md, Metrics). */
export interface CoreMetrics {
  /** A batch's evaluations, after its transaction committed. */
  evaluated(applied: readonly AppliedEvaluation[]): void;
  /** One action call attempt (or a refusal to call) and how long it took. */
  actionCall(outcome: ActionCallOutcome, seconds: number): void;
}

/** sent (2xx), retry (failed, will be tried again), failed (for good), refused (never called). */
export type ActionCallOutcome = 'sent' | 'retry' | 'failed' | 'refused';

export function createCoreMetrics(registry: Registry, pool: Pool): CoreMetrics {
  const evaluations = counter(
    registry,
    'campaign_core_evaluations_total',
    'Campaign evaluations of goal realizations by outcome (elapsed, partially-elapsed, no-change, skipped)',
    ['outcome'],
  );
  const payouts = counter(
    registry,
    'campaign_core_payouts_total',
    'Earnings booked: granted (reason: the cap that lowered it, or none) or refused (the stop that zeroed it)',
    ['result', 'reason'],
  );
  const limitStops = counter(
    registry,
    'campaign_core_limit_stops_total',
    'Limits that lowered or stopped an earning, by limit scope and reason (R18-R20)',
    ['scope', 'reason'],
  );
  const reservations = counter(
    registry,
    'campaign_core_limit_reservations_total',
    'Limit usage booked by granted earnings, by limit scope',
    ['scope'],
  );
  const calls = counter(
    registry,
    'campaign_core_action_calls_total',
    'Action call attempts by outcome: sent, retry, failed (for good), refused (never called)',
    ['outcome'],
  );
  const callSeconds = histogram(
    registry,
    'campaign_core_action_call_duration_seconds',
    'Action call time, connect to last body byte',
    ['outcome'],
    [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  );
  sampledGauges(
    registry,
    {
      pending: {
        name: 'campaign_core_action_outbox_pending',
        help: 'Action outbox rows still to be called (pending)',
      },
      age: {
        name: 'campaign_core_action_outbox_oldest_age_seconds',
        help: 'Age of the oldest pending action outbox row (0 when none)',
      },
    },
    async () => {
      const { rows } = await pool.query<{ pending: string; age: number | null }>(
        `SELECT count(*) AS pending, extract(epoch FROM now() - min(created_at))::float8 AS age
           FROM action_outbox WHERE status = 'pending'`,
      );
      return { pending: Number(rows[0]?.pending ?? 0), age: rows[0]?.age ?? 0 };
    },
  );
  return {
    evaluated(applied) {
      for (const { outcome, grant } of applied) {
        evaluations.inc({ outcome });
        if (!grant) continue;
        payouts.inc({ ...payoutLabels(grant) });
        for (const stop of limitStopLabels(grant)) limitStops.inc(stop);
        for (const r of grant.reservations) reservations.inc({ scope: r.key.scope });
      }
    },
    actionCall(outcome, seconds) {
      calls.inc({ outcome });
      callSeconds.observe({ outcome }, seconds);
    },
  };
}
