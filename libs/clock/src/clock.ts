import type { Logger } from '@tributary/logging';
import type { Pool } from '@tributary/postgres';
import { readReplayClock } from './replay-clock-store';

export type ClockMode = 'system' | 'replay';

/** R4: the one source of "now" the campaign services are given. */
export interface Clock {
  readonly mode: ClockMode;
  now(): Date;
  /** Re-reads the shared replay instant (a no-op for the system clock). */
  refresh(): Promise<void>;
  close(): void;
}

export interface ClockSettings {
  mode: ClockMode;
  pool: Pool;
  logger: Logger;
  /** How often a replay clock re-reads the shared instant in the background. */
  refreshMs?: number;
}

/**
 * The wall clock, or the replay clock: one instant in PostgreSQL (`replay_clock`) that an admin
 * sets and advances, shared by every replica. `now()` stays synchronous (domain code calls it
 * per record), so the replay clock answers its last read; callers that must see an admin's change
 * at once (a consumer before a batch, the sweep) call `refresh()` first.
 */
export async function createClock(settings: ClockSettings): Promise<Clock> {
  if (settings.mode === 'system') {
    return { mode: 'system', now: () => new Date(), refresh: async () => undefined, close() {} };
  }
  const log = settings.logger.child({ component: 'replay-clock' });
  let current = await readReplayClock(settings.pool);
  const refresh = async (): Promise<void> => {
    const next = await readReplayClock(settings.pool);
    // Forward only: a stale read racing a newer one must not move time back.
    if (next.getTime() > current.getTime()) current = next;
  };
  const timer = setInterval(() => {
    refresh().catch((err: unknown) => log.warn({ err }, 'replay clock refresh failed'));
  }, settings.refreshMs ?? 1_000);
  timer.unref();
  log.warn(
    { now: current.toISOString() },
    'replay clock in use: time moves only when an admin sets it',
  );
  return {
    mode: 'replay',
    now: () => new Date(current),
    refresh,
    close: () => clearInterval(timer),
  };
}
