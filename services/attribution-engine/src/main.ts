import { createLifecycle, handleSignals } from '@tributary/lifecycle';
import { createLogger, startTracing } from '@tributary/logging';
import { loadAttributionConfig } from './config';
import { buildAttributionService } from './service';

async function main(): Promise<void> {
  const config = loadAttributionConfig(process.env);
  const logger = createLogger({ service: 'attribution-engine', level: config.LOG_LEVEL });
  const stopTracing = startTracing('attribution-engine', process.env);
  const lifecycle = createLifecycle(logger);
  handleSignals(lifecycle, logger);
  const service = await buildAttributionService(config, logger);
  lifecycle.onShutdown({ name: 'attribution-engine', run: () => service.stop() });
  lifecycle.onShutdown({ name: 'tracing', run: stopTracing });
  await service.app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
  service.start();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
