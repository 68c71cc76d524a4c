import { Registry } from 'prom-client';
import { histogram, seriesObserver } from './index';

describe('seriesObserver', () => {
  const values = [0.0004, 0.003, 0.003, 0.02, 0.7, 42, 0.001];
  const labels = { method: 'GET', route: '/x', status: '200' };

  async function exported(feed: (h: ReturnType<typeof histogram>) => void): Promise<string> {
    const registry = new Registry();
    const h = histogram(registry, 'd', 'd', ['method', 'route', 'status']);
    feed(h);
    return registry.metrics();
  }

  it('exports what prom-client exports for the same observations', async () => {
    const plain = await exported((h) => {
      for (const v of values) h.observe(labels, v);
      h.observe({ ...labels, status: '500' }, 0.2);
    });
    let slowCalls = 0;
    const fast = await exported((h) => {
      const observe = h.observe.bind(h);
      jest.spyOn(h, 'observe').mockImplementation((...args: Parameters<typeof observe>) => {
        slowCalls += 1;
        observe(...args);
      });
      const ok = seriesObserver(h, labels);
      const failed = seriesObserver(h, { ...labels, status: '500' });
      for (const v of values) ok(v);
      failed(0.2);
    });
    expect(fast).toBe(plain);
    // prom-client's own observe ran once per series only.
    expect(slowCalls).toBe(2);
    expect(fast).toContain('d_count{method="GET",route="/x",status="200"} 7');
  });

  it('keeps counting after the histogram is reset, and rejects what prom-client rejects', async () => {
    const registry = new Registry();
    const h = histogram(registry, 'd', 'd', ['method', 'route', 'status']);
    const observe = seriesObserver(h, labels);
    observe(0.002);
    observe(0.002);
    registry.resetMetrics();
    observe(0.02);
    observe(0.02);
    expect(await registry.metrics()).toContain('d_count{method="GET",route="/x",status="200"} 2');
    expect(() => observe(Number.NaN)).toThrow(TypeError);
  });
});
