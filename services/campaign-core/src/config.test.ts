import { ConfigError } from '@tributary/config';
import { actionAllowList, loadCampaignCoreConfig } from './config';

describe('campaign-core config', () => {
  it('has the documented defaults', () => {
    const config = loadCampaignCoreConfig({});
    expect(config).toMatchObject({
      HTTP_PORT: 8084,
      TIME_ZONE: 'Europe/Istanbul',
      CLOCK_MODE: 'system',
      CAMPAIGN_GOALS_URL: 'http://127.0.0.1:8083',
      ACTION_TIMEOUT_MS: 5000,
      ACTION_BATCH_SIZE: 50,
      ACTION_CONCURRENCY: 32,
    });
    expect(config.INTERNAL_API_TOKEN).toBeUndefined();
    expect(actionAllowList(config)).toEqual([]);
  });

  it('reads the action allow-list: scheme, host, port, +private', () => {
    const list = actionAllowList(
      loadCampaignCoreConfig({
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
      loadCampaignCoreConfig({ ACTION_ALLOWED_HOSTS: 'https://api.example.com/pay' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow('ACTION_ALLOWED_HOSTS: "https://api.example.com/pay" must be');
  });

  it.each([
    ['CLOCK_MODE', 'sometimes'],
    ['ACTION_TIMEOUT_MS', '10'],
    ['ACTION_CONCURRENCY', '0'],
    ['CAMPAIGN_GOALS_URL', 'ftp://goals'],
    ['INTERNAL_API_TOKEN', 'short'],
  ])('rejects a bad %s, naming the variable', (variable, value) => {
    expect(() => loadCampaignCoreConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadCampaignCoreConfig({ [variable]: value })).toThrow(variable);
  });
});
