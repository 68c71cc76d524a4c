import { backoffDelayMs, isRetriable, nextRetry, type RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

describe('retry policy (R23)', () => {
  it.each([
    [{ kind: 'response', status: 500 }, true],
    [{ kind: 'response', status: 503 }, true],
    [{ kind: 'response', status: 408 }, true],
    [{ kind: 'response', status: 429 }, true],
    [{ kind: 'timeout' }, true],
    [{ kind: 'transport-error', code: 'ECONNREFUSED' }, true],
    [{ kind: 'response', status: 400 }, false],
    [{ kind: 'response', status: 404 }, false],
    [{ kind: 'response', status: 301 }, false],
    [{ kind: 'refused' }, false],
  ] as const)('Given %j, Then retriable is %s', (outcome, expected) => {
    expect(isRetriable(outcome)).toBe(expected);
  });

  it('Given attempts 1..5, Then the delay doubles within [step/2, step] and is capped', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, 0, policy))).toEqual([
      50, 100, 200, 400, 500,
    ]);
    expect([1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, 0.999999, policy))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
  });

  it('Given a 2xx, Then succeeded; a 400, Then give up at once; a 500 on the last attempt, Then attempts exhausted', () => {
    expect(nextRetry(1, { kind: 'response', status: 204 }, policy, 0.5)).toEqual({
      kind: 'succeeded',
    });
    expect(nextRetry(1, { kind: 'response', status: 400 }, policy, 0.5)).toEqual({
      kind: 'give-up',
      reason: 'not-retriable',
    });
    expect(nextRetry(4, { kind: 'response', status: 500 }, policy, 0.5)).toEqual({
      kind: 'give-up',
      reason: 'attempts-exhausted',
    });
  });

  it('Given a 429 asking for 700 ms, Then the wait honours it, but never beyond the cap', () => {
    expect(nextRetry(1, { kind: 'response', status: 429, retryAfterMs: 700 }, policy, 0)).toEqual({
      kind: 'retry',
      delayMs: 700,
    });
    expect(nextRetry(1, { kind: 'response', status: 429, retryAfterMs: 9000 }, policy, 0)).toEqual({
      kind: 'retry',
      delayMs: 1000,
    });
  });
});
