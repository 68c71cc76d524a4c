import { hash } from 'node:crypto';
import { checkSecrets } from '@tributary/config';
import { isRole, type Principal } from '@tributary/http';

/** sha256(key) hex -> principal; keys themselves are never kept or logged. */
export type ApiKeyTable = ReadonlyMap<string, Principal>;

// One-shot hash: no Hash object per request.
export const digestKey = (key: string): string => hash('sha256', key, 'hex');

/**
 * Reads `{"<key>": "viewer", "<key>": "customer,<client-id>"}`; errors name API_KEYS_JSON. Keys
 * are secrets: a weak, placeholder or demo key is refused unless `allowInsecure`.
 */
export function parseApiKeys(json: string, allowInsecure = false): ApiKeyTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('API_KEYS_JSON: not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('API_KEYS_JSON: expected an object of key -> "role[,client-id]"');
  }
  const table = new Map<string, Principal>();
  for (const [key, value] of Object.entries(parsed)) {
    checkSecrets({ API_KEYS_JSON: key }, allowInsecure);
    if (typeof value !== 'string')
      throw new Error('API_KEYS_JSON: values are "role" or "role,client-id"');
    const [role, clientId] = value.split(',').map((s) => s.trim());
    if (!isRole(role)) throw new Error(`API_KEYS_JSON: unknown role "${String(role)}"`);
    if (role === 'customer' && !clientId)
      throw new Error('API_KEYS_JSON: a customer key needs a client id');
    const digest = digestKey(key);
    table.set(digest, {
      id: `key:${digest.slice(0, 16)}`,
      role,
      ...(role === 'customer' ? { clientId } : {}),
      via: 'api-key',
    });
  }
  return table;
}
