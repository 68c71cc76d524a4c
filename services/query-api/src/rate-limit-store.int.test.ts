import { createTestRedis, type TestRedis } from '@tributary/testing';
import { syncedRateLimitStore } from './http/rate-limit-store';

describe('the local-first rate-limit store shared through Redis', () => {
  let redis: TestRedis;

  beforeAll(async () => {
    redis = await createTestRedis();
  });
  afterAll(async () => {
    await redis.cleanup();
  });

  const replica = (localShare?: number) => {
    const Store = syncedRateLimitStore({
      redis: redis.redis,
      nameSpace: 'rl-test:',
      ...(localShare === undefined ? {} : { localShare }),
    });
    const store = new Store({});
    return (key: string, max: number) =>
      new Promise<{ current: number; ttl: number }>((resolve, reject) =>
        store.incr(
          key,
          (error, result) => (result ? resolve(result) : reject(error ?? new Error('no result'))),
          // @ts-expect-error the plugin passes the window and the limit; its typings omit them
          60_000,
          max,
        ),
      );
  };

  it('counts locally while far from the limit and tells Redis in the background', async () => {
    const [a, b] = [replica(0.05), replica(0.05)];
    expect((await a('caller-0', 100)).current).toBe(1);
    expect((await b('caller-0', 100)).current).toBe(2);
    // a knows the shared count is 1: its next requests are counted in memory only...
    const local = [await a('caller-0', 100), await a('caller-0', 100), await a('caller-0', 100)];
    expect(local.map((r) => r.current)).toEqual([2, 3, 4]);
    expect(await redis.redis.get('rl-test:caller-0')).toBe('2');
    // ...until floor(100 * 0.05) = 5 are pending, which are then sent at once.
    await a('caller-0', 100);
    await a('caller-0', 100);
    // One connection runs commands in order: the flush lands before this read.
    expect(Number(await redis.redis.get('rl-test:caller-0'))).toBe(7);
  });

  it('admits between max and max + replicas x floor(max x localShare) across two replicas', async () => {
    const [a, b] = [replica(0.05), replica(0.05)];
    const max = 100;
    const outcomes: boolean[] = [];
    for (let i = 0; i < 300; i += 1) {
      const { current, ttl } = await (i % 2 === 0 ? a : b)('caller-1', max);
      expect(ttl).toBeGreaterThan(0);
      outcomes.push(current <= max);
    }
    const admitted = outcomes.filter(Boolean).length;
    expect(admitted).toBeGreaterThanOrEqual(max);
    expect(admitted).toBeLessThanOrEqual(max + 2 * 5);
    // Once spent, the key stays refused on both replicas for the rest of the window.
    expect(outcomes.slice(-100).every((ok) => !ok)).toBe(true);
    // Redis holds the synced part of the 300 calls: never more, and at least the limit.
    const shared = Number(await redis.redis.get('rl-test:caller-1'));
    expect(shared).toBeLessThanOrEqual(300);
    expect(shared).toBeGreaterThanOrEqual(max);
  });

  it('is exact when the local share is under one request (small limits)', async () => {
    const [a, b] = [replica(), replica()];
    const currents: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      currents.push((await (i % 2 === 0 ? a : b)('caller-2', 3)).current);
    }
    expect(currents).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
