import { createLifecycle, handleSignals } from '@tributary/lifecycle';
import { createLogger, startTracing } from '@tributary/logging';
import { loadIngestConfig } from './config';
import { buildIngestService } from './service';

async function main(): Promise<void> {
  const config = loadIngestConfig(process.env);
  const logger = createLogger({ service: 'ingest-gateway', level: config.LOG_LEVEL });
  const stopTracing = startTracing('ingest-gateway', process.env);
  const lifecycle = createLifecycle(logger);
  handleSignals(lifecycle, logger);
  const service = await buildIngestService(config, logger);
  lifecycle.onShutdown({ name: 'ingest-gateway', run: () => service.stop() });
  lifecycle.onShutdown({ name: 'tracing', run: stopTracing });
  await service.app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
