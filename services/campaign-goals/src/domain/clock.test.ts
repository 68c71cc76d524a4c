import { ReplayClock, systemClock } from './clock';

describe('clocks (R4)', () => {
  it('Given the system clock Then it reads the wall clock', () => {
    const before = Date.now();
    const now = systemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('Given a replay clock Then time stands still until set or advanced', () => {
    const clock = new ReplayClock(new Date('2021-11-01T00:00:00Z'));
    expect(clock.now()).toEqual(new Date('2021-11-01T00:00:00Z'));
    expect(clock.set(new Date('2021-11-23T07:00:00Z'))).toEqual({
      ok: true,
      now: new Date('2021-11-23T07:00:00Z'),
    });
    expect(clock.advance(60_000).now).toEqual(new Date('2021-11-23T07:01:00Z'));
    expect(clock.now()).toEqual(new Date('2021-11-23T07:01:00Z'));
  });

  it('Given a replay clock Then it refuses to go back, and keeps its time', () => {
    const clock = new ReplayClock(new Date('2021-12-01T00:00:00Z'));
    expect(clock.set(new Date('2021-11-30T23:59:59Z'))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('forward'),
    });
    expect(clock.advance(-1).ok).toBe(false);
    expect(clock.set(new Date('not a date')).ok).toBe(false);
    expect(clock.now()).toEqual(new Date('2021-12-01T00:00:00Z'));
  });

  it('Given a returned instant is mutated Then the clock is not', () => {
    const clock = new ReplayClock(new Date('2021-12-01T00:00:00Z'));
    clock.now().setFullYear(1999);
    expect(clock.now()).toEqual(new Date('2021-12-01T00:00:00Z'));
  });
});
