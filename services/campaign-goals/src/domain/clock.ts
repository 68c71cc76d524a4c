/** R4: the one source of "now" a service is given. */
export interface Clock {
  now(): Date;
}

export function systemClock(): Clock {
  return { now: () => new Date() };
}

export type ClockChange = { ok: true; now: Date } | { ok: false; reason: string; now: Date };

/**
 * R4 replay mode: time stands still until an operator sets or advances it, and never goes back,
 * so periods close in order while historical traffic (the seed's 2021) is replayed.
 */
export class ReplayClock implements Clock {
  #now: number;

  constructor(start: Date) {
    this.#now = start.getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  set(instant: Date): ClockChange {
    const ms = instant.getTime();
    if (Number.isNaN(ms)) return { ok: false, reason: 'not a valid instant', now: this.now() };
    if (ms < this.#now) {
      return { ok: false, reason: 'the replay clock only moves forward', now: this.now() };
    }
    this.#now = ms;
    return { ok: true, now: this.now() };
  }

  advance(ms: number): ClockChange {
    if (!Number.isFinite(ms) || ms < 0) {
      return { ok: false, reason: 'advance by a non-negative duration', now: this.now() };
    }
    return this.set(new Date(this.#now + ms));
  }
}
