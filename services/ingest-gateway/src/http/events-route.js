"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.IngestResponse = void 0;
exports.registerEventsRoute = registerEventsRoute;
const typebox_1 = require("@sinclair/typebox");
const http_1 = require("@tributary/http");
const metrics_1 = require("@tributary/metrics");
const event_intake_1 = require("@tributary/event-intake");
const ItemResult = typebox_1.Type.Object({
    index: typebox_1.Type.Integer(),
    event_id: typebox_1.Type.Optional(typebox_1.Type.String()),
    status: typebox_1.Type.Union([typebox_1.Type.Literal('accepted'), typebox_1.Type.Literal('rejected')]),
    errors: typebox_1.Type.Optional(typebox_1.Type.Array(typebox_1.Type.Object({ path: typebox_1.Type.String(), message: typebox_1.Type.String() }))),
});
exports.IngestResponse = typebox_1.Type.Object({
    accepted: typebox_1.Type.Integer(),
    rejected: typebox_1.Type.Integer(),
    results: typebox_1.Type.Array(ItemResult),
});
/** A single event object, `{ "events": [...] }`, or a bare array of events. */
function itemsOf(body) {
    if (Array.isArray(body))
        return body;
    if (body && typeof body === 'object' && 'events' in body) {
        const events = body.events;
        if (!Array.isArray(events))
            throw new http_1.HttpError('BAD_REQUEST', '"events" must be an array');
        return events;
    }
    if (body && typeof body === 'object')
        return [body];
    throw new http_1.HttpError('BAD_REQUEST', 'body must be an event object, an array of events, or {"events": [...]}');
}
function registerEventsRoute(app, deps) {
    const acceptedTotal = (0, metrics_1.counter)(deps.metrics, 'ingest_events_accepted_total', 'Events acknowledged by Kafka');
    const rejectedTotal = (0, metrics_1.counter)(deps.metrics, 'ingest_events_rejected_total', 'Events rejected by validation');
    app.post('/v1/events', { schema: { response: { 202: exports.IngestResponse, 400: typebox_1.Type.Unknown() } } }, async (request, reply) => {
        const items = itemsOf(request.body);
        if (items.length === 0)
            throw new http_1.HttpError('BAD_REQUEST', 'no events in the request');
        if (items.length > deps.maxBatchEvents) {
            throw new http_1.HttpError('PAYLOAD_TOO_LARGE', `a batch holds at most ${deps.maxBatchEvents} events, got ${items.length}`);
        }
        const outcome = (0, event_intake_1.takeIn)(items, deps.rules, deps.now());
        const rejected = outcome.results.length - outcome.accepted.length;
        rejectedTotal.inc(rejected);
        const body = { accepted: outcome.accepted.length, rejected, results: outcome.results };
        if (outcome.accepted.length === 0) {
            throw new http_1.HttpError('VALIDATION_FAILED', items.length === 1 ? 'the event is invalid' : 'every event is invalid', body);
        }
        try {
            await deps.publisher.publish(outcome.accepted);
        }
        catch (err) {
            request.log.error({ err }, 'kafka publish failed');
            throw new http_1.HttpError('UNAVAILABLE', 'events could not be stored; retry later', undefined, { 'retry-after': '2' });
        }
        acceptedTotal.inc(outcome.accepted.length);
        return reply.status(202).send(body);
    });
}
//# sourceMappingURL=events-route.js.map