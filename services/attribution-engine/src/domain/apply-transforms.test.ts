import { applyTransforms } from './apply-transforms';
import { parsePathTransform, type PathTransform } from './path-transform';
import { row, thrownCode } from './test-rows';

// The example path of fractribution's README and tuple_transforms.py (github.com/google/fractribution).
const EXAMPLE = 'D>A>B>B>C>D>C>C';
const pathsAfter = (...transforms: string[]): string[][] =>
  applyTransforms([row(EXAMPLE, 1)], transforms.map(parsePathTransform)).rows.map((r) => [
    ...r.path,
  ]);

describe('applyTransforms', () => {
  it("Given fractribution's example path, When each transform runs, Then the results match fractribution's", () => {
    expect(pathsAfter('unique')).toEqual([['D', 'A', 'B', 'B', 'C', 'D', 'C', 'C']]);
    expect(pathsAfter('exposure')).toEqual([['D', 'A', 'B', 'C', 'D', 'C']]);
    expect(pathsAfter('first')).toEqual([['D', 'A', 'B', 'C']]);
    expect(pathsAfter('frequency')).toEqual([['D(2)', 'A(1)', 'B(2)', 'C(3)']]);
  });

  it('Given remove-if-not-all, When the channel is mixed in or alone, Then it is removed only when others remain', () => {
    const transforms: PathTransform[] = [{ kind: 'remove-if-not-all', channel: 'Direct' }];
    const summary = applyTransforms(
      [row('Direct>A>Direct>B', 1), row('Direct>Direct', 0, 2)],
      transforms,
    );
    expect(summary.rows.map((r) => r.path.join('>'))).toEqual(['A>B', 'Direct>Direct']);
  });

  it('Given remove-if-last-and-not-all, When the channel ends the path, Then only the trailing run is cut', () => {
    const summary = applyTransforms(
      [row('Direct>A>Direct>Direct', 1), row('Direct>Direct', 1), row('A>Direct>B', 1)],
      [parsePathTransform('removeIfLastAndNotAll(Direct)')],
    );
    expect(summary.rows.map((r) => r.path.join('>'))).toEqual([
      'Direct>A',
      'Direct>Direct',
      'A>Direct>B',
    ]);
  });

  it('Given lookback steps, When applied before the transforms, Then the last N touches are kept', () => {
    const summary = applyTransforms([row('A>B>B>C', 1)], [{ kind: 'exposure' }], 3);
    expect(summary.rows[0]!.path).toEqual(['B', 'C']);
  });

  it('Given paths that become identical, When transformed, Then they are re-aggregated with exact revenue', () => {
    const summary = applyTransforms(
      [row('A>A>B', 1, 2, '0.10'), row('A>B', 2, 3, '0.20'), row('A>B>B', 0, 1)],
      [{ kind: 'exposure' }],
    );
    expect(summary.rows).toEqual([{ path: ['A', 'B'], conversions: 3, nulls: 6, revenue: '0.3' }]);
  });

  it('Given days before conversion, When touches merge, Then each kept touch keeps its own days', () => {
    const summary = applyTransforms([row('A>A>B>A', 1, 0, '0', [9, 5, 2, 0])], [{ kind: 'first' }]);
    expect(summary.rows[0]).toMatchObject({ path: ['A', 'B'], daysBeforeConversion: [9, 2] });
  });

  it('Given an unknown or malformed transform, When parsed, Then it fails with invalid_option', () => {
    for (const text of ['shuffle', 'remove-if-not-all', 'lookback-steps:0', 'exposure:3']) {
      expect(thrownCode(() => parsePathTransform(text))).toBe('invalid_option');
    }
  });

  it('Given a channel named with parentheses, When frequency runs, Then it is refused as in fractribution', () => {
    expect(() => applyTransforms([row('A(x)>B', 1)], [{ kind: 'frequency' }])).toThrow(
      'frequency forbids',
    );
  });
});
