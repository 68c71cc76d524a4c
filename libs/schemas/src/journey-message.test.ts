import { parseJourneyMessage, type JourneyMessage } from './journey-message';

const message: JourneyMessage = {
  journey_id: 'j-1',
  version: 2,
  customer_id: 'u1',
  order_id: 'o1',
  converted_at: '2026-11-01T10:00:00.000Z',
  revenue: '149.90',
  currency: 'TRY',
  touchpoints: [
    {
      channel: 'email',
      campaign: null,
      type: 'email_click',
      occurred_at: '2026-10-30T08:00:00.000Z',
      event_id: 'e1',
    },
  ],
  channel_path: ['email'],
  touchpoint_count: 1,
  first_touch_at: '2026-10-30T08:00:00.000Z',
  last_touch_at: '2026-10-30T08:00:00.000Z',
  stitched_at: '2026-11-01T10:00:01.000Z',
};

describe('JourneyMessage', () => {
  it('accepts a journey as the stitcher publishes it, also one without touchpoints', () => {
    expect(parseJourneyMessage(message).ok).toBe(true);
    const empty = {
      ...message,
      touchpoints: [],
      channel_path: [],
      touchpoint_count: 0,
      first_touch_at: null,
      last_touch_at: null,
    };
    expect(parseJourneyMessage(empty).ok).toBe(true);
  });

  it.each([
    ['revenue as a float', { revenue: 149.9 }, '/revenue'],
    ['revenue that is not a decimal', { revenue: '1e3' }, '/revenue'],
    ['a lower-case currency', { currency: 'try' }, '/currency'],
    ['version 0', { version: 0 }, '/version'],
    ['a time that is not an instant', { converted_at: 'yesterday' }, '/converted_at'],
    ['an unknown field', { extra: true }, '/extra'],
  ])('refuses %s', (_, change, path) => {
    const result = parseJourneyMessage({ ...message, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toContain(path);
  });
});
