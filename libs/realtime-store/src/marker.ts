import type { Redis } from '@tributary/redis';
import { MARKER_KEY } from './keys';

/** False when Redis lost the store's data (flush, failover without persistence) or never had it. */
export async function hasStoreMarker(redis: Redis): Promise<boolean> {
  return (await redis.exists(MARKER_KEY)) === 1;
}

/** Set once the state is complete (after a rebuild, or at first start). */
export async function setStoreMarker(redis: Redis, now: number): Promise<void> {
  await redis.set(MARKER_KEY, new Date(now).toISOString());
}
