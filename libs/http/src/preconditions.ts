import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors';

/**
 * Optimistic concurrency for configuration writes. A stored definition's entity tag is the md5
 * of its jsonb text, computed by PostgreSQL (jsonb text is canonical: key order and spacing do
 * not change it), so a write compares and swaps in one statement.
 */
export const etagSql = (column: string): string => `md5(${column}::text)`;

export const etagHeader = (md5: string): string => `"${md5}"`;

/** What `If-Match` asks for: nothing, any current version (`*`), or the version a client read. */
export type Precondition = undefined | { any: true } | { md5: string };

export function preconditionOf(request: FastifyRequest): Precondition {
  const given: string | string[] | undefined = request.headers['if-match'];
  if (given === undefined) return undefined;
  const value = (typeof given === 'string' ? given : (given[0] ?? '')).trim();
  if (value === '*') return { any: true };
  const tag = /^"([0-9a-f]{32})"$/.exec(value);
  // A tag we never issued cannot match: the write is refused as stale rather than ignored.
  return { md5: tag?.[1] ?? 'no-such-version' };
}

/** The md5 a compare-and-swap statement compares with, or null to write unconditionally. */
export const expectedMd5 = (precondition: Precondition): string | null =>
  precondition && 'md5' in precondition ? precondition.md5 : null;

export const preconditionFailed = (what: string): HttpError =>
  new HttpError(
    'PRECONDITION_FAILED',
    `${what} changed since it was read (If-Match does not match its ETag); read it again and retry`,
  );
