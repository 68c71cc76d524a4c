import type { Logger } from '@tributary/logging';
import { nextFireTime } from './cron-schedule';

export interface ScheduledJob {
  name: string;
  cron: string;
  timeZone: string;
  run: (fireTime: Date) => Promise<void>;
}

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * Fires each job at its cron times (one timer per job, re-armed after each run, so a slow run
 * never overlaps itself in one process; cross-replica exclusion is the job's lock).
 */
export function startScheduler(
  jobs: ScheduledJob[],
  logger: Logger,
  now: () => Date = () => new Date(),
): Scheduler {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let stopped = false;

  function arm(job: ScheduledJob): void {
    if (stopped) return;
    const fire = nextFireTime(job.cron, job.timeZone, now());
    // setTimeout holds at most ~24.8 days; re-arm in steps for rare long schedules.
    const delay = Math.min(fire.getTime() - now().getTime(), 2 ** 31 - 1);
    const timer = setTimeout(
      () => {
        if (now().getTime() < fire.getTime()) return arm(job);
        const run = job
          .run(fire)
          .catch((err: unknown) => logger.error({ err, job: job.name }, 'scheduled job failed'))
          .finally(() => {
            running.delete(run);
            arm(job);
          });
        running.add(run);
      },
      Math.max(0, delay),
    );
    timer.unref();
    timers.set(job.name, timer);
  }

  jobs.forEach(arm);
  return {
    async stop() {
      stopped = true;
      timers.forEach((t) => clearTimeout(t));
      await Promise.allSettled([...running]);
    },
  };
}
