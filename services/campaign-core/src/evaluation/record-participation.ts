import { withTransaction } from '@tributary/postgres';
import {
  createCampaignRepository,
  goalIdsOf,
  type StoredCampaign,
} from '../adapters/campaign-repository';
import { goalInbox } from '../adapters/goal-inbox';
import { participationStore } from '../adapters/participation-store';
import { periodsToEvaluateOnJoin } from '../domain/start-aggregation';
import type { EngineDeps } from './apply-goal-events';
import { bookEvaluation, type Settled } from './book-evaluation';
import { lockClients } from './client-lock';

export interface ParticipationChange {
  clientId: string;
  campaign: StoredCampaign;
  status: 'joined' | 'exited';
  joinInfo: Record<string, unknown> | undefined;
  recordedBy: string;
}

/**
 * R21: records the join or exit and, for a join under beginning-of-period, evaluates the current
 * period (and, with frequency-with-span, the one whose span it falls in) with the goals already
 * realized, all in one transaction.
 */
export async function recordParticipation(
  deps: EngineDeps,
  change: ParticipationChange,
): Promise<{ at: Date; evaluations: Settled[] }> {
  await deps.refreshClock?.();
  const at = deps.now();
  const definition = change.campaign.definition;
  const evaluations = await withTransaction(deps.pool, async (db) => {
    await lockClients(db, [change.clientId]);
    await participationStore.insert(db, {
      clientId: change.clientId,
      campaignId: definition['campaign-id'],
      status: change.status,
      at,
      joinInfo: change.joinInfo,
      recordedBy: change.recordedBy,
    });
    if (change.status !== 'joined') return [];
    const known = await goalInbox.periods(db, change.clientId, goalIdsOf(definition));
    const periods = periodsToEvaluateOnJoin(definition.rules, at, known);
    const umbrellas = await createCampaignRepository(db).listLimits();
    const results: Settled[] = [];
    for (const period of periods) {
      const target = { clientId: change.clientId, campaign: change.campaign, period, at };
      results.push(await bookEvaluation(db, deps, { ...target, umbrellas, zone: deps.zone }));
    }
    return results;
  });
  return { at, evaluations };
}
