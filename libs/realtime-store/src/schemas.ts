import { Type, type Static } from '@sinclair/typebox';

/** Result shapes of the readers; query-api serves these same schemas (routes and OpenAPI). */
const Count = Type.Integer({ minimum: 0 });
const Instant = Type.String({ format: 'date-time' });

const WindowMeta = {
  at: Type.String({
    format: 'date-time',
    description: 'the instant the window ends at (inclusive)',
  }),
  window_start: Type.String({
    format: 'date-time',
    description: 'exclusive: a view exactly this old is out',
  }),
  window_seconds: Count,
  total_views: Count,
  version: Type.Optional(
    Type.Integer({ minimum: 0, description: 'live answers only: changes with the window' }),
  ),
};

export const WindowUser = Type.Object({
  user_id: Type.String(),
  views: Count,
  last_view_at: Instant,
});
export type WindowUser = Static<typeof WindowUser>;
export const WindowCategory = Type.Object({
  category_id: Type.String(),
  views: Count,
  distinct_users: Count,
});
export type WindowCategory = Static<typeof WindowCategory>;
export const WindowPlatform = Type.Object({
  platform: Type.String(),
  views: Count,
  distinct_users: Count,
});
export type WindowPlatform = Static<typeof WindowPlatform>;

export const UsersWindow = Type.Object({
  ...WindowMeta,
  distinct_users: Count,
  users: Type.Array(WindowUser),
});
export type UsersWindow = Static<typeof UsersWindow>;
export const CategoriesWindow = Type.Object({
  ...WindowMeta,
  distinct_categories: Count,
  categories: Type.Array(WindowCategory),
});
export type CategoriesWindow = Static<typeof CategoriesWindow>;
export const PlatformsWindow = Type.Object({
  ...WindowMeta,
  distinct_platforms: Count,
  platforms: Type.Array(WindowPlatform),
});
export type PlatformsWindow = Static<typeof PlatformsWindow>;

/** All three views at once: what the change feed pushes to dashboards. */
export const WindowSnapshot = Type.Object({
  ...WindowMeta,
  distinct_users: Count,
  users: Type.Array(WindowUser),
  distinct_categories: Count,
  categories: Type.Array(WindowCategory),
  distinct_platforms: Count,
  platforms: Type.Array(WindowPlatform),
});
export type WindowSnapshot = Static<typeof WindowSnapshot>;

export const RecentlyViewedProduct = Type.Object({
  product_id: Type.String(),
  category_id: Type.String(),
  viewed_at: Instant,
});
export type RecentlyViewedProduct = Static<typeof RecentlyViewedProduct>;
export const RecentlyViewed = Type.Object({
  user_id: Type.String(),
  products: Type.Array(RecentlyViewedProduct),
});
export type RecentlyViewed = Static<typeof RecentlyViewed>;

export const LIST_LIMIT = { default: 100, max: 1000 } as const;
export const RECENT_LIMIT = { default: 5, max: 50 } as const;

/** Query strings query-api can use for the readers. */
export const WindowQuery = Type.Object({
  at: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: LIST_LIMIT.max, default: LIST_LIMIT.default }),
  ),
});
export type WindowQuery = Static<typeof WindowQuery>;
export const RecentlyViewedQuery = Type.Object({
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: RECENT_LIMIT.max, default: RECENT_LIMIT.default }),
  ),
});
export type RecentlyViewedQuery = Static<typeof RecentlyViewedQuery>;
