import type { IdentityLink } from '../domain/identity-links';

/**
 * Applies addIdentityLink to a batch: per anonymous id the earliest (linked_at, user_id) wins,
 * within the batch and against the table. RETURNING lists the links that changed with the user
 * they replaced (null when new): the events of those anonymous ids must be re-stitched under
 * both users.
 */
export const UPSERT_IDENTITY_LINKS_SQL = `
WITH input AS (
  SELECT DISTINCT ON (anonymous_id) anonymous_id, user_id, linked_at
  FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS i(anonymous_id, user_id, linked_at)
  ORDER BY anonymous_id, linked_at, user_id COLLATE "C"
),
previous AS (
  SELECT l.anonymous_id, l.user_id FROM identity_links l JOIN input USING (anonymous_id)
),
changed AS (
  INSERT INTO identity_links AS l (anonymous_id, user_id, linked_at)
  SELECT anonymous_id, user_id, linked_at FROM input
  ON CONFLICT (anonymous_id) DO UPDATE SET user_id = EXCLUDED.user_id, linked_at = EXCLUDED.linked_at
  WHERE (EXCLUDED.linked_at, EXCLUDED.user_id) < (l.linked_at, l.user_id)
  RETURNING anonymous_id, user_id, linked_at
)
SELECT c.anonymous_id, c.user_id, c.linked_at, p.user_id AS previous_user_id
FROM changed c LEFT JOIN previous p USING (anonymous_id)`;

export function upsertIdentityLinksParams(links: readonly IdentityLink[]): unknown[] {
  return [
    links.map((l) => l.anonymousId),
    links.map((l) => l.userId),
    links.map((l) => l.linkedAt),
  ];
}
