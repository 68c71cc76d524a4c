import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyTransforms } from '../apply-transforms';
import { parsePathSummaryCsv } from '../parse-path-summary';
import { summaryOf } from '../path-summary';
import { row, thrownCode } from '../test-rows';
import { markov } from './markov';

const FIXTURE = join(__dirname, '../../../fixtures/example_path_summary.csv');

describe('markov', () => {
  // ChannelAttribution vignette (Altomare & Loris, CRAN package ChannelAttribution,
  // "ChannelAttribution: Markov model for online multi-channel attribution", Data example):
  // paths A>B>A>B>B>A, A>B>B>A>A, A>A with one conversion each and no nulls give A=2, B=1.
  it('Given the ChannelAttribution vignette paths, When order 1 is solved, Then A=2 and B=1', () => {
    const summary = summaryOf([row('A>B>A>B>B>A', 1), row('A>B>B>A>A', 1), row('A>A', 1)]);
    const result = markov(summary);
    expect(result.channels.A!.conversions).toBeCloseTo(2, 12);
    expect(result.channels.B!.conversions).toBeCloseTo(1, 12);
    expect(result.removal_effects).toEqual({ A: 1, B: expect.closeTo(0.5, 12) });
  });

  // Hand-computed: start->A 4, start->B 2; A->conv 1, A->null 1, A->B 2; B->conv 3, B->null 1.
  // P(B)=3/4, P(A)=1/4+1/2*3/4=5/8, P=4/6*5/8+2/6*3/4=2/3. Without A: P=2/6*3/4=1/4, RE=5/8.
  // Without B: P=4/6*1/4=1/6, RE=3/4. Shares 5/11 and 6/11 of 4 conversions and of 45.00.
  it('Given paths with nulls and revenue, When solved, Then removal effects and credit match the hand solution', () => {
    const summary = summaryOf([
      row('A', 1, 1, '10.00'),
      row('B', 1, 1, '5.00'),
      row('A>B', 2, 0, '30.00'),
    ]);
    const result = markov(summary);
    expect(result.removal_effects!.A).toBeCloseTo(5 / 8, 12);
    expect(result.removal_effects!.B).toBeCloseTo(3 / 4, 12);
    expect(result.channels.A!.conversions).toBeCloseTo(20 / 11, 12);
    expect(result.channels.B!.conversions).toBeCloseTo(24 / 11, 12);
    expect(result.channels.A!.revenue).toBe('20.45');
    expect(result.channels.B!.revenue).toBe('24.55');
    expect(result.markov).toMatchObject({ states: 3, solver: 'dense-lu' });
    expect(result.markov!.conversion_probability).toBeCloseTo(2 / 3, 12);
    expect(result.transition_matrix!['(start)']).toEqual({ A: 4 / 6, B: 2 / 6 });
    expect(result.transition_matrix!.A).toEqual({ B: 0.5, '(conversion)': 0.25, '(null)': 0.25 });
  });

  // Order 1 mixes histories: A>B converts, B>A does not. Order 1: P(B)=2/3, P(A)=1/3, removing A
  // leaves 1/4 (RE 1/2), removing B leaves 0 (RE 1): B earns twice A. Order 2 keeps the histories
  // apart: each removal kills the one converting path, so A and B are equal.
  it('Given paths where history matters, When solved at order 1 and order 2, Then the orders disagree as computed by hand', () => {
    const summary = summaryOf([row('A>B', 1), row('B>A', 0, 1)]);
    const first = markov(summary);
    expect(first.removal_effects!.A).toBeCloseTo(0.5, 12);
    expect(first.removal_effects!.B).toBeCloseTo(1, 12);
    const second = markov(summary, { order: 2 });
    expect(second.channels.A!.conversions).toBeCloseTo(0.5, 12);
    expect(second.channels.B!.conversions).toBeCloseTo(0.5, 12);
    expect(Object.keys(second.transition_matrix!)).toEqual(['(start)', 'A', 'A > B', 'B', 'B > A']);
  });

  it('Given the fractribution fixture at orders 2 and 3, When solved densely and by Gauss-Seidel, Then the two agree', () => {
    const rows = parsePathSummaryCsv(readFileSync(FIXTURE, 'utf8'));
    const summary = applyTransforms(rows, []);
    for (const order of [2, 3]) {
      const dense = markov(summary, { order }, 100_000);
      const iterative = markov(summary, { order }, 0);
      expect(dense.markov!.solver).toBe('dense-lu');
      expect(iterative.markov!.solver).toBe('gauss-seidel');
      for (const channel of Object.keys(dense.channels)) {
        expect(iterative.removal_effects![channel]).toBeCloseTo(
          dense.removal_effects![channel]!,
          10,
        );
      }
    }
  });

  it('Given any summary, When the transition matrix is reported, Then every row sums to 1', () => {
    const rows = parsePathSummaryCsv(readFileSync(FIXTURE, 'utf8'));
    const result = markov(applyTransforms(rows, [{ kind: 'exposure' }]), { order: 2 });
    for (const targets of Object.values(result.transition_matrix!)) {
      expect(Object.values(targets).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it('Given no conversions at all, When solved, Then every removal effect and share is 0', () => {
    const result = markov(summaryOf([row('A>B', 0, 3), row('B', 0, 1)]));
    expect(result.channels.A).toEqual({
      conversions: 0,
      revenue: '0',
      share: 0,
      removal_effect: 0,
    });
  });

  it('Given order 5 or 0, When solved, Then it fails with invalid_option', () => {
    for (const order of [0, 5, 1.5]) {
      expect(thrownCode(() => markov(summaryOf([row('A', 1)]), { order }))).toBe('invalid_option');
    }
  });

  it('Given the frequency transform, When solved, Then D(1) and D(2) states are both removed with D and credit merges to D', () => {
    const summary = applyTransforms(
      [row('D>A>D', 2, 1), row('D>B', 1, 3), row('A', 1, 1)],
      [{ kind: 'frequency' }],
    );
    const result = markov(summary);
    expect(Object.keys(result.channels)).toEqual(['A', 'B', 'D']);
    expect(Object.keys(result.transition_matrix!)).toEqual(
      expect.arrayContaining(['D(2)', 'D(1)']),
    );
    // Paths D(2)>A(1) 2/1, D(1)>B(1) 1/3, A(1) 1/1: P(A)=3/5, P(B)=1/4, P=(3*3/5+4/4+2*3/5)/9=4/9.
    // Removing D leaves only start->A: P=(2*3/5)/9, so RE(D)=1-1.2/4=0.7.
    expect(result.channels.D!.removal_effect).toBeCloseTo(0.7, 12);
  });
});
