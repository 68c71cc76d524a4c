import { Type } from '@sinclair/typebox';
import { HttpError, type HttpApp } from '@tributary/http';
import { counter, type Registry } from '@tributary/metrics';
import type { EventPublisher } from '../adapters/event-publisher';
import { takeIn, type IntakeRules } from '@tributary/event-intake';

export interface EventsRouteDeps {
  publisher: EventPublisher;
  rules: IntakeRules;
  maxBatchEvents: number;
  metrics: Registry;
  now: () => Date;
}

const ItemResult = Type.Object({
  index: Type.Integer(),
  event_id: Type.Optional(Type.String()),
  status: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]),
  errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
});
export const IngestResponse = Type.Object({
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  results: Type.Array(ItemResult),
});

/** A single event object, `{ "events": [...] }`, or a bare array of events. */
function itemsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object' && 'events' in body) {
    const { events } = body;
    if (!Array.isArray(events)) throw new HttpError('BAD_REQUEST', '"events" must be an array');
    return events;
  }
  if (body && typeof body === 'object') return [body];
  throw new HttpError(
    'BAD_REQUEST',
    'body must be an event object, an array of events, or {"events": [...]}',
  );
}

export function registerEventsRoute(app: HttpApp, deps: EventsRouteDeps): void {
  const acceptedTotal = counter(
    deps.metrics,
    'ingest_events_accepted_total',
    'Events acknowledged by Kafka',
  );
  const rejectedTotal = counter(
    deps.metrics,
    'ingest_events_rejected_total',
    'Events rejected by validation',
  );

  app.post(
    '/v1/events',
    {
      config: { access: 'producer' },
      schema: { response: { 202: IngestResponse, 400: Type.Unknown() } },
    },
    async (request, reply) => {
      const items = itemsOf(request.body);
      if (items.length === 0) throw new HttpError('BAD_REQUEST', 'no events in the request');
      if (items.length > deps.maxBatchEvents) {
        throw new HttpError(
          'PAYLOAD_TOO_LARGE',
          `a batch holds at most ${deps.maxBatchEvents} events, got ${items.length}`,
        );
      }
      const outcome = takeIn(items, deps.rules, deps.now());
      const rejected = outcome.results.length - outcome.accepted.length;
      rejectedTotal.inc(rejected);
      const body = { accepted: outcome.accepted.length, rejected, results: outcome.results };
      if (outcome.accepted.length === 0) {
        throw new HttpError(
          'VALIDATION_FAILED',
          items.length === 1 ? 'the event is invalid' : 'every event is invalid',
          body,
        );
      }
      try {
        await deps.publisher.publish(outcome.accepted);
      } catch (err) {
        request.log.error({ err }, 'kafka publish failed');
        throw new HttpError('UNAVAILABLE', 'events could not be stored; retry later', undefined, {
          'retry-after': '2',
        });
      }
      acceptedTotal.inc(outcome.accepted.length);
      return reply.status(202).send(body);
    },
  );
}
