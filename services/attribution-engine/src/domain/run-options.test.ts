import { AttributionError } from './attribution-error';
import { optionsKey, resolveRunOptions, trailingWindow, type RunRequest } from './run-options';

const DEFAULTS = { windowDays: 30, timeZone: 'Europe/Istanbul', request: {} };
const NOW = new Date('2025-03-10T22:30:00Z'); // already 11 March in Istanbul (UTC+3)

const codeOf = (request: RunRequest) => {
  try {
    resolveRunOptions(request, DEFAULTS, NOW);
  } catch (error) {
    if (error instanceof AttributionError) return [error.code, error.message];
  }
  return undefined;
};

describe('resolveRunOptions', () => {
  it('fills defaults: every model, the 30 days before today in the configured zone, channel dimension', () => {
    const options = resolveRunOptions({}, DEFAULTS, NOW);
    expect(options).toMatchObject({
      date_from: '2025-02-09',
      date_to: '2025-03-10',
      time_zone: 'Europe/Istanbul',
      dimension: 'channel',
      transforms: [],
      half_life: 7,
      order: 1,
      position_weights: { first: 0.4, middle: 0.2, last: 0.4 },
    });
    expect(options.models).toHaveLength(8);
  });

  it('keeps the request over the defaults, canonicalises transforms and keeps model order stable', () => {
    const options = resolveRunOptions(
      {
        models: ['markov', 'linear'],
        transforms: ['removeIfNotAll(direct)'],
        date_from: '2025-01-01',
        date_to: '2025-01-01',
        lookback_days: undefined,
      },
      DEFAULTS,
      NOW,
    );
    expect(options.models).toEqual(['linear', 'markov']);
    expect(options.transforms).toEqual(['remove-if-not-all:direct']);
    expect(options).not.toHaveProperty('lookback_days');
  });

  it.each<[string, RunRequest, string]>([
    ['unknown model', { models: ['magic'] }, 'unknown_model'],
    ['no model', { models: [] }, 'invalid_option'],
    ['half-life 0', { half_life: 0 }, 'invalid_option'],
    ['negative half-life', { half_life: -1 }, 'invalid_option'],
    ['order 5', { order: 5 }, 'invalid_option'],
    ['reversed dates', { date_from: '2025-02-02', date_to: '2025-02-01' }, 'invalid_option'],
    ['30 February', { date_from: '2025-02-30', date_to: '2025-03-01' }, 'invalid_option'],
    ['a date-time', { date_from: '2025-02-01T00:00:00Z', date_to: '2025-03-01' }, 'invalid_option'],
    ['one date', { date_to: '2025-03-01' }, 'invalid_option'],
    ['over ten years', { date_from: '2010-01-01', date_to: '2025-01-01' }, 'invalid_option'],
    ['an unknown zone', { time_zone: 'Mars/Olympus' }, 'invalid_option'],
    ['lookback days 0', { lookback_days: 0 }, 'invalid_option'],
    ['fractional lookback steps', { lookback_steps: 1.5 }, 'invalid_option'],
    [
      'weights not summing to 1',
      { position_weights: { first: 0.5, middle: 0.5, last: 0.5 } },
      'invalid_option',
    ],
  ])('refuses %s', (_name, request, code) => {
    expect(codeOf(request)?.[0]).toBe(code);
  });

  it('names the offending option in the message', () => {
    expect(codeOf({ date_from: '2025-02-02', date_to: '2025-02-01' })?.[1]).toBe(
      'date_from 2025-02-02 is after date_to 2025-02-01',
    );
    expect(codeOf({ half_life: 0 })?.[1]).toMatch(/half_life/);
  });
});

describe('trailingWindow', () => {
  it('ends the day before today in the zone, across a month end', () => {
    expect(trailingWindow(new Date('2025-03-01T01:00:00Z'), 'Europe/Istanbul', 3)).toEqual({
      date_from: '2025-02-26',
      date_to: '2025-02-28',
    });
    expect(trailingWindow(new Date('2025-03-01T01:00:00Z'), 'America/New_York', 1)).toEqual({
      date_from: '2025-02-27',
      date_to: '2025-02-27',
    });
  });
});

describe('optionsKey', () => {
  it('is equal for equal options and differs when any option, nested ones included, differs', () => {
    const base = resolveRunOptions({}, DEFAULTS, NOW);
    expect(optionsKey(base)).toBe(optionsKey({ ...base }));
    expect(optionsKey(base)).not.toBe(optionsKey({ ...base, half_life: 8 }));
    expect(optionsKey(base)).not.toBe(
      optionsKey({ ...base, position_weights: { first: 0.3, middle: 0.3, last: 0.4 } }),
    );
  });
});
