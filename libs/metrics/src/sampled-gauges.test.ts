import { createMetricsRegistry, sampledGauges } from './index';

describe('sampledGauges', () => {
  it('samples once per scrape for all its gauges, afresh on the next scrape', async () => {
    const registry = createMetricsRegistry('test', false);
    let calls = 0;
    sampledGauges(
      registry,
      {
        depth: { name: 'test_outbox_pending', help: 'rows' },
        age: { name: 'test_outbox_oldest_age_seconds', help: 'age' },
      },
      async () => {
        calls += 1;
        return { depth: 3 * calls, age: 1.5 };
      },
    );
    const first = await registry.metrics();
    expect(first).toContain('test_outbox_pending{service="test"} 3');
    expect(first).toContain('test_outbox_oldest_age_seconds{service="test"} 1.5');
    expect(calls).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await registry.metrics()).toContain('test_outbox_pending{service="test"} 6');
  });

  it('answers NaN, not the last value, when the sample fails', async () => {
    const registry = createMetricsRegistry('test', false);
    let fail = false;
    sampledGauges(registry, { depth: { name: 'test_depth', help: 'rows' } }, async () => {
      if (fail) throw new Error('database down');
      return { depth: 7 };
    });
    expect(await registry.metrics()).toContain('test_depth{service="test"} 7');
    fail = true;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await registry.metrics()).toContain('test_depth{service="test"} Nan');
  });
});
