/**
 * Strong-looking credentials for tests: they pass the services' secret checks (unlike the demo's
 * public ones), so tests run the same checks production does. Never used outside tests.
 */
export const TEST_SECRETS = {
  producerKey: 'tst-producer-7Qm2xV9pLr4KcW8nZb3HfT6yJd1s',
  otherProducerKey: 'tst-producer-Xk4Pn8Rw2Lq7Ts5Vz9Mb3Gh6Yc1d',
  internalToken: 'tst-internal-Vh3Nq8Kc5Wz2Rm7Lp4Xb9Tf6Js1y',
  jwtSecret: 'tst-jwt-secret-Ld8Qk3Wv6Zn1Rc9Hm4Xp7Tb2Gf5s',
} as const;

/** The headers query-api forwards to an internal service, for a caller of `role`. */
export function internalHeaders(
  role: 'customer' | 'viewer' | 'operator' | 'admin',
  clientId?: string,
): Record<string, string> {
  return {
    'x-internal-token': TEST_SECRETS.internalToken,
    'x-tributary-role': role,
    ...(clientId === undefined ? {} : { 'x-tributary-client-id': clientId }),
  };
}
