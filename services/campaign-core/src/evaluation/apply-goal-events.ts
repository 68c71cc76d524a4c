import { withTransaction, type Pool } from '@tributary/postgres';
import type { GoalAchievedMessage } from '@tributary/schemas';
import type { CampaignConfigCache } from '../adapters/campaign-config-cache';
import { createCampaignRepository } from '../adapters/campaign-repository';
import { goalInbox, periodOfMessage } from '../adapters/goal-inbox';
import { prefetchAdhoc } from './adhoc-prefetch';
import { applyGoalBatch, ReservationRaceLost } from './apply-goal-batch';
import { bookEvaluation, type EvaluationDeps, type Settled } from './book-evaluation';
import { lockClients } from './client-lock';
import type { GrantDecision } from '../domain/earning-grant';
import type { EvaluationTarget } from './evaluation-state';

export interface EngineDeps extends EvaluationDeps {
  pool: Pool;
  zone: string;
  now: () => Date;
  /**
   * R4 in replay mode: re-reads the shared replay instant. Every evaluation calls it first, so
   * `now()` is never older than the last clock move (the clock's background refresh alone lags
   * by up to its interval). Absent for the system clock.
   */
  refreshClock?: () => Promise<void>;
  /** Campaign definitions kept between batches; without it every batch reads them afresh. */
  config?: CampaignConfigCache;
}

/** Each goal message's trace (its record's span), by realization-id. */
export type GoalTraces = ReadonlyMap<string, NonNullable<EvaluationTarget['trace']>>;

export interface AppliedEvaluation {
  realizationId: string;
  clientId: string;
  campaignId: number;
  outcome: Settled['kind'];
  /** The earning booked (elapsed only), for the payout metrics. */
  grant?: GrantDecision;
}

/**
 * One transaction per batch of goals.achieved messages: inbox dedupe on realization-id, then
 * every campaign the goal triggers in ascending id (R16), booked with its reservations and
 * outbox row. The consumer commits the Kafka offsets only after this resolved (COMMIT done).
 *
 * The set-based path (applyGoalBatch) runs first. If one of its combined reservations no longer
 * fits (only the global budget is shared across clients, so only a budget race can do that),
 * its transaction is rolled back whole and the batch is applied again one evaluation at a time,
 * where a lost race re-evaluates just that grant with fresh usage.
 */
export async function applyGoalEvents(
  deps: EngineDeps,
  messages: readonly GoalAchievedMessage[],
  traces?: GoalTraces,
): Promise<AppliedEvaluation[]> {
  await deps.refreshClock?.();
  // Ad-hoc checks are asked first, outside the transaction and the clients' locks; the passes
  // below replay the answers (and a rolled-back retry does not ask the third party again).
  const answered = { ...deps, goals: await prefetchAdhoc(deps, messages) };
  try {
    return await applyGoalBatch(answered, messages, traces);
  } catch (err) {
    if (!(err instanceof ReservationRaceLost)) throw err;
    deps.logger.debug({ messages: messages.length }, 'batched reservation lost a race, one by one');
    return applyGoalEventsOneByOne(answered, messages, traces);
  }
}

/** The per-evaluation path: fresh reads and a savepoint per grant (also the race fallback). */
export async function applyGoalEventsOneByOne(
  deps: EngineDeps,
  messages: readonly GoalAchievedMessage[],
  traces?: GoalTraces,
): Promise<AppliedEvaluation[]> {
  return withTransaction(deps.pool, async (db) => {
    await lockClients(
      db,
      messages.map((m) => m['client-id']),
    );
    const repository = createCampaignRepository(db);
    const campaigns = await repository.listCampaigns();
    const umbrellas = await repository.listLimits();
    const applied: AppliedEvaluation[] = [];
    for (const message of messages) {
      const realizationId = message['realization-id'];
      if (!(await goalInbox.record(db, message))) {
        deps.logger.debug(
          { ...traces?.get(realizationId)?.bindings, realization_id: realizationId },
          'duplicate goal realization ignored',
        );
        continue;
      }
      const goalId = message['goal-id'];
      const clientId = message['client-id'];
      const period = periodOfMessage(message);
      const at = deps.now();
      const triggered = campaigns.filter((c) =>
        c.definition.goals.some((g) => g.rule.includes(goalId)),
      );
      for (const campaign of triggered) {
        const evaluation = await bookEvaluation(db, deps, {
          clientId,
          campaign,
          period,
          at,
          umbrellas,
          zone: deps.zone,
          trace: traces?.get(realizationId),
        });
        const campaignId = campaign.definition['campaign-id'];
        applied.push({
          realizationId,
          clientId,
          campaignId,
          outcome: evaluation.kind,
          ...(evaluation.kind === 'elapsed' ? { grant: evaluation.grant } : {}),
        });
      }
    }
    return applied;
  });
}
