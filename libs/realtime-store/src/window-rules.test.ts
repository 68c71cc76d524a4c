import type { ProductView, WindowView } from './product-view';
import { decodeWindowView, encodeWindowView } from './product-view';
import { DEFAULT_SETTINGS } from './settings';
import { aggregateWindow, classifyView, inWindow } from './window-rules';

const T = Date.parse('2025-03-01T12:00:00.000Z');
const MIN = 60_000;
const W = 5 * MIN;

function view(over: Partial<ProductView> = {}): ProductView {
  return {
    eventId: 'e1',
    userId: 'u1',
    productId: 'p1',
    categoryId: 'c1',
    platform: 'web',
    occurredAt: T,
    receivedAt: T,
    ...over,
  };
}

describe('window edges', () => {
  it('holds views in (t - 5 min, t]: exactly 5 minutes old is out, a millisecond younger is in', () => {
    expect(inWindow(T - W, T, W)).toBe(false);
    expect(inWindow(T - W + 1, T, W)).toBe(true);
    expect(inWindow(T, T, W)).toBe(true);
    expect(inWindow(T + 1, T, W)).toBe(false);
  });
});

describe('classifyView', () => {
  it('drops a view received when it was already 5 minutes old, whatever the processing time', () => {
    expect(classifyView(view({ occurredAt: T - W }), DEFAULT_SETTINGS, T)).toEqual({
      kind: 'late',
    });
    expect(classifyView(view({ occurredAt: T - W + 1 }), DEFAULT_SETTINGS, T + 10 * MIN)).toEqual({
      kind: 'accept',
      occurredAt: T - W + 1,
    });
  });

  it('clamps a view slightly in the future to its received_at and drops one beyond the skew bound', () => {
    expect(classifyView(view({ occurredAt: T + 30_000 }), DEFAULT_SETTINGS, T)).toEqual({
      kind: 'accept',
      occurredAt: T,
    });
    expect(classifyView(view({ occurredAt: T + 30_001 }), DEFAULT_SETTINGS, T)).toEqual({
      kind: 'future',
    });
  });

  it('refuses views the log can no longer hold (replays older than retention + window)', () => {
    const old = view({ occurredAt: T, receivedAt: T });
    const later = T + DEFAULT_SETTINGS.retentionMs + W;
    expect(classifyView(old, DEFAULT_SETTINGS, later)).toEqual({ kind: 'beyond-retention' });
    expect(classifyView(old, DEFAULT_SETTINGS, later - 1).kind).toBe('accept');
  });
});

describe('aggregateWindow', () => {
  const views: WindowView[] = [
    { occurredAt: T - W, userId: 'u9', categoryId: 'c9', platform: 'ios' }, // exactly 5 min old: out
    { occurredAt: T - 1000, userId: 'u2', categoryId: 'c1', platform: 'web' },
    { occurredAt: T - 3000, userId: 'u1', categoryId: 'c1', platform: 'web' },
    { occurredAt: T - 2000, userId: 'u1', categoryId: 'c2', platform: 'android' },
    { occurredAt: T + 1, userId: 'u3', categoryId: 'c1', platform: 'web' }, // after t: out
  ];

  it('counts views, distinct users and the last view per user, most views first then by id', () => {
    const agg = aggregateWindow(views, T, W);
    expect(agg.totalViews).toBe(3);
    expect(agg.users).toEqual([
      { userId: 'u1', views: 2, lastViewAt: T - 2000 },
      { userId: 'u2', views: 1, lastViewAt: T - 1000 },
    ]);
    expect(agg.categories).toEqual([
      { key: 'c1', views: 2, distinctUsers: 2 },
      { key: 'c2', views: 1, distinctUsers: 1 },
    ]);
    expect(agg.platforms).toEqual([
      { key: 'web', views: 2, distinctUsers: 2 },
      { key: 'android', views: 1, distinctUsers: 1 },
    ]);
  });

  it('round-trips a view through the log encoding', () => {
    const v = views[1]!;
    expect(decodeWindowView(encodeWindowView(v))).toEqual(v);
    expect(decodeWindowView('garbage')).toBeUndefined();
  });
});
