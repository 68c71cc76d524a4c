import { Type } from '@sinclair/typebox';

/**
 * The demo's credentials (`npm run up`). They are public, so a service refuses them unless
 * ALLOW_INSECURE_DEV_SECRETS=true: the one place they are written, for the supervisor to use
 * and for every service to recognise.
 */
export const DEMO_SECRETS = {
  producerKey: 'demo-producer-key-0001',
  viewerKey: 'demo-viewer-key-0001',
  operatorKey: 'demo-operator-key-0001',
  adminKey: 'demo-admin-key-0001',
  internalToken: 'demo-internal-token-0001',
  jwtSecret: 'demo-jwt-secret-change-me-0123456789abcdef',
} as const;

/** How a service treats credentials, the same in every service. */
export const SecretsEnv = Type.Object({
  /** The local-development switch: weak, placeholder or demo secrets are then only warned about. */
  ALLOW_INSECURE_DEV_SECRETS: Type.Boolean({ default: false }),
  /** Failed authentications per client address and minute before answering 429. */
  AUTH_FAILURES_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 30 }),
});

export const MIN_SECRET_LENGTH = 32;
/** About the entropy of 32 random hexadecimal characters, estimated from character frequencies. */
export const MIN_SECRET_BITS = 100;
const PLACEHOLDER =
  /replace[_-]?me|change[_-]?me|changeit|placeholder|example|your[_-]?(key|token|secret)|^(secret|password|token|test)$/i;
const DEMO_VALUES = new Set<string>(Object.values(DEMO_SECRETS));

/** Shannon entropy of the value's own character frequencies, times its length, in bits. */
export function estimatedBits(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perChar = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * value.length;
}

/** Why a secret must not be used in production, or undefined when it may. */
export function secretProblem(value: string): string | undefined {
  if (DEMO_VALUES.has(value)) return 'is one of the demo credentials, which are public';
  if (PLACEHOLDER.test(value)) return 'is a placeholder';
  if (value.length < MIN_SECRET_LENGTH) {
    return `is shorter than ${MIN_SECRET_LENGTH} characters (generate one with: openssl rand -base64 32)`;
  }
  if (estimatedBits(value) < MIN_SECRET_BITS) {
    return 'is too predictable (generate one with: openssl rand -base64 32)';
  }
  return undefined;
}

export interface SecretCheckOutcome {
  /** Problems tolerated by the local-development switch, to be logged as warnings. */
  warnings: string[];
}

/**
 * Checks named secrets (undefined ones are skipped: whether a secret is required is the schema's
 * business). Without the switch the first problem throws, naming the variable; with it, every
 * problem comes back as a warning.
 */
export function checkSecrets(
  secrets: Record<string, string | readonly string[] | undefined>,
  allowInsecure: boolean,
): SecretCheckOutcome {
  const warnings: string[] = [];
  for (const [variable, value] of Object.entries(secrets)) {
    const values = value === undefined ? [] : typeof value === 'string' ? [value] : value;
    for (const [index, one] of values.entries()) {
      const problem = secretProblem(one);
      if (!problem) continue;
      const where = values.length > 1 ? `${variable} (entry ${index + 1})` : variable;
      const message = `${where} ${problem}`;
      if (!allowInsecure) {
        throw new Error(
          `${message}; set a strong secret, or ALLOW_INSECURE_DEV_SECRETS=true for local development only`,
        );
      }
      warnings.push(message);
    }
  }
  return { warnings };
}
