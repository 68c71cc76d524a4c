import { FillUsageError, parseFillArgs } from './fill-fx-rates';

describe('fill-fx-rates arguments', () => {
  it('reads pairs and every day of the range, both ends included', () => {
    expect(
      parseFillArgs([
        '--pair',
        'USD:TRY',
        '--pair',
        'EUR:TRY',
        '--from',
        '2026-02-27',
        '--to',
        '2026-03-01',
      ]),
    ).toEqual({
      pairs: [
        { from: 'USD', to: 'TRY' },
        { from: 'EUR', to: 'TRY' },
      ],
      days: ['2026-02-27', '2026-02-28', '2026-03-01'],
    });
  });

  it.each([
    [['--from', '2026-01-01', '--to', '2026-01-02'], /at least one --pair/],
    [['--pair', 'usd:TRY', '--from', '2026-01-01', '--to', '2026-01-02'], /ISO 4217/],
    [['--pair', 'TRY:TRY', '--from', '2026-01-01', '--to', '2026-01-02'], /two different/],
    [['--pair', 'USD:TRY', '--from', '2026-01-05', '--to', '2026-01-02'], /on or before/],
    [['--pair', 'USD:TRY', '--from', '2026-01-01', '--to', '2040-01-02'], /at most/],
    [['--pair', 'USD:TRY', '--from', '01/01/2026', '--to', '2026-01-02'], /YYYY-MM-DD/],
    [['--pair', 'USD:TRY', '--from', '2026-01-01', '--to', '2026-01-02', '--x'], /Unknown option/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseFillArgs(argv)).toThrow(FillUsageError);
    expect(() => parseFillArgs(argv)).toThrow(message);
  });
});
