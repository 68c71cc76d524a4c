import type { PoolClient } from '@tributary/postgres';
import type { ParticipationEntry } from '../domain/participation';

type Db = Pick<PoolClient, 'query'>;

export interface ParticipationRow {
  client: string;
  campaign: number;
  status: 'joined' | 'exited';
  'joined-at': string;
  'join-info': Record<string, unknown> | null;
}

export const participationStore = {
  async insert(
    db: Db,
    row: {
      clientId: string;
      campaignId: number;
      status: 'joined' | 'exited';
      at: Date;
      joinInfo: Record<string, unknown> | undefined;
      recordedBy: string;
    },
  ): Promise<void> {
    await db.query(
      `INSERT INTO participations (client_id, campaign_id, status, joined_at, join_info, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.clientId, row.campaignId, row.status, row.at, row.joinInfo ?? null, row.recordedBy],
    );
  },

  /** In recording order, so that on equal instants the later row wins (latestParticipation). */
  async entries(db: Db, clientId: string, campaignId: number): Promise<ParticipationEntry[]> {
    const { rows } = await db.query<{ status: 'joined' | 'exited'; joined_at: Date }>(
      `SELECT status, joined_at FROM participations WHERE client_id = $1 AND campaign_id = $2
       ORDER BY joined_at, id`,
      [clientId, campaignId],
    );
    return rows.map((r) => ({ status: r.status, at: r.joined_at }));
  },

  /** A client's participations in order of joining; `order` is the row's position (a page key). */
  async list(db: Db, clientId: string): Promise<(ParticipationRow & { order: number })[]> {
    const { rows } = await db.query<ParticipationRow & { order: number }>(
      `SELECT id::float8 AS "order", client_id AS client, campaign_id AS campaign, status,
         to_char(joined_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "joined-at",
         join_info AS "join-info"
       FROM participations WHERE client_id = $1 ORDER BY joined_at, id`,
      [clientId],
    );
    return rows;
  },
};
