import { createLifecycle, handleSignals } from '@tributary/lifecycle';
import { createLogger, startTracing } from '@tributary/logging';
import { loadStitcherConfig } from './config';
import { buildStitcherService } from './service';

async function main(): Promise<void> {
  const config = loadStitcherConfig(process.env);
  const logger = createLogger({ service: 'journey-stitcher', level: config.LOG_LEVEL });
  const stopTracing = startTracing('journey-stitcher', process.env);
  const lifecycle = createLifecycle(logger);
  handleSignals(lifecycle, logger);
  const service = await buildStitcherService(config, { logger });
  lifecycle.onShutdown({ name: 'journey-stitcher', run: () => service.stop() });
  lifecycle.onShutdown({ name: 'tracing', run: stopTracing });
  await service.start();
  await service.app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
