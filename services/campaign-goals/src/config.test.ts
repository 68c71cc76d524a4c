import { allowListOf, loadGoalsConfig } from './config';

// A strong token, so that only the allow-lists decide here.
const BASE = { INTERNAL_API_TOKEN: 'cfg-test-internal-Qw7Zr2Kp9Lx4Vn6Tb3Hm8Jc5' };

describe('campaign-goals allow-list configuration', () => {
  it('reads ADHOC_ALLOWED_HOSTS and FX_ALLOWED_HOSTS with scheme, host, port and +private', () => {
    const config = loadGoalsConfig({
      ...BASE,
      ADHOC_ALLOWED_HOSTS: 'api.burgan.com.tr, http://127.0.0.1:8099+private',
      FX_HTTP_URL_TEMPLATE: 'https://fx.example.com/{{from}}/{{to}}/{{date}}',
      FX_ALLOWED_HOSTS: 'https://fx.example.com:8443',
    });
    expect(allowListOf(config, 'ADHOC_ALLOWED_HOSTS')).toMatchObject([
      { protocol: 'https:', host: 'api.burgan.com.tr', port: 443, allowPrivate: false },
      { protocol: 'http:', host: '127.0.0.1', port: 8099, allowPrivate: true },
    ]);
    expect(allowListOf(config, 'FX_ALLOWED_HOSTS')).toMatchObject([
      { protocol: 'https:', host: 'fx.example.com', port: 8443, allowPrivate: false },
    ]);
  });

  it.each([
    ['ADHOC_ALLOWED_HOSTS', 'https://api.example.com/getprofile'],
    ['FX_ALLOWED_HOSTS', 'ftp://fx.example.com'],
  ])('a bad %s entry stops the start, naming the variable', (variable, entry) => {
    expect(() => loadGoalsConfig({ ...BASE, [variable]: entry })).toThrow(
      `${variable}: "${entry}" must be`,
    );
  });
});

describe('campaign-goals ad-hoc circuit per host', () => {
  it('defaults to 5 failures in a row and a 30 s cooldown', () => {
    const config = loadGoalsConfig(BASE);
    expect(config.ADHOC_HOST_BREAKER_FAILURES).toBe(5);
    expect(config.ADHOC_HOST_BREAKER_COOLDOWN_MS).toBe(30_000);
  });

  it.each([
    ['ADHOC_HOST_BREAKER_FAILURES', '0'],
    ['ADHOC_HOST_BREAKER_COOLDOWN_MS', 'soon'],
  ])('a bad %s stops the start, naming the variable', (variable, value) => {
    expect(() => loadGoalsConfig({ ...BASE, [variable]: value })).toThrow(variable);
  });
});
