import type { RunSnapshot } from '@tributary/attribution-store';
import { counter, gauge, histogram, type Registry } from '@tributary/metrics';
import type { AttributionRunner } from './attribution-runner';

/**
 * The runner, with every run it starts measured when it ends (docs/operations.md, Metrics):
 * runs by trigger and status, their duration, the last success and its journeys. A run that
 * throws counts as failed.
 */
export function measuredRunner(runner: AttributionRunner, registry: Registry): AttributionRunner {
  const runs = counter(
    registry,
    'attribution_runs_total',
    'Attribution runs ended, by trigger and status',
    ['trigger', 'status'],
  );
  const seconds = histogram(
    registry,
    'attribution_run_duration_seconds',
    'Wall time of an attribution run, start to published results',
    ['trigger'],
    [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600],
  );
  const lastSuccess = gauge(
    registry,
    'attribution_last_success_timestamp_seconds',
    'When the last successful attribution run ended (Unix time)',
  );
  const journeys = gauge(
    registry,
    'attribution_run_journeys',
    'Converting journeys of the last successful run (diagnostics.journeys)',
  );
  const observe = (snapshot: RunSnapshot | undefined, trigger: string, startedMs: number) => {
    const status = snapshot?.run.status ?? 'failed';
    runs.inc({ trigger, status });
    seconds.observe({ trigger }, (Date.now() - startedMs) / 1000);
    if (status !== 'succeeded') return;
    lastSuccess.set(Date.now() / 1000);
    const count = snapshot?.run.diagnostics?.journeys;
    if (count !== undefined) journeys.set(count);
  };
  return {
    ...runner,
    drain: () => runner.drain(),
    async start(request, trigger, at) {
      const startedMs = Date.now();
      const started = await runner.start(request, trigger, at);
      if (started.started) {
        started.done.then(
          (snapshot) => observe(snapshot, trigger, startedMs),
          () => observe(undefined, trigger, startedMs),
        );
      }
      return started;
    },
  };
}
