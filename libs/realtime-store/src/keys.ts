/**
 * Redis key layout (the client's key prefix goes in front of each). Every key one script touches
 * shares a hash tag, so the layout works on Redis Cluster: the window lives in the `{rt}` slot,
 * each user's recently-viewed list in its own `{rv:<user>}` slot.
 */
export const WINDOW_KEYS = [
  '{rt}:ev', // HASH event_id -> "occurred\tuser\tcategory\tplatform": the dedupe index and the log's payload
  '{rt}:log', // ZSET event_id by occurred_at: every accepted view within the retention
  '{rt}:cutoff', // STRING: live aggregates hold exactly the logged views with occurred_at > cutoff
  '{rt}:u:views', // ZSET user -> -views (negative so ZRANGE gives most views first, ties by id)
  '{rt}:u:last', // HASH user -> last occurred_at in the window
  '{rt}:c:views', // ZSET category -> -views
  '{rt}:c:users', // HASH category -> distinct users
  '{rt}:cu', // HASH "category\tuser" -> views (drives distinct users)
  '{rt}:p:views', // ZSET platform -> -views
  '{rt}:p:users', // HASH platform -> distinct users
  '{rt}:pu', // HASH "platform\tuser" -> views
  '{rt}:total', // STRING views in the window
  '{rt}:version', // STRING bumped whenever the live window changes (change feed)
] as const;

/** Present once the store holds a complete state; absent after Redis lost its data. */
export const MARKER_KEY = '{rt}:marker';

/**
 * Users' recently-viewed lists are spread over this many hash tags: one script call per bucket
 * updates all the users of a batch that fall in it (far fewer calls than one per user), and a
 * cluster still spreads the buckets over its nodes.
 */
export const RECENT_BUCKETS = 64;

export function recentBucket(userId: string): number {
  let hash = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < userId.length; i += 1) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % RECENT_BUCKETS;
}

/** A user's products (ZSET product -> viewed_at) and their categories (HASH product -> category). */
export function recentKeys(userId: string): [products: string, categories: string] {
  const tag = `{rv:${recentBucket(userId)}}`;
  return [`${tag}:${userId}:p`, `${tag}:${userId}:c`];
}
