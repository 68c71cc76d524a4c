/**
 * Counts failed authentications per client address in fixed one-minute windows, so that a
 * guesser is answered 429 after `max` failures. Per process: behind N replicas an address gets
 * at most N x max tries a minute, which still bounds guessing. The map is capped so that a flood
 * from many addresses cannot grow it without limit.
 */
export interface FailureLimiter {
  /** Seconds until the address may try again, or 0 when it may try now. */
  blockedFor(address: string, now: number): number;
  recordFailure(address: string, now: number): void;
}

const WINDOW_MS = 60_000;
const MAX_TRACKED = 100_000;

export function createFailureLimiter(max: number): FailureLimiter {
  const windows = new Map<string, { start: number; failures: number }>();
  return {
    blockedFor(address, now) {
      const entry = windows.get(address);
      if (!entry || now - entry.start >= WINDOW_MS || entry.failures < max) return 0;
      return Math.ceil((entry.start + WINDOW_MS - now) / 1000);
    },
    recordFailure(address, now) {
      const entry = windows.get(address);
      if (entry && now - entry.start < WINDOW_MS) {
        entry.failures += 1;
        return;
      }
      if (!entry && windows.size >= MAX_TRACKED) {
        // Drop expired windows first; if none, the oldest insertion.
        for (const [key, value] of windows) {
          if (now - value.start >= WINDOW_MS) windows.delete(key);
        }
        if (windows.size >= MAX_TRACKED) {
          const oldest = windows.keys().next();
          if (!oldest.done) windows.delete(oldest.value);
        }
      }
      windows.set(address, { start: now, failures: 1 });
    },
  };
}
