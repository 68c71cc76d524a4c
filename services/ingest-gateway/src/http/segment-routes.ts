import { Type } from '@sinclair/typebox';
import {
  occurredAt,
  SEGMENT_CALLS,
  takeInSegment,
  type SegmentCall,
  type SegmentDefaults,
} from '@tributary/event-intake';
import { HttpError, parseJsonBody, type HttpApp } from '@tributary/http';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import { IngestResponse } from './events-route';
import { checkBatchSize, type IntakeDeps, type Respond } from './intake-responder';

type Bag = Record<string, unknown>;
const isBag = (value: unknown): value is Bag =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const SegmentCallBody = Type.Object(
  {
    type: Type.Optional(Type.String()),
    messageId: Type.String(),
    userId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    anonymousId: Type.Optional(Type.String()),
    previousId: Type.Optional(Type.String()),
    event: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    traits: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    context: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    timestamp: Type.Optional(Type.String()),
    sentAt: Type.Optional(Type.String()),
  },
  { description: 'A call of the Segment HTTP Tracking API; see docs/event-contract.md' },
);
const SegmentBatchBody = Type.Object({
  batch: Type.Array(SegmentCallBody),
  context: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  sentAt: Type.Optional(Type.String()),
});

/**
 * The request that sends one Segment call again: a one-call batch, the batch's context merged
 * in and the time it was corrected to, so a replay days later neither loses the context nor
 * re-applies a clock-skew correction to a stale `sentAt`.
 */
function segmentReplay(item: unknown, defaults: SegmentDefaults, receivedAt: Date) {
  if (!isBag(item)) return { route: '/v1/batch', body: { batch: [item] } };
  const { sentAt: _sentAt, ...call } = item;
  const context = {
    ...(isBag(defaults.context) ? defaults.context : {}),
    ...(isBag(item.context) ? item.context : {}),
  };
  const at = occurredAt(item, defaults.sentAt, receivedAt);
  return {
    route: '/v1/batch',
    body: {
      batch: [
        {
          ...call,
          type: defaults.call ?? item.type,
          ...(Object.keys(context).length > 0 ? { context } : {}),
          ...(typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? { timestamp: at } : {}),
        },
      ],
    },
  };
}

/**
 * Segment's HTTP Tracking API on the gateway: `/v1/batch` and one route per call, the write key
 * as HTTP Basic user (apiKeyProducer). The calls are mapped onto the contract and go through the
 * same validation, idempotency (messageId is the event id), per-item results, limits and bad-events
 * keeping as `/v1/events`.
 */
export function registerSegmentRoutes(app: HttpApp, deps: IntakeDeps, respond: Respond): void {
  // Documented, not validated, bodies (config.docBody): a call is checked item by item, so one
  // odd call is a rejected item in the results, not a 400 for the whole batch.
  // `consumes` is @fastify/swagger's: the OpenAPI document lists both content types.
  const schema = {
    consumes: ['application/json', 'text/plain'],
    response: { 202: IngestResponse, 400: Type.Unknown() },
  };
  // Documented, not validated, bodies (config.docBody): a call is checked item by item, so one
  // odd call is a rejected item in the results, not a 400 for the whole batch.
  const options = (docBody: TSchema): RouteShorthandOptions => ({
    config: { access: 'producer', docBody },
    schema,
  });
  // Scoped to these routes: analytics.js posts JSON as text/plain (a CORS-simple request, no
  // preflight). It goes through the same hardened parser; every other route still answers 415.
  void app.register(async (scope: FastifyInstance) => {
    scope.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, parseJsonBody(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    const take = async (
      route: string,
      items: readonly unknown[],
      defaults: SegmentDefaults,
      request: Parameters<Respond>[0],
      reply: Parameters<Respond>[1],
    ) => {
      checkBatchSize(items.length, deps.maxBatchEvents);
      const now = deps.now();
      const taken = takeInSegment(items, defaults, deps.rules, now);
      await respond(request, reply, {
        route,
        items,
        outcome: taken,
        codes: taken.codes,
        replayOf: (item) => segmentReplay(item, defaults, now),
        now,
      });
    };

    scope.post('/v1/batch', options(SegmentBatchBody), async (request, reply) => {
      const body = request.body;
      if (!isBag(body) || !Array.isArray(body.batch)) {
        throw new HttpError('BAD_REQUEST', 'body must be {"batch": [...]}');
      }
      await take(
        '/v1/batch',
        body.batch,
        { context: body.context, sentAt: body.sentAt },
        request,
        reply,
      );
    });
    for (const call of SEGMENT_CALLS) {
      const route = `/v1/${call}`;
      scope.post(route, options(SegmentCallBody), async (request, reply) => {
        if (!isBag(request.body))
          throw new HttpError('BAD_REQUEST', `body must be one ${call} call`);
        await take(route, [request.body], { call: call satisfies SegmentCall }, request, reply);
      });
    }
  });
}
