import type { CustomerEventInput } from '@tributary/schemas';
import { eventTimeFor, type EventTimes } from './event-times';
import { isHepsiburadaRecord, mapHepsiburadaRecord, type CategoryMap } from './formats/hepsiburada';
import type { RawRecord } from './formats/read-records';
import { createRateLimiter } from './rate-limiter';
import type { EventSink } from './sinks/sink';

export interface LoadOptions {
  batchSize: number;
  ratePerSecond: number;
  times: EventTimes;
  categories: CategoryMap;
  onProgress?: (done: number) => void;
  now?: () => Date;
}

export interface LoadSummary {
  read: number;
  accepted: number;
  rejected: number;
  /** Rejection reasons with their counts, most frequent first. */
  reasons: { reason: string; count: number }[];
}

/** Maps a record of any supported shape onto the event contract and sets its event time. */
export function toEvent(
  value: unknown,
  categories: CategoryMap,
  occurredAt: Date | undefined,
): unknown {
  if (isHepsiburadaRecord(value))
    return mapHepsiburadaRecord(value, categories, occurredAt ?? new Date());
  if (occurredAt && value && typeof value === 'object') {
    return { ...(value as CustomerEventInput), occurred_at: occurredAt.toISOString() };
  }
  return value;
}

/** Replays records into a sink in batches, paced, and summarises what was accepted and why not. */
export async function runLoad(
  records: AsyncIterable<RawRecord>,
  sink: EventSink,
  options: LoadOptions,
): Promise<LoadSummary> {
  const now = options.now ?? (() => new Date());
  const limiter = createRateLimiter(options.ratePerSecond);
  const reasons = new Map<string, number>();
  const summary = { read: 0, accepted: 0, rejected: 0 };
  let batch: unknown[] = [];
  const reject = (reason: string) => {
    summary.rejected += 1;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  };
  const flush = async () => {
    if (batch.length === 0) return;
    await limiter.take(batch.length);
    const result = await sink.send(batch);
    summary.accepted += result.accepted;
    result.rejected.forEach((r) => reject(r.reason));
    batch = [];
    options.onProgress?.(summary.read);
  };
  for await (const record of records) {
    const index = summary.read;
    summary.read += 1;
    if ('error' in record) {
      reject(`line ${record.line}: ${record.error}`.replace(/^line \d+: /, ''));
      continue;
    }
    batch.push(
      toEvent(record.value, options.categories, eventTimeFor(options.times, index, now())),
    );
    if (batch.length >= options.batchSize) await flush();
  }
  await flush();
  return {
    ...summary,
    reasons: [...reasons.entries()]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count),
  };
}
