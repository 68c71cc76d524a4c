import type { Logger } from '@tributary/logging';
import type { RealtimeWriter } from '@tributary/realtime-store';

/**
 * Expires views from the live aggregates on a timer, so a query rarely has much to expire
 * itself and the log stays within its retention. Every replica may run it: sweeps are idempotent.
 */
export function startSweeper(deps: {
  writer: RealtimeWriter;
  intervalMs: number;
  now: () => number;
  logger: Logger;
}): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = deps.writer
      .sweep(deps.now())
      .then(
        () => undefined,
        (err: unknown) => deps.logger.warn({ err }, 'window sweep failed'),
      )
      .finally(() => {
        busy = false;
      });
  }, deps.intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
