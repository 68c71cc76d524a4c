import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * Why an erasure was asked for: a closed list, so the audit never holds free text that could
 * name the person.
 */
export const ERASURE_REASONS = [
  'subject-request',
  'regulator-order',
  'account-closure',
  'consent-withdrawn',
] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

// Ids follow the event contract: no whitespace, at most 256 characters.
const Id = Type.String({ minLength: 1, maxLength: 256, pattern: '^\\S+$' });

const Reason = Type.Union(ERASURE_REASONS.map((r) => Type.Literal(r)));

function requestBody<T extends Record<string, TSchema>>(extra: T, $id: string) {
  return Type.Union(
    [
      Type.Object({ user_id: Id, reason: Reason, ...extra }, { additionalProperties: false }),
      Type.Object({ anonymous_id: Id, reason: Reason, ...extra }, { additionalProperties: false }),
    ],
    { $id },
  );
}

/** POST /v1/admin/erasures: exactly one of user_id, anonymous_id, and a reason. */
export const ErasureRequestBody = requestBody({}, 'ErasureRequest');
export type ErasureRequestBody = Static<typeof ErasureRequestBody>;

/**
 * What query-api forwards to the service that runs erasures: the same, plus who asked, taken
 * from the operator's credential (never from the operator's body).
 */
export const InternalErasureBody = requestBody(
  { requested_by: Type.String({ minLength: 1, maxLength: 200 }) },
  'InternalErasureRequest',
);
export type InternalErasureBody = Static<typeof InternalErasureBody>;

export type SubjectKind = 'user_id' | 'anonymous_id';

/** Whom to erase, as requested. */
export interface ErasureSubject {
  kind: SubjectKind;
  id: string;
}

export function subjectOf(body: ErasureRequestBody): ErasureSubject {
  return 'user_id' in body
    ? { kind: 'user_id', id: body.user_id }
    : { kind: 'anonymous_id', id: body.anonymous_id };
}
