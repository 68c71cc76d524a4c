import { createHmac } from 'node:crypto';

/** HMAC-SHA256 of an id under the erasure secret, hex: names a customer without naming them. */
export type IdHasher = (id: string) => string;

export function createIdHasher(secret: string): IdHasher {
  return (id) => createHmac('sha256', secret).update(id).digest('hex');
}

/**
 * What replaces a bank client id in retained payout records: stable per client (the records
 * still add up per client), not reversible without the secret.
 */
export function pseudonymOf(hash: string): string {
  return `erased:${hash.slice(0, 32)}`;
}
