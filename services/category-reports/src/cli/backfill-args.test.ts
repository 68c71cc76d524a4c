import { parseBackfillArgs } from './backfill-args';

describe('parseBackfillArgs', () => {
  it('answers every hour from --from to --to', () => {
    const args = parseBackfillArgs(['--from', '2026-01-10T10', '--to', '2026-01-10T14']);
    expect(args.ok && args.hours.map((h) => h.toISOString())).toEqual([
      '2026-01-10T10:00:00.000Z',
      '2026-01-10T11:00:00.000Z',
      '2026-01-10T12:00:00.000Z',
      '2026-01-10T13:00:00.000Z',
      '2026-01-10T14:00:00.000Z',
    ]);
  });

  it('names the problem with a bad range', () => {
    const message = (argv: string[]) => {
      const args = parseBackfillArgs(argv);
      return args.ok ? 'ok' : args.message;
    };
    expect(message(['--from', '2026-01-10T10'])).toMatch(/--to/);
    expect(message(['--from', '2026-01-10', '--to', '2026-01-10T14'])).toMatch(/--from/);
    expect(message(['--from', '2026-01-10T14', '--to', '2026-01-10T10'])).toMatch(/before/);
    expect(message(['--since', '2026-01-10T10'])).toMatch(/Unknown option '--since'/);
    expect(message(['--from', '2000-01-01T00', '--to', '2026-01-01T00'])).toMatch(/at most/);
  });
});
