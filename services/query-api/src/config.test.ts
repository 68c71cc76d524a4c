import { DEMO_SECRETS } from '@tributary/config';
import { TEST_SECRETS } from '@tributary/testing';
import { loadQueryConfig } from './config';

const VIEWER_KEY = 'tst-viewer-Rk7Qp2Wm9Xc4Lv8Nz3Hb6Tj1Gf5y';
const keys = JSON.stringify({ [VIEWER_KEY]: 'viewer' });
const base = { API_KEYS_JSON: keys, INTERNAL_API_TOKEN: TEST_SECRETS.internalToken };

describe('query-api config', () => {
  it('applies the defaults', () => {
    const { config, apiKeys } = loadQueryConfig(base);
    expect(config).toMatchObject({
      HTTP_PORT: 8080,
      SMART_MODEL: 'markov',
      RATE_LIMIT_PER_MINUTE: 600,
      JWT_MAX_LIFETIME_SECONDS: 86_400,
      METRICS_PUBLIC: false,
    });
    expect(apiKeys.size).toBe(1);
  });

  it.each([
    [{ ...base, HTTP_PORT: '99999' }, /HTTP_PORT/],
    [{ ...base, JWT_SECRET: 'short' }, /JWT_SECRET/],
    [{ ...base, CAMPAIGN_GOALS_URL: 'ftp://x' }, /CAMPAIGN_GOALS_URL/],
    [{ ...base, API_KEYS_JSON: '{"k":' }, /API_KEYS_JSON: not valid JSON/],
    [{ ...base, API_KEYS_JSON: `{"${VIEWER_KEY}": "king"}` }, /API_KEYS_JSON: unknown role "king"/],
    [
      { ...base, API_KEYS_JSON: `{"${VIEWER_KEY}": "customer"}` },
      /API_KEYS_JSON: a customer key needs a client id/,
    ],
    [{ ...base, API_KEYS_JSON: '{"short": "viewer"}' }, /API_KEYS_JSON is shorter than 32/],
    [{ ...base, API_KEYS_JSON: '{}' }, /API_KEYS_JSON: configure API keys, JWT_SECRET or JWKS_URL/],
    [{ API_KEYS_JSON: keys }, /INTERNAL_API_TOKEN/],
    [{ ...base, JWT_SECRET: 'x'.repeat(32), JWKS_URL: 'https://idp.example/jwks' }, /JWT_SECRET/],
    [{ ...base, JWT_ALGORITHMS: 'RS256,none' }, /JWT_ALGORITHMS/],
    [{ ...base, JWT_SECRET: DEMO_SECRETS.jwtSecret }, /JWT_SECRET is one of the demo credentials/],
    [
      { ...base, API_KEYS_JSON: JSON.stringify({ [DEMO_SECRETS.viewerKey]: 'viewer' }) },
      /API_KEYS_JSON is one of the demo credentials/,
    ],
  ])('fails naming the variable for %j', (env, message) => {
    expect(() => loadQueryConfig(env)).toThrow(message);
  });

  it('accepts the demo credentials only with the local-development switch', () => {
    const demo = {
      API_KEYS_JSON: JSON.stringify({ [DEMO_SECRETS.viewerKey]: 'viewer' }),
      INTERNAL_API_TOKEN: DEMO_SECRETS.internalToken,
      JWT_SECRET: DEMO_SECRETS.jwtSecret,
    };
    expect(() => loadQueryConfig(demo)).toThrow(/ALLOW_INSECURE_DEV_SECRETS/);
    expect(loadQueryConfig({ ...demo, ALLOW_INSECURE_DEV_SECRETS: 'true' }).apiKeys.size).toBe(1);
  });
});
