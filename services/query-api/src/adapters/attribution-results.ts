import {
  attributionKeys,
  getRun,
  listRuns,
  readLatestResults,
  type AttributionRun,
  type ListRunsOptions,
  type RunSnapshot,
} from '@tributary/attribution-store';
import type { Logger } from '@tributary/logging';
import type { Pool } from '@tributary/postgres';
import type { Redis } from '@tributary/redis';
import type { AttributionModelId } from '@tributary/schemas';
import { cachedBody, type CachedBody } from '../http/cached-reply';

/** Serialized answers of one run: a run's results never change, so they are built once. */
export interface RunBodies {
  readonly runId: string;
  readonly all: CachedBody;
  model(id: AttributionModelId, requested: string): CachedBody | undefined;
}

export interface AttributionResults {
  /** The latest succeeded run's answers; undefined when no run has succeeded yet. */
  latest(): Promise<RunBodies | undefined>;
  runs(options: ListRunsOptions): Promise<AttributionRun[]>;
  run(runId: string): Promise<RunSnapshot | undefined>;
}

const KEPT_RUNS = 4;

/**
 * One Redis GET (the latest-run pointer) per request while that run's bodies are in memory; on a
 * new pointer, a miss or a Redis failure it asks @tributary/attribution-store, which falls back
 * to PostgreSQL and refills the cache.
 */
export function createAttributionResults(
  redis: Redis,
  pool: Pool,
  logger: Logger,
): AttributionResults {
  const memo = new Map<string, RunBodies>();

  function remember(snapshot: RunSnapshot): RunBodies {
    const bodies = bodiesOf(snapshot);
    memo.set(snapshot.run.run_id, bodies);
    for (const key of memo.keys()) {
      if (memo.size <= KEPT_RUNS) break;
      memo.delete(key);
    }
    return bodies;
  }

  return {
    async latest() {
      const pointer = await redis.get(attributionKeys.latest).catch(() => null);
      const known = pointer === null ? undefined : memo.get(pointer);
      if (known) return known;
      const snapshot = await readLatestResults(redis, pool, { logger });
      if (!snapshot) return undefined;
      return (
        memo.get(snapshot.run.run_id) ?? remember({ run: snapshot.run, results: snapshot.results })
      );
    },
    runs: (options) => listRuns(pool, options),
    run: (runId) => getRun(pool, runId),
  };
}

function bodiesOf(snapshot: RunSnapshot): RunBodies {
  const perModel = new Map<string, CachedBody>();
  return {
    runId: snapshot.run.run_id,
    all: cachedBody(JSON.stringify({ run: snapshot.run, results: snapshot.results })),
    model(id, requested) {
      const result = snapshot.results[id];
      if (!result) return undefined;
      const key = `${requested}:${id}`;
      let body = perModel.get(key);
      if (!body) {
        body = cachedBody(JSON.stringify({ model: id, requested, run: snapshot.run, result }));
        perModel.set(key, body);
      }
      return body;
    },
  };
}
