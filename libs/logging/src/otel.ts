import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { OtelEnv, loadConfig } from '@tributary/config';

/** Flushes the spans still queued and stops exporting; resolves even if the collector is gone. */
export type StopTracing = () => Promise<void>;

/**
 * Opt-in span export (issue 22): with OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as is) or
 * OTEL_EXPORTER_OTLP_ENDPOINT (+ `/v1/traces`) set, registers an OpenTelemetry tracer provider
 * whose batch span processor sends spans over OTLP/HTTP (JSON), resource service.name =
 * `serviceName`. Unset (the default): registers nothing, so the work spans of ./trace stay
 * non-recording and nothing leaves the process. Called once by a service's main.ts; the function
 * returned goes on its shutdown steps after the service's own, so the last spans are flushed.
 */
export function startTracing(
  serviceName: string,
  env: Record<string, string | undefined>,
): StopTracing {
  const config = loadConfig(OtelEnv, env);
  const url =
    config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (config.OTEL_EXPORTER_OTLP_ENDPOINT === undefined
      ? undefined
      : `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`);
  if (url === undefined) return async () => {};
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) })],
  });
  if (!trace.setGlobalTracerProvider(provider)) {
    // Another provider was registered first (only one per process): leave it in charge.
    void provider.shutdown();
    return async () => {};
  }
  return async () => {
    try {
      await provider.shutdown();
    } catch {
      // A collector that is down must not hold up or fail the process's stop.
    } finally {
      trace.disable();
    }
  };
}
