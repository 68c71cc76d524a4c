import { createLifecycle, handleSignals } from '@tributary/lifecycle';
import { createLogger, startTracing } from '@tributary/logging';
import { loadCategoryReportsConfig } from './config';
import { buildCategoryReportsService } from './service';

async function main(): Promise<void> {
  const config = loadCategoryReportsConfig(process.env);
  const logger = createLogger({ service: 'category-reports', level: config.LOG_LEVEL });
  const stopTracing = startTracing('category-reports', process.env);
  const lifecycle = createLifecycle(logger);
  handleSignals(lifecycle, logger);
  const service = await buildCategoryReportsService(config, logger);
  lifecycle.onShutdown({ name: 'category-reports', run: () => service.stop() });
  lifecycle.onShutdown({ name: 'tracing', run: stopTracing });
  await service.app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
  service.start();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
