import { classify } from '@tributary/errors';
import { backoffDelay, sleep as abortableSleep, type BackoffPolicy } from '@tributary/errors';

export interface DependencyRetryOptions {
  /** Attempts in all (the first included) before the last dependency failure is thrown. */
  attempts: number;
  backoff: BackoffPolicy;
  signal?: AbortSignal;
  onRetry?: (error: unknown, attempt: number) => void;
  /** The wait between attempts (tests pass one that records instead of waiting). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const START_RETRY: DependencyRetryOptions = {
  attempts: 10,
  backoff: { initialMs: 500, maxMs: 10_000, maxAttempts: 10 },
};

/**
 * Runs `work`, retrying it with backoff while it fails because a dependency is unavailable
 * (libs/errors `classify`), at most `attempts` times; anything else is thrown at once. For
 * start-up steps: a broker that answers a topic creation with a retriable error (e.g.
 * UNKNOWN_TOPIC_OR_PARTITION while other topics are being deleted) must not end the process.
 */
export async function retryWhileUnavailable<T>(
  work: () => Promise<T>,
  options: DependencyRetryOptions,
): Promise<T> {
  const wait = options.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const last = attempt >= options.attempts || options.signal?.aborted === true;
      if (last || classify(error).kind !== 'dependency') throw error;
      options.onRetry?.(error, attempt);
      await wait(backoffDelay(options.backoff, attempt), options.signal);
    }
  }
}
