import { hashTag } from '@tributary/redis';

// Every attribution key shares one hash tag, so the pointer switch and the version hashes live
// in one Redis Cluster slot. The client's keyPrefix (REDIS_KEY_PREFIX) comes before all of them.
const TAG = hashTag('attribution');

export const attributionKeys = {
  /** String: the run id whose results readers serve (switched atomically after a run). */
  latest: `attribution:${TAG}:latest`,
  /** Hash of one run (one version): field `run` = run JSON, `model:<id>` = result JSON. */
  run: (runId: string) => `attribution:${TAG}:run:${runId}`,
  /** String: the newest run id computed with these options (options_key). */
  byOptions: (optionsKey: string) => `attribution:${TAG}:options:${optionsKey}`,
  /** The runExclusive lease: one replica runs at a time. */
  lock: `attribution:${TAG}:lock`,
} as const;

export const RUN_FIELD = 'run';
export const modelField = (model: string) => `model:${model}`;
