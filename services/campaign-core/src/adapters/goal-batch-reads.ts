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

// Every read takes its keys as one JSON parameter (JSON.stringify is far cheaper than binding
// many arrays) and answers per key index, so results are matched to what was asked without
// comparing instants or strings on this side.
type ByIndex<T> = Map<number, T>;

function group<R extends { i: number }, T>(rows: readonly R[], map: (row: R) => T): ByIndex<T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const list = out.get(row.i);
    if (list) list.push(map(row));
    else out.set(row.i, [map(row)]);
  }
  return out;
}

const pairsJson = (keys: readonly ClientCampaign[]) =>
  JSON.stringify(keys.map((k, i) => ({ i, c: k.clientId, p: k.campaignId })));

/** Set-based reads of one consumer batch: one statement each, for all its clients. */
export const goalBatchReads = {
  /** Stream goals already realized per (client, period): the earliest Elapsed of each goal. */
  async realizedGoals(db: Db, keys: readonly ClientPeriod[]) {
    if (keys.length === 0) return new Map<number, { goalId: number; elapsed: Date }[]>();
    const { rows } = await db.query<{ i: number; goal_id: number; elapsed: Date }>(
      `SELECT k.i, g.goal_id, min(g.elapsed) AS elapsed
       FROM json_to_recordset($1::json) AS k(i integer, c text, b timestamptz, e timestamptz)
       JOIN campaign_goal_inbox g ON g.client_id = k.c AND g.begin_instant = k.b
         AND g.end_instant = k.e
       GROUP BY k.i, g.goal_id`,
      [
        JSON.stringify(
          keys.map((k, i) => ({
            i,
            c: k.clientId,
            b: k.beginAt.toISOString(),
            e: k.endAt.toISOString(),
          })),
        ),
      ],
    );
    return group(rows, (r) => ({ goalId: r.goal_id, elapsed: r.elapsed }));
  },

  /** Inserts the batch's inbox rows; the realization ids that were new (the rest are replays). */
  async insertInbox(db: Db, messages: readonly GoalAchievedMessage[]): Promise<Set<string>> {
    // The messages are passed as they came (validated JSON), named by their own keys.
    const { rows } = await db.query<{ realization_id: string }>(
      `INSERT INTO campaign_goal_inbox (realization_id, client_id, goal_id, stream_id, begin_date,
         end_date, begin_instant, end_instant, full_end_instant, elapsed)
       SELECT "realization-id", "client-id", "goal-id", "stream-id", begin, "end",
         "begin-instant", "end-instant", "full-end-instant", elapsed
       FROM json_to_recordset($1::json) AS m("realization-id" text, "client-id" text,
         "goal-id" integer, "stream-id" integer, begin date, "end" date,
         "begin-instant" timestamptz, "end-instant" timestamptz, "full-end-instant" timestamptz,
         elapsed timestamptz)
       ON CONFLICT (realization_id) DO NOTHING RETURNING realization_id`,
      [JSON.stringify(messages)],
    );
    return new Set(rows.map((r) => r.realization_id));
  },

  async realizations(db: Db, keys: readonly ClientCampaignPeriod[]) {
    const { rows } = await db.query<{
      i: number;
      status: RealizationStatus;
      completed_goals: number[];
    }>(
      `SELECT k.i, r.status, r.completed_goals
       FROM json_to_recordset($1::json) AS k(i integer, c text, p integer, b timestamptz)
       JOIN campaign_realizations r ON r.client_id = k.c AND r.campaign_id = k.p
         AND r.begin_instant = k.b`,
      [
        JSON.stringify(
          keys.map((k, i) => ({ i, c: k.clientId, p: k.campaignId, b: k.beginAt.toISOString() })),
        ),
      ],
    );
    const snapshots: ByIndex<RealizationSnapshot> = new Map();
    for (const r of rows)
      snapshots.set(r.i, { status: r.status, completedGoals: r.completed_goals });
    return snapshots;
  },

  /** In recording order, so that on equal instants the later row wins (latestParticipation). */
  async participations(db: Db, keys: readonly ClientCampaign[]) {
    const { rows } = await db.query<{ i: number; status: 'joined' | 'exited'; joined_at: Date }>(
      `SELECT k.i, p.status, p.joined_at
       FROM json_to_recordset($1::json) AS k(i integer, c text, p integer)
       JOIN participations p ON p.client_id = k.c AND p.campaign_id = k.p
       ORDER BY k.i, p.joined_at, p.id`,
      [pairsJson(keys)],
    );
    return group(rows, (r): ParticipationEntry => ({ status: r.status, at: r.joined_at }));
  },

  /** R15: first-check ad-hoc goals already true per (client, campaign). */
  async firstCheckCache(db: Db, keys: readonly ClientCampaign[]) {
    const { rows } = await db.query<{ i: number; goal_id: number }>(
      `SELECT k.i, c.goal_id
       FROM json_to_recordset($1::json) AS k(i integer, c text, p integer)
       JOIN adhoc_first_check_cache c ON c.client_id = k.c AND c.campaign_id = k.p`,
      [pairsJson(keys)],
    );
    return group(rows, (r) => r.goal_id);
  },
};
