import { deadlineFor } from './campaign-goals-client';

describe('the deadline campaign-core grants campaign-goals for an ad-hoc check', () => {
  it('Given a wait When sent Then campaign-goals gets all of it but a tenth, at most 500 ms', () => {
    expect(deadlineFor(12_000)).toBe(11_500);
    expect(deadlineFor(3_000)).toBe(2_700);
    expect(deadlineFor(50)).toBe(45);
    expect(deadlineFor(1)).toBe(1);
  });
});
