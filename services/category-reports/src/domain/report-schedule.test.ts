import { hoursBetween, periodsOfHour, reportedHour } from './report-schedule';

describe('report schedule', () => {
  it('reports the last complete hour before a firing, even one fired exactly on the hour', () => {
    expect(reportedHour(new Date('2026-01-10T13:05:00Z'))).toEqual(
      new Date('2026-01-10T12:00:00Z'),
    );
    expect(reportedHour(new Date('2026-01-10T13:00:00Z'))).toEqual(
      new Date('2026-01-10T12:00:00Z'),
    );
    expect(reportedHour(new Date('2026-01-11T00:05:00Z'))).toEqual(
      new Date('2026-01-10T23:00:00Z'),
    );
  });

  it('writes the hour first and the rolling period after it, or the hour alone', () => {
    const hour = new Date('2026-01-10T13:00:00Z');
    expect(
      periodsOfHour(hour, 24).map((p) => [p.kind, p.start.toISOString(), p.end.toISOString()]),
    ).toEqual([
      ['hour', '2026-01-10T13:00:00.000Z', '2026-01-10T14:00:00.000Z'],
      ['last-24h', '2026-01-09T14:00:00.000Z', '2026-01-10T14:00:00.000Z'],
    ]);
    expect(periodsOfHour(hour, 0).map((p) => p.kind)).toEqual(['hour']);
  });

  it('lists every hour of a range, both ends included', () => {
    const hours = hoursBetween(new Date('2026-01-10T22:00:00Z'), new Date('2026-01-11T01:00:00Z'));
    expect(hours.map((h) => h.toISOString().slice(0, 13))).toEqual([
      '2026-01-10T22',
      '2026-01-10T23',
      '2026-01-11T00',
      '2026-01-11T01',
    ]);
    expect(
      hoursBetween(new Date('2026-01-11T01:00:00Z'), new Date('2026-01-10T01:00:00Z')),
    ).toEqual([]);
  });
});
