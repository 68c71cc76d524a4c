import { TEST_SECRETS, internalHeaders } from '@tributary/testing';
import { loadJose } from '../../services/query-api/src/auth/load-jose';
import { JWT_SECRET, KEYS } from '../../services/query-api/src/test-support/test-gateway';
import type { CallerKind } from './platform';

export type RoleName = 'customer' | 'viewer' | 'operator' | 'admin';
type Headers = Record<string, string>;

/** The right credential of each role, for each kind of service. */
export function credential(
  kind: CallerKind,
  role: RoleName | 'producer',
  clientId = '42',
): Headers {
  if (kind === 'producer') {
    return role === 'producer'
      ? { 'x-api-key': TEST_SECRETS.producerKey }
      : { 'x-api-key': KEYS.viewer };
  }
  if (kind === 'internal') {
    return role === 'producer'
      ? { 'x-api-key': TEST_SECRETS.producerKey }
      : internalHeaders(role, clientId);
  }
  switch (role) {
    case 'producer':
      return { 'x-api-key': TEST_SECRETS.producerKey };
    case 'customer':
      return { 'x-api-key': KEYS.customer42 };
    default:
      return { 'x-api-key': KEYS[role] };
  }
}

const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;

/** Credentials that must never authenticate anyone, by name. */
export async function forgedCredentials(kind: CallerKind): Promise<Record<string, Headers>> {
  if (kind === 'producer') {
    return {
      'unknown key': { 'x-api-key': 'x'.repeat(40) },
      'key as bearer, unknown': { authorization: `Bearer ${'y'.repeat(40)}` },
      // Segment's scheme: the write key as Basic user with an empty password, and nothing else.
      'Basic, unknown key': { authorization: basic(`${'b'.repeat(40)}:`) },
      'Basic, right key with a password': {
        authorization: basic(`${TEST_SECRETS.producerKey}:pw`),
      },
      'Basic, right key as the password': { authorization: basic(`:${TEST_SECRETS.producerKey}`) },
      'Basic, right key without the colon': { authorization: basic(TEST_SECRETS.producerKey) },
    };
  }
  if (kind === 'internal') {
    return {
      'wrong internal token': { ...internalHeaders('admin'), 'x-internal-token': 'z'.repeat(40) },
      'role without token': { 'x-tributary-role': 'admin' },
      'token without role': { 'x-internal-token': TEST_SECRETS.internalToken },
      'unknown role': { ...internalHeaders('admin'), 'x-tributary-role': 'root' },
      'customer without client id': {
        'x-internal-token': TEST_SECRETS.internalToken,
        'x-tributary-role': 'customer',
      },
    };
  }
  const { SignJWT } = loadJose();
  const key = (secret: string) => new TextEncoder().encode(secret);
  const claims = { sub: 'attacker', role: 'admin' };
  const now = Math.floor(Date.now() / 1000);
  const expired = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(now - 7200)
    .setExpirationTime(now - 3600)
    .sign(key(JWT_SECRET));
  const wrongKey = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('5m')
    .sign(key('w'.repeat(48)));
  const noExp = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .sign(key(JWT_SECRET));
  const tooLong = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('30d')
    .sign(key(JWT_SECRET));
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: now + 300 })}.`;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  return {
    'unknown API key': { 'x-api-key': 'q'.repeat(40) },
    'expired JWT': bearer(expired),
    'unsigned JWT (alg none)': bearer(unsigned),
    'JWT signed with another key': bearer(wrongKey),
    'JWT without exp': bearer(noExp),
    'JWT valid for 30 days': bearer(tooLong),
    'producer key': { 'x-api-key': TEST_SECRETS.producerKey },
  };
}
