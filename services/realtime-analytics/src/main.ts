import { createLifecycle, handleSignals } from '@tributary/lifecycle';
import { createLogger, startTracing } from '@tributary/logging';
import { loadRealtimeConfig } from './config';
import { buildRealtimeService } from './service';

async function main(): Promise<void> {
  const config = loadRealtimeConfig(process.env);
  const logger = createLogger({ service: 'realtime-analytics', level: config.LOG_LEVEL });
  const stopTracing = startTracing('realtime-analytics', process.env);
  const lifecycle = createLifecycle(logger);
  handleSignals(lifecycle, logger);
  const service = await buildRealtimeService(config, { logger });
  lifecycle.onShutdown({ name: 'realtime-analytics', run: () => service.stop() });
  lifecycle.onShutdown({ name: 'tracing', run: stopTracing });
  // Health answers during a rebuild; readiness turns green once start() finished.
  await service.app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
  await service.start();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
