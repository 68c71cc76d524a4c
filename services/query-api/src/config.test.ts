import { loadQueryConfig } from './config';

const keys = JSON.stringify({ 'viewer-key-0123456789': 'viewer' });

describe('query-api config', () => {
  it('applies the defaults', () => {
    const { config, apiKeys } = loadQueryConfig({ API_KEYS_JSON: keys });
    expect(config).toMatchObject({
      HTTP_PORT: 8080,
      SMART_MODEL: 'markov',
      RATE_LIMIT_PER_MINUTE: 600,
      AUTH_DISABLED: false,
    });
    expect(apiKeys.size).toBe(1);
  });

  it.each([
    [{ API_KEYS_JSON: keys, HTTP_PORT: '99999' }, /HTTP_PORT/],
    [{ API_KEYS_JSON: keys, JWT_SECRET: 'short' }, /JWT_SECRET/],
    [{ API_KEYS_JSON: keys, CAMPAIGN_GOALS_URL: 'ftp://x' }, /CAMPAIGN_GOALS_URL/],
    [{ API_KEYS_JSON: '{"k":' }, /API_KEYS_JSON: not valid JSON/],
    [{ API_KEYS_JSON: '{"viewer-key-0123456789": "king"}' }, /API_KEYS_JSON: unknown role "king"/],
    [
      { API_KEYS_JSON: '{"customer-key-0123456789": "customer"}' },
      /API_KEYS_JSON: a customer key needs a client id/,
    ],
    [
      { API_KEYS_JSON: '{"short": "viewer"}' },
      /API_KEYS_JSON: every key needs at least 16 characters/,
    ],
    [{}, /API_KEYS_JSON: configure API keys, JWT_SECRET or JWKS_URL/],
    [
      { JWT_SECRET: 'x'.repeat(32), JWKS_URL: 'https://idp.example/jwks' },
      /set one of them, not both/,
    ],
  ])('fails naming the variable for %j', (env, message) => {
    expect(() => loadQueryConfig(env)).toThrow(message);
  });

  it('starts without credentials only when auth is explicitly disabled', () => {
    expect(loadQueryConfig({ AUTH_DISABLED: 'true' }).config.AUTH_DISABLED).toBe(true);
  });
});
