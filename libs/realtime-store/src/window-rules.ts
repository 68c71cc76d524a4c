import type { ProductView, WindowView } from './product-view';
import type { RealtimeSettings } from './settings';

export type ViewOutcome =
  | { kind: 'accept'; occurredAt: number }
  | { kind: 'late' }
  | { kind: 'future' }
  | { kind: 'beyond-retention' };

/**
 * Decides what the window does with a view. Lateness and skew are judged against the view's own
 * received_at (stamped by the gateway), not the processing clock, so a redelivery, a second
 * replica or a rebuild from Kafka decides exactly as the first delivery did. Only the retention
 * depends on `now`: the log cannot hold (nor dedupe) views older than it.
 */
export function classifyView(
  view: ProductView,
  settings: RealtimeSettings,
  now: number,
): ViewOutcome {
  if (view.occurredAt - view.receivedAt > settings.maxFutureSkewMs) return { kind: 'future' };
  const occurredAt = Math.min(view.occurredAt, view.receivedAt);
  if (occurredAt <= view.receivedAt - settings.windowMs) return { kind: 'late' };
  if (occurredAt <= logFloor(settings, now)) return { kind: 'beyond-retention' };
  return { kind: 'accept', occurredAt };
}

/**
 * The oldest occurred_at (exclusive) the log must hold so that the window at any instant in
 * [now - retention, now] is complete.
 */
export function logFloor(settings: RealtimeSettings, now: number): number {
  return now - settings.retentionMs - settings.windowMs;
}

/** True when a view that occurred at `occurredAt` is in the window at instant `at`. */
export function inWindow(occurredAt: number, at: number, windowMs: number): boolean {
  return occurredAt > at - windowMs && occurredAt <= at;
}

export interface UserAggregate {
  userId: string;
  views: number;
  lastViewAt: number;
}
export interface GroupAggregate {
  key: string;
  views: number;
  distinctUsers: number;
}
export interface WindowAggregate {
  totalViews: number;
  users: UserAggregate[];
  categories: GroupAggregate[];
  platforms: GroupAggregate[];
}

/**
 * The exact window at `at` computed from raw views: what "at instant" queries answer, and the
 * oracle the incremental Redis aggregates must agree with. Lists are ordered by views
 * descending, then id ascending.
 */
export function aggregateWindow(
  views: readonly WindowView[],
  at: number,
  windowMs: number,
): WindowAggregate {
  const users = new Map<string, UserAggregate>();
  const categories = new Map<string, { views: number; users: Set<string> }>();
  const platforms = new Map<string, { views: number; users: Set<string> }>();
  let totalViews = 0;
  for (const view of views) {
    if (!inWindow(view.occurredAt, at, windowMs)) continue;
    totalViews += 1;
    const user = users.get(view.userId) ?? {
      userId: view.userId,
      views: 0,
      lastViewAt: view.occurredAt,
    };
    user.views += 1;
    user.lastViewAt = Math.max(user.lastViewAt, view.occurredAt);
    users.set(view.userId, user);
    addTo(categories, view.categoryId, view.userId);
    addTo(platforms, view.platform, view.userId);
  }
  return {
    totalViews,
    users: [...users.values()].sort((a, b) => b.views - a.views || compareIds(a.userId, b.userId)),
    categories: toGroups(categories),
    platforms: toGroups(platforms),
  };
}

function addTo(
  groups: Map<string, { views: number; users: Set<string> }>,
  key: string,
  userId: string,
): void {
  const group = groups.get(key) ?? { views: 0, users: new Set<string>() };
  group.views += 1;
  group.users.add(userId);
  groups.set(key, group);
}

function toGroups(groups: Map<string, { views: number; users: Set<string> }>): GroupAggregate[] {
  return [...groups.entries()]
    .map(([key, g]) => ({ key, views: g.views, distinctUsers: g.users.size }))
    .sort((a, b) => b.views - a.views || compareIds(a.key, b.key));
}

/** Byte order, as Redis sorts members with equal scores. */
export function compareIds(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
