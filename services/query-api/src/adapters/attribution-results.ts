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
  /** The run itself, for routes that answer with a part of it (trends, comparisons). */
  readonly snapshot: RunSnapshot;
  readonly all: CachedBody;
  model(id: AttributionModelId, requested: string): CachedBody | undefined;
}

export interface AttributionResults {
  /** The latest succeeded run's answers; undefined when no run has succeeded yet. */
  latest(): Promise<RunBodies | undefined>;
  /**
   * What latest() would answer without any I/O (the pointer is fresh and its run in memory), or
   * undefined when it has to ask a store; lets the hot path skip the store guard's timer.
   */
  peek?(): RunBodies | undefined;
  /**
   * A past run's answers by id: undefined when the run is unknown, or not succeeded (a running
   * or failed run has no results to read). A succeeded run never changes, so it is memoized.
   */
  ofRun(runId: string): Promise<RunBodies | undefined>;
  runs(options: ListRunsOptions): Promise<AttributionRun[]>;
  run(runId: string): Promise<RunSnapshot | undefined>;
}

const KEPT_RUNS = 4;

/**
 * At most one Redis GET (the latest-run pointer) per `pointerTtlMs` while that run's bodies are
 * in memory: a new nightly run shows up within that time. On a new pointer, a miss or a Redis
 * failure it asks @tributary/attribution-store, which falls back to PostgreSQL and refills.
 */
export function createAttributionResults(
  redis: Redis,
  pool: Pool,
  logger: Logger,
  pointerTtlMs: number,
  now: () => number = Date.now,
): AttributionResults {
  const memo = new Map<string, RunBodies>();
  let pointer: { runId: string | null; readAt: number } | undefined;
  const latestRunId = async (): Promise<string | null> => {
    if (pointer && now() - pointer.readAt < pointerTtlMs) return pointer.runId;
    const runId = await redis.get(attributionKeys.latest).catch(() => null);
    pointer = { runId, readAt: now() };
    return runId;
  };

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
    peek() {
      if (!pointer || pointer.runId === null || now() - pointer.readAt >= pointerTtlMs) {
        return undefined;
      }
      return memo.get(pointer.runId);
    },
    async latest() {
      const runId = await latestRunId();
      const known = runId === null ? undefined : memo.get(runId);
      if (known) return known;
      const snapshot = await readLatestResults(redis, pool, { logger });
      if (!snapshot) return undefined;
      return (
        memo.get(snapshot.run.run_id) ?? remember({ run: snapshot.run, results: snapshot.results })
      );
    },
    async ofRun(runId) {
      const known = memo.get(runId);
      if (known) return known;
      const snapshot = await getRun(pool, runId);
      if (snapshot?.run.status !== 'succeeded') return undefined;
      return remember(snapshot);
    },
    runs: (options) => listRuns(pool, options),
    run: (runId) => getRun(pool, runId),
  };
}

function bodiesOf(snapshot: RunSnapshot): RunBodies {
  // Keyed by the name asked for (no key string built per request); the model it meant is kept
  // beside the body, as `smart` names whichever model the caller configured.
  const perModel = new Map<string, { id: AttributionModelId; body: CachedBody }>();
  return {
    runId: snapshot.run.run_id,
    snapshot,
    all: cachedBody(JSON.stringify({ run: snapshot.run, results: snapshot.results })),
    model(id, requested) {
      const known = perModel.get(requested);
      if (known?.id === id) return known.body;
      const result = snapshot.results[id];
      if (!result) return undefined;
      const body = cachedBody(JSON.stringify({ model: id, requested, run: snapshot.run, result }));
      perModel.set(requested, { id, body });
      return body;
    },
  };
}
