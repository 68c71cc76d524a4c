import { markov } from './markov';
import { summaryOf, type PathSummaryRow } from '../path-summary';

const row = (path: string, conversions: number, nulls = 0, revenue = '0'): PathSummaryRow => ({
  path: path.split('>'),
  conversions,
  nulls,
  revenue,
});

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
});
