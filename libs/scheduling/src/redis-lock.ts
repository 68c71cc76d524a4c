import { randomUUID } from 'node:crypto';
import type { Redis } from '@tributary/redis';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface LockHandle {
  readonly token: string;
  release(): Promise<void>;
}

/**
 * A single-key Redis lease (SET NX PX with a random token; release and extend only by the
 * holder). Enough for "one replica runs the hourly/nightly job": the job is idempotent, so a
 * lease lost to a pause at worst repeats work, never corrupts it.
 */
export async function tryAcquireLock(
  redis: Redis,
  key: string,
  ttlMs: number,
): Promise<LockHandle | undefined> {
  const token = randomUUID();
  const ok = await redis.set(key, token, 'PX', ttlMs, 'NX');
  if (ok !== 'OK') return undefined;
  const renew = setInterval(
    () => {
      void redis.eval(EXTEND, 1, key, token, String(ttlMs)).catch(() => undefined);
    },
    Math.max(1_000, Math.floor(ttlMs / 3)),
  );
  renew.unref();
  return {
    token,
    async release() {
      clearInterval(renew);
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}

/** Runs `job` if the lock is free; answers `{ ran: false }` when another replica holds it. */
export async function runExclusive<T>(
  redis: Redis,
  key: string,
  ttlMs: number,
  job: () => Promise<T>,
): Promise<{ ran: true; result: T } | { ran: false }> {
  const lock = await tryAcquireLock(redis, key, ttlMs);
  if (!lock) return { ran: false };
  try {
    return { ran: true, result: await job() };
  } finally {
    await lock.release().catch(() => undefined);
  }
}
