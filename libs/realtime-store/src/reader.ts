import type { Redis } from '@tributary/redis';
import { RealtimeQueryError } from './errors';
import { WINDOW_KEYS, recentKeys } from './keys';
import { RANGE_LUA, READ_LUA, RECENT_READ_LUA } from './lua';
import { LuaScript } from './lua-script';
import { decodeWindowView, type WindowView } from './product-view';
import {
  LIST_LIMIT,
  RECENT_LIMIT,
  type CategoriesWindow,
  type PlatformsWindow,
  type RecentlyViewed,
  type UsersWindow,
  type WindowCategory,
  type WindowPlatform,
  type WindowSnapshot,
  type WindowUser,
} from './schemas';
import type { RealtimeSettings } from './settings';
import { aggregateWindow } from './window-rules';

const read = new LuaScript(READ_LUA);
const range = new LuaScript(RANGE_LUA);
const recentRead = new LuaScript(RECENT_READ_LUA);

export interface WindowRequest {
  /** The reader's clock (ms): "now" answers are the window ending here, after expiring older views. */
  now: number;
  /** An instant within [now - retention, now] (ms); absent means now. */
  at?: number;
  limit?: number;
}

export interface RealtimeReader {
  users(request: WindowRequest): Promise<UsersWindow>;
  categories(request: WindowRequest): Promise<CategoriesWindow>;
  platforms(request: WindowRequest): Promise<PlatformsWindow>;
  /** Users, categories and platforms of one instant, consistent with each other. */
  snapshot(request: WindowRequest): Promise<WindowSnapshot>;
  /** Newest first, distinct products; an unknown user gets an empty list. */
  recentlyViewed(userId: string, limit?: number): Promise<RecentlyViewed>;
}

type Part = 'users' | 'categories' | 'platforms';

export function createRealtimeReader(redis: Redis, settings: RealtimeSettings): RealtimeReader {
  async function window(request: WindowRequest, parts: readonly Part[]): Promise<WindowSnapshot> {
    const limit = checkLimit(request.limit, LIST_LIMIT);
    if (request.at === undefined || request.at === request.now)
      return live(request.now, limit, parts);
    const oldest = request.now - settings.retentionMs;
    if (!(request.at >= oldest && request.at <= request.now)) {
      throw new RealtimeQueryError(
        'AT_OUT_OF_RANGE',
        `at must lie between ${new Date(oldest).toISOString()} and ${new Date(request.now).toISOString()}`,
      );
    }
    return past(request.at, limit);
  }

  async function live(now: number, limit: number, parts: readonly Part[]): Promise<WindowSnapshot> {
    const reply = (await read.run(redis, WINDOW_KEYS, [
      String(now - settings.windowMs),
      parts.includes('users') ? limit : 0,
      parts.includes('categories') ? limit : 0,
      parts.includes('platforms') ? limit : 0,
    ])) as LiveReply;
    const [
      version,
      total,
      cutoff,
      userCount,
      users,
      lasts,
      catCount,
      cats,
      catUsers,
      platCount,
      plats,
      platUsers,
    ] = reply;
    // Another replica whose clock runs ahead may have expired further; answer for that instant.
    const at = Math.max(now, Number(cutoff) + settings.windowMs);
    return {
      ...meta(at, Number(total)),
      version: Number(version),
      distinct_users: userCount,
      users: pairs(users).map(([userId, score], i) => ({
        user_id: userId,
        views: -Number(score),
        last_view_at: iso(Number(lasts[i])),
      })),
      distinct_categories: catCount,
      categories: pairs(cats).map(([id, score], i) => ({
        category_id: id,
        views: -Number(score),
        distinct_users: Number(catUsers[i]),
      })),
      distinct_platforms: platCount,
      platforms: pairs(plats).map(([id, score], i) => ({
        platform: id,
        views: -Number(score),
        distinct_users: Number(platUsers[i]),
      })),
    };
  }

  async function past(at: number, limit: number): Promise<WindowSnapshot> {
    const recs = (await range.run(redis, WINDOW_KEYS.slice(0, 2), [
      String(at - settings.windowMs),
      String(at),
    ])) as string[];
    const views = recs.map(decodeWindowView).filter((v): v is WindowView => v !== undefined);
    const agg = aggregateWindow(views, at, settings.windowMs);
    return {
      ...meta(at, agg.totalViews),
      distinct_users: agg.users.length,
      users: agg.users.slice(0, limit).map((u): WindowUser => ({
        user_id: u.userId,
        views: u.views,
        last_view_at: iso(u.lastViewAt),
      })),
      distinct_categories: agg.categories.length,
      categories: agg.categories.slice(0, limit).map((g): WindowCategory => ({
        category_id: g.key,
        views: g.views,
        distinct_users: g.distinctUsers,
      })),
      distinct_platforms: agg.platforms.length,
      platforms: agg.platforms.slice(0, limit).map((g): WindowPlatform => ({
        platform: g.key,
        views: g.views,
        distinct_users: g.distinctUsers,
      })),
    };
  }

  function meta(at: number, totalViews: number) {
    return {
      at: iso(at),
      window_start: iso(at - settings.windowMs),
      window_seconds: Math.round(settings.windowMs / 1000),
      total_views: totalViews,
    };
  }

  return {
    snapshot: (request) => window(request, ['users', 'categories', 'platforms']),
    async users(request) {
      const s = await window(request, ['users']);
      return { ...metaOf(s), distinct_users: s.distinct_users, users: s.users };
    },
    async categories(request) {
      const s = await window(request, ['categories']);
      return { ...metaOf(s), distinct_categories: s.distinct_categories, categories: s.categories };
    },
    async platforms(request) {
      const s = await window(request, ['platforms']);
      return { ...metaOf(s), distinct_platforms: s.distinct_platforms, platforms: s.platforms };
    },
    async recentlyViewed(userId, limit) {
      const n = checkLimit(limit ?? RECENT_LIMIT.default, RECENT_LIMIT);
      const flat = (await recentRead.run(redis, recentKeys(userId), [n])) as string[];
      const products = [];
      for (let i = 0; i + 2 < flat.length; i += 3) {
        products.push({
          product_id: flat[i] ?? '',
          viewed_at: iso(Number(flat[i + 1])),
          category_id: flat[i + 2] ?? '',
        });
      }
      return { user_id: userId, products };
    },
  };
}

type LiveReply = [
  string,
  string,
  string,
  number,
  string[],
  string[],
  number,
  string[],
  string[],
  number,
  string[],
  string[],
];

function metaOf(s: WindowSnapshot) {
  const base = {
    at: s.at,
    window_start: s.window_start,
    window_seconds: s.window_seconds,
    total_views: s.total_views,
  };
  return s.version === undefined ? base : { ...base, version: s.version };
}

function pairs(flat: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i] ?? '', flat[i + 1] ?? '0']);
  return out;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function checkLimit(limit: number | undefined, bounds: { default: number; max: number }): number {
  const n = limit ?? bounds.default;
  if (!Number.isInteger(n) || n < 1 || n > bounds.max) {
    throw new RealtimeQueryError(
      'LIMIT_OUT_OF_RANGE',
      `limit must be an integer from 1 to ${bounds.max}`,
    );
  }
  return n;
}
