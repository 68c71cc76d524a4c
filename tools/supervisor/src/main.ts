import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLogger } from '@tributary/logging';
import { startDemoReceiver } from './demo-receiver';
import {
  configureCampaign,
  loadCaseData,
  loadSyntheticTraffic,
  startLiveViews,
  triggerAttribution,
  writeDemoFxRates,
  type DemoContext,
} from './demo-seed';
import { createProcessGroup, waitReady } from './process-group';
import { DEMO, SERVICES, sharedEnv } from './services';

const run = promisify(execFile);

/**
 * `npm run up`, after infrastructure, build and migrations: starts every service, waits until
 * each is ready, loads the demo, prints where to look, and stops everything on Ctrl-C.
 */
async function main(): Promise<void> {
  const root = join(__dirname, '..', '..', '..');
  const logger = createLogger({ service: 'supervisor', level: 'warn' });
  const say = (line: string) =>
    process.stdout.write(`\u001b[1msupervisor          |\u001b[0m ${line}\n`);
  const group = createProcessGroup(root);
  const env = sharedEnv(root);
  let stopLive = () => undefined as void;
  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say('stopping every service...');
    stopLive();
    await group.stopAll();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  let starting = true;
  group.onExit((name, code) => {
    say(`${name} exited with code ${code}`);
    // A service that dies while the system comes up would leave a half system: stop everything.
    if (starting) void shutdown(1);
  });

  let actions = 0;
  await startDemoReceiver(DEMO.receiverPort, (action) => {
    if (action.replayed) {
      say(
        `action call replayed ${action.path} (Idempotency-Key ${action.idempotencyKey ?? '-'}, no new grant)`,
      );
      return;
    }
    actions += 1;
    say(`action call #${actions} ${action.path} (Idempotency-Key ${action.idempotencyKey ?? '-'})`);
  });
  for (const service of SERVICES) {
    group.start(
      service.name,
      process.execPath,
      [join(root, 'services', service.name, 'dist', 'main.js')],
      {
        ...env,
        HTTP_PORT: String(service.port),
        ...service.env,
      },
    );
  }
  await Promise.all(SERVICES.map((s) => waitReady(s.port)));
  starting = false;
  say('every service is ready; loading demo data');

  const ctx: DemoContext = { root, logger, say };
  const step = async (name: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (err) {
      say(`demo step "${name}" failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  let hour = '';
  // Before any data: campaign-goals converts USD payments and attribution converts USD/EUR
  // orders with these rates, loaded by the same command an operator uses.
  await step('FX rates', async () => {
    const { stdout } = await run(
      process.execPath,
      [join(root, 'services/attribution-engine/dist/cli/load-fx-rates.js'), writeDemoFxRates(root)],
      { env: { ...process.env, ...env } },
    );
    say(`FX rates for the demo's currencies and dates loaded: ${stdout.trim()}`);
  });
  await step('product catalogue', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        join(root, 'services/journey-stitcher/dist/cli/load-catalogue.js'),
        join(root, 'datasets/hepsiburada-case/product-category-map.csv'),
      ],
      { env: { ...process.env, ...env } },
    );
    say(`product catalogue (the case's product-category map) loaded: ${stdout.trim()}`);
  });
  await step('synthetic traffic', () => loadSyntheticTraffic(ctx));
  await step('e-commerce case', async () => (hour = await loadCaseData(ctx)));
  await step('campaign', () => configureCampaign(ctx));
  stopLive = startLiveViews(ctx);
  // Give the stitcher a moment to take in the history, sweep its settled non-converting paths,
  // then run attribution over it.
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  await step('non-converting paths', async () => {
    const from = new Date(Date.now() - 200 * 86_400_000).toISOString();
    const sweep = join(root, 'services/journey-stitcher/dist/cli/sweep.js');
    const { stdout } = await run(
      process.execPath,
      [sweep, '--from', from, '--to', new Date().toISOString()],
      { env: { ...process.env, ...env } },
    );
    say(`non-converting paths swept: ${stdout.trim().slice(0, 200)}`);
  });
  await step('attribution', () => triggerAttribution(ctx));
  await step('category report', () =>
    run(
      process.execPath,
      [join(root, 'services/category-reports/dist/cli/backfill.js'), '--from', hour, '--to', hour],
      { env: { ...process.env, ...env } },
    ),
  );

  say('');
  say('Tributary is up.');
  say('  API docs       http://127.0.0.1:8080/docs');
  say('  dashboard      http://127.0.0.1:8080/   (sign in with the viewer key below)');
  say(`  viewer key     ${DEMO.viewerKey}     operator key ${DEMO.operatorKey}`);
  say('Try:');
  say(
    `  curl -H 'x-api-key: ${DEMO.viewerKey}' http://127.0.0.1:8080/v1/attribution/results/smart`,
  );
  say(`  curl -H 'x-api-key: ${DEMO.viewerKey}' http://127.0.0.1:8080/v1/realtime/categories`);
  say(
    `  curl -H 'x-api-key: ${DEMO.viewerKey}' http://127.0.0.1:8080/v1/users/user-42/recently-viewed`,
  );
  say(
    `  curl -H 'x-api-key: ${DEMO.viewerKey}' http://127.0.0.1:8080/v1/reports/categories/${hour}/top-viewed.csv`,
  );
  say(
    `  curl -H 'x-api-key: ${DEMO.viewerKey}' http://127.0.0.1:8080/v1/clients/3855206900/stream-data`,
  );
  say(
    `  curl -H 'x-api-key: ${DEMO.viewerKey}' http://127.0.0.1:8080/v1/clients/3855206900/campaign-realizations`,
  );
  say(
    `  curl -H 'x-api-key: ${DEMO.producerKey}' -H 'content-type: application/json' -d '{"event_id":"hello-1","type":"product_view","occurred_at":"'$(date -u +%FT%TZ)'","user_id":"me","properties":{"product_id":"product-1","category_id":"category-1"}}' http://127.0.0.1:8081/v1/events`,
  );
  say('Ctrl-C stops everything.');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
