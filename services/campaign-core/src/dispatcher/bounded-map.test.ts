import { boundedMap } from './bounded-map';

describe('boundedMap', () => {
  it('keeps the input order and never runs more than the limit at once', async () => {
    let inFlight = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const pending = boundedMap([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => gates.push(resolve));
      inFlight -= 1;
      return n * 10;
    });
    // Release the calls one by one, later ones first where possible, until all are done.
    while (gates.length > 0 || inFlight > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      gates.pop()?.();
    }
    expect(await pending).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(3);
  });

  it('handles an empty list', async () => {
    expect(await boundedMap([], 8, async () => 1)).toEqual([]);
  });

  it('rejects when a call fails', async () => {
    await expect(
      boundedMap([1, 2], 2, async (n) => {
        if (n === 2) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
  });
});
