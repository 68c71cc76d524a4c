import { createLifecycle, handleSignals } from '@tributary/lifecycle';
import { createLogger, startTracing } from '@tributary/logging';
import { loadGoalsConfig } from './config';
import { buildGoalsService } from './service';

async function main(): Promise<void> {
  const config = loadGoalsConfig(process.env);
  const logger = createLogger({ service: 'campaign-goals', level: config.LOG_LEVEL });
  const stopTracing = startTracing('campaign-goals', process.env);
  const lifecycle = createLifecycle(logger);
  handleSignals(lifecycle, logger);
  const service = await buildGoalsService(config, logger);
  lifecycle.onShutdown({ name: 'campaign-goals', run: () => service.stop() });
  lifecycle.onShutdown({ name: 'tracing', run: stopTracing });
  await service.start();
  await service.app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
