import { coalitionShapley } from './coalition-shapley';
import { channelsOf, summaryOf, type PathSummaryRow } from './path-summary';
import { shapley } from './shapley';
import { row } from './test-rows';

/** v(S) = conversions of the paths whose channel set is inside S (Zhao et al. 2018). */
const pathGame =
  (rows: readonly PathSummaryRow[]) =>
  (coalition: readonly string[]): number =>
    rows
      .filter((r) => r.path.every((channel) => coalition.includes(channel)))
      .reduce((sum, r) => sum + r.conversions, 0);

describe('shapley', () => {
  it('Given A>B>A with 3 conversions, When attributed, Then A and B split evenly despite A touching twice', () => {
    const result = shapley(summaryOf([row('A>B>A', 3, 0, '9.00')]));
    expect(result.channels.A).toEqual({ conversions: 1.5, revenue: '4.5', share: 0.5 });
    expect(result.channels.B).toEqual({ conversions: 1.5, revenue: '4.5', share: 0.5 });
  });

  it('Given a channel seen only in non-converting paths, When attributed, Then it gets nothing', () => {
    const result = shapley(summaryOf([row('A>B', 2), row('C>A', 0, 50), row('C', 0, 7)]));
    expect(result.channels.C).toEqual({ conversions: 0, revenue: '0', share: 0 });
  });

  it('Given a mixed summary, When the path split is compared with the generic coalition Shapley, Then they agree', () => {
    const rows = [
      row('A>B>C', 5, 3),
      row('B>D', 2, 9),
      row('A', 4, 1),
      row('C>C>E>A', 3, 0),
      row('E', 0, 6),
      row('D>B>A>C', 1, 2),
    ];
    const summary = summaryOf(rows);
    const generic = coalitionShapley(channelsOf(summary), pathGame(rows));
    const result = shapley(summary);
    for (const channel of channelsOf(summary)) {
      expect(result.channels[channel]!.conversions).toBeCloseTo(generic[channel]!, 12);
    }
  });
});
