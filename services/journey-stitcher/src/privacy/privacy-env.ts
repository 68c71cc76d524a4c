import { Type } from '@sinclair/typebox';
import { checkSecrets } from '@tributary/config';
import { PAYOUT_RETENTIONS } from '@tributary/privacy';

/**
 * Erasure and access (docs/privacy.md). Without ERASURE_HMAC_SECRET: no erasure routes and no
 * suppression check (a warning at start); the secret alone: the check runs, the routes need the
 * token too.
 */
export const StitcherPrivacyEnv = Type.Object({
  /** HMAC key naming erased ids in the suppression list and the audit. */
  ERASURE_HMAC_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  /** The token query-api (and the erasure CLI's operators, through it) present. */
  INTERNAL_API_TOKEN: Type.Optional(Type.String({ minLength: 1 })),
  PAYOUT_RETENTION: Type.Union(
    PAYOUT_RETENTIONS.map((p) => Type.Literal(p)),
    { default: 'pseudonymise' },
  ),
  /** At least the events topic's retention.ms, in hours (Kafka's default is 168). */
  ERASURE_SUPPRESSION_HOURS: Type.Integer({ minimum: 1, maximum: 24 * 3650, default: 168 }),
});

export interface StitcherPrivacySettings {
  ERASURE_HMAC_SECRET?: string;
  INTERNAL_API_TOKEN?: string;
  ALLOW_INSECURE_DEV_SECRETS: boolean;
}

/**
 * Secrets are checked like every service's. The token alone is not an error: every service of
 * a deployment gets the same INTERNAL_API_TOKEN, and erasure stays off (warned) until the secret
 * is set.
 */
export function checkPrivacySettings(config: StitcherPrivacySettings): void {
  checkSecrets(
    {
      ERASURE_HMAC_SECRET: config.ERASURE_HMAC_SECRET,
      INTERNAL_API_TOKEN: config.INTERNAL_API_TOKEN,
    },
    config.ALLOW_INSECURE_DEV_SECRETS,
  );
}
