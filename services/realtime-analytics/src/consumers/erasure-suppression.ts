import { counter, type Registry } from '@tributary/metrics';
import { createIdHasher, suppressingWriter } from '@tributary/privacy';
import type { RealtimeWriter } from '@tributary/realtime-store';
import type { Redis } from '@tributary/redis';

/** The writer, dropping erased customers' old views when the erasure secret is set (docs/privacy.md). */
export function withErasureSuppression(
  writer: RealtimeWriter,
  redis: Redis,
  config: { ERASURE_HMAC_SECRET?: string },
  metrics: Registry,
): RealtimeWriter {
  if (config.ERASURE_HMAC_SECRET === undefined) return writer;
  const dropped = counter(
    metrics,
    'realtime_views_suppressed_total',
    'Views of erased customers dropped (redelivered or rebuilt from Kafka)',
  );
  return suppressingWriter(
    writer,
    redis,
    createIdHasher(config.ERASURE_HMAC_SECRET, 100_000),
    (n) => dropped.inc(n),
  );
}
