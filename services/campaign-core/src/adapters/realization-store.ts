import type { PoolClient } from '@tributary/postgres';
import type { CampaignPeriod } from '../domain/campaign-period';
import type { Decimal } from '../domain/decimal';
import type { RealizationSnapshot, RealizationStatus } from '../domain/realization-state';

type Db = Pick<PoolClient, 'query'>;

export interface RealizationRow {
  client: string;
  campaign: number;
  status: RealizationStatus;
  begin: string;
  end: string;
  'begin-instant': string;
  'end-instant': string;
  'completed-goals': number[];
  earning: { currency: string; amount: string; ratio: string } | null;
  'elapsed-at': string | null;
  'action-result': unknown;
}

const ISO = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const realizationStore = {
  async snapshot(
    db: Db,
    clientId: string,
    campaignId: number,
    period: CampaignPeriod,
  ): Promise<RealizationSnapshot | undefined> {
    const { rows } = await db.query<{ status: RealizationStatus; completed_goals: number[] }>(
      `SELECT status, completed_goals FROM campaign_realizations
       WHERE client_id = $1 AND campaign_id = $2 AND begin_instant = $3`,
      [clientId, campaignId, period.beginAt],
    );
    const row = rows[0];
    return row && { status: row.status, completedGoals: row.completed_goals };
  },

  /** R17: creates or moves the row; an elapsed row is never touched again (guarded in SQL too). */
  async upsert(
    db: Db,
    row: {
      clientId: string;
      campaignId: number;
      period: CampaignPeriod;
      status: RealizationStatus;
      completedGoals: readonly number[];
      earning?: { currency: string; amount: Decimal; ratio: Decimal };
      elapsedAt?: Date;
    },
  ): Promise<number | undefined> {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO campaign_realizations (client_id, campaign_id, status, begin_date, end_date,
         begin_instant, end_instant, full_end_instant, completed_goals, earning_currency,
         earning_amount, earning_ratio, elapsed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (client_id, campaign_id, begin_instant) DO UPDATE SET
         status = EXCLUDED.status, completed_goals = EXCLUDED.completed_goals,
         earning_currency = EXCLUDED.earning_currency, earning_amount = EXCLUDED.earning_amount,
         earning_ratio = EXCLUDED.earning_ratio, elapsed_at = EXCLUDED.elapsed_at, updated_at = now()
       WHERE campaign_realizations.status <> 'elapsed'
       RETURNING id`,
      [
        row.clientId,
        row.campaignId,
        row.status,
        row.period.begin,
        row.period.end,
        row.period.beginAt,
        row.period.endAt,
        row.period.fullEndAt,
        row.completedGoals,
        row.earning?.currency ?? null,
        row.earning?.amount.toFixed() ?? null,
        row.earning?.ratio.toFixed() ?? null,
        row.elapsedAt ?? null,
      ],
    );
    return rows[0] ? Number(rows[0].id) : undefined;
  },

  async list(db: Db, clientId: string, campaignId?: number): Promise<RealizationRow[]> {
    const { rows } = await db.query<RealizationRow>(
      `SELECT client_id AS client, campaign_id AS campaign, status,
         to_char(begin_date, 'YYYY-MM-DD') AS begin, to_char(end_date, 'YYYY-MM-DD') AS end,
         ${ISO('begin_instant')} AS "begin-instant", ${ISO('end_instant')} AS "end-instant",
         completed_goals AS "completed-goals",
         CASE WHEN earning_currency IS NULL THEN NULL ELSE json_build_object('currency',
           earning_currency, 'amount', earning_amount::text, 'ratio', earning_ratio::text) END AS earning,
         ${ISO('elapsed_at')} AS "elapsed-at", action_result AS "action-result"
       FROM campaign_realizations
       WHERE client_id = $1 AND ($2::integer IS NULL OR campaign_id = $2)
       ORDER BY begin_instant, campaign_id`,
      [clientId, campaignId ?? null],
    );
    return rows;
  },
};
