import { createClock } from '@tributary/clock';
import { createLifecycle, handleSignals } from '@tributary/lifecycle';
import { createLogger, startTracing } from '@tributary/logging';
import { createPool } from '@tributary/postgres';
import { loadCampaignCoreConfig } from './config';
import { buildCampaignCoreService } from './service';

async function main(): Promise<void> {
  const config = loadCampaignCoreConfig(process.env);
  const logger = createLogger({ service: 'campaign-core', level: config.LOG_LEVEL });
  const stopTracing = startTracing('campaign-core', process.env);
  const lifecycle = createLifecycle(logger);
  handleSignals(lifecycle, logger);
  const pool = createPool(
    {
      connectionString: config.DATABASE_URL,
      max: config.PG_POOL_MAX,
      applicationName: 'campaign-core',
    },
    logger,
  );
  // R4: one clock for every evaluation; replay mode reads the shared replay_clock row.
  const clock = await createClock({ mode: config.CLOCK_MODE, pool, logger });
  const service = await buildCampaignCoreService(config, logger, {
    pool,
    now: () => clock.now(),
    refreshClock: () => clock.refresh(),
  });
  lifecycle.onShutdown({
    name: 'campaign-core',
    run: async () => {
      await service.stop();
      clock.close();
      await pool.end();
    },
  });
  lifecycle.onShutdown({ name: 'tracing', run: stopTracing });
  await service.start();
  await service.app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
