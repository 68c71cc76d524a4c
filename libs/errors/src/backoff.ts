/** The one retry delay of the platform: consumers, action calls, ad-hoc checks. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Attempts after which the delay stops growing and failures are logged as errors. */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 100, maxMs: 10_000, maxAttempts: 8 };

/**
 * Exponential backoff with equal jitter (half the ceiling fixed, half random): spreads retries of
 * many replicas after an outage while keeping a floor, so a retry never comes at once.
 */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A sleep that `signal` cuts short, so shutdown never waits for a pending retry. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
