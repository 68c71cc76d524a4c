import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * A registry per service (never prom-client's global one), so tests can build several apps in
 * one process and every metric carries the service label.
 */
export function createMetricsRegistry(service: string, collectDefaults = true): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (collectDefaults) collectDefaultMetrics({ register: registry });
  return registry;
}

/** Returns the metric already registered under `name`, or registers the one `create` builds. */
export function metric<T extends Counter | Gauge | Histogram>(
  registry: Registry,
  name: string,
  create: (registers: Registry[]) => T,
): T {
  const existing = registry.getSingleMetric(name);
  return (existing as T | undefined) ?? create([registry]);
}

export function counter(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[] = [],
): Counter {
  return metric(registry, name, (registers) => new Counter({ name, help, labelNames, registers }));
}

export function gauge(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[] = [],
): Gauge {
  return metric(registry, name, (registers) => new Gauge({ name, help, labelNames, registers }));
}

export function histogram(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[] = [],
  buckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
): Histogram {
  return metric(
    registry,
    name,
    (registers) => new Histogram({ name, help, labelNames, buckets, registers }),
  );
}
