import { trace } from '@opentelemetry/api';
import { startTracing } from './otel';
import { startWorkSpan } from './trace';

describe('startTracing without an endpoint (the default)', () => {
  it('registers no tracer provider: spans stay non-recording, stopping is a no-op', async () => {
    const before = trace.getTracerProvider();
    const stop = startTracing('query-api', { OTEL_EXPORTER_OTLP_ENDPOINT: '' });
    expect(trace.getTracerProvider()).toBe(before);
    expect(trace.setGlobalTracerProvider(before)).toBe(true);
    trace.disable();
    const span = startWorkSpan('work');
    expect(span.span.isRecording()).toBe(false);
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
    await expect(stop()).resolves.toBeUndefined();
  });

  it('rejects an endpoint that is not an http(s) URL', () => {
    expect(() =>
      startTracing('query-api', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }),
    ).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
