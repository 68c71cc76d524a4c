import { createRedis, redisReady, type Redis } from '@tributary/redis';
import { testEnv } from './env';
import { uniqueName } from './names';

export interface TestRedis {
  redis: Redis;
  prefix: string;
  /** Deletes this test's keys and closes the client. */
  cleanup(): Promise<void>;
}

/** A Redis client whose keys all carry a prefix no other test uses. */
export async function createTestRedis(): Promise<TestRedis> {
  const prefix = `${uniqueName('t')}:`;
  const redis = createRedis({ url: testEnv.redisUrl, keyPrefix: prefix });
  await redisReady(redis);
  return {
    redis,
    prefix,
    async cleanup() {
      const raw = createRedis({ url: testEnv.redisUrl });
      await redisReady(raw);
      let cursor = '0';
      do {
        const [next, keys] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        if (keys.length) await raw.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      raw.disconnect();
      redis.disconnect();
    },
  };
}
