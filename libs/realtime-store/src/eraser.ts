import type { Redis } from '@tributary/redis';
import { WINDOW_KEYS, recentKeys } from './keys';
import { ERASE_VIEWS_LUA } from './lua';
import { LuaScript } from './lua-script';
import { decodeWindowView, type WindowView } from './product-view';

const eraseViews = new LuaScript(ERASE_VIEWS_LUA);
const SCAN_COUNT = 2_000;
const IDS_PER_CALL = 1_000;

export interface RecentItem {
  product_id: string;
  category_id: string;
  viewed_at: number;
}

export interface HeldView extends WindowView {
  eventId: string;
}

/** What the store holds about some users, and their removal (KVKK/GDPR erasure). */
export interface RealtimeEraser {
  /** The users' views still in the window's log (the last hour), oldest first. */
  viewsOf(userIds: readonly string[]): Promise<HeldView[]>;
  /** A user's recently-viewed products, newest first, with their category. */
  recentOf(userId: string): Promise<RecentItem[]>;
  /** Deletes the users' recently-viewed lists; returns how many keys existed. */
  eraseRecentlyViewed(userIds: readonly string[]): Promise<number>;
  /** Removes the users' views from the live aggregates, the log and the dedupe index. */
  eraseViews(userIds: readonly string[]): Promise<{ removed: number; live: number }>;
}

export function createRealtimeEraser(redis: Redis): RealtimeEraser {
  // The log is scanned from the client in pages, not in one script: a script over an hour of
  // views would block Redis; the removal script re-checks each view, so a page gone stale is safe.
  async function viewsOf(userIds: readonly string[]): Promise<HeldView[]> {
    const wanted = new Set(userIds);
    const held: HeldView[] = [];
    let cursor = '0';
    do {
      const [next, flat] = await redis.hscan(WINDOW_KEYS[0], cursor, 'COUNT', SCAN_COUNT);
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const view = decodeWindowView(flat[i + 1] ?? '');
        if (view && wanted.has(view.userId)) held.push({ eventId: flat[i] ?? '', ...view });
      }
      cursor = next;
    } while (cursor !== '0');
    return held.sort((a, b) => a.occurredAt - b.occurredAt || (a.eventId < b.eventId ? -1 : 1));
  }

  return {
    viewsOf,
    async recentOf(userId) {
      const [products, categories] = recentKeys(userId);
      const flat = await redis.zrevrange(products, 0, -1, 'WITHSCORES');
      const names = await redis.hgetall(categories);
      const items: RecentItem[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const product = flat[i] ?? '';
        items.push({
          product_id: product,
          category_id: names[product] ?? 'unknown',
          viewed_at: Number(flat[i + 1]),
        });
      }
      return items;
    },
    async eraseRecentlyViewed(userIds) {
      let existed = 0;
      // A user's two keys share one hash tag, so one DEL per user works on a Cluster too.
      for (const userId of userIds) existed += await redis.del(...recentKeys(userId));
      return existed;
    },
    async eraseViews(userIds) {
      if (userIds.length === 0) return { removed: 0, live: 0 };
      const ids = (await viewsOf(userIds)).map((v) => v.eventId);
      let removed = 0;
      let live = 0;
      for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
        const reply = (await eraseViews.run(redis, WINDOW_KEYS, [
          userIds.length,
          ...userIds,
          ...ids.slice(i, i + IDS_PER_CALL),
        ])) as [number, number];
        removed += reply[0];
        live += reply[1];
      }
      return { removed, live };
    },
  };
}
