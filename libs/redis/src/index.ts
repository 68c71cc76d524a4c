import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '@tributary/logging';

export { Redis } from 'ioredis';

export interface RedisSettings {
  url: string;
  /** Prepended to every key (ioredis also prefixes the KEYS of scripts). */
  keyPrefix?: string;
  logger?: Logger;
}

/**
 * One ioredis client. Commands fail fast while disconnected (no offline queue), so an HTTP
 * request answers 503 instead of hanging when Redis is down.
 */
export function createRedis(settings: RedisSettings): Redis {
  const options: RedisOptions = {
    keyPrefix: settings.keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 2,
    connectTimeout: 5_000,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  };
  const redis = new Redis(settings.url, options);
  redis.on('error', (err) => settings.logger?.warn({ err }, 'redis connection error'));
  return redis;
}

/** Resolves once the client is connected and ready to take commands. */
export async function redisReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis not ready in time')), timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function pingRedis(redis: Redis): Promise<void> {
  await redis.ping();
}

/**
 * A Redis Cluster hash tag: keys sharing `tag` land in one slot, so one script may touch them all.
 */
export function hashTag(tag: string): string {
  return `{${tag}}`;
}
