import type { Logger } from '@tributary/logging';
import type { Pool } from '@tributary/postgres';
import type { Redis } from '@tributary/redis';
import { attributionKeys, modelField, RUN_FIELD } from './cache-keys';
import { resolveModelId } from './models';
import { refillRun } from './run-cache';
import { getRun, latestSucceededRun } from './run-queries';
import type { AttributionRun, RunModelResult, RunSnapshot } from './run-types';

export interface ReadOptions {
  readonly logger?: Logger;
}

export type ResultSource = 'cache' | 'warehouse';

export interface LatestResults extends RunSnapshot {
  readonly source: ResultSource;
}

export interface LatestModelResult {
  readonly run: AttributionRun;
  /** Undefined when the latest run did not compute this model. */
  readonly result: RunModelResult | undefined;
  readonly source: ResultSource;
}

function parseVersion(fields: Record<string, string>): RunSnapshot | undefined {
  const run = fields[RUN_FIELD];
  if (run === undefined) return undefined;
  const results: Record<string, RunModelResult> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (field.startsWith('model:')) results[field.slice(6)] = JSON.parse(value) as RunModelResult;
  }
  return { run: JSON.parse(run) as AttributionRun, results };
}

async function fromCache(
  redis: Redis,
): Promise<{ pointer: string | null; snapshot?: RunSnapshot }> {
  const pointer = await redis.get(attributionKeys.latest);
  if (pointer === null) return { pointer };
  return { pointer, snapshot: parseVersion(await redis.hgetall(attributionKeys.run(pointer))) };
}

/**
 * The run the pointer names, or when Redis lacks it (flushed, evicted, never written) the last
 * succeeded run in PostgreSQL, written back to the cache. Redis being down degrades to the
 * warehouse instead of failing. Undefined when no run has ever succeeded.
 */
export async function readLatestResults(
  redis: Redis,
  pool: Pool,
  options: ReadOptions = {},
): Promise<LatestResults | undefined> {
  let pointer: string | null = null;
  try {
    const cached = await fromCache(redis);
    if (cached.snapshot) return { ...cached.snapshot, source: 'cache' };
    pointer = cached.pointer;
  } catch (err) {
    options.logger?.warn({ err }, 'attribution cache unreadable; serving the warehouse');
    const snapshot = await latestSucceededRun(pool);
    return snapshot && { ...snapshot, source: 'warehouse' };
  }
  const named = pointer === null ? undefined : await getRun(pool, pointer);
  const snapshot = named?.run.status === 'succeeded' ? named : await latestSucceededRun(pool);
  if (!snapshot) return undefined;
  try {
    await refillRun(redis, snapshot);
    options.logger?.info(
      { run_id: snapshot.run.run_id },
      'attribution cache refilled from the warehouse',
    );
  } catch (err) {
    options.logger?.warn({ err, run_id: snapshot.run.run_id }, 'attribution cache refill failed');
  }
  return { ...snapshot, source: 'warehouse' };
}

/** One model's latest result (`smart` = markov); throws UnknownModelError for a bad id. */
export async function readResult(
  redis: Redis,
  pool: Pool,
  model: string,
  options: ReadOptions = {},
): Promise<LatestModelResult | undefined> {
  const id = resolveModelId(model);
  try {
    const pointer = await redis.get(attributionKeys.latest);
    if (pointer !== null) {
      const [run, result] = await redis.hmget(
        attributionKeys.run(pointer),
        RUN_FIELD,
        modelField(id),
      );
      if (run) {
        return {
          run: JSON.parse(run) as AttributionRun,
          result: result ? (JSON.parse(result) as RunModelResult) : undefined,
          source: 'cache',
        };
      }
    }
  } catch (err) {
    options.logger?.warn({ err }, 'attribution cache unreadable; serving the warehouse');
  }
  const latest = await readLatestResults(redis, pool, options);
  return latest && { run: latest.run, result: latest.results[id], source: latest.source };
}
