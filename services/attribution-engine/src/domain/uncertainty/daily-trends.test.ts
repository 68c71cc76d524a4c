import { linear } from '../linear';
import { markov } from '../markov/markov';
import { row } from '../test-rows';
import { timeDecay } from '../time-decay';
import { dailyTrend } from './daily-trends';

const summaryOf = (...rows: ReturnType<typeof row>[]) => ({ rows, countLabels: false });

describe('dailyTrend', () => {
  const days = [
    { day: '2026-03-02', summary: summaryOf(row('A>B', 2, 1, '10.00'), row('B', 1, 0, '5.00')) },
    { day: '2026-03-01', summary: summaryOf(row('A', 3, 2, '30.00')) },
    { day: '2026-03-03', summary: summaryOf(row('B', 0, 4)) },
  ];

  it('Given three days, When trended with linear, Then each day has its own credit, in date order, and days add up', () => {
    const trend = dailyTrend(days, linear, {});
    expect(trend.map((d) => d.day)).toEqual(['2026-03-01', '2026-03-02']); // 03-03 has no conversion
    expect(trend[0]!.channels).toEqual({ A: { conversions: 3, revenue: '30' } });
    expect(trend[1]!.channels.B).toEqual({ conversions: 2, revenue: '10' });
    const window = linear(summaryOf(...days.flatMap((d) => d.summary.rows)), {});
    const sumA = trend.reduce((s, d) => s + (d.channels.A?.conversions ?? 0), 0);
    expect(sumA).toBeCloseTo(window.channels.A!.conversions, 12);
  });

  it('Given markov, When trended, Then each day is attributed on its own journeys', () => {
    const trend = dailyTrend(days, markov, { order: 1 });
    expect(trend[0]!.channels).toEqual({ A: { conversions: 3, revenue: '30' } });
    expect(trend[1]!.total_conversions).toBe(3);
  });

  it('Given a model that cannot run on a day, When trended, Then that day is left out', () => {
    expect(dailyTrend(days, timeDecay, {})).toEqual([]);
  });
});
