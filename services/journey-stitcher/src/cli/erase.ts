import { Type } from '@sinclair/typebox';
import { LogEnv, PostgresEnv, RedisEnv, checkSecrets, loadConfig } from '@tributary/config';
import { createLogger } from '@tributary/logging';
import { createPool } from '@tributary/postgres';
import {
  ErasureEnv,
  createIdHasher,
  exportCustomer,
  findErasure,
  openErasureFor,
  runErasure,
  type ErasureDeps,
} from '@tributary/privacy';
import { createRealtimeEraser } from '@tributary/realtime-store';
import { createRedis, redisReady, redisSettingsFrom } from '@tributary/redis';
import { UsageError } from './cli-context';
import { ERASE_USAGE, parseEraseArgs } from './erase-args';

/** The service's settings for the same stores (docs/privacy.md); the secret is required here. */
const EraseCliEnv = Type.Composite([
  LogEnv,
  PostgresEnv,
  RedisEnv,
  ErasureEnv,
  Type.Object({ ALLOW_INSECURE_DEV_SECRETS: Type.Boolean({ default: false }) }),
]);

async function main(): Promise<void> {
  const command = parseEraseArgs(process.argv.slice(2));
  const config = loadConfig(EraseCliEnv, process.env);
  checkSecrets(
    { ERASURE_HMAC_SECRET: config.ERASURE_HMAC_SECRET },
    config.ALLOW_INSECURE_DEV_SECRETS,
  );
  const logger = createLogger({ service: 'journey-stitcher-erase', level: config.LOG_LEVEL });
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    applicationName: 'erase',
    max: 2,
  });
  const redis = createRedis({
    ...redisSettingsFrom(config),
    keyPrefix: config.REDIS_KEY_PREFIX,
    logger,
  });
  try {
    await redisReady(redis);
    const deps: ErasureDeps = {
      pool,
      realtime: createRealtimeEraser(redis),
      redis,
      hash: createIdHasher(config.ERASURE_HMAC_SECRET),
      payoutRetention: config.PAYOUT_RETENTION,
      suppressionMs: config.ERASURE_SUPPRESSION_HOURS * 3_600_000,
      now: () => new Date(),
      logger,
    };
    let output: unknown;
    switch (command.kind) {
      case 'erase': {
        const { record } = await openErasureFor(deps, {
          subject: command.subject,
          reason: command.reason,
          requestedBy: `cli:${command.operator}`,
        });
        output = await runErasure(deps, record.erasure_id);
        break;
      }
      case 'resume':
        output = await runErasure(deps, command.erasureId);
        break;
      case 'status':
        output = (await findErasure(pool, command.erasureId)) ?? null;
        break;
      case 'export':
        output = await exportCustomer(pool, deps.realtime, command.subject, new Date());
        break;
    }
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } finally {
    redis.disconnect();
    await pool.end();
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${(err as Error).message}\n${ERASE_USAGE}`);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
