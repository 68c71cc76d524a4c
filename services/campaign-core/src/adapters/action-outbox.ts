import type { Pool, PoolClient } from '@tributary/postgres';
import type { ActionRequest } from '../domain/action-request';

type Db = Pick<PoolClient, 'query'>;

export interface OutboxItem {
  id: number;
  realizationId: number;
  clientId: string;
  campaignId: number;
  idempotencyKey: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  attempts: number;
}

export interface AttemptRecord {
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  httpStatus: number | undefined;
  error: string | undefined;
  bodyExcerpt: string | undefined;
  retryInMs: number;
}

interface OutboxRow {
  id: string;
  realization_id: string;
  client_id: string;
  campaign_id: number;
  idempotency_key: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  attempts: number;
}

export const actionOutbox = {
  /** Written in the realization's transaction; the key makes a second booking impossible. */
  async enqueue(
    db: Db,
    item: { realizationId: number; clientId: string; campaignId: number; request: ActionRequest },
  ): Promise<void> {
    const { request } = item;
    await db.query(
      `INSERT INTO action_outbox (realization_id, client_id, campaign_id, idempotency_key, url,
         method, headers, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (idempotency_key) DO NOTHING`,
      [
        item.realizationId,
        item.clientId,
        item.campaignId,
        request.idempotencyKey,
        request.url,
        request.method,
        request.headers,
        request.body === undefined ? null : JSON.stringify(request.body),
      ],
    );
  },

  /**
   * Claims due rows for one lease: SKIP LOCKED lets replicas share the outbox, and a replica that
   * dies mid-call leaves a lease that simply runs out, so another one retries with the same key.
   */
  async claim(pool: Pool, limit: number, leaseMs: number): Promise<OutboxItem[]> {
    const { rows } = await pool.query<OutboxRow>(
      `UPDATE action_outbox SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
       WHERE id IN (SELECT id FROM action_outbox WHERE status = 'pending' AND next_attempt_at <= now()
                    ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, realization_id, client_id, campaign_id, idempotency_key, url, method, headers,
         body, attempts`,
      [limit, leaseMs],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      realizationId: Number(r.realization_id),
      clientId: r.client_id,
      campaignId: r.campaign_id,
      idempotencyKey: r.idempotency_key,
      url: r.url,
      method: r.method,
      headers: r.headers,
      body: r.body,
      attempts: r.attempts,
    }));
  },

  /** Records one attempt; a final one also becomes the realization's Action Result (C8). */
  async record(pool: Pool, item: OutboxItem, attempt: AttemptRecord): Promise<void> {
    await pool.query(
      `WITH outbox AS (
         UPDATE action_outbox SET status = $2, attempts = $3, last_status = $4, last_error = $5,
           body_excerpt = $6, updated_at = now(),
           next_attempt_at = now() + make_interval(secs => $7::double precision / 1000)
         WHERE id = $1 RETURNING realization_id)
       UPDATE campaign_realizations SET action_result = $8, updated_at = now()
       WHERE id = (SELECT realization_id FROM outbox) AND $2 <> 'pending'`,
      [
        item.id,
        attempt.status,
        attempt.attempts,
        attempt.httpStatus ?? null,
        attempt.error ?? null,
        attempt.bodyExcerpt ?? null,
        attempt.retryInMs,
        {
          status: attempt.status,
          'http-status': attempt.httpStatus ?? null,
          attempts: attempt.attempts,
          'body-excerpt': attempt.bodyExcerpt ?? null,
          error: attempt.error ?? null,
          'idempotency-key': item.idempotencyKey,
        },
      ],
    );
  },

  async list(pool: Pool, status: string | undefined, limit: number) {
    const { rows } = await pool.query<Record<string, unknown>>(
      `SELECT id, client_id AS "client-id", campaign_id AS "campaign-id",
         idempotency_key AS "idempotency-key", url, method, status, attempts,
         next_attempt_at AS "next-attempt-at", last_status AS "last-status",
         last_error AS "last-error", body_excerpt AS "body-excerpt"
       FROM action_outbox WHERE ($1::text IS NULL OR status = $1) ORDER BY id DESC LIMIT $2`,
      [status ?? null, limit],
    );
    return rows;
  },
};
