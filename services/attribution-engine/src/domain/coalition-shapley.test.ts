import { coalitionShapley } from './coalition-shapley';
import { thrownCode } from './test-rows';

describe('coalitionShapley', () => {
  it('Given the classic glove game (1 left glove, 2 right gloves), When solved, Then L=2/3 and each R=1/6', () => {
    // Textbook example (e.g. Osborne & Rubinstein, "A Course in Game Theory"): v(S)=1 iff S holds L and an R.
    const phi = coalitionShapley(['L', 'R1', 'R2'], (s) =>
      s.includes('L') && s.length > 1 ? 1 : 0,
    );
    expect(phi.L).toBeCloseTo(2 / 3, 12);
    expect(phi.R1).toBeCloseTo(1 / 6, 12);
    expect(phi.R2).toBeCloseTo(1 / 6, 12);
  });

  it('Given an additive game, When solved, Then every player gets exactly its own worth', () => {
    const worth: Record<string, number> = { a: 1, b: 2, c: 4, d: 8 };
    const phi = coalitionShapley(Object.keys(worth), (s) =>
      s.reduce((sum, p) => sum + worth[p]!, 0),
    );
    expect(phi).toEqual({ a: 1, b: 2, c: 4, d: 8 });
  });

  it('Given more players than the limit, When solved, Then it fails with too_many_channels', () => {
    const players = Array.from({ length: 5 }, (_, i) => `p${i}`);
    expect(thrownCode(() => coalitionShapley(players, () => 0, 4))).toBe('too_many_channels');
    expect(() =>
      coalitionShapley(
        Array.from({ length: 21 }, (_, i) => `p${i}`),
        () => 0,
      ),
    ).toThrow('limited to 20 channels');
  });
});
