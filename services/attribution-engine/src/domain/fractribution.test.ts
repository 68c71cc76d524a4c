import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyTransforms } from './apply-transforms';
import { conversionProbabilities, counterfactualWeights, fractribution } from './fractribution';
import { parsePathSummaryCsv } from './parse-path-summary';
import { summaryOf } from './path-summary';
import { row } from './test-rows';

const FIXTURE = join(__dirname, '../../fixtures/example_path_summary.csv');

describe('fractribution', () => {
  // Known answers: github.com/google/fractribution, py/fractribution_model/tests/
  // expected_exposure_fit.csv (the per-path fractions of example_path_summary.csv, exposure).
  it.each([
    ['D > A', { D: 0.746987350686487, A: 0.253012649313513 }],
    ['D > A > D', { D: 0.620109240887304, A: 0.379890759112696 }],
    ['D > C > A', { D: 0.365402168753879, C: 0.329876957902808, A: 0.304720873343313 }],
    ['G > C', { G: 0.723890201784804, C: 0.276109798215196 }],
    ['F > C', { F: 0.491454992799982, C: 0.508545007200018 }],
  ])(
    "Given fractribution's example summary with exposure, When path %s is split, Then it matches fractribution's expected fit",
    (path, expected) => {
      const rows = parsePathSummaryCsv(readFileSync(FIXTURE, 'utf8'));
      const probability = conversionProbabilities(
        applyTransforms(rows, [{ kind: 'exposure' }]).rows,
      );
      const tokens = path.split(' > ');
      const weights = counterfactualWeights(tokens, probability);
      const byChannel: Record<string, number> = {};
      tokens.forEach((t, i) => (byChannel[t] = (byChannel[t] ?? 0) + weights[i]!));
      for (const [channel, share] of Object.entries(expected))
        expect(byChannel[channel]).toBeCloseTo(share, 12);
    },
  );

  it('Given a hand-made summary, When attributed, Then marginals are floored at 0 and normalised', () => {
    // p(A>B)=0.5, p(A)=0.2, p(B)=0.6: A's marginal is 0.5-0.6 -> 0, B's is 0.5-0.2=0.3 -> all to B.
    const result = fractribution(summaryOf([row('A>B', 2, 2), row('A', 1, 4), row('B', 3, 2)]));
    expect(result.channels.A!.conversions).toBeCloseTo(1, 12);
    expect(result.channels.B!.conversions).toBeCloseTo(5, 12);
  });

  it('Given a path whose counterfactuals are missing from the summary, When split, Then they count as p=0', () => {
    // Neither A nor B alone is in the summary: both marginals equal p(A>B), so 50/50.
    expect([...counterfactualWeights(['A', 'B'], new Map([['A > B', 0.25]]))]).toEqual([0.5, 0.5]);
  });

  it('Given all marginals at 0, When split, Then the last touch gets everything', () => {
    const probability = new Map([
      ['A > B', 0.1],
      ['A', 0.4],
      ['B', 0.3],
    ]);
    expect([...counterfactualWeights(['A', 'B'], probability)]).toEqual([0, 1]);
  });
});
