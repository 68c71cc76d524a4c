import type { PoolClient } from '@tributary/postgres';
import type { ActionRequest } from '../domain/action-request';
import type { CampaignPeriod } from '../domain/campaign-period';
import type { Decimal } from '../domain/decimal';
import type { RealizationStatus } from '../domain/realization-state';
import type { KeyReservation } from '../domain/reservation-plan';

type Db = Pick<PoolClient, 'query'>;

export interface RealizationWrite {
  clientId: string;
  campaignId: number;
  period: CampaignPeriod;
  status: RealizationStatus;
  completedGoals: readonly number[];
  earning: { currency: string; amount: Decimal; ratio: Decimal } | undefined;
  elapsedAt: Date | undefined;
}

export interface FirstCheckWrite {
  clientId: string;
  campaignId: number;
  goalId: number;
  at: Date;
}

export interface OutboxWrite {
  realizationId: number;
  clientId: string;
  campaignId: number;
  request: ActionRequest;
}

const orNull = <T>(value: T | undefined): T | null => value ?? null;

/** Multi-row writes of one consumer batch, in the batch's transaction. */
export const goalBatchWrites = {
  /**
   * Applies each key's combined increment only where the row still allows it (see
   * planReservations); false when any key lost a race, and then nothing must be kept: the
   * caller rolls the transaction back. `missing` rows are created first (counters at 0).
   */
  async reserve(db: Db, plans: readonly KeyReservation[], missing: readonly string[]) {
    if (plans.length === 0) return true;
    if (missing.length > 0) {
      await db.query(
        'INSERT INTO limit_usage (limit_key) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING',
        [missing],
      );
    }
    const { rowCount } = await db.query(
      `UPDATE limit_usage u SET amount = u.amount + d.amount, ratio = u.ratio + d.ratio,
         times = u.times + d.times, standalone = u.standalone + d.standalone
       FROM unnest($1::text[], $2::numeric[], $3::numeric[], $4::integer[], $5::integer[],
         $6::numeric[], $7::numeric[], $8::integer[], $9::integer[])
         AS d(limit_key, amount, ratio, times, standalone, max_amount, max_ratio, max_times,
           max_standalone)
       WHERE u.limit_key = d.limit_key
         AND (d.max_amount IS NULL OR u.amount <= d.max_amount)
         AND (d.max_ratio IS NULL OR u.ratio <= d.max_ratio)
         AND (d.max_times IS NULL OR u.times <= d.max_times)
         AND (d.max_standalone IS NULL OR u.standalone <= d.max_standalone)`,
      [
        plans.map((p) => p.key),
        plans.map((p) => p.delta.amount.toFixed()),
        plans.map((p) => p.delta.ratio.toFixed()),
        plans.map((p) => p.delta.times),
        plans.map((p) => p.delta.standalone),
        plans.map((p) => orNull(p.maxBefore.amount?.toFixed())),
        plans.map((p) => orNull(p.maxBefore.ratio?.toFixed())),
        plans.map((p) => orNull(p.maxBefore.times)),
        plans.map((p) => orNull(p.maxBefore.standalone)),
      ],
    );
    return rowCount === plans.length;
  },

  async cacheFirstCheck(db: Db, rows: readonly FirstCheckWrite[]): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO adhoc_first_check_cache (client_id, campaign_id, goal_id, checked_at)
       SELECT * FROM unnest($1::text[], $2::integer[], $3::integer[], $4::timestamptz[])
       ON CONFLICT DO NOTHING`,
      [rows.map((r) => r.clientId), rows.map((r) => r.campaignId), rows.map((r) => r.goalId), rows.map((r) => r.at)],
    );
  },

  /**
   * R17 for many rows at once (one write per (client, campaign, period): the caller folds a
   * batch's successive states into the last one). Answers the row id per input index; an
   * elapsed row is never touched again (guarded in SQL too), and then has no id here.
   */
  async upsertRealizations(db: Db, rows: readonly RealizationWrite[]) {
    const ids = new Map<number, number>();
    if (rows.length === 0) return ids;
    const { rows: out } = await db.query<{ i: string; id: string }>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::integer[], $3::text[], $4::date[], $5::date[],
           $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::text[], $10::text[],
           $11::numeric[], $12::numeric[], $13::timestamptz[]) WITH ORDINALITY
           AS t(client_id, campaign_id, status, begin_date, end_date, begin_instant, end_instant,
             full_end_instant, completed_goals, earning_currency, earning_amount, earning_ratio,
             elapsed_at, i)),
       written AS (
         INSERT INTO campaign_realizations (client_id, campaign_id, status, begin_date, end_date,
           begin_instant, end_instant, full_end_instant, completed_goals, earning_currency,
           earning_amount, earning_ratio, elapsed_at)
         SELECT client_id, campaign_id, status, begin_date, end_date, begin_instant, end_instant,
           full_end_instant, completed_goals::integer[], earning_currency, earning_amount,
           earning_ratio, elapsed_at FROM input ORDER BY i
         ON CONFLICT (client_id, campaign_id, begin_instant) DO UPDATE SET
           status = EXCLUDED.status, completed_goals = EXCLUDED.completed_goals,
           earning_currency = EXCLUDED.earning_currency, earning_amount = EXCLUDED.earning_amount,
           earning_ratio = EXCLUDED.earning_ratio, elapsed_at = EXCLUDED.elapsed_at,
           updated_at = now()
         WHERE campaign_realizations.status <> 'elapsed'
         RETURNING id, client_id, campaign_id, begin_instant)
       SELECT input.i, written.id FROM written JOIN input USING (client_id, campaign_id, begin_instant)`,
      [
        rows.map((r) => r.clientId),
        rows.map((r) => r.campaignId),
        rows.map((r) => r.status),
        rows.map((r) => r.period.begin),
        rows.map((r) => r.period.end),
        rows.map((r) => r.period.beginAt),
        rows.map((r) => r.period.endAt),
        rows.map((r) => r.period.fullEndAt),
        rows.map((r) => `{${r.completedGoals.join(',')}}`),
        rows.map((r) => orNull(r.earning?.currency)),
        rows.map((r) => orNull(r.earning?.amount.toFixed())),
        rows.map((r) => orNull(r.earning?.ratio.toFixed())),
        rows.map((r) => orNull(r.elapsedAt)),
      ],
    );
    for (const row of out) ids.set(Number(row.i) - 1, Number(row.id));
    return ids;
  },

  /** Written in the realizations' transaction; the key makes a second booking impossible. */
  async enqueueActions(db: Db, items: readonly OutboxWrite[]): Promise<void> {
    if (items.length === 0) return;
    await db.query(
      `INSERT INTO action_outbox (realization_id, client_id, campaign_id, idempotency_key, url,
         method, headers, body)
       SELECT realization_id, client_id, campaign_id, idempotency_key, url, method,
         headers::jsonb, body::jsonb
       FROM unnest($1::bigint[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::text[],
         $7::text[], $8::text[]) WITH ORDINALITY
         AS t(realization_id, client_id, campaign_id, idempotency_key, url, method, headers, body, i)
       ORDER BY i
       ON CONFLICT (idempotency_key) DO NOTHING`,
      [
        items.map((r) => r.realizationId),
        items.map((r) => r.clientId),
        items.map((r) => r.campaignId),
        items.map((r) => r.request.idempotencyKey),
        items.map((r) => r.request.url),
        items.map((r) => r.request.method),
        items.map((r) => JSON.stringify(r.request.headers)),
        items.map((r) => (r.request.body === undefined ? null : JSON.stringify(r.request.body))),
      ],
    );
  },
};
