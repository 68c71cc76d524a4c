import { createLifecycle, handleSignals } from '@tributary/lifecycle';
import { createLogger } from '@tributary/logging';
import { loadCampaignCoreConfig } from './config';
import { buildCampaignCoreService } from './service';

async function main(): Promise<void> {
  const config = loadCampaignCoreConfig(process.env);
  const logger = createLogger({ service: 'campaign-core', level: config.LOG_LEVEL });
  if (config.CLOCK_MODE === 'replay') {
    // libs/clock (replay_clock table) is wired here once it exports createClock.
    throw new Error('CLOCK_MODE: replay needs libs/clock, which is not available yet');
  }
  const lifecycle = createLifecycle(logger);
  handleSignals(lifecycle, logger);
  const service = await buildCampaignCoreService(config, logger);
  lifecycle.onShutdown({ name: 'campaign-core', run: () => service.stop() });
  await service.start();
  await service.app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
