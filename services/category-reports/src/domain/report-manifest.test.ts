import { buildManifest } from './report-manifest';

describe('buildManifest', () => {
  it('names each period, its file paths and row counts', () => {
    const run = (kind: string, start: string, counts: [number, number, number]) => ({
      period_kind: kind,
      period_start: start,
      period_end: '2026-01-10T14:00:00.000Z',
      generated_at: '2026-01-10T14:05:01.000Z',
      row_counts: { 'top-viewed': counts[0], 'top-purchased': counts[1], conversion: counts[2] },
    });
    const manifest = buildManifest(
      new Date('2026-01-10T13:00:00Z'),
      [
        run('hour', '2026-01-10T13:00:00.000Z', [12, 3, 2]),
        run('last-24h', '2026-01-09T14:00:00.000Z', [0, 0, 0]),
      ],
      'Europe/Istanbul',
      new Date('2026-01-10T14:05:01Z'),
    );
    expect(manifest).toEqual({
      hour: '2026-01-10T13',
      time_zone: 'Europe/Istanbul',
      generated_at: '2026-01-10T14:05:01.000Z',
      reports: [
        {
          period_kind: 'hour',
          period_start: '2026-01-10T13:00:00.000Z',
          period_end: '2026-01-10T14:00:00.000Z',
          files: {
            'top-viewed': { file: 'top-viewed.csv', rows: 12 },
            'top-purchased': { file: 'top-purchased.csv', rows: 3 },
            conversion: { file: 'conversion.csv', rows: 2 },
          },
        },
        {
          period_kind: 'last-24h',
          period_start: '2026-01-09T14:00:00.000Z',
          period_end: '2026-01-10T14:00:00.000Z',
          files: {
            'top-viewed': { file: 'last-24h/top-viewed.csv', rows: 0 },
            'top-purchased': { file: 'last-24h/top-purchased.csv', rows: 0 },
            conversion: { file: 'last-24h/conversion.csv', rows: 0 },
          },
        },
      ],
    });
  });
});
