import { Type, type Static } from '@sinclair/typebox';
import { PAYOUT_RETENTIONS } from './payout-policy';

/** The erasure settings of the service that runs erasures and of every suppression reader. */
export const SuppressionEnv = Type.Object({
  /**
   * Key of the HMAC that names erased ids in the suppression list and the audit; the same value
   * everywhere the list is read. Rotating it forgets the current suppressions.
   */
  ERASURE_HMAC_SECRET: Type.String({ minLength: 1 }),
});

export const ErasureEnv = Type.Composite([
  SuppressionEnv,
  Type.Object({
    /** `keep` or `pseudonymise` the payout records of an erased bank client (docs/privacy.md). */
    PAYOUT_RETENTION: Type.Union(
      PAYOUT_RETENTIONS.map((p) => Type.Literal(p)),
      { default: 'pseudonymise' },
    ),
    /** How long an erased id stays suppressed: at least the events topic's retention.ms. */
    ERASURE_SUPPRESSION_HOURS: Type.Integer({ minimum: 1, maximum: 24 * 3650, default: 168 }),
  }),
]);
export type ErasureSettings = Static<typeof ErasureEnv>;
