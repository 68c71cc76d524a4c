import type { AttributionRun, RunSnapshot } from '@tributary/attribution-store';
import { createMetricsRegistry } from '@tributary/metrics';
import type { AttributionRunner, StartResult } from './attribution-runner';
import { measuredRunner } from './run-metrics';

const run = (status: AttributionRun['status'], journeys: number) =>
  ({ run: { status, diagnostics: { journeys } }, results: {} }) as unknown as RunSnapshot;

function runner(outcomes: (RunSnapshot | Error)[]): AttributionRunner {
  return {
    async start(): Promise<StartResult> {
      const next = outcomes.shift();
      if (next === undefined) return { started: false, reason: 'locked' };
      const done = next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
      return { started: true, run: {} as AttributionRun, done };
    },
    drain: async () => undefined,
  };
}

describe('measuredRunner', () => {
  it('counts ended runs by trigger and status, and keeps the last success and its journeys', async () => {
    const registry = createMetricsRegistry('attribution-engine', false);
    const measured = measuredRunner(
      runner([run('succeeded', 1200), run('failed', 0), new Error('boom')]),
      registry,
    );
    for (let i = 0; i < 4; i += 1) {
      const started = await measured.start({}, 'schedule');
      if (started.started) await started.done.catch(() => undefined);
    }
    await new Promise((resolve) => setImmediate(resolve));
    const values = async (name: string) =>
      (await registry.getSingleMetric(name)!.get()).values.map((v) => {
        // Histogram values name their series (_bucket, _sum, _count).
        const series = (v as { metricName?: string }).metricName;
        return { labels: v.labels, value: v.value, ...(series ? { name: series } : {}) };
      });
    expect(await values('attribution_runs_total')).toEqual([
      { labels: { trigger: 'schedule', status: 'succeeded' }, value: 1 },
      { labels: { trigger: 'schedule', status: 'failed' }, value: 2 },
    ]);
    expect(await values('attribution_run_duration_seconds')).toContainEqual({
      name: 'attribution_run_duration_seconds_count',
      labels: { trigger: 'schedule' },
      value: 3,
    });
    expect(await values('attribution_run_journeys')).toEqual([{ labels: {}, value: 1200 }]);
    const [last] = await values('attribution_last_success_timestamp_seconds');
    expect(Math.abs((last?.value ?? 0) - Date.now() / 1000)).toBeLessThan(60);
  });
});
