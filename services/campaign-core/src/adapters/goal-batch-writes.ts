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
  /** The goal message's trace, sent on as the action call's `traceparent`. */
  traceparent?: string;
}

const orNull = <T>(value: T | undefined): T | null => value ?? null;

// Rows go to PostgreSQL as one JSON parameter each statement: JSON.stringify is much cheaper
// than binding (and escaping) one array per column. Money stays a decimal string throughout.

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
        `INSERT INTO limit_usage (limit_key) SELECT k FROM json_array_elements_text($1::json) k
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(missing)],
      );
    }
    const { rowCount } = await db.query(
      `UPDATE limit_usage u SET amount = u.amount + d.a, ratio = u.ratio + d.r,
         times = u.times + d.t, standalone = u.standalone + d.s
       FROM json_to_recordset($1::json) AS d(k text, a numeric, r numeric, t integer,
         s integer, ma numeric, mr numeric, mt integer, ms integer)
       WHERE u.limit_key = d.k
         AND (d.ma IS NULL OR u.amount <= d.ma) AND (d.mr IS NULL OR u.ratio <= d.mr)
         AND (d.mt IS NULL OR u.times <= d.mt) AND (d.ms IS NULL OR u.standalone <= d.ms)`,
      [
        JSON.stringify(
          plans.map(({ key, delta, maxBefore }) => ({
            k: key,
            a: delta.amount.toFixed(),
            r: delta.ratio.toFixed(),
            t: delta.times,
            s: delta.standalone,
            ma: orNull(maxBefore.amount?.toFixed()),
            mr: orNull(maxBefore.ratio?.toFixed()),
            mt: orNull(maxBefore.times),
            ms: orNull(maxBefore.standalone),
          })),
        ),
      ],
    );
    return rowCount === plans.length;
  },

  async cacheFirstCheck(db: Db, rows: readonly FirstCheckWrite[]): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO adhoc_first_check_cache (client_id, campaign_id, goal_id, checked_at)
       SELECT c, p, g, a FROM json_to_recordset($1::json)
         AS r(c text, p integer, g integer, a timestamptz)
       ON CONFLICT DO NOTHING`,
      [
        JSON.stringify(
          rows.map((r) => ({ c: r.clientId, p: r.campaignId, g: r.goalId, a: r.at.toISOString() })),
        ),
      ],
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
    const input = rows.map((r, i) => ({
      i,
      c: r.clientId,
      p: r.campaignId,
      s: r.status,
      bd: r.period.begin,
      ed: r.period.end,
      b: r.period.beginAt.toISOString(),
      e: r.period.endAt.toISOString(),
      f: r.period.fullEndAt.toISOString(),
      g: r.completedGoals,
      ec: orNull(r.earning?.currency),
      ea: orNull(r.earning?.amount.toFixed()),
      er: orNull(r.earning?.ratio.toFixed()),
      at: orNull(r.elapsedAt?.toISOString()),
    }));
    const { rows: out } = await db.query<{ i: number; id: string }>(
      `WITH input AS (
         SELECT * FROM json_to_recordset($1::json) AS t(i integer, c text, p integer, s text,
           bd date, ed date, b timestamptz, e timestamptz, f timestamptz, g integer[],
           ec text, ea numeric, er numeric, at timestamptz)),
       written AS (
         INSERT INTO campaign_realizations (client_id, campaign_id, status, begin_date, end_date,
           begin_instant, end_instant, full_end_instant, completed_goals, earning_currency,
           earning_amount, earning_ratio, elapsed_at)
         SELECT c, p, s, bd, ed, b, e, f, g, ec, ea, er, at FROM input ORDER BY i
         ON CONFLICT (client_id, campaign_id, begin_instant) DO UPDATE SET
           status = EXCLUDED.status, completed_goals = EXCLUDED.completed_goals,
           earning_currency = EXCLUDED.earning_currency, earning_amount = EXCLUDED.earning_amount,
           earning_ratio = EXCLUDED.earning_ratio, elapsed_at = EXCLUDED.elapsed_at,
           updated_at = now()
         WHERE campaign_realizations.status <> 'elapsed'
         RETURNING id, client_id, campaign_id, begin_instant)
       SELECT input.i, written.id FROM written
       JOIN input ON input.c = written.client_id AND input.p = written.campaign_id
         AND input.b = written.begin_instant`,
      [JSON.stringify(input)],
    );
    for (const row of out) ids.set(row.i, Number(row.id));
    return ids;
  },

  /** Written in the realizations' transaction; the key makes a second booking impossible. */
  async enqueueActions(db: Db, items: readonly OutboxWrite[]): Promise<void> {
    if (items.length === 0) return;
    await db.query(
      `INSERT INTO action_outbox (realization_id, client_id, campaign_id, idempotency_key, url,
         method, headers, body, traceparent)
       SELECT r, c, p, k, u, m, h, b, tp FROM json_to_recordset($1::json)
         AS t(i integer, r bigint, c text, p integer, k text, u text, m text, h jsonb, b jsonb,
           tp text)
       ORDER BY i
       ON CONFLICT (idempotency_key) DO NOTHING`,
      [
        JSON.stringify(
          items.map(({ realizationId, clientId, campaignId, request, traceparent }, i) => ({
            i,
            r: realizationId,
            c: clientId,
            p: campaignId,
            k: request.idempotencyKey,
            u: request.url,
            m: request.method,
            h: request.headers,
            b: request.body ?? null,
            tp: traceparent ?? null,
          })),
        ),
      ],
    );
  },
};
