import { backoffDelay, type BackoffPolicy } from '@tributary/errors';
import { OutboundRefusal, redirectRefusal, type OutboundClient } from '@tributary/outbound';
import type { HostCircuitBreakers } from '../domain/host-circuit-breakers';

export interface GetSettings {
  /** The allow-list (ADHOC_ or FX_ALLOWED_HOSTS) and the connect-time address check. */
  outbound: OutboundClient;
  timeoutMs: number;
  /** Extra attempts after a transport error or a 5xx. */
  retries: number;
  /** One circuit per host (scheme, host, port): a failing host fails fast for a cooldown. */
  breakers?: HostCircuitBreakers;
  now?: () => number;
  /** Told every call's outcome and duration, retries included (metrics). */
  observe?: (outcome: GetOutcome, seconds: number) => void;
}

/** What the caller grants this call: no attempt or backoff runs past `deadline` (epoch ms). */
export interface GetBudget {
  deadline?: number;
}

export type GetOutcome =
  | { ok: true; status: number; body: string; attempts: number }
  | { ok: false; reason: string; status?: number; attempts: number };

/**
 * GET to an allow-listed host with a timeout and bounded retries (transport errors and 5xx only,
 * with backoff and jitter). Redirects are not followed, so a redirect cannot leave the allow-list:
 * a 3xx is a failure. A refusal (allow-list, address) is never retried. Never throws: every
 * failure is a reason.
 *
 * With breakers, every attempt is admitted by the host's circuit and its outcome recorded
 * (timeouts, transport errors and 5xx are failures; any other answer is a success); an open
 * circuit ends the call at once. With a deadline, each attempt's timeout is cut to the time
 * left and no retry starts after it: retries included, the call ends by the deadline. An attempt
 * cut by the deadline says nothing about the host and is not counted against it.
 */
export async function allowedGet(
  url: string,
  settings: GetSettings,
  budget: GetBudget = {},
): Promise<GetOutcome> {
  if (!settings.observe) return get(url, settings, budget);
  const started = performance.now();
  const outcome = await get(url, settings, budget);
  settings.observe(outcome, (performance.now() - started) / 1000);
  return outcome;
}

/**
 * A call's outcome as a metric label (a small fixed set): ok, client_error (4xx), server_error
 * (5xx, 429 included), redirect, timeout, transport_error, refused (allow-list or address),
 * circuit_open, deadline (the caller's budget ran out).
 */
export function callOutcome(outcome: GetOutcome): string {
  if (outcome.ok)
    return outcome.status === 429 ? 'server_error' : outcome.status >= 400 ? 'client_error' : 'ok';
  const { reason, status } = outcome;
  if (status !== undefined) return status >= 300 && status < 400 ? 'redirect' : 'server_error';
  if (reason.startsWith('circuit ') || reason.includes('not retried: circuit'))
    return 'circuit_open';
  if (reason.startsWith("stopped at the caller's deadline")) return 'deadline';
  if (reason.startsWith('timed out')) return 'timeout';
  if (reason.startsWith('transport error')) return 'transport_error';
  return 'refused';
}

async function get(url: string, settings: GetSettings, budget: GetBudget): Promise<GetOutcome> {
  const checked = settings.outbound.check(url);
  if (!checked.ok) return { ok: false, reason: checked.reason, attempts: 0 };
  const now = settings.now ?? Date.now;
  const host = new URL(url).origin;
  const breakers = settings.breakers;
  let last: GetOutcome = { ok: false, reason: 'not called', attempts: 0 };
  for (let attempt = 1; attempt <= settings.retries + 1; attempt += 1) {
    const left = budget.deadline === undefined ? Infinity : budget.deadline - now();
    if (left <= 0) return pastDeadline(last, attempt - 1);
    const admission = breakers?.admit(host, now()) ?? { allowed: true };
    if (!admission.allowed) {
      const reason = admission.trialInFlight
        ? `circuit half-open for ${host} after ${admission.failures} failures in a row: a trial call is in flight`
        : `circuit open for ${host} after ${admission.failures} failures in a row, until ${new Date(admission.openUntil).toISOString()}`;
      return attempt === 1
        ? { ok: false, reason, attempts: 0 }
        : { ...last, reason: `${last.reason}; not retried: ${reason}` };
    }
    const cut = left < settings.timeoutMs;
    const timeoutMs = Math.max(1, Math.min(settings.timeoutMs, Math.floor(left)));
    try {
      const response = await settings.outbound.fetch(url, {
        method: 'GET',
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = await response.text();
      breakers?.record(host, response.status >= 500 ? 'failure' : 'success', now());
      if (response.status >= 300 && response.status < 400) {
        const reason = redirectRefusal(response.status, response.headers.get('location'));
        return { ok: false, reason, status: response.status, attempts: attempt };
      }
      if (response.status < 500)
        return { ok: true, status: response.status, body, attempts: attempt };
      last = {
        ok: false,
        reason: `HTTP status ${response.status}`,
        status: response.status,
        attempts: attempt,
      };
    } catch (error) {
      const refusal = refusalOf(error);
      const timedOut = isTimeout(error);
      if (refusal || (timedOut && cut)) breakers?.record(host, 'abandoned', now());
      else breakers?.record(host, 'failure', now());
      if (refusal) return { ok: false, reason: refusal.message, attempts: attempt };
      if (timedOut && cut) return pastDeadline(last, attempt);
      last = {
        ok: false,
        reason: timedOut
          ? `timed out after ${settings.timeoutMs} ms`
          : `transport error: ${messageOf(error)}`,
        attempts: attempt,
      };
    }
    if (attempt <= settings.retries) {
      const backoff = backoffDelay(RETRY_BACKOFF, attempt);
      const untilDeadline = budget.deadline === undefined ? Infinity : budget.deadline - now();
      await pause(Math.max(0, Math.min(backoff, untilDeadline)));
    }
  }
  return last;
}

/** The caller's deadline came first: a failure like a timeout, with what was seen before it. */
function pastDeadline(last: GetOutcome, attempts: number): GetOutcome {
  const reason = "stopped at the caller's deadline";
  if (last.ok || attempts === 0 || last.reason === 'not called')
    return { ok: false, reason, attempts };
  return { ...last, reason: `${reason} (earlier: ${last.reason})`, attempts };
}

/** fetch wraps what the connector refused as the cause of its TypeError. */
function refusalOf(error: unknown): OutboundRefusal | undefined {
  if (error instanceof OutboundRefusal) return error;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return cause instanceof OutboundRefusal ? cause : undefined;
}

/**
 * AbortSignal.timeout's DOMException, thrown as is or as the cause of fetch's TypeError; by name,
 * since a DOMException need not be an `instanceof Error` of this realm (it is not under jest).
 */
function isTimeout(error: unknown): boolean {
  const named = (e: unknown) =>
    typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'TimeoutError';
  return named(error) || named((error as { cause?: unknown } | undefined)?.cause);
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries of one check: 100 ms, then 200 ms, ... (the platform's backoff, libs/errors). */
const RETRY_BACKOFF: BackoffPolicy = { initialMs: 100, maxMs: 2_000, maxAttempts: 6 };
