import { withTransaction } from '@tributary/postgres';
import type { GoalAchievedMessage } from '@tributary/schemas';
import { createCampaignConfigCache } from '../adapters/campaign-config-cache';
import {
  goalBatchWrites,
  type FirstCheckWrite,
  type RealizationWrite,
} from '../adapters/goal-batch-writes';
import type { ActionRequest } from '../domain/action-request';
import type { Reservation } from '../domain/limit-usage';
import { planReservations } from '../domain/reservation-plan';
import type { AppliedEvaluation, EngineDeps, GoalTraces } from './apply-goal-events';
import { settleEvaluation, type Settled } from './book-evaluation';
import { lockClients } from './client-lock';
import { evaluationInput, type EvaluationTarget } from './evaluation-state';
import type { CampaignConfig } from '../adapters/campaign-config-cache';
import type { BatchMemory, LoadedBatch } from './goal-batch-state';
import { clientCampaignKey, loadBatch, realizationKey } from './goal-batch-state';

/** The global budget moved under the batch: nothing of it may be kept (see applyGoalEvents). */
export class ReservationRaceLost extends Error {
  constructor() {
    super('a batched limit reservation lost a race');
    this.name = 'ReservationRaceLost';
  }
}

const ALREADY_ELAPSED: Settled = { kind: 'skipped', reason: 'already-elapsed' };

/** Everything the batch books, written with one statement per table after the evaluations. */
class PendingWrites {
  readonly reservations: Reservation[] = [];
  readonly firstChecks: FirstCheckWrite[] = [];
  /** One write per realization row: a later state of the same row replaces the earlier one. */
  readonly realizations = new Map<string, RealizationWrite>();
  readonly actions: {
    row: string;
    clientId: string;
    campaignId: number;
    request: ActionRequest;
    traceparent?: string;
  }[] = [];
  readonly elapsed: {
    row: string;
    clientId: string;
    campaignId: number;
    amount: string;
    granted: boolean;
    trace?: EvaluationTarget['trace'];
  }[] = [];

  /** Mirrors bookEvaluation: the same rows, folded per table, and the memory kept current. */
  book(memory: BatchMemory, target: EvaluationTarget, evaluation: Settled): void {
    if (evaluation.kind === 'skipped') return;
    const { clientId, period, at } = target;
    const campaignId = target.campaign.definition['campaign-id'];
    const row = realizationKey(clientId, campaignId, period.beginAt);
    if (evaluation.cacheTrue.length > 0) {
      const pair = clientCampaignKey(clientId, campaignId);
      const cached = memory.cachedTrue.get(pair) ?? new Set<number>();
      memory.cachedTrue.set(pair, cached);
      for (const goalId of evaluation.cacheTrue) {
        cached.add(goalId);
        this.firstChecks.push({ clientId, campaignId, goalId, at });
      }
    }
    if (evaluation.kind === 'no-change') return;
    const { completedGoals } = evaluation;
    const base = { clientId, campaignId, period, completedGoals };
    if (evaluation.kind === 'partially-elapsed') {
      this.realizations.set(row, {
        ...base,
        status: 'partially-elapsed',
        earning: undefined,
        elapsedAt: undefined,
      });
      memory.existing.set(row, { status: 'partially-elapsed', completedGoals });
      return;
    }
    const { grant, action } = evaluation;
    this.reservations.push(...grant.reservations);
    memory.applyReservations(grant.reservations);
    this.realizations.set(row, {
      ...base,
      status: 'elapsed',
      earning: grant.earning,
      elapsedAt: at,
    });
    memory.existing.set(row, { status: 'elapsed', completedGoals });
    if (action) {
      const traceparent = target.trace?.traceparent;
      this.actions.push({ row, clientId, campaignId, request: action, traceparent });
    }
    this.elapsed.push({
      row,
      clientId,
      campaignId,
      amount: grant.earning.amount.toFixed(),
      granted: grant.granted,
      trace: target.trace,
    });
  }
}

/**
 * The set-based path for one partition batch, in one transaction: client locks, the cached
 * configuration, a fixed number of reads for all clients (goal-batch-state), the evaluations in
 * memory in the one-by-one order (messages in offset order, campaigns in ascending id, R16), then
 * one multi-row statement per table. Throws ReservationRaceLost when a reservation no longer
 * fits; the transaction then rolls back and the caller replays the batch one by one.
 */
export async function applyGoalBatch(
  deps: EngineDeps,
  messages: readonly GoalAchievedMessage[],
  traces?: GoalTraces,
): Promise<AppliedEvaluation[]> {
  const configCache = deps.config ?? createCampaignConfigCache();
  return withTransaction(deps.pool, async (db) => {
    await lockClients(
      db,
      messages.map((m) => m['client-id']),
    );
    const config = await configCache.load(db);
    const batch = await loadBatch(db, config, messages, { now: deps.now, zone: deps.zone });
    for (const id of batch.duplicates) {
      deps.logger.debug(
        { ...traces?.get(id)?.bindings, realization_id: id },
        'duplicate goal realization ignored',
      );
    }
    const { pending, applied } = await evaluateBatch(batch, config, deps, traces);
    await writePending(db, deps, pending, batch.storedUsageKeys);
    return applied;
  });
}

/**
 * The batch's evaluations in memory, in the one-by-one order (messages in offset order,
 * campaigns in ascending id, R16); no database access. Ad-hoc checks go through `deps.goals`.
 */
export async function evaluateBatch(
  batch: LoadedBatch,
  config: CampaignConfig,
  deps: Pick<EngineDeps, 'goals' | 'zone'>,
  traces?: GoalTraces,
): Promise<{ pending: PendingWrites; applied: AppliedEvaluation[] }> {
  const pending = new PendingWrites();
  const applied: AppliedEvaluation[] = [];
  for (const item of batch.items) {
    batch.memory.addRealized(item);
    const clientId = item.message['client-id'];
    for (const campaign of item.campaigns) {
      const target: EvaluationTarget = {
        clientId,
        campaign,
        period: item.period,
        at: item.at,
        umbrellas: config.umbrellas,
        zone: deps.zone,
        trace: traces?.get(item.message['realization-id']),
      };
      // An elapsed row is final (R17): evaluateCampaign's first check, without building input.
      const row = realizationKey(clientId, campaign.definition['campaign-id'], item.period.beginAt);
      const { evaluation } =
        batch.memory.existing.get(row)?.status === 'elapsed'
          ? { evaluation: ALREADY_ELAPSED }
          : await settleEvaluation(
              evaluationInput(target, batch.memory.stateFor(target)),
              deps.goals,
            );
      pending.book(batch.memory, target, evaluation);
      const campaignId = campaign.definition['campaign-id'];
      const realizationId = item.message['realization-id'];
      applied.push({
        realizationId,
        clientId,
        campaignId,
        outcome: evaluation.kind,
        ...(evaluation.kind === 'elapsed' ? { grant: evaluation.grant } : {}),
      });
    }
  }
  return { pending, applied };
}

async function writePending(
  db: Parameters<typeof goalBatchWrites.reserve>[0],
  deps: EngineDeps,
  pending: PendingWrites,
  storedUsageKeys: ReadonlySet<string>,
): Promise<void> {
  const plans = planReservations(pending.reservations);
  const missing = plans.map((p) => p.key).filter((k) => !storedUsageKeys.has(k));
  if (!(await goalBatchWrites.reserve(db, plans, missing))) throw new ReservationRaceLost();
  await goalBatchWrites.cacheFirstCheck(db, pending.firstChecks);
  const rows = [...pending.realizations.keys()];
  const ids = await goalBatchWrites.upsertRealizations(db, [...pending.realizations.values()]);
  const index = new Map(rows.map((row, i) => [row, ids.get(i)]));
  await goalBatchWrites.enqueueActions(
    db,
    pending.actions.flatMap(({ row, ...action }) => {
      const realizationId = index.get(row);
      // As in bookEvaluation: no row written (already elapsed) means no action.
      return realizationId === undefined ? [] : [{ realizationId, ...action }];
    }),
  );
  for (const { row, clientId, campaignId, amount, granted, trace } of pending.elapsed) {
    deps.logger.info(
      {
        ...trace?.bindings,
        client_id: clientId,
        campaign_id: campaignId,
        realization_id: index.get(row),
        amount,
        granted,
      },
      'campaign realization elapsed',
    );
  }
}
