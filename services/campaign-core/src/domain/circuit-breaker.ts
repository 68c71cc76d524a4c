export interface CircuitBreakerSettings {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before one trial call is let through. */
  cooldownMs: number;
}

export interface CircuitBreakers {
  /** Whether a call for `key` may go out now (closed, or open past its cooldown: one trial). */
  allow(key: string, now: number): boolean;
  success(key: string): void;
  failure(key: string, now: number): void;
  /** Until when `key` refuses calls, or null while closed. */
  openUntil(key: string): number | null;
}

interface Circuit {
  failures: number;
  openUntil: number | null;
  trial: boolean;
}

/**
 * One circuit per key (an ad-hoc goal, i.e. its endpoint): after `failureThreshold` failures in
 * a row it opens and calls fail fast for `cooldownMs`, then a single trial call decides whether
 * it closes again or stays open for another cooldown. Retries of a held batch then cost nothing
 * to the endpoint that is down. Time is a parameter, so the rules are tested without waiting.
 */
export function createCircuitBreakers(settings: CircuitBreakerSettings): CircuitBreakers {
  const circuits = new Map<string, Circuit>();
  const get = (key: string): Circuit => {
    let circuit = circuits.get(key);
    if (!circuit) {
      circuit = { failures: 0, openUntil: null, trial: false };
      circuits.set(key, circuit);
    }
    return circuit;
  };
  return {
    allow(key, now) {
      const circuit = circuits.get(key);
      if (!circuit || circuit.openUntil === null) return true;
      if (now < circuit.openUntil || circuit.trial) return false;
      circuit.trial = true;
      return true;
    },
    success(key) {
      circuits.delete(key);
    },
    failure(key, now) {
      const circuit = get(key);
      circuit.failures += 1;
      circuit.trial = false;
      if (circuit.failures >= settings.failureThreshold) {
        circuit.openUntil = now + settings.cooldownMs;
      }
    },
    openUntil: (key) => circuits.get(key)?.openUntil ?? null,
  };
}
