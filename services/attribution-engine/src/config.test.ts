import { TEST_SECRETS } from '@tributary/testing';
import { loadAttributionConfig } from './config';

const TOKEN = { INTERNAL_API_TOKEN: TEST_SECRETS.internalToken };

describe('loadAttributionConfig', () => {
  it('defaults to the nightly 02:00 run on port 9094', () => {
    const config = loadAttributionConfig(TOKEN);
    expect(config).toMatchObject({
      ATTRIBUTION_CRON: '0 2 * * *',
      HTTP_PORT: 9094,
      ATTRIBUTION_WINDOW_DAYS: 30,
    });
  });

  it.each([
    [{ ATTRIBUTION_CRON: 'every night' }, /ATTRIBUTION_CRON/],
    [{ ATTRIBUTION_MARKOV_ORDER: '5' }, /ATTRIBUTION_MARKOV_ORDER/],
    [{ ATTRIBUTION_HALF_LIFE_DAYS: '0' }, /ATTRIBUTION_HALF_LIFE_DAYS/],
    [{ ATTRIBUTION_MODELS: 'linear,magic' }, /unknown model "magic"/],
    [{ ATTRIBUTION_TRANSFORMS: 'shuffle' }, /unknown path transform "shuffle"/],
    [{ TIME_ZONE: 'Mars/Olympus' }, /TIME_ZONE/],
  ])('fails naming the variable (%j)', (env, message) => {
    expect(() => loadAttributionConfig({ ...TOKEN, ...env })).toThrow(message);
  });

  it('will not start without a strong internal token: its API has no open mode', () => {
    expect(() => loadAttributionConfig({})).toThrow(/INTERNAL_API_TOKEN/);
    expect(() => loadAttributionConfig({ INTERNAL_API_TOKEN: 'short' })).toThrow(
      /INTERNAL_API_TOKEN is shorter than 32/,
    );
  });
});
