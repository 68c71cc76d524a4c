import { withTransaction, type Pool } from '@tributary/postgres';
import { identityLinkOf, type IdentityLink } from '../domain/identity-links';
import { productCategoriesOf, type RawEventRow } from '../domain/raw-event-row';
import { restitchWindows } from '../domain/restitch-windows';
import { stitchChanges } from '../domain/stitch-changes';
import type { StitchingPolicy } from '../domain/stitching-policy';
import { INSERT_RAW_EVENTS_SQL, insertRawEventsParams } from '../sql/insert-raw-events';
import { RESTITCH_JOURNEYS_SQL, restitchJourneysParams } from '../sql/restitch-journeys';
import { UPSERT_PRODUCTS_SQL, upsertProductsParams } from '../sql/upsert-products';
import { markUnpublished } from './journey-outbox';
import type { JourneyRow } from './journey-rows';
import { anonymousSpans, linkedUsers, upsertIdentityLinks } from './stitch-scope';
import { lockStitching } from './stitch-lock';

export interface StoredBatch {
  /** Events new to the warehouse (a redelivery stores none). */
  inserted: number;
  /** Journeys written (new or changed) by this batch: the ones to publish. */
  journeys: JourneyRow[];
}

/**
 * One transaction per batch: raw events (idempotent), products, identity links, the re-stitch of
 * every window the new events and changed links touch (one statement), and the outbox marks of
 * the journeys it wrote. Only new events widen the scope, so a replayed batch writes nothing.
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

    const products = fresh.flatMap((r) => productCategoriesOf(r.payload));
    if (products.length > 0)
      await client.query(UPSERT_PRODUCTS_SQL, upsertProductsParams(products));

    await lockStitching(client);
    const changedLinks = await upsertIdentityLinks(
      client,
      fresh.map(identityLinkOf).filter((l): l is IdentityLink => l !== null),
    );
    const anonymousOnly = [
      ...new Set(fresh.filter((r) => r.userId === null).map((r) => r.customerId)),
    ];
    const links = await linkedUsers(client, anonymousOnly);
    const spans = await anonymousSpans(
      client,
      changedLinks.map((l) => l.anonymousId),
    );
    const windows = restitchWindows(
      stitchChanges(fresh, links, changedLinks, spans),
      policy.lookbackMs,
    );
    const stitched = await client.query<JourneyRow>(
      RESTITCH_JOURNEYS_SQL,
      restitchJourneysParams(windows, policy, now()),
    );
    await markUnpublished(client, stitched.rows);
    return { inserted: fresh.length, journeys: stitched.rows };
  });
}
