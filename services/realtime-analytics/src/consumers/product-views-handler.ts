import type { ConsumedRecord } from '@tributary/kafka';
import type { Logger } from '@tributary/logging';
import { counter, type Registry } from '@tributary/metrics';
import type { ApplyResult, ProductView, RealtimeWriter } from '@tributary/realtime-store';

const OUTCOMES: (keyof ApplyResult)[] = [
  'live',
  'historyOnly',
  'duplicates',
  'late',
  'future',
  'beyondRetention',
];

/** Applies one partition batch of product views; resolves once Redis holds them (then Kafka commits). */
export function createProductViewsHandler(deps: {
  writer: RealtimeWriter;
  metrics: Registry;
  logger: Logger;
  now: () => number;
}): (records: ConsumedRecord<ProductView | null>[]) => Promise<void> {
  const views = counter(deps.metrics, 'realtime_views_total', 'Product views by outcome', [
    'outcome',
  ]);
  return async (records) => {
    const batch = records.flatMap((r) => (r.value ? [r.value] : []));
    if (batch.length === 0) return;
    const result = await deps.writer.applyViews(batch, deps.now());
    for (const outcome of OUTCOMES)
      if (result[outcome] > 0) views.inc({ outcome }, result[outcome]);
    if (result.late + result.future > 0) {
      const first = records[0];
      deps.logger.debug(
        {
          topic: first?.topic,
          partition: first?.partition,
          offset: first?.offset,
          late: result.late,
          future: result.future,
        },
        'product views dropped',
      );
    }
  };
}
