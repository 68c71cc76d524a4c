import { backoffDelay } from '@tributary/errors';

export type AttemptOutcome =
  | { kind: 'response'; status: number; retryAfterMs?: number }
  | { kind: 'timeout' }
  | { kind: 'transport-error'; code?: string }
  /** The call was not made: its address is not one outbound calls may reach (issue 15). */
  | { kind: 'refused' };

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 5 * 60_000,
};

export type RetryDecision =
  | { kind: 'succeeded' }
  | { kind: 'retry'; delayMs: number }
  | { kind: 'give-up'; reason: 'not-retriable' | 'attempts-exhausted' };

/** R23: 5xx, 408, 429, timeouts and transport errors may succeed later; other answers will not. */
export function isRetriable(outcome: AttemptOutcome): boolean {
  if (outcome.kind === 'refused') return false;
  if (outcome.kind !== 'response') return true;
  return outcome.status >= 500 || outcome.status === 408 || outcome.status === 429;
}

/**
 * The platform's backoff (libs/errors, equal jitter: half the step fixed, half random), so
 * retries of many payouts spread out without ever collapsing to no wait. `random` is in [0, 1).
 */
export function backoffDelayMs(attempt: number, random: number, policy: RetryPolicy): number {
  return backoffDelay(
    { initialMs: policy.baseDelayMs, maxMs: policy.maxDelayMs, maxAttempts: policy.maxAttempts },
    attempt,
    () => Math.min(Math.max(random, 0), 1),
  );
}

/** What to do after attempt number `attempt` (1-based) ended with `outcome`. */
export function nextRetry(
  attempt: number,
  outcome: AttemptOutcome,
  policy: RetryPolicy,
  random: number,
): RetryDecision {
  if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
    return { kind: 'succeeded' };
  }
  if (!isRetriable(outcome)) return { kind: 'give-up', reason: 'not-retriable' };
  if (attempt >= policy.maxAttempts) return { kind: 'give-up', reason: 'attempts-exhausted' };
  const backoff = backoffDelayMs(attempt, random, policy);
  const asked = outcome.kind === 'response' ? (outcome.retryAfterMs ?? 0) : 0;
  return { kind: 'retry', delayMs: Math.min(policy.maxDelayMs, Math.max(backoff, asked)) };
}
