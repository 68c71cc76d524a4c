import { createHostCircuitBreakers, type CircuitState } from './host-circuit-breakers';

describe('host circuit breakers', () => {
  const A = 'https://a.example.com';
  const B = 'https://b.example.com';
  const build = () => {
    const changes: [string, CircuitState][] = [];
    const breakers = createHostCircuitBreakers({
      failureThreshold: 3,
      cooldownMs: 1_000,
      onStateChange: (host, state) => changes.push([host, state]),
    });
    return { breakers, changes };
  };
  const fail = (b: ReturnType<typeof build>['breakers'], host: string, ...at: number[]) =>
    at.forEach((t) => b.record(host, 'failure', t));

  it('Given fewer failures in a row than the threshold When calling Then calls go out', () => {
    const { breakers, changes } = build();
    fail(breakers, A, 0, 10);
    expect(breakers.admit(A, 20)).toEqual({ allowed: true });
    breakers.record(A, 'success', 30);
    fail(breakers, A, 40, 50);
    expect(breakers.admit(A, 60)).toEqual({ allowed: true });
    expect(breakers.state(A, 60)).toBe('closed');
    expect(changes).toEqual([]);
  });

  it('Given the threshold reached When calling before the cooldown Then that host fails fast, others do not', () => {
    const { breakers, changes } = build();
    fail(breakers, A, 0, 10, 20);
    expect(breakers.admit(A, 500)).toEqual({
      allowed: false,
      openUntil: 1_020,
      failures: 3,
      trialInFlight: false,
    });
    expect(breakers.admit(A, 1_019)).toMatchObject({ allowed: false });
    expect(breakers.state(A, 500)).toBe('open');
    expect(breakers.admit(B, 500)).toEqual({ allowed: true });
    expect(changes).toEqual([[A, 'open']]);
  });

  it('Given the cooldown over When calling Then one trial goes out and the others still fail fast', () => {
    const { breakers, changes } = build();
    fail(breakers, A, 0, 10, 20);
    expect(breakers.state(A, 1_020)).toBe('half-open');
    expect(breakers.admit(A, 1_020)).toEqual({ allowed: true });
    expect(breakers.admit(A, 1_021)).toMatchObject({ allowed: false, trialInFlight: true });
    expect(changes).toEqual([
      [A, 'open'],
      [A, 'half-open'],
    ]);
  });

  it('Given a trial When it fails Then the circuit opens for another cooldown at once', () => {
    const { breakers, changes } = build();
    fail(breakers, A, 0, 10, 20);
    breakers.admit(A, 1_100);
    breakers.record(A, 'failure', 1_200);
    expect(breakers.admit(A, 2_199)).toEqual({
      allowed: false,
      openUntil: 2_200,
      failures: 4,
      trialInFlight: false,
    });
    expect(breakers.admit(A, 2_200)).toEqual({ allowed: true });
    expect(changes.map(([, s]) => s)).toEqual(['open', 'half-open', 'open', 'half-open']);
  });

  it('Given a trial When it succeeds Then the circuit closes and the count starts again', () => {
    const { breakers, changes } = build();
    fail(breakers, A, 0, 10, 20);
    breakers.admit(A, 1_100);
    breakers.record(A, 'success', 1_150);
    expect(breakers.state(A, 1_150)).toBe('closed');
    fail(breakers, A, 1_200, 1_210);
    expect(breakers.admit(A, 1_220)).toEqual({ allowed: true });
    expect(changes.map(([, s]) => s)).toEqual(['open', 'half-open', 'closed']);
  });

  it('Given a trial cut short by the caller When abandoned Then the next call is the trial', () => {
    const { breakers } = build();
    fail(breakers, A, 0, 10, 20);
    breakers.admit(A, 1_100);
    breakers.record(A, 'abandoned', 1_150);
    expect(breakers.state(A, 1_150)).toBe('half-open');
    expect(breakers.admit(A, 1_160)).toEqual({ allowed: true });
  });

  it('Given an open circuit When a call admitted before it opened fails Then the opening is told once', () => {
    const { breakers, changes } = build();
    fail(breakers, A, 0, 10, 20, 30);
    expect(breakers.admit(A, 1_025)).toMatchObject({ allowed: false, openUntil: 1_030 });
    expect(changes).toEqual([[A, 'open']]);
  });
});
