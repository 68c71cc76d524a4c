import { randomBytes } from 'node:crypto';
import { createLogger } from '@tributary/logging';
import { AttributionError } from '../domain/attribution-error';
import { loadAttributionConfig } from '../config';
import { buildAttributionService } from '../service';
import { parseRunArgs, RUN_USAGE, RunUsageError } from './parse-run-args';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_BUSY = 3;

/** Runs the models over the warehouse now (under the cluster lock) and prints the stored run. */
export async function runOnce(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Promise<number> {
  let args;
  try {
    args = parseRunArgs(argv);
  } catch (error) {
    if (!(error instanceof RunUsageError)) throw error;
    process.stderr.write(`${error.message}\n${RUN_USAGE}\n`);
    return EXIT_USAGE;
  }
  if (args === 'help') {
    process.stdout.write(`${RUN_USAGE}\n`);
    return EXIT_OK;
  }
  // The CLI serves no HTTP: a token of its own satisfies the service's schema.
  const config = loadAttributionConfig({
    ...env,
    ATTRIBUTION_SCHEDULE_ENABLED: 'false',
    INTERNAL_API_TOKEN: randomBytes(32).toString('base64url'),
  });
  const logger = createLogger({ service: 'attribution-run', level: config.LOG_LEVEL });
  const service = await buildAttributionService(config, logger);
  try {
    const started = await service.runner.start(args.request, 'cli');
    if (!started.started) {
      process.stderr.write('another attribution run is in progress; try again later\n');
      return EXIT_BUSY;
    }
    const snapshot = await started.done;
    process.stdout.write(`${JSON.stringify(snapshot, null, args.compact ? undefined : 2)}\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof AttributionError) {
      process.stderr.write(`error (${error.code}): ${error.message}\n`);
      return error.code === 'invalid_option' || error.code === 'unknown_model'
        ? EXIT_USAGE
        : EXIT_FAILED;
    }
    logger.error({ err: error }, 'attribution run failed');
    return EXIT_FAILED;
  } finally {
    await service.stop();
  }
}

if (require.main === module) {
  void runOnce(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
