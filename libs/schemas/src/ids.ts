import { Type } from '@sinclair/typebox';

/**
 * The id contract shared by every edge of the campaign engine: definitions over HTTP, CDC
 * extraction, `goals.achieved`, and the tables. A value outside it is refused where it enters,
 * with its reason, never accepted upstream and lost downstream.
 *
 * Entity ids (goal, stream, campaign, limit) are positive integers that fit PostgreSQL `integer`,
 * the type campaign-core stores them as: going to bigint would need every reader of those columns
 * to handle int8 (pg returns it as a string), so the limit is the narrower one, enforced
 * everywhere. Client ids are opaque text without whitespace or control characters (PostgreSQL
 * text refuses U+0000), at most 64 characters, the limit of `goals.achieved`.
 */
export const ID_LIMITS = {
  entityIdMax: 2_147_483_647,
  clientIdMaxLength: 64,
  /** Amounts (targets, earnings, source amounts) in absolute value. */
  amountMax: 1e15,
  /** Event times: the range of a JavaScript Date, in epoch milliseconds. */
  epochMsMax: 8.64e15,
} as const;

/** A goal, stream, campaign or limit id as it crosses topics and tables. */
export const EntityId = Type.Integer({ minimum: 1, maximum: ID_LIMITS.entityIdMax });

const CLIENT_ID_PATTERN = '^[^\\s\\u0000-\\u001f\\u007f]+$';
const clientIdPattern = new RegExp(CLIENT_ID_PATTERN);

export const ClientId = Type.String({
  minLength: 1,
  maxLength: ID_LIMITS.clientIdMaxLength,
  pattern: CLIENT_ID_PATTERN,
});

/** Why `value` is not a client id under the contract, or null when it is one. */
export function clientIdProblem(value: string): string | null {
  const problem = idTextProblem(value, ID_LIMITS.clientIdMaxLength);
  if (problem) return problem;
  return clientIdPattern.test(value) ? null : 'contains whitespace or a control character';
}

/**
 * Other text ids (record ids, references): stored as PostgreSQL text, so no control characters
 * (U+0000 is refused by the database), within their own length limit.
 */
export function idTextProblem(value: string, maxLength: number): string | null {
  if (value.length === 0) return 'is empty';
  if (value.length > maxLength) return `is ${value.length} characters, the limit is ${maxLength}`;
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'contains a control character';
  return null;
}

/**
 * The entity id a seed id (a JSON integer, or its canonical decimal text) stands for, or a
 * reason: `3000000000` is refused here rather than by campaign-core's `integer` columns.
 */
export function toEntityId(
  value: unknown,
): { ok: true; id: number } | { ok: false; reason: string } {
  const id =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (Number.isInteger(id) && id >= 1 && id <= ID_LIMITS.entityIdMax) return { ok: true, id };
  return { ok: false, reason: `must be an integer from 1 to ${ID_LIMITS.entityIdMax}` };
}
