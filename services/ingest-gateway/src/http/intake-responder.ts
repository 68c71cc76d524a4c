import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IntakeOutcome, IntakeRules, RejectionCode } from '@tributary/event-intake';
import { HttpError } from '@tributary/http';
import type { BadEventPublisher } from '@tributary/kafka';
import { parseTraceparent, TRACEPARENT } from '@tributary/logging';
import { counter, type Registry } from '@tributary/metrics';
import type { EventPublisher } from '../adapters/event-publisher';
import { badEventsOf, type RejectedItems } from '../domain/rejected-items';

export interface IntakeDeps {
  publisher: EventPublisher;
  badEvents: BadEventPublisher;
  rules: IntakeRules;
  maxBatchEvents: number;
  metrics: Registry;
  now: () => Date;
}

export interface Taken {
  route: string;
  items: readonly unknown[];
  outcome: IntakeOutcome;
  codes?: ReadonlyMap<number, RejectionCode>;
  replayOf: RejectedItems['replayOf'];
  now: Date;
}

export type Respond = (request: FastifyRequest, reply: FastifyReply, taken: Taken) => Promise<void>;

/** Refuses an empty or oversized batch before anything is validated (the same limits everywhere). */
export function checkBatchSize(count: number, max: number): void {
  if (count === 0) throw new HttpError('BAD_REQUEST', 'no events in the request');
  if (count > max) {
    throw new HttpError('PAYLOAD_TOO_LARGE', `a batch holds at most ${max} events, got ${count}`);
  }
}

/**
 * The one ending of every intake route. Accepted events are answered 202 only once Kafka
 * acknowledged them. Rejected items are written to the bad-events topic at the same time and
 * awaited before answering, so a client (or a test) that got its answer finds them there; but a
 * failure to keep them is logged and counted, never turned into an error: the client already has
 * each item's reasons and its own payload, and the accepted events' 202 must not depend on it.
 */
export function createIntakeResponder(deps: IntakeDeps): Respond {
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
  const unkeptTotal = counter(
    deps.metrics,
    'ingest_bad_events_unkept_total',
    'Rejected items that could not be written to the bad-events topic',
  );

  async function keep(request: FastifyRequest, taken: Taken, rejected: number): Promise<void> {
    if (rejected === 0) return;
    try {
      await deps.badEvents.publish(badEventsOf({ ...taken, results: taken.outcome.results }));
    } catch (err) {
      unkeptTotal.inc(rejected);
      request.log.warn({ err, rejected }, 'rejected items not kept as bad events');
    }
  }

  return async (request, reply, taken) => {
    const { outcome } = taken;
    const rejected = outcome.results.length - outcome.accepted.length;
    rejectedTotal.inc(rejected);
    const body = { accepted: outcome.accepted.length, rejected, results: outcome.results };
    const kept = keep(request, taken, rejected);
    if (outcome.accepted.length === 0) {
      await kept;
      throw new HttpError(
        'VALIDATION_FAILED',
        taken.items.length === 1 ? 'the event is invalid' : 'every event is invalid',
        body,
      );
    }
    try {
      await deps.publisher.publish(outcome.accepted, callerTrace(request));
    } catch (err) {
      await kept;
      request.log.error({ err }, 'kafka publish failed');
      throw new HttpError('UNAVAILABLE', 'events could not be stored; retry later', undefined, {
        'retry-after': '2',
      });
    }
    await kept;
    acceptedTotal.inc(outcome.accepted.length);
    return reply.status(202).send(body);
  };
}

/** The caller's W3C traceparent, passed on to Kafka only when valid (parsed only when sent). */
function callerTrace(request: FastifyRequest): string | undefined {
  const header = request.headers[TRACEPARENT];
  return typeof header === 'string' && parseTraceparent(header) ? header : undefined;
}
