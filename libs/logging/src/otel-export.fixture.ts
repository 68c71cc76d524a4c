// Child process of otel.int.test.ts: the OTLP exporter loads node:http with a dynamic import(),
// which jest's module sandbox refuses, so the export runs in a real node process (via tsx).
import { startTracing } from './otel';
import { startWorkSpan } from './trace';

async function main(): Promise<void> {
  const stop = startTracing(process.argv[2] ?? 'fixture', process.env);
  const span = startWorkSpan('consume touchpoints', process.argv[3], {
    'messaging.system': 'kafka',
  });
  const recording = span.span.isRecording();
  span.end();
  process.stdout.write(
    `${JSON.stringify({ traceId: span.traceId, spanId: span.spanId, recording })}\n`,
  );
  await stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
