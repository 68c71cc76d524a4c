import { randomBytes } from 'node:crypto';
import {
  attributionKeys,
  type AttributionRun,
  type RunSnapshot,
  type RunTrigger,
} from '@tributary/attribution-store';
import { tryAcquireLock } from '@tributary/scheduling';
import { abandonRunning, insertRun, scheduledRunSince } from '../adapters/run-repository';
import {
  optionsKey,
  resolveRunOptions,
  type RunDefaults,
  type RunRequest,
} from '../domain/run-options';
import { executeRun, type RunDeps } from './execute-run';

export type StartResult =
  | { readonly started: true; readonly run: AttributionRun; readonly done: Promise<RunSnapshot> }
  | { readonly started: false; readonly reason: 'locked' | 'already-run' };

export interface AttributionRunner {
  /**
   * Validates the request (AttributionError on bad input), takes the cluster-wide lock, records
   * the run and starts it; `{ started: false }` when another replica is running one, or (a
   * `schedule` trigger, `at` its fire time) when a replica already ran this firing.
   */
  start(request: RunRequest, trigger: RunTrigger, at?: Date): Promise<StartResult>;
  /** Waits for the runs this process started. */
  drain(): Promise<void>;
}

export interface RunnerSettings {
  readonly defaults: RunDefaults;
  readonly lockTtlMs: number;
}

function newRunId(at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `run_${stamp}_${randomBytes(3).toString('hex')}`;
}

export function createAttributionRunner(
  deps: RunDeps,
  settings: RunnerSettings,
): AttributionRunner {
  const inFlight = new Set<Promise<unknown>>();
  return {
    async start(request, trigger, at = deps.now()) {
      const options = resolveRunOptions(request, settings.defaults, at);
      const lock = await tryAcquireLock(deps.redis, attributionKeys.lock, settings.lockTtlMs);
      if (!lock) return { started: false, reason: 'locked' };
      try {
        // Replicas' timers and clocks never line up exactly: one that fires after another
        // finished this firing (and released the lock) must not run it again.
        if (trigger === 'schedule' && (await scheduledRunSince(deps.pool, at))) {
          await lock.release().catch(() => undefined);
          return { started: false, reason: 'already-run' };
        }
        const abandoned = await abandonRunning(deps.pool, deps.now());
        if (abandoned > 0)
          deps.logger.warn({ abandoned }, 'marked abandoned attribution runs failed');
        const startedAt = deps.now();
        const run: AttributionRun = {
          run_id: newRunId(startedAt),
          trigger,
          status: 'running',
          options,
          options_key: optionsKey(options),
          started_at: startedAt.toISOString(),
          finished_at: null,
          diagnostics: null,
          error: null,
        };
        await insertRun(deps.pool, run);
        const done = executeRun(deps, run).finally(() => lock.release().catch(() => undefined));
        const tracked = done.catch(() => undefined).finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
        return { started: true, run, done };
      } catch (error) {
        await lock.release().catch(() => undefined);
        throw error;
      }
    },
    async drain() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
