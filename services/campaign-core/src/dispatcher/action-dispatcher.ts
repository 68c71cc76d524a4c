import { SpanKind, startWorkSpan, type Logger } from '@tributary/logging';
import { templateValueProblem, type OutboundClient } from '@tributary/outbound';
import type { Pool } from '@tributary/postgres';
import type { LookupFunction } from 'node:net';
import { actionOutbox, type AttemptRecord, type OutboxItem } from '../adapters/action-outbox';
import { nextRetry, type RetryPolicy } from '../domain/retry-policy';
import type { ActionCallOutcome } from '../metrics';
import { boundedMap } from './bounded-map';
import { sendAction } from './send-action';

export interface DispatcherOptions {
  pool: Pool;
  logger: Logger;
  /** ACTION_ALLOWED_HOSTS and the connect-time address check. */
  outbound: OutboundClient;
  timeoutMs: number;
  policy: RetryPolicy;
  pollMs: number;
  batchSize: number;
  /** Calls in flight at once within a claimed round. */
  concurrency: number;
  leaseMs: number;
  random?: () => number;
  /** Told each attempt's outcome and duration (metrics). */
  onCall?: (outcome: ActionCallOutcome, seconds: number) => void;
}

export interface ActionDispatcher {
  start(): void;
  /** Finishes the calls in flight, records them, and stops polling. Idempotent. */
  stop(): Promise<void>;
  /** Claims and sends one batch now; the number of rows handled (tests, benchmarks). */
  runOnce(): Promise<number>;
}

/** Polls the outbox and calls the action URLs; several replicas share the rows (SKIP LOCKED). */
export function createActionDispatcher(options: DispatcherOptions): ActionDispatcher {
  const log = options.logger.child({ component: 'action-dispatcher' });
  const random = options.random ?? Math.random;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function attempt(item: OutboxItem): Promise<AttemptRecord> {
    // The call's own span in the trace the outbox row kept (a row without one starts a trace).
    const span = startWorkSpan(
      'action call',
      item.traceparent,
      {
        'http.request.method': item.method,
        'tributary.campaign_id': item.campaignId,
      },
      SpanKind.CLIENT,
    );
    try {
      return await attemptTraced(item, span);
    } finally {
      span.end();
    }
  }

  async function attemptTraced(
    item: OutboxItem,
    span: ReturnType<typeof startWorkSpan>,
  ): Promise<AttemptRecord> {
    const refusal = refusalOf(item);
    if (typeof refusal === 'string') {
      log.warn(
        {
          ...span.bindings,
          client_id: item.clientId,
          campaign_id: item.campaignId,
          outbox_id: item.id,
          refusal,
        },
        'action call refused',
      );
      options.onCall?.('refused', 0);
      return {
        status: 'failed',
        attempts: item.attempts,
        httpStatus: undefined,
        error: refusal,
        bodyExcerpt: undefined,
        retryInMs: 0,
      };
    }
    const attempts = item.attempts + 1;
    const started = performance.now();
    const sent = await sendAction(item, options.timeoutMs, refusal.lookup, span.traceparent);
    const seconds = (performance.now() - started) / 1000;
    const decision = nextRetry(attempts, sent.outcome, options.policy, random());
    const httpStatus = sent.outcome.kind === 'response' ? sent.outcome.status : undefined;
    const base = { attempts, httpStatus, error: sent.error, bodyExcerpt: sent.bodyExcerpt };
    const ids = {
      ...span.bindings,
      client_id: item.clientId,
      campaign_id: item.campaignId,
      outbox_id: item.id,
      attempts,
      http_status: httpStatus,
    };
    options.onCall?.(
      decision.kind === 'succeeded' ? 'sent' : decision.kind === 'retry' ? 'retry' : 'failed',
      seconds,
    );
    if (decision.kind === 'succeeded') {
      log.info(ids, 'action delivered');
      return { ...base, status: 'sent', retryInMs: 0 };
    }
    if (decision.kind === 'retry') {
      log.warn(
        { ...ids, error: sent.error, retry_in_ms: decision.delayMs },
        'action attempt failed, will retry',
      );
      return { ...base, status: 'pending', retryInMs: decision.delayMs };
    }
    log.error({ ...ids, error: sent.error, reason: decision.reason }, 'action failed for good');
    return { ...base, status: 'failed', retryInMs: 0 };
  }

  /**
   * The reason an item is never called, or the guarded lookup to call it with. The client id is
   * checked here, where the outbox row still carries it apart from the rendered URL: `..` or `/`
   * in it would have changed the URL's path when the template was filled (issue 15).
   */
  function refusalOf(item: OutboxItem): string | { lookup: LookupFunction } {
    const unsafe = templateValueProblem('client-id', item.clientId);
    if (unsafe !== undefined) return `unsafe-client-id: ${unsafe}`;
    const checked = options.outbound.check(item.url);
    if (!checked.ok) return `${checked.code.toLowerCase().replaceAll('_', '-')}: ${checked.reason}`;
    return { lookup: options.outbound.lookupFor(checked.entry) };
  }

  // A round's calls must end before its lease does, or another replica could call again.
  const worstRoundMs =
    Math.ceil(options.batchSize / Math.max(1, options.concurrency)) * options.timeoutMs;
  if (worstRoundMs >= options.leaseMs) {
    log.warn(
      { worst_round_ms: worstRoundMs, lease_ms: options.leaseMs },
      'action lease shorter than a round of timed-out calls; raise ACTION_LEASE_MS',
    );
  }

  /**
   * One round: claim up to batchSize due rows (one statement), call them with bounded
   * concurrency, record every result with one statement. A crash before the record leaves the
   * lease to run out, and the next attempt carries the same key and body.
   */
  async function runOnce(): Promise<number> {
    const items = await actionOutbox.claim(options.pool, options.batchSize, options.leaseMs);
    if (items.length === 0) return 0;
    const attempts = await boundedMap(items, options.concurrency, attempt);
    await actionOutbox.recordMany(
      options.pool,
      items.map((item, i) => ({ item, attempt: attempts[i] as AttemptRecord })),
    );
    return items.length;
  }

  async function run(): Promise<void> {
    while (running) {
      let handled = 0;
      try {
        handled = await runOnce();
      } catch (err) {
        log.error({ err }, 'outbox poll failed');
      }
      if (handled === 0 && running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  return {
    runOnce,
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = undefined;
    },
  };
}
