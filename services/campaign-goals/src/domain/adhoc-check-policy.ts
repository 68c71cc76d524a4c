import type { AdhocValidation } from '@tributary/schemas';

/**
 * R15: first-check caches a true answer for (client, campaign) for the campaign's lifetime, so a
 * cached true means no call; every-check asks every time. False and errors are never cached.
 */
export function needsAdhocCall(validation: AdhocValidation, cachedTrue: boolean): boolean {
  return validation === 'every-check' || !cachedTrue;
}

export function shouldCacheAdhocResult(validation: AdhocValidation, value: boolean): boolean {
  return validation === 'first-check' && value;
}
