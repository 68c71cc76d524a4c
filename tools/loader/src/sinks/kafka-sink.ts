import { DEFAULT_CHANNEL_RULES } from '@tributary/channel-grouping';
import { takeIn } from '@tributary/event-intake';
import {
  createKafka,
  createProducer,
  type JsonProducer,
  type KafkaSecurity,
} from '@tributary/kafka';
import type { Logger } from '@tributary/logging';
import { customerKey } from '@tributary/schemas';
import type { EventSink } from './sink';

/**
 * Produces straight to the events topic, applying the same validation and stamps as the gateway
 * (for bulk replays and benchmarks that should not measure HTTP).
 */
export async function kafkaSink(
  brokers: string[],
  topic: string,
  logger: Logger,
  security?: KafkaSecurity,
): Promise<EventSink> {
  const kafka = createKafka({ brokers, clientId: 'tributary-loader', logger, security });
  const producer: JsonProducer = await createProducer(kafka);
  const rules = { channelRules: DEFAULT_CHANNEL_RULES, ownHosts: [], maxFutureSkewMs: 300_000 };
  return {
    async send(events) {
      const outcome = takeIn(events, rules, new Date());
      if (outcome.accepted.length) {
        await producer.sendJson(
          topic,
          outcome.accepted.map((event) => ({
            key: customerKey(event),
            value: event,
            headers: { 'event-type': event.type },
          })),
        );
      }
      return {
        accepted: outcome.accepted.length,
        rejected: outcome.results.flatMap((r) =>
          r.status === 'rejected'
            ? [
                {
                  index: r.index,
                  reason: r.errors.map((e) => `${e.path}: ${e.message}`).join('; '),
                },
              ]
            : [],
        ),
      };
    },
    close: () => producer.disconnect(),
  };
}
