import type { Redis } from '@tributary/redis';
import {
  createRealtimeWriter,
  DEFAULT_SETTINGS,
  type ProductView,
} from '@tributary/realtime-store';
import type { CaseView } from './case-data';

export interface LiveFeed {
  /** Writes the next `count` case views as seen just now, as realtime-analytics would. */
  ingest(count: number): Promise<number>;
}

/** Feeds the case's product views into the real-time store, a slice at a time. */
export function createLiveFeed(redis: Redis, views: readonly CaseView[]): LiveFeed {
  const writer = createRealtimeWriter(redis, DEFAULT_SETTINGS);
  let next = 0;
  return {
    async ingest(count) {
      const now = Date.now();
      const slice = views.slice(next, next + count);
      next += slice.length;
      // Spread over the last minute so the window holds them for the whole test.
      const batch: ProductView[] = slice.map((v, i) => ({
        eventId: v.messageId,
        userId: v.userId,
        productId: v.productId,
        categoryId: v.categoryId,
        platform: v.platform,
        occurredAt: now - (slice.length - i) * 100,
        receivedAt: now,
      }));
      const result = await writer.applyViews(batch, now);
      return result.live;
    },
  };
}
