// KEYS follow WINDOW_KEYS: 1 ev, 2 log, 3 cutoff, 4 u:views, 5 u:last, 6 c:views, 7 c:users,
// 8 cu, 9 p:views, 10 p:users, 11 pu, 12 total, 13 version. Times travel as strings: Lua's
// tostring would print large numbers in exponent form.
const PRELUDE = `
local function bump(zkey, member, delta)
  local score = tonumber(redis.call('ZINCRBY', zkey, -delta, member))
  if score >= 0 then redis.call('ZREM', zkey, member) end
  return -score
end
local function distinct(pairsKey, countsKey, group, user, delta)
  local pair = group .. '\\t' .. user
  local n = redis.call('HINCRBY', pairsKey, pair, delta)
  if delta > 0 and n == 1 then
    redis.call('HINCRBY', countsKey, group, 1)
  elseif delta < 0 and n <= 0 then
    redis.call('HDEL', pairsKey, pair)
    if redis.call('HINCRBY', countsKey, group, -1) <= 0 then redis.call('HDEL', countsKey, group) end
  end
end
local function live(occ, user, cat, plat, delta)
  local left = bump(KEYS[4], user, delta)
  if delta > 0 then
    local last = redis.call('HGET', KEYS[5], user)
    if not last or tonumber(occ) > tonumber(last) then redis.call('HSET', KEYS[5], user, occ) end
  elseif left <= 0 then
    redis.call('HDEL', KEYS[5], user)
  end
  bump(KEYS[6], cat, delta)
  distinct(KEYS[8], KEYS[7], cat, user, delta)
  bump(KEYS[9], plat, delta)
  distinct(KEYS[11], KEYS[10], plat, user, delta)
  redis.call('INCRBY', KEYS[12], delta)
end
local function sweep(newCutoff)
  local cur = redis.call('GET', KEYS[3])
  if not cur then
    redis.call('SET', KEYS[3], newCutoff)
    return 0
  end
  if tonumber(newCutoff) <= tonumber(cur) then return 0 end
  local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. cur, newCutoff)
  for _, id in ipairs(ids) do
    local rec = redis.call('HGET', KEYS[1], id)
    if rec then
      local occ, user, cat, plat = string.match(rec, '^([^\\t]+)\\t([^\\t]+)\\t([^\\t]+)\\t([^\\t]+)$')
      live(occ, user, cat, plat, -1)
    end
  end
  redis.call('SET', KEYS[3], newCutoff)
  if #ids > 0 then redis.call('INCR', KEYS[13]) end
  return #ids
end
`;

/** ARGV: liveFloor, then id, occurred, user, category, platform per view. Returns {live, duplicates, historyOnly}. */
export const APPLY_LUA = `${PRELUDE}
sweep(ARGV[1])
local cutoff = tonumber(redis.call('GET', KEYS[3]))
local added, dup, hist = 0, 0, 0
for i = 2, #ARGV, 5 do
  local id, occ, user, cat, plat = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
  if redis.call('HSETNX', KEYS[1], id, occ .. '\\t' .. user .. '\\t' .. cat .. '\\t' .. plat) == 0 then
    dup = dup + 1
  else
    redis.call('ZADD', KEYS[2], occ, id)
    if tonumber(occ) > cutoff then
      live(occ, user, cat, plat, 1)
      added = added + 1
    else
      hist = hist + 1
    end
  end
end
if added > 0 then redis.call('INCR', KEYS[13]) end
return {added, dup, hist}
`;

/** ARGV: newCutoff, trimAt, trimLimit. Expires views from the live aggregates and trims the log. */
export const SWEEP_LUA = `${PRELUDE}
local expired = sweep(ARGV[1])
local cutoff = redis.call('GET', KEYS[3])
local trimAt = ARGV[2]
if tonumber(trimAt) > tonumber(cutoff) then trimAt = cutoff end
local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', trimAt, 'LIMIT', 0, tonumber(ARGV[3]))
for i = 1, #old, 500 do
  local chunk = {unpack(old, i, math.min(i + 499, #old))}
  redis.call('ZREM', KEYS[2], unpack(chunk))
  redis.call('HDEL', KEYS[1], unpack(chunk))
end
return {expired, #old}
`;

/** ARGV: newCutoff, userLimit, categoryLimit, platformLimit (0 skips a list). */
export const READ_LUA = `${PRELUDE}
sweep(ARGV[1])
local function top(zkey, limit)
  if limit <= 0 then return {} end
  return redis.call('ZRANGE', zkey, 0, limit - 1, 'WITHSCORES')
end
local users = top(KEYS[4], tonumber(ARGV[2]))
local lasts = {}
for i = 1, #users, 2 do lasts[#lasts + 1] = redis.call('HGET', KEYS[5], users[i]) or '0' end
local cats = top(KEYS[6], tonumber(ARGV[3]))
local catUsers = {}
for i = 1, #cats, 2 do catUsers[#catUsers + 1] = redis.call('HGET', KEYS[7], cats[i]) or '0' end
local plats = top(KEYS[9], tonumber(ARGV[4]))
local platUsers = {}
for i = 1, #plats, 2 do platUsers[#platUsers + 1] = redis.call('HGET', KEYS[10], plats[i]) or '0' end
return {
  redis.call('GET', KEYS[13]) or '0', redis.call('GET', KEYS[12]) or '0', redis.call('GET', KEYS[3]) or '0',
  redis.call('ZCARD', KEYS[4]), users, lasts,
  redis.call('ZCARD', KEYS[6]), cats, catUsers,
  redis.call('ZCARD', KEYS[9]), plats, platUsers,
}
`;

/** KEYS: ev, log. ARGV: from (exclusive), to (inclusive). The logged views in (from, to]. */
export const RANGE_LUA = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], ARGV[2])
local out = {}
for i = 1, #ids, 500 do
  local recs = redis.call('HMGET', KEYS[1], unpack(ids, i, math.min(i + 499, #ids)))
  for _, rec in ipairs(recs) do
    if rec then out[#out + 1] = rec end
  end
end
return out
`;

/**
 * KEYS: products ZSET and categories HASH of each user of one bucket, in pairs. ARGV: keep,
 * ttlSeconds, then per user: the number of views n, then product, category, viewedAt n times.
 * A product keeps its newest view, so replays change nothing.
 */
export const RECENT_WRITE_LUA = `
local keep, ttl = tonumber(ARGV[1]), ARGV[2]
local a = 3
for k = 1, #KEYS, 2 do
  local zkey, ckey = KEYS[k], KEYS[k + 1]
  local n = tonumber(ARGV[a])
  a = a + 1
  for _ = 1, n do
    local product, cat, at = ARGV[a], ARGV[a + 1], ARGV[a + 2]
    a = a + 3
    if redis.call('ZADD', zkey, 'GT', 'CH', at, product) == 1 then redis.call('HSET', ckey, product, cat) end
  end
  local extra = redis.call('ZCARD', zkey) - keep
  if extra > 0 then
    local gone = redis.call('ZRANGE', zkey, 0, extra - 1)
    redis.call('ZREM', zkey, unpack(gone))
    redis.call('HDEL', ckey, unpack(gone))
  end
  redis.call('EXPIRE', zkey, ttl)
  redis.call('EXPIRE', ckey, ttl)
end
return 1
`;

/** KEYS: products, categories. ARGV: limit. Newest first: product, viewedAt, category. */
export const RECENT_READ_LUA = `
local items = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
local out = {}
for i = 1, #items, 2 do
  out[#out + 1] = items[i]
  out[#out + 1] = items[i + 1]
  out[#out + 1] = redis.call('HGET', KEYS[2], items[i]) or 'unknown'
end
return out
`;

/**
 * Erasure (docs/privacy.md). ARGV: the number of user ids n, the n ids, then event ids found in
 * the log for them. Each of those views still held leaves the live aggregates (when live), the
 * log and the dedupe index, exactly as the sweep would expire it. Returns {removed, live}.
 */
export const ERASE_VIEWS_LUA = `${PRELUDE}
local n = tonumber(ARGV[1])
local users = {}
for i = 2, n + 1 do users[ARGV[i]] = true end
local cutoff = tonumber(redis.call('GET', KEYS[3]) or '0')
local removed, wasLive = 0, 0
for i = n + 2, #ARGV do
  local id = ARGV[i]
  local rec = redis.call('HGET', KEYS[1], id)
  if rec then
    local occ, user, cat, plat = string.match(rec, '^([^\\t]+)\\t([^\\t]+)\\t([^\\t]+)\\t([^\\t]+)$')
    if user and users[user] then
      if tonumber(occ) > cutoff then
        live(occ, user, cat, plat, -1)
        wasLive = wasLive + 1
      end
      redis.call('HDEL', KEYS[1], id)
      redis.call('ZREM', KEYS[2], id)
      removed = removed + 1
    end
  end
end
if wasLive > 0 then redis.call('INCR', KEYS[13]) end
return {removed, wasLive}
`;
