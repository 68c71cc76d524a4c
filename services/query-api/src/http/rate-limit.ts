import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import { HttpError, type HttpApp } from '@tributary/http';

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;
/** The store call @fastify/rate-limit makes: the window and the limit travel with each count. */
type Incr = (key: string, callback: IncrCallback, timeWindow: number, max: number) => void;

export interface RateLimitSettings {
  /** Requests a caller may make per window. */
  max: number;
  timeWindowMs: number;
  /** Any @fastify/rate-limit store (the local-first Redis one in production). */
  store: FastifyRateLimitStore;
  /** The caller a request is counted against. */
  key: (request: FastifyRequest) => string;
  /** A failing store admits the request rather than failing it. */
  skipOnError: boolean;
}

/**
 * Counts every request of `scope` against its caller's window and refuses it with 429 and
 * Retry-After once the window is spent; every answer carries x-ratelimit-limit, -remaining and
 * -reset. The headers, the 429 and the store protocol are @fastify/rate-limit's, without its
 * three promises per request: the local-first store answers most counts synchronously, and a
 * callback hook then goes on in the same tick.
 */
export function registerRateLimit(scope: HttpApp, settings: RateLimitSettings): void {
  const { max, timeWindowMs, store, key, skipOnError } = settings;
  const limit = String(max);
  const incr = (store.incr as Incr).bind(store);
  const hook: onRequestHookHandler = (request, reply, done) => {
    incr(
      key(request),
      (error, result) => {
        if (error && !skipOnError) {
          done(error);
          return;
        }
        // As @fastify/rate-limit: a skipped store error reads as an untouched window.
        const current = error ? 0 : (result?.current ?? 0);
        const ttlMs = error ? 0 : (result?.ttl ?? 0);
        const resetSeconds = Math.ceil(ttlMs / 1000);
        const reset = String(resetSeconds);
        void reply.header('x-ratelimit-limit', limit);
        if (current <= max) {
          void reply
            .header('x-ratelimit-remaining', String(max - current))
            .header('x-ratelimit-reset', reset);
          done();
          return;
        }
        void reply.header('x-ratelimit-remaining', '0').header('x-ratelimit-reset', reset);
        done(
          new HttpError(
            'RATE_LIMITED',
            `rate limit of ${max} requests per minute exceeded; retry in ${duration(resetSeconds)}`,
            undefined,
            { 'retry-after': reset },
          ),
        );
      },
      timeWindowMs,
      max,
    );
  };
  // After each route's own access hook (which the shared app puts first on the route), so the
  // window is the authenticated caller's, not its address's.
  scope.addHook('onRoute', (route) => {
    const own = route.onRequest;
    route.onRequest = own === undefined ? [hook] : [...(Array.isArray(own) ? own : [own]), hook];
  });
}

/** "45 seconds", "1 minute": the wording @fastify/rate-limit's messages use. */
function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.round(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}
