import { publishOrReference, traceHeaders, traceIdOf, type JsonProducer } from '@tributary/kafka';
import type { Logger } from '@tributary/logging';
import { withTransaction, type Pool } from '@tributary/postgres';

export interface OutboxRelay {
  /** Publishes soon (coalesced): called after a commit that wrote outbox rows. */
  kick(): void;
  /** Publishes everything pending now; answers how many were sent. */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

export interface OutboxRelaySettings {
  pool: Pool;
  producer: JsonProducer;
  topic: string;
  logger: Logger;
  intervalMs: number;
  batchSize?: number;
}

/**
 * Publishes goals.achieved rows of the outbox (at least once: a crash between the send and the
 * mark re-sends; campaign-core dedupes on realization-id) and marks them sent. SKIP LOCKED lets
 * several replicas relay without sending the same row at the same time.
 */
export function startOutboxRelay(settings: OutboxRelaySettings): OutboxRelay {
  const log = settings.logger.child({ component: 'outbox-relay' });
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;

  async function publishOnce(): Promise<number> {
    return withTransaction(settings.pool, async (tx) => {
      const { rows } = await tx.query<Row>(
        `SELECT outbox_id, message_key, payload, traceparent FROM goal_outbox WHERE sent_at IS NULL
          ORDER BY outbox_id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [settings.batchSize ?? 500],
      );
      if (rows.length === 0) return 0;
      await publish(rows);
      await tx.query('UPDATE goal_outbox SET sent_at = now() WHERE outbox_id = ANY($1::bigint[])', [
        rows.map((r) => r.outbox_id),
      ]);
      if (log.isLevelEnabled('debug')) {
        for (const row of rows) {
          const trace_id = traceIdOf({ traceparent: row.traceparent ?? undefined });
          log.debug(
            { outbox_id: row.outbox_id, ...(trace_id ? { trace_id } : {}) },
            'goals.achieved published',
          );
        }
      }
      return rows.length;
    });
  }

  type Row = {
    outbox_id: string;
    message_key: string;
    payload: unknown;
    traceparent: string | null;
  };
  // The record's trace goes on in the header, for campaign-core and the action call.
  const send = (rows: readonly Row[]) =>
    settings.producer.sendJson(
      settings.topic,
      rows.map((r) => ({
        key: r.message_key,
        value: r.payload,
        headers: traceHeaders(r.traceparent),
      })),
    );

  /**
   * A row the broker refuses for good goes to `<topic>.dlq` as a reference, its payload staying
   * in goal_outbox (replay: set its sent_at back to NULL after the fix); campaign-core dedupes
   * on realization-id.
   */
  const publish = (rows: Row[]): Promise<void> =>
    publishOrReference(rows, {
      topic: settings.topic,
      origin: 'goals.achieved outbox relay',
      send,
      sendDeadLetter: (topic, messages) => settings.producer.send(topic, messages),
      reference: (row) => ({
        key: row.message_key,
        value: JSON.stringify({
          'outbox-id': row.outbox_id,
          'realization-id': (row.payload as { 'realization-id'?: unknown })['realization-id'],
        }),
        headers: { 'x-outbox-id': row.outbox_id },
      }),
      onRefused: (row, verdict) =>
        log.error(
          { outbox_id: row.outbox_id, code: verdict.code, reason: verdict.reason },
          'goals.achieved row refused by the broker; dead-lettered, payload kept in goal_outbox',
        ),
    });

  async function drain(): Promise<number> {
    let total = 0;
    do {
      again = false;
      for (let sent = await publishOnce(); sent > 0; sent = await publishOnce()) total += sent;
    } while (again && !stopped);
    return total;
  }

  function flush(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = drain().finally(() => {
      running = undefined;
    });
    return running;
  }

  const kick = () => {
    if (stopped) return;
    flush().catch((err: unknown) => log.warn({ err }, 'goals.achieved relay failed; will retry'));
  };
  const timer = setInterval(kick, settings.intervalMs);
  timer.unref();
  return {
    kick,
    flush,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => 0);
    },
  };
}
