import { createHmac } from 'node:crypto';

/** HMAC-SHA256 of an id under the erasure secret, hex: names a customer without naming them. */
export type IdHasher = (id: string) => string;

/**
 * `cacheSize` > 0 remembers that many recent ids' hashes: the consumers hash every batch's ids,
 * the same customers recur, and one HMAC costs about 10 µs on a busy 2-core host (a cached
 * lookup under 1 µs). The cache starts over when full; it holds ids this process already holds.
 */
export function createIdHasher(secret: string, cacheSize = 0): IdHasher {
  const hmac = (id: string) => createHmac('sha256', secret).update(id).digest('hex');
  if (cacheSize <= 0) return hmac;
  let cache = new Map<string, string>();
  return (id) => {
    let hash = cache.get(id);
    if (hash === undefined) {
      hash = hmac(id);
      if (cache.size >= cacheSize) cache = new Map();
      cache.set(id, hash);
    }
    return hash;
  };
}

/**
 * What replaces a bank client id in retained payout records: stable per client (the records
 * still add up per client), not reversible without the secret.
 */
export function pseudonymOf(hash: string): string {
  return `erased:${hash.slice(0, 32)}`;
}
