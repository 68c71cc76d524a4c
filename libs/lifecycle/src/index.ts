import type { Logger } from '@tributary/logging';

export interface ShutdownStep {
  name: string;
  run: () => Promise<void>;
}

export interface Lifecycle {
  /** Steps run in the order added: stop intake first, close pools last. */
  onShutdown(step: ShutdownStep): void;
  /** Runs every step once, in order, each bounded by the timeout. Safe to call twice. */
  shutdown(reason: string): Promise<void>;
}

export function createLifecycle(logger: Logger, stepTimeoutMs = 15_000): Lifecycle {
  const steps: ShutdownStep[] = [];
  let done: Promise<void> | undefined;
  return {
    onShutdown: (step) => void steps.push(step),
    shutdown(reason) {
      done ??= (async () => {
        logger.info({ reason }, 'shutting down');
        for (const step of steps) {
          let timer: NodeJS.Timeout | undefined;
          try {
            await Promise.race([
              step.run(),
              new Promise((_, reject) => {
                timer = setTimeout(() => reject(new Error('timed out')), stepTimeoutMs);
              }),
            ]);
          } catch (err) {
            logger.error({ err, step: step.name }, 'shutdown step failed');
          } finally {
            clearTimeout(timer);
          }
        }
        logger.info('shutdown complete');
      })();
      return done;
    },
  };
}

/**
 * Wires SIGTERM/SIGINT to an ordered shutdown, and makes an unexpected error stop the process
 * cleanly (the orchestrator restarts it) instead of leaving it half-alive.
 */
export function handleSignals(lifecycle: Lifecycle, logger: Logger): void {
  const stop = (reason: string, code: number) => {
    void lifecycle.shutdown(reason).finally(() => process.exit(code));
  };
  process.once('SIGTERM', () => stop('SIGTERM', 0));
  process.once('SIGINT', () => stop('SIGINT', 0));
  process.on('unhandledRejection', (err) => {
    logger.fatal({ err }, 'unhandled rejection');
    stop('unhandledRejection', 1);
  });
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    stop('uncaughtException', 1);
  });
}
