import { createLifecycle, handleSignals } from '@tributary/lifecycle';
import { createLogger, startTracing } from '@tributary/logging';
import { loadQueryConfig } from './config';
import { buildQueryService } from './service';

async function main(): Promise<void> {
  const loaded = loadQueryConfig(process.env);
  const logger = createLogger({ service: 'query-api', level: loaded.config.LOG_LEVEL });
  const stopTracing = startTracing('query-api', process.env);
  const lifecycle = createLifecycle(logger);
  handleSignals(lifecycle, logger);
  const service = await buildQueryService(loaded, logger);
  lifecycle.onShutdown({ name: 'query-api', run: () => service.stop() });
  lifecycle.onShutdown({ name: 'tracing', run: stopTracing });
  await service.app.listen({ host: loaded.config.HTTP_HOST, port: loaded.config.HTTP_PORT });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
