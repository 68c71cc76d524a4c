import { classify, type Classification } from '@tributary/errors';
import type { IHeaders } from 'kafkajs';
import { dlqTopic } from './topics';

/** What the dead-letter topic gets for a row the broker refuses: a reference, not the payload. */
export interface DeadLetterReference {
  key: string;
  /** Small JSON that names the row where its payload stays (an outbox, a warehouse table). */
  value: string;
  headers?: IHeaders;
}

export interface PublishOrReference<Row> {
  topic: string;
  /** Where the refused records come from, for the `x-dlq-origin` header. */
  origin: string;
  send: (rows: readonly Row[]) => Promise<unknown>;
  sendDeadLetter: (topic: string, messages: DeadLetterReference[]) => Promise<unknown>;
  reference: (row: Row) => DeadLetterReference;
  onRefused?: (row: Row, verdict: Classification) => void;
}

/**
 * Publishes rows kept durably elsewhere (an outbox, the warehouse). A broker that is down fails
 * the whole publication, for the caller to retry. A row the broker refuses for good (larger than
 * max.message.bytes, invalid) must not hold every row behind it for ever: the rows are then sent
 * one at a time and a refused one goes to `<topic>.dlq` as a reference to where it stays. Rows of
 * a failed request may be sent twice: readers dedupe.
 */
export async function publishOrReference<Row>(
  rows: readonly Row[],
  options: PublishOrReference<Row>,
): Promise<void> {
  if (rows.length === 0) return;
  try {
    await options.send(rows);
    return;
  } catch (error) {
    if (classify(error).kind === 'dependency') throw error;
  }
  for (const row of rows) {
    try {
      await options.send([row]);
    } catch (error) {
      const verdict = classify(error);
      if (verdict.kind === 'dependency') throw error;
      const reference = options.reference(row);
      await options.sendDeadLetter(dlqTopic(options.topic), [
        {
          ...reference,
          headers: {
            'x-dlq-code': verdict.code,
            'x-dlq-reason': verdict.reason.slice(0, 1000),
            'x-dlq-origin': options.origin,
            'x-original-topic': options.topic,
            ...reference.headers,
          },
        },
      ]);
      options.onRefused?.(row, verdict);
    }
  }
}
