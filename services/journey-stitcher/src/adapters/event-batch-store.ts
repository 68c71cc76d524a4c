import { withTransaction, type Pool, type PoolClient } from '@tributary/postgres';
import { identityLinkOf, type IdentityLink } from '../domain/identity-links';
import { productCategoriesOf, type RawEventRow } from '../domain/raw-event-row';
import { restitchScope, scopeCustomers, type RestitchScope } from '../domain/restitch-windows';
import { stitchChanges } from '../domain/stitch-changes';
import type { StitchingPolicy } from '../domain/stitching-policy';
import { INSERT_RAW_EVENTS_SQL, insertRawEventsParams } from '../sql/insert-raw-events';
import {
  RESTITCH_EVENTS_ANALYZE_SQL,
  RESTITCH_EVENTS_TABLE_SQL,
  RESTITCH_JOURNEYS_SQL,
  collectMode,
  collectRestitchEventsParams,
  COLLECT_RESTITCH_EVENTS_SQL,
  restitchJourneysParams,
} from '../sql/restitch-journeys';
import { UPSERT_PRODUCTS_SQL, upsertProductsParams } from '../sql/upsert-products';
import { markUnpublished } from './journey-outbox';
import { lockAlso, lockBatch } from './batch-locks';
import type { JourneyRow } from './journey-rows';
import { anonymousSpans, linkedUsers, upsertIdentityLinks } from './stitch-scope';

export interface StoredBatch {
  /** Events new to the warehouse (a redelivery stores none). */
  inserted: number;
  /** Journeys written (new or changed) by this batch: the ones to publish. */
  journeys: JourneyRow[];
}

/**
 * One transaction per batch: raw events (idempotent), identity links, the re-stitch of every
 * window the new events and changed links touch (one statement), the outbox marks of the
 * journeys it wrote, and the products dimension. Only new events widen the scope, so a replayed batch writes nothing.
 */
export async function storeEventBatch(
  pool: Pool,
  rows: readonly RawEventRow[],
  policy: StitchingPolicy,
  now: () => Date,
): Promise<StoredBatch> {
  return withTransaction(pool, async (client) => {
    const inserted = await client.query<{ event_id: string }>(
      INSERT_RAW_EVENTS_SQL,
      insertRawEventsParams(rows),
    );
    const newIds = new Set(inserted.rows.map((r) => r.event_id));
    const fresh = rows.filter((r) => newIds.has(r.eventId));
    if (fresh.length === 0) return { inserted: 0, journeys: [] };

    const batchLinks = fresh.map(identityLinkOf).filter((l): l is IdentityLink => l !== null);
    const locks = await lockBatch(client, fresh, batchLinks);
    const changedLinks = await upsertIdentityLinks(client, batchLinks);
    const anonymousOnly = [
      ...new Set(fresh.filter((r) => r.userId === null).map((r) => r.customerId)),
    ];
    const links = await linkedUsers(client, anonymousOnly);
    const spans = await anonymousSpans(
      client,
      changedLinks.map((l) => l.anonymousId),
    );
    const scope = restitchScope(
      stitchChanges(fresh, links, changedLinks, spans, policy),
      policy.lookbackMs,
    );
    // The keys lockBatch held cover every window's customer; this only guards that reasoning.
    await lockAlso(client, locks, scopeCustomers(scope));
    const journeys = await restitch(client, scope, policy, now());
    await markUnpublished(client, journeys);
    // Last: every batch touches the same popular products, and their row locks are held until
    // COMMIT; taking them late keeps concurrent batches from queueing behind each other.
    const products = fresh.flatMap((r) => productCategoriesOf(r.payload));
    if (products.length > 0)
      await client.query(UPSERT_PRODUCTS_SQL, upsertProductsParams(products));
    return { inserted: fresh.length, journeys };
  });
}

/** The re-stitch statements (see restitch-journeys.ts for why the events go through a table). */
async function restitch(
  client: PoolClient,
  scope: RestitchScope,
  policy: StitchingPolicy,
  now: Date,
): Promise<JourneyRow[]> {
  if (scope.windows.length === 0 && scope.touches.length === 0) return [];
  const mode = collectMode(scope);
  // The collect step's cost estimate (a lateral read per key over every day partition) passes
  // jit_above_cost; compiling ~600 functions then took 400 ms of a 60 ms statement.
  await client.query('SET LOCAL jit = off');
  await client.query(RESTITCH_EVENTS_TABLE_SQL);
  // In scan mode the row estimates of the lateral reads are far off; hash joins are what we want.
  if (mode === 'scan') await client.query('SET LOCAL enable_nestloop = off');
  await client.query(COLLECT_RESTITCH_EVENTS_SQL, collectRestitchEventsParams(scope, policy));
  if (mode === 'scan') await client.query('SET LOCAL enable_nestloop = on');
  await client.query(RESTITCH_EVENTS_ANALYZE_SQL);
  const stitched = await client.query<JourneyRow>(
    RESTITCH_JOURNEYS_SQL,
    restitchJourneysParams(scope, policy, now),
  );
  return stitched.rows;
}
