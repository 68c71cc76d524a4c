import type {
  FastifyRateLimitStore,
  FastifyRateLimitStoreCtor,
  RateLimitOptions,
} from '@fastify/rate-limit';
import type { Redis } from '@tributary/redis';

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;
type Limits = { timeWindow?: unknown; max?: unknown };

export interface SyncedStoreSettings {
  redis: Redis;
  /** Prefix of the Redis counters (`<nameSpace><key>`, as @fastify/rate-limit's Redis store). */
  nameSpace: string;
  /**
   * Share of the limit a replica may count on its own before telling Redis (0.05: 30 of 600).
   * Below one whole request (small limits) every request goes to Redis, as the plain Redis store.
   */
  localShare?: number;
  /** Counts kept locally are written to Redis at least this often. */
  flushIntervalMs?: number;
  /** Counters held in memory at most (one per caller in the current window). */
  maxKeys?: number;
  now?: () => number;
}

interface Counter {
  /** The shared count Redis last answered for this key. */
  known: number;
  /** Requests this replica admitted that Redis has not been told about yet. */
  pending: number;
  /** Requests on their way to Redis in a background flush. */
  inflight: number;
  resetAt: number;
}

const COMMAND = 'tributaryRateLimitAdd';
// INCRBY with the window set on the key's first count; answers [count, ttl in ms].
const LUA = `
local current = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = tonumber(ARGV[2])
if current == tonumber(ARGV[1]) then
  redis.call('PEXPIRE', KEYS[1], ttl)
else
  local left = redis.call('PTTL', KEYS[1])
  if left < 0 then redis.call('PEXPIRE', KEYS[1], ttl) else ttl = left end
end
return {current, ttl}
`;

type AddCommand = (
  key: string,
  by: number,
  timeWindow: number,
) => Promise<[current: number, ttl: number]>;

/**
 * A rate-limit store shared across replicas through Redis that counts locally while a caller is
 * far from its limit. A replica asks Redis synchronously (one INCRBY, the plain Redis store's
 * round trip) on a caller's first request of a window and whenever the shared count it last saw,
 * plus its own unsynced requests, comes within `localShare` of the limit; otherwise it admits the
 * request from memory and adds it to Redis in the background (at the latest after
 * `flushIntervalMs`, or as soon as `localShare` of the limit is pending).
 *
 * Overshoot is bounded: each replica holds at most `floor(max * localShare)` requests Redis does
 * not know of, so a window admits at most `max + replicas * floor(max * localShare)` requests
 * (600/min, 2 replicas: at most 660); a small limit (max < 1 / localShare) is exact.
 *
 * Hand-written on purpose, under @fastify/rate-limit's own store interface: its Redis store makes
 * a round trip on every request. With this store and the callback hook (rate-limit.ts) the cached
 * read went from 27,168 req/s (46% of a bare route, load 2.1) to 35,000-37,700 (61-65%, load
 * 1.3-1.9); services/query-api/README.md#benchmark, bench/query-api/gateway.bench.ts.
 */
export function syncedRateLimitStore(settings: SyncedStoreSettings): FastifyRateLimitStoreCtor {
  const { redis, nameSpace } = settings;
  const share = settings.localShare ?? 0.05;
  const flushIntervalMs = settings.flushIntervalMs ?? 100;
  const maxKeys = settings.maxKeys ?? 10_000;
  const now = settings.now ?? Date.now;
  if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: LUA });
  const add = (redis as unknown as Record<string, AddCommand>)[COMMAND]!.bind(redis);

  class SyncedStore implements FastifyRateLimitStore {
    private readonly counters = new Map<string, Counter>();
    private timer: NodeJS.Timeout | undefined;

    constructor(
      private readonly prefix: string,
      private readonly limits: Limits,
    ) {}

    // @fastify/rate-limit 10 passes the route's window and limit (its typings omit them).
    incr(
      key: string,
      callback: IncrCallback,
      timeWindow = numberOr(this.limits.timeWindow, 60_000),
      max = numberOr(this.limits.max, 1_000),
    ): void {
      const t = now();
      const counter = this.counters.get(key);
      const batch = Math.floor(max * share);
      if (
        counter &&
        t < counter.resetAt &&
        counter.pending + counter.inflight < batch &&
        counter.known + counter.pending + counter.inflight + 1 <= max - batch
      ) {
        counter.pending += 1;
        if (counter.pending + counter.inflight >= batch) this.flush(key, counter, timeWindow);
        else this.schedule(timeWindow);
        const current = counter.known + counter.pending + counter.inflight;
        callback(null, { current, ttl: counter.resetAt - t });
        return;
      }
      // Pending counts of an ended window belong to a counter Redis has expired already.
      const carried = counter && t < counter.resetAt ? counter.pending : 0;
      if (counter) counter.pending -= carried;
      add(this.prefix + key, carried + 1, timeWindow).then(
        ([current, ttl]) => {
          this.learn(key, current, ttl, t);
          callback(null, { current, ttl });
        },
        (error: Error) => {
          const again = this.counters.get(key);
          if (again && carried > 0) again.pending += carried;
          callback(error);
        },
      );
    }

    // Called with the merged route limits and `routeInfo` (the route), as the Redis store keys it.
    child(options: object): SyncedStore {
      const merged = options as Limits & { routeInfo?: { method?: unknown; url?: unknown } };
      const { method = '', url = '' } = merged.routeInfo ?? {};
      return new SyncedStore(`${this.prefix}${String(method)}${String(url)}-`, merged);
    }

    private learn(key: string, current: number, ttl: number, at: number): void {
      const counter = this.counters.get(key);
      if (counter) {
        counter.known = Math.max(current, at < counter.resetAt ? counter.known : 0);
        counter.resetAt = at + ttl;
        return;
      }
      if (this.counters.size >= maxKeys) this.evict(at);
      this.counters.set(key, { known: current, pending: 0, inflight: 0, resetAt: at + ttl });
    }

    private flush(key: string, counter: Counter, timeWindow: number): void {
      if (counter.inflight > 0 || counter.pending === 0) return;
      const sent = counter.pending;
      const at = now();
      counter.pending = 0;
      counter.inflight = sent;
      add(this.prefix + key, sent, timeWindow).then(
        ([current, ttl]) => {
          counter.inflight = 0;
          if (this.counters.get(key) === counter) this.learn(key, current, ttl, at);
        },
        () => {
          // Redis is down: the counts stay pending and go with the next sync.
          counter.inflight = 0;
          counter.pending += sent;
        },
      );
    }

    private schedule(timeWindow: number): void {
      if (this.timer) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        for (const [key, counter] of this.counters) this.flush(key, counter, timeWindow);
      }, flushIntervalMs);
      this.timer.unref();
    }

    /** Drops ended windows; at capacity still, the oldest counter (its pending counts sent). */
    private evict(at: number): void {
      for (const [key, counter] of this.counters) {
        if (at >= counter.resetAt) this.counters.delete(key);
      }
      if (this.counters.size < maxKeys) return;
      const oldest = this.counters.keys().next().value;
      if (oldest === undefined) return;
      const counter = this.counters.get(oldest)!;
      this.counters.delete(oldest);
      if (counter.pending > 0) {
        void add(this.prefix + oldest, counter.pending, counter.resetAt - at).catch(
          () => undefined,
        );
      }
    }
  }

  return class extends SyncedStore {
    constructor(options: RateLimitOptions) {
      super(nameSpace, options);
    }
  };
}

const numberOr = (value: unknown, fallback: number): number =>
  typeof value === 'number' ? value : fallback;
