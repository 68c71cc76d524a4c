import type { PoolClient } from '@tributary/postgres';
import type { GoalAchievedMessage } from '@tributary/schemas';
import type { ParticipationEntry } from '../domain/participation';
import type { RealizationSnapshot, RealizationStatus } from '../domain/realization-state';

type Db = Pick<PoolClient, 'query'>;

/** (client, period) as the inbox matches it: exact begin and end instants. */
export interface ClientPeriod {
  clientId: string;
  beginAt: Date;
  endAt: Date;
}

export interface ClientCampaign {
  clientId: string;
  campaignId: number;
}

export interface ClientCampaignPeriod extends ClientCampaign {
  beginAt: Date;
}

// Every read takes a list of keys and answers per key index (WITH ORDINALITY), so results are
// matched to what was asked without comparing instants or strings on this side.
type ByIndex<T> = Map<number, T>;

function group<R extends { i: string }, T>(rows: readonly R[], map: (row: R) => T): ByIndex<T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const index = Number(row.i) - 1;
    const list = out.get(index);
    if (list) list.push(map(row));
    else out.set(index, [map(row)]);
  }
  return out;
}

/** Set-based reads of one consumer batch: one statement each, for all its clients. */
export const goalBatchReads = {
  /** Stream goals already realized per (client, period): the earliest Elapsed of each goal. */
  async realizedGoals(db: Db, keys: readonly ClientPeriod[]) {
    const { rows } = await db.query<{ i: string; goal_id: number; elapsed: Date }>(
      `SELECT k.i, g.goal_id, min(g.elapsed) AS elapsed
       FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY
         AS k(client_id, begin_instant, end_instant, i)
       JOIN campaign_goal_inbox g ON g.client_id = k.client_id
         AND g.begin_instant = k.begin_instant AND g.end_instant = k.end_instant
       GROUP BY k.i, g.goal_id`,
      [keys.map((k) => k.clientId), keys.map((k) => k.beginAt), keys.map((k) => k.endAt)],
    );
    return group(rows, (r) => ({ goalId: r.goal_id, elapsed: r.elapsed }));
  },

  /** Inserts the batch's inbox rows; the realization ids that were new (the rest are replays). */
  async insertInbox(db: Db, messages: readonly GoalAchievedMessage[]): Promise<Set<string>> {
    const column = <K extends keyof GoalAchievedMessage>(key: K) => messages.map((m) => m[key]);
    const { rows } = await db.query<{ realization_id: string }>(
      `INSERT INTO campaign_goal_inbox (realization_id, client_id, goal_id, stream_id, begin_date,
         end_date, begin_instant, end_instant, full_end_instant, elapsed)
       SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::integer[], $5::date[],
         $6::date[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[])
       ON CONFLICT (realization_id) DO NOTHING RETURNING realization_id`,
      [
        column('realization-id'),
        column('client-id'),
        column('goal-id'),
        column('stream-id'),
        column('begin'),
        column('end'),
        column('begin-instant'),
        column('end-instant'),
        column('full-end-instant'),
        column('elapsed'),
      ],
    );
    return new Set(rows.map((r) => r.realization_id));
  },

  async realizations(db: Db, keys: readonly ClientCampaignPeriod[]) {
    const { rows } = await db.query<{
      i: string;
      status: RealizationStatus;
      completed_goals: number[];
    }>(
      `SELECT k.i, r.status, r.completed_goals
       FROM unnest($1::text[], $2::integer[], $3::timestamptz[]) WITH ORDINALITY
         AS k(client_id, campaign_id, begin_instant, i)
       JOIN campaign_realizations r ON r.client_id = k.client_id
         AND r.campaign_id = k.campaign_id AND r.begin_instant = k.begin_instant`,
      [keys.map((k) => k.clientId), keys.map((k) => k.campaignId), keys.map((k) => k.beginAt)],
    );
    const snapshots: ByIndex<RealizationSnapshot> = new Map();
    for (const r of rows) {
      snapshots.set(Number(r.i) - 1, { status: r.status, completedGoals: r.completed_goals });
    }
    return snapshots;
  },

  /** In recording order, so that on equal instants the later row wins (latestParticipation). */
  async participations(db: Db, keys: readonly ClientCampaign[]) {
    const { rows } = await db.query<{ i: string; status: 'joined' | 'exited'; joined_at: Date }>(
      `SELECT k.i, p.status, p.joined_at
       FROM unnest($1::text[], $2::integer[]) WITH ORDINALITY AS k(client_id, campaign_id, i)
       JOIN participations p ON p.client_id = k.client_id AND p.campaign_id = k.campaign_id
       ORDER BY k.i, p.joined_at, p.id`,
      [keys.map((k) => k.clientId), keys.map((k) => k.campaignId)],
    );
    return group(rows, (r): ParticipationEntry => ({ status: r.status, at: r.joined_at }));
  },

  /** R15: first-check ad-hoc goals already true per (client, campaign). */
  async firstCheckCache(db: Db, keys: readonly ClientCampaign[]) {
    const { rows } = await db.query<{ i: string; goal_id: number }>(
      `SELECT k.i, c.goal_id
       FROM unnest($1::text[], $2::integer[]) WITH ORDINALITY AS k(client_id, campaign_id, i)
       JOIN adhoc_first_check_cache c ON c.client_id = k.client_id
         AND c.campaign_id = k.campaign_id`,
      [keys.map((k) => k.clientId), keys.map((k) => k.campaignId)],
    );
    return group(rows, (r) => r.goal_id);
  },
};
