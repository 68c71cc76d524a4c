import type { Redis } from '@tributary/redis';
import { attributionKeys, modelField, RUN_FIELD } from './cache-keys';
import type { RunSnapshot } from './run-types';

/** How long a replaced version stays readable for a reader that fetched the old pointer. */
export const REPLACED_VERSION_GRACE_MS = 10 * 60 * 1000;

/** Writes one run's version hash in one MULTI, so it is complete or absent. */
export async function writeRunVersion(redis: Redis, snapshot: RunSnapshot): Promise<void> {
  const key = attributionKeys.run(snapshot.run.run_id);
  const fields: Record<string, string> = { [RUN_FIELD]: JSON.stringify(snapshot.run) };
  for (const [model, result] of Object.entries(snapshot.results)) {
    fields[modelField(model)] = JSON.stringify(result);
  }
  await redis.multi().del(key).hset(key, fields).exec();
}

/**
 * Points readers at `snapshot`'s version: one SET (atomic), after its hash is complete. The
 * replaced version expires after a grace period instead of vanishing under a reader.
 */
export async function publishRun(
  redis: Redis,
  snapshot: RunSnapshot,
  graceMs = REPLACED_VERSION_GRACE_MS,
): Promise<void> {
  await writeRunVersion(redis, snapshot);
  const runId = snapshot.run.run_id;
  const previous = await redis.set(attributionKeys.latest, runId, 'GET');
  await redis.set(attributionKeys.byOptions(snapshot.run.options_key), runId);
  if (previous && previous !== runId) {
    await redis.pexpire(attributionKeys.run(previous), graceMs);
  }
}

/**
 * Refills the cache from the warehouse without ever moving the pointer backwards: the pointer is
 * only set when absent (a run that finished meanwhile keeps its own).
 */
export async function refillRun(
  redis: Redis,
  snapshot: RunSnapshot,
  graceMs = REPLACED_VERSION_GRACE_MS,
): Promise<void> {
  await writeRunVersion(redis, snapshot);
  const runId = snapshot.run.run_id;
  const set = await redis.set(attributionKeys.latest, runId, 'NX');
  if (set !== 'OK' && (await redis.get(attributionKeys.latest)) !== runId) {
    await redis.pexpire(attributionKeys.run(runId), graceMs);
  }
}
