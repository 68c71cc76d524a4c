import { poison, type ConsumedRecord } from '@tributary/kafka';
import type { Logger } from '@tributary/logging';
import { counter, type Registry } from '@tributary/metrics';
import type { Pool } from '@tributary/postgres';
import type { CustomerEvent } from '@tributary/schemas';
import { storeEventBatch } from '../adapters/event-batch-store';
import { markPublished, type PublishJourneys } from '../adapters/journey-outbox';
import { isDataError } from '../adapters/pg-errors';
import type { PartitionKeeper } from '../adapters/raw-event-partitions';
import { toRawEventRow } from '../domain/raw-event-row';
import type { StitchingPolicy } from '../domain/stitching-policy';

export interface EventsHandlerDeps {
  pool: Pool;
  partitions: PartitionKeeper;
  publish: PublishJourneys;
  policy: StitchingPolicy;
  logger: Logger;
  metrics: Registry;
  now: () => Date;
}

/**
 * One partition batch: store and stitch in one transaction, then publish the journeys it wrote.
 * The runner commits the offsets after this resolves, so a crash anywhere replays the batch,
 * and the replay stores nothing twice (the outbox relay covers a publication lost after COMMIT).
 */
export function createEventsHandler(deps: EventsHandlerDeps) {
  const stored = counter(
    deps.metrics,
    'journey_raw_events_stored_total',
    'Events new to the warehouse',
  );
  const duplicates = counter(
    deps.metrics,
    'journey_raw_events_duplicate_total',
    'Redelivered events skipped',
  );
  const published = counter(
    deps.metrics,
    'journey_journeys_published_total',
    'Journey versions published',
  );

  return async function handle(records: ConsumedRecord<CustomerEvent>[]): Promise<void> {
    const unique = new Map(records.map((r) => [r.value.event_id, r.value]));
    const rows = [...unique.values()].map(toRawEventRow);
    await deps.partitions.ensureFor(rows.map((r) => r.occurredAt));
    let batch;
    try {
      batch = await storeEventBatch(deps.pool, rows, deps.policy, deps.now);
    } catch (err) {
      // The runner retries a refused batch one record at a time, dead-lettering only the culprit.
      if (isDataError(err))
        throw poison(
          'MESSAGE_REJECTED',
          `warehouse refused the event: ${(err as Error).message}`,
          err,
        );
      throw err;
    }
    stored.inc(batch.inserted);
    duplicates.inc(records.length - batch.inserted);
    if (batch.journeys.length === 0) return;
    await deps.publish(batch.journeys);
    published.inc(batch.journeys.length);
    await markPublished(deps.pool, batch.journeys);
    const first = records[0];
    deps.logger.debug(
      {
        topic: first?.topic,
        partition: first?.partition,
        events: batch.inserted,
        journeys: batch.journeys.length,
      },
      'batch stitched',
    );
  };
}
