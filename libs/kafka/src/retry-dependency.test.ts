import { KafkaJSAggregateError, KafkaJSProtocolError } from 'kafkajs';
import { retryWhileUnavailable, type DependencyRetryOptions } from './retry-dependency';

const topicCreationRefused = () =>
  new KafkaJSAggregateError('Topic creation errors', [
    Object.assign(new KafkaJSProtocolError('This server does not host this topic-partition'), {
      name: 'KafkaJSCreateTopicError',
    }),
  ]);

function options(waits: number[], attempts = 5): DependencyRetryOptions {
  return {
    attempts,
    backoff: { initialMs: 100, maxMs: 1_000, maxAttempts: 5 },
    sleep: async (ms) => void waits.push(ms),
  };
}

describe('retryWhileUnavailable', () => {
  it('Given a retriable topic creation error twice Then it retries with growing waits and succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retryWhileUnavailable(async () => {
      calls += 1;
      if (calls <= 2) throw topicCreationRefused();
      return 'created';
    }, options(waits));
    expect(result).toBe('created');
    expect(calls).toBe(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
  });

  it('Given a failure that is not a dependency Then it is thrown at once', async () => {
    const waits: number[] = [];
    let calls = 0;
    await expect(
      retryWhileUnavailable(async () => {
        calls += 1;
        throw new Error('invalid replication factor');
      }, options(waits)),
    ).rejects.toThrow('invalid replication factor');
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('Given an outage longer than its attempts Then the last error is thrown', async () => {
    const waits: number[] = [];
    let calls = 0;
    await expect(
      retryWhileUnavailable(
        async () => {
          calls += 1;
          throw topicCreationRefused();
        },
        options(waits, 3),
      ),
    ).rejects.toThrow('Topic creation errors');
    expect(calls).toBe(3);
  });
});
