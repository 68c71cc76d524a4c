import { ConfigError, DEMO_SECRETS } from '@tributary/config';
import { TEST_SECRETS } from '@tributary/testing';
import { actionAllowList, loadCampaignCoreConfig } from './config';

const TOKEN = { INTERNAL_API_TOKEN: TEST_SECRETS.internalToken };

describe('campaign-core config', () => {
  it('has the documented defaults', () => {
    const config = loadCampaignCoreConfig(TOKEN);
    expect(config).toMatchObject({
      HTTP_PORT: 8084,
      TIME_ZONE: 'Europe/Istanbul',
      CLOCK_MODE: 'system',
      CAMPAIGN_GOALS_URL: 'http://127.0.0.1:8083',
      ACTION_TIMEOUT_MS: 5000,
      ACTION_BATCH_SIZE: 50,
      ACTION_CONCURRENCY: 32,
    });
    expect(actionAllowList(config)).toEqual([]);
  });

  it('reads the action allow-list: scheme, host, port, +private', () => {
    const list = actionAllowList(
      loadCampaignCoreConfig({
        ...TOKEN,
        ACTION_ALLOWED_HOSTS: 'API.example.com, http://127.0.0.1:9000+private',
      }),
    );
    expect(
      list.map(({ protocol, host, port, allowPrivate }) => [protocol, host, port, allowPrivate]),
    ).toEqual([
      ['https:', 'api.example.com', 443, false],
      ['http:', '127.0.0.1', 9000, true],
    ]);
  });

  it('refuses a bad ACTION_ALLOWED_HOSTS entry at start, naming the variable', () => {
    const load = () =>
      loadCampaignCoreConfig({ ...TOKEN, ACTION_ALLOWED_HOSTS: 'https://api.example.com/pay' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow('ACTION_ALLOWED_HOSTS: "https://api.example.com/pay" must be');
  });

  it.each([
    ['CLOCK_MODE', 'sometimes'],
    ['ACTION_TIMEOUT_MS', '10'],
    ['ACTION_CONCURRENCY', '0'],
    ['CAMPAIGN_GOALS_URL', 'ftp://goals'],
  ])('rejects a bad %s, naming the variable', (variable, value) => {
    expect(() => loadCampaignCoreConfig({ ...TOKEN, [variable]: value })).toThrow(ConfigError);
    expect(() => loadCampaignCoreConfig({ ...TOKEN, [variable]: value })).toThrow(variable);
  });

  it('will not start without an internal token: the API has no open mode', () => {
    expect(() => loadCampaignCoreConfig({})).toThrow(/INTERNAL_API_TOKEN/);
  });

  it.each([
    ['a short token', 'short-token'],
    ['the demo token', DEMO_SECRETS.internalToken],
    ['a placeholder', 'REPLACE_ME_INTERNAL_TOKEN_32_CHARS_LONG_XXXX'],
  ])('refuses %s unless the local-development switch is set', (_name, token) => {
    expect(() => loadCampaignCoreConfig({ INTERNAL_API_TOKEN: token })).toThrow(
      /INTERNAL_API_TOKEN .*ALLOW_INSECURE_DEV_SECRETS/,
    );
    const dev = loadCampaignCoreConfig({
      INTERNAL_API_TOKEN: token,
      ALLOW_INSECURE_DEV_SECRETS: 'true',
    });
    expect(dev.INTERNAL_API_TOKEN).toBe(token);
  });
});
