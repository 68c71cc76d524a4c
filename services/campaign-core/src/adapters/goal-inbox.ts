import type { PoolClient } from '@tributary/postgres';
import type { GoalAchievedMessage } from '@tributary/schemas';
import type { CampaignPeriod } from '../domain/campaign-period';

type Db = Pick<PoolClient, 'query'>;

export interface RealizedGoal {
  goalId: number;
  elapsed: Date;
}

interface PeriodRow {
  begin: string;
  end: string;
  begin_instant: Date;
  end_instant: Date;
  full_end_instant: Date;
}

const toPeriod = (row: PeriodRow): CampaignPeriod => ({
  begin: row.begin,
  end: row.end,
  beginAt: row.begin_instant,
  endAt: row.end_instant,
  fullEndAt: row.full_end_instant,
});

export function periodOfMessage(message: GoalAchievedMessage): CampaignPeriod {
  return {
    begin: message.begin,
    end: message.end,
    beginAt: new Date(message['begin-instant']),
    endAt: new Date(message['end-instant']),
    fullEndAt: new Date(message['full-end-instant']),
  };
}

const PERIOD_COLUMNS = `to_char(begin_date, 'YYYY-MM-DD') AS begin, to_char(end_date, 'YYYY-MM-DD') AS end,
  begin_instant, end_instant, full_end_instant`;

/** The goals.achieved inbox: dedupe by realization-id, and the realized stream goals per period. */
export const goalInbox = {
  /** false when this realization was already received (a redelivery: change nothing). */
  async record(db: Db, m: GoalAchievedMessage): Promise<boolean> {
    const result = await db.query(
      `INSERT INTO campaign_goal_inbox (realization_id, client_id, goal_id, stream_id, begin_date,
         end_date, begin_instant, end_instant, full_end_instant, elapsed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (realization_id) DO NOTHING`,
      [
        m['realization-id'],
        m['client-id'],
        m['goal-id'],
        m['stream-id'],
        m.begin,
        m.end,
        m['begin-instant'],
        m['end-instant'],
        m['full-end-instant'],
        m.elapsed,
      ],
    );
    return (result.rowCount ?? 0) > 0;
  },

  /** Stream goals realized for (client, period); the earliest realization of each goal. */
  async realizedGoals(db: Db, clientId: string, period: CampaignPeriod): Promise<RealizedGoal[]> {
    const { rows } = await db.query<{ goal_id: number; elapsed: Date }>(
      `SELECT goal_id, min(elapsed) AS elapsed FROM campaign_goal_inbox
       WHERE client_id = $1 AND begin_instant = $2 AND end_instant = $3 GROUP BY goal_id`,
      [clientId, period.beginAt, period.endAt],
    );
    return rows.map((r) => ({ goalId: r.goal_id, elapsed: r.elapsed }));
  },

  /** Periods in which the client realized any of these goals, newest first. */
  async periods(db: Db, clientId: string, goalIds: readonly number[]): Promise<CampaignPeriod[]> {
    const { rows } = await db.query<PeriodRow>(
      `SELECT DISTINCT ${PERIOD_COLUMNS} FROM campaign_goal_inbox
       WHERE client_id = $1 AND goal_id = ANY($2) ORDER BY begin_instant DESC LIMIT 100`,
      [clientId, goalIds],
    );
    return rows.map(toPeriod);
  },
};
