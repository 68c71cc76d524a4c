import type { PoolClient } from '@tributary/postgres';
import type { IdentityLink } from '../domain/identity-links';
import type { JourneyEvent } from '../domain/journey-event';
import { stitchLockKeys } from '../domain/stitch-lock-keys';
import { linkedUsers } from './stitch-scope';
import {
  MAX_CUSTOMER_LOCKS,
  lockCustomers,
  lockStitching,
  lockStitchingShared,
} from './stitch-lock';

/** What a batch holds: every stitcher excluded, or the listed customers. */
export type BatchLocks = { exclusive: true } | { exclusive: false; customers: Set<string> };

/**
 * Locks what a batch is about to change, before it touches identity links. The keys depend on
 * the stored links, which a concurrent batch may change until we hold them, so the keys are read
 * again under the locks until nothing new turns up. The first round locks in key order; a later
 * round (a concurrent link change, rare) may not, and PostgreSQL's deadlock detector then aborts
 * one of the batches, which the consumer retries.
 */
export async function lockBatch(
  client: PoolClient,
  fresh: readonly JourneyEvent[],
  batchLinks: readonly IdentityLink[],
): Promise<BatchLocks> {
  const anonymousIds = [
    ...new Set([
      ...fresh.flatMap((e) => (e.userId === null && e.anonymousId !== null ? [e.anonymousId] : [])),
      ...batchLinks.map((l) => l.anonymousId),
    ]),
  ];
  const customers = new Set<string>();
  for (;;) {
    const keys = stitchLockKeys(fresh, batchLinks, await linkedUsers(client, anonymousIds));
    if (customers.size === 0 && keys.size > MAX_CUSTOMER_LOCKS) {
      await lockStitching(client);
      return { exclusive: true };
    }
    const missing = [...keys].filter((k) => !customers.has(k));
    if (missing.length === 0) return { exclusive: false, customers };
    if (customers.size === 0) await lockStitchingShared(client);
    await lockCustomers(client, missing);
    for (const k of missing) customers.add(k);
  }
}

/** Locks customers a batch's changes reach beyond what lockBatch foresaw (none, by its keys). */
export async function lockAlso(
  client: PoolClient,
  locks: BatchLocks,
  customerIds: readonly string[],
): Promise<void> {
  if (locks.exclusive) return;
  const missing = customerIds.filter((c) => !locks.customers.has(c));
  await lockCustomers(client, missing);
  for (const c of missing) locks.customers.add(c);
}
