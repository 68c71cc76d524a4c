import { Type } from '@sinclair/typebox';
import { takeIn } from '@tributary/event-intake';
import { HttpError, type HttpApp } from '@tributary/http';
import { checkBatchSize, type IntakeDeps, type Respond } from './intake-responder';

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

export function registerEventsRoute(app: HttpApp, deps: IntakeDeps, respond: Respond): void {
  app.post(
    '/v1/events',
    {
      config: { access: 'producer' },
      schema: { response: { 202: IngestResponse, 400: Type.Unknown() } },
    },
    async (request, reply) => {
      const items = itemsOf(request.body);
      checkBatchSize(items.length, deps.maxBatchEvents);
      const now = deps.now();
      const outcome = takeIn(items, deps.rules, now);
      // A native item goes back as it came.
      const replayOf = (item: unknown) => ({ route: '/v1/events', body: item });
      await respond(request, reply, { route: '/v1/events', items, outcome, replayOf, now });
    },
  );
}
