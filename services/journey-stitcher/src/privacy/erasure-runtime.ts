import type { Logger } from '@tributary/logging';
import type { Pool } from '@tributary/postgres';
import {
  activeSuppressions,
  createIdHasher,
  mirrorSuppressions,
  expireSuppressions,
  openErasureFor,
  runErasure,
  runningErasures,
  type ErasureDeps,
  type ErasureOrder,
  type ErasureRecord,
  type PayoutRetention,
} from '@tributary/privacy';
import { createRealtimeEraser } from '@tributary/realtime-store';
import type { Redis } from '@tributary/redis';

export interface ErasureRuntime {
  deps: ErasureDeps;
  /** Records the erasure and runs it in the background; answers at once. */
  request(order: ErasureOrder): Promise<{ record: ErasureRecord; created: boolean }>;
  /** Continues the erasures a crash or a restart left unfinished. */
  resumeAll(): Promise<void>;
  /** Waits for the erasures this process is running. */
  drain(): Promise<void>;
}

export interface ErasureRuntimeSettings {
  secret: string;
  payoutRetention: PayoutRetention;
  suppressionHours: number;
}

export function createErasureRuntime(
  pool: Pool,
  redis: Redis,
  settings: ErasureRuntimeSettings,
  logger: Logger,
  now: () => Date,
): ErasureRuntime {
  const deps: ErasureDeps = {
    pool,
    realtime: createRealtimeEraser(redis),
    redis,
    hash: createIdHasher(settings.secret),
    payoutRetention: settings.payoutRetention,
    suppressionMs: settings.suppressionHours * 3_600_000,
    now,
    logger,
  };
  const inFlight = new Map<string, Promise<unknown>>();

  function start(erasureId: string): void {
    if (inFlight.has(erasureId)) return;
    const run = runErasure(deps, erasureId)
      // The erasure stays `running` in the audit; the next start (or a repeated request) resumes it.
      .catch((err: unknown) =>
        logger.error({ err, erasureId }, 'erasure failed; it resumes on restart'),
      )
      .finally(() => inFlight.delete(erasureId));
    inFlight.set(erasureId, run);
  }

  return {
    deps,
    async request(order) {
      const opened = await openErasureFor(deps, order);
      logger.info(
        {
          erasureId: opened.record.erasure_id,
          created: opened.created,
          requestedBy: order.requestedBy,
        },
        'erasure requested',
      );
      start(opened.record.erasure_id);
      return opened;
    },
    async resumeAll() {
      // Housekeeping: an expired suppression is already ignored; this keeps the table small.
      const expired = await expireSuppressions(pool, now());
      if (expired > 0) logger.info({ expired }, 'expired erasure suppressions deleted');
      // Redis may have lost its copy (it is a cache here): realtime-analytics reads it there.
      await mirrorSuppressions(redis, await activeSuppressions(pool, now())).catch((err: unknown) =>
        // The service still stores and stitches; realtime-analytics lacks the copy until then.
        logger.warn({ err }, 'suppression list not copied to Redis; the next start retries'),
      );
      for (const erasureId of await runningErasures(pool)) start(erasureId);
    },
    async drain() {
      await Promise.all([...inFlight.values()]);
    },
  };
}
