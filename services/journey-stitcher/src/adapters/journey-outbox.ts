import { publishOrReference, type JsonProducer } from '@tributary/kafka';
import type { Logger } from '@tributary/logging';
import { withTransaction, type Pool, type PoolClient } from '@tributary/postgres';
import { journeyColumns, toJourneyMessage, type JourneyRow } from './journey-rows';

/*
 * Journeys are published after COMMIT, so a crash in between would lose the publication: the
 * redelivered batch finds its events stored and re-stitches nothing. Each written journey
 * version is therefore marked, in the writing transaction, in processed_messages (the shared
 * table of per-consumer marks, used here as an outbox of journey ids). The writer clears its
 * marks once Kafka acknowledged; the relay publishes whatever is left.
 */
const OUTBOX = 'journey-stitcher:journeys-outbox';

/** Ids never contain whitespace (event contract), so a space separates id and version. */
const markOf = (row: Pick<JourneyRow, 'journey_id' | 'version'>) =>
  `${row.journey_id} v${row.version}`;

/** Wraps a journey statement (RETURNING journey rows) so it also marks what it wrote, in SQL. */
export function markingWritten(journeyStatement: string, outboxParam: number): string {
  return `WITH written AS (${journeyStatement}),
marked AS (
  INSERT INTO processed_messages (consumer, message_key)
  SELECT $${outboxParam}, journey_id || ' v' || version FROM written ON CONFLICT DO NOTHING
)
SELECT count(*)::int AS written FROM written`;
}

export const OUTBOX_CONSUMER = OUTBOX;

export async function markUnpublished(
  client: PoolClient,
  rows: readonly JourneyRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO processed_messages (consumer, message_key)
     SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
    [OUTBOX, rows.map(markOf)],
  );
}

export async function markPublished(pool: Pool, rows: readonly JourneyRow[]): Promise<void> {
  if (rows.length === 0) return;
  await pool.query(
    'DELETE FROM processed_messages WHERE consumer = $1 AND message_key = ANY($2::text[])',
    [OUTBOX, rows.map(markOf)],
  );
}

export type PublishJourneys = (rows: readonly JourneyRow[]) => Promise<void>;

/**
 * Publishes journeys. A broker that is down fails the publication (the caller retries, the
 * marks stay for the relay). A journey the broker refuses for good (larger than the topic's
 * max.message.bytes, invalid) must not hold every journey behind it, for ever, in the relay:
 * the rows are then sent one at a time and a refused one goes to `<topic>.dlq` as a reference
 * (journey id and version; the journey stays in customer_journeys, republished by `rebuild`
 * after the fix). Rows of a failed request may be sent twice; readers keep the latest version.
 */
export function journeyPublisher(
  producer: JsonProducer,
  topic: string,
  logger?: Logger,
): PublishJourneys {
  const send = (rows: readonly JourneyRow[]) =>
    producer.sendJson(
      topic,
      rows.map((row) => ({ key: row.customer_id, value: toJourneyMessage(row) })),
    );
  return (rows) =>
    publishOrReference(rows, {
      topic,
      origin: 'journeys publisher',
      send,
      sendDeadLetter: (dlq, messages) => producer.send(dlq, messages),
      // The journey stays in customer_journeys, republished by `rebuild` after the fix.
      reference: (row) => ({
        key: row.customer_id,
        value: JSON.stringify({ journey_id: row.journey_id, version: row.version }),
      }),
      onRefused: (row, verdict) =>
        logger?.error(
          { journey_id: row.journey_id, version: row.version, code: verdict.code },
          'journey refused by the broker; dead-lettered, kept in customer_journeys',
        ),
    });
}

const PENDING_SQL = `
WITH pending AS (
  SELECT message_key FROM processed_messages
  WHERE consumer = $1 AND processed_at <= now() - $2::bigint * interval '1 millisecond'
  ORDER BY processed_at LIMIT $3
  FOR UPDATE SKIP LOCKED
)
SELECT p.message_key, ${journeyColumns('j')}
FROM pending p LEFT JOIN customer_journeys j ON j.journey_id = split_part(p.message_key, ' ', 1)`;

/**
 * Publishes the current version of every journey still marked unpublished (older than
 * minAgeMs, so in-flight batches publish their own) and clears the marks. Replicas skip each
 * other's rows. Returns how many journeys it published.
 */
export async function relayUnpublished(
  pool: Pool,
  publish: PublishJourneys,
  options: { minAgeMs: number; limit?: number },
): Promise<number> {
  const limit = options.limit ?? 1_000;
  let total = 0;
  for (;;) {
    const count = await withTransaction(pool, async (client) => {
      const result = await client.query<
        JourneyRow & { message_key: string; journey_id: string | null }
      >(PENDING_SQL, [OUTBOX, options.minAgeMs, limit]);
      const latest = new Map<string, JourneyRow>();
      for (const row of result.rows) if (row.journey_id !== null) latest.set(row.journey_id, row);
      await publish([...latest.values()]);
      await client.query(
        'DELETE FROM processed_messages WHERE consumer = $1 AND message_key = ANY($2::text[])',
        [OUTBOX, result.rows.map((r) => r.message_key)],
      );
      total += latest.size;
      return result.rows.length;
    });
    if (count < limit) return total;
  }
}
