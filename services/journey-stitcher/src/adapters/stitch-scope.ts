import type { PoolClient } from '@tributary/postgres';
import type { IdentityLink } from '../domain/identity-links';
import type { ChangedLink, TimeSpan } from '../domain/stitch-changes';
import { UPSERT_IDENTITY_LINKS_SQL, upsertIdentityLinksParams } from '../sql/upsert-identity-links';

/** Applies the batch's links; returns those that changed, with the user each replaced. */
export async function upsertIdentityLinks(
  client: PoolClient,
  links: readonly IdentityLink[],
): Promise<ChangedLink[]> {
  if (links.length === 0) return [];
  const result = await client.query<{
    anonymous_id: string;
    user_id: string;
    previous_user_id: string | null;
  }>(UPSERT_IDENTITY_LINKS_SQL, upsertIdentityLinksParams(links));
  return result.rows.map((r) => ({
    anonymousId: r.anonymous_id,
    userId: r.user_id,
    previousUserId: r.previous_user_id,
  }));
}

/** anonymous id -> linked user, for the given anonymous ids. */
export async function linkedUsers(
  client: PoolClient,
  anonymousIds: readonly string[],
): Promise<Map<string, string>> {
  if (anonymousIds.length === 0) return new Map();
  const result = await client.query<{ anonymous_id: string; user_id: string }>(
    'SELECT anonymous_id, user_id FROM identity_links WHERE anonymous_id = ANY($1::text[])',
    [anonymousIds],
  );
  return new Map(result.rows.map((r) => [r.anonymous_id, r.user_id]));
}

/** The occurred_at span of the stored anonymous-only events of each anonymous id. */
export async function anonymousSpans(
  client: PoolClient,
  anonymousIds: readonly string[],
): Promise<Map<string, TimeSpan>> {
  if (anonymousIds.length === 0) return new Map();
  const result = await client.query<{ anonymous_id: string; first_at: Date; last_at: Date }>(
    `SELECT customer_id AS anonymous_id, min(occurred_at) AS first_at, max(occurred_at) AS last_at
     FROM raw_events WHERE customer_id = ANY($1::text[]) AND user_id IS NULL GROUP BY customer_id`,
    [anonymousIds],
  );
  return new Map(result.rows.map((r) => [r.anonymous_id, { first: r.first_at, last: r.last_at }]));
}
