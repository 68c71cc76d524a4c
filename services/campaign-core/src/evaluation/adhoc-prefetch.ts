import { withTransaction } from '@tributary/postgres';
import type { GoalAchievedMessage } from '@tributary/schemas';
import { createCampaignConfigCache } from '../adapters/campaign-config-cache';
import type { CampaignGoalsClient } from '../adapters/campaign-goals-client';
import type { EngineDeps } from './apply-goal-events';
import { evaluateBatch } from './apply-goal-batch';
import { loadBatch, type LoadedBatch } from './goal-batch-state';

/** Ad-hoc answers by "goalId:clientId", asked once for a batch. */
export interface AdhocAnswers {
  /** A client that asks campaign-goals on a miss and remembers the answer. */
  client: CampaignGoalsClient;
  size(): number;
}

export function rememberAdhoc(live: CampaignGoalsClient): AdhocAnswers {
  const answers = new Map<string, boolean>();
  return {
    client: {
      getGoal: (goalId) => live.getGoal(goalId),
      streamValue: (goalId, clientId, at) => live.streamValue(goalId, clientId, at),
      async checkAdhoc(goalId, clientId) {
        const key = `${goalId}:${clientId}`;
        const known = answers.get(key);
        if (known !== undefined) return known;
        const answer = await live.checkAdhoc(goalId, clientId);
        answers.set(key, answer);
        return answer;
      },
    },
    size: () => answers.size,
  };
}

class DryRun extends Error {}

/** Clients whose checks are asked at once (each may wait up to ADHOC_CHECK_TIMEOUT_MS). */
const PREFETCH_CONCURRENCY = 16;

function groupBy<T>(values: readonly T[], key: (v: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const v of values) {
    const group = groups.get(key(v));
    if (group) group.push(v);
    else groups.set(key(v), [v]);
  }
  return groups;
}

/**
 * Runs `work` over `inputs`, `limit` at a time. After an error nothing new starts; the calls in
 * flight are waited for (none is left running past the batch), then the first error is thrown.
 */
async function inParallel<T>(
  inputs: readonly T[],
  limit: number,
  work: (input: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (next < inputs.length && errors.length === 0) {
      const input = inputs[next++] as T;
      try {
        await work(input);
      } catch (err) {
        errors.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  if (errors.length > 0) throw errors[0];
}

/**
 * Asks the ad-hoc checks a batch will need before its transaction, so no client lock and no open
 * transaction waits on a third party (issue 16). The batch is read and evaluated as the real
 * pass will (in a transaction rolled back at once, which also undoes the inbox insert; the
 * HTTP calls happen after it, holding no connection), and the answers are kept: the real pass,
 * under the locks, replays them and asks only what it did not foresee (the state moved in
 * between). A batch whose goals no campaign with an ad-hoc goal uses costs one cached read.
 *
 * Within a batch an every-check goal is asked once per client: the evaluations of one batch
 * happen at one instant, so a second answer could not differ for any reason the rules name.
 * Clients are asked concurrently (PREFETCH_CONCURRENCY), each client's checks in order.
 */
export async function prefetchAdhoc(
  deps: EngineDeps,
  messages: readonly GoalAchievedMessage[],
): Promise<CampaignGoalsClient> {
  const configCache = deps.config ?? createCampaignConfigCache();
  const answers = rememberAdhoc(deps.goals);
  // One small query (the configuration's version) for a batch no ad-hoc campaign can reach.
  const config = await configCache.load(deps.pool);
  const needsAdhoc = messages.some((m) =>
    config.campaignsUsingGoal(m['goal-id']).some((c) => c.adhocGoals.size > 0),
  );
  if (!needsAdhoc) return answers.client;
  let batch: LoadedBatch | undefined;
  try {
    await withTransaction(deps.pool, async (db) => {
      batch = await loadBatch(db, config, messages, { now: deps.now, zone: deps.zone });
      throw new DryRun();
    });
  } catch (err) {
    if (!(err instanceof DryRun)) throw err;
  }
  if (!batch) return answers.client;
  const loaded = batch;
  // One chain per client, several clients at once: a slow check costs its own wait, not the sum
  // of every client's. A client's evaluations stay in order; what clients share in BatchMemory
  // (the global budget) decides grants, never which checks are asked, and this pass books nothing.
  const chains = [...groupBy(loaded.items, (i) => i.message['client-id']).values()];
  await inParallel(chains, PREFETCH_CONCURRENCY, (items) =>
    evaluateBatch({ ...loaded, items }, config, { goals: answers.client, zone: deps.zone }),
  );
  deps.logger.debug(
    { messages: messages.length, checks: answers.size() },
    'ad-hoc checks asked before the transaction',
  );
  return answers.client;
}
