import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors';

/**
 * One list envelope for every list route: `{ "items": [...], "next": "<path?query>" | null }`.
 * Both keys are single lowercase words, so they are the same in the seed's kebab-case (campaign
 * resources) and in snake_case (everything else): see docs/api.md.
 */
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;

/** A cursor is base64url text we issued; anything longer than this is not one of ours. */
const Cursor = Type.String({ minLength: 1, maxLength: 512, pattern: '^[A-Za-z0-9_-]+$' });

/** The query members a list route accepts on top of its own filters. */
export const PageQueryMembers = {
  limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT }),
  cursor: Type.Optional(Cursor),
};
export const PageQuery = Type.Object(PageQueryMembers);
export type PageQuery = Static<typeof PageQuery>;

export const ListOf = <T extends TSchema>(item: T) =>
  Type.Object(
    {
      items: Type.Array(item),
      next: Type.Union([Type.String(), Type.Null()], {
        description: 'path and query of the next page (same filters), or null on the last page',
      }),
    },
    { additionalProperties: false },
  );

export interface Page<T> {
  items: T[];
  next: string | null;
}

/** A position in a list's order: the sort key of the last item a page returned. */
export type SortKey = readonly (string | number)[];

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The sort key a cursor names; a cursor we could not have issued is the client's error (400). */
export function decodeCursor(cursor: string, arity: number): SortKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid =
    Array.isArray(key) &&
    key.length === arity &&
    key.every((part) => typeof part === 'string' || Number.isFinite(part));
  if (!valid) {
    throw new HttpError('BAD_REQUEST', 'cursor is not one this list issued; start from page one', [
      { path: '/cursor', message: 'unknown cursor' },
    ]);
  }
  return key as SortKey;
}

/** Orders two sort keys part by part: numbers by value, strings by UTF-16 code unit. */
export function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * The link to the page after `last`: the request's own path and query (so its filters stay) with
 * `cursor` replaced. A path reference, so it holds behind the gateway, which serves the same paths.
 */
export function nextLink(request: FastifyRequest, last: SortKey): string {
  const url = new URL(request.url, 'http://x');
  url.searchParams.set('cursor', encodeCursor(last));
  return `${url.pathname}?${url.searchParams.toString()}`;
}

export interface PageOptions<T> {
  /** The list's stable order: a unique key per item (the id last, to break ties). */
  keyOf: (item: T) => SortKey;
  descending?: boolean;
}

/**
 * One page of a list read whole (configuration and one client's rows: small sets). The items are
 * put in the key's order here, so the order and the cursor comparison are the same function.
 */
export function pageOf<T>(
  request: FastifyRequest,
  all: readonly T[],
  query: PageQuery,
  options: PageOptions<T>,
): Page<T> {
  const sign = options.descending ? -1 : 1;
  const keyed = all.map((item) => ({ item, key: options.keyOf(item) }));
  keyed.sort((a, b) => sign * compareKeys(a.key, b.key));
  const first = keyed[0];
  const after =
    query.cursor === undefined || first === undefined
      ? undefined
      : decodeCursor(query.cursor, first.key.length);
  const rest =
    after === undefined ? keyed : keyed.filter(({ key }) => sign * compareKeys(key, after) > 0);
  return pageFromRows(
    request,
    rest.map((r) => r.item),
    query.limit,
    (item) => options.keyOf(item),
  );
}

/**
 * A page from rows a store read with `LIMIT limit + 1` after the cursor: the extra row only says
 * that there is a next page.
 */
export function pageFromRows<T>(
  request: FastifyRequest,
  rows: readonly T[],
  limit: number,
  keyOf: (item: T) => SortKey,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    next: rows.length > limit && last !== undefined ? nextLink(request, keyOf(last)) : null,
  };
}
