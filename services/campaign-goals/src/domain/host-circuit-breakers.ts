export type CircuitState = 'closed' | 'open' | 'half-open';

export interface HostBreakerSettings {
  /** Failures in a row (timeouts, transport errors, 5xx) that open a host's circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before one trial call is let through. */
  cooldownMs: number;
  /** Told every change of a host's state (the metrics). */
  onStateChange?: (host: string, state: CircuitState) => void;
}

export type Admission =
  | { allowed: true }
  /** `trialInFlight`: the cooldown is over and another call is the trial (half-open). */
  | { allowed: false; openUntil: number; failures: number; trialInFlight: boolean };

/** What became of an admitted call. `abandoned`: cut short by the caller, says nothing of the host. */
export type CallOutcome = 'success' | 'failure' | 'abandoned';

export interface HostCircuitBreakers {
  /** Whether a call to `host` may go out now; a half-open circuit admits one trial at a time. */
  admit(host: string, now: number): Admission;
  record(host: string, outcome: CallOutcome, now: number): void;
  state(host: string, now: number): CircuitState;
}

interface Circuit {
  failures: number;
  openUntil: number | null;
  trialInFlight: boolean;
}

/**
 * One circuit per host (origin) of the third-party calls: after `failureThreshold` failed calls
 * in a row the host's calls fail fast for `cooldownMs`; then a single trial call goes out (the
 * others still fail fast); its success closes the circuit, its failure opens it for another
 * cooldown. A success anywhere resets the count.
 *
 * Why not opossum: it wraps one function per breaker, trips on an error percentage over a
 * rolling window and keeps timers of its own, while this needs "N in a row" per host for hosts
 * known only at call time, and time as a parameter so the rules are tested without waiting.
 */
export function createHostCircuitBreakers(settings: HostBreakerSettings): HostCircuitBreakers {
  const circuits = new Map<string, Circuit>();
  const tell = (host: string, state: CircuitState) => settings.onStateChange?.(host, state);
  const stateOf = (circuit: Circuit | undefined, now: number): CircuitState => {
    if (!circuit || circuit.openUntil === null) return 'closed';
    return now < circuit.openUntil ? 'open' : 'half-open';
  };
  return {
    admit(host, now) {
      const circuit = circuits.get(host);
      if (!circuit || circuit.openUntil === null) return { allowed: true };
      if (now >= circuit.openUntil && !circuit.trialInFlight) {
        circuit.trialInFlight = true;
        tell(host, 'half-open');
        return { allowed: true };
      }
      return {
        allowed: false,
        openUntil: circuit.openUntil,
        failures: circuit.failures,
        trialInFlight: circuit.trialInFlight,
      };
    },
    record(host, outcome, now) {
      const circuit = circuits.get(host);
      if (outcome === 'abandoned') {
        // A trial cut short proves nothing: the next call may try again.
        if (circuit) circuit.trialInFlight = false;
        return;
      }
      if (outcome === 'success') {
        if (!circuit) return;
        const wasOpen = circuit.openUntil !== null;
        circuits.delete(host);
        if (wasOpen) tell(host, 'closed');
        return;
      }
      const failing = circuit ?? { failures: 0, openUntil: null, trialInFlight: false };
      circuits.set(host, failing);
      const before = stateOf(failing, now);
      failing.failures += 1;
      const wasTrial = failing.trialInFlight;
      failing.trialInFlight = false;
      if (wasTrial || failing.failures >= settings.failureThreshold) {
        failing.openUntil = now + settings.cooldownMs;
        if (before !== 'open') tell(host, 'open');
      }
    },
    state: (host, now) => stateOf(circuits.get(host), now),
  };
}
