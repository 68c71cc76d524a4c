import { loadStitcherConfig, stitchingPolicyOf } from './config';

describe('journey-stitcher config', () => {
  it('defaults to a 30-day lookback, 24 h lateness and the default touchpoints', () => {
    const config = loadStitcherConfig({});
    expect(config.EVENTS_TOPIC).toBe('events.raw');
    expect(config.JOURNEYS_TOPIC).toBe('journeys');
    expect(config.HTTP_PORT).toBe(9091);
    expect(stitchingPolicyOf(config)).toEqual({
      lookbackMs: 30 * 86_400_000,
      latenessMs: 24 * 3_600_000,
      touchpointTypes: ['ad_click', 'email_click', 'session_start', 'page_view'],
      excludedChannels: ['direct'],
    });
  });

  it('reads the lists and durations from the environment', () => {
    const policy = stitchingPolicyOf(
      loadStitcherConfig({
        LOOKBACK_DAYS: '7',
        LATENESS_HOURS: '0',
        TOUCHPOINT_TYPES: 'ad_click, ad_impression',
        EXCLUDED_CHANNELS: 'none',
      }),
    );
    expect(policy).toEqual({
      lookbackMs: 7 * 86_400_000,
      latenessMs: 0,
      touchpointTypes: ['ad_click', 'ad_impression'],
      excludedChannels: [],
    });
  });

  it.each([
    [{ LOOKBACK_DAYS: '0' }, 'LOOKBACK_DAYS'],
    [{ TOUCHPOINT_TYPES: 'ad_click,order_completed' }, 'TOUCHPOINT_TYPES'],
    [{ TOUCHPOINT_TYPES: 'clicks' }, 'TOUCHPOINT_TYPES'],
    [{ NON_CONVERTING_SWEEP_CRON: 'every hour' }, 'NON_CONVERTING_SWEEP_CRON'],
    [{ RAW_EVENTS_RETENTION_DAYS: '0' }, 'RAW_EVENTS_RETENTION_DAYS'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadStitcherConfig(env)).toThrow(variable);
  });
});
