import {
  createConsumerRunner,
  type BadEventPublisher,
  jsonCodec,
  type ConsumerRunner,
  type JsonProducer,
  type Kafka,
  recordSpan,
} from '@tributary/kafka';
import type { Registry } from '@tributary/metrics';
import { GoalAchievedMessage } from '@tributary/schemas';
import {
  applyGoalEvents,
  type AppliedEvaluation,
  type EngineDeps,
} from '../evaluation/apply-goal-events';

export interface GoalsAchievedConsumerOptions {
  kafka: Kafka;
  producer: JsonProducer;
  /** Where dead letters are also kept (the bad-events topic). */
  badEvents?: BadEventPublisher;
  topic: string;
  groupId: string;
  concurrency: number;
  maxUnclassifiedRetries?: number;
  stallMs?: number;
  metrics: Registry;
  engine: EngineDeps;
  /** Told each batch's evaluations once they are committed. */
  onApplied?: (applied: readonly AppliedEvaluation[]) => void;
}

/**
 * goals.achieved -> campaign evaluations. A partition batch is applied in one PostgreSQL
 * transaction; the runner commits the offsets after it, so a crash replays the batch and the
 * inbox turns the replay into a no-op. Bad messages go to `<topic>.dlq`; outages are retried.
 */
export function createGoalsAchievedConsumer(options: GoalsAchievedConsumerOptions): ConsumerRunner {
  const codec = jsonCodec(GoalAchievedMessage);
  return createConsumerRunner({
    kafka: options.kafka,
    groupId: options.groupId,
    topics: [options.topic],
    fromBeginning: true,
    decode: (value) => codec.decode(value),
    handle: async (records) => {
      // Each message continues the trace of its header (the payment's record in campaign-goals):
      // the campaign realization's lines and its outbox row carry it to the action call.
      const traces = new Map(records.map((r) => [r.value['realization-id'], recordSpan(r)]));
      try {
        const applied = await applyGoalEvents(
          options.engine,
          records.map((r) => r.value),
          traces,
        );
        options.onApplied?.(applied);
      } finally {
        for (const span of traces.values()) span.end();
      }
    },
    producer: options.producer,
    ...(options.badEvents ? { badEvents: options.badEvents } : {}),
    logger: options.engine.logger,
    metrics: options.metrics,
    partitionsConsumedConcurrently: options.concurrency,
    maxUnclassifiedRetries: options.maxUnclassifiedRetries,
    stallMs: options.stallMs,
    // Bounded batches keep one transaction short, so the member heartbeats within its session.
    // A batch costs a fixed number of statements (set-based), so larger ones are cheaper per
    // event: 512 KiB is about 1,500 goal events, well under a second of work.
    maxBytesPerPartition: 512 * 1024,
  });
}
