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
  /** The trace of the work that booked the action; sent as `traceparent` (issue 22). */
  traceparent?: string | null;
}

export interface AttemptRecord {
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  httpStatus: number | undefined;
  error: string | undefined;
  bodyExcerpt: string | undefined;
  retryInMs: number;
}

/** An outbox row as operators read it (GET /v1/actions). */
export interface OutboxListRow {
  id: string;
  'client-id': string;
  'campaign-id': number;
  'idempotency-key': string;
  url: string;
  method: string;
  status: string;
  attempts: number;
  'next-attempt-at': string;
  'last-status': number | null;
  'last-error': string | null;
  'body-excerpt': string | null;
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
  traceparent: string | null;
}

export const actionOutbox = {
  /** Written in the realization's transaction; the key makes a second booking impossible. */
  async enqueue(
    db: Db,
    item: {
      realizationId: number;
      clientId: string;
      campaignId: number;
      request: ActionRequest;
      traceparent?: string;
    },
  ): Promise<void> {
    const { request } = item;
    await db.query(
      `INSERT INTO action_outbox (realization_id, client_id, campaign_id, idempotency_key, url,
         method, headers, body, traceparent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
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
        item.traceparent ?? null,
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
         body, attempts, traceparent`,
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
      traceparent: r.traceparent,
    }));
  },

  /**
   * Records a round of attempts with one statement; final ones also become their realization's
   * Action Result (C8). Until this commits, the rows keep their claim lease, so a crash before
   * it only means another attempt with the same Idempotency-Key once the lease ran out.
   */
  async recordMany(
    pool: Pool,
    results: readonly { item: OutboxItem; attempt: AttemptRecord }[],
  ): Promise<void> {
    if (results.length === 0) return;
    const rows = results.map(({ item, attempt }) => ({
      id: item.id,
      status: attempt.status,
      attempts: attempt.attempts,
      http: attempt.httpStatus ?? null,
      error: attempt.error ?? null,
      excerpt: attempt.bodyExcerpt ?? null,
      retry_ms: attempt.retryInMs,
      result: {
        status: attempt.status,
        'http-status': attempt.httpStatus ?? null,
        attempts: attempt.attempts,
        'body-excerpt': attempt.bodyExcerpt ?? null,
        error: attempt.error ?? null,
        'idempotency-key': item.idempotencyKey,
      },
    }));
    await pool.query(
      `WITH input AS (
         SELECT * FROM json_to_recordset($1::json) AS t(id bigint, status text, attempts integer,
           http integer, error text, excerpt text, retry_ms double precision, result jsonb)),
       outbox AS (
         UPDATE action_outbox o SET status = i.status, attempts = i.attempts,
           last_status = i.http, last_error = i.error, body_excerpt = i.excerpt,
           updated_at = now(), next_attempt_at = now() + make_interval(secs => i.retry_ms / 1000)
         FROM input i WHERE o.id = i.id
         RETURNING o.realization_id, i.status, i.result)
       UPDATE campaign_realizations r SET action_result = outbox.result, updated_at = now()
       FROM outbox WHERE r.id = outbox.realization_id AND outbox.status <> 'pending'`,
      [JSON.stringify(rows)],
    );
  },

  /** Newest first, from before the id a cursor names. */
  async list(pool: Pool, status: string | undefined, limit: number, beforeId?: string) {
    const { rows } = await pool.query<OutboxListRow>(
      `SELECT id::text AS id, client_id AS "client-id", campaign_id AS "campaign-id",
         idempotency_key AS "idempotency-key", url, method, status, attempts,
         to_char(next_attempt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "next-attempt-at",
         last_status AS "last-status", last_error AS "last-error", body_excerpt AS "body-excerpt"
       FROM action_outbox WHERE ($1::text IS NULL OR status = $1) AND ($3::bigint IS NULL OR id < $3)
       ORDER BY id DESC LIMIT $2`,
      [status ?? null, limit, beforeId ?? null],
    );
    return rows;
  },
};
