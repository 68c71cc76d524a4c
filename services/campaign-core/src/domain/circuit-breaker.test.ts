import { createCircuitBreakers } from './circuit-breaker';

describe('circuit breakers', () => {
  const settings = { failureThreshold: 3, cooldownMs: 1_000 };

  it('Given fewer failures in a row than the threshold Then calls still go out', () => {
    const breakers = createCircuitBreakers(settings);
    breakers.failure('1101', 0);
    breakers.failure('1101', 10);
    expect(breakers.allow('1101', 20)).toBe(true);
    breakers.success('1101');
    breakers.failure('1101', 30);
    breakers.failure('1101', 40);
    expect(breakers.allow('1101', 50)).toBe(true);
  });

  it('Given the threshold reached Then calls fail fast until the cooldown, for that key only', () => {
    const breakers = createCircuitBreakers(settings);
    for (const at of [0, 10, 20]) breakers.failure('1101', at);
    expect(breakers.openUntil('1101')).toBe(1_020);
    expect(breakers.allow('1101', 500)).toBe(false);
    expect(breakers.allow('1102', 500)).toBe(true);
  });

  it('Given the cooldown over Then one trial goes out; its failure reopens, its success closes', () => {
    const breakers = createCircuitBreakers(settings);
    for (const at of [0, 10, 20]) breakers.failure('1101', at);
    expect(breakers.allow('1101', 1_100)).toBe(true);
    expect(breakers.allow('1101', 1_101)).toBe(false);
    breakers.failure('1101', 1_200);
    expect(breakers.allow('1101', 1_300)).toBe(false);
    expect(breakers.allow('1101', 2_200)).toBe(true);
    breakers.success('1101');
    expect(breakers.openUntil('1101')).toBeNull();
    expect(breakers.allow('1101', 2_201)).toBe(true);
  });
});
