import { createLifecycle, handleSignals } from '@tributary/lifecycle';
import { createLogger } from '@tributary/logging';
import { loadAttributionConfig } from './config';
import { buildAttributionService } from './service';

async function main(): Promise<void> {
  const config = loadAttributionConfig(process.env);
  const logger = createLogger({ service: 'attribution-engine', level: config.LOG_LEVEL });
  const lifecycle = createLifecycle(logger);
  handleSignals(lifecycle, logger);
  const service = await buildAttributionService(config, logger);
  lifecycle.onShutdown({ name: 'attribution-engine', run: () => service.stop() });
  await service.app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
  service.start();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
