import type { HttpApp } from '@tributary/http';
import { createLogger } from '@tributary/logging';
import { loadQueryConfig } from './config';
import { createLambdaHandler } from './lambda/lambda-handler';
import { buildQueryService } from './service';

// One app per Lambda container, built on the first invocation and reused while the container
// lives: connections and compiled schemas survive between events, as in a long-running process.
let app: Promise<HttpApp> | undefined;

function containerApp(): Promise<HttpApp> {
  app ??= (async () => {
    const loaded = loadQueryConfig(process.env);
    const logger = createLogger({
      service: 'query-api',
      level: loaded.config.LOG_LEVEL,
      base: { runtime: 'lambda' },
    });
    const service = await buildQueryService(loaded, logger);
    await service.app.ready();
    return service.app;
  })().catch((error: unknown) => {
    app = undefined;
    throw error;
  });
  return app;
}

/** AWS Lambda entry point for API Gateway REST (1.0) and HTTP (2.0) proxy events. */
export const handler = createLambdaHandler(containerApp);
