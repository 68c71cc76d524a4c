import type { IncomingMessage } from 'node:http';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { parseTraceparent } from '@tributary/logging';

type Bindings = Parameters<FastifyBaseLogger['child']>[0];

/**
 * A request's log bindings, with the caller's trace when it sent a W3C `traceparent`: every line
 * of the request's work then names the trace (the header is parsed only when present).
 */
export function requestBindings(bindings: Bindings, raw: IncomingMessage): Bindings {
  const header = raw.headers.traceparent;
  if (header === undefined) return bindings;
  const trace = parseTraceparent(header);
  return trace ? { ...bindings, trace_id: trace.traceId } : bindings;
}

/**
 * The access log: one info line per request (method, route, status, duration; the request id
 * and trace id are the request logger's bindings). Answers of 400 and above are always logged;
 * the rest are sampled at `sampleRate` (0..1), for routes whose throughput makes a line per
 * request too dear. Probes and scrapes that succeed (`/healthz`, `/readyz`, `/metrics`, every
 * few seconds from the platform) are not logged.
 */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export function accessLog(
  sampleRate = 1,
): (request: FastifyRequest, reply: FastifyReply, route: string) => void {
  const rate = Math.min(1, Math.max(0, sampleRate));
  return (request, reply, route) => {
    const status = reply.statusCode;
    if (status < 400 && (PROBES.has(route) || (rate < 1 && Math.random() >= rate))) return;
    request.log.info(
      {
        method: request.method,
        route,
        status,
        duration_ms: Math.round(reply.elapsedTime * 1000) / 1000,
        ...(rate < 1 && status < 400 ? { sampled: rate } : {}),
      },
      'request done',
    );
  };
}
