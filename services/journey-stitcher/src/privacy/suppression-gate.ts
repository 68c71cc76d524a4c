import type { ConsumedRecord } from '@tributary/kafka';
import type { Logger } from '@tributary/logging';
import { counter, type Registry } from '@tributary/metrics';
import type { Pool } from '@tributary/postgres';
import { isSuppressed, withSuppressionGate, type IdHasher } from '@tributary/privacy';
import type { CustomerEvent } from '@tributary/schemas';

type Handle = (records: ConsumedRecord<CustomerEvent>[]) => Promise<void>;

export interface SuppressionGateDeps {
  pool: Pool;
  hash: IdHasher;
  now: () => Date;
  logger: Logger;
  metrics: Registry;
}

/**
 * Drops the events of erased customers before the batch is stored (a redelivery from Kafka
 * must not bring them back), holding the suppression lock until the batch is committed.
 */
export function gateSuppressed(handle: Handle, deps: SuppressionGateDeps): Handle {
  const dropped = counter(
    deps.metrics,
    'journey_raw_events_suppressed_total',
    'Events of erased customers dropped before storing (docs/privacy.md)',
  );
  return (records) => {
    const ids = new Set<string>();
    for (const { value } of records) {
      if (value.user_id) ids.add(value.user_id);
      if (value.anonymous_id) ids.add(value.anonymous_id);
    }
    return withSuppressionGate(deps.pool, deps.hash, ids, deps.now(), async (erased) => {
      if (erased.size === 0) return handle(records);
      const kept = records.filter((r) => !isSuppressed(r.value, erased));
      dropped.inc(records.length - kept.length);
      // Counts only: the ids are what the erasure removed.
      deps.logger.info(
        {
          topic: records[0]?.topic,
          partition: records[0]?.partition,
          suppressed: records.length - kept.length,
        },
        'events of erased customers dropped',
      );
      if (kept.length > 0) await handle(kept);
    });
  };
}
